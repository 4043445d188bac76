"""Chinese labels of the platform's words, in one place for pages, exports and messages."""

from inspect_app.models import (
    AreaLevel,
    CampaignKind,
    CampaignStatus,
    FindingKind,
    RectificationStatus,
    Role,
    SheetStatus,
    UnitKind,
)

ROLE_LABELS = {
    Role.ADMIN: "管理员",
    Role.INSPECTOR: "督查员",
    Role.LEADER: "领导",
    Role.UNIT_USER: "责任单位用户",
}

CAMPAIGN_STATUS_LABELS = {CampaignStatus.OPEN: "进行中", CampaignStatus.CLOSED: "已结束"}

CAMPAIGN_KIND_LABELS = {
    CampaignKind.ANNUAL: "年度成效考核",
    CampaignKind.POINTS_1000: "千分制",
    CampaignKind.SUPERVISION: "督查巡查",
    CampaignKind.COVERT: "暗访",
    CampaignKind.EXIT: "退出验收",
}

QUARTER_LABELS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

AREA_LEVEL_LABELS = {
    AreaLevel.COUNTY: "县",
    AreaLevel.DISTRICT: "区",
    AreaLevel.TOWN: "乡镇",
    AreaLevel.VILLAGE: "村",
    AreaLevel.HAMLET: "组",
}

UNIT_KIND_LABELS = {
    UnitKind.DEPARTMENT: "区直部门",
    UnitKind.TOWN_GOVERNMENT: "镇人民政府",
    UnitKind.SUPPORTING_UNIT: "后盾单位",
}

SHEET_STATUS_LABELS = {SheetStatus.DRAFT: "草稿", SheetStatus.SUBMITTED: "已提交", SheetStatus.SIGNED_OFF: "已签认"}

# A subject's status in the engine's results.
RESULT_STATUS_LABELS = {"ok": "正常", "incomplete": "未完成", "excluded": "不参评"}

RECTIFICATION_STATUS_LABELS = {
    RectificationStatus.OPEN: "待整改",
    RectificationStatus.IN_PROGRESS: "整改中",
    RectificationStatus.SUBMITTED: "待验收",
    RectificationStatus.CLOSED: "已销号",
}

FINDING_KIND_LABELS = {
    FindingKind.SCORED: "考核评分",
    FindingKind.UNANNOUNCED: "暗访",
    FindingKind.LOOK_BACK: "回头看",
    FindingKind.WAR_ZONE: "战区督战",
    FindingKind.THIRD_PARTY: "第三方评估",
}

# A standalone finding's photos: the form's field, and the note each photo is kept under as evidence.
FINDING_PHOTOS_LABEL = "现场照片"

# The workflow's moves, as buttons name them.
RECTIFICATION_ACTION_LABELS = {"start": "开始整改", "submit": "申请销号", "return": "退回整改", "close": "验收销号"}

# Fields of a ledger row as its history names them.
RECTIFICATION_FIELD_LABELS = {
    "status": "状态",
    "note": "进展说明",
    "evidence": "佐证材料",
    "requested_deadline": "申请延期至",
    "deadline": "整改时限",
    "measure": "整改措施",
    "person_responsible": "责任人",
    "lead_unit_id": "牵头责任单位",
    "co_units": "协同责任单位",
}


def as_context() -> dict[str, dict]:
    """The labels as template variables."""
    return {
        "role_labels": ROLE_LABELS,
        "campaign_status_labels": CAMPAIGN_STATUS_LABELS,
        "campaign_kind_labels": CAMPAIGN_KIND_LABELS,
        "quarter_labels": QUARTER_LABELS,
        "area_level_labels": AREA_LEVEL_LABELS,
        "unit_kind_labels": UNIT_KIND_LABELS,
        "sheet_status_labels": SHEET_STATUS_LABELS,
        "result_status_labels": RESULT_STATUS_LABELS,
        "rectification_status_labels": RECTIFICATION_STATUS_LABELS,
        "finding_kind_labels": FINDING_KIND_LABELS,
        "rectification_field_labels": RECTIFICATION_FIELD_LABELS,
        "rectification_action_labels": RECTIFICATION_ACTION_LABELS,
    }
