"""The office's ledger pages: counts per unit and town, standalone findings, filing a campaign, unit aliases."""

from flask import Response, flash, g, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from inspect_app import errors, policy
from inspect_app.admin.errors import note
from inspect_app.auth.access import login_required
from inspect_app.db import get_session, writing
from inspect_app.labels import UNIT_KIND_LABELS
from inspect_app.models import Area, AreaLevel, Campaign, Unit, UnitAlias, UnitKind
from inspect_app.rectification import bp
from inspect_app.rectification.chart import bar_chart
from inspect_app.rectification.errors import RectificationError
from inspect_app.rectification.excel import COLUMNS, export_workbook, import_workbook
from inspect_app.rectification.filing import STANDALONE_DAYS, file_campaign_findings, file_standalone
from inspect_app.rectification.forms import AliasForm, ImportForm, StandaloneForm, choices
from inspect_app.rectification.ledger import DUE_SOON, OVERDUE, Tally, ledger_rows, tallies
from inspect_app.rectification.views import filter_choices, filters_from
from inspect_app.uploads import UnsupportedUpload, UploadTooLarge
from scoring import ChecklistError, ResponseError

ALIAS = "unit_alias"  # the audit log's name for a unit alias


def towns() -> list[Area]:
    """The towns, by name."""
    return list(get_session().exec(select(Area).where(Area.level == AreaLevel.TOWN).order_by(Area.name)))


@bp.route("/rectifications/overview")
@login_required
def overview():
    """Found / closed / in progress / overdue per unit and per town, overdue escalated to the top."""
    policy.act(policy.may_see_ledger_overview(g.user), "ledger overview")
    filters = filters_from(request.args)
    rows = ledger_rows(session=get_session(), user=g.user, filters=filters)
    by_unit, by_town = tallies(rows, lambda r: r.lead_unit), tallies(rows, lambda r: r.town)
    total = next(iter(tallies(rows, lambda r: "all").values()), Tally())
    town_list = towns()
    return render_template(
        "rectification/overview.html",
        filters=filters,
        towns=town_list,
        total=total,
        overdue=[r for r in rows if r.urgency == OVERDUE],
        due_soon=[r for r in rows if r.urgency == DUE_SOON],
        by_unit=by_unit,
        by_town=by_town,
        unit_chart=bar_chart(by_unit),
        town_chart=bar_chart(by_town),
        unit_ids={r.lead_unit: r.lead_unit_id for r in rows},
        town_ids={t.name: t.id for t in town_list},
        **filter_choices(),
    )


@bp.route("/rectifications/new", methods=["GET", "POST"])
@login_required
def new():
    """An inspector files a problem seen in 暗访, 回头看, 战区督战 or 第三方评估, with photos (phone-friendly).

    Without script the form posts here; with script new_finding.js queues it and sends it to
    POST /api/findings under the same kind of submission id.
    """
    policy.act(policy.may_file_finding(g.user), "file a standalone finding")
    form = StandaloneForm().offer(get_session())
    problem = None
    if form.validate_on_submit():
        try:
            filed = file_standalone(session=get_session(), user=g.user, **form.finding())
        except (RectificationError, UploadTooLarge, UnsupportedUpload) as error:
            problem = errors.explain(error)[2]
        else:
            flash("已录入整改台账。" if not filed.duplicate else "这条问题此前已录入，未重复录入。", "success")
            return redirect(url_for("rectification.row", row_id=filed.row.id))
    status = 422 if form.errors or problem else 200
    return render_template("rectification/new.html", form=form, problem=problem,
                           default_days=STANDALONE_DAYS), status


@bp.post("/campaigns/<int:campaign_id>/rectifications")
@login_required
def file_campaign(campaign_id: int):
    """The office files a campaign's deductions and vetoes as ledger rows (again: only the new ones)."""
    policy.act(policy.may_edit_rectification(g.user), "file a campaign's findings")
    policy.see(get_session().get(Campaign, campaign_id) is not None, f"campaign {campaign_id}")
    try:
        filed = file_campaign_findings(session=get_session(), campaign_id=campaign_id, user=g.user)
    except (ChecklistError, ResponseError) as error:
        flash(f"未生成整改事项：检查表或已签认的答案无法计分（{'；'.join(map(str, error.problems[:3]))}）。", "error")
    else:
        flash(f"已生成整改事项 {len(filed)} 条（此前已生成的不重复生成）。", "success")
    return redirect(url_for("rectification.index", campaign=campaign_id))


