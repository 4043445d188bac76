"""Error pages in Chinese: the user is told what happened and what to do, never a traceback."""

from flask import Flask, current_app, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

# status → (title, what to do)
MESSAGES = {
    400: ("请求无法处理", "提交的内容无法识别，或页面已过期。请返回上一页，刷新后重新提交。"),
    403: ("没有权限", "您的账号不能查看或修改此页。如确需办理，请联系扶贫办管理员。"),
    404: ("页面不存在", "您要找的页面不存在：考核任务或考核对象可能已被删除，或链接有误。"),
    405: ("操作不允许", "此页面不接受这种操作，请从页面上的按钮或链接进入。"),
    429: ("尝试次数过多", "短时间内失败的尝试太多，请稍后再试。"),
    500: ("系统出错", "服务器处理时出错，已记入日志。请稍后重试；如一再出现，请联系管理员。"),
}


def error_page(error: HTTPException):
    """The Chinese page for an HTTP error."""
    code = error.code or 500
    title, advice = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", title=title, advice=advice), code


def server_error(error: InternalServerError):
    """Log what went wrong for the developers; show the user the Chinese page."""
    current_app.logger.error("unhandled error", exc_info=error.original_exception or error)
    return error_page(error)


def init_app(app: Flask) -> None:
    """Answer every HTTP error with a Chinese page."""
    app.register_error_handler(HTTPException, error_page)
    app.register_error_handler(InternalServerError, server_error)
