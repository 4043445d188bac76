"""The office's forms; choices are filled in by the views from the database."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from inspect_app.labels import AREA_LEVEL_LABELS, CAMPAIGN_KIND_LABELS, QUARTER_LABELS, ROLE_LABELS, UNIT_KIND_LABELS
from inspect_app.models.base import fits_integer

REQUIRED = "必填"
TOO_LONG = "密码最多128个字符"


def _year(form, field) -> None:
    """2000 to 2100, compared as whole numbers (NumberRange overflows on a number of 400 digits)."""
    if field.data is not None and not 2000 <= field.data <= 2100:
        raise ValidationError("年度应在2000至2100之间")


def _fits_a_column(form, field) -> None:
    """A whole number the database can compare with (a 30-digit id is refused, not sent)."""
    if field.data is not None and not fits_integer(field.data):
        raise ValidationError("编号超出范围")


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _choices(labels: dict) -> list[SelectChoice]:
    """The options of a label table."""
    return options((str(key), label) for key, label in labels.items())


class SubjectPick(FlaskForm):
    """Subjects from the area tree (the chosen towns, or their villages) and from the units."""

    towns = SelectMultipleField("乡镇", coerce=int, validate_choice=False)
    scope = SelectField(
        "考核", choices=options([("villages", "所选乡镇的全部村"), ("towns", "所选乡镇本身")]), default="villages"
    )
    units = SelectMultipleField("单位", coerce=int, validate_choice=False)


class CampaignForm(SubjectPick):
    """A new campaign."""

    title = StringField("任务名称", validators=[DataRequired(REQUIRED), Length(max=200)])
    checklist = SelectField("检查表（版本）", coerce=int, validators=[DataRequired("请选择检查表")])
    kind = SelectField("类型", choices=_choices(CAMPAIGN_KIND_LABELS))
    year = IntegerField("年度", validators=[DataRequired(REQUIRED), _year])
    quarter = SelectField("季度", choices=options([("", "全年")]) + _choices(QUARTER_LABELS), default="")


class TeamForm(FlaskForm):
    """A new inspection team."""

    name = StringField("组名", validators=[DataRequired(REQUIRED), Length(max=100)])
    members = SelectMultipleField("成员", coerce=int, validators=[DataRequired("请选择成员")])
    leader = SelectField("组长", coerce=int, validators=[DataRequired("请选择组长")])


class AssignForm(FlaskForm):
    """A team to the villages of a town, or to chosen subjects."""

    team = SelectField("督查组", coerce=int, validators=[DataRequired("请选择督查组")])
    group = SelectField("某乡镇的全部对象", default="")
    subjects = SelectMultipleField("或逐个选择对象", coerce=int, validate_choice=False)


class SheetUpload(FlaskForm):
    """An Excel sheet to import."""

    file = FileField("Excel 表格（.xlsx）", validators=[FileRequired("请选择文件")])


class ChecklistUpload(FlaskForm):
    """A checklist as YAML or as a county table."""

    file = FileField("检查表文件（.yaml 或考核细则表 .xlsx）", validators=[FileRequired("请选择文件")])


class UserForm(FlaskForm):
    """A user's name, role and unit."""

    display_name = StringField("姓名", validators=[DataRequired(REQUIRED), Length(max=100)])
    role = SelectField("角色", choices=_choices(ROLE_LABELS))
    unit = SelectField("所属单位", coerce=int, default=0)
    active = BooleanField("可以登录", default=True)


class NewUserForm(UserForm):
    """A new user with a first password."""

    username = StringField("用户名", validators=[DataRequired(REQUIRED), Length(max=50)])
    password = PasswordField("初始密码", validators=[DataRequired(REQUIRED), Length(max=128, message=TOO_LONG)])


class PasswordReset(FlaskForm):
    """A new password the user must change at next login."""

    password = PasswordField("新密码", validators=[DataRequired(REQUIRED), Length(max=128, message=TOO_LONG)])


class UnitForm(FlaskForm):
    """A unit."""

    name = StringField("单位名称", validators=[DataRequired(REQUIRED), Length(max=100)])
    kind = SelectField("类型", choices=_choices(UNIT_KIND_LABELS))
    area = SelectField("所在地区", coerce=int, default=0)


class AreaForm(FlaskForm):
    """An area of the tree."""

    name = StringField("名称", validators=[DataRequired(REQUIRED), Length(max=100)])
    level = SelectField("级别", choices=_choices(AREA_LEVEL_LABELS), default="village")
    parent = SelectField("上级", coerce=int, default=0)
    code = StringField("代码", validators=[Optional(), Length(max=30)])


class AuditFilter(FlaskForm):
    """Filters of the audit log (GET, no CSRF)."""

    class Meta:
        csrf = False

    user = SelectField("操作人", coerce=int, default=0)
    entity = StringField("对象类型", validators=[Optional(), Length(max=50)])
    entity_id = IntegerField("对象编号", validators=[Optional(), _fits_a_column])
    field = StringField("字段", validators=[Optional(), Length(max=100)])
    since = StringField("起始日期", validators=[Optional()])
    until = StringField("截止日期", validators=[Optional()])
