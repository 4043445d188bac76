"""Error pages in Chinese."""

from flask import Flask, render_template


def not_found(_error: Exception):
    """The 404 page."""
    return render_template("errors/404.html"), 404


def init_app(app: Flask) -> None:
    """Answer unknown pages with the Chinese 404 page."""
    app.register_error_handler(404, not_found)
