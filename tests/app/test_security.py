"""Web hardening: safe redirects, strict ids, security headers, CSRF, no inline script or style."""

import hashlib
import re
from pathlib import Path

import pytest
from flask import url_for
from sqlmodel import Session, select

from inspect_app import create_app, static_files
from inspect_app.models import FailedLogin, User
from inspect_app.security import CONTENT_SECURITY_POLICY, is_safe_next
from tests.conftest import PASSWORD

APP = Path(__file__).resolve().parents[2] / "inspect_app"

# `next` exactly as an attacker puts it in the query string.
OFF_SITE = [
    "/%09/evil.example",            # a tab: browsers drop it, leaving //evil.example
    "/%0A/x",                       # a newline: was a 500 (header injection refused by werkzeug)
    "/%0D%0ASet-Cookie:%20x=1",
    "//evil.example",
    "///evil.example",
    "/%5Cevil.example",             # /\evil.example: browsers read \ as /
    "%5C%5Cevil.example",
    "/%5C/evil.example",
    "https://evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",          # decodes to ///evil.example
    "%252F%252Fevil.example",       # encoded twice
    "/%252F%252Fevil.example",
    "/%EF%BC%8Fevil.example",       # a full-width solidus: NFKC makes it //evil.example
    "%EF%BC%8F%EF%BC%8Fevil.example",
    "/%EF%BC%BCevil.example",       # a full-width backslash
    "/%E2%80%AE/evil.example",      # a right-to-left override
    "%20//evil.example",
    "/%00/evil.example",
    "evil.example",
    "",
]  # fmt: skip


def test_login_never_leaves_the_site_and_never_fails(client, auth):
    auth.user()
    for target in OFF_SITE:
        response = client.post(f"/auth/login?next={target}", data={"username": "admin", "password": PASSWORD})
        assert (response.status_code, response.headers["Location"]) == (302, "/"), target


def test_login_follows_a_path_on_the_site(client, auth):
    auth.user()
    for target, location in [
        ("/campaigns/1",                               "/campaigns/1"),
        ("/campaigns/1/rankings?group=%E7%AB%A0",      "/campaigns/1/rankings?group=%E7%AB%A0"),
        ("/campaigns/1/rankings%3Fgroup%3Dx",          "/campaigns/1/rankings?group=x"),
    ]:  # fmt: skip
        response = client.post(f"/auth/login?next={target}", data={"username": "admin", "password": PASSWORD})
        assert response.headers["Location"] == location


@pytest.mark.parametrize("target", ["/\t/evil", "/\\evil", "//evil", "/\uff0f/evil", "http://x/", "/a\r\nb", None])
def test_is_safe_next_refuses_decoded_tricks(target):
    assert not is_safe_next(target)


@pytest.fixture
def campaign_one(make_campaign, auth):
    setup = make_campaign(villages=1, inspectors=1)
    assert setup.campaign.id == 1
    auth.login()
    return setup


NOT_IDS = [
    "/campaigns/9223372036854775808",    # 2**63: was a 500
    "/campaigns/2147483648",             # 2**31: over PostgreSQL's INTEGER
    "/campaigns/99999999999999999999",
    "/campaigns/%EF%BC%91",              # a full-width 1: opened campaign 1
    "/campaigns/%D9%A1",                 # an Arabic-Indic 1
    "/campaigns/-1",
    "/campaigns/+1",
    "/campaigns/01",
    "/campaigns/0",
    "/campaigns/1.0",
    "/campaigns/1%20",
    "/campaigns/%201",
    "/campaigns/1_0",
    "/campaigns/1/rankings/%EF%BC%91",
    "/campaigns/2147483647",             # in range, but no such campaign
    "/campaigns/2147483647/rankings/2147483647",
]  # fmt: skip


def test_ids_that_are_not_plain_integers_in_range_are_not_found(client, campaign_one):
    assert client.get("/campaigns/1").status_code == 200
    for path in NOT_IDS:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "页面不存在" in response.text


def sample_url(rule) -> str:
    """A URL for rule with 1 for every argument."""
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "1", rule.rule)


