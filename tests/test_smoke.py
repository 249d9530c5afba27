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


def test_readyz_is_503_problem_when_the_database_does_not_answer(tmp_path):
    from verhalenkaart import create_app

    app = create_app(
        {
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/nowhere",
        }
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert app.test_client().get("/healthz").status_code == 200


def test_unknown_page_gets_the_app_shell_but_unknown_api_path_a_404_problem(client, built):
    # A story nobody can see: 404, but with the app shell, so the app can say so.
    page = client.get("/verhaal/5b0e3c4e-6a53-4b51-9a07-1f1f2b8f4a11")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    assert b"Verhalenkaart" in page.data
    page.close()
    api = client.get("/api/v1/nothing-here")
    assert api.status_code == 404
    assert api.mimetype == "application/problem+json"
