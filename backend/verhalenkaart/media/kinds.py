"""What differs between photos and recordings in the steps media/services.py shares: the
model, and each kind's messages, written out whole for translators (decision 9)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import ngettext

from verhalenkaart.i18n import N_
from verhalenkaart.media.models import Audio, Photo


@dataclass(frozen=True)
class MediaKind:
    """One kind of media. Each message is written out for each kind, so a translator sees
    whole sentences (decision 9); the texts are marked here (N_) and translated where they
    are said."""

    model: type[Photo] | type[Audio]
    taken: str  # the 409 detail when a client id belongs to another story's item
    missing: str  # the 404 detail
    too_large: str  # the 413 detail, with %(megabytes)d
    full: Callable[[int], tuple[str, str]]  # the 409 detail and `file` error at `limit` items


def _photos_full(limit: int) -> tuple[str, str]:
    return (
        ngettext(
            "A story can have at most %(num)d photo; remove it first.",
            "A story can have at most %(num)d photos; remove one first.",
            limit,
        ),
        ngettext(
            "A story can have at most %(num)d photo.",
            "A story can have at most %(num)d photos.",
            limit,
        ),
    )


def _recordings_full(limit: int) -> tuple[str, str]:
    return (
        ngettext(
            "A story can have at most %(num)d recording; remove it first.",
            "A story can have at most %(num)d recordings; remove one first.",
            limit,
        ),
        ngettext(
            "A story can have at most %(num)d recording.",
            "A story can have at most %(num)d recordings.",
            limit,
        ),
    )


PHOTOS = MediaKind(
    Photo,
    taken=N_("A photo with this id exists already. Use a new UUID for a new photo."),
    missing=N_("There is no photo with this id on this story."),
    too_large=N_("A photo may be at most %(megabytes)d MB."),
    full=_photos_full,
)
RECORDINGS = MediaKind(
    Audio,
    taken=N_("A recording with this id exists already. Use a new UUID for a new one."),
    missing=N_("There is no recording with this id on this story."),
    too_large=N_("A recording may be at most %(megabytes)d MB."),
    full=_recordings_full,
)
