"""What the server knows of the app's pages: which paths are pages at all (a 404 for the rest),
and, for a public story, collection or place, the title, description and preview tags that a
chat app or search engine reads, plus the story's readable content so it shows before any
script has run.

The list of pages is the app's own (frontend/src/app.js ROUTES): the build writes it to
`app-routes.json` next to index.html (frontend/vite.config.js), so there is one list.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask_babel import _, force_locale
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import User
from verhalenkaart.collections.services import collection_by_slug, public_view
from verhalenkaart.errors import NotFound
from verhalenkaart.places.pages import place_by_name, place_page
from verhalenkaart.stories.features import get_story, published_story, story_feature

ROUTES_FILE = "app-routes.json"
DESCRIPTION_CHARS = 200

#: Kinds of story in the preview's words (the app's own, in both languages).
KIND_NAMES = {"memory": "Herinnering", "story": "Verhaal", "photo": "Foto", "wish": "Wens"}


@dataclass
class ShellPage:
    """How to answer one app path: its status, preview tags and server-rendered content."""

    status: int = 200
    title: str | None = None
    description: str | None = None
    image: dict | None = None  # a photo of a story Feature: urls, width, height, alt
    og_type: str = "website"
    #: "story" or "place" (a template in templates/site/) and what it shows
    content: str | None = None
    context: dict = field(default_factory=dict)
    #: JSON the app reads before asking the API (a <script type="application/json">)
    data: dict | None = None


def pattern_regex(pattern: str) -> re.Pattern:
    """'/verhaal/:id' → a regex like the app router's (frontend/src/router.js)."""
    parts = re.split(r"(:\w+)", pattern)
    source = "".join("[^/]+" if p.startswith(":") else re.escape(p) for p in parts)
    return re.compile(f"^{source}/?$")


@lru_cache(maxsize=8)
def _route_regexes(routes_file: str, mtime: float) -> tuple[re.Pattern, ...]:
    patterns = json.loads(Path(routes_file).read_text(encoding="utf-8"))
    return tuple(pattern_regex(p) for p in patterns)


def app_knows(root: Path, path: str) -> bool:
    """Whether `path` ("verhaal/…", without the leading slash) is one of the app's pages. A
    build without the route list (an old one) knows every path, as before."""
    routes_file = root / ROUTES_FILE
    if not routes_file.is_file():
        return True
    regexes = _route_regexes(str(routes_file), routes_file.stat().st_mtime)
    return any(r.match("/" + path) for r in regexes)


def shell_page(
    session: Session,
    root: Path,
    path: str,
    user: User | None,
    *,
    anonymous_contributions: bool = False,
) -> ShellPage:
    """What the shell for `path` carries. Only what the public may see gets preview tags
    and content; an unknown page, story, collection or place answers 404."""
    if not app_knows(root, path):
        return ShellPage(status=404)
    parts = path.strip("/").split("/")
    if parts == ["nieuw"]:
        return _new_story_page(login_first=user is None and not anonymous_contributions)
    try:
        if parts[0] == "verhaal" and len(parts) == 2:
            return _story_page(session, parts[1], user)
        if parts[0] == "expositie" and len(parts) in (2, 3):
            return _collection_page(session, parts[1], user)
        if parts[0] == "plaats" and len(parts) == 2:
            return _place_page(session, parts[1])
    except NotFound:
        return ShellPage(status=404)
    return ShellPage()


def _new_story_page(*, login_first: bool) -> ShellPage:
    """The form's first lines, so they paint before its script, settings, themes and account
    have loaded (Lighthouse: the "log in first" notice was /nieuw's LCP, at 4.3 s). Always in
    Dutch: that is the language the app shows a visitor until they choose (it does not follow
    Accept-Language), and a first paint in another language would be replaced at once. The
    texts are the app's own (frontend/src/i18n/nl.js `new.title`, `new.loginFirst`)."""
    with force_locale("nl"):
        texts = {
            "title": _("Share your story"),
            "login_first": _("You need an account to send. Your draft is kept."),
            "log_in": _("Log in"),
            "register": _("Create an account"),
        }
    return ShellPage(content="new-story", context={"texts": texts, "login_first": login_first})


def _description(text: str | None) -> str:
    text = " ".join((text or "").split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _story_page(session: Session, raw_id: str, user: User | None) -> ShellPage:
    try:
        story_uuid = uuid.UUID(raw_id)
    except ValueError as exc:
        raise NotFound(_("There is no story with this id.")) from exc
    try:
        story = published_story(session, story_uuid)
    except NotFound:
        # Its author or a moderator may open it (the app asks the API); nobody sees a preview.
        get_story(session, story_uuid, user)
        return ShellPage()
    feature = story_feature(story)
    props = feature["properties"]
    photos = props["photos"]
    return ShellPage(
        title=props["title"],
        description=_description(props["body"]),
        image=photos[0] if photos else None,
        og_type="article",
        content="story",
        context={"story": props, "kind_name": KIND_NAMES.get(props["kind"], "")},
        data=feature,
    )


def _collection_page(session: Session, slug: str, user: User | None) -> ShellPage:
    collection = collection_by_slug(session, slug, user)
    if collection.status != "published":
        return ShellPage()  # a curator's draft: the app shows it, no preview
    view = public_view(session, collection)
    cover = view.get("cover")
    if cover is None:
        cover = next(
            (
                i["feature"]["properties"]["photos"][0]
                for i in view["items"]
                if i["feature"]["properties"]["photos"]
            ),
            None,
        )
    return ShellPage(title=view["title"], description=_description(view["intro"]), image=cover)


def _place_page(session: Session, name: str) -> ShellPage:
    place = place_by_name(session, name)
    page = place_page(session, place)
    counts = page["counts"]
    photos = [
        s["properties"]["photos"][0]
        for frame in ("is", "was", "wordt")
        for s in page[frame]
        if s["properties"]["photos"]
    ]
    description = _(
        "%(was)d about the past, %(now)d about now, %(wordt)d wishes.",
        was=counts["was"],
        now=counts["is"],
        wordt=counts["wordt"],
    )
    return ShellPage(
        title=_("Stories of %(place)s", place=place.name),
        description=description,
        image=photos[0] if photos else None,
        content="place",
        context={
            "page": page,
            "frames": [
                ("was", _("What was")),
                ("is", _("What is")),
                ("wordt", _("What may become")),
            ],
        },
        data=page,
    )
