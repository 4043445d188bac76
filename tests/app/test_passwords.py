"""Passwords: one set of rules, argon2id at OWASP's parameters, old hashes upgraded at login."""

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select
from werkzeug.security import generate_password_hash

from inspect_app.auth import passwords
from inspect_app.auth.services import PasswordRefused, check_new_password, reset_password
from inspect_app.cli import main
from inspect_app.models import Role, User
from tests.conftest import PASSWORD


@pytest.mark.parametrize(("password", "message"), [
    ("      ",            "密码至少需要 8 个字符"),
    ("abc12",             "密码至少需要 8 个字符"),
    ("x" * 129,           "密码最多 128 个字符"),
    ("        ",          "至少要含 4 个不同的字符"),
    ("abababab",          "至少要含 4 个不同的字符"),
    ("zhangsan88",        None),
    ("ZhangSan88",        None),
    ("password123",       "太常见"),
    ("PassWord123",       "太常见"),
    ("woaini1314",        "太常见"),
    ("qwertyuiop",        "太常见"),
    ("correct horse",     None),
    ("扶贫攻坚考核督查" * 16, None),
])  # fmt: skip
def test_password_rules(password, message):
    if message is None:
        check_new_password(password, "zhangsan")
        return
    with pytest.raises(PasswordRefused, match=message):
        check_new_password(password, "zhangsan")


@pytest.mark.parametrize("password", ["zhangsan88", "ZHANGSAN88", " zhangsan88 "])
def test_a_password_equal_to_the_username_is_refused(password):
    with pytest.raises(PasswordRefused, match="不能与用户名相同"):
        check_new_password(password, "zhangsan88")


def test_create_user_refuses_a_weak_password_in_chinese(runner, engine):
    for password, words in [
        ("      ",     "密码至少需要 8 个字符"),
        ("chief-one",  "不能与用户名相同"),
        ("iloveyou1",  "太常见"),
        ("y" * 200,    "密码最多 128 个字符"),
    ]:  # fmt: skip
        result = runner.invoke(main, ["create-user", "chief-one", "--password", password])
        assert result.exit_code == 2, password
        assert words in result.output
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []


def test_the_stored_hash_is_argon2id_at_owasp_parameters(auth):
    stored = auth.user().password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PasswordHasher().verify(stored, PASSWORD)


def store_hash(engine, user_id: int, stored: str) -> None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        user.password_hash = stored
        session.add(user)
        session.commit()


def stored_hash(engine, user_id: int) -> str:
    with Session(engine) as session:
        return session.get(User, user_id).password_hash


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:600000"])
def test_an_old_werkzeug_hash_still_logs_in_and_is_rehashed(client, auth, engine, method):
    user = auth.user()
    store_hash(engine, user.id, generate_password_hash(PASSWORD, method=method))
    assert client.post("/auth/login", data={"username": "admin", "password": "wrong password"}).status_code == 200
    assert stored_hash(engine, user.id).startswith(method.split(":")[0] + ":")  # a wrong password changes nothing
    assert auth.login().headers["Location"] == "/"
    assert stored_hash(engine, user.id).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    auth.logout()
    assert auth.login().headers["Location"] == "/"


def test_a_weaker_argon2_hash_is_rehashed_at_login(auth, engine):
    user = auth.user()
    store_hash(engine, user.id, PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD))
    assert auth.login().status_code == 302
    assert stored_hash(engine, user.id).startswith("$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.fixture
def kdf_calls(monkeypatch):
    """The argon2 verifications made, by hash."""
    calls: list[str] = []
    real_verify = PasswordHasher.verify

    def counting_verify(self, stored, password):
        calls.append(stored)
        return real_verify(self, stored, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    return calls


@pytest.mark.parametrize(("username", "expected_hash"), [
    ("admin",    "the user's"),
    ("nobody",   "the dummy"),
    ("disabled", "the user's"),
])  # fmt: skip
def test_every_login_costs_one_kdf_verification(client, auth, engine, kdf_calls, username, expected_hash):
    admin = auth.user()
    if username == "disabled":
        auth.user("disabled")
        with Session(engine) as session:
            user = session.exec(select(User).where(User.username == "disabled")).one()
            user.active = False
            session.add(user)
            session.commit()
    known = stored_hash(engine, admin.id) if username == "admin" else None
    response = client.post("/auth/login", data={"username": username, "password": "not the password"})
    assert "用户名或密码错误" in response.text
    assert len(kdf_calls) == 1
    if expected_hash == "the dummy":
        assert kdf_calls[0] == passwords.DUMMY_HASH
    elif username == "admin":
        assert kdf_calls[0] == known
    else:
        assert kdf_calls[0] != passwords.DUMMY_HASH
    assert kdf_calls[0].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_dummy_hash_costs_what_a_new_hash_costs():
    assert not passwords.HASHER.check_needs_rehash(passwords.DUMMY_HASH)
    assert passwords.DUMMY_HASH.split("$")[:4] == passwords.hash_password("x").split("$")[:4]


def test_reset_password_forces_a_change_at_next_login(client, auth, engine):
    admin, inspector = auth.user(), auth.user("zhangsan", role=Role.INSPECTOR)
    with Session(engine) as session:
        reset_password(session=session, user=session.get(User, inspector.id), new_password="temp-pass-42", by=admin)
    response = client.post("/auth/login", data={"username": "zhangsan", "password": "temp-pass-42"})
    assert response.headers["Location"] == "/auth/password"
    assert client.get("/").headers["Location"] == "/auth/password"
    assert client.get("/campaigns/1").headers["Location"] == "/auth/password"
    page = client.get("/auth/password").text
    assert "管理员重置了您的密码" in page
    response = client.post(
        "/auth/password",
        data={"old_password": "temp-pass-42", "new_password": "my own secret", "confirm": "my own secret"},
    )
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    with Session(engine) as session:
        assert session.get(User, inspector.id).must_change_password is False


def test_reset_password_checks_the_rules(auth, engine):
    user = auth.user()
    with Session(engine) as session, pytest.raises(PasswordRefused, match="太常见"):
        reset_password(session=session, user=session.get(User, user.id), new_password="password123", by=None)
    assert stored_hash(engine, user.id).startswith("$argon2id$")
    assert auth.login().status_code == 302