def _alias_targets() -> list:
    """What an alias may stand for: one unit, or the subject's town unit of a kind."""
    kinds = [(f"kind:{kind.value}", f"考核对象所在乡镇的{UNIT_KIND_LABELS[kind]}") for kind in UnitKind]
    units = [(f"unit:{u.id}", u.name) for u in get_session().exec(select(Unit).order_by(Unit.name))]
    return choices(kinds + units)


def _alias_text(session, alias: UnitAlias) -> str:
    """What the audit log says an alias stands for: “县扶贫办 → 区扶贫办”."""
    unit = session.get(Unit, alias.unit_id) if alias.unit_id else None
    target = unit.name if unit else f"考核对象所在乡镇的{UNIT_KIND_LABELS[alias.town_kind]}"
    return f"{alias.alias} → {target}"


@bp.route("/rectifications/aliases", methods=["GET", "POST"])
@login_required
def aliases():
    """The office edits which unit each name in checklists means."""
    policy.act(policy.may_manage(g.user), "unit aliases")
    session = get_session()
    form = AliasForm()
    form.target.choices = _alias_targets()
    if form.validate_on_submit():
        kind, _, value = form.target.data.partition(":")
        alias = UnitAlias(
            alias=form.alias.data.strip(),
            unit_id=int(value) if kind == "unit" else None,
            town_kind=UnitKind(value) if kind == "kind" else None,
        )
        try:
            with writing(session):
                session.add(alias)
                session.flush()
                note(session, g.user, ALIAS, alias.id, "alias", None, _alias_text(session, alias))
        except IntegrityError:
            form.alias.errors = [f"“{alias.alias}”已有对应单位，请先删除原来的。"]
        else:
            return redirect(url_for("rectification.aliases"))
    rows = session.exec(
        select(UnitAlias, Unit.name).outerjoin(Unit, Unit.id == UnitAlias.unit_id).order_by(UnitAlias.alias)
    )
    return render_template("rectification/aliases.html", form=form, rows=rows.all()), 422 if form.errors else 200


@bp.post("/rectifications/aliases/<int:alias_id>/delete")
@login_required
def delete_alias(alias_id: int):
    """Remove one alias."""
    policy.act(policy.may_manage(g.user), "unit aliases")
    session = get_session()
    with writing(session):
        found = session.get(UnitAlias, alias_id)
        policy.see(found is not None, f"alias {alias_id}")
        note(session, g.user, ALIAS, alias_id, "alias", _alias_text(session, found), None)
        session.delete(found)
    return redirect(url_for("rectification.aliases"))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/rectifications/export.xlsx")
@login_required
def export():
    """The rows this user may see (with the list's filters) as an .xlsx in the offices' columns."""
    rows = ledger_rows(session=get_session(), user=g.user, filters=filters_from(request.args))
    return Response(
        export_workbook(rows),
        mimetype=XLSX,
        headers={"Content-Disposition": "attachment; filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6.xlsx"},
    )


@bp.route("/rectifications/import", methods=["GET", "POST"])
@login_required
def import_ledger():
    """The office imports a ledger kept in Excel; every refused cell is listed, nothing half-imported."""
    policy.act(policy.may_manage(g.user), "import the ledger")
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        result = import_workbook(
            session=get_session(), data=form.file.data.read(), user=g.user, good_only=form.good_only.data == "1"
        )
    status = 422 if form.errors or (result and result.refused and not result.imported) else 200
    return render_template(
        "rectification/import.html",
        form=form,
        columns=COLUMNS,
        imported=result.imported if result else None,
        refused=result.refused if result else [],
    ), status
