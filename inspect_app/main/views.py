"""Home page views."""

from flask import abort, render_template

from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.main import bp
from inspect_app.main.services import campaign_subjects, list_campaigns
from inspect_app.models import Campaign


@bp.route("/")
@login_required
def index():
    """The campaigns, newest first."""
    return render_template("main/index.html", campaigns=list_campaigns(session=get_session()))


@bp.route("/campaigns/<int:campaign_id>")
@login_required
def campaign(campaign_id: int):
    """One campaign's subjects and who scores them."""
    session = get_session()
    found = session.get(Campaign, campaign_id)
    if found is None:
        abort(404)
    lines = campaign_subjects(session=session, campaign_id=campaign_id)
    return render_template("main/campaign.html", campaign=found, lines=lines)
