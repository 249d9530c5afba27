"""pygeoapi beside us in bench/run.py: installed into its own virtualenv, its PostgreSQL
provider over a view of the published stories of the same bench database, served by gunicorn
with the same number of workers, asked for the same bboxes.

pygeoapi answers OGC API – Features (`/collections/stories/items?bbox=…&limit=…`) with the
view's columns as properties; ours answers with the full story Feature (themes, author,
photos, counts). Same rows, fewer properties on pygeoapi's side.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

PYGEOAPI_REQUIREMENT = "pygeoapi>=0.21"
VIEW = "bench_published_stories"
READY_TIMEOUT_S = 90

CONFIG = """\
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  limits:
    default_items: 1000
    max_items: 10000
  map:
    url: https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png
    attribution: OpenStreetMap
logging:
  level: ERROR
metadata:
  identification:
    title: Verhalenkaart bench
    description: published stories
    keywords: [stories]
    keywords_type: theme
    terms_of_service: https://creativecommons.org/licenses/by/4.0/
    url: http://127.0.0.1
  license:
    name: CC-BY 4.0
    url: https://creativecommons.org/licenses/by/4.0/
  provider:
    name: bench
    url: http://127.0.0.1
  contact:
    name: bench
resources:
  stories:
    type: collection
    title: Stories
    description: Published stories
    keywords: [stories]
    extents:
      spatial:
        bbox: [6.1, 52.6, 7.1, 53.2]
        crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84
    providers:
      - type: feature
        name: PostgreSQL
        data:
          host: {host}
          port: {db_port}
          dbname: {dbname}
          user: {user}
          password: "{password}"
          search_path: [public]
        id_field: id
        table: {view}
        geom_field: geom
"""


def ensure_virtualenv(directory: Path) -> Path:
    """pygeoapi, psycopg2 and gunicorn in a virtualenv of their own (made once)."""
    python = directory / "bin" / "python"
    if not (directory / "bin" / "pygeoapi").exists():
        subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", PYGEOAPI_REQUIREMENT, "geoalchemy2",
             "psycopg2-binary",
             "gunicorn"],
            check=True,
        )  # fmt: skip
    return directory


def create_view(url: str) -> None:
    """The published stories as pygeoapi reads them: one row a story, the list's columns."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {VIEW}")
        columns = (
            "id, uuid::text AS uuid, kind, title, body, era_from, era_to, place_name, "
            "location_precision, published_at, geom"
        )
        conn.exec_driver_sql(
            f"CREATE VIEW {VIEW} AS SELECT {columns} FROM stories WHERE status = 'published'"  # noqa: S608
        )
    engine.dispose()


def start(venv: Path, url: str, port: int, workers: int, log_dir: Path) -> subprocess.Popen:
    parsed = sa.make_url(url)
    log_dir.mkdir(parents=True, exist_ok=True)
    config = log_dir / "pygeoapi-config.yml"
    config.write_text(
        CONFIG.format(
            port=port,
            host=parsed.host or "127.0.0.1",
            db_port=parsed.port or 5432,
            dbname=parsed.database,
            user=parsed.username or "postgres",
            password=parsed.password or "",
            view=VIEW,
        )
    )
    openapi = log_dir / "pygeoapi-openapi.yml"
    env = dict(os.environ, PYGEOAPI_CONFIG=str(config), PYGEOAPI_OPENAPI=str(openapi))
    subprocess.run(
        [str(venv / "bin" / "pygeoapi"), "openapi", "generate", str(config),
         "--output-file", str(openapi)],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    log = (log_dir / "pygeoapi.log").open("wb")
    command = [
        str(venv / "bin" / "gunicorn"), "-w", str(workers), "-k", "gthread", "--threads", "1",
        "--keep-alive", "5", "--timeout", "120", "--log-level", "warning",
        "-b", f"127.0.0.1:{port}", "pygeoapi.flask_app:APP",
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/collections/stories/items?limit=1&f=json")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.5)
        finally:
            conn.close()
    proc.terminate()
    raise RuntimeError(f"pygeoapi did not start; see {log_dir / 'pygeoapi.log'}")


def scenarios(bboxes: list[tuple]) -> dict[str, list[str]]:
    """The list scenarios of run.py, asked of pygeoapi (same bboxes, same limits)."""

    def b(box: tuple) -> str:
        return ",".join(str(v) for v in box)

    base = "/collections/stories/items?f=json"
    return {
        "list cold": [
            f"{base}&bbox={b(bboxes[i % len(bboxes)])}&limit={1000 - i // len(bboxes)}"
            for i in range(50_000)
        ],
        "list warm": [f"{base}&bbox={b(bboxes[0])}&limit=1000"],
    }
