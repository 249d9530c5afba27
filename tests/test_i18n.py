"""Problem responses speak Dutch to clients that prefer it, English otherwise; every message the
code marks has its Dutch in the catalogue, and the catalogue template is up to date."""

from __future__ import annotations

import configparser
import io
import re
from pathlib import Path

import marshmallow as ma
import pytest
import webargs.fields
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po
from flask_babel import ngettext
from werkzeug.exceptions import default_exceptions

from tests.conftest import feature
from tests.media_files import jpeg
from verhalenkaart import i18n
from verhalenkaart.accounts.passwords import password_problem
from verhalenkaart.errors import _SLUGS, PayloadTooLarge
from verhalenkaart.media.routes import MULTIPART_OVERHEAD_BYTES
from verhalenkaart.media.services import MediaRules, add_photo

PACKAGE = Path(i18n.__file__).parent
REPO_ROOT = PACKAGE.parents[1]
TEMPLATE = i18n.TRANSLATIONS / "messages.pot"
DUTCH = i18n.TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po"
UPDATE_COMMANDS = "docs/api.md, 'Adding or changing a message'"
DUTCH_CLIENT = {"Accept-Language": "nl-NL,nl;q=0.9"}

# --- what clients see ------------------------------------------------------------------------


def test_validation_problem_in_dutch_for_a_dutch_client(client):
    response = client.get("/api/v1/stories?limit=0", headers=DUTCH_CLIENT)
    assert response.status_code == 422
    assert response.headers["Content-Language"] == "nl"
    assert response.json["title"] == "Niet alle velden zijn geldig"
    assert response.json["errors"] == {"limit": ["Moet tussen 1 en 1000 liggen."]}
    assert response.json["detail"] == "limit: Moet tussen 1 en 1000 liggen."


def test_problem_in_english_without_a_language_preference(client):
    response = client.get("/api/v1/stories?limit=0")
    assert response.headers["Content-Language"] == "en"
    assert response.json["title"] == "Some fields are not valid"
    assert response.json["errors"] == {
        "limit": ["Must be greater than or equal to 1 and less than or equal to 1000."]
    }


def test_a_client_preferring_another_language_gets_english(client):
    response = client.get("/api/v1/stories?limit=0", headers={"Accept-Language": "de, nl;q=0.1"})
    assert response.headers["Content-Language"] == "nl"
    response = client.get("/api/v1/stories?limit=0", headers={"Accept-Language": "de, fr"})
    assert response.headers["Content-Language"] == "en"
    assert response.json["title"] == "Some fields are not valid"


def test_not_found_in_dutch(client):
    response = client.get(
        "/api/v1/stories/00000000-0000-4000-8000-000000000000", headers={"Accept-Language": "nl"}
    )
    assert response.status_code == 404
    assert response.json["detail"] == "Er is geen verhaal met deze id."


def test_values_go_into_the_dutch_text(client):
    response = client.put("/api/v1/themes", headers=DUTCH_CLIENT)
    assert response.status_code == 405
    assert response.json["title"] == "Deze methode is hier niet toegestaan"
    assert response.json["detail"].startswith("Dit adres kent alleen deze methodes: GET")


def test_a_count_picks_the_plural_form(app):
    singular, plural = "Use at least %(num)d character.", "Use at least %(num)d characters."
    with app.test_request_context(headers=DUTCH_CLIENT):
        assert ngettext(singular, plural, 1) == "Gebruik minstens 1 teken."
        assert ngettext(singular, plural, 10) == "Gebruik minstens 10 tekens."
        assert password_problem("kort") == "Gebruik minstens 10 tekens."
    with app.test_request_context():
        assert ngettext(singular, plural, 1) == "Use at least 1 character."
        assert password_problem("kort") == "Use at least 10 characters."


def test_unknown_messages_stay_as_they_are(app):
    with app.test_request_context(headers=DUTCH_CLIENT):
        assert i18n.translate("Something new entirely") == "Something new entirely"
        assert i18n.translate("Missing data for required field.") == "Dit veld is verplicht."
    with app.test_request_context():
        assert i18n.translate("Missing data for required field.") == (
            "Missing data for required field."
        )


