"""Home page views."""

from flask import g, render_template

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.inspect.review import subjects_to_review
from inspect_app.inspect.services import my_sheets
from inspect_app.main import bp
from inspect_app.main.services import campaign_subjects, list_campaigns
from inspect_app.models import Campaign


@bp.route("/")
@login_required
def index():
    """The sheets this user scores ("my work"), then the campaigns this user may see, newest first."""
    session = get_session()
    return render_template("main/index.html", campaigns=list_campaigns(session=session, user=g.user),
                           my_sheets=my_sheets(session=session, user=g.user),
                           to_review=subjects_to_review(session=session, user=g.user))


@bp.route("/campaigns/<int:campaign_id>")
@login_required
def campaign(campaign_id: int):
    """One campaign's subjects and, where the policy allows, who scores them."""
    session = get_session()
    found = session.get(Campaign, campaign_id)
    policy.see(found is not None and policy.may_see_campaign(g.user, found), f"campaign {campaign_id}")
    lines = campaign_subjects(session=session, campaign=found, user=g.user)
    return render_template("main/campaign.html", campaign=found, lines=lines)
