"""Benchmark: bbox reads of the story map over HTTP, on SpatiaLite and on PostGIS.

What it measures
    The latency (p50/p95/p99) and sequential throughput of the real app, served by a real HTTP
    server (gunicorn, one worker process with one thread; otherwise Flask's own server) in a
    separate process, for

    - GET /api/v1/stories?bbox=…&limit=1000 with bboxes around Assen and Emmen sized so that
      each holds about 500 stories (a list view of a town);
    - GET /api/v1/map?bbox=<whole region>&zoom=9 and zoom=12 (grid clusters over everything);
    - GET /api/v1/stats (all, and kind=memory) and /api/v1/stats/origins (the dashboard).

    Requests are sent one after another over one keep-alive connection, after 20 warm-up
    requests per endpoint; every answer must be 200 and its features are counted.

The data
    The schema is built by the real migrations, the gazetteer is loaded from GeoNames, and
    N published stories (default 100,000) are written with bulk Core inserts, clustered around
    the gazetteer's places weighted by population (gaussian offsets of a few km), inside the
    region 6.1,52.6,7.1,53.2: mostly points, some routes and areas, mixed kinds, themes, eras.

How to run it (from the repository root)
    .venv/bin/python bench/stories_bbox.py --database postgis
    .venv/bin/python bench/stories_bbox.py                      # both databases
    .venv/bin/python bench/stories_bbox.py --keep               # reuse the loaded databases

    PostGIS uses the database `verhalenkaart_bench` on postgres@127.0.0.1:5432, which is DROPPED
    and recreated (set VERHALENKAART_BENCH_PG_URL to use another; its name must contain
    "bench"). SpatiaLite uses <tmp>/verhalenkaart-bench/ unless --data-dir is given.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart import geo, migrate
from verhalenkaart.accounts.models import User
from verhalenkaart.config import DRENTHE_BBOX
from verhalenkaart.db import make_engine
from verhalenkaart.places.services import PlaceRecord, geonames_records, upsert_places
from verhalenkaart.stories.models import LANGUAGES, LICENSES, Kind, Story, Theme, story_themes
from verhalenkaart.text import fold

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/verhalenkaart_bench"
REGION = DRENTHE_BBOX
BATCH = 5_000
TARGET_PER_BBOX = 500
WARMUP = 20
HTTP_TIMEOUT_S = 60
READY_TIMEOUT_S = 60
CENTRES = {"Assen": (6.5625, 52.99667), "Emmen": (6.90694, 52.77917)}
SHIFTS = ((0.0, 0.0), (0.15, 0.0), (-0.1, 0.12), (0.05, -0.15))

TITLES = (
    "De oude boerderij bij {p}",
    "Schaatsen op de vaart bij {p}",
    "Markt in {p}",
    "Het hunebed achter {p}",
    "Wandelen door het beekdal bij {p}",
    "Opa's schuur in {p}",
    "Meer bomen langs de weg in {p}",
    "De kerk van {p} in de mist",
    "Kermis in {p}",
    "Turf steken bij {p}",
    "De zandweg naar {p}",
    "Zomeravond op de brink van {p}",
    "Fietsen van school naar {p}",
    "Het zwembad van {p}",
    "Zonneweide bij {p}",
    "Naoberschap in {p}",
    "Heide in bloei bij {p}",
    "Waar het station van {p} stond",
)
SENTENCES = (
    "Als kind speelden we hier elke zomer tot het donker werd.",
    "Mijn grootvader vertelde dat hier vroeger een veenkanaal liep.",
    "Het landschap is sindsdien sterk veranderd door de ruilverkaveling.",
    "In de winter lag er ijs en schaatste het hele dorp op de vaart.",
    "Ik hoop dat de houtwallen bewaard blijven voor de volgende generatie.",
    "Op zondag fietsten we langs de essen naar mijn tante.",
    "De geur van het gemaaide gras en de koeien in de wei vergeet ik nooit.",
    "Tegenwoordig staan hier nieuwe huizen, maar de oude eik staat er nog.",
    "We zouden graag een wandelpad langs de beek zien.",
    "Hier vonden ze bij het ploegen ooit een vuurstenen bijl.",
    "In de oorlog zaten onderduikers verstopt op de hooizolder.",
    "De buren hielpen elkaar altijd bij de oogst; dat heet naoberschap.",
)
ORIGINS = (
    None,
    None,
    None,
    "Groningen",
    "Zwolle",
    "Amsterdam",
    "Rotterdam",
    "Leeuwarden",
    "Meppen",
    "Suriname",
    "Friesland",
    "Twente",
)
LANGUAGE_WEIGHTS = (85, 5, 6, 1, 3)  # nl, en, nds, fy, de
ERAS = (
    (None, None),
    (None, None),
    (-3400, -2800),
    (1850, 1940),
    (1940, 1945),
    (1950, 1970),
    (1970, 1990),
    (1990, 2010),
    (2010, 2026),
    (2026, 2050),
    (1900, None),
    (None, 1800),
)


# --- databases ----------------------------------------------------------------------------


@dataclass
class Target:
    name: str  # spatialite | postgis
    url: str
    data_dir: Path


def postgis_target(data_root: Path) -> Target:
    url = sa.make_url(os.environ.get("VERHALENKAART_BENCH_PG_URL", DEFAULT_PG_URL))
    if not url.database or "bench" not in url.database:
        raise SystemExit(
            f"Refusing to drop {url.database!r}: the bench database's name must contain 'bench'."
        )
    return Target("postgis", url.render_as_string(hide_password=False), data_root / "postgis")


def spatialite_target(data_root: Path) -> Target:
    data_dir = data_root / "spatialite"
    return Target("spatialite", f"sqlite:///{data_dir / 'verhalenkaart.sqlite'}", data_dir)


def recreate(target: Target) -> None:
    """An empty database: a new SpatiaLite file, or a dropped and recreated PostGIS database."""
    target.data_dir.mkdir(parents=True, exist_ok=True)
    if target.name == "spatialite":
        path = Path(sa.make_url(target.url).database)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    url = sa.make_url(target.url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    finally:
        admin.dispose()
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE EXTENSION postgis")
    finally:
        engine.dispose()


def story_count(engine: sa.Engine) -> int | None:
    """Published stories in an existing bench database, or None if there is none."""
    try:
        with engine.connect() as conn:
            return conn.scalar(
                sa.select(sa.func.count())
                .select_from(Story.__table__)
                .where(Story.__table__.c.status == "published")
            )
    except sa.exc.SQLAlchemyError:
        return None


# --- data ---------------------------------------------------------------------------------


def _inside(lon: float, lat: float, margin: float = 0.0) -> bool:
    return (
        REGION[0] + margin <= lon <= REGION[2] - margin
        and REGION[1] + margin <= lat <= REGION[3] - margin
    )


def _offset(
    rng: random.Random, place: PlaceRecord, sigma_km: float, margin: float
) -> tuple[float, float]:
    """A gaussian offset around a place, redrawn (at most 20 times) until inside the region."""
    cos_lat = math.cos(math.radians(place.lat))
    for _ in range(20):
        lat = place.lat + rng.gauss(0, sigma_km) / 111.32
        lon = place.lon + rng.gauss(0, sigma_km) / (111.32 * cos_lat)
        if _inside(lon, lat, margin):
            return lon, lat
    return (
        min(max(place.lon, REGION[0] + margin), REGION[2] - margin),
        min(max(place.lat, REGION[1] + margin), REGION[3] - margin),
    )


def _geometry(rng: random.Random, place: PlaceRecord, sigma_km: float) -> tuple[str, str, str]:
    """(geom EWKT, point EWKT, location_precision): mostly points, some routes and areas."""
    roll = rng.random()
    if roll < 0.88:
        lon, lat = _offset(rng, place, sigma_km, 0.0)
        precision = "exact"
        if rng.random() < 0.15:
            snapped = geo.snap_point(lon, lat, 250)
            if _inside(*snapped):  # snapping can push a point near the edge out of the region
                (lon, lat), precision = snapped, "approximate"
        wkt = f"SRID=4326;POINT({lon:.6f} {lat:.6f})"
        return wkt, wkt, precision
    lon, lat = _offset(rng, place, sigma_km, 0.03)
    if roll < 0.96:  # a route: a random walk of 3-8 vertices, ~300 m steps
        coords = [(lon, lat)]
        for _ in range(rng.randint(2, 7)):
            lon += rng.uniform(-0.004, 0.004)
            lat += rng.uniform(-0.0027, 0.0027)
            coords.append((lon, lat))
        mid = coords[len(coords) // 2]
        line = ", ".join(f"{x:.6f} {y:.6f}" for x, y in coords)
        return (
            f"SRID=4326;LINESTRING({line})",
            f"SRID=4326;POINT({mid[0]:.6f} {mid[1]:.6f})",
            "exact",
        )
    dx, dy = rng.uniform(0.002, 0.006), rng.uniform(0.0013, 0.004)  # an area of a few 100 m
    ring = [
        (lon - dx, lat - dy),
        (lon + dx, lat - dy),
        (lon + dx, lat + dy),
        (lon - dx, lat + dy),
        (lon - dx, lat - dy),
    ]
    polygon = ", ".join(f"{x:.6f} {y:.6f}" for x, y in ring)
    return (f"SRID=4326;POLYGON(({polygon}))", f"SRID=4326;POINT({lon:.6f} {lat:.6f})", "exact")


def story_rows(
    rng: random.Random,
    places: list[PlaceRecord],
    count: int,
    first_id: int,
    author_ids: list[int],
    theme_ids: list[int],
) -> Iterator[tuple[list[dict], list[dict]]]:
    """Batches of (story rows, story_themes rows) for Core inserts."""
    weights = [p.population or 500 for p in places]
    biggest = max(weights)
    kinds = [k.value for k in Kind]
    now = datetime.now(UTC)
    stories: list[dict] = []
    links: list[dict] = []
    for story_id in range(first_id, first_id + count):
        place = rng.choices(places, weights)[0]
        sigma_km = 1.0 + 2.0 * math.sqrt((place.population or 500) / biggest)
        geom, point, precision = _geometry(rng, place, sigma_km)
        title = rng.choice(TITLES).format(p=place.name)
        body = " ".join(rng.sample(SENTENCES, rng.randint(1, 6)))
        origin = rng.choice(ORIGINS)
        era_from, era_to = rng.choice(ERAS)
        created = now - timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
        published = created + timedelta(minutes=rng.randint(5, 4 * 24 * 60))
        stories.append(
            {
                "id": story_id,
                "uuid": uuid.uuid4(),
                "kind": rng.choice(kinds),
                "title": title,
                "body": body,
                "language": rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0],
                "era_from": era_from,
                "era_to": era_to,
                "place_name": place.name,
                "origin_place": origin,
                "geom": geom,
                "point": point,
                "location_precision": precision,
                "status": "published",
                "license": rng.choice(LICENSES),
                "consent_at": created,
                "consent_version": "2026-11",
                "author_id": rng.choice(author_ids) if rng.random() < 0.8 else None,
                "project_id": None,
                "is_demo": False,
                "search_text": fold(" ".join(filter(None, [title, body, place.name, origin]))),
                "published_at": published if published < now else now,
                "created_at": created,
                "updated_at": published if published < now else now,
            }
        )
        for theme_id in rng.sample(theme_ids, rng.choice((1, 1, 2))):
            links.append({"story_id": story_id, "theme_id": theme_id})
        if len(stories) >= BATCH:
            yield stories, links
            stories, links = [], []
    if stories:
        yield stories, links


def load(target: Target, engine: sa.Engine, count: int, seed: int) -> None:
    """Schema by the migrations, gazetteer from GeoNames, `count` stories by bulk inserts."""
    started = time.perf_counter()
    migrate.upgrade(engine)
    with Session(engine) as session:
        places_written = upsert_places(session, geonames_records(REGION))
        session.commit()
    places = [p for p in geonames_records(REGION) if _inside(p.lon, p.lat)]
    rng = random.Random(seed)
    created = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            User.__table__.insert(),
            [
                {
                    "email": f"bench{i}@example.org",
                    "password_hash": None,
                    "display_name": f"Verteller {i}",
                    "role": "resident",
                    "session_version": 1,
                    "created_at": created,
                }
                for i in range(1, 201)
            ],
        )
        author_ids = list(conn.scalars(sa.select(User.__table__.c.id)))
        theme_ids = list(conn.scalars(sa.select(Theme.__table__.c.id)))
        first_id = (conn.scalar(sa.select(sa.func.max(Story.__table__.c.id))) or 0) + 1
    schema_s = time.perf_counter() - started
    started = time.perf_counter()
    written = 0
    with engine.begin() as conn:
        for stories, links in story_rows(rng, places, count, first_id, author_ids, theme_ids):
            conn.execute(Story.__table__.insert(), stories)
            conn.execute(story_themes.insert(), links)
            written += len(stories)
        if target.name == "postgis":
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('stories', 'id'), "
                "(SELECT max(id) FROM stories))"
            )
    insert_s = time.perf_counter() - started
    started = time.perf_counter()
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    print(
        f"  {target.name}: schema + {places_written} places in {schema_s:.1f} s; "
        f"{written:,} stories in {insert_s:.1f} s ({written / insert_s:,.0f}/s); "
        f"ANALYZE {time.perf_counter() - started:.1f} s",
        flush=True,
    )


# --- bboxes -------------------------------------------------------------------------------


def _bbox(lon: float, lat: float, half_lat: float) -> geo.BBox:
    half_lon = half_lat / math.cos(math.radians(lat))
    return (
        round(lon - half_lon, 6),
        round(lat - half_lat, 6),
        round(lon + half_lon, 6),
        round(lat + half_lat, 6),
    )


def count_in(engine: sa.Engine, bbox: geo.BBox) -> int:
    table = Story.__table__
    with engine.connect() as conn:
        return conn.scalar(
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.status == "published", geo.in_bbox(table.c.geom, bbox))
        )


def pick_bboxes(engine: sa.Engine) -> list[tuple[geo.BBox, int]]:
    """Per centre, the square-ish bbox holding ~500 stories (binary search on its half-height in
    degrees), then a few copies of it shifted by 10–15 % of its size."""
    chosen = []
    for lon, lat in CENTRES.values():
        low, high = 0.0005, 0.3
        half = high
        for _ in range(30):
            half = (low + high) / 2
            n = count_in(engine, _bbox(lon, lat, half))
            if abs(n - TARGET_PER_BBOX) <= TARGET_PER_BBOX * 0.02:
                break
            low, high = (half, high) if n < TARGET_PER_BBOX else (low, half)
        half_lon = half / math.cos(math.radians(lat))
        for sx, sy in SHIFTS:
            bbox = _bbox(lon + 2 * half_lon * sx, lat + 2 * half * sy, half)
            chosen.append((bbox, count_in(engine, bbox)))
    return chosen


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(kind: str, port: int) -> list[str]:
    if kind == "gunicorn":
        # gthread with one thread: one request at a time, like sync, but with keep-alive.
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "1",
            "-k",
            "gthread",
            "--threads",
            "1",
            "--keep-alive",
            "5",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "-b",
            f"127.0.0.1:{port}",
            "verhalenkaart:create_app()",
        ]
    return [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "verhalenkaart",
        "run",
        "--no-reload",
        "--no-debugger",
        "--without-threads",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def start_server(target: Target, kind: str, port: int, log_path: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        VERHALENKAART_DATABASE_URL=target.url,
        VERHALENKAART_DATA_DIR=str(target.data_dir),
        VERHALENKAART_ENV="development",
    )
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            server_command(kind, port),
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}; see {log_path}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"the server was not ready within {READY_TIMEOUT_S} s; see {log_path}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Result:
    database: str
    endpoint: str
    latencies_ms: list[float]
    elapsed_s: float
    features: float
    note: str = ""


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
    return elapsed, body


def measure(
    conn: http.client.HTTPConnection,
    database: str,
    endpoint: str,
    paths: list[str],
    requests: int,
    budget_s: float,
) -> Result:
    for i in range(WARMUP):
        _get(conn, paths[i % len(paths)])
    latencies, counts = [], []
    started = time.perf_counter()
    for i in range(requests):
        ms, body = _get(conn, paths[i % len(paths)])
        latencies.append(ms)
        data = json.loads(body)
        # Features for lists and maps; the stories counted for /stats.
        counts.append(len(data["features"]) if "features" in data else data["total"])
        if time.perf_counter() - started > budget_s:
            break
    elapsed = time.perf_counter() - started
    note = f"stopped after {budget_s:.0f} s" if len(latencies) < requests else ""
    return Result(database, endpoint, latencies, elapsed, statistics.fmean(counts), note)


def run_http(
    target: Target, server: str, bboxes: list[geo.BBox], requests: int, budget_s: float
) -> list[Result]:
    port = free_port()
    log_path = target.data_dir / f"server-{server}.log"
    proc = start_server(target, server, port, log_path)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT_S)
        try:
            region = ",".join(str(v) for v in REGION)
            story_paths = [
                "/api/v1/stories?"
                + urlencode({"bbox": ",".join(map(str, b)), "limit": 1000}, safe=",")
                for b in bboxes
            ]
            results = [
                measure(
                    conn,
                    target.name,
                    "stories bbox≈500 limit=1000",
                    story_paths,
                    requests,
                    budget_s,
                )
            ]
            for zoom in (9, 12):
                path = f"/api/v1/map?bbox={region}&zoom={zoom}"
                results.append(
                    measure(
                        conn, target.name, f"map region zoom={zoom}", [path], requests, budget_s
                    )
                )
            for name, path in (
                ("stats (all)", "/api/v1/stats"),
                ("stats kind=memory", "/api/v1/stats?kind=memory"),
                ("stats/origins", "/api/v1/stats/origins"),
            ):
                results.append(measure(conn, target.name, name, [path], requests, budget_s))
            return results
        finally:
            conn.close()
    except Exception:
        print(
            f"  server log ({log_path}):\n" + log_path.read_text(errors="replace")[-3000:],
            file=sys.stderr,
        )
        raise
    finally:
        stop_server(proc)


def print_table(results: list[Result]) -> None:
    header = (
        "database",
        "endpoint",
        "n",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "req/s",
        "features",
        "note",
    )
    rows = []
    for r in results:
        q = statistics.quantiles(r.latencies_ms, n=100, method="inclusive")
        rows.append(
            (
                r.database,
                r.endpoint,
                str(len(r.latencies_ms)),
                f"{q[49]:.1f}",
                f"{q[94]:.1f}",
                f"{q[98]:.1f}",
                f"{len(r.latencies_ms) / r.elapsed_s:.1f}",
                f"{r.features:.1f}",
                r.note,
            )
        )
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(
                cell.ljust(w) if i < 2 or i == len(header) - 1 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("spatialite", "postgis", "both"), default="both")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse an existing loaded database instead of rebuilding it",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "verhalenkaart-bench",
        help="where the SpatiaLite file and the server logs go",
    )
    parser.add_argument("--server", choices=("auto", "gunicorn", "flask"), default="auto")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=120,
        help="time budget per endpoint for the measured requests",
    )
    args = parser.parse_args(argv)
    if args.stories < 1 or args.requests < 1:
        parser.error("--stories and --requests must be positive")
    server = args.server
    if server == "auto":
        server = "gunicorn" if find_spec("gunicorn") else "flask"

    data_root = args.data_dir.resolve()
    targets = []
    if args.database in ("spatialite", "both"):
        targets.append(spatialite_target(data_root))
    if args.database in ("postgis", "both"):
        targets.append(postgis_target(data_root))

    results: list[Result] = []
    for target in targets:
        print(f"{target.name}: {target.url}", flush=True)
        target.data_dir.mkdir(parents=True, exist_ok=True)
        existing = None
        if args.keep:
            engine = make_engine(target.url)
            existing = story_count(engine)
            engine.dispose()
        if existing:
            print(
                f"  reusing {existing:,} published stories (--keep"
                + (", not --stories)" if existing != args.stories else ")"),
                flush=True,
            )
        else:
            recreate(target)
        engine = make_engine(target.url)
        try:
            if not existing:
                load(target, engine, args.stories, args.seed)
            started = time.perf_counter()
            chosen = pick_bboxes(engine)
            print(
                f"  bboxes (found in {time.perf_counter() - started:.1f} s), stories in each: "
                + ", ".join(str(n) for _, n in chosen),
                flush=True,
            )
        finally:
            engine.dispose()
        print(f"  measuring with {server}, {args.requests} requests per endpoint …", flush=True)
        results.extend(
            run_http(target, server, [b for b, _ in chosen], args.requests, args.max_seconds)
        )
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
