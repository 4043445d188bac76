"""View decorators: a logged-in user, and one of some roles."""

import functools
from collections.abc import Callable

from flask import abort, g, redirect, request, url_for

from inspect_app.models import Role


def login_required(view: Callable) -> Callable:
    """Send anonymous visitors to the login page, then back."""

    @functools.wraps(view)
    def wrapped_view(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(**kwargs)

    return wrapped_view


def roles_required(*roles: Role) -> Callable:
    """Allow only logged-in users with one of roles; others get 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped_view(**kwargs):
            if g.user is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if g.user.role not in roles:
                abort(403)
            return view(**kwargs)

        return wrapped_view

    return decorator
