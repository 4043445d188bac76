"""The shipped composite rules load, and weight their parts as written."""

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scoring.composite import composite
from scoring.composite_rule import parse_composite

COMPOSITES = sorted((Path(__file__).parents[2] / "checklists" / "composites").glob("*.yaml"))


@pytest.mark.parametrize("path", COMPOSITES, ids=lambda p: p.name)
def test_a_shipped_composite_rule_loads(path):
    rule = parse_composite(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    assert sum(part.weight for part in rule.parts) == Decimal(1)


def test_the_town_rule_weights_quarterly_means_forty_thirty_thirty():
    path = next(p for p in COMPOSITES if p.name == "town-annual-composite.yaml")
    rule = parse_composite(yaml.safe_load(path.read_text(encoding="utf-8")))
    scores = {"town-q1": 80, "town-q2": 84, "town-q3": 90, "town-q4": 86,   # mean 85
              "town-annual-check": 88, "town-third-party": 91}
    frames = {name: pd.DataFrame({"subject": ["章党镇"], "score": [value]}) for name, value in scores.items()}
    row = composite(rule, frames).iloc[0]
    assert row["score"] == 87.7          # 0.4 × 85 + 0.3 × 88 + 0.3 × 91 = 34 + 26.4 + 27.3
    assert row["grade"] == "较好"
