"""The data model, split by area; importing this package registers every table."""

from inspect_app.models.areas import Area, AreaLevel, Unit, UnitAlias, UnitKind
from inspect_app.models.audit import AuditLog, AuditLogIsAppendOnly
from inspect_app.models.campaigns import (
    Assignment,
    Campaign,
    CampaignKind,
    CampaignStatus,
    CampaignSubject,
    InspectionTeam,
    TeamMember,
)
from inspect_app.models.checklists import ChecklistVersion
from inspect_app.models.findings import (
    Finding,
    FindingKind,
    Rectification,
    RectificationCoUnit,
    RectificationEvidence,
    RectificationStatus,
)
from inspect_app.models.logins import FailedLogin, LoginSession
from inspect_app.models.results import CampaignResult, CampaignResultSubject
from inspect_app.models.sheets import (
    Answer,
    AnswerBase,
    Evidence,
    ScoreSheet,
    SheetStatus,
    Submission,
)
from inspect_app.models.trends import CompositeCampaign, ConsequenceDecision
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
    "CampaignKind",
    "CampaignResult",
    "CampaignResultSubject",
    "CampaignStatus",
    "CampaignSubject",
    "CompositeCampaign",
    "ConsequenceDecision",
    "ChecklistVersion",
    "Evidence",
    "FailedLogin",
    "Finding",
    "FindingKind",
    "InspectionTeam",
    "LoginSession",
    "Rectification",
    "RectificationCoUnit",
    "RectificationEvidence",
    "RectificationStatus",
    "Role",
    "ScoreSheet",
    "SheetStatus",
    "Submission",
    "TeamMember",
    "Unit",
    "UnitAlias",
    "UnitKind",
    "User",
    "UserCreate",
]
