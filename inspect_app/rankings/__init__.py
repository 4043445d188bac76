"""Leaders' read-only rankings of a campaign, straight from the scoring engine."""

from flask import Blueprint

bp = Blueprint("rankings", __name__, template_folder="templates")

from inspect_app.rankings import views  # noqa: E402, F401 - registers the routes on bp
