"""Soak: locust, headless, for some minutes on loopback against the real app — 100 residents
browsing and 10 contributors writing — on the embedded default (SpatiaLite, `verhalenkaart run`
as scripts/run.sh starts it) and on PostGIS (gunicorn, 2 workers). Reports requests, failures,
latency and the server's resident memory over time (every process of it), and exits 1 if any
request failed.

    .venv/bin/python bench/soak.py                         # both, 5 minutes each
    .venv/bin/python bench/soak.py --database spatialite --minutes 1

Rate limits are lifted for the run: every simulated visitor comes from 127.0.0.1. PostGIS: the
database `verhalenkaart_soak` on postgres@127.0.0.1:5432 is dropped and re-created (override
with VERHALENKAART_SOAK_PG_URL; the name must contain `soak`).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "backend"))

from verhalenkaart.security.limits import LIMIT_DEFAULTS  # noqa: E402

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/verhalenkaart_soak"
PASSWORD = "soak-wachtwoord-2026"  # noqa: S105 - throwaway benchmark accounts
CONTRIBUTORS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_pg(url: str) -> None:
    parsed = sa.make_url(url)
    if "soak" not in (parsed.database or ""):
        raise SystemExit("the soak database's name must contain 'soak' (it is dropped)")
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    admin.dispose()
    engine = sa.create_engine(parsed)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    engine.dispose()


def environment(database: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env |= {f"VERHALENKAART_{key}": "1000000 per minute" for key in LIMIT_DEFAULTS}
    env |= {"VERHALENKAART_DATA_DIR": str(data_dir), "VERHALENKAART_ENV": "development"}
    if database == "postgis":
        env["VERHALENKAART_DATABASE_URL"] = os.environ.get(
            "VERHALENKAART_SOAK_PG_URL", DEFAULT_PG_URL
        )
    return env


def prepare(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "verhalenkaart"]
    subprocess.run([*command, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*command, "seed-demo"], env=env, check=True, capture_output=True)
    for index in range(CONTRIBUTORS):
        subprocess.run(
            [
                *command,
                "users",
                "create",
                "--email",
                f"soak-{index}@example.org",
                "--password",
                PASSWORD,
                "--name",
                f"Soak {index}",
            ],
            env=env,
            check=True,
            capture_output=True,
        )


def start(database: str, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    if database == "postgis":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-k",
            "gthread",
            "--threads",
            "4",
            # Longer than any client's pause between requests: a server closing an idle
            # keep-alive connection just as the client reuses it resets that request
            # (gunicorn's default is 2 s; the soak's visitors pause 2-15 s).
            "--keep-alive",
            "75",
            "--timeout",
            "120",
            "-b",
            f"127.0.0.1:{port}",
            "verhalenkaart:create_app()",
        ]
    else:  # the embedded default, as scripts/run.sh serves it
        command = [
            sys.executable,
            "-m",
            "verhalenkaart",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT
        )  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
        finally:
            conn.close()
    process.kill()
    raise RuntimeError(f"the server did not start; see {log}")


def tree_rss_mib(root: int) -> float:
    """Resident memory of `root` and its children (gunicorn's master and workers)."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            pending += [
                int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            ]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def sample_memory(root: int, stop: threading.Event, samples: list[tuple[float, float]]) -> None:
    began = time.monotonic()
    while not stop.wait(10):
        samples.append((time.monotonic() - began, tree_rss_mib(root)))


def run(database: str, minutes: float, out_dir: Path) -> dict:
    data_dir = out_dir / f"data-{database}"
    shutil.rmtree(data_dir, ignore_errors=True)
    env = environment(database, data_dir)
    if database == "postgis":
        recreate_pg(env["VERHALENKAART_DATABASE_URL"])
    prepare(env)
    port = free_port()
    server = start(database, env, port, out_dir / f"server-{database}.log")
    samples: list[tuple[float, float]] = [(0.0, tree_rss_mib(server.pid))]
    stop = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server.pid, stop, samples))
    sampler.start()
    prefix = out_dir / f"locust-{database}"
    try:
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(REPO_ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                "110",
                "-r",
                "10",
                "-t",
                f"{int(minutes * 60)}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "30",
            ],
            check=False,
            capture_output=True,
            cwd=REPO_ROOT,
        )
    finally:
        stop.set()
        sampler.join()
        server.terminate()
        server.wait(timeout=60)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    with open(f"{prefix}_failures.csv", newline="") as handle:
        failures = list(csv.DictReader(handle))
    warm = [rss for at, rss in samples if at >= 60] or [samples[-1][1]]
    return {
        "database": database,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "writes": sum(int(r["Request Count"]) for n, r in rows.items() if n.startswith("POST")),
        "rss_start": samples[0][1],
        "rss_warm": warm[0],
        "rss_end": samples[-1][1],
        "rss_max": max(rss for _, rss in samples),
        "failure_kinds": [
            f"{f['Method']} {f['Name']}: {f['Error']} ×{f['Occurrences']}" for f in failures
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["spatialite", "postgis", "both"], default="both")
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "verhalenkaart-soak"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    databases = ["spatialite", "postgis"] if args.database == "both" else [args.database]
    results = [run(database, args.minutes, args.out) for database in databases]
    print(f"soak: {args.minutes:g} min, 100 browsing + 10 contributing users, loopback")
    print(
        "database    server            requests  fail  req/s  p50 ms  p95 ms  p99 ms  writes"
        "  RSS MiB start / after 1 min / end / max"
    )
    for r in results:
        server = "gunicorn -w 2" if r["database"] == "postgis" else "verhalenkaart run"
        print(
            f"{r['database']:<11} {server:<17} {r['requests']:>8} {r['failures']:>5} "
            f"{r['rps']:>6.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} {r['p99']:>7.0f} {r['writes']:>7}"
            f"  {r['rss_start']:.0f} / {r['rss_warm']:.0f} / {r['rss_end']:.0f}"
            f" / {r['rss_max']:.0f}"
        )
        for kind in r["failure_kinds"]:
            print(f"    {kind}")
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
