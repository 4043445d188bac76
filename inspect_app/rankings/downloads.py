"""A campaign's answers as the command line reads them: `inspect-app score` on them gives the page's numbers."""

from sqlmodel import Session, select

from inspect_app.exports import neutralise
from inspect_app.findings.answers import campaign_responses
from inspect_app.models import CampaignSubject


def answers_csv(*, session: Session, campaign_id: int) -> str:
    """The signed-off answers, long format (subject, group, inspector, item, value, note), subjects by name."""
    table = campaign_responses(session=session, campaign_id=campaign_id)
    names = dict(
        session.exec(
            select(CampaignSubject.id, CampaignSubject.name).where(CampaignSubject.campaign_id == campaign_id)
        ).all()
    )
    table["subject"] = table["subject"].map(lambda key: names[int(key)])
    table["note"] = table["note"].map(neutralise)
    return table.to_csv(index=False)
