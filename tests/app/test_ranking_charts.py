"""Charts of a ranking: SVG drawn on the server, hand-checked numbers, no inline styles."""

import re
import xml.etree.ElementTree as ET

from inspect_app.models import Role
from tests.app.test_rankings import OTHER_TOWN

SVG = "{http://www.w3.org/2000/svg}"


def charts_of(html: str) -> dict[str, ET.Element]:
    """Every <svg class="chart NAME"> of a page, parsed, by NAME."""
    found = re.findall(r'<svg class="chart ([a-z-]+)".*?</svg>', html, re.S)
    blocks = re.findall(r'(<svg class="chart [a-z-]+".*?</svg>)', html, re.S)
    return dict(zip(found, (ET.fromstring(block) for block in blocks), strict=True))


def texts(svg: ET.Element, css: str) -> list[str]:
    """The texts of one class, in order."""
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("class", "").startswith(css)]


def test_the_ranking_page_draws_distribution_grades_and_heat_map(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings").text
    assert "style=" not in page
    charts = charts_of(page)
    assert set(charts) == {"distribution", "grades", "heat-map"}
    # Scores 20, 20, 15, 7.5: ten bins of 1.25 from 7.5; 7.5 in the first, 15 in the seventh, 20 in the last.
    counts = texts(charts["distribution"], "value")
    assert counts == ["1", "0", "0", "0", "0", "0", "1", "0", "0", "2"]
    town = ranked.subjects[0].group_name
    assert texts(charts["grades"], "label") == ["好", "差", *sorted([town, OTHER_TOWN])]
    assert texts(charts["grades"], "value") == ["2", "2"]
    # Section A (max 20): the town lost 0 and 5 (2.5 on average), the other town 0 and 12.5 (6.25).
    lost = dict(zip(sorted([town, OTHER_TOWN]), texts(charts["heat-map"], "cell-value"), strict=True))
    assert lost == {town: "2.5", OTHER_TOWN: "6.2"}


def test_a_subject_against_its_town_and_the_county(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    village = next(s for s in ranked.subjects if s.name == "测试村2")
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{village.id}").text
    chart = charts_of(page)["sections"]
    # 测试村2 7.5; its town (20 + 7.5) / 2 = 13.75; the county (20 + 15 + 20 + 7.5) / 4 = 15.625.
    assert texts(chart, "value") == ["7.5", "13.8", "15.6"]
    assert texts(chart, "label")[:3] == ["本对象", f"{OTHER_TOWN}平均", "全县平均"]


def test_one_town_shows_its_distribution_only(client, auth, ranked):
    auth.login("leader", Role.LEADER)
    page = client.get(f"/campaigns/{ranked.campaign.id}/rankings?group={OTHER_TOWN}").text
    assert set(charts_of(page)) == {"distribution"}
