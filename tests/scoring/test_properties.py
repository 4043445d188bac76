"""Invariants of the engine, over generated checklists and answers."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from scoring import parse_checklist, score
from scoring.combine import half_up_units

from .conftest import checklist_data
from .strategies import counts, deduct_items, rates, ratio_items, scores, steps_items, subjects

MANUAL = {"code": "M", "text": "综合评价", "method": "manual", "max": 100}
VETO = {"code": "V", "text": "否决", "method": "veto"}


def one_item_score(item, value):
    """The score of one answer to one item."""
    frame = pd.DataFrame({"subject": ["甲村"], "item": ["X"], "value": [str(value)]})
    return score(parse_checklist(checklist_data([item])), frame).items["score"].iloc[0]


@given(st.one_of(deduct_items.map(lambda i: (i, counts)), ratio_items.map(lambda i: (i, rates)),
                 steps_items.map(lambda i: (i, rates))).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), pair[1])))
def test_a_score_never_leaves_zero_to_max(case):
    item, value = case
    assert 0 <= one_item_score(item, value) <= item["max"]


@given(deduct_items, counts)
def test_one_more_deduction_never_raises_a_score(item, count):
    assert one_item_score(item, count + 1) <= one_item_score(item, count)


@given(st.integers(0, 10**6))
def test_half_up_matches_decimal_rounding(thousandths):
    value = Decimal(thousandths) / 1000
    expected = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    units = half_up_units(np.array([float(value)]), Decimal("0.01"))[0]
    assert Decimal(int(units)) / 100 == expected


def ranked(values, vetoed=()):
    """Score one manual item per subject, vetoing some."""
    rows = [(s, "M", str(v)) for s, v in values.items()]
    rows += [(s, "V", "是" if s in vetoed else "否") for s in values]
    frame = pd.DataFrame(rows, columns=["subject", "item", "value"])
    results = score(parse_checklist(checklist_data([MANUAL, VETO])), frame).subjects
    return dict(zip(results["subject"], results["rank"], strict=True))


@given(subjects.flatmap(lambda names: st.tuples(st.just(names), st.lists(
    scores, min_size=len(names), max_size=len(names)))))
def test_ranks_are_consistent_with_scores(case):
    names, values = case
    ranks = ranked(dict(zip(names, values, strict=True)))
    for a, score_a in zip(names, values, strict=True):
        # competition ranking: one more than the number of strictly better scores
        assert ranks[a] == 1 + sum(score_b > score_a for score_b in values)


@given(subjects.flatmap(lambda names: st.tuples(
    st.just(names), st.lists(scores, min_size=len(names), max_size=len(names)),
    st.sampled_from(names))))
def test_a_veto_never_improves_a_rank(case):
    names, values, victim = case
    table = dict(zip(names, values, strict=True))
    assert ranked(table, vetoed={victim})[victim] >= ranked(table)[victim]


@given(subjects.flatmap(lambda names: st.tuples(
    st.just(names), st.lists(scores, min_size=len(names), max_size=len(names)),
    st.randoms())))
def test_the_order_of_rows_does_not_change_results(case):
    names, values, random = case
    rows = [(s, "M", str(v), i) for s, v in zip(names, values, strict=True) for i in ("张", "李")]
    shuffled = rows[:]
    random.shuffle(shuffled)
    checklist = parse_checklist(checklist_data([MANUAL]))

    def table(data):
        frame = pd.DataFrame(data, columns=["subject", "item", "value", "inspector"])
        return score(checklist, frame).subjects.set_index("subject").sort_index()

    pd.testing.assert_frame_equal(table(rows), table(shuffled))
