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
from flask_babel import gettext, lazy_gettext, lazy_ngettext
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

#: Plain English messages of modules being reshaped in issue 9 (stories/, media/, community/,
#: moderation/, me/, geo.py, app.py); the renderer finds their Dutch by their text. Mark each
#: at its source with `_()` and delete it here; tests/test_i18n.py names those marked already.
NOT_YET_MARKED_AT_SOURCE = (
    N_("Database not reachable"),
    N_("The request body is not valid JSON."),
    N_("Log in to share a story."),
    N_("There is no story with this id."),
    N_("A story needs a title."),
    N_("A story with this id exists already. Use a new UUID for a new story."),
    N_("This id is taken."),
    N_("Consent is needed to share a story."),
    N_("Consent cannot be withdrawn by editing; use POST /stories/<id>/consent."),
    N_("era_to must not be before era_from."),
    N_("radius needs near=lon,lat."),
    N_("This cursor is not valid; follow the next link."),
    N_("Only a point can be approximate; a route or area is stored as drawn."),
    N_("Send the exact geometry to make an approximate location exact."),
    N_("Only pupils and the project's teacher can add a story to a project."),
    N_("Use four numbers: minLon,minLat,maxLon,maxLat."),
    N_("Use two numbers: lon,lat."),
    N_("Longitudes must lie between -180 and 180."),
    N_("Latitudes must lie between -90 and 90."),
    N_("The minimum must not be larger than the maximum."),
    N_("Use a longitude and latitude in WGS84 degrees."),
    N_("Send a GeoJSON geometry object."),
    N_("Use a Point, a LineString (a route) or a Polygon (an area)."),
    N_("The geometry has no coordinates."),
    N_("Use two-dimensional coordinates: [longitude, latitude]."),
    N_("Coordinates must be finite numbers."),
    N_("Media storage unavailable"),
    N_("The media storage is not available; please try again later."),
    N_("The file is empty."),
    N_("Send a file, not a text field."),
    N_("Send one value."),
    N_("The file contains web page or script markup; send a plain photo."),
    N_("This is not a photo we can read; send a JPEG, PNG, WebP or HEIC image."),
    N_("The photo is damaged or incomplete; send the whole file again."),
    N_("The photo has too many pixels; send a smaller one."),
    N_("The photo has too many pixels."),
    N_("The photo has no pixels."),
    N_("This is not a recording we can play; send Opus (WebM or Ogg), AAC (MP4) or MP3."),
    N_("The recording is damaged or incomplete; send the whole file again."),
    N_("Send a sound recording only, without video or subtitles."),
    N_("The file has no sound."),
    N_("Send one sound track only."),
    N_("The recording has no sound in it."),
    N_("Only the story's author can add or change its photos and recordings."),
    N_("Only the story's author or a moderator can remove its media."),
    N_("There is no photo with this id on this story."),
    N_("There is no recording with this id on this story."),
    N_("There is no such media file."),
    N_("A photo with this id exists already. Use a new UUID for a new photo."),
    N_("A recording with this id exists already. Use a new UUID for a new one."),
    N_("There is no comment with this id."),
    N_("A comment with this id exists already. Use a new UUID for a new comment."),
    N_("Write something first."),
    N_("Only curators and administrators may moderate."),
    N_("Teachers moderate only their pupils' stories in their own projects."),
    N_("Nothing was changed; see errors for each item."),
    N_("This item is listed twice."),
    N_("Unknown reason code."),
    N_("Choose delete or anonymise."),
    N_("Confirm with your password."),
    N_("The password is not right."),
    N_("The privacy statement is not installed."),
)

#: The Dutch of messages with values that those modules still format in English (f-strings):
#: they reach clients in English until their source says them with exactly these msgids, e.g.
#: `_("Unknown project: %(project)s.", project=slug)`; then delete the entry here.
AWAITING_MARKS_WITH_VALUES = (
    lazy_gettext("Uploads may be at most %(limit)d bytes."),
    lazy_gettext("Send the file as multipart/form-data, not %(mimetype)s."),
    lazy_gettext("JSON bodies may be at most %(limit)d bytes."),
    lazy_gettext("Send the body as application/json, not %(mimetype)s."),
    lazy_gettext("Unknown theme: %(themes)s. See GET /api/v1/themes."),
    lazy_gettext("Unknown project: %(project)s."),
    lazy_gettext("Use at most %(limit)d vertices."),
    lazy_gettext("This is not a valid GeoJSON %(kind)s."),
    lazy_gettext("Give the %(kind)s's coordinates as GeoJSON numbers: [longitude, latitude]."),
    lazy_gettext("The %(kind)s is not valid: %(reason)s."),
    lazy_gettext("This place lies outside the region this map covers (%(region)s)."),
    lazy_gettext("A photo may be at most %(megabytes)d MB."),
    lazy_gettext("A recording may be at most %(megabytes)d MB."),
    lazy_gettext(
        "The photo has too many pixels (%(width)d×%(height)d); at most %(megapixels)d megapixels."
    ),
    lazy_ngettext(
        "A story can have at most %(num)d photo; remove it first.",
        "A story can have at most %(num)d photos; remove one first.",
        2,
    ),
    lazy_ngettext(
        "A story can have at most %(num)d photo.", "A story can have at most %(num)d photos.", 2
    ),
    lazy_ngettext(
        "A story can have at most %(num)d recording; remove it first.",
        "A story can have at most %(num)d recordings; remove one first.",
        2,
    ),
    lazy_ngettext(
        "A story can have at most %(num)d recording.",
        "A story can have at most %(num)d recordings.",
        2,
    ),
    lazy_ngettext(
        "The recording is longer than %(num)d minute; make a shorter one.",
        "The recording is longer than %(num)d minutes; make a shorter one.",
        2,
    ),
    lazy_gettext("A %(status)s story cannot be given '%(action)s'."),
    lazy_gettext("Not possible for a %(status)s story."),
    lazy_gettext("A %(status)s comment cannot be given '%(action)s'."),
    lazy_gettext("Not possible for a %(status)s comment."),
)
