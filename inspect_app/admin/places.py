"""The area tree edited and imported by the office: all rows of a sheet or none."""

from sqlmodel import Session, select

from inspect_app.admin.errors import note, refuse_unless
from inspect_app.admin.sheet_rows import read_rows
from inspect_app.checklist_tables import BadRow
from inspect_app.db import writing
from inspect_app.models import Area, AreaLevel, User

LEVELS = (("区", AreaLevel.DISTRICT), ("乡镇", AreaLevel.TOWN), ("村", AreaLevel.VILLAGE))


def save_area(*, session: Session, by: User, area: Area, name: str, level: AreaLevel, parent_id: int | None) -> Area:
    """Create or rename an area; names are unique under one parent."""
    refuse_unless(parent_id is None or parent_id != area.id, "上级不能是它自己。")
    with writing(session):
        same = select(Area).where(Area.name == name, Area.parent_id == parent_id)
        if area.id is not None:
            same = same.where(Area.id != area.id)
        refuse_unless(session.exec(same).first() is None, f"同一上级下已有“{name}”。")
        old = area.name
        area.name, area.level, area.parent_id = name, level, parent_id
        session.add(area)
        session.flush()
        note(session, by, "area", area.id, "name", old, name)
    return area


def import_areas(*, session: Session, by: User, data: bytes, filename: str) -> tuple[list[BadRow], int]:
    """Add the paths 区 → 乡镇 → 村 of each row that are missing; the refused cells and how many were added."""
    rows, bad = read_rows(data, filename, ("乡镇",))
    paths = []
    for row in rows:
        names = [row.text(column) for column, _ in LEVELS]
        if not names[1]:
            bad.append(row.bad("乡镇", "乡镇不能为空"))
        for (column, _), name in zip(LEVELS, names, strict=True):
            if len(name) > 100:
                bad.append(row.bad(column, "名称太长（最多100字）"))
        paths.append(names)
    if bad:
        return bad, 0
    added = 0
    with writing(session):
        for names in paths:
            parent_id = None
            for (_, level), name in zip(LEVELS, names, strict=True):
                if not name:
                    continue
                found = session.exec(select(Area).where(Area.name == name, Area.parent_id == parent_id)).first()
                if found is None:
                    found = Area(name=name, level=level, parent_id=parent_id)
                    session.add(found)
                    session.flush()
                    note(session, by, "area", found.id, "created", None, name)
                    added += 1
                parent_id = found.id
    return [], added
