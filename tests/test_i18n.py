"""Problem responses speak Dutch to clients that prefer it, English otherwise."""

from verhalenkaart.i18n import translate


def test_validation_problem_in_dutch_for_a_dutch_client(client):
    response = client.get("/api/v1/stories?limit=0", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    assert response.status_code == 422
    assert response.headers["Content-Language"] == "nl"
    assert response.json["title"] == "Niet alle velden zijn geldig"
    assert response.json["errors"] == {"limit": ["Moet tussen 1 en 1000 liggen."]}


def test_problem_in_english_without_a_language_preference(client):
    response = client.get("/api/v1/stories?limit=0")
    assert response.headers["Content-Language"] == "en"
    assert response.json["title"] == "Some fields are not valid"


def test_not_found_in_dutch(client):
    response = client.get(
        "/api/v1/stories/00000000-0000-4000-8000-000000000000", headers={"Accept-Language": "nl"}
    )
    assert response.status_code == 404
    assert response.json["detail"] == "Er is geen verhaal met deze id."


def test_messages_with_values_are_translated_by_pattern():
    assert translate("Unknown theme: vissen. See GET /api/v1/themes.", "nl") == (
        "Onbekend thema: vissen. Zie GET /api/v1/themes."
    )
    assert translate("Use at most 500 vertices.", "nl") == "Gebruik hoogstens 500 hoekpunten."


def test_unknown_messages_stay_as_they_are():
    assert translate("Something new entirely", "nl") == "Something new entirely"
    assert translate("Missing data for required field.", "en") == (
        "Missing data for required field."
    )


def test_input_robustness_messages_have_a_dutch_text():
    from verhalenkaart.text import NUL_MESSAGE, SURROGATE_MESSAGE

    for message in (
        NUL_MESSAGE,
        SURROGATE_MESSAGE,
        "Send one value.",
        "There is nothing at this address.",
        "This method is not allowed at this address.",
        "The request could not be understood.",
        "This address takes only these methods: GET, HEAD, OPTIONS.",
    ):
        assert translate(message, "nl") != message
