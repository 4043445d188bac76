"""Static files' URLs carry a digest of their content: a new version is a new URL, so after a
deploy neither the browser nor the offline service worker pairs a new page with an old script."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask


def init_app(app: Flask) -> None:
    """Every `url_for` of the app's or a blueprint's static files gets `v=<digest>`."""

    @app.url_defaults
    def versioned(endpoint: str | None, values: dict) -> None:
        if endpoint != "static" and not (endpoint or "").endswith(".static"):
            return
        owner = app if endpoint == "static" else app.blueprints[endpoint.rsplit(".", 1)[0]]
        version = digest(str(owner.static_folder), values.get("filename", ""))
        if version:
            values.setdefault("v", version)


@cache
def digest(folder: str, filename: str) -> str:
    """The first 12 hex digits of the file's SHA-256; "" when there is no such file."""
    try:
        return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]
    except OSError:
        return ""
