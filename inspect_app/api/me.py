"""GET /api/me: who is logged in."""

from flask import g

from inspect_app.api import bp
from inspect_app.db import get_session
from inspect_app.models import Unit


@bp.get("/me")
def me():
    """The user's name, role and unit."""
    user = g.user
    unit = get_session().get(Unit, user.unit_id) if user.unit_id else None
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "unit": unit.name if unit else None,
    }
