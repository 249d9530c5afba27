"""After DELETE /me nothing of the erased account is readable in the database's files.

SQLite kept the e-mail address, the name, comment text and the moderator's message in free
pages (and the write-ahead log); PostgreSQL kept them in heap and index pages until a vacuum.
The erasure now zeroes what it frees (SQLite `secure_delete`, a TRUNCATE checkpoint) or has
PostgreSQL rewrite the tables (VACUUM FULL). The test reads the files themselves: on SQLite the
database file and its -wal; on PostgreSQL every relation file of the database (the server on
this machine; skipped where its data directory cannot be read).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, cheap_hash, feature
from tests.live import database_for, live_server
from verhalenkaart.accounts.models import User
from verhalenkaart.db import Base, scrub_freed_space
from verhalenkaart.extensions import db


def _database_files(server) -> list[Path]:
    with server.app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            main = Path(engine.url.database)
            return [p for p in (main, Path(f"{main}-wal")) if p.exists()]
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CHECKPOINT")  # shared buffers to the files, as in time
            data_dir = Path(conn.exec_driver_sql("SHOW data_directory").scalar())
            paths = conn.execute(
                sa.text(
                    "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND pg_relation_filepath(c.oid) IS NOT NULL"
                )
            ).scalars()
            files = []
            for relative in paths:
                base = data_dir / relative
                files += [base, *base.parent.glob(f"{base.name}.*")]
    if not files or not all(p.exists() for p in files[:1]):
        pytest.skip("the PostgreSQL data directory is not readable here")
    return [p for p in files if p.exists()]


def _readable(files: list[Path], secret: bytes) -> list[str]:
    return [str(p) for p in files if secret in p.read_bytes()]


@pytest.mark.parametrize("stories", ["delete", "anonymise"])
def test_an_erased_account_leaves_nothing_readable_in_the_database_files(tmp_path, stories):
    marker = uuid.uuid4().hex[:12]
    email = f"wis-{marker}@example.org"
    name = f"Naam{marker}"
    comment = f"Reactietekst{marker}"
    with (
        database_for(tmp_path, "_erase") as url,
        live_server(tmp_path, url, MODERATION="post") as server,
    ):
        [other] = server.make_users(1)
        with server.app.app_context(), server.session() as session:
            session.add(
                User(
                    email=email,
                    display_name=name,
                    role="resident",
                    password_hash=cheap_hash(PASSWORD),
                )
            )
            session.commit()
        target = server.client(other).post("/api/v1/stories", json=feature()).json()["id"]
        me = server.client(email)
        assert me.post("/api/v1/stories", json=feature(title=f"Titel{marker}")).status_code == 201
        response = me.post(f"/api/v1/stories/{target}/comments", json={"body": comment})
        assert response.status_code == 201, response.text
        files = _database_files(server)
        assert _readable(files, marker.encode()), "the marker should be on disk before"

        erased = me.request("DELETE", "/api/v1/me", json={"stories": stories, "password": PASSWORD})
        assert erased.status_code == 204, erased.text

        secrets = [email.encode(), name.encode(), comment.encode()]
        if server.app.config["DATABASE_URL"].startswith("postgresql"):
            # Under load the erasure's own VACUUM FULL has been seen to keep the rows: another
            # transaction's snapshot still saw them, so they were not yet removable. The nightly
            # `verhalenkaart db scrub` is the documented second step; here it is repeated for up
            # to ~20 s while such a snapshot may still be open (docs/privacy.md).
            for _attempt in range(10):
                if not any(_readable(_database_files(server), s) for s in secrets):
                    break
                time.sleep(2)
                with server.app.app_context():
                    scrub_freed_space(db.engine, [t.name for t in Base.metadata.sorted_tables])
        files = _database_files(server)
        for secret in secrets:
            assert _readable(files, secret) == [], secret
