"""Differential test: the form's JS port of the item methods against the engine, on random answers.

Random checklists (every method, random parameters and precision) and random answers, valid and
refused, go through `inspect_app.inspect.scores.provisional` (the engine) and through
static/inspect/methods.js in node; every item score, section subtotal and running total must be equal,
and the JS must refuse exactly the values the engine refuses.
"""

import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from inspect_app.inspect import scores
from scoring import parse_checklist_text

METHODS_JS = Path(__file__).parents[2] / "inspect_app/inspect/static/inspect/methods.js"
RUNNER = """
require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const M = globalThis.InspectMethods;
const out = cases.map(({checklist, answers}) => {
  const s = M.sheetScores(checklist, answers);
  const refused = [];
  checklist.sections.forEach(sec => sec.items.forEach(item => {
    const codes = item.lines.length ? item.lines.map(l => l.code) : [item.code];
    codes.forEach(code => { const x = M.read(item, answers[code], item.lines.length > 0); if (x !== null && isNaN(x)) refused.push(code); });
  }));
  return {items: s.items, sections: s.sections, total: s.total, vetoed: s.vetoed, refused};
});
process.stdout.write(JSON.stringify(out));
"""


def random_checklist(rng: random.Random, n: int) -> dict:
    """A valid checklist of every method with random parameters."""
    items = []
    for index in range(n):
        code, top = f"I{index}", rng.choice([5, 10, 12, 20, 30])
        kind = rng.choice(["deduct", "pool", "ratio", "bands", "check", "levels", "manual", "veto", "bonus", "steps"])
        item = {"code": code, "text": f"项{index}", "max": top, "method": kind}
        if kind == "deduct":
            item["per"] = rng.choice([1, 2, 2.5, 3, 5])
        elif kind == "pool":
            item |= {"method": "deduct", "lines": [
                {"code": f"{code}{c}", "text": f"行{c}", "per": rng.choice([0.5, 1, 2, 3]),
                 **({"max": rng.choice([2, 4, 5])} if rng.random() < 0.4 else {})} for c in "abc"]}
        elif kind == "ratio":
            item |= {"target": rng.choice([1.0, 0.9, 0.95, 0.8]),
                     **({"zero_below": rng.choice([0.5, 0.6])} if rng.random() < 0.5 else {}),
                     **({"floor": rng.choice([1, 2])} if rng.random() < 0.3 else {}),
                     **({"base": top - 1} if rng.random() < 0.3 else {})}
        elif kind == "bands":
            item["bands"] = [{"min": 100, "score": top}, {"min": 50.5, "score": top / 2}, {"min": 0.01, "score": 1}]
        elif kind == "levels":
            item["levels"] = {"好": top, "较好": round(top * 0.8, 1), "一般": round(top * 0.5, 1), "差": 0}
        elif kind == "veto":
            del item["max"]
        elif kind == "steps":
            per = rng.choice([1, -1, 0.5, 2, -2.5])
            item |= {"target": rng.choice([1.0, 0.5, 3.0]), "step": rng.choice([0.001, 0.01, 0.1, 0.25]),
                     "per": per, "base": rng.choice([top, top / 2]), "whole_steps": rng.random() < 0.7,
                     **({"floor": 1} if rng.random() < 0.3 else {})}
        if kind in ("bands", "ratio") and rng.random() < 0.2:
            item["veto_when"] = {rng.choice(["above", "at_least", "below", "at_most"]): rng.choice([0.5, 50.5, 1.0])}
        items.append(item)
    counted = sum(i["max"] for i in items if i["method"] not in ("bonus", "veto"))
    return {"id": "random", "title": "随机检查表", "subject": "village", "total": counted,
            "precision": rng.choice([0.1, 0.5, 1, 0.01]), "grades": [{"grade": "好", "min": 0}],
            **({"bonus_cap": rng.choice([3, 10])} if rng.random() < 0.5 else {}),
            "sections": [{"code": "A", "title": "甲", "items": items[: n // 2]},
                         {"code": "B", "title": "乙", "items": items[n // 2:]}]}


def random_value(rng: random.Random, item: dict, line: bool) -> str | None:
    """A value as an inspector might type it: mostly fitting, sometimes refused, sometimes blank."""
    if rng.random() < 0.1:
        return rng.choice([None, "", "abc", "-1", "1.5", "12,000", "85%", "１２", " 3 "])
    method = "deduct" if line else item["method"]
    if method == "deduct":
        return str(rng.randint(0, 9))
    if method == "ratio":
        return rng.choice([f"{rng.uniform(0, 1.3):.3f}", f"{rng.randint(0, 120)}%"])
    if method == "bands":
        return rng.choice([f"{rng.uniform(-5, 150):.2f}", "50.5", "100", "0.01", "0"])
    if method in ("check", "veto"):
        return rng.choice(["是", "否", "1", "0", "yes", "无", "√"])
    if method == "levels":
        return rng.choice(list(item["levels"]))
    if method in ("manual", "bonus"):
        return rng.choice([f"{rng.uniform(0, item['max']):.1f}", str(item["max"]), "是", "否", f"{item['max'] + 1}"])
    return rng.choice([f"{rng.uniform(-1, 5):.3f}", str(item["target"]), f"{item['target'] - item['step'] * 3:.4f}"])


@pytest.fixture(scope="module")
def node() -> str:
    """Node.js; skip without it, except in CI where it must be there."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but node is missing (apt-get install nodejs)")
        pytest.skip("node is not installed (apt-get install nodejs)")
    return found


def test_js_methods_equal_the_engine_on_random_answers(node):
    rng = random.Random(20261202)
    cases, expected = [], []
    for _ in range(120):
        data = random_checklist(rng, rng.randint(4, 14))
        checklist = parse_checklist_text(yaml.safe_dump(data, allow_unicode=True))
        answers = {code: random_value(rng, next(i for i in data["sections"][0]["items"] + data["sections"][1]["items"]
                                               if i["code"] == item.code), code != item.code)
                   for code, item in checklist.answer_codes()}
        refused = {e["item"] for e in scores.refused(checklist, answers)}
        usable = {code: value for code, value in answers.items() if code not in refused}
        cases.append({"checklist": scores.checklist_json(checklist), "answers": usable})
        expected.append((refused, scores.provisional(checklist, usable), answers, cases[-1]["checklist"]))
        cases.append({"checklist": scores.checklist_json(checklist), "answers": answers})
    run = subprocess.run([node, "-e", RUNNER, str(METHODS_JS)], input=json.dumps(cases), capture_output=True,
                         text=True, check=True)
    results = json.loads(run.stdout)
    methods_seen = set()
    for index, (refused, engine, answers, checklist) in enumerate(expected):
        js, js_all = results[2 * index], results[2 * index + 1]
        assert set(js_all["refused"]) == refused, (answers, checklist)
        assert js["items"] == pytest.approx(engine["items"], abs=1e-9, nan_ok=False), (answers, checklist)
        assert js["sections"] == pytest.approx(engine["sections"], abs=1e-9), (answers, checklist)
        assert js["total"] == pytest.approx(engine["total"], abs=1e-9), (answers, checklist)
        assert bool(js["vetoed"]) == engine["vetoed"], (answers, checklist)
        methods_seen |= {i["method"] for s in checklist["sections"] for i in s["items"]}
    assert methods_seen == {"deduct", "ratio", "bands", "check", "levels", "manual", "veto", "bonus", "steps"}
