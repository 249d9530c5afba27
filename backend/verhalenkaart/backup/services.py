"""`verhalenkaart backup DIR` and `verhalenkaart restore DIR` (docs/operations.md, "Backups").

A backup is a directory: the database (PostgreSQL: `pg_dump --format=custom`; SpatiaLite: a
copy made with SQLite's online backup API), `media/<key>` for every file a photo or recording
row *of that database copy* refers to, and `manifest.json` (written last: a directory without
one is not a backup) with the schema revision, row counts and a SHA-256 of every file.

Consistency under writes: the database copy is one snapshot (SQLite's backup runs in one read
transaction; pg_dump runs in a snapshot exported from the transaction that also reads the media
keys). Media files are written before their row is committed and removed only after the commit
that deleted their row (media/files.py), so every key the snapshot refers to was on storage at
the snapshot. The only way one can be gone when it is copied is a row deleted since; then the
whole backup is taken again (files copied already are kept: a key's bytes never change), and
after `ATTEMPTS` tries it fails loudly rather than write a backup with a row without its file.
Files of rows deleted before the snapshot (and orphans) are not in the backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from verhalenkaart.media.storage import STORED_KEY_PATTERN, Storage

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = "verhalenkaart-backup"
VERSION = 1
ATTEMPTS = 3
#: Tables whose rows the manifest counts (a quick check after a restore).
COUNTED = ("users", "stories", "photos", "audio_recordings", "comments", "reactions")

_KEY_QUERY = (
    "SELECT thumb_key FROM photos UNION SELECT medium_key FROM photos "
    "UNION SELECT large_key FROM photos UNION SELECT key FROM audio_recordings "
    "UNION SELECT source_key FROM photo_uploads"
)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in one line."""


@dataclass
class Snapshot:
    revision: str | None
    counts: dict[str, int]
    keys: set[str] = field(default_factory=set)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_snapshot(run) -> Snapshot:
    """Revision, counts and media keys through `run(sql) -> rows` (one snapshot)."""
    revision_rows = run("SELECT version_num FROM alembic_version")
    counts = {table: run(f"SELECT count(*) FROM {table}")[0][0] for table in COUNTED}  # noqa: S608
    keys = {row[0] for row in run(_KEY_QUERY) if row[0]}
    return Snapshot(revision_rows[0][0] if revision_rows else None, counts, keys)


# --- the database ------------------------------------------------------------------------------


