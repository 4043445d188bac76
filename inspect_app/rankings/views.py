"""Ranking views: read-only, for those the policy lets see a campaign's results."""

from flask import Response, g, render_template, request

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.models import Evidence
from inspect_app.rankings import bp, charts, downloads, notice, self_gaps, trend_chart, trends, workbook
from inspect_app.rankings.detail import photos_of, subject_detail
from inspect_app.rankings.services import PAGE_SIZE, SORTS, STATUS_FILTERS, Filters, visible_ranking
from inspect_app.uploads import send_upload

NONE_SHOWN = "—"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.context_processor
def formatting() -> dict:
    """Numbers written as `inspect-app score` writes them; "—" where the engine has none."""
    return {
        "points": lambda value: NONE_SHOWN if value is None else str(float(value)),
        "place": lambda value: NONE_SHOWN if value is None else str(value),
    }


@bp.route("/campaigns/<int:campaign_id>/rankings")
@login_required
def campaign(campaign_id: int):
    """The campaign's ranking, filtered by town, grade and status, sorted and paged (query params)."""
    ranking = visible_ranking(campaign_id)
    filters = Filters.of(request.args)
    rows = filters.apply(ranking.rows)
    pages = max((len(rows) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    shown = rows[(filters.page - 1) * PAGE_SIZE : filters.page * PAGE_SIZE]
    return render_template(
        "rankings/campaign.html",
        ranking=ranking,
        filters=filters,
        group=filters.group,
        rows=shown,
        pages=pages,
        summary=ranking.summary(rows),
        sorts=SORTS,
        statuses=STATUS_FILTERS,
        gaps=self_gaps.self_gaps(get_session(), ranking)
        if filters.group is None and policy.may_see_scoring_quality(g.user)
        else [],
        charts=[
            charts.distribution(rows),
            charts.grades_by_town(ranking) if filters.group is None else None,
            charts.lost_heat_map(ranking) if filters.group is None else None,
        ],
    )


@bp.route("/campaigns/<int:campaign_id>/rankings/<int:subject_id>")
@login_required
def subject(campaign_id: int, subject_id: int):
    """One subject's score, rank, vetoes, items, inspectors' scores, pool lines and rectifications."""
    detail = subject_detail(session=get_session(), ranking=visible_ranking(campaign_id), subject_id=subject_id)
    return render_template(
        "rankings/subject.html",
        detail=detail,
        ranking=detail.ranking,
        chart=charts.subject_sections(detail.ranking, detail.row) if detail.row else None,
        inspector_values=policy.may_see_inspector_values(g.user),
    )


@bp.route("/campaigns/<int:campaign_id>/rankings/<int:subject_id>/photos/<int:photo_id>")
@login_required
def photo(campaign_id: int, subject_id: int, photo_id: int):
    """A photo or document of the subject's signed-off sheets, to those who may see its drill-down."""
    visible_ranking(campaign_id)
    session = get_session()
    trends.campaign_subject(session, campaign_id, subject_id)
    shown = {one.id for group in photos_of(session, subject_id).values() for one in group}
    policy.see(photo_id in shown, f"photo {photo_id} of subject {subject_id}")
    found = session.get(Evidence, photo_id)
    return send_upload(found.file_path, found.content_type)


@bp.route("/campaigns/<int:campaign_id>/checklist.yaml")
@login_required
def checklist_yaml(campaign_id: int):
    """The exact checklist version the campaign scores with."""
    ranking = visible_ranking(campaign_id)
    return _download(ranking.checklist_version.yaml_text, "application/yaml", f"campaign-{campaign_id}-checklist.yaml")


@bp.route("/campaigns/<int:campaign_id>/answers.csv")
@login_required
def answers_csv(campaign_id: int):
    """The signed-off answers in the command line's long format (names inspectors: not for units)."""
    visible_ranking(campaign_id)
    policy.act(policy.may_see_inspector_values(g.user), f"answers of {campaign_id}")
    text = downloads.answers_csv(session=get_session(), campaign_id=campaign_id)
    return _download(text, "text/csv", f"campaign-{campaign_id}-answers.csv")


@bp.route("/campaigns/<int:campaign_id>/rankings.xlsx")
@login_required
def ranking_xlsx(campaign_id: int):
    """The ranking as a workbook: the whole, then one sheet per town."""
    data = workbook.ranking_workbook(visible_ranking(campaign_id, ready=True))
    return _download(data, XLSX, f"campaign-{campaign_id}-ranking.xlsx")


@bp.route("/campaigns/<int:campaign_id>/rankings/<int:subject_id>.xlsx")
@login_required
def subject_xlsx(campaign_id: int, subject_id: int):
    """One subject's drill-down as a workbook (inspectors' scores where the policy allows)."""
    detail = subject_detail(session=get_session(), ranking=visible_ranking(campaign_id), subject_id=subject_id)
    data = workbook.subject_workbook(detail, policy.may_see_inspector_values(g.user))
    return _download(data, XLSX, f"campaign-{campaign_id}-subject-{subject_id}.xlsx")


@bp.route("/campaigns/<int:campaign_id>/notice")
@login_required
def notice_page(campaign_id: int):
    """The notice of results (通报), printable; the form changes issuer, number, addressees, dates."""
    ranking = visible_ranking(campaign_id, ready=True)
    made = notice.make_notice(get_session(), ranking, request.args)
    return render_template("rankings/notice.html", notice=made, ranking=ranking, texts=notice)


@bp.route("/campaigns/<int:campaign_id>/notice.pdf")
@login_required
def notice_pdf(campaign_id: int):
    """The notice of results as a PDF."""
    ranking = visible_ranking(campaign_id, ready=True)
    data = notice.notice_pdf(notice.make_notice(get_session(), ranking, request.args))
    return _download(data, "application/pdf", f"campaign-{campaign_id}-notice.pdf")


def _download(data: str | bytes, mimetype: str, name: str) -> Response:
    """A file to save (text as UTF-8)."""
    text = isinstance(data, str)
    return Response(
        data.encode("utf-8") if text else data,
        mimetype=f"{mimetype}; charset=utf-8" if text else mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/campaigns/<int:campaign_id>/rankings/<int:subject_id>/history")
@login_required
def history(campaign_id: int, subject_id: int):
    """The subject (its area or unit) across every campaign whose results the user may see, oldest first."""
    visible_ranking(campaign_id)
    session = get_session()
    found = trends.subject_history(
        session=session, user=g.user, subject=trends.campaign_subject(session, campaign_id, subject_id)
    )
    return render_template("rankings/history.html", history=found, chart=trend_chart.score_line(found))
