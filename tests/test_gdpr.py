"""GDPR rights: the export holds exactly the user's data; erasure leaves no personal data."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
import sqlalchemy as sa
from geoalchemy2.shape import to_shape

from tests.conftest import PASSWORD, assert_problem
from verhalenkaart.accounts import devices
from verhalenkaart.accounts.models import User
from verhalenkaart.community.models import Comment, Reaction, Report
from verhalenkaart.db import Base
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.stories.models import Story
from verhalenkaart.stories.services import TOMBSTONE_POINT


@pytest.fixture
def world(session, make_story, make_user):
    """Two residents, each with stories, comments, reactions and reports, and decisions."""

    def person(tag: str) -> dict:
        user = make_user("resident", display_name=f"Naam-{tag}", email=f"{tag}@example.org")
        published = make_story(author=user, title=f"Gepubliceerd-{tag}", body=f"Tekst-{tag}")
        pending = make_story(author=user, status="pending", title=f"Wacht-{tag}")
        return {"user": user, "published": published, "pending": pending}

    me, other = person("ikzelf"), person("iemandanders")
    curator = make_user("curator", display_name="Curator")
    for owner, reader in ((me, other), (other, me)):
        tag = owner["user"].display_name
        session.add(Reaction(story_id=reader["published"].id, user_id=owner["user"].id))
        session.add(
            Comment(
                story_id=reader["published"].id,
                author_id=owner["user"].id,
                body=f"Reactie van {tag}",
                status="published",
            )
        )
        session.add(
            Report(
                story_id=reader["published"].id,
                reporter_id=owner["user"].id,
                reporter_key=f"user:{owner['user'].id}",
                reason="incorrect",
                note=f"Melding van {tag}",
            )
        )
        session.add(
            ModerationEvent(
                item_type="story",
                item_id=owner["published"].id,
                moderator_id=curator.id,
                action="approve",
                reason_code="ok",
                reason=f"Bericht aan {tag}",
                from_status="pending",
                to_status="published",
            )
        )
    session.commit()
    return {"me": me, "other": other, "curator": curator}


def test_export_holds_exactly_the_users_data(client, world, login):
    me, other = world["me"], world["other"]
    login(me["user"])
    response = client.get("/api/v1/me/export")
    assert response.status_code == 200, response.json
    assert response.headers["Cache-Control"] == "no-store"
    data = response.json
    assert data["account"]["email"] == "ikzelf@example.org"
    assert data["account"]["display_name"] == "Naam-ikzelf"
    assert {s["id"] for s in data["stories"]} == {
        str(me["published"].uuid),
        str(me["pending"].uuid),
    }
    assert [c["body"] for c in data["comments"]] == ["Reactie van Naam-ikzelf"]
    assert data["comments"][0]["story"] == str(other["published"].uuid)
    assert [r["story"] for r in data["reactions"]] == [str(other["published"].uuid)]
    assert [(r["story"], r["note"]) for r in data["reports"]] == [
        (str(other["published"].uuid), "Melding van Naam-ikzelf")
    ]
    assert [(m["item"]["id"], m["message"]) for m in data["moderation"]] == [
        (str(me["published"].uuid), "Bericht aan Naam-ikzelf")
    ]
    text = json.dumps(data)
    assert "iemandanders" not in text  # nothing of the other user (but their story id)
    assert "Gepubliceerd-iemandanders" not in text
    assert "password" not in text


def test_export_zip_holds_the_json_and_the_privacy_statement(client, world, login):
    login(world["me"]["user"])
    response = client.get("/api/v1/me/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(archive.namelist()) == {"verhalenkaart-export.json", "privacyverklaring.md"}
    data = json.loads(archive.read("verhalenkaart-export.json"))
    assert data["account"]["email"] == "ikzelf@example.org"
    assert len(data["stories"]) == 2


def test_export_zip_includes_files_of_registered_providers(client, world, login, monkeypatch):
    from verhalenkaart.me import services

    monkeypatch.setattr(services, "EXPORT_FILE_PROVIDERS", [])
    services.register_export_files(lambda _s, user: [(f"fotos/{user.id}.txt", b"foto")])
    login(world["me"]["user"])
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/me/export.zip").data))
    assert archive.read(f"fotos/{world['me']['user'].id}.txt") == b"foto"


@pytest.mark.parametrize("path", ["/api/v1/me/export", "/api/v1/me/export.zip"])
def test_export_needs_login(client, path):
    assert_problem(client.get(path), 401)


# --- erasure --------------------------------------------------------------------------------------


def all_text_in_database(connection) -> str:
    """Every value of every row of every table, as one string."""
    parts = []
    for table in Base.metadata.sorted_tables:
        for row in connection.execute(sa.select(table)):
            parts.append(repr(tuple(row)))
    return "\n".join(parts)


def erase(client, stories="delete", password=PASSWORD):
    return client.delete("/api/v1/me", json={"stories": stories, "password": password})


def test_erasure_with_delete_leaves_no_personal_data(client, connection, session, world, login):
    me, other = world["me"], world["other"]
    user_id = me["user"].id
    login(me["user"])
    response = erase(client, "delete")
    assert response.status_code == 204, response.get_data(as_text=True)
    text = all_text_in_database(connection)
    for trace in ("ikzelf", "Naam-ikzelf", "Reactie van Naam-ikzelf", "Bericht aan Naam-ikzelf"):
        assert trace not in text
    session.expire_all()
    assert session.scalar(sa.select(User.id).where(User.id == user_id)) is None
    assert session.scalars(sa.select(Story).where(Story.author_id == user_id)).all() == []
    for story in (me["published"], me["pending"]):
        row = session.get(Story, story.id)
        assert (row.status, row.title, row.body, row.place_name) == ("deleted", "", "", None)
        assert to_shape(row.geom).equals(TOMBSTONE_POINT)
        assert to_shape(row.point).equals(TOMBSTONE_POINT)
    assert session.scalars(sa.select(Reaction).where(Reaction.user_id == user_id)).all() == []
    assert session.scalars(sa.select(Comment).where(Comment.author_id == user_id)).all() == []
    assert session.scalars(sa.select(Report).where(Report.reporter_id == user_id)).all() == []
    assert f"user:{user_id}" not in text
    # The other resident keeps everything.
    assert session.get(User, other["user"].id) is not None
    assert session.get(Story, other["published"].id).title == "Gepubliceerd-iemandanders"
    assert "Bericht aan Naam-iemandanders" in text
    assert "Reactie van Naam-iemandanders" not in text  # it was on my story, deleted with it


def test_erasure_logs_out(client, world, login):
    login(world["me"]["user"])
    erase(client)
    assert_problem(client.get("/api/v1/auth/me"), 401)


def test_erasure_with_anonymise_keeps_published_stories_without_the_name(
    client, app, connection, session, world, login
):
    me = world["me"]
    login(me["user"])
    assert erase(client, "anonymise").status_code == 204
    session.expire_all()
    kept = session.get(Story, me["published"].id)
    assert (kept.status, kept.title, kept.author_id) == ("published", "Gepubliceerd-ikzelf", None)
    assert session.get(Story, me["pending"].id).status == "deleted"
    detail = app.test_client().get(f"/api/v1/stories/{me['published'].uuid}").json
    assert detail["properties"]["author"] is None
    text = all_text_in_database(connection)
    assert "Naam-ikzelf" not in text
    assert "ikzelf@example.org" not in text


def test_erasure_with_wrong_password_changes_nothing(client, session, world, login):
    login(world["me"]["user"])
    assert_problem(erase(client, password="not the password"), 403, "password")
    session.expire_all()
    assert session.get(User, world["me"]["user"].id) is not None
    assert session.get(Story, world["me"]["published"].id).status == "published"


def test_erasure_with_a_lone_surrogate_in_the_password_is_422(client, session, world, login):
    login(world["me"]["user"])
    assert_problem(erase(client, password=PASSWORD + "\ud800"), 422, "password")
    session.expire_all()
    assert session.get(User, world["me"]["user"].id) is not None


def test_erasure_without_password_is_422(client, session, world, login):
    login(world["me"]["user"])
    assert_problem(client.delete("/api/v1/me", json={"stories": "delete"}), 422, "password")
    session.expire_all()
    assert session.get(User, world["me"]["user"].id) is not None


@pytest.mark.parametrize("body", [{}, {"stories": "keep", "password": PASSWORD}])
def test_erasure_needs_a_stories_choice(client, world, login, body):
    login(world["me"]["user"])
    assert_problem(client.delete("/api/v1/me", json=body), 422, "stories")


def test_erasure_body_goes_through_the_json_guard(client, session, world, login):
    # DELETE skipped the guard POST, PUT and PATCH pass: deep nesting was a RecursionError
    # (a 500), text/plain a 422 and 3 MB a 422 instead of 400, 415 and 413.
    login(world["me"]["user"])
    deep = "[" * 100_000 + "]" * 100_000
    response = client.delete("/api/v1/me", data=deep, content_type="application/json")
    assert_problem(response, 400)
    response = client.delete("/api/v1/me", data="stories=delete", content_type="text/plain")
    assert_problem(response, 415)
    assert_problem(client.delete("/api/v1/me", json={"stories": "x" * 3_000_000}), 413)
    session.expire_all()
    assert session.get(User, world["me"]["user"].id) is not None


def test_erasure_needs_login(client):
    assert_problem(erase(client), 401)


def test_pupil_without_password_can_erase_their_account(client, session, make_user, make_story):
    pupil = make_user("pupil", display_name="Kikker12")
    pupil_id = pupil.id
    session.execute(sa.update(User).where(User.id == pupil.id).values(password_hash=None))
    pupil.session_key = devices.open_session(session, pupil, "test").key
    session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = pupil.get_id()
        cookie["_fresh"] = True
        cookie["auth_at"] = int(time.time())  # as accounts.sessions.start_session writes it
    assert client.delete("/api/v1/me", json={"stories": "delete"}).status_code == 204
    session.expire_all()
    assert session.scalar(sa.select(User.id).where(User.id == pupil_id)) is None


def test_privacy_statement_is_served_for_the_app(client, app):
    response = client.get("/api/v1/privacy")
    assert response.status_code == 200
    assert response.json["version"] == app.config["CONSENT_VERSION"]
    assert response.json["format"] == "text/markdown"
    assert response.json["markdown"].startswith("# Privacyverklaring")
    assert "250" in response.json["markdown"]


def test_export_zip_is_streamed_one_file_at_a_time(client, world, login, monkeypatch, tmp_path):
    """16 photos once made a 65 MB answer built in memory (+63 MB resident); a heavy
    contributor would reach gigabytes. The ZIP now leaves member by member."""
    import os
    import tracemalloc

    from verhalenkaart.me import services

    files = 16
    size = 2 * 2**20  # incompressible, like photos

    def provider(_session, _user):
        for n in range(files):
            yield f"media/foto-{n}.jpg", os.urandom(size)

    monkeypatch.setattr(services, "EXPORT_FILE_PROVIDERS", [provider])
    login(world["me"]["user"])
    download = tmp_path / "export.zip"
    tracemalloc.start()
    try:
        response = client.get("/api/v1/me/export.zip", buffered=False)
        assert response.status_code == 200
        with download.open("wb") as out:  # as a browser saves it
            for chunk in response.response:
                out.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        response.close()
    with zipfile.ZipFile(download) as archive:
        assert len([n for n in archive.namelist() if n.startswith("media/")]) == files
        assert archive.testzip() is None
    total = download.stat().st_size
    assert total > files * size
    # Built in memory, the peak was over the archive's size; streamed, a few files' worth.
    assert peak < total / 2, (peak, total)


def test_the_export_zip_is_rate_limited(app, client, world, login):
    login(world["me"]["user"])
    allowed = int(app.config["RATELIMIT_EXPORT"].split(" ")[0])
    for _ in range(allowed):
        assert client.get("/api/v1/me/export.zip").status_code == 200
    assert_problem(client.get("/api/v1/me/export.zip"), 429)
