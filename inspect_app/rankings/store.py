"""Stored results: a campaign is rescored from the database when its signed-off sheets change.

A stored result carries the fingerprint of the sheet state it was computed from (signed-off
sheets, their versions, the checklist text). Pages read the stored result while it is current;
a sign-off or reopen rescores at once (in the background in production, inline in tests); a
read that finds the result stale with no rescoring under way rescores it itself.
"""

import hashlib
import logging
import threading
import time
from datetime import date
from functools import lru_cache

import numpy as np
import orjson
import pandas as pd
from flask import Flask, current_app, has_app_context
from sqlalchemy import delete, func, insert
from sqlmodel import Session, select

from inspect_app.db import writing
from inspect_app.findings.services import score_campaign
from inspect_app.models import (
    Campaign,
    CampaignResult,
    CampaignResultSubject,
    ChecklistVersion,
    ScoreSheet,
    SheetStatus,
)
from inspect_app.models.base import utcnow
from inspect_app.rankings.rescorer import rescore_apart
from inspect_app.rankings.subject_store import subject_details
from scoring import Checklist, ChecklistError, ResponseError, Results, parse_checklist_text
from scoring.results import text_ranks
from scoring.tables import json_records, result_table

SHOWN_PROBLEMS = 5
TOP_PROBLEMS = 8  # items that cost most points across the campaign, for the notice
FORMAT = "r5"  # the stored payload's layout: a new layout makes every stored result stale
log = logging.getLogger(__name__)
_lock = threading.Lock()
_running: set[tuple[int, int]] = set()  # (app, campaign) rescoring in the background
_again: set[tuple[int, int]] = set()  # changed again while rescoring: once more
_parsed: dict[tuple, dict] = {}  # (database, campaign, fingerprint, computed_at) → the parsed stored ranking
PARSED_KEPT = 8


def fingerprint(session: Session, campaign_id: int) -> str:
    """The state the results depend on: the signed-off sheets and the checklist's text."""
    count, versions, last, top = session.exec(
        select(
            func.count(), func.sum(ScoreSheet.version), func.max(ScoreSheet.signed_off_at), func.max(ScoreSheet.id)
        ).where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.status == SheetStatus.SIGNED_OFF)
    ).one()
    text = session.exec(
        select(ChecklistVersion.yaml_text)
        .join(Campaign, Campaign.checklist_version_id == ChecklistVersion.id)
        .where(Campaign.id == campaign_id)
    ).one()
    checklist = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{FORMAT}:{count}:{versions or 0}:{top or 0}:{last.isoformat() if last else ''}:{checklist}"


def current_ranking(session: Session, campaign_id: int) -> tuple[dict, bool]:
    """The campaign's stored ranking (rescored first when stale) and whether it is being updated."""
    stored = session.exec(
        select(CampaignResult.fingerprint, CampaignResult.computed_at).where(CampaignResult.campaign_id == campaign_id)
    ).first()
    if stored is not None:
        current = stored.fingerprint == fingerprint(session, campaign_id)
        if current or _key(campaign_id) in _running:
            return _parsed_ranking(session, campaign_id, stored), not current
    return refresh(session, campaign_id), False


def _parsed_ranking(session: Session, campaign_id: int, stored) -> dict:
    """The stored ranking's JSON, parsed once per process and stored result (callers only read it)."""
    key = (str(session.get_bind().url), campaign_id, stored.fingerprint, stored.computed_at)
    payload = _parsed.get(key)
    if payload is None:
        text = session.exec(select(CampaignResult.ranking).where(CampaignResult.campaign_id == campaign_id)).one()
        payload = orjson.loads(text)
        with _lock:
            while len(_parsed) >= PARSED_KEPT:
                _parsed.pop(next(iter(_parsed)))
            _parsed[key] = payload
    return payload


def stored_detail(session: Session, campaign_id: int, subject_id: int) -> dict | None:
    """One subject's stored detail (call current_ranking first), None when unscored."""
    row = session.get(CampaignResultSubject, (campaign_id, subject_id))
    return None if row is None else orjson.loads(row.detail)


