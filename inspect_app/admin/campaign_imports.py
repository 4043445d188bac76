"""Subjects and assignments of a campaign imported from a sheet: all rows or none."""

from sqlmodel import Session, select

from inspect_app.admin.campaign_setup import add_subjects, assign_team
from inspect_app.admin.sheet_rows import read_rows
from inspect_app.checklist_tables import BadRow
from inspect_app.db import writing
from inspect_app.models import Area, Campaign, CampaignSubject, InspectionTeam, Unit, User

SUBJECT, TOWN, TEAM = "考核对象", "所属乡镇", "督查组"


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
