"""The office's administration (扶贫办): users, units, areas, checklists, campaigns, teams, audit log.

Admins and leaders pass the coarse check; every write (POST) also needs `policy.may_manage`.
"""

from flask import Blueprint, g, request

from inspect_app import policy
from inspect_app.models import Role

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
policy.blueprint_roles(bp, Role.ADMIN, Role.LEADER)


@bp.before_request
def _writes_need_manage() -> None:
    """Leaders read; only those who manage may post anything here."""
    if request.method == "POST":
        policy.act(policy.may_manage(g.user), "admin writes need may_manage")


from inspect_app.admin import areas, audit, campaigns, checklists, users  # noqa: E402, F401 - registers routes
