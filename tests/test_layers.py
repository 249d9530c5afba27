"""Context layers: curators import GeoJSON, GeoPackage and zipped shapefiles (any CRS, made
here with GDAL), everyone reads the metadata and the GeoJSON with its ETag."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import math
import sqlite3
import zipfile

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely import geometry as shp

from tests import layer_files
from tests.conftest import assert_problem

LAYERS = "/api/v1/layers"


@pytest.fixture
def curator(make_user, login):
    user = make_user("curator")
    login(user)
    return user


def upload(client, data: bytes, name: str = "laag.geojson", **fields: object):
    form = {"file": (io.BytesIO(data), name), "title": "Beekdalen"} | {
        k: json.dumps(v) if isinstance(v, dict) else str(v) for k, v in fields.items()
    }
    return client.post(LAYERS, data=form, content_type="multipart/form-data")


def features_of(client, slug: str) -> dict:
    response = client.get(f"{LAYERS}/{slug}/data")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


# --- importing each format ---------------------------------------------------------------------


def test_curator_imports_a_geojson_layer(client, curator):
    response = upload(
        client,
        layer_files.geojson(),
        explanation="Waar het water van de Drentsche Aa loopt.",
        attribution="Provincie Drenthe",
        licence="CC BY 4.0",
        style={"colour": "#0055aa", "line_width": 3},
    )
    assert response.status_code == 201, response.json
    layer = response.json
    assert layer["slug"] == "beekdalen"
    assert response.headers["Location"].endswith("/api/v1/layers/beekdalen")
    assert layer["feature_count"] == 2
    assert layer["source_format"] == "geojson"
    assert layer["style"] == {
        "colour": "#0055aa",
        "line_width": 3.0,
        "fill": True,
        "fill_opacity": 0.2,
    }
    assert layer["bbox"] == [6.55, 52.95, 6.6, 52.9925]
    assert layer["data_url"] == "/api/v1/layers/beekdalen/data"
    data = features_of(client, "beekdalen")
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["naam"] for f in data["features"]] == ["Drentsche Aa", "Assen"]
    assert data["features"][1]["geometry"] == {"type": "Point", "coordinates": [6.5625, 52.9925]}


def test_curator_imports_a_geopackage(client, curator, tmp_path):
    response = upload(client, layer_files.gpkg(tmp_path), "beekdalen.gpkg")
    assert response.status_code == 201, response.json
    assert response.json["source_format"] == "gpkg"
    (feature,) = features_of(client, response.json["slug"])["features"]
    assert feature["properties"] == {"naam": "object 1"}
    assert shapely.equals_exact(
        shapely.from_geojson(json.dumps(feature["geometry"])), layer_files.VALLEY, 1e-6
    )


def test_curator_imports_a_zipped_shapefile_in_a_folder(client, curator, tmp_path):
    data = layer_files.zipped_shapefile(tmp_path, folder="export/")
    response = upload(client, data, "beekdalen.zip")
    assert response.status_code == 201, response.json
    assert response.json["source_format"] == "shapefile"
    assert response.json["source_crs"] == "EPSG:4326"


def test_a_layer_in_rd_new_is_reprojected_to_wgs84(client, curator, tmp_path):
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    valley_rd = shapely.transform(
        layer_files.VALLEY, lambda xy: np.column_stack(to_rd.transform(xy[:, 0], xy[:, 1]))
    )
    assert valley_rd.bounds[0] > 200_000  # metres east of Amersfoort's origin, not degrees
    response = upload(client, layer_files.zipped_shapefile(tmp_path, [valley_rd], "EPSG:28992"))
    assert response.status_code == 201, response.json
    assert response.json["source_crs"] == "EPSG:28992"
    for got, expected in zip(response.json["bbox"], layer_files.VALLEY.bounds, strict=True):
        assert got == pytest.approx(expected, abs=2e-6)  # ≈ 0.2 m
    (feature,) = features_of(client, response.json["slug"])["features"]
    lon, lat = feature["geometry"]["coordinates"][0][0]
    assert 6.5 < lon < 6.7
    assert 52.9 < lat < 53.0


def test_a_geopackage_with_several_layers_needs_source_layer(client, curator, tmp_path):
    path = tmp_path / "twee.gpkg"
    layer_files.write(path, [layer_files.VALLEY], "EPSG:4326", "GPKG", layer="beekdalen")
    point = shp.Point(6.56, 52.99)
    layer_files.write(path, [point], "EPSG:4326", "GPKG", layer="plekken", append=True)
    assert_problem(upload(client, path.read_bytes(), "twee.gpkg"), 422, "source_layer")
    response = upload(client, path.read_bytes(), "twee.gpkg", source_layer="plekken")
    assert response.status_code == 201, response.json
    assert features_of(client, response.json["slug"])["features"][0]["geometry"]["type"] == "Point"
    missing = upload(client, path.read_bytes(), "twee.gpkg", source_layer="wegen")
    assert_problem(missing, 422, "source_layer")


# --- bad files are 4xx, never 500 --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        b"   ",
        b'{"hello": "world"}',
        b'{"type": "FeatureCollection", "features": []}',
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        b'{"type": "Point", "coordinates": "abc"}, "properties": {}}]}',
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        b'{"type": "Polygon", "coordinates": [[1, 2], "x"]}, "properties": {}}]}',
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        b'{"type": "Point", "coordinates": [600000, 9000000]}, "properties": {}}]}',
        b'{"type": "FeatureCollection", "features": [',
        b"PK\x03\x04 not really a zip",
        b"SQLite format 3\x00" + b"\x00" * 200,
        b"SQLite format 3\x00" + b"\x00" * 52 + b"GPKG" + b"\x00" * 200,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"type": "Topology", "objects": {}, "arcs": []}',
        b'{"type": "Point", "coordinates": [1e400, 5]}',
    ],
    ids=[
        "png",
        "blank",
        "json-not-geojson",
        "no-features",
        "text-coordinates",
        "broken-polygon",
        "not-lonlat-without-crs",
        "truncated-json",
        "broken-zip",
        "sqlite-not-gpkg",
        "broken-gpkg",
        "deeply-nested-json",
        "topojson",
        "infinite-coordinate",
    ],
)
def test_a_file_that_is_not_a_layer_is_a_422_naming_file(client, curator, data):
    assert_problem(upload(client, data), 422, "file")


def test_an_sqlite_database_that_is_not_a_geopackage_is_refused(client, curator, tmp_path):
    path = tmp_path / "gewoon.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as database:
        database.execute("CREATE TABLE t (x)")
        database.commit()
    body = assert_problem(upload(client, path.read_bytes(), "gewoon.gpkg"), 422, "file")
    assert body["errors"]["file"] == ["This SQLite file is not a GeoPackage."]


def test_a_zip_without_a_shapefile_is_a_422(client, curator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/leesmij.txt", "geen shapefile")
    assert_problem(upload(client, buffer.getvalue(), "laag.zip"), 422, "file")


@pytest.mark.parametrize(
    "members",
    [
        {"a.shp": b"\x00" * 100, "a.shx": b"\x00" * 100, "a.dbf": b"\x00" * 100},
        {"a.shp": b"\x00" * 100, "b.shp": b"\x00" * 100},
        {"a.shp": b"\x00" * 100},
    ],
    ids=["garbage-parts", "two-shapefiles", "no-shx-dbf"],
)
def test_a_broken_shapefile_zip_is_a_422(client, curator, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert_problem(upload(client, buffer.getvalue(), "kapot.zip"), 422, "file")


def test_a_geometry_collection_with_a_bom_is_accepted(client, curator):
    data = (
        b"\xef\xbb\xbf"
        + json.dumps(
            {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Point", "coordinates": [6.5, 52.9]},
                    {"type": "LineString", "coordinates": [[6.5, 52.9], [6.6, 53.0]]},
                ],
            }
        ).encode()
    )
    response = upload(client, data)
    assert response.status_code == 201, response.json
    assert response.json["vertex_count"] == 3


def test_a_shapefile_in_rd_without_prj_is_a_422(client, curator, tmp_path):
    rd = shp.box(230_000, 550_000, 234_000, 553_000)
    data = layer_files.zipped_shapefile(tmp_path, [rd], crs=None)
    body = assert_problem(upload(client, data, "zonder-prj.zip"), 422, "file")
    assert ".prj" in body["errors"]["file"][0]


def test_a_text_field_called_file_is_a_422(client, curator):
    response = client.post(
        LAYERS, data={"file": "kaart", "title": "X"}, content_type="multipart/form-data"
    )
    assert_problem(response, 422, "file")


def test_a_json_body_to_post_layers_is_a_415(client, curator):
    assert_problem(client.post(LAYERS, json={"title": "X"}), 415)


def test_a_missing_title_is_a_422(client, curator):
    form = {"file": (io.BytesIO(layer_files.geojson()), "laag.geojson")}
    assert_problem(client.post(LAYERS, data=form, content_type="multipart/form-data"), 422, "title")


def test_a_bad_style_names_its_field(client, curator):
    assert_problem(
        upload(client, layer_files.geojson(), style={"colour": "blauw"}), 422, "style.colour"
    )
    response = client.post(
        LAYERS,
        data={"file": (io.BytesIO(layer_files.geojson()), "l.geojson"), "title": "X", "style": "{"},
        content_type="multipart/form-data",
    )
    assert_problem(response, 422, "style")


# --- limits ----------------------------------------------------------------------------------


def test_a_file_above_the_byte_limit_is_a_413(app, client, curator, monkeypatch):
    monkeypatch.setitem(app.config, "LAYER_MAX_BYTES", 200)
    assert_problem(upload(client, layer_files.geojson()), 413)


def test_too_many_features_is_a_422(app, client, curator, monkeypatch):
    monkeypatch.setitem(app.config, "LAYER_MAX_FEATURES", 1)
    body = assert_problem(upload(client, layer_files.geojson()), 422, "file")
    assert "at most 1" in body["errors"]["file"][0]


def test_too_many_vertices_is_a_422(app, client, curator, monkeypatch):
    monkeypatch.setitem(app.config, "LAYER_MAX_VERTICES", 4)
    assert_problem(upload(client, layer_files.geojson()), 422, "file")


def test_a_very_detailed_layer_is_simplified_keeping_its_shape(app, client, curator, monkeypatch):
    monkeypatch.setitem(app.config, "LAYER_SIMPLIFY_VERTICES", 500)
    # A brook-like wiggly line of 5,000 vertices, ~5 km long.
    line = shp.LineString(
        [(6.55 + i * 1e-5, 52.95 + 0.002 * math.sin(i / 300)) for i in range(5000)]
    )
    feature = {"type": "Feature", "geometry": shp.mapping(line), "properties": {}}
    response = upload(client, layer_files.geojson([feature]))
    assert response.status_code == 201, response.json
    assert response.json["vertex_count"] <= 500
    assert response.json["simplify_tolerance"] > 0
    (got,) = features_of(client, response.json["slug"])["features"]
    simplified = shapely.from_geojson(json.dumps(got["geometry"]))
    # Nowhere further than the tolerance (plus rounding) from the original line.
    assert (
        shapely.hausdorff_distance(simplified, line) <= response.json["simplify_tolerance"] + 1e-6
    )


# --- reading -------------------------------------------------------------------------------------


def test_anyone_reads_the_layer_data_with_etag_cors_and_cache(client, session):
    layer = layer_files.make_layer(session)
    response = client.get(f"{LAYERS}/{layer.slug}/data")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Cache-Control"].startswith("public")
    etag = response.headers["ETag"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    again = client.get(f"{LAYERS}/{layer.slug}/data", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other = client.get(f"{LAYERS}/{layer.slug}/data", headers={"If-None-Match": '"anders"'})
    assert other.status_code == 200


def test_the_layer_data_is_sent_gzipped_to_clients_that_accept_it(client, session):
    layer = layer_files.make_layer(session)
    plain = client.get(f"{LAYERS}/{layer.slug}/data")
    response = client.get(f"{LAYERS}/{layer.slug}/data", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.get_data()) == plain.get_data()
    etag = response.headers["ETag"]
    assert etag != plain.headers["ETag"]
    again = client.get(
        f"{LAYERS}/{layer.slug}/data", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert again.status_code == 304


def test_layers_are_listed_in_display_order(client, session):
    first = layer_files.make_layer(session, "Opgavenkaart")
    second = layer_files.make_layer(session, "Beekdalen", visible_by_default=True)
    response = client.get(LAYERS)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert [layer["slug"] for layer in response.json["layers"]] == [first.slug, second.slug]
    assert "features" not in response.json["layers"][0]
    assert response.json["layers"][1]["visible_by_default"] is True
    assert client.get(f"{LAYERS}/{first.slug}").json["title"] == "Opgavenkaart"


def test_an_unknown_layer_is_a_404(client):
    assert_problem(client.get(f"{LAYERS}/bestaat-niet"), 404)
    assert_problem(client.get(f"{LAYERS}/bestaat-niet/data"), 404)


def test_titles_give_unique_slugs_and_a_taken_slug_is_a_409(client, curator):
    assert upload(client, layer_files.geojson()).json["slug"] == "beekdalen"
    assert upload(client, layer_files.geojson()).json["slug"] == "beekdalen-2"
    assert_problem(upload(client, layer_files.geojson(), slug="beekdalen"), 409)


# --- editing -------------------------------------------------------------------------------------


def test_curator_edits_texts_style_and_order(client, curator, session):
    first = layer_files.make_layer(session, "Opgavenkaart")
    second = layer_files.make_layer(session, "Beekdalen")
    response = client.patch(
        f"{LAYERS}/{second.slug}",
        json={
            "explanation": "Beken en hun dalen.",
            "style": {"fill_opacity": 0.5},
            "position": 0,
            "visible_by_default": True,
        },
    )
    assert response.status_code == 200, response.json
    assert response.json["style"]["fill_opacity"] == 0.5
    assert response.json["style"]["colour"] == "#1f6f8b"  # kept
    assert [x["slug"] for x in client.get(LAYERS).json["layers"]] == [second.slug, first.slug]
    assert [x["position"] for x in client.get(LAYERS).json["layers"]] == [0, 1]
    assert_problem(client.patch(f"{LAYERS}/{second.slug}", json={"slug": "anders"}), 422)
    assert_problem(client.patch(f"{LAYERS}/{second.slug}", json={"title": "  "}), 422, "title")


def test_curator_replaces_the_file_with_a_form_patch(client, curator, session, tmp_path):
    layer = layer_files.make_layer(session)
    before = client.get(f"{LAYERS}/{layer.slug}/data").headers["ETag"]
    response = client.patch(
        f"{LAYERS}/{layer.slug}",
        data={"file": (io.BytesIO(layer_files.gpkg(tmp_path)), "nieuw.gpkg"), "title": "Nieuw"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    assert response.json["title"] == "Nieuw"
    assert response.json["feature_count"] == 1
    after = client.get(f"{LAYERS}/{layer.slug}/data", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["ETag"] != before
    bad = client.patch(
        f"{LAYERS}/{layer.slug}",
        data={"file": (io.BytesIO(b"nonsense"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert_problem(bad, 422, "file")


def test_curator_deletes_a_layer(client, curator, session):
    first = layer_files.make_layer(session, "Een")
    second = layer_files.make_layer(session, "Twee")
    assert client.delete(f"{LAYERS}/{first.slug}").status_code == 204
    assert_problem(client.get(f"{LAYERS}/{first.slug}"), 404)
    assert client.get(LAYERS).json["layers"][0]["slug"] == second.slug
    assert client.get(LAYERS).json["layers"][0]["position"] == 0


def test_layer_problems_speak_dutch(client, curator):
    response = client.post(
        LAYERS,
        data={"file": (io.BytesIO(b"geen kaart"), "x.txt"), "title": "X"},
        content_type="multipart/form-data",
        headers={"Accept-Language": "nl"},
    )
    body = assert_problem(response, 422, "file")
    assert body["errors"]["file"] == [
        "Stuur een GeoJSON-bestand, een GeoPackage (.gpkg) of een shapefile in een .zip."
    ]


def test_limit_problems_speak_dutch_with_their_numbers(app, client, curator, monkeypatch):
    monkeypatch.setitem(app.config, "LAYER_MAX_FEATURES", 1)
    response = client.post(
        LAYERS,
        data={"file": (io.BytesIO(layer_files.geojson()), "l.geojson"), "title": "X"},
        content_type="multipart/form-data",
        headers={"Accept-Language": "nl"},
    )
    body = assert_problem(response, 422, "file")
    assert body["errors"]["file"] == ["De laag heeft 2 objecten; hoogstens 1 zijn toegestaan."]


def test_the_demo_layer_is_an_example_made_from_the_gazetteer(app, client, session):
    from verhalenkaart.demo import seed_demo_layer

    assert seed_demo_layer(session, app.config) is True
    assert seed_demo_layer(session, app.config) is False
    session.commit()
    (layer,) = client.get(LAYERS).json["layers"]
    assert layer["title"].startswith("Voorbeeld")
    assert "voorbeeldlaag" in layer["explanation"]
    names = {f["properties"]["naam"] for f in features_of(client, layer["slug"])["features"]}
    assert {"Assen", "Emmen", "Hoogeveen"} <= names
