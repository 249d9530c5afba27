"""The resident's pages on the server: years and undated stories, was – is – wordt, a place's
page, and the shell with a public story's, collection's or place's preview tags (issue 13)."""

from __future__ import annotations

import json
import re
import uuid
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from tests.conftest import assert_problem
from verhalenkaart.stories.models import Status

ROUTES = ["/", "/lijst", "/verhaal/:id", "/nieuw", "/mijn", "/expositie/:slug", "/plaats/:naam"]
NO_YEARS = {"era_from": None, "era_to": None}
SHELL = (
    "<!doctype html><html><head>"
    '<meta name="description" content="Generic">'
    "<title>Verhalenkaart Drenthe</title></head><body>"
    '<main id="main"><div class="map-screen"><div id="map"></div></div>'
    '<div class="page" hidden></div></main></body></html>'
)


@pytest.fixture
def shell(built):
    (built / "index.html").write_text(SHELL)
    (built / "app-routes.json").write_text(json.dumps(ROUTES))
    return built


class Head(HTMLParser):
    """The meta tags, title and data blocks of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self.data: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link":
            self.links[a.get("rel", "")] = a.get("href", "")
        elif tag == "title" or (tag == "script" and a.get("type") == "application/json"):
            self._in = tag

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.data.append(data)

    def handle_endtag(self, tag):
        self._in = None


def page(client, path: str):
    with client.get(path) as response:
        body = response.get_data(as_text=True)
    return response, Head(body), body


# --- years --------------------------------------------------------------------------------------


def test_era_filter_says_how_many_stories_have_no_year_and_leaves_them_out(client, make_story):
    make_story(title="Oud", era_from=1950, era_to=1960)
    make_story(title="Zonder jaar", **NO_YEARS)
    make_story(title="Nieuw", era_from=2010, era_to=2012)
    body = client.get("/api/v1/stories?era_from=1940&era_to=1970").json
    assert [f["properties"]["title"] for f in body["features"]] == ["Oud"]
    assert body["undated"] == 1


def test_undated_include_adds_the_stories_without_years(client, make_story):
    make_story(title="Oud", era_from=1950, era_to=1960)
    make_story(title="Zonder jaar", **NO_YEARS)
    make_story(title="Nieuw", era_from=2010, era_to=2012)
    body = client.get("/api/v1/stories?era_from=1940&era_to=1970&undated=include").json
    assert sorted(f["properties"]["title"] for f in body["features"]) == ["Oud", "Zonder jaar"]


def test_undated_is_not_counted_without_an_era_filter(client, make_story):
    make_story(title="Zonder jaar", **NO_YEARS)
    assert "undated" not in client.get("/api/v1/stories").json


def test_map_takes_undated_include_with_a_period(client, make_story):
    make_story(title="Zonder jaar", **NO_YEARS)
    bbox = "6.1,52.6,7.1,53.2"
    base = f"/api/v1/map?bbox={bbox}&zoom=12&era_from=1900&era_to=1950"
    assert client.get(base).json["total"] == 0
    assert client.get(base + "&undated=include").json["total"] == 1


def test_undated_takes_only_include_or_exclude(client):
    assert_problem(client.get("/api/v1/stories?era_from=1900&undated=maybe"), 422, "undated")


# --- was – is – wordt ----------------------------------------------------------------------------


def test_every_story_falls_in_exactly_one_frame(client, make_story):
    make_story(kind="memory", title="Herinnering")
    make_story(kind="story", title="Vroeger", era_from=1930, era_to=1940)
    make_story(kind="photo", title="Foto van nu", **NO_YEARS)
    make_story(kind="story", title="Verhaal van nu", era_from=2020, era_to=None)
    make_story(kind="wish", title="Wens")
    titles = {}
    for frame in ("was", "is", "wordt"):
        found = client.get(f"/api/v1/stories?frame={frame}").json["features"]
        titles[frame] = sorted(f["properties"]["title"] for f in found)
    assert titles == {
        "was": ["Herinnering", "Vroeger"],
        "is": ["Foto van nu", "Verhaal van nu"],
        "wordt": ["Wens"],
    }


# --- a place's page -------------------------------------------------------------------------------


def test_place_page_groups_the_place_stories_with_counts(client, make_story):
    make_story(kind="memory", title="Herinnering in Assen")
    make_story(kind="wish", title="Wens voor Assen")
    make_story(kind="photo", title="Ver weg", lon=6.9, lat=52.78)
    make_story(kind="photo", title="Verborgen", status=Status.PENDING)
    body = client.get("/api/v1/places/assen").json
    assert body["place"]["properties"]["name"] == "Assen"
    assert body["counts"] == {"was": 1, "is": 0, "wordt": 1}
    assert [s["properties"]["title"] for s in body["was"]] == ["Herinnering in Assen"]
    assert [s["properties"]["title"] for s in body["wordt"]] == ["Wens voor Assen"]
    assert body["is"] == []


def test_place_page_finds_a_story_by_its_place_name_far_from_the_point(client, make_story):
    make_story(kind="photo", title="Genoemd", place_name="Assen", lon=6.9, lat=52.78, **NO_YEARS)
    assert client.get("/api/v1/places/Assen").json["counts"]["is"] == 1


def test_unknown_place_is_a_404_problem(client):
    assert_problem(client.get("/api/v1/places/Nergenshuizen"), 404)


# --- the map's place labels ---------------------------------------------------------------------


def test_map_labels_only_places_of_the_region(client, session):
    from verhalenkaart.places.models import Place

    labels = {label["name"] for label in client.get("/api/v1/config").json["region"]["labels"]}
    provinces = dict(
        session.execute(sa.select(Place.name, Place.province).where(Place.name.in_(labels))).all()
    )
    assert {"Assen", "Emmen", "Hoogeveen"} <= labels
    assert "Stadskanaal" not in labels  # Groningen, inside the bbox
    assert set(provinces.values()) == {"Drenthe"}


# --- the shell: 404 and preview tags ------------------------------------------------------------


def test_unknown_path_answers_404_with_the_shell(client, shell):
    response, head, body = page(client, "/bestaat-niet")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<div class="page" hidden>' in body
    assert "og:title" not in head.meta


@pytest.mark.parametrize("path", ["/", "/lijst", "/lijst/", "/nieuw", "/mijn"])
def test_known_pages_answer_200_with_the_generic_shell(client, shell, path):
    response, head, _ = page(client, path)
    assert response.status_code == 200
    assert head.title == "Verhalenkaart Drenthe"
    assert "og:title" not in head.meta
    assert head.meta["description"] == "Generic"


def test_published_story_has_its_title_description_and_preview_tags(client, shell, make_story):
    story = make_story(title="De <Brink> & de bomen", body="Onder de eiken.\n\nTweede alinea.")
    response, head, body = page(client, f"/verhaal/{story.uuid}")
    assert response.status_code == 200
    assert head.title == "De <Brink> & de bomen · Verhalenkaart Drenthe"
    assert head.meta["og:title"] == "De <Brink> & de bomen"
    assert head.meta["description"] == "Onder de eiken. Tweede alinea."
    assert head.meta["og:description"] == "Onder de eiken. Tweede alinea."
    assert head.meta["og:type"] == "article"
    assert head.meta["og:url"] == f"http://localhost/verhaal/{story.uuid}"
    assert head.links["canonical"] == f"http://localhost/verhaal/{story.uuid}"
    assert head.meta["twitter:card"] == "summary"
    assert "<Brink>" not in body  # escaped, never markup
    # The readable story is in the page, and its Feature for the app in a data block.
    assert "<h1>De &lt;Brink&gt; &amp; de bomen</h1>" in body
    assert '<div class="map-screen" hidden>' in body
    assert json.loads(head.data[0])["id"] == str(story.uuid)


def test_story_preview_carries_its_first_photo(client, shell, make_story, session):
    from verhalenkaart.media.models import Photo

    story = make_story(title="Met foto")
    session.add(
        Photo(
            uuid=uuid.uuid4(),
            story_id=story.id,
            position=0,
            thumb_key="t.webp",
            medium_key="m.webp",
            large_key="l.webp",
            width=800,
            height=600,
            alt="Een boerderij",
        )
    )
    session.commit()
    _, head, _ = page(client, f"/verhaal/{story.uuid}")
    assert head.meta["og:image"] == "http://localhost/media/l.webp"
    assert head.meta["og:image:alt"] == "Een boerderij"
    assert head.meta["twitter:card"] == "summary_large_image"


def test_unpublished_story_gets_no_preview_and_404_for_others(client, shell, make_story):
    story = make_story(title="Nog niet openbaar", status=Status.PENDING)
    response, head, body = page(client, f"/verhaal/{story.uuid}")
    assert response.status_code == 404
    assert "og:title" not in head.meta
    assert "Nog niet openbaar" not in body
    assert head.data == []


def test_author_opens_own_pending_story_without_preview(client, shell, make_story, author):
    story = make_story(author=author, title="Nog niet openbaar", status=Status.PENDING)
    response, head, body = page(client, f"/verhaal/{story.uuid}")
    assert response.status_code == 200
    assert "og:title" not in head.meta
    assert "Nog niet openbaar" not in body


@pytest.mark.parametrize("story_id", [str(uuid.uuid4()), "geen-uuid"])
def test_unknown_story_answers_404_with_the_shell(client, shell, story_id):
    response, head, _ = page(client, f"/verhaal/{story_id}")
    assert response.status_code == 404
    assert "og:title" not in head.meta


def test_place_page_shell_has_the_place_title_and_content(client, shell, make_story):
    make_story(kind="wish", title="Een wens")
    response, head, body = page(client, "/plaats/Assen")
    assert response.status_code == 200
    assert head.meta["og:title"] == "Verhalen uit Assen"
    assert head.meta["og:description"] == "0 over vroeger, 0 over nu, 1 wensen."
    assert "Een wens" in body
    assert json.loads(head.data[0])["counts"]["wordt"] == 1
    assert page(client, "/plaats/Nergenshuizen")[0].status_code == 404


def test_place_page_shell_speaks_the_asked_language(client, shell):
    with client.get("/plaats/assen", headers={"Accept-Language": "en"}) as response:
        head = Head(response.get_data(as_text=True))
    assert head.meta["og:title"] == "Stories of Assen"


def test_published_collection_has_preview_tags_and_a_draft_none(client, shell, make_story, curator):
    story = make_story(title="In de expositie")
    client.post(
        "/api/v1/collections",
        json={
            "title": "Beekdalen",
            "intro": "Langs het water.",
            "status": "published",
            "items": [{"story": str(story.uuid)}],
        },
    )
    client.post("/api/v1/collections", json={"title": "Concept", "status": "draft"})
    client.post("/api/v1/auth/logout")
    _, head, _ = page(client, "/expositie/beekdalen")
    assert head.meta["og:title"] == "Beekdalen"
    assert head.meta["og:description"] == "Langs het water."
    response, head, _ = page(client, "/expositie/concept")
    assert response.status_code == 404
    assert "og:title" not in head.meta


def test_json_data_block_cannot_end_its_script(client, shell, make_story):
    story = make_story(title="</script><script>alert(1)</script>")
    _, _, body = page(client, f"/verhaal/{story.uuid}")
    assert "<script>alert" not in body
    assert len(re.findall(r"</script>", body)) == 1
