"""Ledger forms: moves, notes, evidence, extensions, the office's edits, standalone findings, aliases."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from inspect_app.labels import FINDING_KIND_LABELS
from inspect_app.models import FindingKind

NOTE = "请写明理由或进展说明"


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as a select field's choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class MoveForm(FlaskForm):
    """One workflow move; the note is required for 退回 (the view says so)."""

    base_version = IntegerField(validators=[InputRequired()])
    note = TextAreaField("说明", validators=[Optional(), Length(max=2000)])


class NoteForm(FlaskForm):
    """A progress note (进展说明)."""

    note = TextAreaField("进展说明", validators=[DataRequired(message=NOTE), Length(max=2000)])


class EvidenceForm(FlaskForm):
    """One photo or document (佐证材料) with a caption."""

    file = FileField("照片或文件", validators=[DataRequired(message="请选择要上传的照片或文件")])
    note = StringField("说明", validators=[Optional(), Length(max=500)])


class ExtensionForm(FlaskForm):
    """The lead unit asks for a later deadline."""

    base_version = IntegerField(validators=[InputRequired()])
    new_deadline = DateField("延期至", validators=[InputRequired(message="请选择延期后的日期")])
    reason = TextAreaField("延期理由", validators=[DataRequired(message="申请延期须写明理由"), Length(max=2000)])


class DecisionForm(FlaskForm):
    """The office approves or refuses an asked extension."""

    base_version = IntegerField(validators=[InputRequired()])
    decision = HiddenField(validators=[DataRequired()])
    note = StringField("意见", validators=[Optional(), Length(max=500)])


class EditForm(FlaskForm):
    """The office edits a row: measure, person, deadline, lead and co-operating units."""

    base_version = IntegerField(validators=[InputRequired()])
    measure = TextAreaField("整改措施", validators=[Optional(), Length(max=4000)])
    person_responsible = StringField("责任人", validators=[Optional(), Length(max=100)])
    deadline = DateField("整改时限", validators=[Optional()])
    lead_unit_id = SelectField("牵头责任单位", coerce=int, validators=[InputRequired()])
    co_unit_ids = SelectMultipleField("协同责任单位", coerce=int, validators=[Optional()])


class StandaloneForm(FlaskForm):
    """A problem seen without a checklist (暗访, 回头看, 战区督战, 第三方评估), filed on a phone."""

    kind = SelectField(
        "检查类别",
        choices=choices(
            (kind.value, label) for kind, label in FINDING_KIND_LABELS.items() if kind != FindingKind.SCORED
        ),
        validators=[DataRequired()],
    )
    inspected_on = DateField("检查日期", validators=[InputRequired(message="请选择检查日期")])
    subject_name = StringField(
        "检查对象（村、户或单位）", validators=[DataRequired(message="请填写检查对象"), Length(max=200)]
    )
    area_id = SelectField("所在乡镇或村", coerce=int, validators=[Optional()])
    problem = TextAreaField("发现的问题", validators=[DataRequired(message="请填写发现的问题"), Length(max=4000)])
    measure = TextAreaField("整改要求", validators=[Optional(), Length(max=4000)])
    lead_unit_id = SelectField("牵头责任单位", coerce=int, validators=[InputRequired(message="请选择牵头责任单位")])
    co_unit_ids = SelectMultipleField("协同责任单位", coerce=int, validators=[Optional()])
    deadline = DateField("整改时限", validators=[Optional()])
    photos = MultipleFileField("现场照片")


class AliasForm(FlaskForm):
    """A name a checklist uses for a unit, or for the subject's town unit of a kind."""

    alias = StringField("检查表中的名称", validators=[DataRequired(message="请填写名称"), Length(max=100)])
    target = SelectField("对应单位", validators=[DataRequired(message="请选择对应单位")])


class ImportForm(FlaskForm):
    """An .xlsx ledger in the offices' columns."""

    file = FileField("整改台账（.xlsx）", validators=[DataRequired(message="请选择 .xlsx 文件")])
    good_only = SelectField(
        "有错误行时", choices=choices([("", "全部不导入"), ("1", "只导入无误的行")]), validators=[Optional()]
    )
