"""CORS: the open data answers every origin without credentials; nothing that needs a session
is opened to other origins."""

from __future__ import annotations

import pytest

ORIGIN = "https://notebook.example.net"
PUBLIC = [
    "/api/v1/stories",
    "/api/v1/themes",
    "/api/v1/map?bbox=6.1,52.6,7.1,53.2&zoom=10",
    "/api/v1/places?q=assen",
    "/api/v1/export/stories.geojson",
    "/api/v1/export/stories.csv",
    "/ogc",
    "/ogc/collections",
    "/ogc/collections/stories/items",
    "/api/v1/map/10/529/335",
    "/api/v1/stats",
    "/api/v1/stats/origins",
    "/api/v1/layers",
    "/api/v1/collections",
]
PRIVATE = [
    "/api/v1/auth/me",
    "/api/v1/auth/csrf",
    "/api/v1/me/stories",
    "/api/v1/moderation/queue",
    "/api/v1/export/stories.csv?all_statuses=true",
    "/api/v1/collections?status=all",
    "/api/v1/docs",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_reads_are_open_to_every_origin_without_credentials(client, url):
    response = client.get(url, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_a_published_story_is_open_and_its_geojson_typed(client, story):
    response = client.get(f"/api/v1/stories/{story.uuid}", headers={"Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/geo+json"


@pytest.mark.parametrize("url", ["/api/v1/stories", "/ogc/collections/stories/items"])
def test_preflight_allows_reading_only(client, url):
    response = client.options(
        url,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("url", PRIVATE)
def test_nothing_that_needs_a_session_is_opened(client, curator, url):
    for method in ("GET", "OPTIONS"):
        response = client.open(
            url,
            method=method,
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
        )
        assert "Access-Control-Allow-Origin" not in response.headers, (method, url)


def test_writes_to_public_paths_are_not_opened(client, author):
    """POST /stories shares the list's path: no CORS on it, and the preflight names GET only."""
    preflight = client.options(
        "/api/v1/stories",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert "POST" not in preflight.headers.get("Access-Control-Allow-Methods", "")
    from tests.conftest import feature

    response = client.post("/api/v1/stories", json=feature(), headers={"Origin": ORIGIN})
    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response.headers