def test_input_robustness_messages_have_a_dutch_text(app):
    from verhalenkaart.text import NUL_MESSAGE, SURROGATE_MESSAGE

    with app.test_request_context(headers=DUTCH_CLIENT):
        for message in (NUL_MESSAGE, SURROGATE_MESSAGE, "Send one value."):
            assert i18n.translate(message) != message


def test_outside_a_request_texts_are_english():
    assert password_problem("kort") == "Use at least 10 characters."


# --- messages with values, from stories, geo and media -----------------------------------------


def test_an_unknown_theme_is_named_in_dutch(client):
    response = client.get("/api/v1/stories?theme=turf,water-bodem", headers=DUTCH_CLIENT)
    assert response.status_code == 422
    assert response.json["errors"] == {"theme": ["Onbekend thema: turf. Zie GET /api/v1/themes."]}


def test_a_place_outside_the_region_is_refused_in_dutch(app, client, make_user, login):
    login(make_user("resident"))
    amsterdam = feature(4.9003, 52.3789)
    response = client.post("/api/v1/stories", json=amsterdam, headers=DUTCH_CLIENT)
    assert response.status_code == 422
    min_lon, min_lat, max_lon, max_lat = app.config["REGION_BBOX"]
    region = f"{min_lon},{min_lat} – {max_lon},{max_lat}"
    assert response.json["errors"] == {
        "geometry": [f"Deze plek ligt buiten het gebied van deze kaart ({region})."]
    }


def _upload(client, story, data: bytes):
    return client.post(
        f"/api/v1/stories/{story.uuid}/photos",
        data={"file": (io.BytesIO(data), "photo.jpg")},
        content_type="multipart/form-data",
        headers=DUTCH_CLIENT,
    )


def test_an_upload_over_the_limit_is_refused_in_dutch(app, client, story, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 1000)
    response = _upload(client, story, b"\xff\xd8" + bytes(400_000))
    assert response.status_code == 413
    limit = 1000 + MULTIPART_OVERHEAD_BYTES
    assert response.json["detail"] == f"Een upload mag hoogstens {limit} bytes groot zijn."


def test_a_photo_over_the_byte_limit_is_refused_in_dutch(app, session, story, author):
    # Through the service: an HTTP upload over a megabyte leaves werkzeug's spooled temporary
    # file to the garbage collector, which the warning filter turns into a failure elsewhere.
    rules = MediaRules(photo_max_bytes=2 * 2**20)
    with app.test_request_context(headers=DUTCH_CLIENT), pytest.raises(PayloadTooLarge) as error:
        add_photo(session, None, story, bytes(2 * 2**20 + 1), {}, rules, author)
    assert error.value.detail == "file: Een foto mag hoogstens 2 MB groot zijn."
    assert error.value.errors == {"file": ["Een foto mag hoogstens 2 MB groot zijn."]}


