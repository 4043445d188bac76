"""The sheet calls of the JSON API (DESIGN.md, "The JSON API"): the phone form syncs through them."""

from dataclasses import asdict

from flask import g, request

from inspect_app.api import bp
from inspect_app.db import get_session
from inspect_app.inspect import services


@bp.get("/sheets")
def sheets():
    """The sheets this user scores."""
    return [asdict(summary) for summary in services.my_sheets(session=get_session(), user=g.user)]


@bp.get("/sheets/<int:sheet_id>")
def sheet(sheet_id: int):
    """One sheet: its answer codes, answers and the engine's provisional scores."""
    return services.sheet_detail(session=get_session(), user=g.user, sheet_id=sheet_id)


@bp.post("/sheets/<int:sheet_id>/answers")
def answers(sheet_id: int):
    """Save some answers, once per submission id, conditionally on base_version."""
    result = services.save(session=get_session(), user=g.user, sheet_id=sheet_id,
                           body=request.get_json(silent=True))
    return {"version": result.version, "duplicate": result.duplicate}


@bp.post("/sheets/<int:sheet_id>/submit")
def submit(sheet_id: int):
    """Submit a complete sheet."""
    version = services.submit(session=get_session(), user=g.user, sheet_id=sheet_id,
                              body=request.get_json(silent=True))
    return {"version": version, "status": "submitted"}


@bp.post("/sheets/<int:sheet_id>/evidence")
def evidence(sheet_id: int):
    """Attach a photo or document (judged by content) to one item."""
    row, seen = services.add_evidence(session=get_session(), user=g.user, sheet_id=sheet_id,
                                      item=request.form.get("item", ""), file=request.files.get("file"),
                                      client_uuid=request.form.get("upload"))
    body = {"id": row.id, "item": row.item_code, "content_type": row.content_type, "size": row.size,
            "duplicate": seen}
    return body, 200 if seen else 201
