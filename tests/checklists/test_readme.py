"""Every YAML example in checklists/README.md is a complete checklist the engine accepts."""

import re
from pathlib import Path

import pytest

import scoring

README = Path(__file__).resolve().parents[2] / "checklists" / "README.md"
EXAMPLES = re.findall(r"^```yaml\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)


def first_line(text):
    return next(line for line in text.splitlines() if line.startswith("id:"))


@pytest.mark.parametrize("text", EXAMPLES, ids=first_line)
def test_example_loads(text):
    scoring.parse_checklist_text(text, "checklists/README.md")


def test_the_examples_show_every_method_and_shape():
    checklists = [scoring.parse_checklist_text(text) for text in EXAMPLES]
    items = [item for checklist in checklists for item in checklist.items]
    assert {item.method for item in items} == {
        "deduct", "ratio", "bands", "check", "levels", "manual", "veto", "bonus", "steps"}
    assert any(item.lines for item in items)
    assert {item.target for item in items if item.relative} == {"mean", "median"}
    assert {item.effect.kind for item in items if item.vetoes} == {"fail", "cap", "exclude"}
    assert any(rule.quota for checklist in checklists for rule in checklist.grades)
    assert any(c.bonus_cap is None and any(i.method == "bonus" for i in c.items)
               for c in checklists)
    assert {checklist.ties for checklist in checklists} == {"competition", "dense"}
    assert any(item.per is not None and item.per < 0 for item in items if item.method == "steps")
