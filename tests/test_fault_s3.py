"""Fault: the S3 store fails in the middle of an upload (a photo is three objects). Between the
app and the S3 server (moto, on loopback) sits a small proxy that lets the first write through
and then either refuses every further write or stores it and loses the answer. The upload
answers 503 problem+json, and neither a row nor an object is left behind."""

from __future__ import annotations

import threading
import uuid

import pytest
import requests
import sqlalchemy as sa
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.conftest import assert_problem
from tests.media_files import jpeg, recording, swap_storage, upload
from tests.test_media_s3 import _storage, s3_endpoint  # noqa: F401 - the moto server fixture
from verhalenkaart.media.models import Audio, Photo

S3_ERROR = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>'
    b"<Message>injected fault</Message></Error>"
)


class FaultyProxy:
    """Forwards S3 requests to `upstream`; after `writes_ok` PUTs, fails the rest by `mode`:
    "refuse" answers 500 without storing, "lose-answer" stores and then answers 500."""

    def __init__(self, upstream: str, writes_ok: int, mode: str):
        self.upstream, self.writes_ok, self.mode = upstream, writes_ok, mode
        self.puts = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        request = Request(environ)
        failing = False
        if request.method == "PUT":
            with self.lock:
                self.puts += 1
                failing = self.puts > self.writes_ok
        if failing and self.mode == "refuse":
            return Response(S3_ERROR, 500, content_type="application/xml")(environ, start_response)
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in {"host", "content-length"}
        }
        answer = requests.request(
            request.method,
            self.upstream + request.full_path.rstrip("?"),
            headers=headers,
            data=request.get_data(),
            timeout=30,
        )
        if failing:  # "lose-answer": the object is stored, the client hears it failed
            return Response(S3_ERROR, 500, content_type="application/xml")(environ, start_response)
        excluded = {"content-length", "transfer-encoding", "connection", "content-encoding"}
        response = Response(
            answer.content,
            answer.status_code,
            headers=[(k, v) for k, v in answer.headers.items() if k.lower() not in excluded],
        )
        return response(environ, start_response)


@pytest.fixture(params=["refuse", "lose-answer"])
def faulty_s3(request, app, s3_endpoint):  # noqa: F811 - the fixture imported above
    bucket = f"fault-{uuid.uuid4().hex[:12]}"
    direct = _storage(s3_endpoint, bucket)
    direct.client.create_bucket(Bucket=bucket)
    proxy = FaultyProxy(s3_endpoint, writes_ok=1, mode=request.param)
    server = make_server("127.0.0.1", 0, proxy, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        through_proxy = _storage(f"http://127.0.0.1:{server.server_port}", bucket)
        for _ in swap_storage(app, through_proxy):
            yield direct, proxy
    finally:
        server.shutdown()
        server.server_close()


def _objects(storage) -> list[str]:
    return [
        item["Key"]
        for item in storage.client.list_objects_v2(Bucket=storage.bucket).get("Contents", [])
    ]


def test_a_store_failing_between_a_photos_files_leaves_no_row_or_object(
    client, story, session, faulty_s3
):
    direct, proxy = faulty_s3
    response = upload(client, story, jpeg((900, 700)))
    assert_problem(response, 503)
    assert response.json["type"].endswith(":storage-unavailable")
    assert proxy.puts >= 2  # the first derivative was written, the second failed
    count = sa.select(sa.func.count()).select_from(Photo).where(Photo.story_id == story.id)
    assert session.scalar(count) == 0
    assert _objects(direct) == []


def test_a_store_failing_on_a_recording_leaves_no_row_or_object(
    client, story, session, faulty_s3, tmp_path
):
    direct, proxy = faulty_s3
    proxy.writes_ok = 0
    response = upload(client, story, recording(tmp_path, "ogg", 1.0), name="a.ogg", kind="audio")
    assert_problem(response, 503)
    count = sa.select(sa.func.count()).select_from(Audio).where(Audio.story_id == story.id)
    assert session.scalar(count) == 0
    assert _objects(direct) == []
