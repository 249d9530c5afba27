"""Bad photo uploads get a clear 4xx problem and leave nothing behind; who may do what;
idempotent retries; files and rows stay in step when something fails."""

from __future__ import annotations

import io
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.conftest import assert_problem
from tests.media_files import (
    GPS_ASSEN,
    jpeg,
    jpeg_bomb,
    jpeg_with_comment,
    png_bomb,
    stored_keys,
    swap_storage,
    upload,
)
from verhalenkaart.errors import PayloadTooLarge
from verhalenkaart.media.images import decode_slot, process_photo
from verhalenkaart.media.models import Photo
from verhalenkaart.media.storage import LocalStorage, StorageError
from verhalenkaart.stories.models import Status

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def _photo_rows(session, story) -> int:
    return session.scalar(sa.select(sa.func.count()).where(Photo.story_id == story.id))


def _gif() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, "GIF")
    return out.getvalue()


BAD_FILES = {
    "zero bytes": (b"", 422),
    "text renamed to .jpg": (b"Dit is geen foto maar een boodschappenlijst.\n" * 20, 415),
    "svg": (SVG, 415),
    "html": (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", 415),
    "html/jpeg polyglot": (jpeg_with_comment(b"<html><script>alert(1)</script></html>"), 415),
    "html before a jpeg": (b"<html><script>alert(1)</script>" + jpeg(), 415),
    "gif": (_gif(), 415),
    "truncated jpeg": (jpeg((1200, 900))[:6000], 422),
    "jpeg header only": (jpeg()[:300], 422),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_files_get_a_problem_and_nothing_is_stored(client, session, story, media_storage, name):
    data, status = BAD_FILES[name]
    body = assert_problem(upload(client, story, data, name="photo.jpg"), status, "file")
    assert body["detail"].startswith("file: ")
    assert stored_keys(media_storage) == set()
    assert _photo_rows(session, story) == 0


def test_a_decompression_bomb_is_refused_from_its_header(client, session, story, media_storage):
    bomb = png_bomb(30_000, 30_000)  # 900 megapixels in a few hundred bytes
    assert len(bomb) < 2000
    body = assert_problem(upload(client, story, bomb, name="bomb.png"), 413, "file")
    assert "too many pixels" in body["detail"], body["detail"]
    assert stored_keys(media_storage) == set()


@pytest.mark.parametrize("make", [png_bomb, jpeg_bomb], ids=["png", "jpeg"])
def test_bombs_are_refused_before_any_pixel_is_decoded(make):
    bomb = make()
    started = time.perf_counter()
    with pytest.raises(PayloadTooLarge):
        process_photo(bomb, 100_000_000)
    # Decoding 400–900 megapixels would take seconds and gigabytes; the header takes nothing.
    assert time.perf_counter() - started < 0.5


def test_the_pixel_limit_is_configurable(app, client, story, media_storage, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_PIXELS", 1_000_000)
    assert_problem(upload(client, story, jpeg((1200, 900))), 413, "file")
    assert upload(client, story, jpeg((1000, 1000))).status_code == 201


def test_a_file_over_the_byte_limit_is_413(app, client, story, media_storage, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 20_000)
    data = jpeg((1600, 1200), quality=95)
    assert len(data) > 20_000
    assert_problem(upload(client, story, data), 413)
    assert stored_keys(media_storage) == set()


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    app, client, story, media_storage, monkeypatch
):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 1000)
    body = assert_problem(upload(client, story, b"\xff\xd8" + bytes(400_000)), 413)
    assert "at most" in body["detail"]
    assert stored_keys(media_storage) == set()


def test_an_upload_must_be_multipart(client, story, media_storage):
    url = f"/api/v1/stories/{story.uuid}/photos"
    assert_problem(client.post(url, data=jpeg(), content_type="image/jpeg"), 415)
    assert_problem(client.post(url, json={"file": "x"}), 415)


def test_the_file_field_is_required(client, story, media_storage):
    response = client.post(
        f"/api/v1/stories/{story.uuid}/photos",
        data={"caption": "zonder bestand"},
        content_type="multipart/form-data",
    )
    assert_problem(response, 422, "file")


@pytest.mark.parametrize("kind", ["photos", "audio"])
def test_a_text_field_named_file_is_not_a_file(client, story, media_storage, kind):
    response = client.post(
        f"/api/v1/stories/{story.uuid}/{kind}",
        data={"file": "IMG_0001.JPG"},
        content_type="multipart/form-data",
    )
    assert_problem(response, 422, "file")


@pytest.mark.parametrize(
    ("field", "values"),
    [
        (
            "file",
            [(io.BytesIO(jpeg((300, 200))), "a.jpg"), (io.BytesIO(jpeg((200, 300))), "b.jpg")],
        ),
        ("id", [str(uuid.uuid4()), str(uuid.uuid4())]),
        ("caption", ["De brink", "De kerk"]),
    ],
)
def test_a_field_sent_twice_is_refused(client, session, story, media_storage, field, values):
    # Only the first value was read: the second photo or caption was dropped without a word.
    fields: dict = {"file": (io.BytesIO(jpeg()), "photo.jpg")} | {field: values}
    response = client.post(
        f"/api/v1/stories/{story.uuid}/photos", data=fields, content_type="multipart/form-data"
    )
    problem = assert_problem(response, 422, field)
    assert problem["errors"][field] == ["Send one value."]
    assert _photo_rows(session, story) == 0
    assert stored_keys(media_storage) == set()


def test_a_file_and_a_text_field_of_the_same_name_are_refused(client, story, media_storage):
    response = client.post(
        f"/api/v1/stories/{story.uuid}/audio",
        data={"file": [(io.BytesIO(b"x"), "a.webm"), "tekst"]},
        content_type="multipart/form-data",
    )
    assert_problem(response, 422, "file")


def test_text_fields_are_validated(client, story, media_storage):
    assert_problem(upload(client, story, jpeg(), caption="x" * 501), 422, "caption")
    assert_problem(upload(client, story, jpeg(), id="not-a-uuid"), 422, "id")
    assert_problem(upload(client, story, jpeg(), alt="a\x00b"), 422, "alt")
    assert stored_keys(media_storage) == set()


def test_patch_rejects_lone_surrogate_in_text(client, session, story, media_storage):
    photo = upload(client, story, jpeg()).json
    url = f"/api/v1/stories/{story.uuid}/photos/{photo['id']}"
    assert_problem(client.patch(url, json={"caption": "Brink \ud800"}), 422, "caption")
    assert_problem(client.patch(url, json={"alt": "\udfff"}), 422, "alt")
    session.expire_all()
    assert session.scalar(sa.select(Photo.caption).where(Photo.story_id == story.id)) == ""


def test_problems_are_in_dutch_for_dutch_clients(client, story, media_storage):
    fields = {"file": (io.BytesIO(b"geen foto"), "x.jpg")}
    response = client.post(
        f"/api/v1/stories/{story.uuid}/photos",
        data=fields,
        content_type="multipart/form-data",
        headers={"Accept-Language": "nl"},
    )
    body = assert_problem(response, 415, "file")
    assert "foto" in body["errors"]["file"][0]
    assert "JPEG" in body["errors"]["file"][0]
    assert body["errors"]["file"][0] != (
        "This is not a photo we can read; send a JPEG, PNG, WebP or HEIC image."
    )


# --- idempotency ------------------------------------------------------------------------------


def test_a_retry_with_the_same_client_id_returns_the_same_photo(
    client, session, story, media_storage
):
    client_id = str(uuid.uuid4())
    data = jpeg((640, 480), gps=GPS_ASSEN)
    first = upload(client, story, data, id=client_id, caption="Eén keer")
    assert first.status_code == 201, first.json
    again = upload(client, story, data, id=client_id, caption="Eén keer")
    assert again.status_code == 200
    assert again.json == first.json
    assert first.json["id"] == client_id
    assert _photo_rows(session, story) == 1


def test_a_client_id_of_another_storys_photo_is_a_conflict(
    client, make_story, story, author, media_storage
):
    client_id = str(uuid.uuid4())
    assert upload(client, story, jpeg(), id=client_id).status_code == 201
    other = make_story(author=author, title="Ander verhaal")
    assert_problem(upload(client, other, jpeg(), id=client_id), 409, "id")


# --- permissions ------------------------------------------------------------------------------


def test_uploading_needs_a_login(app, story, media_storage):
    anonymous = app.test_client()
    assert_problem(upload(anonymous, story, jpeg()), 401)
    assert stored_keys(media_storage) == set()


def test_only_the_author_uploads(client, make_user, login, story, media_storage):
    login(make_user("resident", display_name="Buurman"))
    assert_problem(upload(client, story, jpeg()), 403)
    assert stored_keys(media_storage) == set()


def test_moderators_cannot_upload_to_someone_elses_story(
    client, make_user, login, story, media_storage
):
    login(make_user("curator", display_name="Conservator"))
    assert_problem(upload(client, story, jpeg()), 403)


def test_an_unpublished_story_of_someone_else_is_not_found(
    client, make_user, make_story, login, author, media_storage
):
    pending = make_story(author=author, status=Status.PENDING, title="Wacht")
    login(make_user("resident", display_name="Buurman"))
    assert_problem(upload(client, pending, jpeg()), 404)


def test_only_the_author_edits_but_moderators_may_delete(
    app, client, make_user, login, author, story, media_storage, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION", "post")  # the story stays public
    photo = upload(client, story, jpeg()).json
    url = f"/api/v1/stories/{story.uuid}/photos/{photo['id']}"
    login(make_user("resident", display_name="Buurman"))
    assert_problem(client.patch(url, json={"caption": "van mij"}), 403)
    assert_problem(client.delete(url), 403)
    login(make_user("curator", display_name="Conservator"))
    assert_problem(client.patch(url, json={"caption": "van mij"}), 403)
    assert client.delete(url).status_code == 204
    assert stored_keys(media_storage) == set()


def test_a_photo_of_another_story_is_not_found(client, make_story, author, story, media_storage):
    photo = upload(client, story, jpeg()).json
    other = make_story(author=author, title="Ander verhaal")
    url = f"/api/v1/stories/{other.uuid}/photos/{photo['id']}"
    assert_problem(client.patch(url, json={"caption": "x"}), 404)
    assert_problem(client.delete(url), 404)


# --- files and rows in step -------------------------------------------------------------------


class _CommitFails(RuntimeError):
    pass


def test_files_are_removed_when_the_commit_fails(app, client, session, story, media_storage):
    def fail(_session):
        raise _CommitFails("the database went away")

    event.listen(Session, "before_commit", fail)
    try:
        with pytest.raises(_CommitFails):
            upload(client, story, jpeg((700, 500)))
    finally:
        event.remove(Session, "before_commit", fail)
    assert stored_keys(media_storage) == set()
    assert _photo_rows(session, story) == 0


def test_files_stay_when_deleting_the_row_fails(client, session, story, media_storage):
    photo = upload(client, story, jpeg((700, 500))).json
    keys = stored_keys(media_storage)

    def fail(_session):
        raise _CommitFails("the database went away")

    event.listen(Session, "before_commit", fail)
    try:
        with pytest.raises(_CommitFails):
            client.delete(f"/api/v1/stories/{story.uuid}/photos/{photo['id']}")
    finally:
        event.remove(Session, "before_commit", fail)
    assert stored_keys(media_storage) == keys
    assert _photo_rows(session, story) == 1


class _FailingSecondWrite(LocalStorage):
    """A real local store whose disk fills up after the first file."""

    writes = 0

    def put(self, key: str, data: bytes) -> bool:
        self.writes += 1
        if self.writes > 1:
            raise StorageError("No space left on device")
        return super().put(key, data)


def test_a_storage_failure_midway_leaves_no_files_and_answers_503(
    app, client, session, story, tmp_path
):
    storage = _FailingSecondWrite(tmp_path / "media")
    for _ in swap_storage(app, storage):
        response = upload(client, story, jpeg((700, 500)))
    assert_problem(response, 503)
    assert response.json["type"].endswith(":storage-unavailable")
    assert storage.writes == 2
    assert stored_keys(storage) == set()
    assert _photo_rows(session, story) == 0


def test_the_default_pixel_limit_fits_phones_not_a_100_megapixel_bomb(
    app, client, story, media_storage
):
    """10,000 × 10,000 pixels was within the old 100 MP default: a 291 KB PNG of that size cost
    1.9 s and ~500 MB to decode, three at once 1.6 GB. Phones make at most ~50 MP."""
    assert app.config["PHOTO_MAX_PIXELS"] <= 50_000_000
    assert_problem(upload(client, story, png_bomb(10_000, 10_000), name="bomb.png"), 413, "file")
    assert stored_keys(media_storage) == set()


def test_a_busy_process_answers_503_with_retry_after_not_500(
    app, client, story, media_storage, monkeypatch
):
    """Photo decodes are bounded per process; an upload that finds no turn in
    PHOTO_QUEUE_SECONDS is told to come back (the PWA's outbox retries), never a 500."""
    monkeypatch.setitem(app.config, "PHOTO_CONCURRENCY", 1)
    monkeypatch.setitem(app.config, "PHOTO_QUEUE_SECONDS", 0)
    with decode_slot(1, 0):  # another upload is being decoded
        response = upload(client, story, jpeg((64, 48)))
    body = assert_problem(response, 503)
    assert body["type"] == "urn:verhalenkaart:problem:busy"
    assert int(response.headers["Retry-After"]) >= 1
    assert stored_keys(media_storage) == set()
    assert upload(client, story, jpeg((64, 48))).status_code == 201  # its turn came
