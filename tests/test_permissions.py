"""Walk the permissions table (verhalenkaart.permission_table.PERMISSIONS, shown in
docs/permissions.md) against the real app: every endpoint × role × state answers as the table
says, and every API route is in the table."""

from __future__ import annotations

import io
import time
import uuid
from pathlib import Path

import pyotp
import pytest

from tests import layer_files, media_files
from tests.conftest import PASSWORD, SECRET_KEY, feature
from tests.schools import AREA_GEOJSON, add_pupil, make_project
from verhalenkaart.accounts import tokens
from verhalenkaart.collections.models import Collection, CollectionItem
from verhalenkaart.community.models import Comment
from verhalenkaart.db import utcnow
from verhalenkaart.media.models import Audio, Photo
from verhalenkaart.permission_table import PERMISSIONS, ROLES, Rule, markdown_table
from verhalenkaart.schools import joining
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
    elif url == "/api/v1/places/nearest":
        url += "?lon=6.56&lat=52.99"
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


def _account_request(rule: Rule, client, session, actor, someone) -> tuple[str, dict | None]:
    """Account settings and administration: the state each row names, made through the API
    (a second factor set up with a real TOTP code) or on `someone`, the account acted on."""
    path = rule.path
    url = path.replace("<int:user_id>", str(someone.id))
    if path == "/api/v1/auth/login/code":
        secret = _turn_on_two_factor(client, someone)
        response = client.post(
            "/api/v1/auth/login", json={"email": someone.email, "password": PASSWORD}
        )
        assert response.status_code == 202
        # The set-up used the current code, and no code works twice: the next one is accepted.
        return url, {"code": pyotp.TOTP(secret).at(time.time() + 30)}
    if path == "/api/v1/me/teacher-request":
        return url, {"school": "OBS De Esch"}
    if path.startswith("/api/v1/me/two-factor") and actor is not None and actor.role != "pupil":
        if rule.state == "after the set-up":
            secret = client.post("/api/v1/me/two-factor/setup").json["secret"]
            return url, {"code": pyotp.TOTP(secret).now()}
        if rule.state == "two-step verification on":
            response = client.post("/api/v1/me/two-factor/setup")
            code = pyotp.TOTP(response.json["secret"]).now()
            assert (
                client.post("/api/v1/me/two-factor/confirm", json={"code": code}).status_code == 200
            )
            return url, {"password": PASSWORD}
    if path.startswith("/api/v1/me/two-factor"):
        return url, ({"code": "123456"} if path.endswith("confirm") else {"password": PASSWORD})
    if path.endswith("<string:session_id>"):
        sessions = client.get("/api/v1/me/sessions")
        key = sessions.json["items"][0]["id"] if sessions.status_code == 200 else "0" * 32
        return url.replace("<string:session_id>", key), None
    if rule.method == "PATCH":
        return url, {"role": "curator"}
    if path.endswith("/teacher-request"):
        someone.school, someone.teacher_requested_at = "OBS De Esch", utcnow()
        session.commit()
        return url, {"decision": "approve"}
    if path.endswith("/block") and rule.method == "POST":
        return url, {"reason": "spam"}
    return url, None


def _turn_on_two_factor(client, user) -> str:
    """Turn on `user`'s second factor through the API (on a client of its own); the secret."""
    other = client.application.test_client()
    assert (
        other.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
        ).status_code
        == 200
    )
    secret = other.post("/api/v1/me/two-factor/setup").json["secret"]
    response = other.post("/api/v1/me/two-factor/confirm", json={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return secret


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
    if rule.path.startswith(("/api/v1/projects", "/api/v1/auth/join", "/api/v1/auth/reenter")):
        _check_school_rule(client, session, make_user, make_story, rule, role, actor)
        return
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
    if rule.path.startswith(("/api/v1/me/", "/api/v1/admin/", "/api/v1/auth/login/")):
        url, body = _account_request(rule, client, session, actor, someone)
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


def _check_school_rule(client, session, make_user, make_story, rule, role, actor) -> None:
    """School projects: the actor is the project's teacher or one of its pupils (OURS), or
    outside it (THEIRS); the project has a pupil with a class story."""
    ours = "another" not in rule.state
    teacher = actor if (role == "teacher" and ours) else make_user("teacher")
    project = make_project(session, teacher, policy="public")
    classmate, reentry = add_pupil(session, project, "Klasgenoot")
    story = make_story(author=classmate, status="class", project=project.slug)
    if role == "pupil":  # the actor is a pupil account: make it one of this project or another
        other = project if ours else make_project(session, make_user("teacher"))
        membership, _code = joining.join(session, other.join_code, "Ik", SECRET_KEY)
        session.commit()
        actor = membership.user
    if actor is not None:
        if role == "pupil":
            assert client.post("/api/v1/auth/reenter", json={"code": _code}).status_code == 200
        else:
            response = client.post(
                "/api/v1/auth/login", json={"email": actor.email, "password": PASSWORD}
            )
            assert response.status_code == 200
    url = (
        rule.path.replace("<slug>", project.slug)
        .replace("<int:pupil_id>", str(classmate.id))
        .replace("<uuid:story_id>", str(story.uuid))
    )
    body = None
    if rule.path == "/api/v1/projects" and rule.method == "POST":
        body = {
            "name": "Groep 8",
            "starts_on": "2026-12-01",
            "ends_on": "2027-01-31",
            "area": AREA_GEOJSON,
        }
    elif rule.method == "PATCH":
        body = {"prompt": "Waar speel jij?"}
    elif rule.path.endswith("/teachers"):
        body = {"email": make_user("teacher").email}
    elif rule.path == "/api/v1/auth/join":
        body = {"code": project.join_code, "nickname": f"Nieuw {uuid.uuid4().hex[:4]}"}
    elif rule.path == "/api/v1/auth/reenter":
        body = {"code": reentry}
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
    assert routes - table == set(), "add these routes to verhalenkaart.permission_table.PERMISSIONS"
    assert table - routes == set(), "these rows name routes that do not exist"


def test_docs_show_the_permission_table():
    assert markdown_table() in DOC.read_text("utf-8"), (
        "docs/permissions.md is out of date: paste verhalenkaart.permission_table.markdown_table()"
    )
