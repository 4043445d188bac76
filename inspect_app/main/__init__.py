"""The home page: campaigns and their subjects, read-only."""

from flask import Blueprint

bp = Blueprint("main", __name__, template_folder="templates")

from inspect_app.main import views  # noqa: E402, F401 - registers the routes on bp
