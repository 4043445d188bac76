"""The rectification ledger's calls (DESIGN.md, "The JSON API"): list, one row, evidence, moves."""

from flask import g, request, url_for

from inspect_app.api import bp
from inspect_app.db import get_session
from inspect_app.models import RectificationStatus
from inspect_app.rectification import services
from inspect_app.rectification.errors import InvalidValue
from inspect_app.rectification.ledger import Filters, LedgerRow, evidence_of, history, ledger_rows


@bp.get("/rectifications")
def rectifications():
    """The ledger rows this user may see; ?status= open|in_progress|submitted|closed."""
    status = request.args.get("status") or None
    if status is not None and status not in set(RectificationStatus):
        raise InvalidValue(f"状态“{status}”不存在：可选 open、in_progress、submitted、closed。")
    rows = ledger_rows(
        session=get_session(), user=g.user, filters=Filters(status=status and RectificationStatus(status))
    )
    return [_summary(row) for row in rows]


@bp.get("/rectifications/<int:row_id>")
def rectification(row_id: int):
    """One row with its history and evidence."""
    return _detail(row_id)


@bp.post("/rectifications/<int:row_id>/evidence")
def rectification_evidence(row_id: int):
    """Add one file (form field `file`, optional `note`) as evidence; 201 with the row."""
    services.add_evidence(
        get_session(), row_id=row_id, file=request.files.get("file"), user=g.user, note=request.form.get("note", "")
    )
    return _detail(row_id), 201


@bp.post("/rectifications/<int:row_id>/<action>")
def rectification_action(row_id: int, action: str):
    """start | submit | return | close, on body {base_version, note}; 200 {status, version}."""
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    row = services.move(
        get_session(),
        row_id=row_id,
        action=action,
        base_version=body.get("base_version"),
        note=str(body.get("note") or ""),
        user=g.user,
    )
    return {"status": row.status.value, "version": row.version}


def _summary(row: LedgerRow) -> dict:
    """A row as the list gives it (the contract's fields first, then extras)."""
    return {
        "id": row.id,
        "status": row.status.value,
        "subject": row.subject,
        "item": row.item,
        "problem": row.problem,
        "lead_unit": row.lead_unit,
        "co_units": row.co_units,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "overdue": row.overdue,
        "version": row.version,
        "source": row.source,
        "town": row.town,
        "measure": row.measure,
        "person_responsible": row.person_responsible,
        "requested_deadline": row.requested_deadline.isoformat() if row.requested_deadline else None,
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
        "reviewer": row.reviewer,
    }


def _detail(row_id: int) -> dict:
    """One visible row with "history" and "evidence"."""
    session = get_session()
    services.visible_row(session, g.user, row_id)
    (row,) = ledger_rows(session=session, user=g.user, row_id=row_id)
    return _summary(row) | {
        "history": [
            {"who": c.who, "when": c.at.isoformat(), "what": c.field, "old": c.old, "new": c.new, "reason": c.reason}
            for c in history(session=session, row_id=row_id)
        ],
        "evidence": [
            {
                "id": e.id,
                "content_type": e.content_type,
                "size": e.size,
                "note": e.note,
                "uploaded_by": who,
                "when": e.created_at.isoformat(),
                "url": url_for("rectification.evidence_file", row_id=row_id, evidence_id=e.id),
            }
            for e, who in evidence_of(session=session, row_id=row_id)
        ],
    }
