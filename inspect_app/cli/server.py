"""inspect-app serve: the production server (waitress)."""

import errno
import logging

import click
import waitress
from flask import Flask, current_app
from flask.cli import with_appcontext

from inspect_app.cli.output import fail
from inspect_app.db import close_session
from inspect_app.rankings import rescorer
from inspect_app.rankings.store import in_background


def run_server(app: Flask, *, host: str, port: int, threads: int = 8) -> None:
    """Serve app with waitress until interrupted, the command's own session closed first and the
    rescoring worker started."""
    close_session()
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads)
    except OSError as error:  # the port taken (often by an inspect-app already running), or no such host
        reason = "端口已被占用" if error.errno == errno.EADDRINUSE else (error.strerror or str(error))
        fail(f"无法在 {host}:{port} 上提供服务：{reason}。如已有 inspect-app 在运行，直接打开 "
             f"http://{host}:{port}/ 即可；否则请用 --port 换一个端口。")
    if in_background(app):
        rescorer.start(app)
    logging.basicConfig()  # waitress's warnings (a full queue, a slow client) to stderr
    server.run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="INSPECT_HOST")
@click.option("--port", default=5000, show_default=True, type=int, envvar="INSPECT_PORT")
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve the app with waitress (run `inspect-app db upgrade` first)."""
    click.echo(f"考核督查评分平台: http://{host}:{port}/")
    run_server(current_app._get_current_object(), host=host, port=port, threads=threads)
