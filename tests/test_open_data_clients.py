"""Clients nobody here wrote read the open data from the real app on a free loopback port:
GDAL's OGC API – Features driver (Debian gdal-bin: ogrinfo, ogr2ogr), OWSLib, and pyogrio on
the GeoPackage export. Counts must equal the API's; nothing unpublished and no pupil's name
may reach them.

The server has its own database (SpatiaLite, or PostGIS under VERHALENKAART_TEST_DATABASE),
seeded and committed, since the server thread cannot share a test's rolled-back transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from urllib.request import urlopen

import pytest
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from tests.conftest import database_kind, empty_postgis_database
from tests.open_data import AREA, PUPIL_NICKNAME, SECRET, UNSEEN
from verhalenkaart import create_app, migrate
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.extensions import db
from verhalenkaart.stories.models import Status
from verhalenkaart.stories.services import StoryRules, create_story

PUBLISHED = 23  # more than GDAL's and OWSLib's first page, so both must follow `next`

# Skipped without GDAL in a plain pytest; scripts/test.sh installs gdal-bin and sets
# VERHALENKAART_TEST_GDAL=required, so there a missing GDAL fails instead.
pytestmark = pytest.mark.skipif(
    shutil.which("ogrinfo") is None and os.environ.get("VERHALENKAART_TEST_GDAL") != "required",
    reason="GDAL's tools (Debian gdal-bin) are not installed",
)


def _story(app, session, author, title, point, status, geometry=None, kind="memory"):
    story, _ = create_story(
        session,
        author,
        {
            "id": None,
            "type": "Feature",
            "geometry": geometry or {"type": "Point", "coordinates": list(point)},
            "properties": {
                "kind": kind,
                "title": title,
                "body": "Zo ging het.",
                "themes": ["natuur"],
                "era_from": None,
                "era_to": None,
                "location_precision": "exact",
                "language": "nl",
                "license": "CC-BY-4.0",
                "place_name": None,
                "origin_place": None,
                "project": None,
                "consent": True,
            },
        },
        StoryRules.from_config(app.config),
    )
    story.status = status
    story.published_at = utcnow() if status == Status.PUBLISHED else None


@contextlib.contextmanager
def _database(tmp_path) -> Iterator[str]:
    if database_kind() == "spatialite":
        yield f"sqlite:///{tmp_path / 'open-data.sqlite'}"
    else:
        with empty_postgis_database("_open_data") as url:
            yield url


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("open-data")
    with _database(data) as url:
        app = create_app(
            {"DATABASE_URL": url, "DATA_DIR": str(data), "SECRET_KEY": "open-data-test-key"}
        )
        with app.app_context():
            migrate.upgrade(db.engine)
            with Session(db.engine) as session:
                resident = User(
                    email="anna@example.org",
                    display_name="Anna",
                    role="resident",
                    password_hash=generate_password_hash("x", method="pbkdf2:sha256:1"),
                )
                pupil = User(
                    email="pietje@example.org",
                    display_name=PUPIL_NICKNAME,
                    role="pupil",
                    password_hash=resident.password_hash,
                )
                session.add_all([resident, pupil])
                session.flush()
                for n in range(PUBLISHED - 2):
                    point = (6.3 + n * 0.03, 52.7 + n * 0.02)
                    kind = ("memory", "story", "photo", "wish")[n % 4]
                    _story(
                        app, session, resident, f"Verhaal {n}", point, Status.PUBLISHED, kind=kind
                    )
                _story(app, session, pupil, "Ons veld", None, Status.PUBLISHED, geometry=AREA)
                _story(app, session, resident, "Aan de rand", (7.05, 53.1), Status.PUBLISHED)
                for status in UNSEEN:
                    _story(app, session, resident, f"{SECRET} {status}", (6.6, 52.9), status)
                session.commit()
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{http.server_port}"
        http.shutdown()
        with app.app_context():
            db.engine.dispose()


def _get_json(url: str) -> dict:
    with urlopen(url, timeout=30) as response:  # noqa: S310 - our own loopback server
        return json.load(response)


def _run(*args: str) -> str:
    done = subprocess.run(  # noqa: S603
        args, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_gdal_ogrinfo_lists_the_layer_with_count_and_extent(live):
    api = _get_json(f"{live}/ogc/collections/stories/items?limit=1")
    assert api["numberMatched"] == PUBLISHED
    out = _run("ogrinfo", "-ro", "-so", f"OAPIF:{live}/ogc", "stories")
    assert "Layer name: stories" in out
    assert re.search(rf"Feature Count: {PUBLISHED}\b", out), out
    extent = re.search(r"Extent: \(([\d.]+), ([\d.]+)\) - \(([\d.]+), ([\d.]+)\)", out)
    assert extent, out
    assert [float(v) for v in extent.groups()] == pytest.approx([6.3, 52.7, 7.05, 53.1])
    layers = _run("ogrinfo", "-ro", "-q", f"OAPIF:{live}/ogc")
    for collection in ("stories", "memory", "story", "photo", "wish"):
        assert re.search(rf"\b{collection}\b", layers), layers


def test_gdal_ogr2ogr_copies_every_published_story_to_a_geopackage(live, tmp_path):
    import pyogrio

    target = tmp_path / "stories.gpkg"
    _run("ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{live}/ogc", "stories")
    info = pyogrio.read_info(target, layer="stories")
    assert info["features"] == PUBLISHED
    _meta, _fids, _geometry, fields = pyogrio.raw.read(target, layer="stories")[:4]
    names = list(info["fields"])
    titles = set(fields[names.index("title")])
    assert "Ons veld" in titles
    assert not any(SECRET in t for t in titles)
    copied = target.read_bytes()
    assert PUPIL_NICKNAME.encode() not in copied
    assert SECRET.encode() not in copied


def test_owslib_reads_collections_and_items_with_bbox(live):
    from owslib.ogcapi.features import Features

    api = Features(live + "/ogc")
    assert {c["id"] for c in api.collections()["collections"]} == {
        "stories",
        "memory",
        "story",
        "photo",
        "wish",
    }
    assert (
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
        in (api.conformance()["conformsTo"])
    )
    every = api.collection_items("stories", limit=100)
    assert every["numberMatched"] == every["numberReturned"] == PUBLISHED
    assert len(every["features"]) == PUBLISHED
    text = json.dumps(every)
    assert SECRET not in text
    assert PUPIL_NICKNAME not in text
    bbox = [6.25, 52.65, 6.5, 52.9]
    inside = api.collection_items("stories", bbox=bbox, limit=100)
    ours = _get_json(f"{live}/ogc/collections/stories/items?bbox=6.25,52.65,6.5,52.9&limit=100")
    assert inside["numberMatched"] == ours["numberMatched"] == len(inside["features"]) > 0
    for feature in inside["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert bbox[0] <= lon <= bbox[2]
        assert bbox[1] <= lat <= bbox[3]
    wishes = api.collection_items("wish", limit=100)
    assert {f["properties"]["kind"] for f in wishes["features"]} == {"wish"}
    one = api.collection_item("stories", every["features"][0]["id"])
    assert one["id"] == every["features"][0]["id"]


def test_the_geopackage_export_reads_back_with_pyogrio(live, tmp_path):
    import pyogrio

    target = tmp_path / "export.gpkg"
    with urlopen(f"{live}/api/v1/export/stories.gpkg", timeout=60) as response:  # noqa: S310
        assert response.headers["Content-Type"] == "application/geopackage+sqlite3"
        target.write_bytes(response.read())
    info = pyogrio.read_info(target, layer="stories")
    assert info["features"] == PUBLISHED
    assert info["crs"] == "EPSG:4326"
    assert {"license", "attribution", "themes", "lon", "lat"} <= set(info["fields"])
    _meta, _fids, geometry, fields = pyogrio.raw.read(target, layer="stories")[:4]
    names = list(info["fields"])
    assert set(fields[names.index("license")]) == {"CC-BY-4.0"}
    assert all(fields[names.index("attribution")])
    assert len(geometry) == PUBLISHED
    assert PUPIL_NICKNAME.encode() not in target.read_bytes()
    assert info["layer_metadata"]["ATTRIBUTION"].startswith("Verhalenkaart")
