"""Checklist views: upload (YAML or county table), versions, printed table, diff, downloads."""

import io

import yaml
from flask import Response, g, render_template, request, send_file
from sqlmodel import select

import scoring
from inspect_app.admin import bp
from inspect_app.admin.checklist_files import Problem, compare, read_upload
from inspect_app.admin.errors import note
from inspect_app.admin.forms import ChecklistUpload
from inspect_app.admin.pages import load
from inspect_app.checklist_tables import checklist_workbook
from inspect_app.checklist_tables.words import METHOD_WORDS
from inspect_app.checklists.services import ChecklistTextError, store_checklist_version
from inspect_app.db import get_session, writing
from inspect_app.models import ChecklistVersion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _versions():
    """Every stored version, by checklist, newest first."""
    return (
        get_session()
        .exec(select(ChecklistVersion).order_by(ChecklistVersion.checklist_id, ChecklistVersion.version.desc()))
        .all()
    )


@bp.route("/checklists", methods=["GET", "POST"])
def checklists():
    """The stored versions; an upload is kept as a new version, or every problem is listed."""
    form, problems, stored = ChecklistUpload(), [], None
    if form.validate_on_submit():
        upload = form.file.data
        result = read_upload(upload.read(), upload.filename or "")
        problems = result.problems
        if result.yaml_text is not None:
            try:
                stored = _store(result.yaml_text)
            except ChecklistTextError as error:
                problems = [Problem(upload.filename or "", str(error))]
    status = 422 if request.method == "POST" and stored is None else 200
    return render_template(
        "admin/checklists.html", form=form, problems=problems, stored=stored, versions=_versions()
    ), status


def _store(text: str) -> ChecklistVersion:
    """Store text as a version (an identical text is the version already stored), audited."""
    session = get_session()
    with writing(session):
        version = store_checklist_version(session=session, yaml_text=text, user=g.user)
        note(
            session,
            g.user,
            "checklist_version",
            version.id,
            "stored",
            None,
            f"{version.checklist_id} 第{version.version}版",
        )
    return version


@bp.route("/checklists/<int:version_id>")
def checklist_version(version_id: int):
    """One version as its printed table: sections, items, max, standard, method."""
    version = load(ChecklistVersion, version_id)
    checklist = scoring.parse_checklist_text(version.yaml_text, version.checklist_id)
    others = [v for v in _versions() if v.checklist_id == version.checklist_id and v.id != version.id]
    return render_template(
        "admin/checklist.html", version=version, checklist=checklist, others=others, method_labels=METHOD_WORDS
    )


@bp.route("/checklists/<int:version_id>/diff/<int:other_id>")
def checklist_diff(version_id: int, other_id: int):
    """What changed from version other to this one, item by item."""
    version, other = load(ChecklistVersion, version_id), load(ChecklistVersion, other_id)
    settings, changes = compare(other.yaml_text, version.yaml_text)
    return render_template(
        "admin/checklist_diff.html", version=version, other=other, settings=settings, changes=changes
    )


@bp.route("/checklists/<int:version_id>.yaml")
def checklist_yaml(version_id: int):
    """The exact YAML text of a version."""
    version = load(ChecklistVersion, version_id)
    name = f"{version.checklist_id}-v{version.version}.yaml"
    return Response(
        version.yaml_text,
        mimetype="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/checklists/<int:version_id>.xlsx")
def checklist_xlsx(version_id: int):
    """A version as a county table (考核细则表)."""
    version = load(ChecklistVersion, version_id)
    buffer = io.BytesIO()
    checklist_workbook(yaml.safe_load(version.yaml_text)).save(buffer)
    buffer.seek(0)
    return send_file(
        buffer, mimetype=XLSX, as_attachment=True, download_name=f"{version.checklist_id}-v{version.version}.xlsx"
    )
