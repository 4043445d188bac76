"""Ledger pages: each unit's list, a row with its history and actions, the office's overview."""

from flask import g

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.models import RectificationEvidence
from inspect_app.rectification import bp
from inspect_app.rectification.services import visible_row
from inspect_app.uploads import send_upload


@bp.route("/rectifications/<int:row_id>/evidence/<int:evidence_id>")
@login_required
def evidence_file(row_id: int, evidence_id: int):
    """One evidence file, to those who may see the row."""
    session = get_session()
    visible_row(session, g.user, row_id)
    evidence = session.get(RectificationEvidence, evidence_id)
    policy.see(evidence is not None and evidence.rectification_id == row_id, f"evidence {evidence_id}")
    return send_upload(evidence.file_path, evidence.content_type)
