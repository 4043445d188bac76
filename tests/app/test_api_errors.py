"""The JSON API answers errors as JSON with a Chinese message, never a page or a traceback."""


def test_not_logged_in_is_401_json(client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json["error"] == "login_required"
    assert response.json["message"]


def test_unknown_call_is_404_json(client, auth):
    auth.login()
    response = client.get("/api/no-such-call")
    assert response.status_code == 404
    assert response.json == {"error": "not_found", "message": response.json["message"]}


def test_me_names_the_user(client, auth):
    auth.login("chief")
    assert client.get("/api/me").json == {"username": "chief", "display_name": "测试chief", "role": "admin", "unit": None}