def refresh(session: Session, campaign_id: int) -> dict:
    """Rescore the campaign from the database and store its ranking and details."""
    started = time.perf_counter()
    state = fingerprint(session, campaign_id)
    ranking, details = _compute(session, campaign_id)
    with writing(session):
        session.exec(select(Campaign.id).where(Campaign.id == campaign_id).with_for_update()).one()
        session.execute(delete(CampaignResultSubject).where(CampaignResultSubject.campaign_id == campaign_id))
        session.execute(delete(CampaignResult).where(CampaignResult.campaign_id == campaign_id))
        session.add(
            CampaignResult(
                campaign_id=campaign_id,
                fingerprint=state,
                computed_at=utcnow(),
                seconds=time.perf_counter() - started,
                ranking=orjson.dumps(ranking).decode(),
            )
        )
        session.flush()
        if details:
            session.execute(
                insert(CampaignResultSubject),
                [
                    {
                        "campaign_id": campaign_id,
                        "subject_id": int(subject),
                        "detail": detail,
                    }
                    for subject, detail in details.items()
                ],
            )
    return ranking


def results_changed(session: Session, sheet_id: int, version: int) -> int:
    """After a sheet's sign-off or reopen (committed as version): rescore its campaign; returns version.

    In the background in production; inline in tests, commands and where RESULTS_IN_BACKGROUND is off.
    """
    campaign_id = session.exec(select(ScoreSheet.campaign_id).where(ScoreSheet.id == sheet_id)).one()
    app = current_app._get_current_object() if has_app_context() else None
    if app is None or not in_background(app):
        refresh(session, campaign_id)
        return version
    key = _key(campaign_id)
    with _lock:
        if key in _running:
            _again.add(key)
            return version
        _running.add(key)
    threading.Thread(target=_rescore_in_background, args=(app, campaign_id), daemon=True).start()
    return version


def in_background(app: Flask) -> bool:
    """Whether a sign-off rescores in the background (production) or inline (tests, commands)."""
    return bool(app.config.get("RESULTS_IN_BACKGROUND", not app.testing))


def wait_for_background(timeout: float = 30.0) -> None:
    """Wait until no rescoring runs in the background (benchmarks and tests)."""
    deadline = time.monotonic() + timeout
    while _running and time.monotonic() < deadline:
        time.sleep(0.05)


def _rescore_in_background(app: Flask, campaign_id: int) -> None:
    """Rescore, in the app's rescoring process, until no change came in meanwhile."""
    key = (id(app), campaign_id)
    while True:
        try:
            rescore_apart(app, campaign_id)
        except Exception:
            log.exception("rescoring campaign %s failed", campaign_id)
        with _lock:
            if key not in _again:
                _running.discard(key)
                return
            _again.discard(key)


@lru_cache(maxsize=16)
def checklist_of(yaml_text: str) -> Checklist:
    """The parsed checklist (cached by its text)."""
    return parse_checklist_text(yaml_text)


def _key(campaign_id: int) -> tuple[int, int]:
    """The campaign of this app (tests run many apps in one process)."""
    return id(current_app._get_current_object()), campaign_id


def _compute(session: Session, campaign_id: int) -> tuple[dict, dict[str, str]]:
    """The ranking payload and each subject's detail; a Chinese `problem` when there is none."""
    campaign = session.get(Campaign, campaign_id)
    version = session.get(ChecklistVersion, campaign.checklist_version_id)
    payload = {"records": [], "missing": {}, "sections": [], "grades": [], "problem": None, "assessed_on": None}
    try:
        checklist = checklist_of(version.yaml_text)
    except ChecklistError as error:
        return payload | {
            "problem": _problem(f"检查表《{version.title}》（第{version.version}版）已无法读取", error.problems)
        }, {}
    last = session.exec(
        select(func.max(ScoreSheet.signed_off_at)).where(
            ScoreSheet.campaign_id == campaign_id, ScoreSheet.status == SheetStatus.SIGNED_OFF
        )
    ).one()
    if last is None:
        return payload, {}  # the engine needs at least one sheet
    day: date = last.date()
    try:
        results = score_campaign(session=session, campaign_id=campaign_id, assessed_on=day, checklist=checklist)
    except ResponseError as error:
        return payload | {"problem": _problem("已签认的评分表中有无法计分的答案", error.problems)}, {}
    subjects = results.subjects
    payload |= {
        "records": json_records(result_table(results)),
        "missing": {s: list(m) for s, m in zip(subjects["subject"], subjects["missing"], strict=True) if len(m)},
        "sections": [[s.code, s.title] for s in checklist.sections if s.code in subjects.columns],
        "grades": [rule.grade for rule in checklist.grades],
        "assessed_on": day.isoformat(),
        "rectify_days": checklist.rectify_days,
        "section_max": {
            s.code: float(sum(item.max or 0 for item in s.items if item.counts_to_total)) for s in checklist.sections
        },
        "problems": _problems(results),
        "quality": _quality(results),
    }
    return payload, subject_details(results)


