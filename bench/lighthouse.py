"""Lighthouse (mobile preset: a mid-range phone on slow 4G, simulated) on the public pages:
the map `/`, the list `/lijst`, the form `/nieuw`, a photo story `/verhaal/{id}` and its place
`/plaats/{naam}`. Prints performance and accessibility scores, LCP, FCP, TBT and CLS, the
median of `--runs` runs per page.

The app runs under gunicorn on a fresh SpatiaLite database with the demo (`seed-demo`, with its
drawn photos), serving `frontend/dist` of `--repo` (default: this repository; build it first
with `npm run build`). `--repo` can name another checkout (e.g. `git archive <commit>` unpacked,
with frontend/node_modules linked and built) to measure before and after a change with the
same tools.

Lighthouse itself is not a dependency of the project: install it once where you like
(`npm i -E --prefix /tmp/lh lighthouse@12.2.3`) and pass
`--lighthouse /tmp/lh/node_modules/.bin/lighthouse`, or let the default
`npx --yes lighthouse@12.2.3` fetch it. Chromium: Debian's /usr/bin/chromium.

    .venv/bin/python bench/lighthouse.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("VERHALENKAART_CHROMIUM", "/usr/bin/chromium")
METRICS = {
    "LCP": "largest-contentful-paint",
    "FCP": "first-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(repo: Path, data: Path) -> dict:
    env = os.environ | {
        "VERHALENKAART_DATA_DIR": str(data),
        "VERHALENKAART_SECRET_KEY": "lighthouse-bench-secret",
        "VERHALENKAART_FRONTEND_DIR": str(repo / "frontend" / "dist"),
        "VERHALENKAART_RATELIMIT_ENABLED": "false",
        # The code of --repo, whatever the virtualenv has installed.
        "PYTHONPATH": str(repo / "backend"),
    }
    env.pop("VERHALENKAART_DATABASE_URL", None)
    return env


def start_app(repo: Path, data: Path) -> tuple[subprocess.Popen, str]:
    env = app_env(repo, data)
    cli = [str(VENV_BIN / "python"), "-m", "verhalenkaart"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "seed-demo"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own virtualenv's gunicorn)
        [
            str(VENV_BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "verhalenkaart:create_app()",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url + "/healthz"):  # noqa: S310 (loopback)
                return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the app did not start")


def pages(url: str) -> list[tuple[str, str]]:
    """The pages to measure: a photo story with a picture, and its place."""
    query = urllib.parse.urlencode({"kind": "photo", "limit": 50})
    with urllib.request.urlopen(f"{url}/api/v1/stories?{query}") as response:  # noqa: S310
        stories = json.load(response)["features"]
    # A story with a photo where the demo has them (an older checkout's demo has none).
    story = next((s for s in stories if s["properties"]["photos"]), stories[0])
    place = urllib.parse.quote(story["properties"]["place_name"])
    return [
        ("map", "/"),
        ("list", "/lijst"),
        ("form", "/nieuw"),
        ("story", f"/verhaal/{story['id']}"),
        ("place", f"/plaats/{place}"),
    ]


class RunFailed(Exception):
    """Lighthouse finished but could not measure (a runtimeError in its report)."""


def lighthouse(command: list[str], url: str, out: Path, attempts: int = 2) -> dict:
    """One Lighthouse run; a run that fails (Chromium timing out on a busy machine, or a trace
    without its navigation start: NO_NAVSTART) is tried once more."""
    try:
        return _lighthouse(command, url, out)
    except (subprocess.CalledProcessError, RunFailed) as error:
        if attempts <= 1:
            raise SystemExit(f"{url}: {error}") from error
        return lighthouse(command, url, out, attempts - 1)


def _lighthouse(command: list[str], url: str, out: Path) -> dict:
    subprocess.run(  # noqa: S603 (the Lighthouse CLI named on the command line)
        [
            *command,
            url,
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
        ],
        env=os.environ | {"CHROME_PATH": CHROMIUM},
        check=True,
    )
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise RunFailed(report["runtimeError"].get("message", report["runtimeError"]))
    row = {
        "performance": report["categories"]["performance"]["score"] * 100,
        "accessibility": report["categories"]["accessibility"]["score"] * 100,
    }
    for name, audit in METRICS.items():
        row[name] = report["audits"][audit]["numericValue"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to serve (built)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--lighthouse", default="npx --yes lighthouse@12.2.3")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--only", help="comma list of pages: map,list,form,story,place")
    args = parser.parse_args()
    if not (args.repo / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit(f"build {args.repo}/frontend first: npm run build")
    command = shlex.split(args.lighthouse)
    with tempfile.TemporaryDirectory() as tmp:
        reports = args.reports or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        server, url = start_app(args.repo, Path(tmp))
        try:
            print("page    perf  a11y  LCP s  FCP s  TBT ms    CLS")
            only = set(args.only.split(",")) if args.only else None
            for name, path in pages(url):
                if only and name not in only:
                    continue
                runs = [
                    lighthouse(command, url + path, reports / f"{name}-{i}.json")
                    for i in range(args.runs)
                ]
                median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                print(
                    f"{name:6} {median['performance']:5.0f} {median['accessibility']:5.0f} "
                    f"{median['LCP'] / 1000:6.2f} {median['FCP'] / 1000:6.2f} "
                    f"{median['TBT']:7.0f} {median['CLS']:6.3f}",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
