"""The Flask application factory and its extensions (imported on first use of `inspect_app.create_app`)."""

import os

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from inspect_app import config, db, security, static_files

csrf = CSRFProtect()


def create_app(test_config: dict | None = None, *, instance_path: str | None = None) -> Flask:
    """Create and configure the app; instance_path defaults to $INSPECT_INSTANCE_PATH."""
    instance_path = instance_path or os.environ.get("INSPECT_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
    )

    # Defaults; DATABASE_URL and SECRET_KEY are completed below when nothing sets them.
    app.config.from_mapping(
        DATABASE_URL=None,
        SECRET_KEY=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=32 * 1024 * 1024,
        # A CSRF token lives as long as the login session: a form left open for hours must
        # still save what was typed.
        WTF_CSRF_TIME_LIMIT=None,
        # Session cookie, session lifetimes, login limits, proxies: see inspect_app/security.py.
        **security.DEFAULTS,
    )
    if test_config is None:
        # The instance config file, then INSPECT_* environment variables over it.
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("INSPECT")
        if "DATABASE_URL" in os.environ:
            app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        app.config.from_mapping(test_config)

    # The instance folder holds the SQLite database and the secret key.
    os.makedirs(app.instance_path, exist_ok=True)
    config.complete(app)

    # One init per extension; security first: its converter must exist before any route.
    security.init_app(app)
    db.init_app(app)
    csrf.init_app(app)

    # Every error in Chinese; templates get the labels and ask the access policy what to show.
    from inspect_app import admin, api, auth, errors, inspect, labels, main, policy, rankings, rectification

    auth.init_app(app)
    errors.init_app(app)
    static_files.init_app(app)
    app.context_processor(labels.as_context)
    app.jinja_env.globals["policy"] = policy

    # One blueprint per job.
    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(rankings.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(inspect.bp)
    app.register_blueprint(rectification.bp)
    return app
