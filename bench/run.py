"""The benchmark entry point: one table of the app's public reads at scale.

What it does, per database (SpatiaLite and PostGIS):
    1. an empty database, the schema by `verhalenkaart db upgrade`, then N published stories by
       `verhalenkaart seed-demo --count N` (the bulk path; clustered around the region's real
       places; it rebuilds the map cells) — timed;
    2. the app under gunicorn with 2 workers (gthread, 1 thread each, keep-alive);
    3. load from a separate process: each scenario first with one connection, one request
       after another (single-request latency), then with --connections connections for
       --seconds (throughput);
    4. one printed table.

Scenarios
    list cold     GET /stories?bbox=…&limit=1000, 100 distinct bboxes of ≈500 stories each,
                  every URL distinct (limit varies by run), so the response cache never hits
    list warm     the same bbox again and again (a response-cache hit)
    map z8/11/14  GET /map?bbox=<a phone's viewport, 400×800 px>&zoom=z at random places in
                  the region, every URL distinct; `+theme` with a theme filter
    detail        GET /stories/{id} over 1,000 stories (cache hits after the first round)
    Payload: the largest answer seen, in kB as sent with `Accept-Encoding: gzip`.
    pygeoapi      on PostGIS, the list scenarios asked of pygeoapi (bench/pygeoapi_side.py:
                  its own virtualenv, its PostgreSQL provider over a view of the published
                  stories, gunicorn with the same workers), then the ratios ours ÷ theirs.

Run (from the repository root):
    .venv/bin/python bench/run.py --stories 100000
    .venv/bin/python bench/run.py --database postgis --keep   # reuse the loaded database

PostGIS: the database named by VERHALENKAART_BENCH_PG_URL (default `verhalenkaart_bench` on
postgres@127.0.0.1:5432) is DROPPED and recreated; its name must contain "bench".
"""

from __future__ import annotations

import argparse
import http.client
import math
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/verhalenkaart_bench"
REGION = (6.1, 52.6, 7.1, 53.2)
TARGET_PER_BBOX = 500
VIEWPORT_PX = (400, 800)  # a phone, portrait
READY_TIMEOUT_S = 60


@dataclass
class Target:
    name: str
    url: str
    data_dir: Path


def targets(which: str, data_root: Path) -> list[Target]:
    found = []
    if which in {"spatialite", "both"}:
        data_dir = data_root / "spatialite"
        found.append(Target("spatialite", f"sqlite:///{data_dir / 'bench.sqlite'}", data_dir))
    if which in {"postgis", "both"}:
        url = sa.make_url(os.environ.get("VERHALENKAART_BENCH_PG_URL", DEFAULT_PG_URL))
        if not url.database or "bench" not in url.database:
            raise SystemExit(f"Refusing to drop {url.database!r}: its name must contain 'bench'.")
        found.append(
            Target("postgis", url.render_as_string(hide_password=False), data_root / "postgis")
        )
    return found


def _env(target: Target) -> dict:
    return dict(
        os.environ,
        VERHALENKAART_DATABASE_URL=target.url,
        VERHALENKAART_DATA_DIR=str(target.data_dir),
        VERHALENKAART_ENV="development",
    )


