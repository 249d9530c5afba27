"""Import every model so the metadata is complete (Alembic, tests)."""

from verhalenkaart.accounts.models import User
from verhalenkaart.caching.models import DataVersion
from verhalenkaart.collections.models import Collection, CollectionItem
from verhalenkaart.community.models import Comment, Reaction, Report
from verhalenkaart.layers.models import Layer
from verhalenkaart.media.models import Audio, Photo, PhotoUpload
from verhalenkaart.moderation.models import ModerationEvent
from verhalenkaart.places.models import Place
from verhalenkaart.schools.models import Project
from verhalenkaart.stories.models import MapCell, Story, Theme, story_themes

__all__ = [
    "Audio",
    "Collection",
    "CollectionItem",
    "Comment",
    "DataVersion",
    "MapCell",
    "Layer",
    "ModerationEvent",
    "Photo",
    "PhotoUpload",
    "Place",
    "Project",
    "Reaction",
    "Report",
    "Story",
    "Theme",
    "User",
    "story_themes",
]
