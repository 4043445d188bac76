"""Inspectors score on site: their work, the scoring form, review and self-assessment."""

from flask import Blueprint

bp = Blueprint("inspect", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/inspect-job")

from inspect_app.inspect import views  # noqa: E402, F401 - registers the routes on bp
