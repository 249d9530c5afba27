"""Text folding for search: case-, diacritics- and punctuation-insensitive matching."""

from __future__ import annotations

import re

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
