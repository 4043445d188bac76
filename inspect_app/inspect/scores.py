"""One score sheet through the engine: what each code accepts, refused values, provisional scores.

Every number here comes from `scoring.score` on the sheet's own answers; nothing is computed
twice. A sheet still being filled has no engine total (it is incomplete), so its provisional
total is the sum of the item scores the engine gave so far (bonus capped as the checklist says).
"""

from dataclasses import asdict
from decimal import Decimal
from functools import lru_cache

import pandas as pd

from scoring import Checklist, Item, parse_checklist_text, score
from scoring.methods import EXPECTED, READERS, Answers
from scoring.values import ParsedValues

SUBJECT = "sheet"
MAX_VALUE_LENGTH = 200


@lru_cache(maxsize=32)
def checklist_of(yaml_text: str) -> Checklist:
    """The parsed checklist of a stored version's text (immutable, so kept once per text)."""
    return parse_checklist_text(yaml_text)


def _number(value: Decimal | None) -> float | None:
    """A checklist number for JSON."""
    return None if value is None else float(value)


def item_json(item: Item) -> dict:
    """Everything the form (and its JS port of the methods) needs to know of one item."""
    return {
        "code": item.code, "text": item.text, "standard": item.standard, "section": item.section,
        "method": item.method, "max": _number(item.max), "per": _number(item.per),
        "target": item.target if item.relative else _number(item.target),  # type: ignore[arg-type]
        "base": _number(item.base), "floor": _number(item.floor), "zero_below": _number(item.zero_below),
        "step": _number(item.step), "whole_steps": item.whole_steps,
        "bands": [{"min": _number(b.min), "below": _number(b.below), "score": float(b.score)} for b in item.bands],
        "levels": [[name, float(points)] for name, points in item.levels],
        "lines": [{"code": ln.code, "text": ln.text, "per": float(ln.per), "max": _number(ln.max)}
                  for ln in item.lines],
        "veto_when": None if item.veto_when is None else {
            "op": item.veto_when.op, "value": float(item.veto_when.value), "word": item.veto_when.word,
            "text": item.veto_when.describe()},
        "effect": asdict(item.effect), "relative": item.relative, "vetoes": item.vetoes,
        "accepts": EXPECTED["deduct" if item.lines else item.method],
    }


def checklist_json(checklist: Checklist) -> dict:
    """The rules of the sum and each item's scoring parameters (no texts: the page has them)."""
    def lean(item: Item) -> dict:
        full = item_json(item)
        kept = ("code", "method", "max", "per", "target", "base", "floor", "zero_below", "step", "whole_steps",
                "bands", "levels", "lines", "veto_when", "relative", "vetoes")
        return {key: full[key] for key in kept if full[key] not in (None, [], False) or key == "whole_steps"}

    return {
        "precision": float(checklist.precision), "bonus_cap": _number(checklist.bonus_cap),
        "expected": EXPECTED,
        "sections": [{"code": s.code, "items": [lean(i) for i in s.items]} for s in checklist.sections],
    }


def answer_codes_json(checklist: Checklist) -> list[dict]:
    """Each answer code with its text, method, max and what it accepts (the API's `items`)."""
    rows = []
    for code, item in checklist.answer_codes():
        line = next((ln for ln in item.lines if ln.code == code), None)
        rows.append({
            "code": code, "item": item.code, "section": item.section,
            "text": f"{item.text}：{line.text}" if line else item.text,
            "method": item.method, "max": _number(line.max if line else item.max),
            "accepts": EXPECTED["deduct" if item.lines else item.method],
            "levels": [name for name, _ in item.levels],
            "per": _number(line.per if line else item.per),
        })
    return rows


def _blank(value: str | None) -> bool:
    return value is None or not str(value).strip()


def _responses(answers: dict[str, str | None]) -> pd.DataFrame:
    """The answered codes as the engine's long table of one sheet."""
    codes = [code for code, value in answers.items() if not _blank(value)]
    return pd.DataFrame({"subject": [SUBJECT] * len(codes), "item": codes,
                         "value": [str(answers[code]) for code in codes]}, dtype=object)