def _quality(results: Results) -> dict:
    """Inspectors' disagreement: flagged (subject, item) pairs; per inspector how often they were the
    one furthest from their team's mean there; per item how often it was flagged."""
    spread = results.disagreements
    flagged = spread.loc[spread["flagged"], ["subject", "item"]]
    if flagged.empty:
        return {"pairs": len(spread), "flagged": 0, "inspectors": [], "items": []}
    furthest = _furthest(results, flagged)
    inspectors = furthest.value_counts().head(TOP_PROBLEMS)
    items = flagged["item"].value_counts().head(TOP_PROBLEMS)
    return {
        "pairs": len(spread),
        "flagged": len(flagged),
        "inspectors": [[str(name), int(n)] for name, n in inspectors.items()],
        "items": [[code, results.checklist.item(code).text, int(n)] for code, n in items.items()],
    }


def _furthest(results: Results, flagged: pd.DataFrame) -> pd.Series:
    """For each flagged (subject, item), in text order of the pair, the inspector furthest from the mean."""
    sheets, codes = results.sheets, [item.code for item in results.checklist.items]
    n_items, n_sheets = len(codes), len(sheets.sheet_subject)
    subject_rank = text_ranks(np.asarray(sheets.subjects, dtype=object))
    item_rank = text_ranks(np.asarray(codes, dtype=object))
    # each score row's (subject, item) as one integer that sorts as the pair's texts do
    keys = np.tile(subject_rank[sheets.sheet_subject], n_items) * n_items + np.repeat(item_rank, n_sheets)
    wanted = np.zeros(len(sheets.subjects) * n_items, dtype=bool)
    subject_of = dict(zip(sheets.subjects, subject_rank, strict=True))
    item_of = dict(zip(codes, item_rank, strict=True))
    wanted[
        flagged["subject"].map(subject_of).to_numpy(np.int64) * n_items
        + flagged["item"].map(item_of).to_numpy(np.int64)
    ] = True
    rows = np.flatnonzero(wanted[keys])
    scores = pd.DataFrame({"key": keys[rows], "score": results.inspector_scores["score"].to_numpy()[rows]})
    off = (scores["score"] - scores.groupby("key")["score"].transform("mean")).abs()
    inspectors = np.asarray(sheets.inspectors, dtype=object)[np.tile(sheets.sheet_inspector, n_items)[rows]]
    return pd.Series(inspectors[off.groupby(scores["key"]).idxmax().to_numpy()])


def _problems(results: Results) -> list[list]:
    """The items that cost most points: code, text, how many subjects lost points, points lost in all."""
    items = results.items[results.items["lost"] > 0]
    lost = items.groupby("item", sort=False).agg(subjects=("subject", "nunique"), lost=("lost", "sum"))
    top = lost.sort_values("lost", ascending=False, kind="stable").head(TOP_PROBLEMS)
    return [
        [code, results.checklist.item(code).text, int(row.subjects), round(float(row.lost), 4)]
        for code, row in top.iterrows()
    ]


def _problem(what: str, problems: list) -> str:
    """A Chinese message naming the first few problems."""
    shown = "；".join(str(problem) for problem in problems[:SHOWN_PROBLEMS])
    more = f"；另有 {len(problems) - SHOWN_PROBLEMS} 处" if len(problems) > SHOWN_PROBLEMS else ""
    return f"{what}，暂不能排名。请管理员修正后再查看。" + (f"（{shown}{more}）" if shown else "")
