"""Dutch texts for problem responses: the API answers in Dutch when the client prefers it.

Messages are written in English in the code; this table translates them, exact strings first,
then patterns (marshmallow's validation messages carry values). Unknown messages stay English.
"""

from __future__ import annotations

import re

SUPPORTED = ("en", "nl")

_EXACT_NL = {
    # titles
    "Bad request": "Ongeldig verzoek",
    "Bad Request": "Ongeldig verzoek",
    "Some fields are not valid": "Niet alle velden zijn geldig",
    "Log in first": "Log eerst in",
    "Not allowed": "Niet toegestaan",
    "Not found": "Niet gevonden",
    "Not Found": "Niet gevonden",
    "Conflict": "Conflict",
    "Unsupported media type": "Dit soort inhoud wordt niet ondersteund",
    "Request body too large": "Het verzoek is te groot",
    "Request Entity Too Large": "Het verzoek is te groot",
    "Method Not Allowed": "Deze methode is hier niet toegestaan",
    "The request body is not valid JSON": "De inhoud is geen geldige JSON",
    "Something went wrong on our side; please try again later": "Er ging bij ons iets mis; probeer het later nog eens",
    "Database not reachable": "De database is niet bereikbaar",
    # open data: the OGC API's parameters
    "A query parameter is not valid": "Een parameter in het adres is niet geldig",
    "Use f=json or f=html.": "Gebruik f=json of f=html.",
    "Must be a whole number.": "Moet een geheel getal zijn.",
    "Use an RFC 3339 time, or an interval start/end with .. for an open end.": "Gebruik een RFC 3339-tijd, of een periode begin/eind met .. voor een open einde.",
    "The interval ends before it starts.": "De periode eindigt voordat ze begint.",
    # media: photos and voice recordings
    "Media storage unavailable": "Opslag voor foto's en geluid niet beschikbaar",
    "The media storage is not available; please try again later.": "De opslag voor foto's en geluid is niet beschikbaar; probeer het later nog eens.",
    "The file is empty.": "Het bestand is leeg.",
    "Send a file, not a text field.": "Stuur een bestand, geen tekstveld.",
    "Send one value.": "Stuur maar één waarde.",
    "The file contains web page or script markup; send a plain photo.": "Het bestand bevat webpagina- of scriptcode; stuur een gewone foto.",
    "This is not a photo we can read; send a JPEG, PNG, WebP or HEIC image.": "Dit is geen foto die we kunnen lezen; stuur een JPEG-, PNG-, WebP- of HEIC-afbeelding.",
    "The photo is damaged or incomplete; send the whole file again.": "De foto is beschadigd of onvolledig; stuur het hele bestand opnieuw.",
    "The photo has too many pixels; send a smaller one.": "De foto heeft te veel pixels; stuur een kleinere.",
    "The photo has too many pixels.": "De foto heeft te veel pixels.",
    "The photo has no pixels.": "De foto heeft geen pixels.",
    "This is not a recording we can play; send Opus (WebM or Ogg), AAC (MP4) or MP3.": "Dit is geen opname die we kunnen afspelen; stuur Opus (WebM of Ogg), AAC (MP4) of MP3.",
    "The recording is damaged or incomplete; send the whole file again.": "De opname is beschadigd of onvolledig; stuur het hele bestand opnieuw.",
    "Send a sound recording only, without video or subtitles.": "Stuur alleen een geluidsopname, zonder video of ondertitels.",
    "The file has no sound.": "Het bestand bevat geen geluid.",
    "Send one sound track only.": "Stuur maar één geluidsspoor.",
    "The recording has no sound in it.": "Er zit geen geluid in de opname.",
    "Only the story's author can add or change its photos and recordings.": "Alleen wie het verhaal schreef kan er foto's en opnames aan toevoegen of ze wijzigen.",
    "Only the story's author or a moderator can remove its media.": "Alleen wie het verhaal schreef of een moderator kan foto's en opnames weghalen.",
    "There is no photo with this id on this story.": "Dit verhaal heeft geen foto met deze id.",
    "There is no recording with this id on this story.": "Dit verhaal heeft geen opname met deze id.",
    "There is no such media file.": "Dit bestand bestaat niet.",
    "A photo with this id exists already. Use a new UUID for a new photo.": "Er bestaat al een foto met deze id. Gebruik een nieuwe UUID voor een nieuwe foto.",
    "A recording with this id exists already. Use a new UUID for a new one.": "Er bestaat al een opname met deze id. Gebruik een nieuwe UUID voor een nieuwe opname.",
    "The web app has not been built": "De web-app is nog niet gebouwd",
    "There is no such file.": "Dat bestand bestaat niet.",
    "Run scripts/run.sh (or npm ci && npx vite build in frontend/).": "Start scripts/run.sh (of npm ci && npx vite build in frontend/).",
    # details and field messages
    "Send a JSON document encoded as UTF-8.": "Stuur een JSON-document in UTF-8.",
    "The request body is not valid JSON.": "De inhoud is geen geldige JSON.",
    "Remove the NUL character (\\u0000).": "Haal het NUL-teken (\\u0000) weg.",
    "Remove the unpaired surrogate (\\ud800–\\udfff); send valid Unicode text.": "Haal het losse surrogaatteken (\\ud800–\\udfff) weg; stuur geldige Unicode-tekst.",
    "The request body is larger than this endpoint accepts.": "De inhoud is groter dan hier is toegestaan.",
    "The method is not allowed for the requested URL.": "Deze methode is niet toegestaan voor dit adres.",
    "There is nothing at this address.": "Op dit adres is niets te vinden.",
    "This method is not allowed at this address.": "Deze methode is niet toegestaan op dit adres.",
    "The request could not be understood.": "Het verzoek is niet te begrijpen.",
    "Log in to do this.": "Log in om dit te doen.",
    "Log in to share a story.": "Log in om een verhaal te delen.",
    "Only curators and administrators may moderate.": "Alleen curatoren en beheerders mogen modereren.",
    "The e-mail address or password is not right.": "Het e-mailadres of wachtwoord klopt niet.",
    "There is no story with this id.": "Er is geen verhaal met deze id.",
    "A story needs a title.": "Een verhaal heeft een titel nodig.",
    "A story with this id exists already. Use a new UUID for a new story.": "Er bestaat al een verhaal met deze id. Gebruik een nieuwe UUID voor een nieuw verhaal.",
    "This id is taken.": "Deze id is al in gebruik.",
    "An account with this e-mail address exists already.": "Er bestaat al een account met dit e-mailadres.",
    "This e-mail address is taken.": "Dit e-mailadres is al in gebruik.",
    "Choose a name others will see.": "Kies een naam die anderen te zien krijgen.",
    "Consent is needed to share a story.": "Je toestemming is nodig om een verhaal te delen.",
    "Consent cannot be withdrawn by editing; use POST /stories/<id>/consent.": "Toestemming intrekken kan niet door te bewerken; gebruik POST /stories/<id>/consent.",
    "era_to must not be before era_from.": "Het eindjaar mag niet vóór het beginjaar liggen.",
    "radius needs near=lon,lat.": "Een straal (radius) werkt alleen samen met near=lon,lat.",
    "This cursor is not valid; follow the next link.": "Deze cursor is ongeldig; volg de next-link.",
    "Use four numbers: minLon,minLat,maxLon,maxLat.": "Gebruik vier getallen: minLon,minLat,maxLon,maxLat.",
    "Use two numbers: lon,lat.": "Gebruik twee getallen: lon,lat.",
    "Longitudes must lie between -180 and 180.": "Lengtegraden liggen tussen -180 en 180.",
    "Latitudes must lie between -90 and 90.": "Breedtegraden liggen tussen -90 en 90.",
    "The minimum must not be larger than the maximum.": "Het minimum mag niet groter zijn dan het maximum.",
    "Use a longitude and latitude in WGS84 degrees.": "Gebruik een lengte- en breedtegraad in WGS84-graden.",
    "Send a GeoJSON geometry object.": "Stuur een GeoJSON-geometrie.",
    "Use a Point, a LineString (a route) or a Polygon (an area).": "Gebruik een Point, een LineString (route) of een Polygon (gebied).",
    "The geometry has no coordinates.": "De geometrie heeft geen coördinaten.",
    "Use two-dimensional coordinates: [longitude, latitude].": "Gebruik tweedimensionale coördinaten: [lengtegraad, breedtegraad].",
    "Coordinates must be finite numbers.": "Coördinaten moeten eindige getallen zijn.",
    "Only a point can be approximate; a route or area is stored as drawn.": "Alleen een punt kan bij benadering; een route of gebied bewaren we zoals getekend.",
    "Send the exact geometry to make an approximate location exact.": "Stuur de precieze geometrie om een benaderde plek precies te maken.",
    # community, moderation, my data
    "There is no comment with this id.": "Er is geen reactie met deze id.",
    "Only curators, administrators and teachers may moderate.": "Alleen curatoren, beheerders en leerkrachten mogen modereren.",
    "Only curators and administrators may do this.": "Alleen curatoren en beheerders mogen dit.",
    "Nothing was changed; see errors for each item.": "Er is niets veranderd; zie de fouten per item.",
    "This item is listed twice.": "Dit item staat er twee keer in.",
    "A comment with this id exists already. Use a new UUID for a new comment.": "Er bestaat al een reactie met deze id. Gebruik een nieuwe UUID voor een nieuwe reactie.",
    "Write something first.": "Schrijf eerst iets.",
    "Choose delete or anonymise.": "Kies delete (verwijderen) of anonymise (zonder naam bewaren).",
    "Confirm with your password.": "Bevestig met je wachtwoord.",
    "The password is not right.": "Het wachtwoord klopt niet.",
    "The privacy statement is not installed.": "De privacyverklaring is niet geïnstalleerd.",
    "Unknown reason code.": "Onbekende redencode.",
    # trust and safety
    "The CSRF token is missing or not valid": "Het CSRF-token ontbreekt of klopt niet",
    "The CSRF token has expired": "Het CSRF-token is verlopen",
    "Send the token from GET /api/v1/auth/csrf in the X-CSRF-Token header.": "Stuur het token van GET /api/v1/auth/csrf mee in de header X-CSRF-Token.",
    "Fetch a new token from GET /api/v1/auth/csrf and send the request again.": "Haal een nieuw token op bij GET /api/v1/auth/csrf en stuur het verzoek opnieuw.",
    "Too many requests": "Te veel verzoeken",
    "This link is not valid": "Deze link is niet geldig",
    "This link has expired": "Deze link is verlopen",
    "This link has been used already": "Deze link is al gebruikt",
    "This link is not valid; ask for a new one.": "Deze link is niet geldig; vraag een nieuwe aan.",
    "This link has expired; ask for a new one.": "Deze link is verlopen; vraag een nieuwe aan.",
    "This link has been used already, or a newer one was sent; ask for a new one.": "Deze link is al gebruikt, of er is een nieuwere gestuurd; vraag een nieuwe aan.",
    "This password is too common; choose one that is harder to guess.": "Dit wachtwoord komt te veel voor; kies er een dat moeilijker te raden is.",
    "Do not use your e-mail address as password.": "Gebruik je e-mailadres niet als wachtwoord.",
    "This is not your current password.": "Dit is niet je huidige wachtwoord.",
    # marshmallow
    "Missing data for required field.": "Dit veld is verplicht.",
    "Field may not be null.": "Dit veld mag niet leeg zijn.",
    "Not a valid integer.": "Geen geldig geheel getal.",
    "Not a valid number.": "Geen geldig getal.",
    "Not a valid string.": "Geen geldige tekst.",
    "Not a valid boolean.": "Geen geldige ja/nee-waarde.",
    "Not a valid UUID.": "Geen geldige UUID.",
    "Not a valid email address.": "Geen geldig e-mailadres.",
    "Not a valid list.": "Geen geldige lijst.",
    "Not a valid mapping type.": "Geen geldig object.",
    "Invalid input type.": "Ongeldig soort invoer.",
    "Unknown field.": "Onbekend veld.",
    "Teachers moderate only their pupils' stories in their own projects.": "Leerkrachten modereren alleen de verhalen van hun leerlingen in hun eigen projecten.",
    "Only pupils and the project's teacher can add a story to a project.": "Alleen leerlingen en de leerkracht van het project kunnen een verhaal aan een project toevoegen.",
}

