"""Benchmark: the streamed exports of 100,000 stories, on SpatiaLite and on PostGIS.

What it measures
    For each of GET /api/v1/export/stories.{geojson,csv,gpkg,zip} (no filter: every published
    story), served by the real app in a separate gunicorn process (one worker, one thread):
    the wall time of the whole download, stories per second, the size, and the worker's peak
    resident memory during the export (VmHWM, reset before each export through
    /proc/<pid>/clear_refs) next to its resident memory before it.

The data
    The same generated data set as bench/stories_bbox.py (its loader: migrations, gazetteer,
    N published stories by bulk inserts); `--keep` reuses a database it loaded.

How to run it (from the repository root)
    .venv/bin/python bench/export.py                        # both databases, 100,000 stories
    .venv/bin/python bench/export.py --database postgis --keep
    .venv/bin/python bench/export.py --stories 20000        # a quicker look

    PostGIS uses `verhalenkaart_bench` on postgres@127.0.0.1:5432, DROPPED and recreated unless
    --keep finds it loaded (VERHALENKAART_BENCH_PG_URL overrides; the name must contain "bench").
"""

from __future__ import annotations

import argparse
import http.client
import tempfile
import time
from pathlib import Path

import stories_bbox as loader  # bench/ is on sys.path when this file is run

from verhalenkaart.db import make_engine

FORMATS = ("geojson", "csv", "gpkg", "zip")
READ_BYTES = 1 << 20


def _worker_pid(master: int) -> int:
    """gunicorn's one worker: the master's child."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("gunicorn started no worker")


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def _download(port: int, path: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {response.read()[:300]!r}")
    size = 0
    while chunk := response.read(READ_BYTES):
        size += len(chunk)
    conn.close()
    return time.perf_counter() - started, size


def measure(target: loader.Target, stories: int, port: int, log: Path) -> list[tuple]:
    proc = loader.start_server(target, "gunicorn", port, log)
    rows = []
    try:
        worker = _worker_pid(proc.pid)
        _download(port, "/api/v1/export/stories.geojson?bbox=6.5,52.9,6.6,53.0")  # warm up
        for fmt in FORMATS:
            Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the peak RSS
            before = _kib(worker, "VmRSS")
            seconds, size = _download(port, f"/api/v1/export/stories.{fmt}")
            peak = _kib(worker, "VmHWM")
            rows.append((target.name, fmt, stories, seconds, size, before, peak))
            print(
                f"  {fmt:8} {seconds:7.1f} s {stories / seconds:9,.0f} stories/s "
                f"{size / 1e6:8.1f} MB  RSS before {before / 1024:6.1f} MiB, "
                f"peak {peak / 1024:6.1f} MiB",
                flush=True,
            )
    finally:
        loader.stop_server(proc)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("spatialite", "postgis", "both"), default="both")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="reuse a loaded bench database")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "verhalenkaart-bench"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    data_root = args.data_dir.resolve()
    targets = []
    if args.database in ("spatialite", "both"):
        targets.append(loader.spatialite_target(data_root))
    if args.database in ("postgis", "both"):
        targets.append(loader.postgis_target(data_root))
    results = []
    for target in targets:
        print(f"{target.name}: {target.url}", flush=True)
        target.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(target.url)
        existing = loader.story_count(engine) if args.keep else None
        engine.dispose()
        if not existing:
            loader.recreate(target)
            engine = make_engine(target.url)
            try:
                loader.load(target, engine, args.stories, args.seed)
            finally:
                engine.dispose()
        count = existing or args.stories
        port = loader.free_port()
        results += measure(target, count, port, target.data_dir / "export-server.log")
    print()
    print("database    format   stories   seconds  stories/s      MB  RSS before  peak MiB")
    for name, fmt, count, seconds, size, before, peak in results:
        print(
            f"{name:11} {fmt:8} {count:7,} {seconds:9.1f} {count / seconds:10,.0f} "
            f"{size / 1e6:7.1f} {before / 1024:11.1f} {peak / 1024:9.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
