"""A place's page: the published stories of one village or town as *was – is – wordt*.

The stories come through the stories' read side (a place filter and a frame filter on
StoryFilters), so the page shows exactly what the list and the map would.
"""

from __future__ import annotations

import dataclasses
import json

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import geo
from verhalenkaart.errors import NotFound
from verhalenkaart.places.models import Place
from verhalenkaart.places.services import place_feature
from verhalenkaart.stories.counts import count_published
from verhalenkaart.stories.features import StoryFilters, list_published_stories
from verhalenkaart.stories.frames import FRAMES, PlaceArea
from verhalenkaart.text import fold

#: How far from a place's point a story still belongs to it (when it does not name the place):
#: a town reaches further than a village, a village further than a hamlet.
RADIUS_M = {"stad": 3000.0, "dorp": 1500.0}
DEFAULT_RADIUS_M = 800.0

#: Stories shown per frame; the counts say how many there are in all.
FRAME_LIMIT = 60


def place_by_name(session: Session, name: str) -> Place:
    """The gazetteer place called `name` (any case, accents or hyphens); of several with the
    same name the largest. NotFound when there is none."""
    folded = fold(name)
    place = (
        session.scalar(
            sa.select(Place)
            .where(Place.search_name == folded)
            .order_by(Place.population.desc().nulls_last(), Place.id)
            .limit(1)
        )
        if folded
        else None
    )
    if place is None:
        raise NotFound(_("There is no place with this name."))
    return place


def place_area(place: Place) -> PlaceArea:
    shape = geo.to_shape_point(place.point)
    radius = RADIUS_M.get(place.kind, DEFAULT_RADIUS_M)
    return PlaceArea(name=place.name, lon=shape.x, lat=shape.y, radius_m=radius)


def place_page(session: Session, place: Place, limit: int = FRAME_LIMIT) -> dict:
    """{place, counts: {was, is, wordt}, was: [Feature], is: […], wordt: […]}: the newest
    `limit` published stories of each frame."""
    base = StoryFilters(place=place_area(place))
    page: dict = {"place": place_feature(place), "counts": {}}
    for frame in FRAMES:
        filters = dataclasses.replace(base, frame=frame)
        found, _next = list_published_stories(session, filters, limit, None)
        page["counts"][frame] = count_published(session, filters)
        page[frame] = [json.loads(feature) for feature in found]
    return page
