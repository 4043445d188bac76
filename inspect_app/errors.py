"""Every error answered in one place: domain errors and HTTP errors to Chinese pages or API JSON.

`DOMAIN_ERRORS` is the one table from a domain exception to (status, code, message). An
exception may carry `payload` (a dict) that the JSON answer adds, such as a stale sheet's
current version. Pages get a Chinese page (the login page for LoginRequired); the JSON API
(`/api/...`) gets `{"error": code, "message": "中文", ...}`. Refused access is appended to the
audit log. No traceback ever reaches a user.
"""

from flask import Flask, current_app, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from inspect_app.admin.errors import AdminRefusal
from inspect_app.audit import record_change
from inspect_app.db import write_session, writing
from inspect_app.inspect.errors import BadRequestBody, IncompleteSheet, InvalidAnswers, NoSuchAssignee
from inspect_app.policy import LoginRequired, NotVisible, Refused
from inspect_app.rankings.composite import BadCompositeChoice, UnknownComposite
from inspect_app.rankings.consequences import DecisionNoteRequired, NoSuchProposal
from inspect_app.rankings.services import NotInCampaign, RankingUnavailable
from inspect_app.rectification.errors import (
    EvidenceRequired,
    FindingConflict,
    InvalidFinding,
    InvalidTransition,
    InvalidValue,
    NoteRequired,
    StaleRectification,
)
from inspect_app.security import ControlCharacters
from inspect_app.sheets.errors import NotAllowed, SheetLocked, SheetNotFound, StaleSheet, SubmissionConflict
from inspect_app.uploads import UnsupportedUpload, UploadTooLarge

# status → (code, title, what to do)
HTTP_MESSAGES = {
    400: ("bad_request", "请求无法处理", "提交的内容无法识别，或页面已过期。请返回上一页，刷新后重新提交。"),
    401: ("login_required", "请先登录", "登录已过期或尚未登录，请重新登录后再操作。"),
    403: ("forbidden", "没有权限", "您的账号不能查看或修改此页。如确需办理，请联系扶贫办管理员。"),
    404: ("not_found", "页面不存在", "您要找的页面不存在：考核任务或考核对象可能已被删除，或链接有误。"),
    405: ("method_not_allowed", "操作不允许", "此页面不接受这种操作，请从页面上的按钮或链接进入。"),
    409: ("conflict", "操作冲突", "数据已被他人更新，请刷新后核对再操作。"),
    413: ("too_large", "文件太大", "上传的文件超过大小限制，请压缩后重新上传。"),
    415: ("unsupported_type", "文件类型不支持", "只接受 JPEG、PNG、WebP 图片和 PDF 文件。"),
    422: ("invalid", "内容有误", "提交的内容有误，请按提示修改后重新提交。"),
    429: ("too_many_attempts", "尝试次数过多", "尝试次数过多，请稍后再试。"),
    500: ("server_error", "系统出错", "服务器处理时出错，已记入日志。请稍后重试；如一再出现，请联系管理员。"),
    503: ("unavailable", "系统繁忙", "系统正忙或数据库暂时不可用，您的内容未保存。请稍后重试。"),
}

