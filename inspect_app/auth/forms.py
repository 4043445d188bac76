"""The login and change-password forms."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from inspect_app.auth.services import MAX_LENGTH

TOO_LONG = Length(max=MAX_LENGTH, message=f"密码最多 {MAX_LENGTH} 个字符")


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(
        "用户名", validators=[DataRequired(message="请输入用户名"), Length(max=50, message="用户名最多 50 个字符")]
    )
    password = PasswordField("密码", validators=[DataRequired(message="请输入密码"), TOO_LONG])


class PasswordForm(FlaskForm):
    """The old password, and the new one twice (the rules are auth.services'; this form only asks)."""

    old_password = PasswordField("原密码", validators=[DataRequired(message="请输入原密码"), TOO_LONG])
    new_password = PasswordField("新密码", validators=[DataRequired(message="请输入新密码")])
    confirm = PasswordField(
        "再次输入新密码",
        validators=[
            DataRequired(message="请再次输入新密码"),
            EqualTo("new_password", message="两次输入的新密码不一致"),
        ],
    )
