"""Ledger pages: the rows a user may see, one row with its history and actions, evidence files.

Forms post here and go to the services; a refusal the form can show (a missing note, a stale
version) is shown in place on the row page with what was typed, in the words of errors.py's table.
"""

from flask import g, redirect, render_template, request, url_for
from sqlmodel import select

from inspect_app import errors, policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.models import Campaign, RectificationEvidence, RectificationStatus, Unit
from inspect_app.rectification import bp, services
from inspect_app.rectification.errors import RectificationError
from inspect_app.rectification.forms import (
    DecisionForm,
    EditForm,
    EvidenceForm,
    ExtensionForm,
    MoveForm,
    NoteForm,
    choices,
)
from inspect_app.rectification.ledger import PAGE_SIZE, Filters, evidence_of, history, ledger_count, ledger_rows
from inspect_app.uploads import UnsupportedUpload, UploadTooLarge, send_upload


def filters_from(args) -> Filters:
    """The list's filters from the query string; anything unknown is ignored."""

    def number(name: str) -> int | None:
        value = args.get(name, "")
        return int(value) if value.isdigit() else None

    status = args.get("status")
    return Filters(
        status=RectificationStatus(status) if status in set(RectificationStatus) else None,
        campaign_id=number("campaign"),
        unit_id=number("unit"),
        town_id=number("town"),
        due_this_week=args.get("due") == "week",
    )


def filter_choices() -> dict:
    """Campaigns and units to filter by (campaigns the user may see)."""
    session = get_session()
    return {
        "campaigns": list(
            session.exec(select(Campaign).where(policy.campaign_filter(g.user)).order_by(Campaign.id.desc()))
        ),
        "units": list(session.exec(select(Unit).order_by(Unit.name))),
    }


@bp.route("/rectifications")
@login_required
def index():
    """The rows this user may see (a unit: where it leads or co-operates), overdue first, PAGE_SIZE a page."""
    filters, session = filters_from(request.args), get_session()
    count = ledger_count(session=session, user=g.user, filters=filters)
    pages = max(1, -(-count.found // PAGE_SIZE))
    page = min(max(request.args.get("page", type=int) or 1, 1), pages)
    rows = ledger_rows(session=session, user=g.user, filters=filters, page=page)
    args = {key: value for key, value in request.args.items() if key != "page"}  # the filters, kept on page links
    return render_template(
        "rectification/index.html", rows=rows, count=count, page=page, pages=pages, shown=page_links(page, pages),
        args=args, filters=filters, **filter_choices(),
    )


def page_links(page: int, pages: int, around: int = 3) -> list[int | None]:
    """The pages a list links to: the first, the last and those near this one; None where some are skipped."""
    links: list[int | None] = []
    for n in sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}):
        if links and n - links[-1] > 1:
            links.append(None)
        links.append(n)
    return links


@bp.route("/rectifications/<int:row_id>")
@login_required
def row(row_id: int):
    """One row: facts, actions the policy allows, evidence and history."""
    return _row_page(row_id)


def _row_page(row_id: int, status: int = 200, problem: str | None = None, **forms):
    """The row page, with any form given shown as it was typed."""
    session = get_session()
    rectification = services.visible_row(session, g.user, row_id)
    (line,) = ledger_rows(session=session, user=g.user, row_id=row_id)
    edit = forms.get("edit") or EditForm(
        base_version=rectification.version,
        measure=rectification.measure,
        person_responsible=rectification.person_responsible,
        deadline=rectification.deadline,
        lead_unit_id=rectification.lead_unit_id or 0,
    )
    _unit_choices(edit)
    if "edit" not in forms:
        edit.co_unit_ids.data = [u.id for u in session.exec(select(Unit).where(Unit.name.in_(line.co_units)))]
    page = render_template(
        "rectification/row.html",
        row=line,
        rectification=rectification,
        actions=[name for name in services.ACTIONS if services.may_do(g.user, rectification, name)],
        may_add=policy.may_add_evidence(g.user, rectification),
        may_work=policy.may_work_rectification(g.user, rectification),
        may_edit=policy.may_edit_rectification(g.user),
        history=history(session=session, row_id=row_id),
        evidence=evidence_of(session=session, row_id=row_id),
        problem=problem,
        move_form=forms.get("move") or MoveForm(base_version=rectification.version),
        move_action=forms.get("action"),
        note_form=forms.get("note") or NoteForm(),
        evidence_form=forms.get("evidence") or EvidenceForm(),
        extension_form=forms.get("extension") or ExtensionForm(base_version=rectification.version),
        decision_form=DecisionForm(base_version=rectification.version),
        edit_form=edit,
    )
    return page, status


def _unit_choices(form) -> None:
    """Every unit as a choice of form's unit fields."""
    units = [(unit.id, unit.name) for unit in get_session().exec(select(Unit).order_by(Unit.name))]
    form.lead_unit_id.choices = choices([(0, "（未定）"), *units])
    form.co_unit_ids.choices = choices(units)


