"""Helpers the admin views share: load or 404, try an act and tell its outcome in place."""

from collections.abc import Callable

from flask import flash, g

from inspect_app import policy
from inspect_app.admin.errors import AdminRefusal
from inspect_app.auth.services import PasswordRefused
from inspect_app.db import get_session


def load(model: type, object_id: int, **must):
    """The row of model with this id (and these field values), or 404."""
    found = get_session().get(model, object_id)
    policy.see(
        found is not None and all(getattr(found, k) == v for k, v in must.items()), f"{model.__name__} {object_id}"
    )
    return found


def must_manage() -> None:
    """403 for a reader on a page that only serves a write."""
    policy.act(policy.may_manage(g.user), "needs may_manage")


def attempt(act: Callable[[], object], done: str) -> bool:
    """Run act; flash done, or the refusal's reason in Chinese."""
    try:
        act()
    except (AdminRefusal, PasswordRefused) as refusal:
        flash(str(refusal), "error")
        return False
    flash(done, "info")
    return True


def form_errors(form) -> None:
    """Flash each field error of a refused form with its label."""
    for name, errors in form.errors.items():
        label = getattr(getattr(form, name, None), "label", None)
        for error in errors:
            flash(f"{label.text if label else name}：{error}", "error")
