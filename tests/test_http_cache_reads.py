"""The other public reads — layers, statistics, collections and OGC API – Features — carry the
data-version ETag, answer 304 and come from the response cache like the stories' reads, and a
write shows at once; OGC's HTML and JSON of one URL are two representations, two ETags."""

from __future__ import annotations

import io

import pytest

from tests import layer_files

READS = [
    "/api/v1/layers",
    "/api/v1/stats",
    "/api/v1/stats?kind=memory",
    "/api/v1/stats/origins",
    "/api/v1/collections",
    "/ogc",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections/stories",
    "/ogc/collections/stories/items?limit=5",
]


@pytest.mark.parametrize("url", READS)
def test_public_reads_have_a_data_version_etag_and_answer_304(app, make_story, url):
    make_story()
    anonymous = app.test_client()
    first = anonymous.get(url)
    assert first.status_code == 200, first.get_data(as_text=True)
    etag = first.headers["ETag"]
    assert etag.startswith('"')
    assert first.headers["Cache-Control"].startswith("public")
    cached = anonymous.get(url)
    assert cached.get_data() == first.get_data()
    assert cached.headers["ETag"] == etag
    again = anonymous.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_stats_come_from_the_cache_until_a_publish(app, client, make_story, curator):
    make_story(title="Eerste")
    anonymous = app.test_client()
    before = anonymous.get("/api/v1/stats")
    assert before.json["total"] == 1
    pending = make_story(title="Tweede", status="pending")
    assert anonymous.get("/api/v1/stats").json["total"] == 1  # pending counts nowhere
    decided = client.post(f"/api/v1/moderation/stories/{pending.uuid}", json={"action": "approve"})
    assert decided.status_code == 200, decided.json
    after = anonymous.get("/api/v1/stats", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.json["total"] == 2


def test_an_item_of_ogc_is_cached_and_a_hide_removes_it(app, client, make_story, curator):
    story = make_story()
    anonymous = app.test_client()
    url = f"/ogc/collections/stories/items/{story.uuid}"
    first = anonymous.get(url)
    assert first.status_code == 200
    assert anonymous.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    hidden = client.post(f"/api/v1/moderation/stories/{story.uuid}", json={"action": "hide"})
    assert hidden.status_code == 200
    assert anonymous.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 404


def test_ogc_html_and_json_are_two_representations(app, make_story):
    make_story()
    anonymous = app.test_client()
    url = "/ogc/collections/stories/items?limit=5"
    for _ in range(2):  # made, then from the cache
        html = anonymous.get(url, headers={"Accept": "text/html"})
        data = anonymous.get(url, headers={"Accept": "application/geo+json"})
        assert html.mimetype == "text/html"
        assert data.mimetype == "application/geo+json"
        assert html.headers["ETag"] != data.headers["ETag"]
        assert "Accept" in html.headers["Vary"]
    stale = anonymous.get(
        url, headers={"Accept": "text/html", "If-None-Match": data.headers["ETag"]}
    )
    assert stale.status_code == 200
    assert stale.mimetype == "text/html"


def test_a_layer_change_shows_at_once_in_the_cached_list(app, client, curator):
    made = client.post(
        "/api/v1/layers",
        data={
            "file": (io.BytesIO(layer_files.geojson()), "l.geojson"),
            "title": "Oud",
        },
        content_type="multipart/form-data",
    )
    assert made.status_code == 201, made.json
    anonymous = app.test_client()
    assert [layer["title"] for layer in anonymous.get("/api/v1/layers").json["layers"]] == ["Oud"]
    changed = client.patch(f"/api/v1/layers/{made.json['slug']}", json={"title": "Nieuw"})
    assert changed.status_code == 200, changed.json
    assert [layer["title"] for layer in anonymous.get("/api/v1/layers").json["layers"]] == ["Nieuw"]
    single = anonymous.get(f"/api/v1/layers/{made.json['slug']}")
    assert single.json["title"] == "Nieuw"
    assert (
        anonymous.get(
            f"/api/v1/layers/{made.json['slug']}", headers={"If-None-Match": single.headers["ETag"]}
        ).status_code
        == 304
    )


def test_a_curators_view_of_collections_is_never_cached_nor_served_to_the_public(
    app, client, curator, make_story
):
    story = make_story()
    made = client.post(
        "/api/v1/collections", json={"title": "Concept", "items": [{"story": str(story.uuid)}]}
    )
    assert made.status_code == 201
    own = client.get("/api/v1/collections?status=all")
    assert [c["slug"] for c in own.json["collections"]] == ["concept"]
    assert own.headers["Cache-Control"].startswith("private")
    assert "Cookie" in own.headers["Vary"]
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/collections").json["collections"] == []
    assert client.get("/api/v1/collections?status=all").json["collections"] != []
    assert anonymous.get(f"/api/v1/collections/{made.json['slug']}").status_code == 404
