"""Logging in and out, and who may see what."""

import pytest
from flask import g, session

from inspect_app.auth.access import roles_required
from inspect_app.models import Role


def test_login_page_is_chinese(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert "登录" in response.text
    assert "用户名" in response.text


def test_login_and_logout(client, auth):
    response = auth.login()
    assert response.headers["Location"] == "/"
    with client:
        client.get("/")
        assert session["sid"]
        assert g.user.username == "admin"
    auth.logout()
    with client:
        client.get("/auth/login")
        assert "sid" not in session


def test_password_is_stored_as_argon2id_at_owasp_parameters(auth):
    user = auth.user()
    assert "correct horse" not in user.password_hash
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("admin",  "wrong password"),
        ("nobody", "correct horse"),
    ],
)  # fmt: skip
def test_wrong_login_is_refused(client, auth, username, password):
    auth.user()
    response = client.post("/auth/login", data={"username": username, "password": password})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.text


def test_login_goes_back_to_the_page_asked_for(client, auth):
    response = client.get("/campaigns/1")
    assert response.headers["Location"].startswith("/auth/login?next=")
    auth.user()
    response = client.post(
        "/auth/login?next=/campaigns/1",
        data={"username": "admin", "password": "correct horse"},
    )
    assert response.headers["Location"] == "/campaigns/1"


def test_login_never_redirects_off_site(client, auth):
    auth.user()
    response = client.post("/auth/login?next=//evil.example/", data={"username": "admin", "password": "correct horse"})
    assert response.headers["Location"] == "/"


def test_roles_required(app, client, auth):
    @roles_required(Role.ADMIN, Role.LEADER)
    def secret():
        return "ok"

    app.add_url_rule("/secret", view_func=secret)
    assert client.get("/secret").status_code == 302
    auth.login("inspector", Role.INSPECTOR)
    assert client.get("/secret").status_code == 403
    auth.login("leader", Role.LEADER)
    assert client.get("/secret").text == "ok"


def test_unit_user_needs_a_unit(make_user):
    with pytest.raises(ValueError, match="unit"):
        make_user("lonely", role=Role.UNIT_USER)
