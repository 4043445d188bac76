"""The demo's generated answers score cleanly on any checklist, and veto only when asked."""

import random
from pathlib import Path

import pandas as pd
import pytest

from inspect_app.demo.answers import sheet_answers, veto_items
from scoring import load_checklist, parse_checklist_text, score

CHECKLISTS = sorted((Path(__file__).parents[2] / "checklists").glob("*.yaml"))
WORDS = """\
id: words
title: 以文字否决
subject: village
total: 40
grades: [{grade: 好, min: 30}, {grade: 差, min: 0}]
sections:
  - code: A
    title: 甲
    items:
      - {code: A1, text: 档案, max: 30, method: levels, levels: {好: 30, 一般: 15, 差: 0}, veto_when: {equals: 差}}
      - {code: A2, text: 在岗, max: 10, method: check, veto_when: {equals: 否}}
"""


def scored(checklist, veto_code=None):
    """One village answered by the generator, scored."""
    answers = sheet_answers(checklist, random.Random(7), veto_code=veto_code)
    frame = pd.DataFrame({"subject": "甲村", "item": list(answers), "value": list(answers.values())})
    return score(checklist, frame).subjects.iloc[0]


@pytest.mark.parametrize("checklist", [*(load_checklist(p) for p in CHECKLISTS), parse_checklist_text(WORDS)],
                         ids=[*(p.stem for p in CHECKLISTS), "words"])
def test_generated_answers_are_complete_and_veto_only_when_asked(checklist):
    plain = scored(checklist)
    assert (plain["status"], plain["vetoed"]) == ("ok", False)
    for code in veto_items(checklist):
        vetoed = scored(checklist, veto_code=code)
        assert vetoed["vetoed"]
        assert any(reason.startswith(f"{code} ") for reason in vetoed["veto_reasons"])
