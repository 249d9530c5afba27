"""Photos and recordings in the story Feature: as Python dicts for one story, and as JSON
written by the database for lists. Both are registered as parts of the story Feature
(stories.features.register_feature_part), in the same shape; a test holds the two equal.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from verhalenkaart import sqljson
from verhalenkaart.media.models import Audio, Photo
from verhalenkaart.stories.features import FeaturePart, register_feature_part
from verhalenkaart.stories.models import Story

DEFAULT_MEDIA_URL = "/media/"


def in_order(session: Session, model: type[Photo] | type[Audio], story: Story) -> list:
    """A story's photos or recordings, in their order."""
    query = sa.select(model).where(model.story_id == story.id)
    return list(session.scalars(query.order_by(model.position, model.id)))


def photos_of(session: Session, story: Story) -> list[Photo]:
    return in_order(session, Photo, story)


def recordings_of(session: Session, story: Story) -> list[Audio]:
    return in_order(session, Audio, story)


def media_url() -> str:
    """Where clients fetch media files: `/media/` (served by us) or a bucket or CDN URL."""
    if has_app_context():
        return str(current_app.config.get("MEDIA_URL") or DEFAULT_MEDIA_URL)
    return DEFAULT_MEDIA_URL


def photo_json(photo: Photo) -> dict:
    """A photo as the story Feature lists it (same keys, same order as photos_json_sql)."""
    base = media_url()
    return {
        "id": str(photo.uuid),
        "position": photo.position,
        "urls": {
            "thumb": base + photo.thumb_key,
            "medium": base + photo.medium_key,
            "large": base + photo.large_key,
        },
        "width": photo.width,
        "height": photo.height,
        "caption": photo.caption,
        "alt": photo.alt,
    }


def audio_json(audio: Audio) -> dict:
    """A recording as the story Feature lists it (shaped like audio_json_sql)."""
    base = media_url()
    return {
        "id": str(audio.uuid),
        "url": base + audio.key,
        "duration": audio.duration,
        "mime_type": audio.mime_type,
        "transcript": audio.transcript,
    }


def _items_sql(
    model: type[Photo] | type[Audio], item: sa.ColumnElement, story_id
) -> sa.ColumnElement:
    """The story's rows of `model` as a JSON array of `item`, in their order ([] if none).

    A correlated subquery, one index lookup per story: planners keep it cheap whatever they
    believe about the table's size (a join to a grouped subquery was planned as a nested loop
    over all photos on a freshly filled PostGIS table, 4.6 s for a page of 1000).
    """
    t = model.__table__
    return sqljson.json_array_or_empty(
        sa.select(sqljson.json_array_agg(item, t.c.position * 1_000_000 + t.c.id))
        .where(t.c.story_id == story_id)
        .scalar_subquery()
    )


def photos_json_sql(story_id: sa.ColumnElement) -> sa.ColumnElement:
    """The photos of the story `story_id` as a JSON array written by the database, in the shape
    photo_json() gives."""
    t = Photo.__table__
    base = sa.literal(media_url(), sa.String)
    item = sqljson.json_object(
        {
            "id": sqljson.uuid_text(t.c.uuid),
            "position": t.c.position,
            "urls": sqljson.json_object(
                {
                    "thumb": base + t.c.thumb_key,
                    "medium": base + t.c.medium_key,
                    "large": base + t.c.large_key,
                }
            ),
            "width": t.c.width,
            "height": t.c.height,
            "caption": t.c.caption,
            "alt": t.c.alt,
        }
    )
    return _items_sql(Photo, item, story_id)


def audio_json_sql(story_id: sa.ColumnElement) -> sa.ColumnElement:
    """The recordings of the story `story_id` as a JSON array, shaped like audio_json()."""
    t = Audio.__table__
    base = sa.literal(media_url(), sa.String)
    item = sqljson.json_object(
        {
            "id": sqljson.uuid_text(t.c.uuid),
            "url": base + t.c.key,
            "duration": t.c.duration,
            "mime_type": t.c.mime_type,
            "transcript": t.c.transcript,
        }
    )
    return _items_sql(Audio, item, story_id)


register_feature_part(
    "photos",
    FeaturePart(
        sql=photos_json_sql,
        python=lambda session, story: [photo_json(p) for p in photos_of(session, story)],
    ),
)
register_feature_part(
    "audio",
    FeaturePart(
        sql=audio_json_sql,
        python=lambda session, story: [audio_json(a) for a in recordings_of(session, story)],
    ),
)
