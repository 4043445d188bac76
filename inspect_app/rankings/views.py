"""Ranking views: read-only, for those the policy lets see a campaign's results."""

from flask import Response, g, render_template, request

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.rankings import bp, downloads
from inspect_app.rankings.detail import subject_detail
from inspect_app.rankings.services import PAGE_SIZE, SORTS, STATUS_FILTERS, Filters, visible_ranking

NONE_SHOWN = "—"


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
    )


@bp.route("/campaigns/<int:campaign_id>/rankings/<int:subject_id>")
@login_required
def subject(campaign_id: int, subject_id: int):
    """One subject's score, rank, vetoes, items, inspectors' scores, pool lines and rectifications."""
    visible_ranking(campaign_id)
    detail = subject_detail(session=get_session(), campaign_id=campaign_id, subject_id=subject_id)
    return render_template(
        "rankings/subject.html",
        detail=detail,
        ranking=detail.ranking,
        inspector_values=policy.may_see_inspector_values(g.user),
    )


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


def _download(text: str, mimetype: str, name: str) -> Response:
    """A UTF-8 text file to save."""
    return Response(
        text.encode("utf-8"),
        mimetype=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
