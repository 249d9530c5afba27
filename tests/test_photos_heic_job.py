"""HEIC photos are made by a job, not in the request (issue 14: a phone's HEIC held a request
worker for 1.5 s): the upload is checked from its header and answered 202, the job makes the
sizes and adds the photo. Until then the story does not show it, the upload is never served,
it counts towards the photo limit, and a story deleted meanwhile leaves no file behind."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from tests.media_files import GPS_ASSEN, heic, jpeg, stored_keys, upload
from tests.test_jobs import redis_queue  # noqa: F401 - the RQ queue fixture
from verhalenkaart.jobs.worker import run_worker
from verhalenkaart.media.check import check_media
from verhalenkaart.media.models import Photo, PhotoUpload


def _photos(client, story) -> list[dict]:
    return client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["photos"]


def _served(client, url: str) -> bool:
    with client.get(url) as response:
        return response.status_code == 200


def test_a_heic_is_answered_at_once_and_its_job_adds_the_photo(client, story, media_storage):
    response = upload(client, story, heic((600, 400), gps=GPS_ASSEN), name="IMG_0002.HEIC")
    assert response.status_code == 202, response.json
    body = response.json
    assert body["processing"] is True
    assert "urls" not in body
    assert body["suggestion"]["lon"] == pytest.approx(6.5625, abs=1e-4)
    # The suite runs jobs inline: the photo is made by the time the answer is read.
    (photo,) = _photos(client, story)
    assert photo["id"] == body["id"]
    assert (photo["width"], photo["height"]) == (600, 400)
    assert _served(client, photo["urls"]["medium"])
    assert all(key.startswith("photos/") for key in stored_keys(media_storage))


@pytest.mark.usefixtures("redis_queue")
def test_with_a_worker_the_photo_waits_unserved_and_counts_towards_the_limit(
    app, client, session, story, media_storage, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_PHOTOS_PER_STORY", 1)
    photo_id = str(uuid.uuid4())
    first = upload(client, story, heic((600, 400)), name="a.heic", id=photo_id, caption="Brink")
    assert first.status_code == 202, first.json
    assert first.json["id"] == photo_id
    assert _photos(client, story) == []
    (waiting,) = stored_keys(media_storage)
    assert waiting.startswith("incoming/")
    assert waiting.endswith(".heic")
    assert_problem(client.get(f"/media/{waiting}"), 404)  # kept, never served
    # The outbox retries with the same id: the same upload, not a second one.
    again = upload(client, story, heic((600, 400)), name="a.heic", id=photo_id)
    assert again.status_code == 202
    assert session.scalar(sa.select(sa.func.count()).select_from(PhotoUpload)) == 1
    assert_problem(upload(client, story, jpeg((300, 200))), 409, "file")
    # Its id is taken until the job has made the photo under it.
    monkeypatch.setitem(app.config, "MAX_PHOTOS_PER_STORY", 2)
    assert_problem(upload(client, story, jpeg((300, 200)), id=photo_id), 409, "id")
    monkeypatch.setitem(app.config, "MAX_PHOTOS_PER_STORY", 1)
    report = check_media(session, media_storage, fix=False, grace_seconds=0)
    assert report.clean  # the waiting upload is no orphan

    run_worker(app, burst=True)
    (photo,) = _photos(client, story)
    assert (photo["id"], photo["caption"]) == (photo_id, "Brink")
    assert _served(client, photo["urls"]["large"])
    assert not any(key.startswith("incoming/") for key in stored_keys(media_storage))
    assert session.scalar(sa.select(sa.func.count()).select_from(PhotoUpload)) == 0
    retried = upload(client, story, heic((600, 400)), name="a.heic", id=photo_id)
    assert retried.status_code == 200
    assert retried.json["urls"] == photo["urls"]


@pytest.mark.usefixtures("redis_queue")
def test_a_story_deleted_before_its_job_leaves_no_file(app, client, session, story, media_storage):
    assert upload(client, story, heic((600, 400)), name="b.heic").status_code == 202
    assert client.delete(f"/api/v1/stories/{story.uuid}").status_code == 204
    run_worker(app, burst=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(PhotoUpload)) == 0
    assert stored_keys(media_storage) == set()


@pytest.mark.usefixtures("redis_queue")
def test_an_upload_that_does_not_decode_is_dropped_by_its_job(
    app, client, session, story, media_storage
):
    data = heic((600, 400))
    assert upload(client, story, data, name="c.heic").status_code == 202
    (waiting,) = stored_keys(media_storage)
    # Damaged after the header was read: only decoding the pixels finds it.
    media_storage.path(waiting).write_bytes(data[: len(data) // 2])
    run_worker(app, burst=True)
    assert _photos(client, story) == []
    assert session.scalar(sa.select(sa.func.count()).select_from(PhotoUpload)) == 0
    assert stored_keys(media_storage) == set()
