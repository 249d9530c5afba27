"""Upgrading keeps every row: a database filled at the previous release's migration head, with
rows written in SQL as that release wrote them, is upgraded to head and still holds each of
them, column for column, and the app serves them."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from tests.conftest import CHEAP_ARGON2, database_kind, empty_postgis_database
from verhalenkaart import create_app, migrate
from verhalenkaart.db import make_engine
from verhalenkaart.extensions import db

WHEN = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
STORY_UUID = uuid.UUID("5a5a5a5a-0000-4000-8000-000000000001")


#: The migration head of the last release that landed (map cells); every revision after it is
#: this release's. Move it forward when a release lands.
PREVIOUS_RELEASE_HEAD = "5ca1ed0ce115"


def _previous_head() -> str:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_revision(PREVIOUS_RELEASE_HEAD) is not None
    return PREVIOUS_RELEASE_HEAD


def _filler(column: sa.Column) -> object:
    """A value for a NOT NULL column a later release added without a default."""
    try:
        python = column.type.python_type
    except NotImplementedError:
        python = str
    return {int: 0, float: 0.0, bool: False, str: "", dt.datetime: WHEN}.get(python, "")


def _insert(conn: sa.Connection, table: sa.Table, values: dict) -> int:
    for column in table.columns:
        needs_value = not column.nullable and column.server_default is None
        if column.name not in values and needs_value and not column.primary_key:
            values[column.name] = _filler(column)
    values = {key: value for key, value in values.items() if key in table.columns}
    if conn.dialect.name == "sqlite":  # sa.Uuid keeps 32 hex digits there
        values = {k: v.hex if isinstance(v, uuid.UUID) else v for k, v in values.items()}
    return conn.execute(table.insert().values(values).returning(table.c.id)).scalar_one()


def _point(lon: float, lat: float):
    return sa.func.ST_GeomFromText(f"POINT({lon} {lat})", 4326)


def _fill(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    meta.reflect(conn, only=["users", "stories", "photos", "audio_recordings", "comments"])
    t = meta.tables
    user = _insert(
        conn,
        t["users"],
        {
            "email": "oud@example.org",
            "password_hash": "pbkdf2:sha256:1$salt$hash",
            "display_name": "Oude Gebruiker",
            "role": "resident",
            "session_version": 1,
            "created_at": WHEN,
        },
    )
    story = _insert(
        conn,
        t["stories"],
        {
            "uuid": STORY_UUID,
            "kind": "memory",
            "title": "Van voor de upgrade",
            "body": "Geschreven door de vorige versie.",
            "language": "nl",
            "era_from": 1950,
            "era_to": 1960,
            "place_name": "Assen",
            "geom": _point(6.5625, 52.9925),
            "point": _point(6.5625, 52.9925),
            "location_precision": "exact",
            "status": "published",
            "license": "CC-BY-4.0",
            "consent_at": WHEN,
            "consent_version": "2026-11",
            "author_id": user,
            "is_demo": False,
            "search_text": "van voor de upgrade",
            "published_at": WHEN,
            "created_at": WHEN,
            "updated_at": WHEN,
        },
    )
    digest = "ab" * 32
    _insert(
        conn,
        t["photos"],
        {
            "uuid": uuid.uuid4(),
            "story_id": story,
            "position": 0,
            "caption": "Het oude huis",
            "alt": "Een huis",
            "width": 800,
            "height": 600,
            "thumb_key": f"photos/ab/{digest}.webp",
            "medium_key": f"photos/ab/{'cd' * 32}.webp",
            "large_key": f"photos/ab/{'ef' * 32}.webp",
            "created_at": WHEN,
            "updated_at": WHEN,
        },
    )
    _insert(
        conn,
        t["audio_recordings"],
        {
            "uuid": uuid.uuid4(),
            "story_id": story,
            "position": 0,
            "key": f"audio/12/{'12' * 32}.ogg",
            "mime_type": "audio/ogg",
            "duration": 12.5,
            "transcript": "Zo ging dat.",
            "created_at": WHEN,
            "updated_at": WHEN,
        },
    )
    _insert(
        conn,
        t["comments"],
        {
            "uuid": uuid.uuid4(),
            "story_id": story,
            "author_id": user,
            "body": "Mooi verhaal",
            "status": "published",
            "created_at": WHEN,
            "updated_at": WHEN,
        },
    )


def _snapshot(engine: sa.Engine, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            table: [
                tuple(row)
                for row in conn.execute(
                    sa.text(f"SELECT {', '.join(names)} FROM {table} ORDER BY id")  # noqa: S608
                )
            ]
            for table, names in columns.items()
        }


def _dispose(application) -> None:
    with application.app_context():
        db.engine.dispose()


def test_upgrading_a_filled_database_keeps_every_row(app, tmp_path):
    with contextlib.ExitStack() as stack:
        if database_kind() == "spatialite":
            url = f"sqlite:///{tmp_path / 'previous.sqlite'}"
        else:
            url = stack.enter_context(empty_postgis_database("_upgrade"))
        engine = make_engine(url, app.config["SPATIALITE_LIBRARY"])
        stack.callback(engine.dispose)
        migrate.upgrade(engine, _previous_head())
        with engine.begin() as conn:
            _fill(conn)
        inspector = sa.inspect(engine)
        tables = ["users", "stories", "photos", "audio_recordings", "comments"]
        columns = {
            table: [
                # Geometry as text, so the comparison does not depend on the storage format.
                f"ST_AsText({c['name']})" if c["name"] in {"geom", "point"} else c["name"]
                for c in inspector.get_columns(table)
            ]
            for table in tables
        }
        before = _snapshot(engine, columns)
        assert all(before[table] for table in columns), before

        migrate.upgrade(engine, "head")

        assert _snapshot(engine, columns) == before
        upgraded = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "DATA_DIR": str(tmp_path / "d"),
                "SECRET_KEY": "upgrade-secret",
                **CHEAP_ARGON2,
            }
        )
        stack.callback(_dispose, upgraded)
        answer = upgraded.test_client().get(f"/api/v1/stories/{STORY_UUID}")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.json["properties"]["title"] == "Van voor de upgrade"
