"""A subject over time: score, rank and grade in each campaign of the same village, oldest first."""

from sqlmodel import Session, select

from inspect_app.models import Campaign, CampaignSubject, Role
from inspect_app.models.base import utcnow
from tests.app.rounds import FULL, HALF_WRONG, log_in_a_unit_user, score_round
from tests.app.test_rankings import Tables

HEADER = ["年度", "考核", "得分", "得分变化", "排名", "排名变化", "等次", "状态"]


def earlier_round(engine, ranked) -> Campaign:
    """A 2025 campaign (made after the 2026 one): 测试村0 5 points (2nd of 2), 测试村1 20 (1st)."""
    return score_round(engine, ranked, {"测试村0": HALF_WRONG, "测试村1": FULL}, title="2025年复查", year=2025)


def history_rows(client, campaign_id: int, subject_id: int) -> list[list[str]]:
    """The history table of the page (header first)."""
    response = client.get(f"/campaigns/{campaign_id}/rankings/{subject_id}/history")
    assert response.status_code == 200
    return Tables(response.text).tables["history"]


def test_history_is_oldest_first_with_moves(client, auth, engine, ranked):
    earlier_round(engine, ranked)
    auth.login("leader", Role.LEADER)
    by_name = {s.name: s for s in ranked.subjects}
    title = ranked.campaign.title
    # 2026 (the fixture): 测试村0 20 points, 1st of 4 (tied with 测试村3); 测试村1 15, 3rd of 4.
    header, *rows = history_rows(client, ranked.campaign.id, by_name["测试村0"].id)
    assert header == HEADER
    assert rows == [
        ["2025", "2025年复查", "5.0", "—", "2/2", "—", "差", "正常"],
        ["2026", title, "20.0", "▲ +15", "1/4", "▲ +1", "好", "正常"],
    ]
    _, *rows = history_rows(client, ranked.campaign.id, by_name["测试村1"].id)
    assert rows == [
        ["2025", "2025年复查", "20.0", "—", "1/2", "—", "好", "正常"],
        ["2026", title, "15.0", "▼ -5", "3/4", "▼ -2", "差", "正常"],
    ]
    # Not signed off in 2025: no score there, and 2026 has nothing to compare with.
    _, *rows = history_rows(client, ranked.campaign.id, by_name["测试村3"].id)
    assert rows == [
        ["2025", "2025年复查", "—", "—", "—", "—", "—", "未计分"],
        ["2026", title, "20.0", "—", "1/4", "—", "好", "正常"],
    ]


def test_history_chart_and_link_from_the_drill_down(client, auth, engine, ranked):
    earlier_round(engine, ranked)
    auth.login("admin", Role.ADMIN)
    village = next(s for s in ranked.subjects if s.name == "测试村0")
    url = f"/campaigns/{ranked.campaign.id}/rankings/{village.id}/history"
    assert f'href="{url}"' in client.get(f"/campaigns/{ranked.campaign.id}/rankings/{village.id}").text
    page = client.get(url).text
    assert '<svg class="chart trend"' in page
    assert page.count("<circle ") == 2  # one point per scored campaign
    assert "style=" not in page


def test_others_see_only_published_campaigns(client, auth, engine, make_user, ranked):
    earlier = earlier_round(engine, ranked)
    with Session(engine) as session:
        session.get(Campaign, earlier.id).published_at = utcnow()
        session.commit()
    log_in_a_unit_user(engine, client, make_user)
    village = next(s for s in ranked.subjects if s.name == "测试村0")
    assert client.get(f"/campaigns/{ranked.campaign.id}/rankings/{village.id}/history").status_code == 404
    with Session(engine) as session:
        later = session.get(Campaign, earlier.id)
        subject_id = next(s.id for s in later_subjects(session, later.id) if s.name == "测试村0")
    _, *rows = history_rows(client, earlier.id, subject_id)
    assert rows == [["2025", "2025年复查", "5.0", "—", "2/2", "—", "差", "正常"]]  # 2026 is not published


def test_a_subject_of_another_campaign_is_404(client, auth, engine, ranked, make_campaign):
    auth.login("leader", Role.LEADER)
    other = make_campaign(villages=1, inspectors=1)
    response = client.get(f"/campaigns/{ranked.campaign.id}/rankings/{other.subjects[0].id}/history")
    assert response.status_code == 404
    assert "没有这个考核任务或考核对象" in response.text


def later_subjects(session, campaign_id: int):
    """The subjects of a campaign."""
    return session.exec(select(CampaignSubject).where(CampaignSubject.campaign_id == campaign_id)).all()