# domain exception → (status, code, message); the most specific class wins.
DOMAIN_ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    LoginRequired: (401, "login_required", "请先登录。"),
    NotVisible: (404, "not_found", "没有这个对象，或您无权查看。"),
    Refused: (403, "forbidden", "您的账号不能进行此操作。"),
    SheetNotFound: (404, "not_found", "没有这张评分表，或您无权查看。"),
    NotAllowed: (403, "forbidden", "您不能修改这张评分表。"),
    StaleSheet: (409, "stale", "评分表已在别处更新（可能是另一台设备）。请核对两边的数值后再保存。"),
    SheetLocked: (409, "locked", "评分表已提交或已签认，不能再修改；如需修改请联系组长或管理员。"),
    SubmissionConflict: (409, "submission_conflict", "同一提交编号已用于不同的内容，未保存。"),
    InvalidTransition: (409, "invalid_transition", "整改事项当前的状态不能进行此操作，请刷新后查看。"),
    StaleRectification: (409, "stale", "整改事项已被他人更新，请刷新后核对再操作。"),
    NoteRequired: (422, "note_required", "请写明理由或进展说明。"),
    EvidenceRequired: (422, "evidence_required", "申请销号前请至少上传一份佐证材料。"),
    InvalidValue: (422, "invalid", HTTP_MESSAGES[422][2]),
    InvalidFinding: (422, "invalid", "有内容不符合要求，这条问题未录入，请按提示修改后重新提交。"),
    FindingConflict: (409, "submission_conflict", "同一提交编号已用于另一条不同的问题，未录入。"),
    InvalidAnswers: (422, "invalid", "有数值不符合检查表的要求，本次内容均未保存，请按提示修改。"),
    IncompleteSheet: (422, "incomplete", "还有评分项未填写，请填完后再提交。"),
    BadRequestBody: (400, "bad_request", "提交的内容格式不对，未保存。请刷新页面后重试。"),
    NoSuchAssignee: (422, "invalid", "所选的考核对象或用户不能进行自评，未保存。"),
    UploadTooLarge: (413, "too_large", HTTP_MESSAGES[413][2]),
    UnsupportedUpload: (415, "unsupported_type", HTTP_MESSAGES[415][2]),
    AdminRefusal: (409, "refused", "此操作不能进行：对象已有评分或与其他数据冲突。"),
    NotInCampaign: (404, "not_found", "没有这个考核任务或考核对象，或您无权查看。"),
    UnknownComposite: (404, "not_found", "没有这个综合考核规则。"),
    BadCompositeChoice: (422, "invalid", "所选考核任务不属于该年度，未保存。请重新选择。"),
    DecisionNoteRequired: (422, "note_required", "不予采纳时请写明理由，未保存。"),
    NoSuchProposal: (404, "not_found", "该考核对象本年度没有处理建议。"),
    RankingUnavailable: (409, "unscorable", "已签认的评分表暂不能计分排名，请管理员修正后再查看。"),
    ControlCharacters: (400, "bad_request", "提交的内容含有不可见的控制字符，未保存。请删除这些字符后重新提交。"),
    OperationalError: (503, "unavailable", HTTP_MESSAGES[503][2]),
}

RECORDED = {403}  # refused access goes into the audit log


def wants_json() -> bool:
    """Whether this request is the JSON API's."""
    return request.path.startswith("/api/")


def answer(status: int, code: str, message: str, payload: dict | None = None, title: str | None = None):
    """The JSON or the page for an error."""
    if status in RECORDED:
        _record_refusal(message)
    if wants_json():
        return jsonify({"error": code, "message": message, **(payload or {})}), status
    if status == 401:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    default_title = HTTP_MESSAGES.get(status, HTTP_MESSAGES[500])[1]
    return render_template("errors/error.html", title=title or default_title, advice=message), status


def explain(error: Exception) -> tuple[int, str, str]:
    """The (status, code, message) the table gives a domain exception (for a form shown again in place)."""
    status, code, message = next(row for cls, row in _by_specificity() if isinstance(error, cls))
    return status, code, getattr(error, "payload", {}).get("message", message)


def domain_error(error: Exception):
    """Answer a domain exception from the table."""
    status, code, message = next(row for cls, row in _by_specificity() if isinstance(error, cls))
    if status >= 500:
        current_app.logger.error("database unavailable", exc_info=error)
    return answer(status, code, message, getattr(error, "payload", None))


def http_error(error: HTTPException):
    """Answer an HTTP error with its Chinese title and advice."""
    status = error.code or 500
    code, title, advice = HTTP_MESSAGES.get(status, HTTP_MESSAGES[500 if status >= 500 else 400])
    if status >= 500:
        current_app.logger.error("unhandled error", exc_info=getattr(error, "original_exception", None) or error)
    return answer(status, code, advice, title=title)


def _by_specificity() -> list[tuple[type[Exception], tuple[int, str, str]]]:
    """The table's rows, subclasses before their bases."""
    return sorted(DOMAIN_ERRORS.items(), key=lambda row: -len(row[0].__mro__))


def _record_refusal(message: str) -> None:
    """Append a refused access to the audit log in its own transaction (never fails the answer)."""
    user = g.get("user")
    try:
        with write_session() as session, writing(session):
            record_change(
                session=session,
                user_id=user.id if user else None,
                entity_type="access",
                entity_id=user.id if user else 0,
                field="refused",
                old_value=None,
                new_value=f"{request.method} {request.path}"[:500],
                reason=message,
            )
    except OperationalError:
        current_app.logger.warning("could not record a refused access", exc_info=True)


def init_app(app: Flask) -> None:
    """Answer every domain and HTTP error in Chinese, as a page or as API JSON."""
    for cls in DOMAIN_ERRORS:
        app.register_error_handler(cls, domain_error)
    app.register_error_handler(HTTPException, http_error)