def _allowed(row_id: int, may) -> None:
    """404 unless the row is visible, 403 unless may(user, row): asked before any form is read."""
    rectification = services.visible_row(get_session(), g.user, row_id)
    policy.act(may(g.user, rectification), f"rectification {row_id}")


def _done(row_id: int, work, **forms):
    """Run work(session); back to the row, or the row page again with the refusal in place."""
    try:
        work(get_session())
    except (RectificationError, UploadTooLarge, UnsupportedUpload) as error:
        status, _code, message = errors.explain(error)
        return _row_page(row_id, status, message, **forms)
    return redirect(url_for("rectification.row", row_id=row_id))


@bp.post("/rectifications/<int:row_id>/move/<action>")
@login_required
def move(row_id: int, action: str):
    """A workflow move from the row page (start, submit, return, close)."""
    policy.see(action in services.ACTIONS, f"action {action}")
    _allowed(row_id, lambda user, row: services.may_do(user, row, action))
    form = MoveForm()
    if not form.validate():
        return _row_page(row_id, 422, "页面已过期，请刷新后再操作。", move=form, action=action)
    return _done(
        row_id,
        lambda session: services.move(
            session,
            row_id=row_id,
            action=action,
            base_version=form.base_version.data,
            note=form.note.data or "",
            user=g.user,
        ),
        move=form,
        action=action,
    )


@bp.post("/rectifications/<int:row_id>/note")
@login_required
def note(row_id: int):
    """A progress note."""
    _allowed(row_id, policy.may_add_evidence)
    form = NoteForm()
    if not form.validate():
        return _row_page(row_id, 422, note=form)
    return _done(row_id, lambda s: services.add_note(s, row_id=row_id, note=form.note.data, user=g.user), note=form)


@bp.post("/rectifications/<int:row_id>/evidence")
@login_required
def evidence(row_id: int):
    """Upload one photo or document."""
    _allowed(row_id, policy.may_add_evidence)
    form = EvidenceForm()
    if not form.validate():
        return _row_page(row_id, 422, evidence=form)
    return _done(
        row_id,
        lambda s: services.add_evidence(s, row_id=row_id, file=form.file.data, user=g.user, note=form.note.data),
        evidence=form,
    )


@bp.post("/rectifications/<int:row_id>/extension")
@login_required
def extension(row_id: int):
    """The lead unit asks for a later deadline."""
    _allowed(row_id, policy.may_work_rectification)
    form = ExtensionForm()
    if not form.validate():
        return _row_page(row_id, 422, extension=form)
    return _done(
        row_id,
        lambda s: services.ask_extension(
            s,
            row_id=row_id,
            base_version=form.base_version.data,
            new_deadline=form.new_deadline.data,
            reason=form.reason.data,
            user=g.user,
        ),
        extension=form,
    )


@bp.post("/rectifications/<int:row_id>/extension/decision")
@login_required
def decision(row_id: int):
    """The office approves or refuses an asked extension."""
    _allowed(row_id, lambda user, _row: policy.may_edit_rectification(user))
    form = DecisionForm()
    if not form.validate():
        return _row_page(row_id, 422, "页面已过期，请刷新后再操作。")
    return _done(
        row_id,
        lambda s: services.decide_extension(
            s,
            row_id=row_id,
            base_version=form.base_version.data,
            approve=form.decision.data == "approve",
            note=form.note.data or "",
            user=g.user,
        ),
    )


@bp.post("/rectifications/<int:row_id>/edit")
@login_required
def edit(row_id: int):
    """The office edits the row's measure, person, deadline and units."""
    _allowed(row_id, lambda user, _row: policy.may_edit_rectification(user))
    form = EditForm()
    _unit_choices(form)
    if not form.validate():
        return _row_page(row_id, 422, edit=form)
    changes = {
        "measure": form.measure.data or "",
        "person_responsible": form.person_responsible.data or "",
        "deadline": form.deadline.data,
        "lead_unit_id": form.lead_unit_id.data or None,
    }
    return _done(
        row_id,
        lambda s: services.edit_row(
            s,
            row_id=row_id,
            base_version=form.base_version.data,
            changes=changes,
            co_unit_ids=form.co_unit_ids.data,
            user=g.user,
        ),
        edit=form,
    )


@bp.route("/rectifications/<int:row_id>/evidence/<int:evidence_id>")
@login_required
def evidence_file(row_id: int, evidence_id: int):
    """One evidence file, to those who may see the row."""
    session = get_session()
    services.visible_row(session, g.user, row_id)
    found = session.get(RectificationEvidence, evidence_id)
    policy.see(found is not None and found.rectification_id == row_id, f"evidence {evidence_id}")
    return send_upload(found.file_path, found.content_type)
