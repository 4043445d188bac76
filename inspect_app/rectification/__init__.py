"""The rectification ledger (整改台账): every finding followed by its unit to a verified closure."""

from flask import Blueprint

bp = Blueprint(
    "rectification",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/rectification/static",
)

from inspect_app.rectification import office, views  # noqa: E402, F401 - registers the routes on bp
