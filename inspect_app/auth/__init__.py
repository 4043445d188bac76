"""Logging in and out, changing passwords; who the current user is; role checks."""

from flask import Blueprint, Flask

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")

from inspect_app.auth import views  # noqa: E402 - registers the routes on bp


def init_app(app: Flask) -> None:
    """Load the logged-in user before every request (a reset password first)."""
    app.before_request(views.load_logged_in_user)
    app.before_request(views.require_password_change)
