"""Every error a client can cause is an RFC 9457 problem+json with a stable shape; never a 500."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.conftest import assert_problem, feature

STORIES = "/api/v1/stories"
ONE_MB = 1024 * 1024


@pytest.fixture
def resident(make_user, login):
    user = make_user("resident")
    login(user)
    return user


def test_malformed_json_is_400(client, resident):
    response = client.post(
        STORIES, data='{"type": "Feature", "geometry": ', content_type="application/json"
    )
    body = assert_problem(response, 400)
    assert body["type"] == "urn:verhalenkaart:problem:malformed-request"


def test_malformed_json_when_not_logged_in_is_still_a_problem(client):
    response = client.post(
        "/api/v1/auth/login", data="{email: jan}", content_type="application/json"
    )
    assert_problem(response, 400)


def test_json_that_is_not_utf8_is_400(client, resident):
    response = client.post(STORIES, data=b'{"title": "\xff\xfe"}', content_type="application/json")
    assert_problem(response, 400)


@pytest.mark.parametrize("document", ["null", "42", '"a story"', "[]", "true"])
def test_json_that_is_not_an_object_is_422(client, resident, document):
    response = client.post(STORIES, data=document, content_type="application/json")
    assert_problem(response, 422, "_schema")


def test_deeply_nested_json_is_400(client, resident):
    response = client.post(STORIES, data="[" * 100_000, content_type="application/json")
    assert_problem(response, 400)


def test_text_plain_body_is_415(client, resident):
    response = client.post(STORIES, data=json.dumps(feature()), content_type="text/plain")
    body = assert_problem(response, 415)
    assert body["type"] == "urn:verhalenkaart:problem:unsupported-media-type"


def test_form_encoded_body_is_415(client):
    response = client.post("/api/v1/auth/login", data={"email": "jan@example.org", "password": "x"})
    assert_problem(response, 415)


def test_body_without_content_type_is_415(client, resident):
    response = client.post(STORIES, data=json.dumps(feature()))
    assert_problem(response, 415)


def test_body_without_content_type_is_explained_in_whole_dutch(client, resident):
    response = client.post(STORIES, data=json.dumps(feature()), headers={"Accept-Language": "nl"})
    body = assert_problem(response, 415)
    assert (
        body["detail"]
        == "Stuur de inhoud als application/json; dit verzoek noemt geen soort inhoud."
    )


def test_geo_json_content_type_is_accepted(client, resident):
    response = client.post(STORIES, data=json.dumps(feature()), content_type="application/geo+json")
    assert response.status_code == 201, response.json


def test_json_body_over_one_megabyte_is_413(client, session, resident):
    sent = feature(body="x" * ONE_MB)
    response = client.post(STORIES, json=sent)
    body = assert_problem(response, 413)
    assert body["type"] == "urn:verhalenkaart:problem:payload-too-large"


def test_json_body_over_one_megabyte_is_413_on_patch(client, make_story, resident):
    story = make_story(author=resident)
    response = client.patch(f"{STORIES}/{story.uuid}", json={"properties": {"body": "x" * ONE_MB}})
    assert_problem(response, 413)


def test_unknown_story_id_is_404(client):
    body = assert_problem(client.get(f"{STORIES}/{uuid.uuid4()}"), 404)
    assert body["type"] == "urn:verhalenkaart:problem:not-found"


def test_unknown_api_path_is_404_problem(client):
    assert_problem(client.get("/api/v1/verhalen"), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", STORIES),
        ("delete", STORIES),
        ("post", "/api/v1/themes"),
        ("post", "/api/v1/map"),
        ("get", "/api/v1/auth/login"),
        ("put", f"{STORIES}/{uuid.UUID(int=1)}"),
    ],
)
def test_wrong_method_on_api_path_is_405(client, method, path):
    response = getattr(client, method)(path)
    body = assert_problem(response, 405)
    assert body["type"] == "urn:verhalenkaart:problem:method-not-allowed"
    assert response.headers["Allow"]
    assert method.upper() not in response.headers["Allow"]


def test_not_found_and_wrong_method_speak_dutch(client):
    # werkzeug's own English sentences stayed English for a Dutch client.
    dutch = {"Accept-Language": "nl"}
    body = assert_problem(client.get(f"{STORIES}/not-a-uuid", headers=dutch), 404)
    assert body["detail"] == "Op dit adres is niets te vinden."
    body = assert_problem(client.get("/api/v1/nowhere"), 404)
    assert body["detail"] == "There is nothing at this address."
    response = client.put("/api/v1/themes", headers=dutch)
    body = assert_problem(response, 405)
    allowed = ", ".join(sorted(m.strip() for m in response.headers["Allow"].split(",")))
    assert body["detail"] == f"Dit adres kent alleen deze methodes: {allowed}."
    assert "GET" in allowed


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", f"{STORIES}?bbox=nonsense", None),
        ("get", f"{STORIES}/{uuid.uuid4()}", None),
        ("get", f"{STORIES}/nonsense", None),
        ("get", "/api/v1/map", None),
        ("get", "/api/v1/places", None),
        ("get", "/api/v1/moderation/queue", None),
        ("get", "/api/v1/auth/me", None),
        ("post", STORIES, feature()),
        ("post", "/api/v1/auth/login", {"email": "niemand@example.org", "password": "x" * 12}),
        ("post", "/api/v1/auth/register", {}),
        ("patch", STORIES, {}),
    ],
)
def test_every_error_has_type_title_status_and_detail(client, method, path, body):
    response = (
        getattr(client, method)(path, json=body)
        if body is not None
        else getattr(client, method)(path)
    )
    assert response.status_code >= 400
    problem = assert_problem(response, response.status_code)
    assert problem["detail"]
    if "errors" in problem:
        assert all(
            isinstance(m, list) and all(isinstance(s, str) for s in m)
            for m in problem["errors"].values()
        )


def test_validation_errors_name_each_invalid_field(client, resident):
    sent = feature(kind="poem", consent=False)
    del sent["properties"]["title"]
    body = assert_problem(client.post(STORIES, json=sent), 422)
    assert {"kind", "title", "consent"} <= set(body["errors"])
    assert "kind" in body["detail"]
