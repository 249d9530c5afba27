"""Demo data: published, clearly marked example stories across the region's real places."""

from __future__ import annotations

import random

import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import Role, User
from verhalenkaart.demo_content import demo_stories
from verhalenkaart.places.models import Place
from verhalenkaart.places.services import geonames_records, upsert_places
from verhalenkaart.stories.bulk import bulk_publish_stories
from verhalenkaart.stories.models import Story
from verhalenkaart.stories.services import StoryRules

DEMO_AUTHOR = "Voorbeeldverhalen (demo)"


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