def test_every_page_carries_the_security_headers(app, client, campaign_one):
    responses = [client.get(sample_url(rule)) for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    responses += [client.get("/static/css/app.css"), client.get("/no/such/page"), client.post("/auth/logout")]
    responses.append(app.test_client().get("/auth/csrf"))
    assert len(responses) >= 8
    for response in responses:
        response.close()
        assert response.status_code < 500
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_policy_allows_no_inline_script_or_style():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


TEMPLATES = sorted(APP.glob("**/templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(APP)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert "<style" not in text
    assert not re.search(r"\sstyle\s*=", text)
    assert not re.search(r"\son[a-z]+\s*=", text)  # onclick= and the like
    assert not re.search(r"javascript:", text)
    # A script runs only from a file; a JSON data block (never executed) may carry data inline.
    for script in re.findall(r"<script[^>]*>", text):
        assert " src=" in script or 'type="application/json"' in script
    assert not re.search(r"<script(?![^>]*application/json)[^>]*>\s*[^<\s]", text)


def test_the_style_sheet_is_served_under_a_url_naming_its_version(client):
    page = client.get("/auth/login").text
    version = hashlib.sha256((APP / "static/css/app.css").read_bytes()).hexdigest()[:12]
    assert f'<link rel="stylesheet" href="/static/css/app.css?v={version}">' in page
    with client.get(f"/static/css/app.css?v={version}") as sheet:
        assert "max-width: 60rem" in sheet.text


def test_a_changed_static_file_gets_a_new_url(app, tmp_path):
    """After a deploy a page names its new scripts, so no cache pairs it with the old ones."""
    (tmp_path / "queue.js").write_text("// one")
    first = static_files.digest(str(tmp_path), "queue.js")
    (tmp_path / "queue.js").write_text("// two")
    static_files.digest.cache_clear()
    assert static_files.digest(str(tmp_path), "queue.js") not in ("", first)
    with app.test_request_context():
        url = url_for("inspect.static", filename="inspect/queue.js")
        script = APP / "inspect/static/inspect/queue.js"
        assert url == f"/static/inspect-job/inspect/queue.js?v={hashlib.sha256(script.read_bytes()).hexdigest()[:12]}"
        assert url_for("static", filename="no/such.css") == "/static/no/such.css"


def test_the_session_cookie_is_secure_outside_the_demo(client, auth):
    cookie = auth.login().headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.fixture
def csrf_app(db_url, tmp_path):
    """The app with CSRF protection on, as in production."""
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test"}, instance_path=str(tmp_path / "csrf"))
    yield app
    app.extensions["inspect_db"].dispose()


def page_token(client, path: str = "/auth/login") -> str:
    """The CSRF token a page carries."""
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get(path).text).group(1)


def csrf_login(client) -> None:
    token = page_token(client)
    response = client.post("/auth/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_a_post_without_a_token_is_refused_and_does_nothing(csrf_app, auth, engine):
    auth.user()
    client = csrf_app.test_client()
    response = client.post("/auth/login", data={"username": "admin", "password": "wrong password"})
    assert response.status_code == 400
    assert "请求无法处理" in response.text
    assert "页面已过期" in response.text
    with Session(engine) as session:
        assert session.exec(select(FailedLogin)).all() == []
    csrf_login(client)
    for path, form in [
        ("/auth/logout", {}),
        ("/auth/password", {"old_password": PASSWORD, "new_password": "a new secret", "confirm": "a new secret"}),
    ]:
        assert client.post(path, data=form).status_code == 400
        assert client.post(path, data={**form, "csrf_token": "forged"}).status_code == 400
    assert client.get("/").status_code == 200  # still logged in, password unchanged
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "admin")).one()
        assert user.password_hash == auth.user().password_hash


def test_a_stale_page_gets_a_fresh_token(csrf_app, auth):
    auth.user()
    client = csrf_app.test_client()
    csrf_login(client)
    stale = page_token(client, "/")
    client.post("/auth/logout", data={"csrf_token": stale})
    csrf_login(client)  # logged in again: the old page's token no longer matches
    form = {"old_password": PASSWORD, "new_password": "a new secret", "confirm": "a new secret"}
    assert client.post("/auth/password", data={**form, "csrf_token": stale}).status_code == 400
    fresh = client.get("/auth/csrf")
    assert fresh.headers["Cache-Control"] == "no-store"
    response = client.post("/auth/password", data={**form, "csrf_token": fresh.json["csrf_token"]})
    assert response.headers["Location"] == "/"


def test_the_token_also_comes_in_a_header(csrf_app, auth):
    auth.user()
    client = csrf_app.test_client()
    csrf_login(client)
    token = client.get("/auth/csrf").json["csrf_token"]
    assert client.post("/auth/logout", headers={"X-CSRFToken": token}).headers["Location"] == "/auth/login"
    assert client.get("/").status_code == 302


def test_a_fresh_token_only_for_logged_in_users(client):
    response = client.get("/auth/csrf")
    assert response.status_code == 401
    assert response.json == {"error": "unauthenticated", "message": "请先登录。"}


def test_every_page_carries_its_token_in_a_meta_tag(csrf_app, auth):
    auth.user()
    client = csrf_app.test_client()
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', client.get("/auth/login").text)
    csrf_login(client)
    page = client.get("/").text
    assert '<meta name="csrf-refresh" content="/auth/csrf">' in page
    assert re.search(r'<script src="/static/js/csrf.js\?v=[0-9a-f]{12}" defer></script>', page)


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(db_url, tmp_path, auth, engine):
    auth.user()
    app = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": 1},
        instance_path=str(tmp_path / "proxied"),
    )
    try:
        app.test_client().post(
            "/auth/login", data={"username": "admin", "password": "wrong password"},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
    finally:
        app.extensions["inspect_db"].dispose()
    with Session(engine) as session:
        assert session.exec(select(FailedLogin.address)).all() == ["203.0.113.7"]
