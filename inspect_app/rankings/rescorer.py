"""Rescoring in a process of its own, kept for the server's life: a campaign's rescoring (seconds of
pandas and JSON) never competes with the server's requests for the interpreter.

The worker builds its app once from the server's resolved settings (plain values only) and rescores
one campaign at a time; the server's background thread waits for it and coalesces changes.
"""

import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from flask import Flask

from inspect_app.db import own_session

_lock = threading.Lock()
_pools: dict[int, ProcessPoolExecutor] = {}  # app → its worker
_app: Flask | None = None  # in the worker: its app
PLAIN = (str, int, float, bool, type(None))
PARENT_CHECK_SECONDS = 1.0


def rescore_apart(app: Flask, campaign_id: int) -> None:
    """Rescore the campaign in the app's worker process; raises what the rescoring raised."""
    _pool(app).submit(_rescore, campaign_id).result()


def start(app: Flask) -> Future:
    """Start the app's worker now (a server at start-up), so the first change does not wait for it;
    the future is done once the worker is ready."""
    return _pool(app).submit(_ready)


def stop(app: Flask) -> None:
    """End the app's worker, if it has one (after waiting for its rescoring)."""
    with _lock:
        pool = _pools.pop(id(app), None)
    if pool is not None:
        pool.shutdown()


def _pool(app: Flask) -> ProcessPoolExecutor:
    """The app's worker, started on first use (spawned: safe beside the server's threads)."""
    with _lock:
        pool = _pools.get(id(app))
        if pool is None:
            settings = {key: value for key, value in app.config.items() if isinstance(value, PLAIN)}
            pool = ProcessPoolExecutor(
                1,
                mp_context=get_context("spawn"),
                initializer=_start,
                initargs=(settings, app.instance_path, os.getpid()),
            )
            _pools[id(app)] = pool
        return pool


def _start(settings: dict, instance_path: str, server: int) -> None:
    """In the worker: a watch that ends the worker when its server is gone, then the app, built once."""
    global _app
    threading.Thread(target=_end_with, args=(server,), daemon=True).start()
    from inspect_app.factory import create_app

    _app = create_app(settings, instance_path=instance_path)


def _end_with(server: int) -> None:
    """In the worker: exit once the server (its parent, by pid) has ended, even before the worker
    was ready (killed, a server cannot say so)."""
    while os.getppid() == server:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _ready() -> None:
    """In the worker: nothing; asking for it starts the worker."""


def _rescore(campaign_id: int) -> None:
    """In the worker: rescore and store the campaign's results."""
    from inspect_app.rankings.store import refresh

    with _app.app_context(), own_session() as session:
        refresh(session, campaign_id)