def recreate(target: Target) -> None:
    target.data_dir.mkdir(parents=True, exist_ok=True)
    if target.name == "spatialite":
        for path in target.data_dir.glob("bench.sqlite*"):
            path.unlink()
        return
    url = sa.make_url(target.url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    admin.dispose()
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE EXTENSION postgis")
    engine.dispose()


def cli(target: Target, *args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "verhalenkaart", *args]
    subprocess.run(command, cwd=REPO_ROOT, env=_env(target), check=True, capture_output=True)
    return time.perf_counter() - started


def load(target: Target, count: int) -> float:
    recreate(target)
    cli(target, "db", "upgrade")
    seconds = cli(target, "seed-demo", "--count", str(count))
    if target.name == "postgis":
        engine = sa.create_engine(target.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    return seconds


# --- requests ------------------------------------------------------------------------------


def _count(conn: sa.Connection, bbox: tuple) -> int:
    from verhalenkaart import geo
    from verhalenkaart.stories.models import Story

    table = Story.__table__
    return conn.scalar(
        sa.select(sa.func.count())
        .select_from(table)
        .where(table.c.status == "published", geo.in_bbox(table.c.geom, bbox))
    )


def _square(lon: float, lat: float, half_lat: float) -> tuple:
    half_lon = half_lat / math.cos(math.radians(lat))
    return tuple(
        round(v, 6) for v in (lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)
    )


def list_bboxes(target: Target, rng: random.Random, n: int = 100) -> list[tuple]:
    """n distinct bboxes holding ≈500 stories: 10 centres at random published stories, each
    sized by bisection, then shifted ten ways by a tenth of their size."""
    from verhalenkaart.db import make_engine
    from verhalenkaart.stories.models import Story

    engine = make_engine(target.url)
    found = []
    with engine.connect() as conn:
        ids = conn.scalars(sa.select(Story.id).where(Story.status == "published")).all()
        x, y = sa.func.ST_X(Story.point), sa.func.ST_Y(Story.point)
        if target.name == "spatialite":
            x, y = sa.func.X(Story.point), sa.func.Y(Story.point)
        for story_id in rng.sample(ids, n // 10):
            lon, lat = conn.execute(sa.select(x, y).where(Story.id == story_id)).one()
            low, high = 0.0005, 0.3
            for _ in range(20):
                half = (low + high) / 2
                got = _count(conn, _square(lon, lat, half))
                if abs(got - TARGET_PER_BBOX) <= TARGET_PER_BBOX * 0.05:
                    break
                low, high = (half, high) if got < TARGET_PER_BBOX else (low, half)
            for shift in range(10):
                dx = (shift % 5 - 2) * half / 10
                dy = (shift // 5 - 0.5) * half / 10
                found.append(_square(lon + dx, lat + dy, half))
        uuids = conn.scalars(
            sa.select(Story.uuid).where(Story.status == "published").limit(1000)
        ).all()
    engine.dispose()
    return found, [str(u) for u in uuids]


def viewport(rng: random.Random, zoom: int) -> tuple:
    """A phone's viewport at `zoom` around a random point of the region."""
    lon = rng.uniform(REGION[0] + 0.1, REGION[2] - 0.1)
    lat = rng.uniform(REGION[1] + 0.05, REGION[3] - 0.05)
    degrees_per_px = 360 / (256 * 2**zoom)
    half_w = VIEWPORT_PX[0] / 2 * degrees_per_px
    half_h = VIEWPORT_PX[1] / 2 * degrees_per_px * math.cos(math.radians(lat))
    return tuple(round(v, 6) for v in (lon - half_w, lat - half_h, lon + half_w, lat + half_h))


def scenarios(bboxes: list, uuids: list, seed: int) -> dict[str, list[str]]:
    """Each scenario's URLs, in order; a worker takes them round-robin."""
    rng = random.Random(seed)

    def b(box: tuple) -> str:
        return ",".join(str(v) for v in box)

    urls = {
        "list cold": [
            f"/api/v1/stories?bbox={b(bboxes[i % len(bboxes)])}&limit={1000 - i // len(bboxes)}"
            for i in range(50_000)
        ],
        "list warm": [f"/api/v1/stories?bbox={b(bboxes[0])}&limit=1000"],
    }
    for zoom in (8, 11, 14):
        views = [viewport(rng, zoom) for _ in range(20_000)]
        urls[f"map z{zoom}"] = [f"/api/v1/map?bbox={b(v)}&zoom={zoom}" for v in views]
        urls[f"map z{zoom} +theme"] = [
            f"/api/v1/map?bbox={b(v)}&zoom={zoom}&theme=erfgoed" for v in views
        ]
    urls["detail"] = [f"/api/v1/stories/{u}" for u in uuids]
    return urls


# --- the load generator (a separate process) -------------------------------------------------


@dataclass
class Measured:
    latencies: list[float] = field(default_factory=list)
    largest: int = 0
    errors: int = 0
    requests: int = 0
    seconds: float = 0.0


def _drive(port: int, urls: list[str], start: int, step: int, until: float, limit: int, out):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept-Encoding": "gzip"}
    i = start
    done = 0
    while time.perf_counter() < until and done < limit:
        url = urls[i % len(urls)]
        i += step
        began = time.perf_counter()
        try:
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            out.errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        out.latencies.append(time.perf_counter() - began)
        out.requests += 1
        done += 1
        if response.status != 200:
            out.errors += 1
        out.largest = max(out.largest, len(body))
    conn.close()


def _load_process(port: int, urls: list[str], connections: int, seconds: float, limit: int, queue):
    out = Measured()
    until = time.perf_counter() + seconds
    began = time.perf_counter()
    threads = [
        threading.Thread(
            target=_drive, args=(port, urls, c, connections, until, limit // connections, out)
        )
        for c in range(connections)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.seconds = time.perf_counter() - began
    queue.put(out)


def drive(port: int, urls: list[str], connections: int, seconds: float, limit: int) -> Measured:
    queue = multiprocessing.get_context("spawn").Queue()
    proc = multiprocessing.get_context("spawn").Process(
        target=_load_process, args=(port, urls, connections, seconds, limit, queue)
    )
    proc.start()
    result = queue.get()
    proc.join()
    return result


# --- the server ----------------------------------------------------------------------------


def start_server(target: Target, port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", "1",
        "--keep-alive", "5", "--timeout", "120", "--log-level", "warning",
        "-b", f"127.0.0.1:{port}", "verhalenkaart:create_app()",
    ]  # fmt: skip
    log = (target.data_dir / "server.log").open("wb")
    proc = subprocess.Popen(command, cwd=REPO_ROOT, env=_env(target), stdout=log, stderr=log)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
        finally:
            conn.close()
    proc.terminate()
    raise RuntimeError(f"the server did not start; see {target.data_dir / 'server.log'}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--database", choices=["spatialite", "postgis", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="reuse the loaded databases")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput run")
    parser.add_argument("--singles", type=int, default=200, help="sequential requests")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "vk-bench")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-pygeoapi", action="store_true", help="skip pygeoapi's side")
    parser.add_argument(
        "--only", nargs="*", help="scenario names to run (e.g. 'list cold' 'list warm')"
    )
    args = parser.parse_args(argv)

    rows = []
    for target in targets(args.database, args.data_dir):
        seeded = float("nan")
        if not args.keep or not target.data_dir.exists():
            print(f"{target.name}: seeding {args.stories:,} stories …", flush=True)
            seeded = load(target, args.stories)
            print(f"{target.name}: seed-demo took {seeded:.1f} s", flush=True)
        bboxes, uuids = list_bboxes(target, random.Random(args.seed))
        port = _free_port()
        server = start_server(target, port, args.workers)
        try:
            measure(port, scenarios(bboxes, uuids, args.seed), args, target.name, rows)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if target.name == "postgis" and not args.no_pygeoapi:
            run_pygeoapi(target, bboxes, args, rows)
        rows.append((target.name, "seed-demo (s)", seeded, math.nan, math.nan, math.nan, 0, 0))
    print()
    print(
        f"{args.stories:,} stories · gunicorn {args.workers} workers · load: "
        f"{args.connections} connections from a separate process for {args.seconds:.0f} s · "
        f"single: {args.singles} sequential requests"
    )
    header = ("database", "scenario", "p50 ms", "p95 ms", "req/s", "p95 ms @N", "kB gzip", "err")
    print(" | ".join(f"{h:>12}" for h in header))
    for row in rows:
        print(_row(row))
    for line in ratios(rows):
        print(line)
    return 0


def measure(port: int, urls_by_name: dict, args, database: str, rows: list) -> None:
    for name, urls in urls_by_name.items():
        if args.only and name not in args.only:
            continue
        drive(port, urls, 1, 5.0, 20)  # warm the workers' connections and code
        single = drive(port, urls[20:] if len(urls) > 1000 else urls, 1, 30, args.singles)
        offset = 20 + args.singles if len(urls) > 1000 else 0
        loaded = drive(port, urls[offset:], args.connections, args.seconds, 10**9)
        rows.append(
            (
                database,
                name,
                _ms(single.latencies, 0.5),
                _ms(single.latencies, 0.95),
                loaded.requests / loaded.seconds,
                _ms(loaded.latencies, 0.95),
                max(single.largest, loaded.largest) / 1024,
                single.errors + loaded.errors,
            )
        )
        print("  " + _row(rows[-1]), flush=True)


def run_pygeoapi(target: Target, bboxes: list, args, rows: list) -> None:
    import pygeoapi_side

    venv = pygeoapi_side.ensure_virtualenv(args.data_dir / "pygeoapi-venv")
    pygeoapi_side.create_view(target.url)
    port = _free_port()
    server = pygeoapi_side.start(venv, target.url, port, args.workers, target.data_dir)
    try:
        measure(port, pygeoapi_side.scenarios(bboxes), args, "pygeoapi", rows)
    finally:
        server.terminate()
        server.wait(timeout=30)


def ratios(rows: list) -> list[str]:
    by = {(r[0], r[1]): r for r in rows}
    lines = []
    for name in ("list cold", "list warm"):
        ours, theirs = by.get(("postgis", name)), by.get(("pygeoapi", name))
        if not ours or not theirs:
            continue
        lines.append(
            f"{name}: throughput {ours[4] / theirs[4]:.1f}× pygeoapi's, "
            f"p50 {theirs[2] / ours[2]:.1f}× faster "
            f"({ours[4]:.0f} vs {theirs[4]:.0f} req/s; {ours[2]:.1f} vs {theirs[2]:.1f} ms)"
        )
    return lines


def _row(row: tuple) -> str:
    database, name, p50, p95, rps, p95n, kb, errors = row
    cells = [database, name, f"{p50:.1f}", f"{p95:.1f}", f"{rps:.0f}", f"{p95n:.1f}"]
    cells += [f"{kb:.1f}", str(errors)]
    return " | ".join(f"{c:>12}" for c in cells).replace("nan", "-")


if __name__ == "__main__":
    sys.exit(main())
