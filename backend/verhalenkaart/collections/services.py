"""Services for collections: what the public reads (only what the stories' read side lets
through), what curators build, and the clean-up when a story is deleted.

Which stories of a collection are shown is never decided here: `published_features_among()`
and `published_ids_among()` of stories.features apply the one visibility rule, so a story that
is hidden, rejected, deleted or withdrawn leaves every public collection at once while its item
row stays for the curator to see (`available: false` in the edit view).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import pagination
from verhalenkaart.accounts.models import User
from verhalenkaart.collections.models import Collection, CollectionItem, CollectionStatus
from verhalenkaart.collections.schemas import ITEMS_MAX
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, Forbidden, NotFound, ValidationProblem
from verhalenkaart.me.services import register_my_story_property
from verhalenkaart.media.models import Photo
from verhalenkaart.stories.feature_sets import published_features_among, published_ids_among
from verhalenkaart.stories.models import PUBLIC_STATUS, Story
from verhalenkaart.stories.signals import story_deleted
from verhalenkaart.text import fold

# --- reading ----------------------------------------------------------------------------------


def collection_by_slug(session: Session, slug: str, user: User | None) -> Collection:
    """The collection at `slug`: published ones for anyone, drafts for curators; NotFound
    otherwise (a draft's address reveals nothing)."""
    found = session.scalar(sa.select(Collection).where(Collection.slug == slug))
    may_see_drafts = user is not None and user.is_moderator
    if found is None or (found.status != CollectionStatus.PUBLISHED and not may_see_drafts):
        raise NotFound(_("There is no collection with this address."))
    return found


def list_collections(
    session: Session, status: str, limit: int, cursor: str | None, user: User | None
) -> tuple[list[dict], str | None]:
    """Collections newest first, a page at a time. `status` "draft" or "all" is for curators
    (Forbidden otherwise), whose summaries also count the stories no longer public."""
    curator = user is not None and user.is_moderator
    if status != CollectionStatus.PUBLISHED and not curator:
        raise Forbidden(_("Only curators see draft collections."))
    position = pagination.decode_cursor(cursor) if cursor else {}
    stmt = sa.select(Collection).order_by(Collection.id.desc()).limit(limit + 1)
    if status != "all":
        stmt = stmt.where(Collection.status == status)
    if "before" in position:
        stmt = stmt.where(Collection.id < position["before"])
    found = list(session.scalars(stmt))
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        next_cursor = pagination.encode_cursor({"before": found[-1].id})
    visible = published_ids_among(session, [i.story_id for c in found for i in c.items])
    covers = _covers(session, found, visible)
    summaries = []
    for collection in found:
        summary = _summary(collection, covers.get(collection.id), visible)
        if not curator:
            del summary["unavailable"]
        summaries.append(summary)
    return summaries, next_cursor


def public_view(session: Session, collection: Collection) -> dict:
    """The collection as the public (and the tour, kiosk and print) sees it: only the stories
    the public may see, in order, each with its note and its Feature."""
    features = _features(session, collection)
    shown = [
        (item, json.loads(features[item.story_id]))
        for item in collection.items
        if item.story_id in features
    ]
    items = [
        {
            "story": feature["id"],
            "position": index,
            "note": item.note,
            "available": True,
            "feature": feature,
        }
        for index, (item, feature) in enumerate(shown)
    ]
    out = _summary(collection, _cover_from(features, collection.cover), set(features))
    del out["unavailable"]
    return out | {"items": items}


def edit_view(session: Session, collection: Collection) -> dict:
    """The collection as its curators edit it: every item, those the public no longer sees
    marked `available: false` with the story's status."""
    features = _features(session, collection)
    stories = {
        s.id: s
        for s in session.scalars(
            sa.select(Story).where(Story.id.in_([i.story_id for i in collection.items]))
        )
    }
    items = []
    for item in collection.items:
        story = stories[item.story_id]
        entry = {
            "story": str(story.uuid),
            "position": item.position,
            "note": item.note,
            "available": item.story_id in features,
            "status": story.status,
            "title": story.title,
        }
        if item.story_id in features:
            entry["feature"] = json.loads(features[item.story_id])
        items.append(entry)
    out = _summary(collection, _cover_from(features, collection.cover), set(features))
    return out | {"cover_id": collection.cover, "items": items}


def _features(session: Session, collection: Collection) -> dict[int, str]:
    return published_features_among(session, [i.story_id for i in collection.items])


def _summary(collection: Collection, cover: dict | None, visible: Iterable[int]) -> dict:
    shown = sum(1 for i in collection.items if i.story_id in visible)
    return {
        "slug": collection.slug,
        "title": collection.title,
        "intro": collection.intro,
        "status": collection.status,
        "cover": cover,
        "opens_on": collection.opens_on,
        "closes_on": collection.closes_on,
        "count": shown,
        "unavailable": len(collection.items) - shown,
        "published_at": collection.published_at,
        "updated_at": collection.updated_at,
    }


def _cover_from(features: dict[int, str], cover: uuid.UUID | None) -> dict | None:
    """The cover photo as the story Feature lists it, while its story is public."""
    if cover is None:
        return None
    for text in features.values():
        for photo in json.loads(text)["properties"]["photos"]:
            if photo["id"] == str(cover):
                return photo
    return None


def _covers(
    session: Session, collections: list[Collection], visible: set[int]
) -> dict[int, dict | None]:
    """{collection id: cover photo} for a page of collections, in two queries."""
    wanted = {c.id: c.cover for c in collections if c.cover is not None}
    if not wanted:
        return {}
    story_of = dict(
        session.execute(
            sa.select(Photo.uuid, Photo.story_id).where(Photo.uuid.in_(list(wanted.values())))
        ).all()
    )
    features = published_features_among(session, [s for s in story_of.values() if s in visible])
    return {cid: _cover_from(features, photo) for cid, photo in wanted.items()}


# --- writing ----------------------------------------------------------------------------------


def create_collection(session: Session, user: User, data: dict) -> Collection:
    """A new collection from CollectionIn data. Raises Conflict for a slug in use and
    ValidationProblem for stories that are not public or a cover not among its stories."""
    slug = data.get("slug") or _free_slug(session, data["title"])
    _check_slug_free(session, slug, None)
    collection = Collection(
        slug=slug,
        title=data["title"].strip(),
        intro=data.get("intro", ""),
        status=CollectionStatus.DRAFT,
        opens_on=data.get("opens_on"),
        closes_on=data.get("closes_on"),
        created_by_id=user.id,
    )
    session.add(collection)
    _set_items(session, collection, data.get("items", []))
    session.flush()
    update_collection(session, collection, {k: data[k] for k in ("status", "cover") if k in data})
    return collection


def update_collection(session: Session, collection: Collection, data: dict) -> None:
    """Change any part of a collection (CollectionPatch data); `items` replaces the list."""
    if "slug" in data and data["slug"] != collection.slug:
        _check_slug_free(session, data["slug"], collection.id)
        collection.slug = data["slug"]
    for name in ("title", "intro", "opens_on", "closes_on"):
        if name in data:
            setattr(collection, name, data[name].strip() if name == "title" else data[name])
    if collection.opens_on and collection.closes_on and collection.closes_on < collection.opens_on:
        raise ValidationProblem.field(
            "closes_on", _("The closing date comes after the opening date.")
        )
    if "items" in data:
        _set_items(session, collection, data["items"])
    if "cover" in data:
        _check_cover(session, collection, data["cover"])
        collection.cover = data["cover"]
    if "status" in data and data["status"] != collection.status:
        collection.status = data["status"]
        if collection.status == CollectionStatus.PUBLISHED and collection.published_at is None:
            collection.published_at = utcnow()
    collection.updated_at = utcnow()
    session.flush()


def add_item(session: Session, collection: Collection, data: dict) -> None:
    """Put a published story in the collection (at `position`, or at the end)."""
    story = _story(session, data["story"])
    if any(i.story_id == story.id for i in collection.items):
        raise Conflict(_("This story is in the collection already."))
    if len(collection.items) >= ITEMS_MAX:
        raise ValidationProblem.field(
            "story", _("A collection holds at most %(num)d stories.", num=ITEMS_MAX)
        )
    _require_public(story, "story")
    items = list(collection.items)
    position = data.get("position")
    index = len(items) if position is None else min(position, len(items))
    items.insert(index, CollectionItem(story_id=story.id, note=data.get("note", ""), position=0))
    _renumber(collection, items)
    collection.updated_at = utcnow()
    session.flush()


def update_item(session: Session, collection: Collection, story_uuid: uuid.UUID, data: dict):
    """Change an item's note, or move it to `position` (0-based; the others shift)."""
    item = _item(session, collection, story_uuid)
    if "note" in data:
        item.note = data["note"]
    if "position" in data:
        items = [i for i in collection.items if i is not item]
        items.insert(min(data["position"], len(items)), item)
        _renumber(collection, items)
    collection.updated_at = utcnow()
    session.flush()


def remove_item(session: Session, collection: Collection, story_uuid: uuid.UUID) -> None:
    item = _item(session, collection, story_uuid)
    _renumber(collection, [i for i in collection.items if i is not item])
    cover_story = session.scalar(sa.select(Photo.story_id).where(Photo.uuid == collection.cover))
    if collection.cover is not None and cover_story == item.story_id:
        collection.cover = None
    collection.updated_at = utcnow()
    session.flush()


def delete_collection(session: Session, collection: Collection) -> None:
    session.delete(collection)
    session.flush()


def _set_items(session: Session, collection: Collection, entries: list[dict]) -> None:
    """Replace the items by `entries` in their order. Stories already in the collection may
    stay whatever became of them (reordering must not fail because one was hidden since);
    new ones must be public."""
    wanted = [e["story"] for e in entries]
    if len(set(wanted)) != len(wanted):
        raise ValidationProblem.field("items", _("Each story can be in a collection once."))
    stories = {s.uuid: s for s in session.scalars(sa.select(Story).where(Story.uuid.in_(wanted)))}
    existing = {i.story_id: i for i in collection.items}
    items = []
    for index, entry in enumerate(entries):
        story = stories.get(entry["story"])
        if story is None:
            raise ValidationProblem.field(
                f"items.{index}.story", _("There is no story with this id to add.")
            )
        item = existing.get(story.id)
        if item is None:
            _require_public(story, f"items.{index}.story")
            item = CollectionItem(story_id=story.id, position=index)
        item.note = entry.get("note", "")
        items.append(item)
    _renumber(collection, items)


def _renumber(collection: Collection, items: list[CollectionItem]) -> None:
    for index, item in enumerate(items):
        item.position = index
    collection.items = items


def _require_public(story: Story, field: str) -> None:
    if story.status != PUBLIC_STATUS:
        raise ValidationProblem.field(field, _("Only published stories can be added."))


def _story(session: Session, story_uuid: uuid.UUID) -> Story:
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None:
        raise ValidationProblem.field("story", _("There is no story with this id to add."))
    return story


def _item(session: Session, collection: Collection, story_uuid: uuid.UUID) -> CollectionItem:
    story_id = session.scalar(sa.select(Story.id).where(Story.uuid == story_uuid))
    for item in collection.items:
        if item.story_id == story_id:
            return item
    raise NotFound(_("This story is not in the collection."))


def _check_cover(session: Session, collection: Collection, cover: uuid.UUID | None) -> None:
    if cover is None:
        return
    story_id = session.scalar(sa.select(Photo.story_id).where(Photo.uuid == cover))
    if story_id is None or story_id not in {i.story_id for i in collection.items}:
        raise ValidationProblem.field(
            "cover", _("Choose a photo of one of the collection's stories.")
        )


def _check_slug_free(session: Session, slug: str, own_id: int | None) -> None:
    taken = session.scalar(sa.select(Collection.id).where(Collection.slug == slug))
    if taken is not None and taken != own_id:
        message = _("Another collection has this address already.")
        raise Conflict(message, {"slug": [message]})


def _free_slug(session: Session, title: str) -> str:
    base = fold(title).replace(" ", "-")[:72].strip("-") or "expositie"
    taken = set(session.scalars(sa.select(Collection.slug).where(Collection.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _forget_cover_of(session: Session, story_ids: list[int]) -> None:
    photos = sa.select(Photo.uuid).where(Photo.story_id.in_(story_ids))
    session.execute(
        sa.update(Collection)
        .where(Collection.cover.in_(photos))
        .values(cover=None)
        .execution_options(synchronize_session="fetch")
    )


# --- what other capabilities hear and ask ----------------------------------------------------


@story_deleted.connect
def _forget_deleted_story(story: Story, *, session: Session, **_kwargs: object) -> None:
    """A deleted story's item stays (its curators see the collection lost it), but the
    curator's note about it goes, as does a cover photo from it: both may repeat its content."""
    session.execute(
        sa.update(CollectionItem)
        .where(CollectionItem.story_id == story.id)
        .values(note="")
        .execution_options(synchronize_session="fetch")
    )
    _forget_cover_of(session, [story.id])


def published_collections_of(session: Session, story_ids: list[int]) -> dict[int, list[dict]]:
    """{story id: [{title, slug}]} of the published collections each story is in."""
    if not story_ids:
        return {}
    rows = session.execute(
        sa.select(CollectionItem.story_id, Collection.title, Collection.slug)
        .join(Collection, Collection.id == CollectionItem.collection_id)
        .where(
            CollectionItem.story_id.in_(story_ids),
            Collection.status == CollectionStatus.PUBLISHED,
        )
        .order_by(Collection.id)
    ).all()
    found: dict[int, list[dict]] = {}
    for story_id, title, slug in rows:
        found.setdefault(story_id, []).append({"title": title, "slug": slug})
    return found


register_my_story_property("collections", published_collections_of)
