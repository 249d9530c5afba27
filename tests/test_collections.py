"""Collections: curators build exhibitions and routes from published stories; the public sees
published collections with only the stories it may see, in the curator's order."""

from __future__ import annotations

import segno
import zxingcpp
from PIL import Image

from tests.conftest import assert_problem
from verhalenkaart.media.models import Photo


def _create(client, stories, **extra) -> dict:
    body = {
        "title": "Langs de Drentsche Aa",
        "intro": "Een wandeling langs het water.",
        "items": [{"story": str(s.uuid), "note": f"Noot {i}"} for i, s in enumerate(stories)],
    } | extra
    response = client.post("/api/v1/collections", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def _titles(body: dict) -> list[str]:
    return [item["feature"]["properties"]["title"] for item in body["items"]]


def _three(make_story):
    return [make_story(title=t) for t in ("Brink", "Molen", "Esch")]


def test_curator_creates_a_draft_with_a_slug_from_the_title(client, curator, make_story):
    body = _create(client, _three(make_story))
    assert body["slug"] == "langs-de-drentsche-aa"
    assert body["status"] == "draft"
    assert [i["note"] for i in body["items"]] == ["Noot 0", "Noot 1", "Noot 2"]
    assert [i["available"] for i in body["items"]] == [True, True, True]


def test_drafts_are_invisible_to_the_public(app, client, curator, make_story):
    body = _create(client, _three(make_story))
    anonymous = app.test_client()
    assert_problem(anonymous.get(f"/api/v1/collections/{body['slug']}"), 404)
    assert anonymous.get("/api/v1/collections").get_json()["collections"] == []
    assert_problem(anonymous.get("/api/v1/collections?status=draft"), 403)


def test_published_collection_shows_its_stories_in_order(app, client, curator, make_story):
    body = _create(client, _three(make_story), status="published")
    public = app.test_client().get(f"/api/v1/collections/{body['slug']}").get_json()
    assert _titles(public) == ["Brink", "Molen", "Esch"]
    assert public["items"][1]["note"] == "Noot 1"
    assert public["items"][0]["feature"]["type"] == "Feature"
    listed = app.test_client().get("/api/v1/collections").get_json()["collections"]
    assert [(c["slug"], c["count"]) for c in listed] == [(body["slug"], 3)]
    assert "unavailable" not in listed[0]


def test_patch_items_reorders_adds_and_removes(client, curator, make_story):
    brink, molen, esch = _three(make_story)
    extra = make_story(title="Hunebed")
    body = _create(client, [brink, molen, esch])
    order = [esch, extra, brink]
    response = client.patch(
        f"/api/v1/collections/{body['slug']}",
        json={"items": [{"story": str(s.uuid), "note": s.title} for s in order]},
    )
    assert response.status_code == 200, response.get_json()
    assert _titles(response.get_json()) == ["Esch", "Hunebed", "Brink"]
    assert [i["position"] for i in response.get_json()["items"]] == [0, 1, 2]


def test_move_one_item_with_its_position(client, curator, make_story):
    brink, molen, esch = _three(make_story)
    body = _create(client, [brink, molen, esch])
    response = client.patch(
        f"/api/v1/collections/{body['slug']}/items/{esch.uuid}", json={"position": 0}
    )
    assert _titles(response.get_json()) == ["Esch", "Brink", "Molen"]


def test_add_and_remove_one_story(client, curator, make_story):
    brink, molen, esch = _three(make_story)
    body = _create(client, [brink, molen])
    slug = body["slug"]
    added = client.post(f"/api/v1/collections/{slug}/items", json={"story": str(esch.uuid)})
    assert added.status_code == 201
    assert _titles(added.get_json()) == ["Brink", "Molen", "Esch"]
    again = client.post(f"/api/v1/collections/{slug}/items", json={"story": str(esch.uuid)})
    assert_problem(again, 409)
    removed = client.delete(f"/api/v1/collections/{slug}/items/{molen.uuid}")
    assert _titles(removed.get_json()) == ["Brink", "Esch"]


def test_only_published_stories_can_be_added(client, curator, make_story):
    pending = make_story(title="Wacht", status="pending")
    response = client.post(
        "/api/v1/collections",
        json={"title": "Wacht", "items": [{"story": str(pending.uuid)}]},
    )
    assert_problem(response, 422, "items.0.story")


def test_hidden_story_leaves_the_public_view_and_the_curator_sees_it(
    app, client, curator, session, make_story
):
    brink, molen, esch = _three(make_story)
    body = _create(client, [brink, molen, esch], status="published")
    response = client.post(f"/api/v1/moderation/stories/{molen.uuid}", json={"action": "hide"})
    assert response.status_code == 200, response.get_json()
    public = app.test_client().get(f"/api/v1/collections/{body['slug']}").get_json()
    assert _titles(public) == ["Brink", "Esch"]
    assert [i["position"] for i in public["items"]] == [0, 1]
    edit = client.get(f"/api/v1/collections/{body['slug']}?view=edit").get_json()
    lost = [i for i in edit["items"] if not i["available"]]
    assert [(i["title"], i["status"]) for i in lost] == [("Molen", "hidden")]
    assert "feature" not in lost[0]
    listed = client.get("/api/v1/collections?status=all").get_json()["collections"]
    assert (listed[0]["count"], listed[0]["unavailable"]) == (2, 1)
    # Reordering still works with the hidden story in the list.
    order = [esch, molen, brink]
    response = client.patch(
        f"/api/v1/collections/{body['slug']}",
        json={"items": [{"story": str(s.uuid)} for s in order]},
    )
    assert response.status_code == 200, response.get_json()


def test_deleted_story_keeps_its_item_without_the_note(app, client, curator, make_story):
    brink, molen = _three(make_story)[:2]
    body = _create(client, [brink, molen], status="published")
    assert client.delete(f"/api/v1/stories/{molen.uuid}").status_code == 204
    public = app.test_client().get(f"/api/v1/collections/{body['slug']}").get_json()
    assert _titles(public) == ["Brink"]
    edit = client.get(f"/api/v1/collections/{body['slug']}?view=edit").get_json()
    assert [(i["status"], i["note"]) for i in edit["items"]] == [
        ("published", "Noot 0"),
        ("deleted", ""),
    ]


def test_cover_is_a_photo_of_one_of_its_stories(app, client, curator, session, make_story):
    brink, molen = _three(make_story)[:2]
    photo = Photo(
        story_id=brink.id,
        width=4,
        height=3,
        thumb_key="photos/ab/" + "ab" * 32 + ".webp",
        medium_key="photos/ab/" + "ab" * 32 + ".webp",
        large_key="photos/ab/" + "ab" * 32 + ".jpg",
        alt="De brink",
    )
    session.add(photo)
    session.commit()
    body = _create(client, [molen], status="published")
    refused = client.patch(f"/api/v1/collections/{body['slug']}", json={"cover": str(photo.uuid)})
    assert_problem(refused, 422, "cover")
    client.post(f"/api/v1/collections/{body['slug']}/items", json={"story": str(brink.uuid)})
    ok = client.patch(f"/api/v1/collections/{body['slug']}", json={"cover": str(photo.uuid)})
    assert ok.get_json()["cover"]["id"] == str(photo.uuid)
    listed = app.test_client().get("/api/v1/collections").get_json()["collections"]
    assert listed[0]["cover"]["alt"] == "De brink"
    # Once its story is hidden, the cover goes with it.
    client.post(f"/api/v1/moderation/stories/{brink.uuid}", json={"action": "hide"})
    public = app.test_client().get(f"/api/v1/collections/{body['slug']}").get_json()
    assert public["cover"] is None


def test_slug_taken_is_a_conflict_naming_the_field(client, curator, make_story):
    _create(client, [], slug="aa")
    response = client.post("/api/v1/collections", json={"title": "Ander", "slug": "aa"})
    assert_problem(response, 409, "slug")


def test_second_collection_with_the_same_title_gets_a_free_slug(client, curator):
    assert _create(client, [])["slug"] == "langs-de-drentsche-aa"
    assert _create(client, [])["slug"] == "langs-de-drentsche-aa-2"


def test_dates_must_be_in_order(client, curator):
    response = client.post(
        "/api/v1/collections",
        json={"title": "Zomer", "opens_on": "2027-06-01", "closes_on": "2027-05-01"},
    )
    assert_problem(response, 422, "closes_on")
    body = _create(client, [], opens_on="2027-05-01", closes_on="2027-06-01")
    assert (body["opens_on"], body["closes_on"]) == ("2027-05-01", "2027-06-01")


def test_one_story_in_many_collections_shows_in_my_stories(
    app, client, curator, make_user, login, make_story
):
    author = make_user("resident", display_name="Verteller")
    story = make_story(author=author, title="Brink")
    _create(client, [story], title="Eerste", status="published")
    _create(client, [story], title="Tweede")  # a draft: not told
    _create(client, [story], title="Derde", status="published")
    mine = app.test_client()
    response = mine.post(
        "/api/v1/auth/login", json={"email": author.email, "password": "correct horse battery"}
    )
    assert response.status_code == 200
    features = mine.get("/api/v1/me/stories").get_json()["features"]
    assert features[0]["properties"]["collections"] == [
        {"title": "Eerste", "slug": "eerste"},
        {"title": "Derde", "slug": "derde"},
    ]


def test_list_pages_with_a_cursor(app, client, curator):
    for n in range(3):
        _create(client, [], title=f"Route {n}", status="published")
    first = app.test_client().get("/api/v1/collections?limit=2").get_json()
    assert [c["title"] for c in first["collections"]] == ["Route 2", "Route 1"]
    (href,) = [link["href"] for link in first["links"] if link["rel"] == "next"]
    second = app.test_client().get(href).get_json()
    assert [c["title"] for c in second["collections"]] == ["Route 0"]


def test_delete_collection_keeps_the_stories(app, client, curator, make_story):
    brink = make_story(title="Brink")
    body = _create(client, [brink], status="published")
    assert client.delete(f"/api/v1/collections/{body['slug']}").status_code == 204
    assert_problem(app.test_client().get(f"/api/v1/collections/{body['slug']}"), 404)
    assert app.test_client().get(f"/api/v1/stories/{brink.uuid}").status_code == 200


def test_unknown_fields_and_odd_text_are_422(client, curator):
    assert_problem(client.post("/api/v1/collections", json={"title": "X", "colour": 1}), 422)
    response = client.post("/api/v1/collections", json={"title": "X", "items": [{"story": "nope"}]})
    assert_problem(response, 422)
    response = client.post("/api/v1/collections", json={"title": "X\u0000"})
    assert_problem(response, 422, "title")


def test_qr_code_reads_back_to_the_url(client, tmp_path):
    url = "http://localhost/verhaal/6c0e0f4e-5a3c-4d8e-9a51-2f1f0c9b1d3e"
    response = client.get(f"/api/v1/qr?url={url}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    # Decode what segno drew with a decoder we did not write: draw the same matrix as pixels.
    png = tmp_path / "qr.png"
    segno.make(url, error="m", micro=False).save(str(png), scale=8, border=4)
    assert zxingcpp.read_barcodes(Image.open(png))[0].text == url


def test_qr_code_only_for_our_own_addresses(client):
    for url in ("https://example.org/verhaal/1", "javascript:alert(1)", "//localhost/x"):
        assert_problem(client.get("/api/v1/qr", query_string={"url": url}), 422, "url")


def test_problems_about_collections_are_in_dutch_for_a_dutch_client(app, make_story):
    response = app.test_client().get(
        "/api/v1/collections/bestaat-niet", headers={"Accept-Language": "nl"}
    )
    assert assert_problem(response, 404)["detail"] == "Er is geen expositie met dit adres."
