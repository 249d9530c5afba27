"""Demo data: published, clearly marked example stories across the region's real places, and an
example context layer made from the gazetteer."""

from __future__ import annotations

import json
import random

import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session

from verhalenkaart import geo
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.demo_content import demo_stories
from verhalenkaart.demo_images import CAPTION, demo_illustration
from verhalenkaart.layers.files import LayerLimits
from verhalenkaart.layers.models import Layer
from verhalenkaart.layers.services import create_layer
from verhalenkaart.media.files import StagedFiles
from verhalenkaart.media.models import Photo
from verhalenkaart.media.services import MediaRules, add_photo
from verhalenkaart.media.storage import Storage
from verhalenkaart.places.models import Place
from verhalenkaart.places.services import geonames_records, upsert_places
from verhalenkaart.stories.bulk import bulk_publish_stories
from verhalenkaart.stories.models import Kind, Status, Story
from verhalenkaart.stories.services import StoryRules

DEMO_AUTHOR = "Voorbeeldverhalen (demo)"
DEMO_LAYER_SLUG = "voorbeeld-plaatsen"
#: Only places at least this large: a readable example, not a carpet of dots.
DEMO_LAYER_MIN_POPULATION = 2000
#: At most this many demo illustrations per seed: each is drawn and stored in three sizes
#: (≈ 0.15 s), which at 100,000 stories (15,000 photo stories) was most of the seed's time.
DEMO_PHOTO_LIMIT = 200


def seed_demo_stories(session: Session, config: dict, count: int, rng: random.Random) -> int:
    """Write `count` published demo stories unless some exist; returns how many were written."""
    if session.scalar(sa.select(Story.id).where(Story.is_demo.is_(True)).limit(1)) is not None:
        return 0
    region = config["REGION_BBOX"]
    if session.scalar(sa.select(sa.func.count()).select_from(Place)) == 0:
        upsert_places(session, geonames_records(region))
    places = list(session.scalars(sa.select(Place).order_by(Place.id)))
    in_province = [p for p in places if p.province == config["REGION_NAME"]] or places
    triples = []
    for place in in_province:
        point = to_shape(place.point)
        triples.append((place.name, point.x, point.y))
    # The demo author cannot log in (no e-mail, no password).
    author = User(email=None, display_name=DEMO_AUTHOR, role=Role.RESIDENT)
    session.add(author)
    session.flush()
    rules = StoryRules.from_config(config)
    # The bulk path: multi-row inserts, then the map cells rebuilt once.
    features = demo_stories(triples, rng, count)
    return bulk_publish_stories(session, author, features, rules, is_demo=True)


def seed_demo_photos(
    session: Session,
    config: dict,
    storage: Storage,
    rng: random.Random,
    limit: int | None = DEMO_PHOTO_LIMIT,
) -> int:
    """Give the demo stories of kind photo that have none (all, or `limit` of them chosen at
    random across the region) a drawn demo illustration (marked on the image, in its alt
    text and caption as a demo, never a photograph); returns how many."""
    has_photo = sa.select(Photo.id).where(Photo.story_id == Story.id).exists()
    ids = session.scalars(
        sa.select(Story.id)
        .where(Story.is_demo.is_(True), Story.kind == Kind.PHOTO, ~has_photo)
        .order_by(Story.id)
    ).all()
    if limit is not None and len(ids) > limit:
        # Not the first ones: the bulk seed writes in spatial order, so those lie together.
        ids = sorted(rng.sample(ids, limit))
    stories = session.scalars(sa.select(Story).where(Story.id.in_(ids)).order_by(Story.id)).all()
    rules = MediaRules.from_config(config)
    with StagedFiles(storage) as staged:
        for story in stories:
            image, alt = demo_illustration([t.slug for t in story.themes], rng)
            add_photo(
                session, staged, story, image, {"alt": alt, "caption": CAPTION}, rules, story.author
            )
            story.status = Status.PUBLISHED  # demo content is published as it is written
        session.flush()
    return len(stories)


def seed_demo_layer(session: Session, config: dict) -> bool:
    """An example context layer made from the gazetteer (no invented geography): the region's
    larger places as points, marked as an example. Written once; returns whether it was."""
    if session.scalar(sa.select(Layer.id).where(Layer.slug == DEMO_LAYER_SLUG)) is not None:
        return False
    places = session.scalars(
        sa.select(Place)
        .where(Place.population >= DEMO_LAYER_MIN_POPULATION)
        .where(geo.in_bbox(Place.point, config["REGION_BBOX"]))
        .order_by(Place.population.desc())
    )
    features = [
        {
            "type": "Feature",
            "geometry": geo.shape_to_geojson(to_shape(place.point)),
            "properties": {"naam": place.name, "inwoners": place.population},
        }
        for place in places
    ]
    if not features:
        return False
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    texts = {
        "title": "Voorbeeld: grotere plaatsen",
        "slug": DEMO_LAYER_SLUG,
        "explanation": (
            "Dit is een voorbeeldlaag om te laten zien hoe kaartlagen werken: de plaatsen met "
            f"meer dan {DEMO_LAYER_MIN_POPULATION} inwoners uit de plaatsnamenlijst. "
            "Curatoren vervangen hem door echte lagen, zoals de Opgavenkaart of de beekdalen."
        ),
        "attribution": "GeoNames (geonames.org), via de plaatsnamenlijst van de Verhalenkaart",
        "licence": "CC BY 4.0",
        "style": {"colour": "#8a4b08", "line_width": 1.5, "fill": True, "fill_opacity": 0.6},
    }
    create_layer(
        session, data, "voorbeeld-plaatsen.geojson", texts, LayerLimits.from_config(config)
    )
    return True
