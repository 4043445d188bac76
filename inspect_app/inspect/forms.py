"""The scoring form, built per request from the campaign's exact checklist version."""

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from scoring import Checklist, Item

YES_NO = ["是", "否"]


def value_field(item: Item, code: str, label: str) -> Field:
    """The input an answer code needs: 是/否 or level buttons, else text the engine reads."""
    if item.method in ("check", "veto"):
        return _buttons(label, YES_NO)
    if item.levels:
        return _buttons(label, [name for name, _ in item.levels])
    numeric = "numeric" if item.method == "deduct" else "decimal"
    return StringField(label, validators=[Optional(), Length(max=200)], render_kw={"inputmode": numeric})


def _buttons(label: str, names: list[str]) -> RadioField:
    """One button per word (是/否, or the level names)."""
    return RadioField(label, choices=[SelectChoice(name, name) for name in names], validate_choice=False,
                      validators=[Optional()])


def sheet_form_class(checklist: Checklist) -> type[FlaskForm]:
    """A fresh form class with a value and a note field per answer code (never a shared class)."""

    class SheetForm(FlaskForm):
        base_version = IntegerField(validators=[InputRequired()])
        submission = HiddenField(validators=[InputRequired()])

    for code, item in checklist.answer_codes():
        line = next((ln for ln in item.lines if ln.code == code), None)
        setattr(SheetForm, f"v_{code}", value_field(item, code, line.text if line else item.text))
        setattr(SheetForm, f"n_{code}", TextAreaField("备注", validators=[Optional()]))
    return SheetForm


def answers_of(form: FlaskForm, checklist: Checklist) -> dict[str, dict]:
    """The form's answers as the API's body: code → {value, note}."""
    return {code: {"value": (form[f"v_{code}"].data or "").strip() or None, "note": form[f"n_{code}"].data or ""}
            for code, _ in checklist.answer_codes()}


class SheetActionForm(FlaskForm):
    """Sign off, send back or reopen one sheet: the version seen, and a reason where one is needed."""

    base_version = IntegerField(validators=[InputRequired()])
    reason = TextAreaField("理由", validators=[Optional(), Length(max=500)])


class SelfAssessmentForm(FlaskForm):
    """Name who self-assesses a subject (the choices are set per request)."""

    subject = SelectField("考核对象", coerce=int, validators=[InputRequired()])
    assessor = SelectField("自评人（账号）", coerce=int, validators=[InputRequired()])
