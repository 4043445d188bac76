"""The JSON API (DESIGN.md, "The JSON API"): the phone form syncs through it, other tools read it.

One blueprint; each job adds its calls in its own module here and imports it below. The same
login (the browser session) and the same policy as the pages; errors are JSON from
inspect_app/errors.py.
"""

from flask import Blueprint, g

from inspect_app.policy import LoginRequired

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _logged_in() -> None:
    """Every call needs a logged-in user (401 JSON otherwise)."""
    if g.get("user") is None:
        raise LoginRequired("api")


from inspect_app.api import findings, me, rankings, rectifications, sheets  # noqa: E402, F401 - registers the calls on bp
