"""HTTP endpoints of the gazetteer: search, and a place's page of stories."""

from flask.views import MethodView

from verhalenkaart.api import Blueprint, problems
from verhalenkaart.extensions import db
from verhalenkaart.places import pages, services
from verhalenkaart.places.schemas import (
    NearestQuery,
    PlaceCollection,
    PlaceNearest,
    PlacePage,
    PlaceQuery,
)

blp = Blueprint("places", __name__, url_prefix="/api/v1", description="Gazetteer search")


@blp.route("/places")
class Places(MethodView):
    @blp.arguments(PlaceQuery, location="query", as_kwargs=True)
    @blp.response(200, PlaceCollection)
    def get(self, q: str, limit: int):
        """Find places by name: case, accents and hyphens don't matter; prefixes rank first."""
        places = services.search_places(db.session, q, limit)
        return {
            "type": "FeatureCollection",
            "features": [services.place_feature(p) for p in places],
            "attribution": services.GEONAMES_ATTRIBUTION,
        }


@blp.route("/places/nearest")
class NearestPlace(MethodView):
    @blp.arguments(NearestQuery, location="query", as_kwargs=True)
    @blp.response(200, PlaceNearest)
    def get(self, lon: float, lat: float, radius: int):
        """The place nearest to a point (for naming a pin): one feature with its `distance`
        in metres, or none within `radius`."""
        found = services.nearest_place(db.session, lon, lat, radius)
        features = []
        if found:
            place, distance = found
            features.append({**services.place_feature(place), "distance": round(distance)})
        return {
            "type": "FeatureCollection",
            "features": features,
            "attribution": services.GEONAMES_ATTRIBUTION,
        }


@blp.route("/places/<name>")
class PlaceByName(MethodView):
    @problems(blp, 404)
    @blp.response(200, PlacePage)
    def get(self, name: str):
        """A place and its published stories as was (past), is (now) and wordt (wishes)."""
        place = pages.place_by_name(db.session, name)
        return pages.place_page(db.session, place)
