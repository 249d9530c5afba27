"""Text helpers: folding for search (case-, diacritics- and punctuation-insensitive matching),
and input text that both databases can store."""

from __future__ import annotations

import re
from collections.abc import Mapping

import marshmallow as ma
from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    """'Emmer-Compascuum' → 'emmer compascuum', 'Tweede Exloërmond' → 'tweede exloermond'."""
    if not text:
        return ""
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


def search_terms(query: str | None, limit: int = 8) -> list[str]:
    """The folded words of a search query, at most `limit` of them."""
    return fold(query).split()[:limit]


def like_escape(term: str) -> str:
    """Escape LIKE wildcards; callers pass escape='\\'. Folded terms hold none, but be safe."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class TextInputSchema(ma.Schema):
    """An input schema whose strings may not hold NUL characters: PostgreSQL text cannot store
    them (SpatiaLite can), so they would otherwise fail only in production, as a 500."""

    @ma.pre_load
    def reject_nul(self, data: object, **_kwargs: object) -> object:
        if isinstance(data, Mapping):
            for name, value in data.items():
                values = value if isinstance(value, list) else [value]
                if any(isinstance(v, str) and "\x00" in v for v in values):
                    raise ma.ValidationError("Remove the NUL character (\\u0000).", str(name))
        return data