def test_a_full_story_says_so_in_dutch_with_the_count_in_the_right_form(
    app, client, story, media_storage, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_PHOTOS_PER_STORY", 1)
    assert _upload(client, story, jpeg()).status_code == 201
    response = _upload(client, story, jpeg())
    assert response.status_code == 409
    assert response.json["detail"] == "Een verhaal kan hoogstens 1 foto hebben; haal die eerst weg."
    assert response.json["errors"] == {"file": ["Een verhaal kan hoogstens 1 foto hebben."]}


# --- marshmallow's validators --------------------------------------------------------------

VALIDATORS = [
    (ma.validate.Range(1, 1000), 0, "Moet tussen 1 en 1000 liggen."),
    (ma.validate.Range(min=1), 0, "Moet minstens 1 zijn."),
    (ma.validate.Range(max=22), 23, "Mag hoogstens 22 zijn."),
    (ma.validate.Range(0, 1, min_inclusive=False), 0, "Moet groter dan 0 en hoogstens 1 zijn."),
    (ma.validate.Length(max=3), "vier", "Langer dan de maximale lengte 3."),
    (ma.validate.Length(min=2), "a", "Korter dan de minimale lengte 2."),
    (ma.validate.Length(1, 3), "", "De lengte moet tussen 1 en 3 liggen."),
    (ma.validate.Length(equal=2), "a", "De lengte moet 2 zijn."),
    (ma.validate.OneOf(["memory", "wish"]), "x", "Kies uit: memory, wish."),
    (ma.validate.Equal("Feature"), "x", "Moet gelijk zijn aan Feature."),
    (ma.validate.Equal(True, error="Consent is needed to share a story."), False, None),
]


@pytest.mark.parametrize(("validator", "value", "dutch"), VALIDATORS)
def test_marshmallow_validators_fill_their_dutch_template(app, validator, value, dutch):
    with app.test_request_context(), pytest.raises(ma.ValidationError) as english:
        validator(value)
    with app.test_request_context(headers=DUTCH_CLIENT), pytest.raises(ma.ValidationError) as nl:
        validator(value)
    assert nl.value.messages != english.value.messages
    if dutch is not None:
        assert nl.value.messages == [dutch]


def test_every_validator_template_marshmallow_fills_is_in_the_catalogue():
    # A marshmallow release that rewords a message would otherwise go back to English.
    templates = {ma.validate.OneOf([]).error, ma.validate.Equal(0).error}
    for min_inclusive in (True, False):
        for max_inclusive in (True, False):
            bounds = ma.validate.Range(
                0, 1, min_inclusive=min_inclusive, max_inclusive=max_inclusive
            )
            templates |= {bounds.message_min, bounds.message_max, bounds.message_all}
    length = ma.validate.Length
    templates |= {length.message_min, length.message_max, length.message_all, length.message_equal}
    assert templates == set(i18n.VALIDATOR_TEMPLATES)
    assert set(i18n.TRANSLATED_VALIDATORS) == {type(v) for v, _value, _dutch in VALIDATORS}, (
        "each translated validator has a case in VALIDATORS"
    )


def test_the_library_messages_the_api_can_return_are_in_the_catalogue():
    fields = (ma.fields.String, ma.fields.Integer, ma.fields.Float, ma.fields.Boolean)
    fields += (ma.fields.UUID, ma.fields.Email, ma.fields.List, ma.fields.Dict, ma.fields.Nested)
    fields += (ma.fields.Raw, webargs.fields.DelimitedList)
    messages = set(ma.Schema._default_error_messages.values())
    for field in fields:
        for cls in field.__mro__:
            messages |= set(getattr(cls, "default_error_messages", {}).values())
    titles = {default_exceptions[status]().name for status in _SLUGS}
    assert messages | titles <= set(i18n.LIBRARY_MESSAGES)


# --- the catalogue -------------------------------------------------------------------------


def _extracted() -> dict[str | tuple[str, ...], set[str]]:
    """Every marked message of the package, as `pybabel extract -F babel.cfg` finds it, with
    the files that mark it."""
    mapping = configparser.RawConfigParser()
    mapping.read(REPO_ROOT / "babel.cfg")
    method_map = [
        tuple(reversed([part.strip() for part in section.split(":", 1)]))
        for section in mapping.sections()
    ]
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(i18n.EXTRA_KEYWORDS)}
    found: dict[str | tuple[str, ...], set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map, keywords=keywords
    ):
        found.setdefault(message, set()).add(filename)
    return found


def _catalogue(path: Path, locale: str | None = None):
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def test_the_template_lists_every_marked_message():
    marked = set(_extracted())
    listed = {message.id for message in _catalogue(TEMPLATE) if message.id}
    new, gone = sorted(marked - listed, key=str), sorted(listed - marked, key=str)
    assert not new, f"not in messages.pot yet ({UPDATE_COMMANDS}): {new}"
    assert not gone, f"no longer marked ({UPDATE_COMMANDS}): {gone}"


def test_the_dutch_catalogue_has_exactly_the_templates_messages():
    template = {message.id for message in _catalogue(TEMPLATE) if message.id}
    dutch = _catalogue(DUTCH, "nl")
    assert {message.id for message in dutch if message.id} == template
    assert not dutch.obsolete, "remove the obsolete (#~) entries"


def test_every_marked_message_has_its_dutch():
    dutch = _catalogue(DUTCH, "nl")
    assert dutch.num_plurals == 2
    untranslated, fuzzy = [], []
    for message in dutch:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, "no Dutch yet"
    assert not fuzzy, "a fuzzy guess is not used: check it and remove the fuzzy flag"


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_the_dutch_keeps_every_placeholder():
    dutch = _catalogue(DUTCH, "nl")
    assert [(m.id, errors) for m, errors in dutch.check()] == []  # Babel's own python-format check
    for message in dutch:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, message.id
