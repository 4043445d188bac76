"""Errors reach the user as Chinese pages, never as tracebacks."""

import pytest
from flask import abort


@pytest.fixture
def failing_app(app):
    """The app with routes that fail on purpose, errors handled as in production."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/_test/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.route("/_test/forbidden")
    def forbidden():
        abort(403)

    return app


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/_test/boom",      500, "系统出错"),
    ("/_test/forbidden", 403, "没有权限"),
    ("/no/such/page",    404, "页面不存在"),
])
def test_an_error_is_a_chinese_page(failing_app, url, status, words):
    response = failing_app.test_client().get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert words in page
    assert "Traceback" not in page
    assert "secret internals" not in page


def test_a_wrong_method_is_told_in_chinese(client):
    response = client.put("/auth/login")
    assert response.status_code == 405
    assert "操作不允许" in response.get_data(as_text=True)
