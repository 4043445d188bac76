"""Login, logout, changing one's password, and a fresh CSRF token for long-open pages."""

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf

from inspect_app.auth import bp
from inspect_app.auth.access import login_required
from inspect_app.auth.forms import LoginForm, PasswordForm
from inspect_app.auth.logins import SessionTimes, session_user
from inspect_app.auth.services import LoginRefused, PasswordRefused, change_password, log_in, log_out
from inspect_app.auth.throttle import LoginLimits, TooManyAttempts
from inspect_app.db import get_session
from inspect_app.models.base import utcnow
from inspect_app.security import is_safe_next

SESSION_KEY = "sid"  # the only thing the signed cookie says about who is logged in
# What a user who must change their password may still reach.
OPEN_WHILE_CHANGING = {"auth.password", "auth.logout", "auth.csrf", "static"}


def load_logged_in_user() -> None:
    """Put the user of this browser's live session, if any, on g.user."""
    g.user = None
    token = session.get(SESSION_KEY)
    if not token or request.endpoint == "static":
        return
    times = SessionTimes.from_config(current_app.config)
    g.user = session_user(session=get_session(), token=token, times=times, now=utcnow())
    if g.user is None:
        session.pop(SESSION_KEY)


def require_password_change():
    """Send a user whose password was reset to the change page first (the JSON API refuses: 403)."""
    if g.user is None or not g.user.must_change_password or request.endpoint in OPEN_WHILE_CHANGING:
        return None
    if request.blueprint == "api":
        abort(403)
    return redirect(url_for("auth.password"))


def _client() -> dict:
    """The address, limits and session times a login service needs."""
    return {
        "address": request.remote_addr or "",
        "limits": LoginLimits.from_config(current_app.config),
        "times": SessionTimes.from_config(current_app.config),
    }


def _begin(token: str) -> None:
    """Make this browser's cookie carry the new session's token, and nothing else of the old one."""
    session.clear()
    session[SESSION_KEY] = token


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on success remember the session and go on (a reset password first)."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user, token = log_in(
                session=get_session(), username=form.username.data, password=form.password.data, **_client()
            )
        except TooManyAttempts as error:
            page = render_template("auth/login.html", form=form, refusal=error.message)
            return page, 429, {"Retry-After": str(error.retry_after)}
        except LoginRefused as error:
            flash(error.message, "error")
        else:
            _begin(token)
            if user.must_change_password:
                return redirect(url_for("auth.password"))
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """End this browser's session, here and in the database."""
    token = session.get(SESSION_KEY)
    if token:
        log_out(session=get_session(), token=token)
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; every other session of the user ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            token = change_password(
                session=get_session(),
                user=g.user,
                old_password=form.old_password.data,
                new_password=form.new_password.data,
                **_client(),
            )
        except TooManyAttempts as error:
            page = render_template("auth/password.html", form=form, refusal=error.message)
            return page, 429, {"Retry-After": str(error.retry_after)}
        except LoginRefused as error:
            form.old_password.errors.append(error.message)
        except PasswordRefused as error:
            form.new_password.errors.append(error.message)
        else:
            _begin(token)
            flash("密码已修改；其他设备上的登录已全部退出。", "info")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/csrf")
def csrf():
    """A fresh CSRF token for a page that stayed open (its script fetches this before posting)."""
    if g.user is None:
        return {"error": "unauthenticated", "message": "请先登录。"}, 401, {"Cache-Control": "no-store"}
    return {"csrf_token": generate_csrf()}, 200, {"Cache-Control": "no-store"}
