"""HTTP endpoint for the gazetteer search."""

from flask.views import MethodView

from verhalenkaart.api import Blueprint
from verhalenkaart.extensions import db
from verhalenkaart.places import services
from verhalenkaart.places.schemas import PlaceCollection, PlaceQuery

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
