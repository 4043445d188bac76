"""User and unit views: list, create, edit, disable, reset a password."""

from flask import g, redirect, render_template, request, url_for
from sqlmodel import select

from inspect_app.admin import bp
from inspect_app.admin.forms import NewUserForm, PasswordReset, UnitForm, UserForm, options
from inspect_app.admin.pages import attempt, load, must_manage
from inspect_app.admin.people import add_user, edit_user, save_unit
from inspect_app.auth.services import reset_password
from inspect_app.db import get_session
from inspect_app.models import Area, Role, Unit, UnitKind, User, UserCreate


def _unit_choices(form) -> None:
    """Units to belong to, or none."""
    form.unit.choices = options(
        [(0, "（无）")] + [(u.id, u.name) for u in get_session().exec(select(Unit).order_by(Unit.name))]
    )


@bp.route("/users")
def users():
    """Every user with role, unit and whether they may log in."""
    session = get_session()
    rows = session.exec(select(User).order_by(User.role, User.username)).all()
    units = {u.id: u.name for u in session.exec(select(Unit))}
    return render_template("admin/users.html", rows=rows, units=units)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create a user."""
    must_manage()
    form = NewUserForm()
    _unit_choices(form)
    if form.validate_on_submit():
        made = UserCreate(
            username=form.username.data.strip(),
            display_name=form.display_name.data.strip(),
            role=Role(form.role.data),
            unit_id=form.unit.data or None,
            active=form.active.data,
            password=form.password.data,
        )
        if attempt(lambda: add_user(session=get_session(), by=g.user, user_create=made), "用户已创建。"):
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user.html", form=form, user=None, reset=None
    ), 422 if request.method == "POST" else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    """A user's page: edit name, role, unit, disable; reset the password."""
    found = load(User, user_id)
    form = UserForm(obj=found, unit=found.unit_id or 0)
    _unit_choices(form)
    if form.validate_on_submit():
        act = lambda: edit_user(  # noqa: E731 - one call, named for attempt()
            session=get_session(),
            by=g.user,
            user=found,
            display_name=form.display_name.data.strip(),
            role=Role(form.role.data),
            unit_id=form.unit.data or None,
            active=form.active.data,
        )
        if attempt(act, "已保存。"):
            return redirect(url_for("admin.user", user_id=user_id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/user.html", form=form, user=found, reset=PasswordReset(formdata=None)), status


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_user_password(user_id: int):
    """Give a user a new password to change at next login."""
    found, form = load(User, user_id), PasswordReset()
    if form.validate_on_submit() and attempt(
        lambda: reset_password(session=get_session(), user=found, new_password=form.password.data, by=g.user),
        "密码已重置，该用户下次登录须修改密码。",
    ):
        return redirect(url_for("admin.user", user_id=user_id))
    user_form = UserForm(obj=found, unit=found.unit_id or 0, formdata=None)
    _unit_choices(user_form)
    return render_template("admin/user.html", form=user_form, user=found, reset=form), 422


@bp.route("/units", methods=["GET", "POST"])
def units():
    """Every unit; a new one from the form."""
    session = get_session()
    editing = load(Unit, request.args.get("edit", type=int)) if request.args.get("edit") else None
    form = UnitForm(obj=editing, area=editing.area_id or 0) if editing else UnitForm()
    form.area.choices = options(
        [(0, "（无）")] + [(a.id, a.name) for a in session.exec(select(Area).order_by(Area.name))]
    )
    if form.validate_on_submit():
        values = {"name": form.name.data.strip(), "kind": UnitKind(form.kind.data), "area_id": form.area.data or None}
        unit = editing or Unit(**values)
        if attempt(lambda: save_unit(session=session, by=g.user, unit=unit, **values), "单位已保存。"):
            return redirect(url_for("admin.units"))
    rows = session.exec(select(Unit).order_by(Unit.kind, Unit.name)).all()
    areas = {a.id: a.name for a in session.exec(select(Area))}
    status = 422 if request.method == "POST" else 200
    return render_template("admin/units.html", form=form, rows=rows, areas=areas, editing=editing), status
