"""The GDPR export ZIP holds the user's photos and recordings; erasure removes their files."""

from __future__ import annotations

import io
import zipfile

from tests.conftest import PASSWORD
from tests.media_files import jpeg, recording, stored_keys, upload
from verhalenkaart.stories.models import Status


def test_export_zip_holds_the_users_photos_and_recordings(
    client, make_user, make_story, login, media_storage, tmp_path
):
    user = make_user("resident")
    other = make_user("resident")
    login(user)
    mine = make_story(author=user, title="Mijn pad")
    theirs = make_story(author=other, title="Niet van mij")
    assert upload(client, mine, jpeg((800, 600))).status_code == 201
    assert upload(client, mine, recording(tmp_path, "webm"), name="stem.webm", kind="audio")
    photo = client.get(f"/api/v1/stories/{mine.uuid}").get_json()["properties"]["photos"][0]

    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/me/export.zip").data))
    names = set(archive.namelist())
    assert f"media/{mine.uuid}/foto-1.jpg" in names
    assert f"media/{mine.uuid}/opname-1.webm" in names
    assert not any(str(theirs.uuid) in name for name in names)
    with client.get(photo["urls"]["large"]) as served:
        assert archive.read(f"media/{mine.uuid}/foto-1.jpg") == served.data


def test_erasing_the_account_removes_its_photo_files(
    client, make_user, make_story, login, media_storage
):
    user = make_user("resident")
    login(user)
    story = make_story(author=user)
    assert upload(client, story, jpeg()).status_code == 201
    assert stored_keys(media_storage)
    response = client.delete("/api/v1/me", json={"stories": "delete", "password": PASSWORD})
    assert response.status_code == 204
    assert stored_keys(media_storage) == set()


def test_anonymised_stories_keep_their_photos_but_lose_the_voice(
    client, session, make_user, make_story, login, media_storage, tmp_path
):
    user = make_user("resident")
    login(user)
    story = make_story(author=user)
    assert upload(client, story, jpeg()).status_code == 201
    voice = upload(client, story, recording(tmp_path, "webm"), name="stem.webm", kind="audio")
    assert voice.status_code == 201
    audio_keys = {k for k in stored_keys(media_storage) if k.startswith("audio/")}
    assert audio_keys
    session.refresh(story)
    story.status = Status.PUBLISHED  # as a curator's approval of the new media would
    session.commit()

    response = client.delete("/api/v1/me", json={"stories": "anonymise", "password": PASSWORD})
    assert response.status_code == 204
    kept = client.get(f"/api/v1/stories/{story.uuid}").get_json()["properties"]
    assert kept["author"] is None
    assert len(kept["photos"]) == 1
    assert kept["audio"] == []
    assert not audio_keys & stored_keys(media_storage)
