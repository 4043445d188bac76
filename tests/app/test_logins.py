"""Logins: limits kept in the database, sessions that really end, every try in the audit log."""

import json
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from inspect_app import create_app
from inspect_app.auth.services import disable_user
from inspect_app.cli import main
from inspect_app.models import AuditLog, FailedLogin, LoginSession, User
from inspect_app.models.base import utcnow
from tests.conftest import PASSWORD


def try_login(client, username: str, password: str = "wrong password", address: str = "10.0.0.1"):
    return client.post(
        "/auth/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_five_failures_lock_the_account_for_everyone(client, auth):
    auth.user()
    for _ in range(5):
        assert try_login(client, "admin").status_code == 200
    refused = try_login(client, "admin", PASSWORD, address="10.9.9.9")  # the right password, elsewhere
    assert refused.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试" in refused.text
    assert 'value="admin"' in refused.text  # the form keeps the username
    assert 0 < int(refused.headers["Retry-After"]) <= 900
    assert try_login(client, "other", PASSWORD).status_code == 200  # other accounts still try


def test_twenty_failures_lock_the_address(client, auth):
    auth.user()
    for n in range(20):
        assert try_login(client, f"guess{n}").status_code == 200
    assert try_login(client, "admin", PASSWORD).status_code == 429
    assert try_login(client, "admin", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_good_login_forgets_the_accounts_failures(client, auth):
    auth.user()
    for _ in range(4):
        try_login(client, "admin")
    assert try_login(client, "admin", PASSWORD).status_code == 302
    for _ in range(4):
        assert try_login(client, "admin").status_code == 200


def test_failures_older_than_the_window_do_not_count(client, auth, engine):
    auth.user()
    with Session(engine) as session:
        long_ago = utcnow() - timedelta(minutes=16)
        session.add_all([FailedLogin(at=long_ago, username="admin", address="10.0.0.1") for _ in range(30)])
        session.commit()
    assert try_login(client, "admin", PASSWORD).status_code == 302


def test_the_limits_are_shared_by_two_server_processes(app, db_url, tmp_path, auth):
    auth.user()
    other = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False},
        instance_path=str(tmp_path / "other-instance"),
    )
    try:
        first, second = app.test_client(), other.test_client()
        for client in (first, second, first, second, first):
            assert try_login(client, "admin").status_code == 200
        assert try_login(second, "admin", PASSWORD).status_code == 429
        assert try_login(first, "admin", PASSWORD).status_code == 429
    finally:
        other.extensions["inspect_db"].dispose()


def audit_rows(engine, event: str) -> list[AuditLog]:
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.field == event).order_by(AuditLog.id)))


def test_every_login_and_failure_is_in_the_audit_log(client, auth, engine):
    admin = auth.user()
    try_login(client, "nobody", address="10.1.2.3")
    try_login(client, "admin", address="10.1.2.4")
    try_login(client, "admin", PASSWORD, address="10.1.2.5")
    failed = audit_rows(engine, "login_failed")
    assert [(row.entity_id, row.user_id, row.reason) for row in failed] == [
        (0, None, "unknown user"),
        (admin.id, None, "wrong password"),
    ]
    assert json.loads(failed[0].new_value) == {"username": "nobody", "address": "10.1.2.3"}
    assert json.loads(failed[1].new_value) == {"username": "admin", "address": "10.1.2.4"}
    [login] = audit_rows(engine, "login")
    assert (login.entity_id, login.user_id) == (admin.id, admin.id)
    assert json.loads(login.new_value) == {"username": "admin", "address": "10.1.2.5"}


def test_logout_ends_a_saved_cookie(client, app, auth):
    auth.login()
    saved = client.get_cookie("session").value
    assert client.get("/").status_code == 200
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", saved)
    assert thief.get("/").headers["Location"].startswith("/auth/login")