_PATTERNS_NL = [
    (re.compile(r"^Must be one of: (.*)\.$"), r"Kies uit: \1."),
    (
        re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
        r"Moet tussen \1 en \2 liggen.",
    ),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"), r"Moet minstens \1 zijn."),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"), r"Mag hoogstens \1 zijn."),
    (
        re.compile(r"^Length must be between (\d+) and (\d+)\.$"),
        r"De lengte moet tussen \1 en \2 liggen.",
    ),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), r"Korter dan de minimale lengte \1."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), r"Langer dan de maximale lengte \1."),
    (re.compile(r"^Must be equal to (.*)\.$"), r"Moet gelijk zijn aan \1."),
    (
        re.compile(r"^This address takes only these methods: (.*)\.$"),
        r"Dit adres kent alleen deze methodes: \1.",
    ),
    (
        re.compile(r"^Unknown theme: (.*)\. See GET /api/v1/themes\.$"),
        r"Onbekend thema: \1. Zie GET /api/v1/themes.",
    ),
    (re.compile(r"^Unknown project: (.*)\.$"), r"Onbekend project: \1."),
    (
        re.compile(r"^Unknown parameter\. This address takes: (.*)\.$"),
        r"Onbekende parameter. Dit adres kent: \1.",
    ),
    (re.compile(r"^Must be at least (\d+)\.$"), r"Moet minstens \1 zijn."),
    (re.compile(r"^Unknown kind: (.*)\.$"), r"Onbekende soort: \1."),
    (
        re.compile(r"^There is no collection '(.*)'\. See /ogc/collections\.$"),
        r"Er is geen collectie '\1'. Zie /ogc/collections.",
    ),
    (re.compile(r"^Use at least (\d+) characters\.$"), r"Gebruik minstens \1 tekens."),
    (re.compile(r"^Use at most (\d+) characters\.$"), r"Gebruik hoogstens \1 tekens."),
    (
        re.compile(r"^Too many attempts: try again in (\d+) seconds\.$"),
        r"Te veel pogingen: probeer het over \1 seconden opnieuw.",
    ),
    (re.compile(r"^Use at most (\d+) vertices\.$"), r"Gebruik hoogstens \1 hoekpunten."),
    (re.compile(r"^This is not a valid GeoJSON (\w+)\.$"), r"Dit is geen geldige GeoJSON \1."),
    (
        re.compile(r"^Give the (\w+)'s coordinates as GeoJSON numbers: \[longitude, latitude\]\.$"),
        r"Geef de coördinaten van de \1 als GeoJSON-getallen: [lengtegraad, breedtegraad].",
    ),
    (re.compile(r"^The (\w+) is not valid: (.*)\.$"), r"De \1 is ongeldig: \2."),
    (
        re.compile(r"^This place lies outside the region this map covers (.*)\.$"),
        r"Deze plek ligt buiten het gebied van deze kaart \1.",
    ),
    (
        re.compile(r"^JSON bodies may be at most (\d+) bytes\.$"),
        r"JSON mag hoogstens \1 bytes groot zijn.",
    ),
    (
        re.compile(r"^Send the file as multipart/form-data, not (.*)\.$"),
        r"Stuur het bestand als multipart/form-data, niet als \1.",
    ),
    (
        re.compile(r"^Uploads may be at most (\d+) bytes\.$"),
        r"Een upload mag hoogstens \1 bytes groot zijn.",
    ),
    (
        re.compile(r"^A photo may be at most (\d+) MB\.$"),
        r"Een foto mag hoogstens \1 MB groot zijn.",
    ),
    (
        re.compile(r"^A recording may be at most (\d+) MB\.$"),
        r"Een opname mag hoogstens \1 MB groot zijn.",
    ),
    (
        re.compile(r"^The photo has too many pixels \((\d+)×(\d+)\); at most (\d+) megapixels\.$"),
        r"De foto heeft te veel pixels (\1×\2); hoogstens \3 megapixel.",
    ),
    (
        re.compile(r"^A story can have at most (\d+) photos; remove one first\.$"),
        r"Een verhaal kan hoogstens \1 foto's hebben; haal er eerst een weg.",
    ),
    (
        re.compile(r"^A story can have at most (\d+) photos\.$"),
        r"Een verhaal kan hoogstens \1 foto's hebben.",
    ),
    (
        re.compile(r"^A story can have at most (\d+) recordings; remove one first\.$"),
        r"Een verhaal kan hoogstens \1 opnames hebben; haal er eerst een weg.",
    ),
    (
        re.compile(r"^A story can have at most (\d+) recordings\.$"),
        r"Een verhaal kan hoogstens \1 opnames hebben.",
    ),
    (
        re.compile(
            r"^The recording is longer than (\d+) minutes(?: (\d+) seconds)?; make a shorter one\.$"
        ),
        r"De opname duurt langer dan \1 minuten; maak een kortere.",
    ),
    (
        re.compile(r"^Send the body as application/json, not (.*)\.$"),
        r"Stuur de inhoud als application/json, niet als \1.",
    ),
    (
        re.compile(r"^A (\w+) story cannot be given '(\w+)'\.$"),
        r"Een verhaal met status \1 kan geen '\2' krijgen.",
    ),
    (
        re.compile(r"^Not possible for a (\w+) story\.$"),
        r"Niet mogelijk voor een verhaal met status \1.",
    ),
    (
        re.compile(r"^A (\w+) comment cannot be given '(\w+)'\.$"),
        r"Een reactie met status \1 kan geen '\2' krijgen.",
    ),
    (
        re.compile(r"^Not possible for a (\w+) comment\.$"),
        r"Niet mogelijk voor een reactie met status \1.",
    ),
]


def translate(message: str, language: str) -> str:
    """`message` in `language` ('en' or 'nl'); unknown messages are returned unchanged."""
    if language != "nl" or not message:
        return message
    if message in _EXACT_NL:
        return _EXACT_NL[message]
    for pattern, replacement in _PATTERNS_NL:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    if ": " in message:  # "field: message" details
        field, _, rest = message.partition(": ")
        translated = translate(rest, language)
        if translated != rest:
            return f"{field}: {translated}"
    return message
