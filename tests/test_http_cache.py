"""Public reads carry a strong ETag from the data version, answer 304 on If-None-Match, are
kept in the response cache under that version (so a publish shows at once), and are compressed
with gzip or brotli as the client asks. Nothing session-dependent is cached."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest

from tests.conftest import PASSWORD

PUBLIC = [
    "/api/v1/stories?bbox=6.1,52.6,7.1,53.2",
    "/api/v1/map?bbox=6.1,52.6,7.1,53.2&zoom=9",
    "/api/v1/map/8/132/83",
    "/api/v1/themes",
    "/api/v1/places?q=Assen",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_reads_have_a_strong_etag_and_answer_304(client, make_story, url):
    make_story()
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    assert first.headers["Cache-Control"].startswith("public")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_a_publish_changes_the_etag_and_the_cached_answer(client, make_story, curator):
    url = PUBLIC[0]
    make_story(title="Eerste")
    first = client.get(url)
    cached = client.get(url)
    assert cached.get_data() == first.get_data()
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    pending = make_story(title="Tweede", status="pending")
    decided = client.post(f"/api/v1/moderation/stories/{pending.uuid}", json={"action": "approve"})
    assert decided.status_code == 200, decided.json
    after = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != first.headers["ETag"]
    titles = {f["properties"]["title"] for f in after.json["features"]}
    assert titles == {"Eerste", "Tweede"}


def test_a_hide_leaves_the_map_at_once(client, make_story, curator):
    story = make_story()
    url = "/api/v1/map/8/132/83"
    assert client.get(url).json["total"] == 1
    hidden = client.post(f"/api/v1/moderation/stories/{story.uuid}", json={"action": "hide"})
    assert hidden.status_code == 200, hidden.json
    assert client.get(url).json["total"] == 0


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress), ("identity", None, None)],
)
def test_compression_is_negotiated(client, make_story, accept, encoding, decode):
    for index in range(5):
        make_story(title=f"Verhaal {index}", lon=6.5 + index * 0.01)
    url = PUBLIC[0]
    plain = client.get(url, headers={"Accept-Encoding": "identity"}).get_data()
    for _ in range(2):  # the first answer is made, the second comes from the cache
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.headers.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        body = response.get_data()
        assert json.loads(decode(body) if decode else body) == json.loads(plain)
        if encoding:
            assert len(body) < len(plain)
            assert response.headers["ETag"].endswith(f':{encoding}"')


def test_story_detail_for_its_author_is_never_cached(client, make_user, make_story, login):
    author = make_user("resident")
    story = make_story(author=author)
    url = f"/api/v1/stories/{story.uuid}"
    public = client.get(url)
    assert "consent_at" not in public.json["properties"]
    assert "Cookie" in public.headers["Vary"]
    login(author)
    own = client.get(url)
    assert "consent_at" in own.json["properties"]
    assert own.headers["Cache-Control"].startswith("private")
    assert "ETag" not in own.headers
    client.post("/api/v1/auth/logout")
    again = client.get(url)
    assert "consent_at" not in again.json["properties"]


def test_pending_story_detail_is_not_served_from_cache(client, make_user, make_story, login):
    author = make_user("resident")
    story = make_story(author=author, status="pending")
    url = f"/api/v1/stories/{story.uuid}"
    login(author)
    assert client.get(url).status_code == 200
    client.post("/api/v1/auth/logout")
    assert client.get(url).status_code == 404


def test_erasure_changes_the_etag(client, make_user, make_story, login):
    me = make_user("resident")
    make_story(author=me)
    url = PUBLIC[0]
    before = client.get(url)
    assert before.json["numberReturned"] == 1
    login(me)
    response = client.delete("/api/v1/me", json={"stories": "delete", "password": PASSWORD})
    assert response.status_code in {200, 204}
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.json["numberReturned"] == 0
