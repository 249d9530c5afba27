"""The S3 backend against a real S3-compatible HTTP server (moto's standalone server, started on
loopback by these tests in its own process)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.conftest import assert_problem
from tests.media_files import (
    BLUE,
    GPS_ASSEN,
    RED,
    close_to,
    colour_at,
    decode,
    jpeg,
    recording,
    stored_keys,
    swap_storage,
    upload,
)
from verhalenkaart.media.storage import S3Storage, StorageError


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    env = os.environ | {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/moto-api/", timeout=1):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the S3 test server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _storage(endpoint: str, bucket: str, prefix: str = "") -> S3Storage:
    return S3Storage(
        bucket,
        endpoint_url=endpoint,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
        prefix=prefix,
    )


@pytest.fixture
def s3(app, s3_endpoint) -> Iterator[S3Storage]:
    """A fresh bucket for this test, used as the app's media storage."""
    storage = _storage(s3_endpoint, f"media-{uuid.uuid4().hex[:12]}", prefix="verhalenkaart")
    storage.client.create_bucket(Bucket=storage.bucket)
    yield from swap_storage(app, storage)


def _objects(storage: S3Storage) -> dict[str, dict]:
    answer = storage.client.list_objects_v2(Bucket=storage.bucket)
    return {item["Key"]: item for item in answer.get("Contents", [])}


def test_photos_land_in_the_bucket_upright_and_without_metadata(client, story, s3):
    data = jpeg((1600, 1200), orientation=6, gps=GPS_ASSEN, taken="2024:06:01 14:30:00")
    response = upload(client, story, data)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["suggestion"]["lat"] == pytest.approx(52.9925, abs=1e-4)
    objects = _objects(s3)
    assert len(objects) == 3
    assert all(key.startswith("verhalenkaart/photos/") for key in objects)
    for name, url in body["urls"].items():
        key = url.removeprefix("/media/")
        head = s3.client.head_object(Bucket=s3.bucket, Key=f"verhalenkaart/{key}")
        assert head["ContentType"] == ("image/jpeg" if name == "large" else "image/webp")
        assert "immutable" in head["CacheControl"]
        with client.get(url) as served:
            assert served.status_code == 200
            assert served.headers["X-Content-Type-Options"] == "nosniff"
            assert "immutable" in served.headers["Cache-Control"]
            image = decode(served.data)
        assert image.height > image.width, name
        assert close_to(colour_at(image, 0.5, 0.1), RED)
        assert close_to(colour_at(image, 0.5, 0.9), BLUE)
        assert len(image.getexif()) == 0
        assert b"GPS" not in served.data


def test_redirect_mode_sends_clients_to_the_bucket(app, client, story, s3, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_S3_SERVE", "redirect")
    body = upload(client, story, jpeg((800, 600))).json
    response = client.get(body["urls"]["medium"])
    assert response.status_code == 302
    assert response.headers["Location"].startswith(s3.client.meta.endpoint_url)
    with urllib.request.urlopen(response.headers["Location"], timeout=10) as direct:  # noqa: S310
        assert direct.headers["Content-Type"] == "image/webp"
        assert decode(direct.read()).size == (800, 600)


def test_audio_on_s3_is_served_with_range_requests(client, story, s3, tmp_path):
    body = upload(client, story, recording(tmp_path, "ogg", 2.0), name="a.ogg", kind="audio").json
    with client.get(body["url"], headers={"Range": "bytes=0-99"}) as part:
        assert part.status_code == 206
        assert part.mimetype == "audio/ogg"
        assert len(part.data) == 100


def test_deleting_photo_and_story_empties_the_bucket(client, story, s3, tmp_path):
    photo = upload(client, story, jpeg((700, 500))).json
    upload(client, story, jpeg((500, 700)))
    upload(client, story, recording(tmp_path, "m4a", 1.0), name="a.m4a", kind="audio")
    assert len(_objects(s3)) == 7
    assert client.delete(f"/api/v1/stories/{story.uuid}/photos/{photo['id']}").status_code == 204
    assert len(_objects(s3)) == 4
    assert client.delete(f"/api/v1/stories/{story.uuid}").status_code == 204
    assert _objects(s3) == {}


def test_a_failed_commit_leaves_nothing_in_the_bucket(client, story, s3):
    class CommitFails(RuntimeError):
        pass

    def fail(_session):
        raise CommitFails

    event.listen(Session, "before_commit", fail)
    try:
        with pytest.raises(CommitFails):
            upload(client, story, jpeg((700, 500)))
    finally:
        event.remove(Session, "before_commit", fail)
    assert _objects(s3) == {}


def test_a_missing_bucket_is_a_503_not_a_crash(app, client, story, s3_endpoint):
    for _ in swap_storage(app, _storage(s3_endpoint, "no-such-bucket")):
        response = upload(client, story, jpeg())
    body = assert_problem(response, 503)
    assert "no-such-bucket" not in response.get_data(as_text=True)
    assert body["type"].endswith(":storage-unavailable")


def test_storage_interface_on_s3(s3):
    key = "photos/ab/" + "ab" * 32 + ".webp"
    assert s3.put(key, b"RIFF....WEBP") is True
    assert s3.put(key, b"RIFF....WEBP") is False
    assert s3.exists(key)
    assert s3.read(key) == b"RIFF....WEBP"
    assert stored_keys(s3) == {key}
    s3.delete(key)
    s3.delete(key)  # deleting twice is fine
    assert not s3.exists(key)
    with pytest.raises(FileNotFoundError):
        s3.read(key)
    with pytest.raises(ValueError, match="not a media key"):
        s3.put("../../etc/passwd", b"x")


def test_storage_errors_are_storage_errors(s3_endpoint):
    storage = _storage(s3_endpoint, "no-such-bucket")
    with pytest.raises(StorageError):
        storage.put("photos/ab/" + "ab" * 32 + ".webp", b"x")
