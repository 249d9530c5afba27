"""`verhalenkaart backup DIR` and `verhalenkaart restore DIR`: a round trip into an empty
database and media directory gives back every story, photo and recording (rows and file bytes),
also when stories with photos are made and deleted while the backup runs."""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import CHEAP_ARGON2, feature
from tests.live import UNREACHABLE_LIMITS, database_for, live_server
from tests.media_files import BLUE, RED, halves, jpeg, recording
from verhalenkaart import create_app
from verhalenkaart.extensions import db
from verhalenkaart.media.storage import KEY_PATTERN, current_storage

COMPARED = ("users", "stories", "photos", "audio_recordings", "comments")


def _rows(app, table: str) -> list[tuple]:
    with app.app_context(), db.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id")]  # noqa: S608


def _media_keys(app) -> set[str]:
    rows = _rows(app, "photos") + _rows(app, "audio_recordings")
    return {
        value
        for row in rows
        for value in row
        if isinstance(value, str) and KEY_PATTERN.match(value)
    }


def _read(app, key: str) -> bytes:
    with app.app_context():
        return current_storage().read(key)


@contextlib.contextmanager
def _empty_instance(tmp_path: Path):
    """An app on a new, empty database and media directory (not migrated)."""
    with database_for(tmp_path, "_restored") as url:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "DATA_DIR": str(tmp_path / "restored"),
                "SECRET_KEY": "restored-secret",
                **UNREACHABLE_LIMITS,
                **CHEAP_ARGON2,
            }
        )
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


def _cli(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def _fill(server, tmp_path: Path) -> None:
    """Stories with photos, recordings and a comment; one deleted again (its files go)."""
    emails = server.make_users(2)
    author, reader = server.client(emails[0]), server.client(emails[1])
    clip = recording(tmp_path, "ogg", 1.0)
    story_ids = []
    for index in range(3):
        created = author.post("/api/v1/stories", json=feature(title=f"Verhaal {index}"))
        assert created.status_code == 201, created.text
        story_ids.append(created.json()["id"])
        for colours in ((RED, BLUE), (BLUE, RED))[: index + 1]:
            photo = jpeg(image=halves((80 + index, 60), *colours))
            answer = author.post(
                f"/api/v1/stories/{story_ids[-1]}/photos",
                files={"file": ("foto.jpg", photo, "image/jpeg")},
            )
            assert answer.status_code == 201, answer.text
    answer = author.post(
        f"/api/v1/stories/{story_ids[0]}/audio",
        files={"file": ("opname.ogg", clip, "audio/ogg")},
        data={"transcript": "Zo klonk het."},
    )
    assert answer.status_code == 201, answer.text
    gone = author.request("DELETE", f"/api/v1/stories/{story_ids[2]}")
    assert gone.status_code == 204, gone.text
    comment = reader.post(f"/api/v1/stories/{story_ids[0]}/comments", json={"body": "Mooi!"})
    assert comment.status_code in {201, 404}, comment.text  # 404: still in review (pre)


def test_backup_and_restore_give_back_every_row_and_file(tmp_path):
    with live_server(tmp_path, MODERATION="post") as server:
        _fill(server, tmp_path)
        target = tmp_path / "backup"
        result = _cli(server.app, "backup", str(target))
        assert result.exit_code == 0, result.output
        manifest = json.loads((target / "manifest.json").read_text())
        source_rows = {table: _rows(server.app, table) for table in COMPARED}
        source_keys = _media_keys(server.app)
        source_files = {key: _read(server.app, key) for key in source_keys}

    assert len(source_rows["photos"]) == 3
    assert len(source_rows["audio_recordings"]) == 1
    assert all(manifest["counts"][t] == len(source_rows[t]) for t in COMPARED)
    assert {item["key"] for item in manifest["media"]} == source_keys
    # The deleted story's photos are not in the backup.
    assert {
        p.relative_to(target / "media").as_posix() for p in (target / "media").rglob("*.*")
    } == source_keys

    with _empty_instance(tmp_path) as restored:
        result = _cli(restored, "restore", str(target))
        assert result.exit_code == 0, result.output
        for table in COMPARED:
            assert _rows(restored, table) == source_rows[table], table
        assert {key: _read(restored, key) for key in source_keys} == source_files
        # The restored instance serves: the app reads its stories and files.
        client = restored.test_client()
        listed = client.get("/api/v1/stories")
        assert listed.status_code == 200
        assert {f["properties"]["title"] for f in listed.json["features"]} == {
            "Verhaal 0",
            "Verhaal 1",
        }
        check = _cli(restored, "media", "check")
        assert check.exit_code == 0, check.output

        # A second restore into the now filled database is refused in one line.
        again = _cli(restored, "restore", str(target))
        assert again.exit_code != 0
        assert "not empty" in again.output


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path):
    with live_server(tmp_path, MODERATION="post") as server:
        _fill(server, tmp_path)
        target = tmp_path / "backup"
        assert _cli(server.app, "backup", str(target)).exit_code == 0
        assert _cli(server.app, "backup", str(target)).exit_code != 0  # not empty: refused
    victim = next((target / "media").rglob("*.webp"))
    data = victim.read_bytes()
    victim.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    with _empty_instance(tmp_path) as restored:
        result = _cli(restored, "restore", str(target))
        assert result.exit_code != 0
        assert "damaged" in result.output
        with restored.app_context():
            assert not sa.inspect(db.engine).has_table("stories")
            assert list(current_storage().files()) == []


