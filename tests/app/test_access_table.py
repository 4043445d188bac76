"""Every route answers every role as the access policy says (DESIGN.md, "Who sees what").

The table is checked against the app's URL map: a new route without a row fails
`test_every_route_has_a_row`. Each row: endpoint → (method, path, {role: expected}), where
expected is a status code, or ALLOWED (anything but 401/403/404 and never a 5xx: the request
got past the policy, for posts whose empty body the form then refuses). Paths name objects of
the world built below: {campaign} is an open campaign whose team is `inspector` (leader) and
`teammate`; {other_campaign} one nobody of those scores; {published} a published campaign.
"""

import pytest
from sqlalchemy import update
from sqlmodel import Session

from inspect_app.models import Assignment, Campaign, Role, ScoreSheet, Unit, UnitKind
from inspect_app.models.base import utcnow
from tests.conftest import PASSWORD

ANON, ADMIN, LEADER, INSPECTOR, UNIT = "anonymous", "admin", "leader", "inspector", "unit_user"
ROLES = [ANON, ADMIN, LEADER, INSPECTOR, UNIT]
ALLOWED = "allowed"
LOGIN = 302  # a page sends anonymous visitors to the login form


def everyone(status, anonymous=LOGIN) -> dict:
    """The same answer for every logged-in role."""
    return {ANON: anonymous, ADMIN: status, LEADER: status, INSPECTOR: status, UNIT: status}


def roles(anonymous=LOGIN, **by_role) -> dict:
    """Answers per role; a role left out is refused with 403."""
    return {ANON: anonymous} | {role: by_role.get(role, 403) for role in ROLES[1:]}


ROUTES = {
    "auth.login":        ("GET",  "/auth/login",                                  everyone(200, anonymous=200)),
    "auth.logout":       ("POST", "/auth/logout",                                 everyone(302, anonymous=302)),
    "main.index":        ("GET",  "/",                                            everyone(200)),
    "main.campaign":     ("GET",  "/campaigns/{campaign}",                        roles(admin=200, leader=200, inspector=200, unit_user=404)),
    "rankings.campaign": ("GET",  "/campaigns/{campaign}/rankings",               roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.subject":  ("GET",  "/campaigns/{campaign}/rankings/{subject}",     roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.checklist_yaml": ("GET", "/campaigns/{campaign}/checklist.yaml",   roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.answers_csv": ("GET", "/campaigns/{campaign}/answers.csv",         roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.ranking_xlsx": ("GET", "/campaigns/{campaign}/rankings.xlsx",     roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.subject_xlsx": ("GET", "/campaigns/{campaign}/rankings/{subject}.xlsx", roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.notice_page": ("GET", "/campaigns/{campaign}/notice",              roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.notice_pdf": ("GET",  "/campaigns/{campaign}/notice.pdf",          roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "api.me":            ("GET",  "/api/me",                                      everyone(200, anonymous=401)),
    "api.campaign_rankings": ("GET", "/api/campaigns/{campaign}/rankings",       roles(anonymous=401, admin=200, leader=200, inspector=404, unit_user=404)),
}

# Published results: units and the campaign's own inspectors see them too.
PUBLISHED = {
    "main.campaign":     ("GET",  "/campaigns/{published}",                       roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.campaign": ("GET",  "/campaigns/{published}/rankings",              roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.subject":  ("GET",  "/campaigns/{published}/rankings/{published_subject}", roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.checklist_yaml": ("GET", "/campaigns/{published}/checklist.yaml",  roles(admin=200, leader=200, inspector=200, unit_user=200)),
    # answers.csv names the inspectors: never for units.
    "rankings.answers_csv": ("GET", "/campaigns/{published}/answers.csv",        roles(admin=200, leader=200, inspector=200, unit_user=403)),
    "api.campaign_rankings": ("GET", "/api/campaigns/{published}/rankings",      roles(anonymous=401, admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.ranking_xlsx": ("GET", "/campaigns/{published}/rankings.xlsx",    roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.subject_xlsx": ("GET", "/campaigns/{published}/rankings/{published_subject}.xlsx", roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.notice_page": ("GET", "/campaigns/{published}/notice",             roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.notice_pdf": ("GET",  "/campaigns/{published}/notice.pdf",         roles(admin=200, leader=200, inspector=200, unit_user=200)),
}

# Campaigns nobody of the team scores: an inspector does not even learn they exist.
OTHERS = {
    "main.campaign":     ("GET",  "/campaigns/{other_campaign}",                  roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.campaign": ("GET",  "/campaigns/{other_campaign}/rankings",         roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "api.campaign_rankings": ("GET", "/api/campaigns/{other_campaign}/rankings", roles(anonymous=401, admin=200, leader=200, inspector=404, unit_user=404)),
}

UNROUTED = {"static", "rankings.static"}  # style sheets, for everyone
LOGOUT = {"auth.logout"}  # routes after which the client logs in again


@pytest.fixture
def world(engine, make_campaign, make_user):
    """Three campaigns, users of every role, and the ids the paths name."""
    scored = make_campaign(villages=2, inspectors=2)
    published = make_campaign(villages=1, inspectors=1)
    other = make_campaign(villages=1, inspectors=1)
    with Session(engine) as session:
        unit = Unit(name="区扶贫办", kind=UnitKind.DEPARTMENT)
        session.add(unit)
        row = session.get(Campaign, published.campaign.id)
        row.published_at = utcnow()
        session.add(row)
        session.commit()
        unit_id = unit.id
    users = {
        ADMIN: make_user("admin", role=Role.ADMIN).username,
        LEADER: make_user("leader", role=Role.LEADER).username,
        INSPECTOR: scored.inspectors[0].username,  # the team's leader
        UNIT: make_user("unit", role=Role.UNIT_USER, unit_id=unit_id).username,
    }
    # The published campaign was scored by the same inspector, so it is theirs once published.
    ids = {
        "campaign": scored.campaign.id,
        "subject": scored.subjects[0].id,
        "sheet": scored.sheets[0].id,
        "teammate_sheet": scored.sheets[1].id,
        "other_campaign": other.campaign.id,
        "other_sheet": other.sheets[0].id,
        "published": published.campaign.id,
        "published_subject": published.subjects[0].id,
    }
    _assign_inspector_to(engine, published, scored.inspectors[0].id)
    return users, ids


def _assign_inspector_to(engine, setup, inspector_id: int) -> None:
    """Move setup's only sheet and assignment to inspector_id."""
    with Session(engine) as session:
        for model in (Assignment, ScoreSheet):
            session.execute(update(model).where(model.campaign_id == setup.campaign.id).values(inspector_id=inspector_id))
        session.commit()


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - UNROUTED
    assert endpoints - set(ROUTES) == set(), "routes without a row in the access table"
    assert set(ROUTES) - endpoints == set(), "rows for routes that no longer exist"


@pytest.mark.parametrize("table", [ROUTES, PUBLISHED, OTHERS], ids=["own", "published", "others"])
def test_every_role_is_answered_as_the_policy_says(app, world, table):
    users, ids = world
    wrong = []
    for role in ROLES:
        client, logged_in = app.test_client(), False
        for endpoint, (method, path, expected) in table.items():
            if role != ANON and not logged_in:
                client.post("/auth/login", data={"username": users[role], "password": PASSWORD})
            url = path.format(**ids)
            status = client.open(url, method=method).status_code
            logged_in = endpoint not in LOGOUT
            want = expected[role]
            ok = (status < 500 and status not in (401, 403, 404)) if want == ALLOWED else status == want
            if not ok:
                wrong.append(f"{role} {method} {url}: {status}, expected {want}")
    assert wrong == []
