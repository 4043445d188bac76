"""Login and logout views."""

from flask import flash, g, redirect, render_template, request, session, url_for

from inspect_app.auth import bp
from inspect_app.auth.forms import LoginForm
from inspect_app.auth.services import authenticate
from inspect_app.db import get_session
from inspect_app.models import User


def load_logged_in_user() -> None:
    """Put the user of this browser session, if any, on g.user."""
    user_id = session.get("user_id")
    g.user = get_session().get(User, user_id) if user_id is not None else None
    if g.user is not None and not g.user.active:
        session.clear()
        g.user = None


def _safe_next(target: str | None) -> str:
    """Only follow relative paths after login, never another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on success remember the user and go on."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(session=get_session(), username=form.username.data, password=form.password.data)
        if user is None:
            flash("用户名或密码错误", "error")
        else:
            session.clear()
            session["user_id"] = user.id
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Forget the user of this browser session."""
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("auth.login"))
