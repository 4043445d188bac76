"""Area views: the district → town → village tree, edited and imported from Excel."""

from flask import flash, g, redirect, render_template, request, url_for
from sqlmodel import select

from inspect_app.admin import bp
from inspect_app.admin.forms import AreaForm, SheetUpload, options
from inspect_app.admin.pages import attempt, form_errors, load
from inspect_app.admin.places import import_areas, save_area
from inspect_app.db import get_session
from inspect_app.models import Area, AreaLevel


def _page(form: AreaForm, editing: Area | None, bad_rows=None, status: int = 200):
    """The tree, the area form and any refused import rows."""
    areas = get_session().exec(select(Area).order_by(Area.name)).all()
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    page = render_template(
        "admin/areas.html",
        children=children,
        form=form,
        upload=SheetUpload(formdata=None),
        editing=editing,
        bad_rows=bad_rows or [],
    )
    return page, status


def _form(editing: Area | None) -> AreaForm:
    """The area form with every area as a possible parent."""
    form = AreaForm(obj=editing, parent=editing.parent_id or 0) if editing else AreaForm()
    form.parent.choices = options(
        [(0, "（无，最上级）")] + [(a.id, a.name) for a in get_session().exec(select(Area).order_by(Area.name))]
    )
    return form


@bp.route("/areas", methods=["GET", "POST"])
def areas():
    """The area tree; add an area, or rename one (?edit=id)."""
    editing = load(Area, request.args.get("edit", type=int)) if request.args.get("edit") else None
    form = _form(editing)
    if form.validate_on_submit():
        area = editing or Area(name=form.name.data, level=AreaLevel(form.level.data))
        act = lambda: save_area(  # noqa: E731 - one call, named for attempt()
            session=get_session(),
            by=g.user,
            area=area,
            name=form.name.data.strip(),
            level=AreaLevel(form.level.data),
            parent_id=form.parent.data or None,
        )
        if attempt(act, "地区已保存。"):
            return redirect(url_for("admin.areas"))
    elif request.method == "POST":
        form_errors(form)
    return _page(form, editing, status=422 if request.method == "POST" else 200)


@bp.route("/areas/import", methods=["POST"])
def import_area_sheet():
    """Add the areas an uploaded sheet lists (columns 区, 乡镇, 村): all rows or none."""
    upload = SheetUpload()
    if not upload.validate_on_submit():
        form_errors(upload)
        return redirect(url_for("admin.areas"))
    bad, added = import_areas(
        session=get_session(), by=g.user, data=upload.file.data.read(), filename=upload.file.data.filename or ""
    )
    if bad:
        return _page(_form(None), None, bad_rows=bad, status=422)
    flash(f"已导入，新增 {added} 个地区。", "info")
    return redirect(url_for("admin.areas"))
