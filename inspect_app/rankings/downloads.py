"""A campaign's answers as the command line reads them: `inspect-app score` on them gives the page's numbers.

Names and notes that start like a formula get a leading apostrophe (a CSV is opened in Excel);
the numbers and ranks do not change, the names in the command's output keep the apostrophe.
"""

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
    for column in ("subject", "group", "inspector", "note"):  # values stay exact: the engine accepted them
        table[column] = table[column].map(neutralise)
    return table.to_csv(index=False, lineterminator="\r\n")  # CRLF: a CR inside a field is quoted
