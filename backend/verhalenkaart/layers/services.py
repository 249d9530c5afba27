"""Context-layer services: list, find, import, edit, reorder and remove layers."""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.errors import Conflict, NotFound
from verhalenkaart.layers.files import LayerData, LayerLimits, read_layer_file
from verhalenkaart.layers.models import DEFAULT_STYLE, FILENAME_MAX, SLUG_MAX, Layer
from verhalenkaart.text import fold

TEXT_FIELDS = ("title", "explanation", "attribution", "licence", "visible_by_default")


def list_layers(session: Session) -> list[Layer]:
    """All layers in display order."""
    return list(session.scalars(sa.select(Layer).order_by(Layer.position, Layer.id)))


def get_layer(session: Session, slug: str) -> Layer:
    """The layer with `slug`; NotFound otherwise."""
    layer = session.scalar(sa.select(Layer).where(Layer.slug == slug))
    if layer is None:
        raise NotFound(_("There is no layer with this address."))
    return layer


def create_layer(
    session: Session, upload: bytes, filename: str, data: Mapping[str, Any], limits: LayerLimits
) -> Layer:
    """Import a file as a new layer, placed last unless `data` gives a position.

    Raises ValidationProblem for a bad file or field, PayloadTooLarge, Conflict for a taken slug.
    """
    read = read_layer_file(upload, limits, data.get("source_layer"))
    slug = data.get("slug") or _free_slug(session, data["title"])
    if session.scalar(sa.select(Layer.id).where(Layer.slug == slug)) is not None:
        raise Conflict(
            _("Another layer has this address: %(slug)s.", slug=slug),
            {"slug": [_("Another layer has this address; choose another.")]},
        )
    last = session.scalar(sa.select(sa.func.max(Layer.position)))
    layer = Layer(
        slug=slug,
        title=data["title"],
        explanation=data.get("explanation", ""),
        attribution=data.get("attribution", ""),
        licence=data.get("licence", ""),
        visible_by_default=data.get("visible_by_default", False),
        style=DEFAULT_STYLE | dict(data.get("style") or {}),
        position=(last + 1) if last is not None else 0,
    )
    _set_data(layer, read, filename)
    try:
        with session.begin_nested():
            session.add(layer)
            session.flush()
    except sa.exc.IntegrityError:  # another curator took the slug a moment ago
        raise Conflict(
            _("Another layer has this address: %(slug)s.", slug=slug),
            {"slug": [_("Another layer has this address; choose another.")]},
        ) from None
    if "position" in data:
        move_layer(session, layer, data["position"])
    return layer


def update_layer(
    session: Session,
    layer: Layer,
    data: Mapping[str, Any],
    limits: LayerLimits,
    upload: bytes | None = None,
    filename: str = "",
) -> Layer:
    """Change texts, style, order or default visibility; with `upload`, replace the features."""
    if upload is not None:
        _set_data(layer, read_layer_file(upload, limits, data.get("source_layer")), filename)
    for key in TEXT_FIELDS:
        if key in data:
            setattr(layer, key, data[key])
    if "style" in data:
        layer.style = DEFAULT_STYLE | dict(layer.style or {}) | dict(data["style"])
    session.flush()
    if "position" in data:
        move_layer(session, layer, data["position"])
    return layer


def move_layer(session: Session, layer: Layer, position: int) -> None:
    """Put `layer` at `position` (0 first) and number all layers 0, 1, 2, … again."""
    others = [other for other in list_layers(session) if other.id != layer.id]
    position = max(0, min(position, len(others)))
    others.insert(position, layer)
    for index, item in enumerate(others):
        item.position = index
    session.flush()


def delete_layer(session: Session, layer: Layer) -> None:
    session.delete(layer)
    session.flush()
    for index, item in enumerate(list_layers(session)):
        item.position = index
    session.flush()


def _set_data(layer: Layer, read: LayerData, filename: str) -> None:
    layer.data = read.geojson
    layer.data_gzip = gzip.compress(read.geojson.encode("utf-8"), compresslevel=9, mtime=0)
    layer.data_etag = read.etag
    layer.data_bytes = len(read.geojson.encode("utf-8"))
    layer.bbox = read.bbox
    layer.feature_count = read.feature_count
    layer.vertex_count = read.vertex_count
    layer.source_format = read.source_format
    layer.source_crs = read.source_crs
    layer.source_filename = (filename or "")[:FILENAME_MAX]
    layer.simplify_tolerance = read.simplify_tolerance


def _free_slug(session: Session, title: str) -> str:
    """A slug from the title ('Beekdalen van Drenthe' → 'beekdalen-van-drenthe'), numbered
    when taken."""
    base = fold(title).replace(" ", "-")[: SLUG_MAX - 4].strip("-") or "kaartlaag"
    taken = set(session.scalars(sa.select(Layer.slug).where(Layer.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
