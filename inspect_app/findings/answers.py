"""A campaign's signed-off answers read into the engine's columns: millions of rows, few Python objects.

The database joins each sheet's item codes and values into one text each (in the answer index's
order), so a campaign of 2,250,000 answers arrives as 15,000 rows; Python splits the texts in
one go, and subject, group and inspector are spread from the sheets as categorical codes. When
some text holds the separator, the answers are read row by row instead.
"""

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, literal, literal_column
from sqlmodel import Session, select

from inspect_app.models import Answer, CampaignSubject, ScoreSheet, SheetStatus, User

RESPONSE_COLUMNS = ["subject", "group", "inspector", "item", "value", "note"]
SEP = "\x1f"  # the unit separator: joins one sheet's codes and values


def campaign_responses(*, session: Session, campaign_id: int) -> pd.DataFrame:
    """The signed-off inspection answers of a campaign as the engine's long table (subject = subject id),
    sheet by sheet, items in the answer index's order; self-assessment sheets are compared with them, never ranked."""
    connection = session.connection()
    signed = (
        ScoreSheet.campaign_id == campaign_id,
        ScoreSheet.status == SheetStatus.SIGNED_OFF,
        ScoreSheet.self_assessment.is_(False),
    )
    sheets = connection.execute(  # id, subject, group, inspector: a row per signed-off sheet
        select(ScoreSheet.id, CampaignSubject.id, CampaignSubject.group_name, User.username)
        .join(CampaignSubject, CampaignSubject.id == ScoreSheet.subject_id)
        .join(User, User.id == ScoreSheet.inspector_id)
        .where(*signed)
        .order_by(ScoreSheet.id)
    ).all()
    table = _joined(connection, signed)
    if table is None:
        table = _rows(connection, signed)
    sheet_ids, subjects, groups, inspectors = (
        [np.asarray(column, dtype=object) for column in zip(*sheets, strict=True)]
        if sheets
        else [np.zeros(0, dtype=object)] * 4
    )
    index = pd.Index(sheet_ids.astype(np.int64))
    position = index.get_indexer(table["sheet_id"])
    for name, values in (("subject", subjects.astype(str)), ("group", groups), ("inspector", inspectors)):
        codes, labels = pd.factorize(values)
        table[name] = pd.Categorical.from_codes(codes[position], pd.Index(labels, dtype=object))
    table["note"] = _notes(connection, signed, index, position, table["item"])
    return table[RESPONSE_COLUMNS]


def _joined(connection: Connection, signed: tuple) -> pd.DataFrame | None:
    """sheet_id, item, value from one joined text per sheet; None when a text holds the separator."""
    value = func.coalesce(Answer.value, "")
    # in the order the rows come (the answer index's: sheet, item), no sort: both aggregates see the
    # same rows in the same order, so codes and values stay paired; the order within a sheet changes no score
    if connection.dialect.name == "postgresql":
        codes, values = func.string_agg(Answer.item_code, literal(SEP)), func.string_agg(value, literal(SEP))
    else:
        codes, values = func.group_concat(Answer.item_code, SEP), func.group_concat(value, SEP)
    rows = connection.execute(
        select(ScoreSheet.id, func.count(), codes, values)
        .join(Answer, Answer.sheet_id == ScoreSheet.id)
        .where(*signed)
        .group_by(ScoreSheet.id)
        .order_by(ScoreSheet.id)
    ).all()
    if not rows:
        return pd.DataFrame({"sheet_id": np.zeros(0, np.int64), "item": [], "value": []})
    sheet_ids, counts, code_texts, value_texts = zip(*rows, strict=True)
    counts = np.asarray(counts, dtype=np.int64)
    values = SEP.join(value_texts).split(SEP)
    patterns, uniques = pd.factorize(pd.Series(code_texts, dtype=object))  # sheets mostly list the same items
    split = [text.split(SEP) for text in uniques]
    if len(values) != counts.sum() or any(len(split[p]) != n for p, n in zip(patterns, counts, strict=True)):
        return None
    categories = pd.Index(pd.unique(np.concatenate([np.asarray(codes, dtype=object) for codes in split])))
    per_pattern = [categories.get_indexer(codes) for codes in split]
    return pd.DataFrame(
        {
            "sheet_id": np.repeat(np.asarray(sheet_ids, dtype=np.int64), counts),
            "item": pd.Categorical.from_codes(np.concatenate([per_pattern[p] for p in patterns]), categories),
            "value": np.asarray(values, dtype=object),
        }
    )


def _rows(connection: Connection, signed: tuple) -> pd.DataFrame:
    """sheet_id, item, value read row by row."""
    rows = connection.execute(
        select(Answer.sheet_id, Answer.item_code, func.coalesce(Answer.value, ""))
        .join(ScoreSheet, ScoreSheet.id == Answer.sheet_id)
        .where(*signed)
        .order_by(Answer.sheet_id, Answer.item_code)
    ).all()
    sheet_ids, codes, values = zip(*rows, strict=True) if rows else ((), (), ())
    return pd.DataFrame(
        {
            "sheet_id": np.asarray(sheet_ids, dtype=np.int64),
            "item": pd.Categorical(pd.Series(codes, dtype=object)),
            "value": pd.Series(values, dtype=object),
        }
    )


def _notes(
    connection: Connection, signed: tuple, sheets: pd.Index, position: np.ndarray, items: pd.Series
) -> np.ndarray:
    """The note column: "" but on the (few) answers that carry one; rows found by sheet and item."""
    notes = connection.execute(
        select(Answer.sheet_id, Answer.item_code, Answer.note)
        .join(ScoreSheet, ScoreSheet.id == Answer.sheet_id)
        .where(
            *signed, Answer.note != literal_column("''")
        )  # as a literal: it matches the partial index ix_answer_noted
    ).all()
    column = np.full(len(position), "", dtype=object)
    if notes:
        sheet_ids, codes, texts = zip(*notes, strict=True)
        categories = items.cat.categories
        rows = pd.Index(position.astype(np.int64) * len(categories) + items.cat.codes.to_numpy())
        wanted = sheets.get_indexer(sheet_ids).astype(np.int64) * len(categories) + categories.get_indexer(codes)
        column[rows.get_indexer(wanted)] = texts
    return column
