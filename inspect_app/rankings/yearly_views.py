"""Yearly views: composite results per rule and year, for admins and leaders; the office fills the parts."""

from flask import g, redirect, render_template, request, url_for
from sqlmodel import select

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.models import Campaign
from inspect_app.rankings import bp, composite, consequences


@bp.route("/composites")
@login_required
def composites():
    """The composite rules and the years campaigns were run in."""
    policy.act(policy.may_see_yearly_results(g.user), "composites")
    years = get_session().exec(select(Campaign.year).distinct().order_by(Campaign.year.desc())).all()
    return render_template("rankings/composites.html", rules=composite.rules(), years=years)


@bp.route("/composites/<rule_id>/<int:year>")
@login_required
def composite_year(rule_id: str, year: int):
    """Every subject's part scores and composite for the year; the parts still missing said plainly."""
    policy.act(policy.may_see_yearly_results(g.user), "composites")
    session = get_session()
    found = composite.composite_year(session=session, rule=composite.rule_file(rule_id), year=year)
    deciding = policy.may_decide_yearly_results(g.user)
    return render_template(
        "rankings/composite.html",
        result=found,
        deciding=deciding,
        choices=composite.year_campaigns(session, year) if deciding else [],
    )


@bp.route("/composites/<rule_id>/<int:year>/campaigns", methods=["POST"])
@login_required
def choose_campaigns(rule_id: str, year: int):
    """The office chooses the year's campaign for each campaign name of the rule."""
    policy.act(policy.may_decide_yearly_results(g.user), "composite campaigns")
    rule = composite.rule_file(rule_id)
    choices = {
        name: int(value) if value.isdigit() else None
        for name in rule.rule.campaigns
        if (value := request.form.get(f"campaign-{name}")) is not None
    }
    composite.choose_campaigns(session=get_session(), user=g.user, rule=rule, year=year, choices=choices)
    return redirect(url_for("rankings.composite_year", rule_id=rule_id, year=year))


@bp.route("/composites/<rule_id>/<int:year>/consequences")
@login_required
def consequence_list(rule_id: str, year: int):
    """Each subject's proposed consequence with the reason, and the office's call."""
    policy.act(policy.may_see_yearly_results(g.user), "consequences")
    rule = composite.rule_file(rule_id)
    found, ungraded = consequences.proposals(session=get_session(), rule=rule, year=year)
    return render_template(
        "rankings/consequences.html",
        rule=rule,
        year=year,
        proposals=found,
        ungraded=ungraded,
        decisions=consequences.DECISIONS,
        deciding=policy.may_decide_yearly_results(g.user),
    )


@bp.route("/composites/<rule_id>/<int:year>/consequences/<key>", methods=["POST"])
@login_required
def decide_consequence(rule_id: str, year: int, key: str):
    """The office confirms or sets aside one proposal, with a note."""
    policy.act(policy.may_decide_yearly_results(g.user), "decide consequences")
    consequences.decide(
        session=get_session(),
        user=g.user,
        rule=composite.rule_file(rule_id),
        year=year,
        key=key,
        decision=request.form.get("decision", ""),
        note=request.form.get("note", ""),
    )
    return redirect(url_for("rankings.consequence_list", rule_id=rule_id, year=year))
