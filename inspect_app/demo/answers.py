"""Plausible answers to any checklist, drawn from a seeded random generator."""

import random
from decimal import Decimal

from scoring import Checklist, Item


def sheet_answers(checklist: Checklist, rng: random.Random, *, veto_code: str | None = None) -> dict[str, str]:
    """One inspector's answers to every item; veto_code names the item that vetoes, if any."""
    answers: dict[str, str] = {}
    for section in checklist.sections:
        for item in section.items:
            if item.lines:
                for line in item.lines:
                    answers[line.code] = str(rng.choice([0, 0, 0, 0, 1, 2]))
            else:
                answers[item.code] = _value(item, rng, veto=item.code == veto_code)
    return answers


def veto_items(checklist: Checklist) -> list[str]:
    """Codes of the items whose answer can veto a subject."""
    return [item.code for item in checklist.items if item.vetoes]


def _value(item: Item, rng: random.Random, *, veto: bool) -> str:
    """A value for one item, vetoing only when asked."""
    if item.method == "veto":
        return "是" if veto else "否"
    if item.veto_when is not None and item.veto_when.word:
        return item.veto_when.word if veto else _other_word(item, item.veto_when.word)
    if item.veto_when is not None:
        return _number(_veto_side(item.veto_when.op, item.veto_when.value, vetoes=veto))
    make = _MAKERS.get(item.method)
    return make(item, rng) if make else "0"


def _other_word(item: Item, word: str) -> str:
    """The best level other than `word`, or the other of 是 / 否."""
    others = [(score, name) for name, score in item.levels if name != word]
    if others:
        return max(others)[1]
    return "否" if word == "是" else "是"


def _veto_side(op: str, bound: Decimal, *, vetoes: bool) -> Decimal:
    """A number on the vetoing side of a veto_when bound, or safely off it."""
    step = abs(bound) / 2 if bound else Decimal(1)
    inside = {"above": bound + step, "at_least": bound, "below": bound - step, "at_most": bound}
    outside = {"above": bound - step, "at_least": bound - step, "below": bound + step}
    if op == "equals":
        return bound if vetoes else bound + 1
    return inside[op] if vetoes else outside.get(op, bound + step)


def _deduct(item: Item, rng: random.Random) -> str:
    return str(rng.choice([0, 0, 0, 0, 0, 1, 1, 2, 3]))


def _ratio(item: Item, rng: random.Random) -> str:
    if isinstance(item.target, Decimal):
        return _number(item.target * Decimal(str(round(rng.uniform(0.82, 1.0), 3))))
    return _number(Decimal(str(round(rng.uniform(60, 140), 1))))


def _bands(item: Item, rng: random.Random) -> str:
    band = rng.choice(item.bands)
    if band.min is not None:
        return _number(band.min * Decimal(str(round(rng.uniform(1.0, 1.3), 2))))
    return _number(band.below * Decimal(str(round(rng.uniform(0.3, 0.95), 2))))


def _check(item: Item, rng: random.Random) -> str:
    return "是" if rng.random() < 0.85 else "否"


def _levels(item: Item, rng: random.Random) -> str:
    names = [name for name, _ in item.levels]
    return rng.choices(names, weights=range(len(names), 0, -1))[0]


def _manual(item: Item, rng: random.Random) -> str:
    return _number((item.max or Decimal(0)) * Decimal(str(round(rng.uniform(0.7, 1.0), 2))))


def _bonus(item: Item, rng: random.Random) -> str:
    return rng.choice(["0", "0", _number((item.max or Decimal(0)) / 2)])


def _steps(item: Item, rng: random.Random) -> str:
    target = item.target if isinstance(item.target, Decimal) else Decimal(0)
    return _number(target - (item.step or Decimal(1)) * rng.randint(0, 3))


_MAKERS = {
    "deduct": _deduct,
    "ratio": _ratio,
    "bands": _bands,
    "check": _check,
    "levels": _levels,
    "manual": _manual,
    "bonus": _bonus,
    "steps": _steps,
}


def _number(value: Decimal) -> str:
    """A number as an inspector would type it."""
    if abs(value) >= 100:
        return str(int(value.quantize(Decimal(1))))
    return format(value.quantize(Decimal("0.001")).normalize(), "f")
