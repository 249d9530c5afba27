"""GET /api/v1/export/stories.{geojson,csv,gpkg,zip}: published stories for everyone, every
status but deleted for curators; licence and attribution in every export; no pupil's name, no
e-mail address. (The 100k run is bench/export.py.)"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pyogrio
import pytest

from tests import media_files
from tests.conftest import assert_problem
from tests.open_data import PUPIL_EMAIL, PUPIL_NICKNAME, SECRET, seed
from verhalenkaart.exports.services import COLUMNS
from verhalenkaart.stories.models import Status

FORMATS = ("geojson", "csv", "gpkg", "zip")


@pytest.fixture
def stories(session, make_user, make_story):
    return seed(session, make_user, make_story)


def _export(client, fmt: str, query: str = "") -> bytes:
    response = client.get(f"/api/v1/export/stories.{fmt}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.is_streamed
    assert f"stories.{fmt}" in response.headers["Content-Disposition"]
    return response.get_data()


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if not name.endswith("jpg")
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_unpublished_and_no_pupil_name_or_address(client, stories, fmt):
    data = _export(client, fmt)
    text = _zip_text(data) if fmt == "zip" else data.decode("utf-8", "replace")
    assert SECRET not in text
    for private in (PUPIL_NICKNAME, PUPIL_EMAIL, "@example.org"):
        assert private not in text
    for story in stories["published"]:
        assert str(story.uuid) in text or fmt == "gpkg"


def test_geojson_is_the_lists_features_with_attribution(client, stories):
    response = client.get("/api/v1/export/stories.geojson")
    assert response.mimetype == "application/geo+json"
    body = json.loads(response.get_data())
    assert body["type"] == "FeatureCollection"
    assert body["attribution"].startswith("Verhalenkaart")
    assert "licence" in body["notice"]
    listed = {f["id"]: f for f in client.get("/api/v1/stories").json["features"]}
    assert {f["id"]: f for f in body["features"]} == listed
    assert all(f["properties"]["license"] for f in body["features"])


def test_csv_opens_with_the_right_columns(client, stories):
    response = client.get("/api/v1/export/stories.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    rows = {row["title"]: row for row in reader}
    assert set(rows) == {s.title for s in stories["published"]}
    wish = rows["Beekdal weer nat"]
    assert (wish["lon"], wish["lat"], wish["wkt"]) == ("6.7", "52.9", "POINT (6.7 52.9)")
    assert wish["themes"] == "water-bodem;natuur"
    assert wish["license"] == "CC0-1.0"
    assert wish["attribution"] == "Verteller, Verhalenkaart Drenthe"
    assert wish["url"].endswith(f"/verhaal/{stories['published'][1].uuid}")
    area = rows["Ons veld"]
    assert area["wkt"].startswith("POLYGON ((6.55 52.99")
    # A pupil's story: no name, the school (here the project's name) instead (docs/schools.md).
    assert area["author"] == "pupil at Groep 8"
    assert area["attribution"] == "pupil at Groep 8, Verhalenkaart Drenthe"
    assert 6.55 <= float(area["lon"]) <= 6.57
    assert all(row["license"] and row["attribution"] for row in rows.values())


def test_filters_are_the_lists(client, stories):
    data = _export(client, "csv", "?theme=water-bodem&q=beekdal")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["title"] for row in rows] == ["Beekdal weer nat"]
    assert_problem(client.get("/api/v1/export/stories.csv?theme=onbekend"), 422, "theme")
    assert_problem(client.get("/api/v1/export/stories.csv?limit=5"), 422, "limit")


def test_geopackage_reads_back_with_pyogrio(client, stories, tmp_path):
    target = tmp_path / "stories.gpkg"
    target.write_bytes(_export(client, "gpkg"))
    info = pyogrio.read_info(target, layer="stories")
    assert info["features"] == len(stories["published"])
    assert info["crs"] == "EPSG:4326"
    _meta, _fids, geometry, fields = pyogrio.raw.read(target, layer="stories")[:4]
    names = list(info["fields"])
    assert sorted(fields[names.index("title")]) == sorted(s.title for s in stories["published"])
    assert all(fields[names.index("license")])
    assert all(fields[names.index("attribution")])
    assert len(geometry) == len(stories["published"])
    assert "licence" in info["layer_metadata"]["DESCRIPTION"]


def test_empty_exports_are_still_valid(client):
    target = _export(client, "gpkg", "?q=niets-te-vinden")
    assert target.startswith(b"SQLite format 3")
    rows = _export(client, "csv", "?q=niets-te-vinden").decode("utf-8-sig").splitlines()
    assert rows == [",".join(COLUMNS)]
    assert json.loads(_export(client, "geojson", "?q=niets-te-vinden"))["features"] == []


def test_zip_has_geojson_photos_and_a_readme_with_each_licence(client, session, stories, login):
    owner = stories["published"][0].author
    login(owner)
    story = stories["published"][0]
    upload = client.post(
        f"/api/v1/stories/{story.uuid}/photos",
        data={"file": (io.BytesIO(media_files.jpeg()), "foto.jpg")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.get_data(as_text=True)
    client.post("/api/v1/auth/logout")
    session.refresh(story)
    story.status = Status.PUBLISHED  # the new photo sent it back to review; a curator approves
    session.commit()
    data = _export(client, "zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "stories.geojson" in names
        assert "README.md" in names
        assert f"photos/{story.uuid}/1.jpg" in names
        assert archive.read(f"photos/{story.uuid}/1.jpg").startswith(b"\xff\xd8")
        geojson = json.loads(archive.read("stories.geojson"))
        readme = archive.read("README.md").decode()
    assert len(geojson["features"]) == len(stories["published"])
    assert "CC0-1.0" in readme
    assert "https://creativecommons.org/licenses/by/4.0/" in readme
    for published in stories["published"]:
        assert str(published.uuid) in readme
    assert "| Ons veld | CC-BY-4.0 | pupil at Groep 8, Verhalenkaart Drenthe |" in readme


def test_every_status_only_for_curators(client, stories, make_user, login):
    assert_problem(client.get("/api/v1/export/stories.csv?all_statuses=true"), 401)
    login(make_user("teacher"))
    assert_problem(client.get("/api/v1/export/stories.csv?all_statuses=true"), 403)
    client.post("/api/v1/auth/logout")
    login(make_user("curator"))
    response = client.get("/api/v1/export/stories.csv?all_statuses=true")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in response.headers
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))
    statuses = {row["status"] for row in rows}
    assert statuses == {Status.PUBLISHED, Status.PENDING, Status.HIDDEN, Status.REJECTED}
    text = response.get_data(as_text=True)
    assert PUPIL_NICKNAME not in text
    assert "@example.org" not in text
    assert f"{SECRET} deleted" not in text  # deleted stories are gone, for curators too
