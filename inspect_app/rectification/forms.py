"""Ledger forms: moves, notes, evidence, extensions, the office's edits, standalone findings, aliases."""

import uuid

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from sqlmodel import Session, select
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
from wtforms.validators import UUID, DataRequired, InputRequired, Length, Optional

from inspect_app.labels import FINDING_KIND_LABELS, FINDING_PHOTOS_LABEL
from inspect_app.models import Area, AreaLevel, FindingKind, Unit

NOTE = "请写明理由或进展说明"
DATE = "日期应写作 2026-11-20"
UNIT = "没有这个单位，请从列表中选择"
PLACE = "没有这个乡镇或村，请从列表中选择"


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
    """A problem seen without a checklist (暗访, 回头看, 战区督战, 第三方评估), filed on a phone.

    `submission` is the client-made id under which the finding is filed once; a page opened
    without script gets one made here, kept when the form is shown again.
    """

    submission = HiddenField(default=lambda: str(uuid.uuid4()), validators=[UUID(message="提交编号应为 UUID。")])
    kind = SelectField(
        "检查类别",
        choices=choices(
            (kind.value, label) for kind, label in FINDING_KIND_LABELS.items() if kind != FindingKind.SCORED
        ),
        validators=[DataRequired(message="请选择检查类别")],
        invalid_choice_message="检查类别应为暗访、回头看、战区督战或第三方评估",
    )
    inspected_on = DateField(
        "检查日期", validators=[InputRequired(message="请选择检查日期")], invalid_value_message=DATE
    )
    subject_name = StringField(
        "检查对象（村、户或单位）", validators=[DataRequired(message="请填写检查对象"), Length(max=200)]
    )
    area_id = SelectField(
        "所在乡镇或村", coerce=int, validators=[Optional()], invalid_value_message=PLACE, invalid_choice_message=PLACE
    )
    problem = TextAreaField("发现的问题", validators=[DataRequired(message="请填写发现的问题"), Length(max=4000)])
    measure = TextAreaField("整改要求", validators=[Optional(), Length(max=4000)])
    lead_unit_id = SelectField(
        "牵头责任单位",
        coerce=int,
        validators=[InputRequired(message="请选择牵头责任单位")],
        invalid_value_message=UNIT,
        invalid_choice_message=UNIT,
    )
    co_unit_ids = SelectMultipleField(
        "协同责任单位",
        coerce=int,
        validators=[Optional()],
        invalid_value_message=UNIT,
        invalid_choice_message="协同责任单位“%(value)s”不存在，请从列表中选择",
    )
    deadline = DateField("整改时限", validators=[Optional()], invalid_value_message=DATE)
    photos = MultipleFileField(FINDING_PHOTOS_LABEL)

    def offer(self, session: Session) -> "StandaloneForm":
        """Every unit, town and village as the choices (anything else is refused in Chinese)."""
        units = [(u.id, u.name) for u in session.exec(select(Unit).order_by(Unit.name))]
        self.lead_unit_id.choices = choices(units)
        self.co_unit_ids.choices = choices(units)
        levels = [AreaLevel.TOWN, AreaLevel.VILLAGE]
        places = session.exec(select(Area).where(Area.level.in_(levels)).order_by(Area.name))
        self.area_id.choices = choices([(0, "（不选）"), *((a.id, a.name) for a in places)])
        return self

    def finding(self) -> dict:
        """The valid form as file_standalone's keyword arguments."""
        return {
            "kind": FindingKind(self.kind.data),
            "inspected_on": self.inspected_on.data,
            "subject_name": self.subject_name.data.strip(),
            "problem": self.problem.data.strip(),
            "lead_unit_id": self.lead_unit_id.data,
            "co_unit_ids": self.co_unit_ids.data or [],
            "area_id": self.area_id.data or None,
            "measure": (self.measure.data or "").strip(),
            "deadline": self.deadline.data,
            "photos": self.photos.data or [],
            "submission": uuid.UUID(self.submission.data),
        }

    def refusals(self) -> list[dict]:
        """Each refused field as the API's errors: {"item": field name, "value": as sent, "message"}."""
        refused = []
        for name, messages in self.errors.items():
            raw = [v for v in (self[name].raw_data or []) if isinstance(v, str)]
            value = raw[0] if len(raw) == 1 else (raw or None)
            refused += [{"item": name, "value": value, "message": message} for message in messages]
        return refused


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
