"""Ranking views: read-only, for those the policy lets see a campaign's results."""

from flask import g, render_template, request

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.models import Campaign
from inspect_app.rankings import bp
from inspect_app.rankings.detail import subject_detail
from inspect_app.rankings.services import NotInCampaign, campaign_ranking

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
    """The campaign's ranking, optionally one town's subjects (?group=)."""
    _may_see_results(campaign_id)
    try:
        ranking = campaign_ranking(session=get_session(), campaign_id=campaign_id)
    except NotInCampaign as error:
        raise policy.NotVisible(campaign_id) from error
    group = request.args.get("group") or None
    rows = ranking.in_group(group)
    return render_template(
        "rankings/campaign.html", ranking=ranking, group=group, rows=rows, summary=ranking.summary(rows)
    )


@bp.route("/campaigns/<int:campaign_id>/rankings/<int:subject_id>")
@login_required
def subject(campaign_id: int, subject_id: int):
    """One subject's score, rank, vetoes, items, pool lines and rectification rows."""
    _may_see_results(campaign_id)
    try:
        detail = subject_detail(session=get_session(), campaign_id=campaign_id, subject_id=subject_id)
    except NotInCampaign as error:
        raise policy.NotVisible(subject_id) from error
    return render_template("rankings/subject.html", detail=detail, ranking=detail.ranking)


def _may_see_results(campaign_id: int) -> None:
    """404 unless the campaign exists and the policy lets this user see its results."""
    campaign = get_session().get(Campaign, campaign_id)
    policy.see(campaign is not None and policy.may_see_results(g.user, campaign), f"results of {campaign_id}")
