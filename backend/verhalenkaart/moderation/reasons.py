"""The fixed list of reason codes every moderation decision carries, with Dutch and English
labels the contributor sees in "my stories"."""

from __future__ import annotations

#: code → (Dutch label, English label)
REASON_CODES: dict[str, tuple[str, str]] = {
    "ok": ("In orde", "All good"),
    "privacy": (
        "Bevat persoonlijke gegevens van iemand anders of van jezelf",
        "Contains personal details of someone else or of yourself",
    ),
    "house-number": ("Laat het huisnummer weg", "Please leave out the house number"),
    "off-topic": ("Past niet bij de verhalenkaart", "Does not belong on the story map"),
    "offensive": ("Kwetsend of beledigend", "Hurtful or offensive"),
    "duplicate": ("Staat er al op", "Already on the map"),
    "incorrect": ("Klopt niet of staat op de verkeerde plek", "Incorrect or in the wrong place"),
    "spam": ("Reclame of spam", "Advertising or spam"),
    "reported": (
        "Meerdere mensen hebben dit gemeld; een curator kijkt ernaar",
        "Reported by several people; a curator will look at it",
    ),
    "other": ("Andere reden (zie het bericht)", "Other reason (see the message)"),
}

#: Used when a decision names no code.
DEFAULT_REASON = {"approve": "ok", "restore": "ok", "reject": "other", "hide": "other"}


def reason_list() -> list[dict[str, str]]:
    return [{"code": code, "nl": nl, "en": en} for code, (nl, en) in REASON_CODES.items()]
