"""The web app's server side: public settings, basemap configuration, serving the build."""

import json

import pytest

from tests.conftest import assert_problem
from verhalenkaart import create_app
from verhalenkaart.config import parse_basemaps
from verhalenkaart.errors import ConfigurationError
from verhalenkaart.security.headers import basemap_origins

TOPO = {
    "id": "topo",
    "name": "Topografie",
    "url": "https://{s}.tiles.example.org/topo/{z}/{x}/{y}.png",
    "attribution": "© Kadaster",
    "max_zoom": 17,
}


def test_config_endpoint_gives_region_basemaps_and_policy(client, app):
    response = client.get("/api/v1/config")
    assert response.status_code == 200
    body = response.json
    assert body["region"]["name"] == "Drenthe"
    assert body["region"]["bbox"] == list(app.config["REGION_BBOX"])
    names = [label["name"] for label in body["region"]["labels"]]
    assert "Emmen" in names
    assert "Assen" in names
    assert body["basemaps"][0]["id"] == "osm"
    assert body["moderation"] == "pre"
    assert body["anonymous_contributions"] is False
    assert body["photos"]["max_dimension"] == 2560
    assert body["photos"]["max_bytes"] == app.config["PHOTO_MAX_BYTES"]
    assert body["photos"]["max_per_story"] == 8
    assert body["audio"]["max_seconds"] == 300
    assert "image/jpeg" in body["photos"]["accepted_types"]


def test_basemaps_come_from_a_json_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("VERHALENKAART_BASEMAPS", json.dumps([TOPO]))
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["BASEMAPS"] == [TOPO | {"bulk_cache": False}]
    assert basemap_origins(app.config["BASEMAPS"]) == ["https://*.tiles.example.org"]


def test_empty_basemaps_setting_gives_the_openstreetmap_default():
    layers = parse_basemaps("")
    assert [layer["id"] for layer in layers] == ["osm"]
    # OpenStreetMap's tile policy forbids bulk downloading: no field-trip caching.
    assert layers[0]["bulk_cache"] is False
    assert basemap_origins(layers) == ["https://tile.openstreetmap.org"]


def test_a_basemap_may_allow_field_trip_caching(client):
    assert parse_basemaps(json.dumps([TOPO | {"bulk_cache": True}]))[0]["bulk_cache"] is True
    assert client.get("/api/v1/config").get_json()["basemaps"][0]["bulk_cache"] is False


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("not json", "not valid JSON"),
        ("{}", "non-empty JSON list"),
        (json.dumps([{"id": "x"}]), "lacks name, url, attribution, max_zoom"),
        (json.dumps([TOPO | {"url": "ftp://x/{z}/{x}/{y}"}]), r"\[0\]\.url"),
        (json.dumps([TOPO | {"url": "https://x/tiles.png"}]), r"\[0\]\.url"),
        (json.dumps([TOPO | {"max_zoom": "17"}]), "max_zoom"),
        (json.dumps([TOPO, TOPO]), "used twice"),
        (json.dumps([TOPO | {"bulk_cache": "yes"}]), r"\[0\]\.bulk_cache"),
    ],
)
def test_bad_basemaps_setting_refuses_start_up_naming_the_problem(value, reason):
    with pytest.raises(ConfigurationError, match=reason):
        parse_basemaps(value)


def fetch(client, path):
    """GET `path`, reading the body and closing the file behind it."""
    with client.get(path) as response:
        response.get_data()
    return response


@pytest.mark.parametrize("path", ["/", "/lijst", "/nieuw", "/mijn"])
def test_app_routes_fall_back_to_the_shell_which_always_revalidates(client, built, path):
    response = fetch(client, path)
    assert response.status_code == 200
    assert b"<title>Verhalenkaart</title>" in response.data
    assert response.headers["Cache-Control"] == "no-cache"


def test_hashed_assets_are_cached_forever(client, built):
    response = fetch(client, "/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_service_worker_always_revalidates(client, built):
    response = fetch(client, "/sw.js")
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_missing_asset_is_a_404_problem_not_the_shell(client, built):
    assert_problem(client.get("/assets/index-gone.js"), 404)


def test_path_traversal_does_not_leave_the_build(client, built):
    assert_problem(client.get("/../pyproject.toml"), 404)
    assert_problem(client.get("/assets/..%2f..%2fpyproject.toml"), 404)


def test_api_paths_are_not_swallowed_by_the_fallback(client, built):
    assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_unbuilt_app_answers_503_problem(client, app, tmp_path):
    previous = app.config["FRONTEND_DIR"]
    app.config["FRONTEND_DIR"] = str(tmp_path / "missing")
    try:
        assert_problem(client.get("/lijst"), 503)
    finally:
        app.config["FRONTEND_DIR"] = previous


def test_config_takes_the_media_settings_when_they_are_set(tmp_path):
    from verhalenkaart.site.services import client_config

    app = create_app(
        {"DATA_DIR": str(tmp_path), "PHOTO_MAX_BYTES": 5_000_000, "MAX_PHOTOS_PER_STORY": 3}
    )
    photos = client_config(app.config)["photos"]
    assert photos["max_bytes"] == 5_000_000
    assert photos["max_per_story"] == 3
    assert "SECRET_KEY" not in json.dumps(client_config(app.config))
    assert app.config["SECRET_KEY"] not in json.dumps(client_config(app.config))