def test_a_backup_taken_during_writes_holds_the_files_of_every_row(tmp_path):
    """Writers add stories with photos and delete others while the backup runs: the restored
    database has every file its rows use, and every story acknowledged before it began."""
    with live_server(tmp_path, MODERATION="post") as server:
        (email,) = server.make_users(1)
        writer = server.client(email)
        before = []
        for index in range(4):
            created = writer.post("/api/v1/stories", json=feature(title=f"Eerst {index}"))
            assert created.status_code == 201
            before.append(created.json()["id"])
        stop = threading.Event()
        errors: list[str] = []

        def churn() -> None:
            client = server.client(email)
            index = 0
            while not stop.is_set():
                index += 1
                made = client.post("/api/v1/stories", json=feature(title=f"Tijdens {index}"))
                if made.status_code != 201:
                    errors.append(made.text)
                    return
                story = made.json()["id"]
                photo = jpeg((40 + index % 50, 30))
                up = client.post(
                    f"/api/v1/stories/{story}/photos",
                    files={"file": ("f.jpg", photo, "image/jpeg")},
                )
                if up.status_code != 201:
                    errors.append(up.text)
                if index % 2 == 0:
                    client.request("DELETE", f"/api/v1/stories/{story}")

        thread = threading.Thread(target=churn)
        thread.start()
        try:
            target = tmp_path / "backup"
            result = _cli(server.app, "backup", str(target))
        finally:
            stop.set()
            thread.join(60)
        assert result.exit_code == 0, result.output
        assert not errors, errors[:2]
        source_app = server.app
        with _empty_instance(tmp_path) as restored:
            assert _cli(restored, "restore", str(target)).exit_code == 0
            keys = _media_keys(restored)
            assert {key: _read(restored, key) for key in keys} == {
                key: _read(source_app, key) for key in keys
            }
            with restored.app_context(), db.engine.connect() as conn:
                titles = set(conn.exec_driver_sql("SELECT title FROM stories").scalars())
            assert {f"Eerst {index}" for index in range(4)} <= titles
            assert _cli(restored, "media", "check").exit_code == 0


@pytest.mark.parametrize("what", ["manifest", "dialect"])
def test_restore_refuses_what_is_not_a_backup_of_this_kind(tmp_path, what):
    target = tmp_path / "backup"
    target.mkdir()
    if what == "dialect":
        with live_server(tmp_path) as server:
            target.rmdir()
            assert _cli(server.app, "backup", str(target)).exit_code == 0
        manifest = json.loads((target / "manifest.json").read_text())
        manifest["dialect"] = "oracle"
        (target / "manifest.json").write_text(json.dumps(manifest))
    with _empty_instance(tmp_path) as restored:
        result = _cli(restored, "restore", str(target))
    assert result.exit_code != 0
    assert ("not a (whole) backup" if what == "manifest" else "oracle") in result.output
