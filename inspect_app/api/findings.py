"""Standalone findings through the JSON API (DESIGN.md, "The JSON API"): the phone's offline queue files them."""

from flask import g, request

from inspect_app import policy
from inspect_app.api import bp
from inspect_app.db import get_session
from inspect_app.rectification.errors import InvalidFinding
from inspect_app.rectification.filing import file_standalone
from inspect_app.rectification.forms import StandaloneForm

NO_SUBMISSION = {"item": "submission", "value": None, "message": "缺少提交编号（submission，UUID）。"}


@bp.post("/findings")
def file_finding():
    """File one finding (multipart: fields, `submission`, `photos`); 201 new, 200 the same submission again."""
    policy.act(policy.may_file_finding(g.user), "file a standalone finding")
    form = StandaloneForm().offer(get_session())
    refused = [] if form.validate() else form.refusals()
    if not request.form.get("submission"):
        refused = [NO_SUBMISSION, *(r for r in refused if r["item"] != "submission")]
    if refused:
        raise InvalidFinding(refused)
    filed = file_standalone(session=get_session(), user=g.user, **form.finding())
    body = {"id": filed.row.id, "version": filed.row.version, "status": filed.row.status.value,
            "duplicate": filed.duplicate}
    return body, 200 if filed.duplicate else 201
