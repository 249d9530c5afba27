"""HTTP endpoints for insight: counts of published stories and the "waar kom jij weg?" lines."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from verhalenkaart.api import Blueprint
from verhalenkaart.extensions import db
from verhalenkaart.stats import services
from verhalenkaart.stats.schemas import OriginsOut, StatsOut, StatsQuery
from verhalenkaart.stories.features import filters_from_query

blp = Blueprint(
    "stats",
    __name__,
    url_prefix="/api/v1",
    description="Insight: counts of published stories, with the list's filters",
)


@blp.route("/stats")
class Stats(MethodView):
    @blp.arguments(StatsQuery, location="query", as_kwargs=True)
    @blp.response(200, StatsOut)
    def get(self, **args):
        """Published stories counted by kind, theme, place, era decade, month and map cell."""
        filters = filters_from_query(db.session, args)
        return services.story_stats(db.session, filters, current_app.config["REGION_BBOX"])


@blp.route("/stats/origins")
class Origins(MethodView):
    @blp.arguments(StatsQuery, location="query", as_kwargs=True)
    @blp.response(200, OriginsOut)
    def get(self, **args):
        """ "Waar kom jij weg?": lines from a teller's own place to the place they remember."""
        filters = filters_from_query(db.session, args)
        return services.origin_lines(db.session, filters, current_app.config["REGION_BBOX"])
