"""Web hardening in one place: security headers, strict integer ids, safe redirects, no control characters.

Settings (DEFAULTS, given to create_app's defaults; each can come from instance/config.py or
an INSPECT_* environment variable, e.g. INSPECT_SESSION_COOKIE_SECURE=false):
- SESSION_COOKIE_SECURE: the session cookie is sent over HTTPS only (default True; the demo,
  served on http://127.0.0.1, turns it off).
- SESSION_IDLE_SECONDS / SESSION_LIFETIME_SECONDS: a login ends after 12 h without a request,
  and 7 days after it began, whatever happens.
- LOGIN_LIMIT_PER_ACCOUNT / LOGIN_LIMIT_PER_ADDRESS / LOGIN_LIMIT_WINDOW_SECONDS: failed logins
  allowed per username and per client address within the window (5 and 20 in 15 minutes).
- TRUSTED_PROXIES: how many reverse proxies stand in front (their X-Forwarded-For is then
  believed for the client address); 0 when the app is reached directly.
"""

import unicodedata
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, ValidationError

from inspect_app.models.base import INT_MAX

DEFAULTS = {
    "SESSION_COOKIE_SECURE": True,
    "SESSION_IDLE_SECONDS": 12 * 3600,
    "SESSION_LIFETIME_SECONDS": 7 * 24 * 3600,
    "LOGIN_LIMIT_PER_ACCOUNT": 5,
    "LOGIN_LIMIT_PER_ADDRESS": 20,
    "LOGIN_LIMIT_WINDOW_SECONDS": 15 * 60,
    "TRUSTED_PROXIES": 0,
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "worker-src 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

MAX_ID = INT_MAX  # ids are INTEGER columns


class StrictIntConverter(BaseConverter):
    """`<int:...>` for ids: plain ASCII digits, no sign, no leading zero, 1 to MAX_ID."""

    regex = r"[1-9][0-9]{0,9}"

    def to_python(self, value: str) -> int:
        """The id, or no match (404) when it is out of range."""
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        """The id as plain digits."""
        return str(int(value))


def is_safe_next(target: str | None) -> bool:
    """Whether target is a path on this site, however it is encoded.

    Every form the target may take (as given, percent-decoded until stable, NFKC-normalised)
    must be a plain absolute path: no scheme, no host, no backslash, no control character,
    not starting with // (which a browser reads as another host).
    """
    if not target:
        return False
    forms = {target}
    decoded = target
    for _ in range(3):
        decoded = unquote(decoded)
        forms.add(decoded)
    forms |= {unicodedata.normalize("NFKC", form) for form in forms}
    return all(_is_plain_path(form) for form in forms)


def _is_plain_path(text: str) -> bool:
    """A path starting with one slash, with no control character, backslash, scheme or host."""
    if not text.startswith("/") or text.startswith("//"):
        return False
    if any(char == "\\" or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in text):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


class ControlCharacters(ValueError):
    """A submitted text holds a control character (NUL, escape, ...): never typed, never stored (400)."""


def _has_control(text: str) -> bool:
    """Whether text holds a control character other than tab and line breaks."""
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text)


def _texts(value: object):
    """Every string in a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def refuse_control_characters() -> None:
    """Refuse a request whose form or JSON text holds a control character (a query is never stored)."""
    texts = [v for _, v in request.form.items(multi=True)]
    if request.is_json:
        texts += _texts(request.get_json(silent=True))
    if any(_has_control(text) for text in texts):
        raise ControlCharacters(request.path)


def set_headers(response: Response) -> Response:
    """The security headers on every answer (a view may set its own instead)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Apply the session lifetime, the headers, the strict id converter and the proxy fix."""
    app.permanent_session_lifetime = timedelta(seconds=app.config["SESSION_LIFETIME_SECONDS"])
    app.url_map.converters["int"] = StrictIntConverter
    app.before_request(refuse_control_characters)
    app.after_request(set_headers)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