def _libpq(url: sa.URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (that goes in PGPASSWORD, not on a command line)."""
    plain = sa.URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run_tool(arguments: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} failed: {done.stderr.strip()}")


def _dump_postgresql(engine: sa.Engine, target: Path) -> Snapshot:
    uri, env = _libpq(engine.url)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot_id = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            snapshot = _read_snapshot(lambda sql: conn.exec_driver_sql(sql).all())
            # pg_dump sees exactly what this transaction sees, while it stays open.
            _run_tool(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                    f"--dbname={uri}",
                ],
                env,
            )
    return snapshot


def _sqlite_module():
    import sqlean

    return sqlean.dbapi2


def _copy_sqlite(engine: sa.Engine, target: Path) -> Snapshot:
    source = engine.raw_connection()
    try:
        copy = _sqlite_module().connect(str(target))
        try:
            # One step (pages=-1): one read transaction, so one consistent snapshot; in WAL
            # mode writers go on meanwhile.
            source.driver_connection.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            snapshot = _read_snapshot(lambda sql: copy.execute(sql).fetchall())
        finally:
            copy.close()
    finally:
        source.close()
    return snapshot


def _database_is_empty(engine: sa.Engine) -> bool:
    return not sa.inspect(engine).has_table("alembic_version")


def _restore_postgresql(engine: sa.Engine, dump: Path) -> None:
    uri, env = _libpq(engine.url)
    engine.dispose()
    _run_tool(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={uri}",
            str(dump),
        ],
        env,
    )


def _restore_sqlite(engine: sa.Engine, copy: Path) -> None:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("restore needs a SpatiaLite file, not an in-memory database")
    engine.dispose()
    target = Path(database)
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)  # checked empty (no schema) by the caller
    target.parent.mkdir(parents=True, exist_ok=True)
    module = _sqlite_module()
    source, destination = module.connect(str(copy)), module.connect(str(target))
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode = WAL")
    finally:
        source.close()
        destination.close()


# --- media ---------------------------------------------------------------------------------------


def _copy_media(storage: Storage, keys: set[str], media_dir: Path) -> list[str]:
    """Copy the files of `keys` not copied yet; the keys whose files are gone."""
    missing = []
    for key in sorted(keys):
        if not STORED_KEY_PATTERN.match(key):
            raise BackupError(f"a row refers to something that is not a media key: {key!r}")
        path = media_dir / key
        if path.is_file():
            continue  # from an earlier attempt: a key's bytes never change
        try:
            data = storage.read(key)
        except FileNotFoundError:
            missing.append(key)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.part")
        draft.write_bytes(data)
        draft.replace(path)
    return missing


def _prune(media_dir: Path, keys: set[str]) -> None:
    """Remove files of earlier attempts that the final snapshot does not refer to."""
    if not media_dir.is_dir():
        return
    for path in media_dir.rglob("*"):
        if path.is_file() and path.relative_to(media_dir).as_posix() not in keys:
            path.unlink()


# --- the commands --------------------------------------------------------------------------------


def backup(engine: sa.Engine, storage: Storage, directory: Path) -> dict:
    """Write a backup into `directory` (new or empty); returns the manifest."""
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; give a new directory for each backup")
    directory.mkdir(parents=True, exist_ok=True)
    dialect = engine.dialect.name
    database_file = directory / (
        "database.pgdump" if dialect == "postgresql" else "database.sqlite"
    )
    media_dir = directory / "media"
    for attempt in range(1, ATTEMPTS + 1):
        database_file.unlink(missing_ok=True)
        if dialect == "postgresql":
            snapshot = _dump_postgresql(engine, database_file)
        else:
            snapshot = _copy_sqlite(engine, database_file)
        missing = _copy_media(storage, snapshot.keys, media_dir)
        if not missing:
            break
        log.warning(
            "Backup attempt %d: %d file(s) deleted while copying; taking it again",
            attempt,
            len(missing),
        )
    else:
        raise BackupError(
            f"media files kept disappearing during the backup ({', '.join(missing[:3])}…); "
            "try again when there are fewer deletions"
        )
    _prune(media_dir, snapshot.keys)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dialect": dialect,
        "alembic_revision": snapshot.revision,
        "counts": snapshot.counts,
        "database": {"file": database_file.name, "sha256": _sha256(database_file)},
        "media": [
            {
                "key": key,
                "bytes": (media_dir / key).stat().st_size,
                "sha256": _sha256(media_dir / key),
            }
            for key in sorted(snapshot.keys)
        ],
    }
    draft = directory / f".{MANIFEST}.part"
    draft.write_text(json.dumps(manifest, indent=2) + "\n")
    draft.replace(directory / MANIFEST)  # last: its presence means the backup is whole
    return manifest


def read_manifest(directory: Path) -> dict:
    """The manifest of a whole backup, every file checked against its SHA-256."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no {MANIFEST}: not a (whole) backup") from None
    except ValueError as error:
        raise BackupError(f"{directory / MANIFEST} is not valid JSON: {error}") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{directory / MANIFEST} is not a version {VERSION} backup manifest")
    files = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    files += [(f"media/{item['key']}", item["sha256"]) for item in manifest["media"]]
    for name, expected in files:
        path = directory / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{path} is missing or damaged (SHA-256 differs from the manifest)")
    return manifest


def restore(engine: sa.Engine, storage: Storage, directory: Path) -> dict:
    """Restore the backup in `directory` into an empty database and media storage."""
    manifest = read_manifest(directory)
    dialect = engine.dialect.name
    if manifest["dialect"] != dialect:
        raise BackupError(
            f"the backup is of a {manifest['dialect']} database; this one is {dialect}"
        )
    if not _database_is_empty(engine):
        raise BackupError("the database is not empty; restore into a new, empty database")
    # Files first: then a failure leaves files without rows (cleared by `media check --fix`),
    # never rows without files.
    for item in manifest["media"]:
        storage.put(item["key"], (directory / "media" / item["key"]).read_bytes())
    database_file = directory / manifest["database"]["file"]
    if dialect == "postgresql":
        _restore_postgresql(engine, database_file)
    else:
        _restore_sqlite(engine, database_file)
    return manifest
