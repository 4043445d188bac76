"""A served instance for the scoring form: one campaign whose checklist has every item method."""

import os
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from inspect_app import schema
from inspect_app.auth.services import create_user
from inspect_app.campaigns.services import add_area_subjects, assign, create_campaign, create_team
from inspect_app.checklists.services import store_checklist_version
from inspect_app.db import make_engine
from inspect_app.models import Area, AreaLevel, Role, UserCreate
from tests.browser.conftest import CLI, free_port, wait_for

PASSWORD = "correct horse"
EVERY_METHOD = """\
id: every-method
title: 全部评分方式
subject: village
total: 70
precision: 0.1
bonus_cap: 5
rectify_days: 30
grades: [{grade: 好, min: 60}, {grade: 差, min: 0}]
sections:
  - code: A
    title: 精准识别
    items:
      - {code: A1, text: 识别准确, standard: 每错评漏评一户扣10分，扣完为止, max: 20, method: deduct, per: 10}
      - {code: A2, text: 档案规范, max: 10, method: deduct, lines: [{code: A2a, text: 信息错误, per: 2}, {code: A2b, text: 台账错误, per: 2, max: 4}]}
      - {code: A3, text: 家庭医生签约率, max: 10, method: ratio, target: 1.0, zero_below: 0.8}
      - {code: A4, text: 村集体经济收入（元）, max: 10, method: bands, bands: [{min: 100000, score: 10}, {min: 50000, score: 6}]}
  - code: B
    title: 帮扶成效
    items:
      - {code: B1, text: 驻村工作队在岗, max: 5, method: check}
      - {code: B2, text: 档案等级, max: 5, method: levels, levels: {好: 5, 较好: 4, 一般: 2, 差: 0}}
      - {code: B3, text: 综合评价, max: 5, method: manual}
      - {code: B4, text: 脱贫率, max: 5, method: steps, base: 5, target: 1.0, step: 0.01, per: 1}
      - {code: B5, text: 精准识别出现重大失误, method: veto}
      - {code: B6, text: 创新做法, max: 5, method: bonus}
"""


@dataclass(frozen=True)
class FormWorld:
    """The server's address and database, the inspector and their sheet."""

    base: str
    database_url: str
    username: str
    sheet_id: int


def build(instance: Path, database_url: str | None = None) -> tuple[str, str, int]:
    """Migrate, then add an inspector with one draft sheet; (database url, username, sheet id)."""
    url = database_url or f"sqlite:///{instance / 'inspect.sqlite'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        inspector = create_user(session=session, user_create=UserCreate(
            username="insp", display_name="督查员甲", role=Role.INSPECTOR, password=PASSWORD))
        version = store_checklist_version(session=session, yaml_text=EVERY_METHOD)
        village = Area(name="桃源村", level=AreaLevel.VILLAGE)
        session.add(village)
        session.flush()
        campaign = create_campaign(session=session, checklist=version, title="2026年村级考核", year=2026)
        subject = add_area_subjects(session=session, campaign=campaign, areas=[village])[0]
        team = create_team(session=session, campaign=campaign, name="第一组", members=[inspector], leader=inspector)
        sheet = assign(session=session, subject=subject, inspector=inspector, team=team)
        session.commit()
        sheet_id = sheet.id
    engine.dispose()
    return url, "insp", sheet_id


def serve(instance: Path, database_url: str, threads: int = 4) -> tuple[subprocess.Popen, str]:
    """`inspect-app serve` on a free port; (process, base address)."""
    env = {**os.environ, "INSPECT_INSTANCE_PATH": str(instance), "DATABASE_URL": database_url}
    port, log = free_port(), instance / "server.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([CLI, "serve", "--port", str(port), "--threads", str(threads)], env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
    wait_for(port, server, log)
    return server, f"http://127.0.0.1:{port}"


def png(width: int, height: int) -> bytes:
    """A plain grey PNG of this size (a stand-in for a phone photo)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x80\x90\xa0" * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's frame header."""
    at = 2
    while at < len(data):
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    raise ValueError("no frame header")
