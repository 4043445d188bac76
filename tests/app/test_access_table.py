"""Every route answers every role as the access policy says (DESIGN.md, "Who sees what").

The table is checked against the app's URL map: a new route without a row fails
`test_every_route_has_a_row`. Each row: endpoint → (method, path, {role: expected}), where
expected is a status code, or ALLOWED (anything but 401/403/404 and never a 5xx: the request
got past the policy, for posts whose empty body the form then refuses). Paths name objects of
the world built below: {campaign} is an open campaign whose team is `inspector` (leader) and
`teammate`; {other_campaign} one nobody of those scores; {published} a published campaign.
"""

import hashlib

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from inspect_app.models import (
    Assignment,
    Campaign,
    Evidence,
    Finding,
    InspectionTeam,
    Rectification,
    Role,
    ScoreSheet,
    SheetStatus,
    Unit,
    UnitKind,
)
from inspect_app.models.base import utcnow
from inspect_app.uploads import upload_folder
from tests.conftest import PASSWORD

ANON, ADMIN, LEADER, INSPECTOR, UNIT = "anonymous", "admin", "leader", "inspector", "unit_user"
ROLES = [ANON, ADMIN, LEADER, INSPECTOR, UNIT]
ALLOWED = "allowed"
LOGIN = 302  # a page sends anonymous visitors to the login form
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def everyone(status, anonymous=LOGIN) -> dict:
    """The same answer for every logged-in role."""
    return {ANON: anonymous, ADMIN: status, LEADER: status, INSPECTOR: status, UNIT: status}


def roles(anonymous=LOGIN, **by_role) -> dict:
    """Answers per role; a role left out is refused with 403."""
    return {ANON: anonymous} | {role: by_role.get(role, 403) for role in ROLES[1:]}


