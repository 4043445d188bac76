"""Pages of the inspect job: the scoring form (with a plain POST fallback) and the service worker."""

import gzip
import uuid
from pathlib import Path

from flask import Response, flash, g, redirect, render_template, request, url_for

from inspect_app import policy
from inspect_app.auth.access import login_required
from inspect_app.db import get_session
from inspect_app.inspect import bp, scores, services
from inspect_app.inspect.errors import IncompleteSheet, InvalidAnswers, StaleAnswers
from inspect_app.inspect.forms import SelfAssessmentForm, SheetActionForm, answers_of, sheet_form_class
from inspect_app.inspect.review import subject_review
from inspect_app.inspect.self_assessment import beside, campaign_subjects, give_self_assessment, self_assessors
from inspect_app.sheets.services import reopen_sheet, send_back_sheet, sign_off_sheet


@bp.route("/sheets/<int:sheet_id>", methods=["GET", "POST"])
@login_required
def sheet(sheet_id: int):
    """The scoring page; a POST saves (or submits) without JavaScript."""
    session = get_session()
    row, checklist = services.sheet_and_checklist(session=session, user=g.user, sheet_id=sheet_id)
    form = sheet_form_class(checklist)()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        body = {"submission": form.submission.data, "base_version": form.base_version.data,
                "answers": answers_of(form, checklist)}
        try:
            result = services.save(session=session, user=g.user, sheet_id=sheet_id, body=body)
            if "submit" in request.form:
                services.submit(session=session, user=g.user, sheet_id=sheet_id, body={"base_version": result.version})
                flash("评分表已提交。", "success")
            else:
                flash("已保存。", "success")
            return redirect(url_for("inspect.sheet", sheet_id=sheet_id))
        except InvalidAnswers as refused:
            errors = {e["item"]: e["message"] for e in refused.payload["errors"]}
        except IncompleteSheet as incomplete:
            flash(f"已保存，但还有 {len(incomplete.payload['missing'])} 项未填写，不能提交："
                  + "、".join(incomplete.payload["missing"]), "error")
            return redirect(url_for("inspect.sheet", sheet_id=sheet_id))
        except StaleAnswers:
            flash("评分表已在别处更新（可能是另一台设备），未保存。下面是最新的内容，请核对后重新填写。", "error")
            return redirect(url_for("inspect.sheet", sheet_id=sheet_id))
    detail = services.sheet_detail(session=session, user=g.user, sheet_id=sheet_id)
    if request.method == "GET":
        for code, answer in detail["answers"].items():
            if f"v_{code}" in form:
                form[f"v_{code}"].data, form[f"n_{code}"].data = answer["value"], answer["note"]
    form.base_version.data = detail["version"]
    form.submission.data = str(uuid.uuid4())
    return render_template(
        "inspect/sheet.html", detail=detail, form=form, checklist=checklist, errors=errors,
        checklist_json=scores.checklist_json(checklist),
        photos=services.evidence_counts(session, sheet_id),
        self_scores=beside(session=session, user=g.user, sheet=row),
        editable=policy.may_edit_sheet(g.user, row),
    )


@bp.after_request
def compress(response):
    """Gzip the job's pages, scripts and styles for browsers that take it (the form's bytes on the wire)."""
    text = response.mimetype.startswith("text/") or response.mimetype.endswith(("javascript", "json"))
    if (response.status_code != 200 or not text or "Content-Encoding" in response.headers
            or "gzip" not in request.headers.get("Accept-Encoding", "")):
        return response
    body, original = b"".join(response.iter_encoded()), response.response
    if hasattr(original, "close"):
        original.close()  # a static file's handle
    response.direct_passthrough = False
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


@bp.route("/sw.js")
def service_worker():
    """The service worker, served from the site root so its scope is the whole app."""
    script = Path(bp.static_folder, "inspect", "sw.js").read_bytes()
    return Response(script, mimetype="text/javascript",
                    headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"})


@bp.route("/subjects/<int:subject_id>/review")
@login_required
def review(subject_id: int):
    """A subject's sheets side by side with the engine's disagreement flags; sign off or send back."""
    found = subject_review(session=get_session(), user=g.user, subject_id=subject_id)
    return render_template("inspect/review.html", review=found, form=SheetActionForm())


# action → (the policy's question, the service, whether it needs a reason, what to tell)
ACTIONS = {
    "sign-off": (policy.may_sign_off, sign_off_sheet, False, "已签认。"),
    "send-back": (policy.may_send_back, send_back_sheet, True, "已退回督查员修改。"),
    "reopen": (policy.may_reopen, reopen_sheet, True, "已重新打开，督查员可以修改。"),
}


@bp.post("/sheets/<int:sheet_id>/<any('sign-off', 'send-back', 'reopen'):action>")
@login_required
def sheet_action(sheet_id: int, action: str):
    """Sign off a sheet, send it back, or reopen it (the last two with a reason); audited."""
    session = get_session()
    sheet = services.readable_sheet(session=session, user=g.user, sheet_id=sheet_id)
    allowed, service, needs_reason, done = ACTIONS[action]
    policy.act(allowed(g.user, sheet), f"{action} sheet {sheet_id}")
    form = SheetActionForm()
    reason = (form.reason.data or "").strip()
    if not form.validate_on_submit():
        flash("请求已过期，请刷新后再试。", "error")
    elif needs_reason and not reason:
        flash("请填写理由。", "error")
    else:
        service(session, sheet_id=sheet_id, base_version=form.base_version.data, user=g.user,
                **({"reason": reason} if needs_reason else {}))
        flash(done, "success")
    return redirect(url_for("inspect.review", subject_id=sheet.subject_id))


@bp.route("/campaigns/<int:campaign_id>/self-assessments", methods=["GET", "POST"])
@login_required
def self_assessments(campaign_id: int):
    """The office names who self-assesses each subject (admins only)."""
    policy.act(policy.may_give_self_assessment(g.user), "self-assessments")
    session = get_session()
    campaign, subjects, users = campaign_subjects(session=session, campaign_id=campaign_id)
    form = SelfAssessmentForm()
    form.subject.choices = [(s.id, f"{s.group_name} {s.name}".strip()) for s in subjects]
    form.assessor.choices = [(u.id, f"{u.display_name}（{u.username}）") for u in users]
    if form.validate_on_submit():
        give_self_assessment(session=session, user=g.user, subject_id=form.subject.data, assessor_id=form.assessor.data)
        flash("已指定自评人。", "success")
        return redirect(url_for("inspect.self_assessments", campaign_id=campaign_id))
    return render_template("inspect/self_assessments.html", campaign=campaign, subjects=subjects, form=form,
                           assessors=self_assessors(session=session, campaign_id=campaign_id))
