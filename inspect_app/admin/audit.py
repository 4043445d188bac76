"""The audit log for admins: filtered by who, what, when and object; paginated; read only."""

from datetime import date, datetime, time, timedelta

from flask import g, render_template, request
from sqlalchemy import func
from sqlmodel import select

from inspect_app import policy
from inspect_app.admin import bp
from inspect_app.admin.forms import AuditFilter, options
from inspect_app.db import get_session
from inspect_app.models import AuditLog, User
from inspect_app.models.base import utcnow

PAGE = 50


def _day(text: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when blank or not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.route("/audit")
def audit_log():
    """Audit rows newest first, PAGE a page."""
    policy.act(policy.may_read_audit(g.user), "audit log")
    session = get_session()
    form = AuditFilter(request.args)
    form.user.choices = options(
        [(0, "（全部）")] + [(u.id, u.display_name) for u in session.exec(select(User).order_by(User.username))]
    )
    form.validate()
    query = select(AuditLog, User).outerjoin(User, User.id == AuditLog.user_id)
    if form.user.data:
        query = query.where(AuditLog.user_id == form.user.data)
    if form.entity.data:
        query = query.where(AuditLog.entity_type == form.entity.data.strip())
    if form.entity_id.data is not None and not form.entity_id.errors:
        query = query.where(AuditLog.entity_id == form.entity_id.data)
    if form.field.data:
        query = query.where(AuditLog.field == form.field.data.strip())
    zone = utcnow().tzinfo
    if since := _day(form.since.data):
        query = query.where(AuditLog.at >= datetime.combine(since, time(), zone))
    if until := _day(form.until.data):
        query = query.where(AuditLog.at < datetime.combine(until + timedelta(days=1), time(), zone))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = max(1, request.args.get("page", 1, type=int))
    rows = session.exec(query.order_by(AuditLog.id.desc()).offset((page - 1) * PAGE).limit(PAGE)).all()
    bad_dates = [
        name for name in ("since", "until") if getattr(form, name).data and _day(getattr(form, name).data) is None
    ]
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "admin/audit.html",
        form=form,
        rows=rows,
        page=page,
        pages=max(1, -(-total // PAGE)),
        total=total,
        args=args,
        bad_dates=bad_dates,
    )
