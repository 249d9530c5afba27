"""The exports' content: every matching story, streamed from the stories' read side.

Each story comes as the Feature JSON the database writes (stories.features.stream_features, a
server-side cursor), so the exports show exactly what the list shows: published stories (every
status but deleted only for curators, `every_status`), the author's display name, never a
pupil's (pupils' stories carry no author) and never an e-mail address. GeoJSON passes the texts
through untouched; CSV, GeoPackage and ZIP read each one as it streams by. Memory stays bounded
however many stories there are (bench/export.py measures it).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import shapely
from sqlalchemy.orm import Session

from verhalenkaart.stories import feature_sets, features

CHUNK_BYTES = 64 * 1024
BOM = "\ufeff"
#: Every export's columns (CSV header, GeoPackage fields), in this order.
COLUMNS = (
    "id",
    "kind",
    "title",
    "body",
    "themes",
    "era_from",
    "era_to",
    "place_name",
    "origin_place",
    "location_precision",
    "language",
    "license",
    "attribution",
    "author",
    "project",
    "status",
    "published_at",
    "url",
    "lon",
    "lat",
    "wkt",
)
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass(frozen=True)
class Source:
    """Where the stories come from: the site's name and public address (for attribution and
    each story's link)."""

    name: str
    base_url: str

    @property
    def attribution(self) -> str:
        return f"{self.name} ({self.base_url}) and its storytellers"

    def story_attribution(self, feature: dict) -> str:
        author = feature["properties"].get("author") or {}
        # Pupils' stories: "leerling van <school>", never a name.
        teller = author.get("display_name") or feature["properties"].get("author_label")
        return f"{teller}, {self.name}" if teller else self.name

    def story_url(self, story_id: str) -> str:
        return f"{self.base_url}/verhaal/{story_id}"

    def notice(self) -> str:
        return (
            f"Stories from {self.attribution}. Each story carries its own licence (the "
            "`license` property: CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0); credit the storyteller "
            f"and {self.name} as its `attribution` says."
        )


def stream(session: Session, filters: features.StoryFilters, every_status: bool) -> Iterator[str]:
    """The Feature texts of the matching stories, oldest first."""
    for _id, text in feature_sets.stream_features(session, filters, every_status=every_status):
        yield text


def chunked(parts: Iterable[str], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """UTF-8 chunks of about `size` bytes: fewer, larger writes to the socket."""
    buffer: list[str] = []
    length = 0
    for part in parts:
        buffer.append(part)
        length += len(part)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


def geojson_parts(texts: Iterable[str], source: Source) -> Iterator[str]:
    """A GeoJSON FeatureCollection around the database's Feature texts (not parsed again)."""
    head = json.dumps(
        {"type": "FeatureCollection", "attribution": source.attribution, "notice": source.notice()}
    )
    yield f'{head[:-1]}, "features": [\n'
    for index, text in enumerate(texts):
        yield ("," if index else "") + text + "\n"
    yield "]}\n"


def row(feature: dict, source: Source) -> dict:
    """One story as a flat row of COLUMNS: themes as one `;` list, the point (the place itself
    for a point, a point on the route or area otherwise) as lon/lat, the geometry as WKT."""
    p = feature["properties"]
    geometry = feature["geometry"]
    if geometry["type"] == "Point":  # most stories: no shapely needed
        lon, lat = geometry["coordinates"][:2]
        wkt = f"POINT ({_number(lon)} {_number(lat)})"
    else:
        shape = shapely.geometry.shape(geometry)
        point = shape.representative_point()
        lon, lat = round(point.x, 6), round(point.y, 6)
        wkt = shapely.to_wkt(shape, rounding_precision=6, trim=True)
    author = p.get("author") or {}
    return {
        "id": feature["id"],
        "kind": p["kind"],
        "title": p["title"],
        "body": p["body"],
        "themes": ";".join(p["themes"]),
        "era_from": p["era_from"],
        "era_to": p["era_to"],
        "place_name": p["place_name"],
        "origin_place": p["origin_place"],
        "location_precision": p["location_precision"],
        "language": p["language"],
        "license": p["license"],
        "attribution": source.story_attribution(feature),
        "author": author.get("display_name") or p.get("author_label"),
        "project": p["project"],
        "status": p["status"],
        "published_at": p["published_at"],
        "url": source.story_url(feature["id"]),
        "lon": lon,
        "lat": lat,
        "wkt": wkt,
    }


def _number(value: float) -> str:
    """A coordinate as WKT writes it: up to 6 decimals, no trailing zeros."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def rows(texts: Iterable[str], source: Source) -> Iterator[dict]:
    for text in texts:
        yield row(json.loads(text), source)


def csv_parts(texts: Iterable[str], source: Source) -> Iterator[str]:
    """CSV (RFC 4180, CRLF) with a UTF-8 byte order mark, so Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    out.write(BOM)
    writer.writeheader()
    for values in rows(texts, source):
        writer.writerow(values)
        if out.tell() >= CHUNK_BYTES:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def readme(source: Source, texts: Iterable[str]) -> Iterator[str]:
    """The ZIP's README: the attribution, the licences, and each story's licence and credit."""
    yield f"# Stories from {source.name}\n\n{source.notice()}\n\n"
    yield "Licences:\n\n"
    for name, url in LICENSE_URLS.items():
        yield f"- {name}: {url}\n"
    yield (
        "\nFiles: `stories.geojson` (every story, WGS84), `photos/<story id>/<n>.jpg` (each "
        "story's photos, under the story's licence).\n\n## Each story\n\n"
        "| id | title | licence | attribution |\n|---|---|---|---|\n"
    )
    for text in texts:
        feature = json.loads(text)
        p = feature["properties"]
        title = str(p["title"]).replace("|", "/").replace("\n", " ")
        credit = source.story_attribution(feature).replace("|", "/")
        yield f"| {feature['id']} | {title} | {p['license']} | {credit} |\n"
