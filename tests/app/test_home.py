"""The home page lists campaigns and their subjects to logged-in users."""


def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_home_lists_campaigns(client, auth, make_campaign):
    auth.login()
    assert "暂无考核督查任务" in client.get("/").text
    setup = make_campaign(villages=3, inspectors=2)
    page = client.get("/").text
    assert setup.campaign.title in page
    assert "测试用村级检查表（第1版）" in page
    assert "进行中" in page
    assert "0/6" in page


def test_campaign_page_lists_subjects_and_inspectors(client, auth, make_campaign):
    setup = make_campaign(villages=2, inspectors=2)
    auth.login("leader")
    page = client.get(f"/campaigns/{setup.campaign.id}").text
    assert "测试村0" in page
    assert "测试村1" in page
    assert f"{setup.inspectors[1].display_name}（草稿）" in page
    assert client.get("/campaigns/999").status_code == 404
