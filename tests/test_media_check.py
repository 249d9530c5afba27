"""`verhalenkaart media check [--fix]`: files without rows and rows without files."""

from __future__ import annotations

import os
import time

import sqlalchemy as sa

from tests.media_files import jpeg, recording, stored_keys, upload
from verhalenkaart.media.models import Audio, Photo

ORPHAN = "photos/ab/" + "ab" * 32 + ".webp"


def _age(storage, key: str, seconds: int = 7200) -> None:
    path = storage.path(key)
    past = time.time() - seconds
    os.utime(path, (past, past))


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["media", "check", *args])


def test_agreeing_files_and_rows_pass(app, client, story, media_storage):
    upload(client, story, jpeg())
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "agree" in result.output


def test_an_old_file_without_a_row_is_reported_then_removed(app, client, story, media_storage):
    upload(client, story, jpeg())
    media_storage.put(ORPHAN, b"RIFF")
    _age(media_storage, ORPHAN)
    result = _run(app)
    assert result.exit_code == 1
    assert f"file without a row (found): {ORPHAN}" in result.output
    assert ORPHAN in stored_keys(media_storage)
    fixed = _run(app, "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert f"(removed): {ORPHAN}" in fixed.output
    assert ORPHAN not in stored_keys(media_storage)
    assert len(stored_keys(media_storage)) == 3  # the real photo's files stay


def test_a_fresh_file_without_a_row_may_be_an_upload_in_progress(app, media_storage):
    media_storage.put(ORPHAN, b"RIFF")
    result = _run(app, "--fix")
    assert "1 recent file(s)" in result.output
    assert ORPHAN in stored_keys(media_storage)


def test_rows_whose_files_are_gone_are_reported_then_removed(
    app, client, session, story, media_storage, tmp_path
):
    first = upload(client, story, jpeg((300, 200))).json
    second = upload(client, story, jpeg((310, 200))).json
    audio = upload(client, story, recording(tmp_path, "mp3", 1.0), name="a.mp3", kind="audio")
    media_storage.delete(first["urls"]["medium"].removeprefix("/media/"))
    media_storage.delete(audio.json["url"].removeprefix("/media/"))
    result = _run(app)
    assert result.exit_code == 1
    assert f"photo without its files (found): {first['id']}" in result.output
    assert f"recording without its file (found): {audio.json['id']}" in result.output
    fixed = _run(app, "--fix")
    assert fixed.exit_code == 0, fixed.output
    photos = session.scalars(sa.select(Photo).where(Photo.story_id == story.id)).all()
    assert [(str(p.uuid), p.position) for p in photos] == [(second["id"], 0)]
    assert session.scalar(sa.select(sa.func.count()).select_from(Audio)) == 0
    # The broken photo's surviving thumb and large are gone too; the other photo's stay.
    assert stored_keys(media_storage) == {
        url.removeprefix("/media/") for url in second["urls"].values()
    }
    assert _run(app).exit_code == 0