ROUTES = {
    "auth.login":        ("GET",  "/auth/login",                                  everyone(200, anonymous=200)),
    "auth.logout":       ("POST", "/auth/logout",                                 everyone(302, anonymous=302)),
    "auth.password":     ("GET",  "/auth/password",                               everyone(200)),
    "auth.csrf":         ("GET",  "/auth/csrf",                                   everyone(200, anonymous=401)),
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
    "rankings.history":  ("GET",  "/campaigns/{campaign}/rankings/{subject}/history", roles(admin=200, leader=200, inspector=404, unit_user=404)),
    # the photo is the published subject's: asked for under another subject, it is not found
    "rankings.photo":    ("GET",  "/campaigns/{campaign}/rankings/{subject}/photos/{photo}", roles(admin=404, leader=404, inspector=404, unit_user=404)),
    # Yearly composites: admins and leaders read, the office chooses each part's campaigns.
    "rankings.composites":       ("GET",  "/composites",                             roles(admin=200, leader=200)),
    "rankings.composite_year":   ("GET",  "/composites/town-annual-composite/2026",  roles(admin=200, leader=200)),
    "rankings.choose_campaigns": ("POST", "/composites/town-annual-composite/2026/campaigns", roles(admin=ALLOWED)),
    "rankings.consequence_list": ("GET",  "/composites/town-annual-composite/2026/consequences", roles(admin=200, leader=200)),
    "rankings.decide_consequence": ("POST", "/composites/town-annual-composite/2026/consequences/area:999999", roles(admin=404)),
    "api.campaign_rankings": ("GET", "/api/campaigns/{campaign}/rankings",       roles(anonymous=401, admin=200, leader=200, inspector=404, unit_user=404)),
    "api.me":            ("GET",  "/api/me",                                      everyone(200, anonymous=401)),
    "inspect.sheet":     ("GET",  "/sheets/{sheet}",                              roles(admin=200, leader=404, inspector=200, unit_user=404)),
    "inspect.service_worker": ("GET", "/sw.js",                                   everyone(200, anonymous=200)),
    "inspect.self_assessments": ("GET", "/campaigns/{campaign}/self-assessments", roles(admin=200)),
    "inspect.review":    ("GET",  "/subjects/{subject}/review",                   roles(admin=200, leader=404, inspector=200, unit_user=404)),
    "inspect.sheet_action": ("POST", "/sheets/{sheet}/sign-off",                  roles(admin=ALLOWED, leader=404, inspector=ALLOWED, unit_user=404)),
    "api.sheets":        ("GET",  "/api/sheets",                                  everyone(200, anonymous=401)),
    "api.sheet":         ("GET",  "/api/sheets/{sheet}",                          roles(401, admin=200, leader=404, inspector=200, unit_user=404)),
    "api.answers":       ("POST", "/api/sheets/{sheet}/answers",                  roles(401, admin=ALLOWED, leader=404, inspector=ALLOWED, unit_user=404)),
    "api.submit":        ("POST", "/api/sheets/{sheet}/submit",                   roles(401, admin=ALLOWED, leader=404, inspector=ALLOWED, unit_user=404)),
    "api.evidence":      ("POST", "/api/sheets/{sheet}/evidence",                 roles(401, admin=ALLOWED, leader=404, inspector=ALLOWED, unit_user=404)),
    # The rectification ledger: {rectification} is a row of {campaign} led by the unit user's unit.
    "api.rectifications":            ("GET",  "/api/rectifications",                       everyone(200, anonymous=401)),
    "api.rectification":             ("GET",  "/api/rectifications/{rectification}",       roles(401, admin=200, leader=200, inspector=200, unit_user=200)),
    "api.rectification_evidence":    ("POST", "/api/rectifications/{rectification}/evidence", roles(401, admin=ALLOWED, inspector=ALLOWED, unit_user=ALLOWED)),
    "api.rectification_action":      ("POST", "/api/rectifications/{rectification}/start", roles(401, unit_user=ALLOWED)),
    "api.file_finding":              ("POST", "/api/findings",                             roles(401, admin=ALLOWED, inspector=ALLOWED)),
    "rectification.evidence_file":   ("GET",  "/rectifications/{rectification}/evidence/999999", roles(admin=404, leader=404, inspector=404, unit_user=404)),
    "rectification.index":           ("GET",  "/rectifications",                           everyone(200)),
    "rectification.row":             ("GET",  "/rectifications/{rectification}",           roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rectification.move":            ("POST", "/rectifications/{rectification}/move/start", roles(unit_user=ALLOWED)),
    "rectification.note":            ("POST", "/rectifications/{rectification}/note",      roles(admin=ALLOWED, inspector=ALLOWED, unit_user=ALLOWED)),
    "rectification.evidence":        ("POST", "/rectifications/{rectification}/evidence",  roles(admin=ALLOWED, inspector=ALLOWED, unit_user=ALLOWED)),
    "rectification.extension":       ("POST", "/rectifications/{rectification}/extension", roles(unit_user=ALLOWED)),
    "rectification.decision":        ("POST", "/rectifications/{rectification}/extension/decision", roles(admin=ALLOWED)),
    "rectification.edit":            ("POST", "/rectifications/{rectification}/edit",      roles(admin=ALLOWED)),
    "rectification.overview":        ("GET",  "/rectifications/overview",                  roles(admin=200, leader=200)),
    "rectification.new":             ("GET",  "/rectifications/new",                       roles(admin=200, inspector=200)),
    "rectification.file_campaign":   ("POST", "/campaigns/{campaign}/rectifications",      roles(admin=302)),
    "rectification.aliases":         ("GET",  "/rectifications/aliases",                   roles(admin=200)),
    "rectification.delete_alias":    ("POST", "/rectifications/aliases/999999/delete",          roles(admin=404)),
    "rectification.export":          ("GET",  "/rectifications/export.xlsx",               everyone(200)),
    "rectification.import_ledger":   ("GET",  "/rectifications/import",                    roles(admin=200)),
    "rectification.static":          ("GET",  "/rectification/static/rectification/ledger.css", everyone(200, anonymous=200)),
    # The office's administration: leaders read, only admins write (DESIGN.md, "Who sees what").
    "admin.campaigns":         ("GET",  "/admin/campaigns",                           roles(admin=200, leader=200)),
    "admin.campaign":          ("GET",  "/admin/campaigns/{campaign}",                roles(admin=200, leader=200)),
    "admin.new_campaign":      ("GET",  "/admin/campaigns/new",                       roles(admin=200)),
    "admin.checklists":        ("GET",  "/admin/checklists",                          roles(admin=200, leader=200)),
    "admin.checklist_version": ("GET",  "/admin/checklists/{version}",                roles(admin=200, leader=200)),
    "admin.checklist_diff":    ("GET",  "/admin/checklists/{version}/diff/{version}", roles(admin=200, leader=200)),
    "admin.checklist_yaml":    ("GET",  "/admin/checklists/{version}.yaml",           roles(admin=200, leader=200)),
    "admin.checklist_xlsx":    ("GET",  "/admin/checklists/{version}.xlsx",           roles(admin=200, leader=200)),
    "admin.users":             ("GET",  "/admin/users",                               roles(admin=200, leader=200)),
    "admin.user":              ("GET",  "/admin/users/{user}",                        roles(admin=200, leader=200)),
    "admin.new_user":          ("GET",  "/admin/users/new",                           roles(admin=200)),
    "admin.units":             ("GET",  "/admin/units",                               roles(admin=200, leader=200)),
    "admin.areas":             ("GET",  "/admin/areas",                               roles(admin=200, leader=200)),
    "admin.audit_log":         ("GET",  "/admin/audit",                               roles(admin=200)),
    "admin.add_subjects":      ("POST", "/admin/campaigns/{campaign}/subjects",       roles(admin=ALLOWED)),
    "admin.import_subject_sheet": ("POST", "/admin/campaigns/{campaign}/subjects/import", roles(admin=ALLOWED)),
    "admin.add_team":          ("POST", "/admin/campaigns/{campaign}/teams",          roles(admin=ALLOWED)),
    "admin.import_team_sheet": ("POST", "/admin/campaigns/{campaign}/teams/import",   roles(admin=ALLOWED)),
    "admin.assign":            ("POST", "/admin/campaigns/{campaign}/assignments",    roles(admin=ALLOWED)),
    "admin.import_assignment_sheet": ("POST", "/admin/campaigns/{campaign}/assignments/import", roles(admin=ALLOWED)),
    "admin.set_status":        ("POST", "/admin/campaigns/{campaign}/open",           roles(admin=ALLOWED)),
    "admin.publish":           ("POST", "/admin/campaigns/{campaign}/withdraw",       roles(admin=ALLOWED)),
    "admin.reset_user_password": ("POST", "/admin/users/{user}/password",             roles(admin=ALLOWED)),
    "admin.import_area_sheet": ("POST", "/admin/areas/import",                        roles(admin=ALLOWED)),
    # Undoing acts on the campaign nobody of the team scores, last: they remove what they name.
    "admin.remove_assignment": ("POST", "/admin/campaigns/{other_campaign}/assignments/{other_assignment}/remove", roles(admin=ALLOWED)),
    "admin.remove_team":       ("POST", "/admin/campaigns/{other_campaign}/teams/{other_team}/remove", roles(admin=ALLOWED)),
    "admin.remove_subject":    ("POST", "/admin/campaigns/{other_campaign}/subjects/{other_subject}/remove", roles(admin=ALLOWED)),
    "admin.delete_campaign":   ("POST", "/admin/campaigns/{other_campaign}/delete",   roles(admin=ALLOWED)),
}

# Writes of pages that also read (one row per endpoint above is the GET).
ADMIN_WRITES = {
    "admin.new_campaign":      ("POST", "/admin/campaigns/new",                       roles(admin=ALLOWED)),
    "admin.checklists":        ("POST", "/admin/checklists",                          roles(admin=ALLOWED)),
    "admin.user":              ("POST", "/admin/users/{user}",                        roles(admin=ALLOWED)),
    "admin.new_user":          ("POST", "/admin/users/new",                           roles(admin=ALLOWED)),
    "admin.units":             ("POST", "/admin/units",                               roles(admin=ALLOWED)),
    "admin.areas":             ("POST", "/admin/areas",                               roles(admin=ALLOWED)),
    "rectification.new":       ("POST", "/rectifications/new",                        roles(admin=ALLOWED, inspector=ALLOWED)),
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
    "rankings.history":  ("GET",  "/campaigns/{published}/rankings/{published_subject}/history", roles(admin=200, leader=200, inspector=200, unit_user=200)),
    "rankings.photo":    ("GET",  "/campaigns/{published}/rankings/{published_subject}/photos/{photo}", roles(admin=200, leader=200, inspector=200, unit_user=200)),
}

# Campaigns nobody of the team scores: an inspector does not even learn they exist.
OTHERS = {
    "main.campaign":     ("GET",  "/campaigns/{other_campaign}",                  roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.campaign": ("GET",  "/campaigns/{other_campaign}/rankings",         roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "inspect.sheet":     ("GET",  "/sheets/{other_sheet}",                        roles(admin=200, leader=404, inspector=404, unit_user=404)),
    "api.sheet":         ("GET",  "/api/sheets/{other_sheet}",                    roles(401, admin=200, leader=404, inspector=404, unit_user=404)),
    "api.answers":       ("POST", "/api/sheets/{other_sheet}/answers",            roles(401, admin=ALLOWED, leader=404, inspector=404, unit_user=404)),
    "api.evidence":      ("POST", "/api/sheets/{other_sheet}/evidence",           roles(401, admin=ALLOWED, leader=404, inspector=404, unit_user=404)),
    "api.campaign_rankings": ("GET", "/api/campaigns/{other_campaign}/rankings", roles(anonymous=401, admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.history":  ("GET",  "/campaigns/{other_campaign}/rankings/{other_subject}/history", roles(admin=200, leader=200, inspector=404, unit_user=404)),
    "rankings.photo":    ("GET",  "/campaigns/{other_campaign}/rankings/{other_subject}/photos/{photo}", roles(admin=404, leader=404, inspector=404, unit_user=404)),
}

UNROUTED = {"static", "inspect.static", "rankings.static"}  # scripts and style sheets, for everyone
LOGOUT = {"auth.logout"}  # routes after which the client logs in again


@pytest.fixture
def world(app, engine, make_campaign, make_user):
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
    with Session(engine) as session:
        finding = Finding(campaign_id=scored.campaign.id, subject_id=scored.subjects[0].id, item_code="A1", text="扣分")
        session.add(finding)
        session.flush()
        rectification = Rectification(finding_id=finding.id, problem="识别不准", lead_unit_id=unit_id)
        session.add(rectification)
        session.commit()
        rectification_id = rectification.id
    # The published campaign was scored by the same inspector, so it is theirs once published.
    ids = {
        "rectification": rectification_id,
        "campaign": scored.campaign.id,
        "subject": scored.subjects[0].id,
        "sheet": scored.sheets[0].id,
        "teammate_sheet": scored.sheets[1].id,
        "other_campaign": other.campaign.id,
        "other_sheet": other.sheets[0].id,
        "published": published.campaign.id,
        "published_subject": published.subjects[0].id,
        "version": scored.campaign.checklist_version_id,
        "user": scored.inspectors[1].id,
        "other_subject": other.subjects[0].id,
    }
    with Session(engine) as session:
        ids["other_team"] = session.exec(select(InspectionTeam.id).where(InspectionTeam.campaign_id == other.campaign.id)).one()
        ids["other_assignment"] = session.exec(select(Assignment.id).where(Assignment.campaign_id == other.campaign.id)).one()
    _assign_inspector_to(engine, published, scored.inspectors[0].id)
    ids["photo"] = _signed_off_with_photo(app, engine, published.sheets[0].id)
    return users, ids


def _signed_off_with_photo(app, engine, sheet_id: int) -> int:
    """Sign off the sheet with a photo on A1; the photo's id."""
    with app.app_context():
        (upload_folder() / "world.jpg").write_bytes(JPEG)
    with Session(engine) as session:
        photo = Evidence(sheet_id=sheet_id, item_code="A1", file_path="world.jpg", content_type="image/jpeg",
                         size=len(JPEG), sha256=hashlib.sha256(JPEG).hexdigest())
        session.add(photo)
        session.execute(update(ScoreSheet).where(ScoreSheet.id == sheet_id)
                        .values(status=SheetStatus.SIGNED_OFF, signed_off_at=utcnow()))
        session.commit()
        return photo.id


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


@pytest.mark.parametrize(
    "table", [ROUTES, PUBLISHED, OTHERS, ADMIN_WRITES], ids=["own", "published", "others", "admin_writes"]
)
def test_every_role_is_answered_as_the_policy_says(app, world, table):
    users, ids = world
    wrong = []
    for role in ROLES:
        client, logged_in = app.test_client(), False
        for endpoint, (method, path, expected) in table.items():
            if role != ANON and not logged_in:
                client.post("/auth/login", data={"username": users[role], "password": PASSWORD})
            url = path.format(**ids)
            with client.open(url, method=method) as response:  # closed: files are streamed
                status = response.status_code
            logged_in = endpoint not in LOGOUT
            want = expected[role]
            ok = (status < 500 and status not in (401, 403, 404)) if want == ALLOWED else status == want
            if not ok:
                wrong.append(f"{role} {method} {url}: {status}, expected {want}")
    assert wrong == [], "\n".join(wrong)
