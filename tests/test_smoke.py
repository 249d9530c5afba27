"""Smoke: the app starts, the schema exists, health endpoints answer."""

from tests.conftest import feature


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_reports_the_database(client, dialect):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["database"] == dialect


def test_create_and_read_story(client, make_user, login):
    curator = make_user("curator")
    login(curator)
    response = client.post("/api/v1/stories", json=feature())
    assert response.status_code == 201, response.json
    story_id = response.json["id"]
    got = client.get(f"/api/v1/stories/{story_id}")
    assert got.status_code == 200
    assert got.json["properties"]["place_name"] == "Assen"
    listed = client.get("/api/v1/stories?bbox=6.5,52.9,6.6,53.1")
    assert [f["id"] for f in listed.json["features"]] == [story_id]
