"""Subjects and assignments of a campaign imported from a sheet: all rows or none."""

from sqlmodel import Session, select

from inspect_app.admin.campaign_setup import add_subjects, assign_team, new_team
from inspect_app.admin.sheet_rows import SheetRow, read_rows
from inspect_app.checklist_tables import BadRow
from inspect_app.db import writing
from inspect_app.models import Area, Campaign, CampaignSubject, InspectionTeam, Role, Unit, User

SUBJECT, TOWN, TEAM = "考核对象", "所属乡镇", "督查组"
NAME, USERNAME, LEADER = "姓名", "用户名", "组长"
YES_NO = {"是": True, "否": False, "": False}


def import_subjects(*, session: Session, by: User, campaign: Campaign, data: bytes, filename: str) -> list[BadRow]:
    """Add the subjects named in column 考核对象 (areas, or units); the refused cells, else []."""
    rows, bad = read_rows(data, filename, (SUBJECT,))
    areas = session.exec(select(Area)).all()
    names = {area.id: area.name for area in areas}
    units = {unit.name: unit for unit in session.exec(select(Unit))}
    found_areas, found_units = [], []
    for row in rows:
        name, town = row.text(SUBJECT), row.text(TOWN)
        matches = [a for a in areas if a.name == name and (not town or names.get(a.parent_id) == town)]
        if len(matches) == 1:
            found_areas.append(matches[0])
        elif not matches and name in units:
            found_units.append(units[name])
        elif matches:
            bad.append(row.bad(SUBJECT, "有多个同名地区，请在“所属乡镇”列写明上级"))
        else:
            bad.append(row.bad(SUBJECT, "没有这个地区或单位（请先在“地区”或“单位”中添加）"))
    if not bad:
        add_subjects(session=session, by=by, campaign=campaign, areas=found_areas, units=found_units)
    return bad


def import_assignments(*, session: Session, by: User, campaign: Campaign, data: bytes, filename: str) -> list[BadRow]:
    """Assign the team in column 督查组 to the subject in column 考核对象, row by row; the refused cells, else []."""
    rows, bad = read_rows(data, filename, (TEAM, SUBJECT))
    teams = {t.name: t for t in session.exec(select(InspectionTeam).where(InspectionTeam.campaign_id == campaign.id))}
    subjects = session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign.id)).all()
    pairs: list[tuple[InspectionTeam, CampaignSubject]] = []
    for row in rows:
        team = teams.get(row.text(TEAM))
        if team is None:
            bad.append(row.bad(TEAM, "本任务没有这个督查组（请先建组）"))
        town = row.text(TOWN)
        matches = [s for s in subjects if s.name == row.text(SUBJECT) and (not town or s.group_name == town)]
        if len(matches) != 1:
            why = "本任务没有这个考核对象" if not matches else "有多个同名考核对象，请在“所属乡镇”列写明上级"
            bad.append(row.bad(SUBJECT, why))
        elif team is not None:
            pairs.append((team, matches[0]))
    if not bad:
        with writing(session):
            for team, subject in pairs:
                assign_team(session=session, by=by, team=team, subjects=[subject])
    return bad


def _member(row: SheetRow, inspectors: list[User]) -> tuple[User | None, BadRow | None]:
    """The active inspector a row names by 用户名 (or else by 姓名), or why none."""
    if row.text(USERNAME):
        found = [u for u in inspectors if u.username == row.text(USERNAME)]
        return (found[0], None) if found else (None, row.bad(USERNAME, "没有这个在职督查员（用户名）"))
    found = [u for u in inspectors if u.display_name == row.text(NAME)]
    if len(found) == 1:
        return found[0], None
    why = "有多个同名督查员，请填写“用户名”列" if found else "没有这个在职督查员（请填写“用户名”或“姓名”）"
    return None, row.bad(NAME, why)


def import_teams(*, session: Session, by: User, campaign: Campaign, data: bytes, filename: str) -> list[BadRow]:
    """New teams from rows of 督查组, 姓名 or 用户名, 组长 (是/否), one leader each; the refused cells, else []."""
    rows, bad = read_rows(data, filename, (TEAM, LEADER))
    taken = set(session.exec(select(InspectionTeam.name).where(InspectionTeam.campaign_id == campaign.id)))
    inspectors = session.exec(select(User).where(User.role == Role.INSPECTOR, User.active)).all()
    teams: dict[str, list[tuple[SheetRow, User, bool]]] = {}
    for row in rows:
        name, member = row.text(TEAM), None
        if not name or name in taken:
            bad.append(row.bad(TEAM, "请填写督查组名称" if not name else "本任务已有这个督查组"))
        user, refused = _member(row, inspectors)
        if refused:
            bad.append(refused)
        elif user.id in {u.id for _, u, _ in teams.get(name, [])}:
            bad.append(row.bad(USERNAME if row.text(USERNAME) else NAME, "此人在本组已列出"))
        else:
            member = user
        if row.text(LEADER) not in YES_NO:
            bad.append(row.bad(LEADER, "组长列请填“是”或“否”"))
        elif member is not None:
            teams.setdefault(name, []).append((row, member, YES_NO[row.text(LEADER)]))
    for name, members in teams.items():
        if sum(leads for _, _, leads in members) != 1:
            bad.append(members[0][0].bad(LEADER, f"督查组“{name}”须有且只有一名组长（组长列填“是”）"))
    if not bad:
        with writing(session):
            for name, members in teams.items():
                leader = next(user for _, user, leads in members if leads)
                people = [user for _, user, _ in members]
                new_team(session=session, by=by, campaign=campaign, name=name, members=people, leader=leader)
    return bad