def refused(checklist: Checklist, answers: dict[str, str | None]) -> list[dict]:
    """[{item, value, message}] for unknown codes and values the engine's own readers refuse."""
    known = dict(checklist.answer_codes())
    errors = [{"item": code, "value": value, "message": f"检查表中没有评分项 {code}"}
              for code, value in answers.items() if code not in known]
    errors += [{"item": code, "value": value, "message": f"太长（最多 {MAX_VALUE_LENGTH} 字）"}
               for code, value in answers.items() if code in known and len(str(value or "")) > MAX_VALUE_LENGTH]
    given = [(code, value) for code, value in answers.items()
             if code in known and not _blank(value) and len(str(value)) <= MAX_VALUE_LENGTH]
    if not given:
        return errors
    parsed = ParsedValues(pd.Series([str(value) for _, value in given], dtype=object))
    number, yes_no, word, text = parsed.answers(parsed.key)
    for row, (code, value) in enumerate(given):
        item = known[code]
        method = "deduct" if item.lines else item.method
        one = slice(row, row + 1)
        _, bad = READERS[method](item, Answers(number[one], yes_no[one], word[one], text[one], parsed.texts))
        if bad[0]:
            errors.append({"item": code, "value": value, "message": f"应为{EXPECTED[method]}"})
    return errors


def provisional(checklist: Checklist, answers: dict[str, str | None]) -> dict:
    """The engine's scores of one sheet: items, sections, total, vetoes and what is missing.

    A stored value the checklist refuses (or a code it no longer has) counts as unanswered.
    """
    bad = {error["item"] for error in refused(checklist, answers)}
    responses = _responses({code: value for code, value in answers.items() if code not in bad})
    every_code = [code for code, _ in checklist.answer_codes()]
    if responses.empty:
        return {"items": dict.fromkeys((i.code for i in checklist.items), None),
                "sections": {s.code: 0.0 for s in checklist.sections}, "total": 0.0, "complete": False, "vetoed": False,
                "veto_reasons": [], "missing": every_code, "relative": _relative(checklist)}
    results = score(checklist, responses)
    subject = results.subjects.iloc[0]
    scored = results.items.set_index("item")["score"]
    items = {item.code: (None if item.relative or item.method == "veto" or pd.isna(scored[item.code])
                         else float(scored[item.code])) for item in checklist.items}  # a veto carries no points
    sections = {s.code: _sum(items[i.code] for i in s.items if i.method != "veto") for s in checklist.sections}
    complete = subject["status"] != "incomplete"
    return {
        "items": items, "sections": sections,
        "total": float(subject["score"]) if complete and not _relative(checklist) else _so_far(checklist, items),
        "complete": bool(complete), "vetoed": bool(subject["vetoed"]),
        "veto_reasons": list(subject["veto_reasons"]), "missing": list(subject["missing"]),
        "relative": _relative(checklist),
    }


def _relative(checklist: Checklist) -> list[str]:
    """Items settled only when the campaign is scored (`target: mean | median`)."""
    return [item.code for item in checklist.items if item.relative]


def _sum(scores) -> float:
    """A sum of rounded item scores, exactly (decimal), skipping those not yet scored."""
    return float(sum((Decimal(str(s)) for s in scores if s is not None), Decimal(0)))


def _so_far(checklist: Checklist, items: dict[str, float | None]) -> float:
    """Counted items scored so far plus the bonus, capped by bonus_cap."""
    counted = _sum(items[i.code] for i in checklist.items if i.counts_to_total)
    bonus = _sum(items[i.code] for i in checklist.items if i.method == "bonus")
    if checklist.bonus_cap is not None:
        bonus = min(bonus, float(checklist.bonus_cap))
    return float(Decimal(str(counted)) + Decimal(str(bonus)))


def missing(checklist: Checklist, answers: dict[str, str | None]) -> list[str]:
    """The answer codes still unanswered, as the engine lists them."""
    return provisional(checklist, answers)["missing"]