def log_in_elsewhere(app):
    """Another browser of the same user, logged in."""
    browser = app.test_client()
    assert browser.post("/auth/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    assert browser.get("/").status_code == 200
    return browser


def test_a_password_change_ends_the_other_sessions(client, app, auth):
    auth.login()
    other = log_in_elsewhere(app)
    response = client.post(
        "/auth/password", data={"old_password": PASSWORD, "new_password": "a new secret", "confirm": "a new secret"}
    )
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200  # this browser stays logged in
    assert other.get("/").status_code == 302
    assert try_login(app.test_client(), "admin", PASSWORD).status_code == 200
    assert try_login(app.test_client(), "admin", "a new secret").status_code == 302


REFUSED_CHANGES = [
    ({"old_password": "wrong one", "new_password": "a new secret", "confirm": "a new secret"}, "原密码不正确"),
    ({"old_password": PASSWORD, "new_password": "password123", "confirm": "password123"},      "太常见"),
    ({"old_password": PASSWORD, "new_password": "a new secret", "confirm": "another one"},     "两次输入的新密码不一致"),
    ({"old_password": PASSWORD, "new_password": PASSWORD, "confirm": PASSWORD},                 "不能与原密码相同"),
    ({"old_password": PASSWORD, "new_password": "admin", "confirm": "admin"},                   "至少需要 8 个字符"),
]  # fmt: skip


def test_a_refused_password_change_says_why_and_changes_nothing(client, app, auth):
    auth.login()
    other = log_in_elsewhere(app)
    for form, field_message in REFUSED_CHANGES:
        response = client.post("/auth/password", data=form)
        assert response.status_code == 200
        assert field_message in response.text
    assert other.get("/").status_code == 200
    assert try_login(app.test_client(), "admin", PASSWORD).status_code == 302


def test_wrong_old_passwords_count_against_the_account(client, auth):
    auth.login()
    for _ in range(5):
        client.post("/auth/password", data={"old_password": "guess", "new_password": "a new secret", "confirm": "a new secret"})
    response = client.post(
        "/auth/password", data={"old_password": PASSWORD, "new_password": "a new secret", "confirm": "a new secret"}
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text


def test_disable_user_ends_every_session_and_every_login(client, app, runner, auth, engine):
    auth.login()
    other = log_in_elsewhere(app)
    result = runner.invoke(main, ["disable-user", "admin"])
    assert result.exit_code == 0, result.output
    assert "已停用用户 admin" in result.output
    assert client.get("/").status_code == 302
    assert other.get("/").status_code == 302
    refused = try_login(app.test_client(), "admin", PASSWORD)
    assert "该账号已停用" in refused.text
    with Session(engine) as session:
        assert session.exec(select(LoginSession)).all() == []
    [change] = audit_rows(engine, "active")
    assert (change.old_value, change.new_value) == ("True", "False")


def test_disable_user_names_an_unknown_user(runner):
    result = runner.invoke(main, ["disable-user", "nobody"])
    assert result.exit_code == 1
    assert "没有用户名为 nobody 的用户" in result.output


def test_disabling_in_a_service_ends_sessions_too(client, auth, engine):
    auth.login()
    with Session(engine) as session:
        disable_user(session=session, user=session.get(User, auth.user().id), by=None)
    assert client.get("/").status_code == 302


def age_sessions(engine, *, idle: timedelta = timedelta(0), since_login: timedelta = timedelta(0)) -> None:
    with Session(engine) as session:
        for row in session.exec(select(LoginSession)):
            row.last_seen_at -= idle
            row.created_at -= since_login
            session.add(row)
        session.commit()


def test_sessions_expire_when_idle_and_after_seven_days(client, auth, engine):
    for idle, since_login, still_in in [
        (timedelta(hours=11),   timedelta(hours=11),  True),
        (timedelta(hours=12.1), timedelta(hours=13),  False),
        (timedelta(minutes=1),  timedelta(days=6.9),  True),
        (timedelta(minutes=1),  timedelta(days=7.1),  False),
    ]:  # fmt: skip
        auth.login()
        age_sessions(engine, idle=idle, since_login=since_login)
        assert (client.get("/").status_code == 200) is still_in, (idle, since_login)
        auth.logout()


def test_a_request_keeps_the_session_alive(client, auth, engine):
    auth.login()
    age_sessions(engine, idle=timedelta(hours=11), since_login=timedelta(hours=11))
    assert client.get("/").status_code == 200
    age_sessions(engine, idle=timedelta(hours=2))  # 13 h since login, 2 h since the last request
    assert client.get("/").status_code == 200


def test_the_cookie_carries_only_the_session_id(client, app, auth):
    auth.login()
    with client.session_transaction() as cookie:
        assert set(cookie) <= {"sid", "csrf_token", "_flashes"}
        assert "user_id" not in cookie



@pytest.mark.parametrize(("username", "password", "message"), [
    ("admin",   "x" * 100_000, "密码最多 128 个字符"),
    ("a" * 51,  PASSWORD,      "用户名最多 50 个字符"),
])  # fmt: skip
def test_an_overlong_login_is_told_in_chinese(client, auth, username, password, message):
    auth.user()
    response = try_login(client, username, password)
    assert response.status_code == 200
    assert message in response.text
