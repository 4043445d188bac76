"""Leaders' read-only rankings of a campaign: stored engine results, charts, drill-down and exports."""

from flask import Blueprint

bp = Blueprint(
    "rankings", __name__, template_folder="templates", static_folder="static", static_url_path="/static/rankings"
)

from inspect_app.rankings import views, yearly_views  # noqa: E402, F401 - registers the routes on bp
