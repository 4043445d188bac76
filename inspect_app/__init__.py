"""考核督查评分平台: the Flask app is made by `create_app` (inspect_app/factory.py).

The factory and its extensions are imported on first use, so importing a part of the package
(the command line's `score`, the exports) does not load Flask, SQLAlchemy and Alembic.
"""

FACTORY = ("create_app", "csrf")


def __getattr__(name: str) -> object:
    """`create_app` and `csrf` from inspect_app/factory.py, imported when first asked for."""
    if name in FACTORY:
        from inspect_app import factory

        return getattr(factory, name)
    raise AttributeError(f"module 'inspect_app' has no attribute {name!r}")
