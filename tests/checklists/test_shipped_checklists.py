"""Every shipped checklist loads without a problem and cites a seed document on every item."""

import re
from pathlib import Path

import pytest

import scoring

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"
SHIPPED = sorted(CHECKLISTS.glob("*.yaml"))
SEEDS = ("000_88b1b9014cb5d7dc.txt", "001_a19810ed1c50bb31.txt", "002_8609464f4b1e120c.txt",
         "003_3d13a4260c9ba524.txt", "004_635fce03901d813c.txt")
# A citation is a seed file name followed by its section, e.g. "002_8609464f4b1e120c.txt 五(七)".
CITATION = re.compile("(" + "|".join(re.escape(seed) for seed in SEEDS) + r") \S+")


def test_the_checklists_are_there():
    names = {path.name for path in SHIPPED}
    assert {"village-1000.yaml", "town-annual.yaml", "supervision-2020.yaml",
            "household-exit.yaml", "village-exit.yaml", "health-security.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_checklist_loads(path):
    checklist = scoring.load_checklist(path)
    assert checklist.items


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_item_cites_a_seed_and_has_a_standard(path):
    checklist = scoring.load_checklist(path)
    uncited = [item.code for item in checklist.items if not CITATION.search(item.source)]
    assert uncited == []
    unwritten = [item.code for item in checklist.items if not item.standard]
    assert unwritten == []


def test_the_village_checklist_has_the_shapes_the_seeds_need():
    checklist = scoring.load_checklist(CHECKLISTS / "village-1000.yaml")
    items = checklist.items
    assert checklist.total == 1000
    assert checklist.bonus_cap is not None
    assert any(item.lines for item in items if item.method == "deduct")
    assert any(item.method == "ratio" and item.target == "mean" and item.floor for item in items)
    assert any(item.method == "steps" for item in items)
    assert any(item.veto_when is not None for item in items)
    effects = {item.effect.kind for item in items if item.vetoes}
    assert effects == {"fail", "exclude", "cap"}
    assert any(item.method == "bonus" and "加2分" in item.standard for item in items)
