"""Storing checklist texts as versions; a campaign points at exactly one."""

import hashlib
from pathlib import Path

import yaml
from sqlalchemy import func
from sqlmodel import Session, select

from inspect_app.models import ChecklistVersion, User


class ChecklistTextError(ValueError):
    """The text is not a checklist this store can file (no id, not a mapping...)."""


def store_checklist_version(*, session: Session, yaml_text: str, user: User | None = None) -> ChecklistVersion:
    """The version holding exactly yaml_text: the existing one, or a new one numbered next.

    Only the fields needed to file it (id, title, subject) are read here; validating the
    checklist is the scoring engine's job (scoring.parse_checklist_text).
    """
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as error:
        raise ChecklistTextError(f"not valid YAML: {error}") from error
    if not isinstance(data, dict) or not data.get("id"):
        raise ChecklistTextError("a checklist is a mapping with an id")
    checklist_id = str(data["id"])
    sha256 = hashlib.sha256(yaml_text.encode()).hexdigest()
    existing = session.exec(
        select(ChecklistVersion).where(ChecklistVersion.checklist_id == checklist_id, ChecklistVersion.sha256 == sha256)
    ).first()
    if existing is not None:
        return existing
    latest = session.exec(
        select(func.max(ChecklistVersion.version)).where(ChecklistVersion.checklist_id == checklist_id)
    ).one()
    version = ChecklistVersion(
        checklist_id=checklist_id,
        version=(latest or 0) + 1,
        title=str(data.get("title") or checklist_id),
        subject_kind=str(data.get("subject") or ""),
        yaml_text=yaml_text,
        sha256=sha256,
        created_by_id=user.id if user else None,
    )
    session.add(version)
    session.flush()
    return version


def store_checklist_files(*, session: Session, paths: list[Path], user: User | None = None) -> list[ChecklistVersion]:
    """Store each YAML file's text as a checklist version, in the order given."""
    return [
        store_checklist_version(session=session, yaml_text=path.read_text(encoding="utf-8"), user=user)
        for path in paths
    ]
