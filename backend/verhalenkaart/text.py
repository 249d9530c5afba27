"""Text helpers: folding for search (case-, diacritics- and punctuation-insensitive matching),
and input text that both databases can store."""

from __future__ import annotations

import re
from collections.abc import Mapping

import marshmallow as ma
from unidecode import unidecode

from verhalenkaart.i18n import N_

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


# Ids and positions live in 32-bit integer columns (PostgreSQL int4): a larger number from a
# client must be a 422, not an overflow in the driver.
MAX_ID = 2**31 - 1

# Marked only: marshmallow needs plain strings; the problem renderer translates them.
NUL_MESSAGE = N_("Remove the NUL character (\\u0000).")
SURROGATE_MESSAGE = N_("Remove the unpaired surrogate (\\ud800–\\udfff); send valid Unicode text.")
_SURROGATE = re.compile("[\ud800-\udfff]")


def unstorable_text(value: str) -> str | None:
    """Why `value` cannot be stored, or None.

    PostgreSQL text cannot hold NUL (SpatiaLite can), and a lone UTF-16 surrogate (JSON
    "\\ud800") has no UTF-8 form at all: the database driver, argon2 and itsdangerous all
    raise UnicodeEncodeError on it.
    """
    if "\x00" in value:
        return NUL_MESSAGE
    if not value.isascii() and _SURROGATE.search(value):
        return SURROGATE_MESSAGE
    return None


class TextInputSchema(ma.Schema):
    """An input schema (JSON body, query string or form) whose strings can be stored: no NUL
    characters and no lone surrogates, which would otherwise fail only deep inside, as a 500.
    The problem names the field."""

    @ma.pre_load
    def reject_unstorable_text(self, data: object, **_kwargs: object) -> object:
        if isinstance(data, Mapping):
            for name, value in data.items():
                if isinstance(name, str) and (problem := unstorable_text(name)):
                    # The field is this odd name itself; written with escapes, so it shows.
                    shown = name.encode("unicode_escape").decode("ascii")
                    raise ma.ValidationError(problem, shown)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if isinstance(v, str) and (problem := unstorable_text(v)):
                        raise ma.ValidationError(problem, str(name))
        return data
