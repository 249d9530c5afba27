"""Walk the permissions table (verhalenkaart.permissions.PERMISSIONS, shown in
docs/permissions.md) against the real app: every endpoint × role × state answers as the table
says, and every API route is in the table."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest

from tests import layer_files, media_files
from tests.conftest import PASSWORD, feature
from verhalenkaart.accounts import tokens
from verhalenkaart.collections.models import Collection, CollectionItem
from verhalenkaart.community.models import Comment
from verhalenkaart.media.models import Audio, Photo
from verhalenkaart.permissions import PERMISSIONS, ROLES, Rule, markdown_table
from verhalenkaart.schools.models import Project

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
ALLOWED = {"yes", "own", "project"}
NEW_PASSWORD = "een heel ander wachtwoord"


def _body(rule: Rule, story, comment, other_story=None) -> dict | None:
    path, method = rule.path, rule.method
    if method in {"GET"}:
        return None
    if path == "/api/v1/collections":
        return {"title": "Langs de Aa"}
    if path.endswith("/items"):
        return {"story": str(other_story.uuid), "note": "Kijk ook hier"}
    if path.startswith("/api/v1/collections/"):
        return (
            None
            if method == "DELETE"
            else {"note": "Anders"}
            if "/items/" in path
            else {"title": "Een nieuwe titel"}
        )
    if path == "/api/v1/stories":
        return feature()
    if path.endswith("/consent"):
        return {"consent": True}
    if path.endswith("/comments"):
        return {"body": "Herkenbaar, dat pad!"}
    if path.endswith("/reports"):
        return {"reason": "spam"}
    if path == "/api/v1/moderation/bulk":
        return {"items": [{"type": "story", "id": str(story.uuid)}], "action": "approve"}
    if path.startswith("/api/v1/moderation/"):
        return {"action": "approve"}
    if method == "PATCH":
        return {"properties": {"title": "Een nieuwe titel"}}
    if path == "/api/v1/me":
        return {"stories": "delete", "password": PASSWORD}
    if path == "/api/v1/auth/register":
        return {
            "email": f"nieuw-{uuid.uuid4().hex[:8]}@example.org",
            "password": PASSWORD,
            "display_name": "Nieuw",
        }
    return None


def _url(rule: Rule, story, comment, collection=None) -> str:
    url = rule.path.replace("<uuid:comment_id>", str(comment.uuid) if comment else "")
    if collection is not None:
        url = url.replace("<slug>", collection.slug)
    if url == "/api/v1/qr":
        url += "?url=http://localhost/verhaal/1"
    if "<uuid:item_id>" in url:
        item = comment if "/comments/" in url else story
        url = url.replace("<uuid:item_id>", str(item.uuid))
    url = url.replace("<uuid:story_id>", str(story.uuid) if story else "")
    if url == "/api/v1/map":
        url += "?bbox=6.1,52.6,7.1,53.2&zoom=10"
    elif url.startswith("/api/v1/map/"):
        url = "/api/v1/map/8/132/83"
    elif url == "/api/v1/places":
        url += "?q=assen"
    return url.replace("<name>", "Assen")


def _media_request(rule: Rule, url: str, story, session, tmp_path) -> tuple[str, dict]:
    """Uploads are real files; edits and removals act on a photo or recording in the story."""
    if rule.method == "POST":
        if rule.path.endswith("/photos"):
            data, name = media_files.jpeg((320, 240)), "foto.jpg"
        else:
            data, name = _recording(tmp_path), "stem.webm"
        return url, {
            "data": {"file": (io.BytesIO(data), name)},
            "content_type": "multipart/form-data",
        }
    if "/photos/" in rule.path:
        item = Photo(
            story_id=story.id,
            width=4,
            height=3,
            thumb_key=_key("photos", "webp"),
            medium_key=_key("photos", "webp"),
            large_key=_key("photos", "jpg"),
        )
        placeholder = "<uuid:photo_id>"
        body = {"caption": "Het pad"}
    else:
        item = Audio(
            story_id=story.id, key=_key("audio", "webm"), mime_type="audio/webm", duration=2.0
        )
        placeholder = "<uuid:audio_id>"
        body = {"transcript": "Hier kom ik weg."}
    session.add(item)
    session.commit()
    url = url.replace(placeholder, str(item.uuid))
    return url, ({"json": body} if rule.method == "PATCH" else {})


def _layer_request(rule: Rule, session) -> tuple[str, dict]:
    """Imports send a real GeoJSON file; the other rows act on a layer that exists."""
    if rule.method == "POST":
        data = {"file": (io.BytesIO(layer_files.geojson()), "laag.geojson"), "title": "Beekdalen"}
        return rule.path, {"data": data, "content_type": "multipart/form-data"}
    layer = layer_files.make_layer(session)
    url = rule.path.replace("<slug>", layer.slug)
    return url, ({"json": {"title": "Nieuwe titel"}} if rule.method == "PATCH" else {})


def _key(kind: str, extension: str) -> str:
    """A well-formed media key with no file behind it (removing it is then a no-op)."""
    digest = uuid.uuid4().hex * 2
    return f"{kind}/{digest[:2]}/{digest}.{extension}"


def _recording(tmp_path) -> bytes:
    return media_files.recording(tmp_path, "webm", seconds=1.0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "rule", PERMISSIONS, ids=[f"{r.method} {r.path} [{r.state}]" for r in PERMISSIONS]
)
def test_permission_table(client, session, make_user, make_story, tmp_path, rule: Rule, role: str):
    actor = None if role == "anonymous" else make_user(role)
    someone = make_user("resident", display_name="Iemand")
    state = rule.state
    story = comment = None
    if state != "-" or "<uuid:" in rule.path or rule.path == "/api/v1/moderation/bulk":
        status = "published" if state.startswith("published") else "pending"
        author = actor if ("own" in state and actor is not None) else someone
        project = None
        if "teacher's project" in state or state == "-":
            teacher = actor if role == "teacher" else make_user("teacher")
            project = Project(slug=f"p-{uuid.uuid4().hex[:8]}", name="Klas", teacher_id=teacher.id)
            session.add(project)
            session.commit()
            if "pupil's" in state:
                author = make_user("pupil")
            elif "teacher's own" in state:
                author = teacher
        story = make_story(author=author, status=status)
        if project is not None:  # as a curator may have put it there
            story.project_id = project.id
            session.commit()
            session.refresh(story)
        if "comment" in state:
            story = make_story(author=someone)
            owner = actor if ("own" in state and actor is not None) else someone
            comment = Comment(
                story_id=story.id,
                author_id=owner.id,
                body="Hoi",
                status="published" if state.startswith("published") else "pending",
            )
            session.add(comment)
            session.commit()
    collection = other_story = None
    if "collection" in state:
        other_story = make_story(author=someone)
        collection = Collection(
            slug=f"c-{uuid.uuid4().hex[:8]}",
            title="Langs de Aa",
            status="published" if "published collection" in state else "draft",
            items=[CollectionItem(story_id=story.id, position=0)],
        )
        session.add(collection)
        session.commit()
    secret = client.application.config["SECRET_KEY"]
    if rule.path == "/api/v1/auth/login":
        credentials = actor or someone
        body = {"email": credentials.email, "password": PASSWORD}
    elif rule.path == "/api/v1/auth/register/confirm":
        token = tokens.make_registration_token(
            secret,
            email=f"nieuw-{uuid.uuid4().hex[:8]}@example.org",
            display_name="Nieuw",
            password_hash=someone.password_hash,
        )
        body = {"token": token}
    elif rule.path == "/api/v1/auth/password-reset/confirm":
        body = {"token": tokens.make_reset_token(secret, someone), "password": NEW_PASSWORD}
    elif rule.path == "/api/v1/auth/password-reset":
        body = {"email": someone.email}
    elif rule.path == "/api/v1/auth/password":
        body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    else:
        body = _body(rule, story, comment, other_story)
    if actor is not None:
        response = client.post(
            "/api/v1/auth/login", json={"email": actor.email, "password": PASSWORD}
        )
        assert response.status_code == 200
    url = _url(rule, story, comment, collection)
    if "/layers" in rule.path:
        url, kwargs = _layer_request(rule, session)
        response = client.open(url, method=rule.method, **kwargs)
    elif "/photos" in rule.path or "/audio" in rule.path:
        url, kwargs = _media_request(rule, url, story, session, tmp_path)
        response = client.open(url, method=rule.method, **kwargs)
    else:
        response = client.open(url, method=rule.method, json=body)
    expected = rule.outcomes[role]
    if expected in ALLOWED:
        assert 200 <= response.status_code < 300, (expected, response.get_data(as_text=True))
    else:
        assert response.status_code == int(expected), response.get_data(as_text=True)


def test_every_api_route_is_in_the_permission_table(app):
    table = {(r.method, r.path) for r in PERMISSIONS}
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        and not rule.rule.startswith(("/api/v1/docs", "/api/v1/openapi"))
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - table == set(), "add these routes to verhalenkaart.permissions.PERMISSIONS"
    assert table - routes == set(), "these rows name routes that do not exist"


def test_docs_show_the_permission_table():
    assert markdown_table() in DOC.read_text("utf-8"), (
        "docs/permissions.md is out of date: paste verhalenkaart.permissions.markdown_table()"
    )
