"""Voice recordings: real files from Debian's ffmpeg, one of each format phones record, and bad
ones."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from tests.media_files import (
    SECRET_TAG,
    ffmpeg,
    ffprobe,
    jpeg,
    recording,
    stored_keys,
    upload,
)
from verhalenkaart.media.models import Audio

FORMATS = {
    # extension: (MIME type answered, codec ffprobe sees)
    "webm": ("audio/webm", "opus"),
    "ogg": ("audio/ogg", "opus"),
    "m4a": ("audio/mp4", "aac"),
    "mp3": ("audio/mpeg", "mp3"),
}


def _rows(session, story) -> int:
    return session.scalar(sa.select(sa.func.count()).where(Audio.story_id == story.id))


def _post(client, story, data: bytes, name: str = "memo.webm", **form):
    return upload(client, story, data, name=name, kind="audio", **form)


@pytest.mark.parametrize("extension", list(FORMATS))
def test_each_phone_format_is_accepted_and_stored_without_metadata(
    client, story, media_storage, tmp_path, extension
):
    data = recording(tmp_path, extension, seconds=2.0)
    assert SECRET_TAG.encode() in data
    response = _post(client, story, data, name=f"memo.{extension}", transcript="Hallo!")
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == {"id", "url", "duration", "mime_type", "transcript"}
    mime_type, codec = FORMATS[extension]
    assert body["mime_type"] == mime_type
    assert body["duration"] == pytest.approx(2.0, abs=0.1)
    assert body["transcript"] == "Hallo!"
    assert body["url"].startswith("/media/audio/")
    with client.get(body["url"]) as served:
        assert served.status_code == 200
        assert served.mimetype == mime_type
        stored = served.data
    assert SECRET_TAG.encode() not in stored
    assert b"Jan de Vries" not in stored
    path = tmp_path / f"stored.{extension}"
    path.write_bytes(stored)
    probe = ffprobe(path)
    assert f"codec_name={codec}" in probe
    assert "TAG:title" not in probe
    assert "TAG:artist" not in probe


def test_recordings_are_served_with_range_requests(client, story, media_storage, tmp_path):
    body = _post(client, story, recording(tmp_path, "webm", 2.0)).json
    with client.get(body["url"]) as whole:
        data = whole.data
        assert whole.headers["Accept-Ranges"] == "bytes"
        assert whole.headers["X-Content-Type-Options"] == "nosniff"
        assert "immutable" in whole.headers["Cache-Control"]
    with client.get(body["url"], headers={"Range": "bytes=100-199"}) as part:
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
        assert part.data == data[100:200]
    with client.get(body["url"], headers={"Range": f"bytes={len(data) + 10}-"}) as beyond:
        assert beyond.status_code == 416


def test_recordings_appear_in_the_story_feature(client, story, media_storage, tmp_path):
    first = _post(client, story, recording(tmp_path, "mp3", 1.0), name="a.mp3").json
    feature = client.get(f"/api/v1/stories/{story.uuid}").json
    assert feature["properties"]["audio"] == [first]


def test_a_recording_longer_than_five_minutes_is_refused(
    client, session, story, media_storage, tmp_path
):
    long_one = ffmpeg(
        ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "302", "-c:a", "libopus", "-b:a",
         "6k"],
        tmp_path / "long.webm",
    )  # fmt: skip
    body = assert_problem(_post(client, story, long_one), 422, "file")
    assert "5 minutes" in body["detail"]
    assert stored_keys(media_storage) == set()
    assert _rows(session, story) == 0


def test_the_duration_limit_is_configurable(
    app, client, story, media_storage, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "AUDIO_MAX_SECONDS", 1)
    response = _post(client, story, recording(tmp_path, "ogg", 3.0), name="a.ogg")
    body = assert_problem(response, 422, "file")
    assert body["detail"] == "file: The recording is longer than 1 second; make a shorter one."


def _video(tmp_path) -> bytes:
    return ffmpeg(
        ["-f", "lavfi", "-i", "testsrc=size=64x64:rate=5:duration=1", "-f", "lavfi", "-i",
         "sine=duration=1", "-c:v", "libvpx", "-c:a", "libopus", "-shortest"],
        tmp_path / "video.webm",
    )  # fmt: skip


BAD_RECORDINGS = {
    "zero bytes": (lambda tmp: b"", 422),
    "text": (lambda tmp: b"Opa vertelde over de turf.\n" * 40, 415),
    "a photo": (lambda tmp: jpeg(), 415),
    "wav": (lambda tmp: recording(tmp, "wav", 1.0, codec=["-c:a", "pcm_s16le"]), 415),
    "vorbis in ogg": (lambda tmp: recording(tmp, "ogg", 1.0, codec=["-c:a", "libvorbis"]), 415),
    "mp3 in mp4": (lambda tmp: recording(tmp, "mp4", 1.0, codec=["-c:a", "libmp3lame"]), 415),
    "video": (_video, 415),
    "truncated m4a": (lambda tmp: recording(tmp, "m4a", 3.0)[:4000], 415),
    "truncated mp3": (lambda tmp: recording(tmp, "mp3", 3.0)[:20_000], 422),
    "truncated webm": (lambda tmp: recording(tmp, "webm", 3.0)[:3000], 422),
}


@pytest.mark.parametrize("name", list(BAD_RECORDINGS))
def test_bad_recordings_get_a_problem_and_nothing_is_stored(
    client, session, story, media_storage, tmp_path, name
):
    make, status = BAD_RECORDINGS[name]
    assert_problem(_post(client, story, make(tmp_path)), status, "file")
    assert stored_keys(media_storage) == set()
    assert _rows(session, story) == 0


def test_a_recording_over_the_byte_limit_is_413(
    app, client, story, media_storage, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "AUDIO_MAX_BYTES", 10_000)
    data = recording(tmp_path, "mp3", 3.0)
    assert len(data) > 10_000
    assert_problem(_post(client, story, data, name="a.mp3"), 413)


def test_a_retry_with_the_same_client_id_returns_the_same_recording(
    client, session, story, media_storage, tmp_path
):
    client_id = str(uuid.uuid4())
    data = recording(tmp_path, "webm", 1.0)
    first = _post(client, story, data, id=client_id)
    assert first.status_code == 201
    again = _post(client, story, data, id=client_id)
    assert again.status_code == 200
    assert again.json == first.json
    assert _rows(session, story) == 1


def test_only_the_author_adds_and_edits_and_moderators_may_delete(
    app, client, make_user, login, story, media_storage, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION", "post")  # the story stays public
    body = _post(client, story, recording(tmp_path, "webm", 1.0)).json
    url = f"/api/v1/stories/{story.uuid}/audio/{body['id']}"
    assert client.patch(url, json={"transcript": "Nieuw"}).json["transcript"] == "Nieuw"
    login(make_user("resident", display_name="Buurvrouw"))
    assert_problem(_post(client, story, recording(tmp_path, "ogg", 1.0), name="a.ogg"), 403)
    assert_problem(client.patch(url, json={"transcript": "x"}), 403)
    assert_problem(client.delete(url), 403)
    login(make_user("curator", display_name="Conservator"))
    assert client.delete(url).status_code == 204
    assert stored_keys(media_storage) == set()
    assert client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["audio"] == []


def test_a_story_takes_a_limited_number_of_recordings(
    app, client, story, media_storage, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_AUDIO_PER_STORY", 1)
    assert _post(client, story, recording(tmp_path, "webm", 1.0)).status_code == 201
    assert_problem(_post(client, story, recording(tmp_path, "mp3", 1.0), name="a.mp3"), 409)


def test_a_live_webm_without_a_stated_duration_is_measured(client, story, media_storage, tmp_path):
    # Chrome's MediaRecorder streams WebM: no duration and no index in the header.
    data = recording(tmp_path, "webm", 2.5, codec=["-c:a", "libopus", "-live", "1"])
    response = _post(client, story, data)
    assert response.status_code == 201, response.json
    assert response.json["duration"] == pytest.approx(2.5, abs=0.1)


def test_safaris_fragmented_mp4_is_accepted(client, story, media_storage, tmp_path):
    # Safari's MediaRecorder writes AAC in a fragmented MP4 (moov first, then fragments).
    codec = ["-c:a", "aac", "-movflags", "frag_keyframe+empty_moov+default_base_moof"]
    data = recording(tmp_path, "mp4", 2.0, codec=codec)
    response = _post(client, story, data, name="recording.mp4")
    assert response.status_code == 201, response.json
    assert response.json["mime_type"] == "audio/mp4"
    assert response.json["duration"] == pytest.approx(2.0, abs=0.1)


def test_an_mp3s_cover_picture_is_dropped(client, story, media_storage, tmp_path):
    tone = tmp_path / "tone.mp3"
    tone.write_bytes(recording(tmp_path, "mp3", 1.0))
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(jpeg((120, 120), gps=None))
    data = ffmpeg(
        ["-i", str(tone), "-i", str(cover), "-map", "0", "-map", "1", "-c", "copy",
         "-id3v2_version", "3", "-disposition:v", "attached_pic"],
        tmp_path / "with-cover.mp3",
    )  # fmt: skip
    assert b"PhoneMaker" in data  # the cover's own EXIF
    response = _post(client, story, data, name="memo.mp3")
    assert response.status_code == 201, response.json
    with client.get(response.json["url"]) as served:
        assert b"PhoneMaker" not in served.data
        assert b"JFIF" not in served.data
