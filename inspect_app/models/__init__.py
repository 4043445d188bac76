"""The data model, split by area; importing this package registers every table."""

from inspect_app.models.areas import Area, AreaLevel, Unit, UnitKind
from inspect_app.models.audit import AuditLog, AuditLogIsAppendOnly
from inspect_app.models.campaigns import (
    Assignment,
    Campaign,
    CampaignStatus,
    CampaignSubject,
    InspectionTeam,
    TeamMember,
)
from inspect_app.models.checklists import ChecklistVersion
from inspect_app.models.findings import (
    Finding,
    Rectification,
    RectificationCoUnit,
    RectificationStatus,
)
from inspect_app.models.results import CampaignResult, CampaignResultSubject
from inspect_app.models.sheets import (
    Answer,
    AnswerBase,
    Evidence,
    ScoreSheet,
    SheetStatus,
    Submission,
)
from inspect_app.models.users import Role, User, UserCreate

__all__ = [
    "Answer",
    "AnswerBase",
    "Area",
    "AreaLevel",
    "Assignment",
    "AuditLog",
    "AuditLogIsAppendOnly",
    "Campaign",
    "CampaignResult",
    "CampaignResultSubject",
    "CampaignStatus",
    "CampaignSubject",
    "ChecklistVersion",
    "Evidence",
    "Finding",
    "InspectionTeam",
    "Rectification",
    "RectificationCoUnit",
    "RectificationStatus",
    "Role",
    "ScoreSheet",
    "SheetStatus",
    "Submission",
    "TeamMember",
    "Unit",
    "UnitKind",
    "User",
    "UserCreate",
]
