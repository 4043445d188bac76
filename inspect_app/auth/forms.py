"""The login form."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField("用户名", validators=[DataRequired(message="请输入用户名"), Length(max=50)])
    password = PasswordField("密码", validators=[DataRequired(message="请输入密码")])
