"""The API's texts in the client's language: Flask-Babel, catalogue in translations/.

Messages are written in English and marked where they are written (docs/decisions/0009):
`_()` for a text made at run time, `ngettext()` when a count picks the form, `lazy_gettext()`
for a text defined at import time (class attributes), and `N_()` for a text that is translated
later, where it is shown. Values go in after translation (`%(name)s`), never into the msgid.
The problem renderer (errors.py) looks every text up once more, so libraries' own messages and
plain English texts that are in the catalogue also reach a Dutch client in Dutch.
"""

from __future__ import annotations

import copy
import functools
from io import BytesIO
from pathlib import Path

import flask_babel
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, has_request_context, request
from flask_babel import gettext
from marshmallow import validate
from werkzeug.utils import cached_property

#: The languages the API answers in; English is the language of the code and needs no catalogue.
SUPPORTED = ("en", "nl")
DEFAULT_LANGUAGE = "en"
TRANSLATIONS = Path(__file__).parent / "translations"
DOMAIN = "messages"
#: Keywords that mark a message besides Babel's defaults (`_`, `gettext`, `ngettext`, `N_`, …):
#: what `pybabel extract -k` and tests/test_i18n.py use.
EXTRA_KEYWORDS = ("lazy_gettext", "lazy_ngettext:1,2")


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Mark `message` for the catalogue without translating it here (gettext_noop)."""
    return message


def select_locale() -> str:
    """Dutch when the client prefers it (the PWA sends its language), English otherwise."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    return request.accept_languages.best_match(SUPPORTED, default=DEFAULT_LANGUAGE)


def response_language() -> str:
    """The language of this response ('en' or 'nl'), for Content-Language."""
    locale = flask_babel.get_locale()
    return str(locale) if locale is not None else DEFAULT_LANGUAGE


def translate(message: object) -> str:
    """`message` in the response language: a lazy text is rendered, a plain one looked up in
    the catalogue (a text that is not in it is returned as it is)."""
    return gettext(str(message))


def load_catalogue(language: str) -> NullTranslations:
    """The translations of `language`, compiled in memory from its .po file.

    Reading the .po itself (once per process and language) means a checkout and an installed
    package need no compile step, and no compiled .mo can fall behind its .po.
    """
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class CatalogueDomain(flask_babel.Domain):
    """Flask-Babel's message domain, with translations from `load_catalogue`."""

    def get_translations(self) -> NullTranslations:
        locale = flask_babel.get_locale()
        if locale is None:  # outside an app context: the code's own English
            return NullTranslations()
        language = str(locale)
        if language not in self.cache:
            self.cache[language] = load_catalogue(language)
        return self.cache[language]


class CatalogueBabel(flask_babel.Babel):
    """Flask-Babel set up for this API: the locale from Accept-Language, the catalogue in
    translations/, and marshmallow's validator messages translated before their values go in."""

    def __init__(self) -> None:
        super().__init__(configure_jinja=False)  # no templates with texts of ours

    def init_app(self, app: Flask, **kwargs) -> None:  # type: ignore[override]
        kwargs.setdefault("locale_selector", select_locale)
        kwargs.setdefault("default_translation_directories", str(TRANSLATIONS))
        super().init_app(app, **kwargs)
        translate_validator_templates()

    @cached_property
    def domain_instance(self) -> CatalogueDomain:
        return CatalogueDomain(domain=DOMAIN)


# --- marshmallow's validators ---------------------------------------------------------------------

#: The validators whose messages carry values (`{min}`, `{choices}`, …).
TRANSLATED_VALIDATORS = (validate.Range, validate.Length, validate.Equal, validate.OneOf)


def translate_validator_templates() -> None:
    """Make marshmallow's validators translate their message template before they put the
    values in ("Must be … {min} … {max}." → "Moet tussen {min} en {max} liggen.").

    marshmallow has no hook for this: each of these validators formats its template in
    `_format_error`, which is wrapped here, once per process. tests/test_i18n.py checks every
    wrapped validator still answers in Dutch, so a marshmallow release that changes this fails
    a test instead of going back to English.
    """
    for validator in TRANSLATED_VALIDATORS:
        format_error = validator.__dict__["_format_error"]
        if not getattr(format_error, "translates_template", False):
            validator._format_error = _translating(format_error)


def _translating(format_error):
    @functools.wraps(format_error)
    def translated_format_error(self, value, *template):
        # Range and Length pass the template in, unless the schema gave its own `error`; the
        # others keep it in `error`. A copy, because the validator belongs to a shared schema.
        if self.error is not None:
            self = copy.copy(self)
            self.error = gettext(str(self.error))
        return format_error(self, value, *(gettext(t) for t in template))

    translated_format_error.translates_template = True
    return translated_format_error


# --- texts marked here, because the code that says them cannot mark them ----------------------

#: marshmallow's validator templates, as the validators above fill them in.
VALIDATOR_TEMPLATES = (
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Must be equal to {other}."),
    N_("Must be one of: {choices}."),
)

#: The messages of marshmallow's fields and schemas, webargs' DelimitedList and werkzeug's
#: titles for the statuses the API answers with; they carry no values, so the renderer finds
#: them by their text. tests/test_i18n.py checks marshmallow still says each of them.
LIBRARY_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid UUID."),
    N_("Not a valid email address."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Invalid type."),
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Not a valid delimited list."),
    N_("Bad Request"),
    N_("Unauthorized"),
    N_("Forbidden"),
    N_("Not Found"),
    N_("Method Not Allowed"),
    N_("Conflict"),
    N_("Request Entity Too Large"),
    N_("Unsupported Media Type"),
    N_("Unprocessable Entity"),
    N_("Too Many Requests"),
    N_("Internal Server Error"),
)
