"""CSRF: every POST/PUT/PATCH/DELETE under /api/v1 needs the token of GET /api/v1/auth/csrf in
the X-CSRF-Token header; multipart bodies too. Missing or wrong → 403 csrf-invalid, too old →
403 csrf-expired."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.conftest import PASSWORD, assert_problem, feature

INVALID = "urn:verhalenkaart:problem:csrf-invalid"
EXPIRED = "urn:verhalenkaart:problem:csrf-expired"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _unsafe_api_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<uuid:[^>]+>", str(uuid.uuid4()), rule.rule)
        path = re.sub(r"<int:[^>]+>", "1", path)
        path = re.sub(r"<[^>]+>", "x", path)
        routes.extend((method, path) for method in sorted(rule.methods & set(UNSAFE)))
    return routes


def test_the_token_endpoint_works_for_anonymous_sessions_and_is_not_cached(client):
    response = client.get("/api/v1/auth/csrf")
    assert response.status_code == 200
    assert set(response.json) == {"csrf_token"}
    assert len(response.json["csrf_token"]) > 20
    assert response.headers["Cache-Control"] == "no-store"


def test_every_unsafe_api_route_refuses_a_request_without_token(app, client, make_user, login):
    login(make_user("curator"))
    routes = _unsafe_api_routes(app)
    assert len(routes) >= 8  # login, register, stories, moderation, …
    for method, path in routes:
        response = client.open(path, method=method, json={}, csrf=False)
        problem = assert_problem(response, 403)
        assert problem["type"] == INVALID, (method, path)


def test_a_wrong_token_is_refused(client, make_user):
    make_user("resident", email="jan@example.org")
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "jan@example.org", "password": PASSWORD},
        headers={"X-CSRF-Token": "not-the-token"},
    )
    assert assert_problem(response, 403)["type"] == INVALID
    assert_problem(client.get("/api/v1/auth/me"), 401)


def test_a_token_of_another_session_is_refused(app, client, make_user, login):
    login(make_user("resident"))
    someone_else = app.test_client().get("/api/v1/auth/csrf").json["csrf_token"]
    response = client.post(
        "/api/v1/stories", json=feature(), headers={"X-CSRF-Token": someone_else}
    )
    assert assert_problem(response, 403)["type"] == INVALID


def test_an_expired_token_has_its_own_problem_type(app, client, make_user, monkeypatch):
    make_user("resident", email="jan@example.org")
    token = client.csrf_token()
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)  # every token is too old now
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "jan@example.org", "password": PASSWORD},
        headers={"X-CSRF-Token": token, "Accept-Language": "nl"},
    )
    problem = assert_problem(response, 403)
    assert problem["type"] == EXPIRED
    assert problem["title"] == "Het CSRF-token is verlopen"


def test_after_an_expired_token_a_fresh_one_gets_the_queued_story_through(
    app, client, make_user, login, monkeypatch
):
    """The outbox: a story queued long ago is sent with a fresh token and arrives once."""
    login(make_user("resident"))
    old_token = client.csrf_token()
    queued = feature() | {"id": str(uuid.uuid4())}
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)
    refused = client.post("/api/v1/stories", json=queued, headers={"X-CSRF-Token": old_token})
    assert assert_problem(refused, 403)["type"] == EXPIRED
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 3600)
    fresh = client.get("/api/v1/auth/csrf").json["csrf_token"]
    sent = client.post("/api/v1/stories", json=queued, headers={"X-CSRF-Token": fresh})
    assert sent.status_code == 201, sent.json
    assert sent.json["id"] == queued["id"]


def test_tokens_live_twelve_hours_by_default(app):
    assert app.config["CSRF_TOKEN_MAX_AGE"] == 12 * 3600
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 12 * 3600


def test_a_multipart_upload_needs_the_token_too(client, make_user, login):
    login(make_user("resident"))
    form = {"file": (b"\x89PNG\r\n", "foto.png"), "caption": "De brink"}
    without = client.post(
        "/api/v1/stories", data=form, content_type="multipart/form-data", csrf=False
    )
    assert assert_problem(without, 403)["type"] == INVALID
    form = {"file": (b"\x89PNG\r\n", "foto.png"), "caption": "De brink"}
    with_token = client.post("/api/v1/stories", data=form, content_type="multipart/form-data")
    assert_problem(with_token, 415)  # past the CSRF check: this route wants JSON


def test_a_token_in_a_form_field_does_not_count(client, make_user):
    """A cross-site form can post fields but not headers: only the header counts."""
    make_user("resident", email="jan@example.org")
    token = client.csrf_token()
    response = client.post(
        "/api/v1/auth/login",
        data={"email": "jan@example.org", "password": PASSWORD, "csrf_token": token},
        csrf=False,
    )
    assert assert_problem(response, 403)["type"] == INVALID


def test_logging_in_and_out_replaces_the_token(client, make_user):
    make_user("resident", email="jan@example.org")
    before = {"X-CSRF-Token": client.csrf_token()}
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "jan@example.org", "password": PASSWORD},
        headers=before,
    )
    assert login.status_code == 200
    refused = client.post("/api/v1/stories", json=feature(), headers=before)
    assert assert_problem(refused, 403)["type"] == INVALID
    during = {"X-CSRF-Token": client.csrf_token()}
    assert during != before
    assert client.post("/api/v1/stories", json=feature(), headers=during).status_code == 201
    assert client.post("/api/v1/auth/logout", headers=during).status_code == 204
    refused = client.post("/api/v1/stories", json=feature(), headers=during)
    assert assert_problem(refused, 403)["type"] == INVALID


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_methods_need_no_token(client, method):
    response = client.open("/api/v1/stories", method=method, csrf=False)
    assert response.status_code == 200


def test_the_openapi_document_says_which_operations_need_the_token(client):
    spec = client.get("/api/v1/openapi.json").json
    scheme = spec["components"]["securitySchemes"]["csrfToken"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-CSRF-Token")
    writes = [
        operation
        for operations in spec["paths"].values()
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"}
    ]
    assert writes
    for operation in writes:
        assert operation["security"] == [{"csrfToken": []}], operation["summary"]
        assert "403" in operation["responses"]
    assert "security" not in spec["paths"]["/api/v1/stories"]["get"]
