"""Problem responses speak Dutch to clients that prefer it, English otherwise."""

from __future__ import annotations

import marshmallow as ma
import pytest
from flask_babel import ngettext

from verhalenkaart import i18n
from verhalenkaart.accounts.passwords import password_problem

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
