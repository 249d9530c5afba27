"""Deterministic Dutch demo stories about the Drenthe landscape, as GeoJSON Features."""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

THEME_SLUGS = (
    "water-bodem",
    "beekdalen",
    "landbouw",
    "natuur",
    "dorpen-steden",
    "wonen",
    "mobiliteit",
    "erfgoed",
    "energie",
    "recreatie",
    "naoberschap",
    "rust-ruimte",
    "kunst-cultuur",
    "gezondheid-bewegen",
)

CURRENT_YEAR = 2026
KIND_SHARES = (("memory", 0.35), ("story", 0.30), ("photo", 0.15), ("wish", 0.20))
LINE_SHARE = 0.05
AREA_SHARE = 0.05
APPROXIMATE_SHARE = 0.20
POINT_SPREAD = 0.02
MAX_TITLE = 120
MAX_BODY = 2000

# Era defaults per kind: (first year low, first year high, span low, span high).
_DEFAULT_ERA = {
    "memory": (1945, 1980, 3, 12),
    "story": (2005, 2025, 0, 6),
    "wish": (2030, 2060, 5, 25),
}

_DECADES = {
    3: "dertig",
    4: "veertig",
    5: "vijftig",
    6: "zestig",
    7: "zeventig",
    8: "tachtig",
    9: "negentig",
}

# Places known to lie in or near a landscape type. Only a preference when choosing a place for
# a topic; texts stay generic enough to hold anywhere in Drenthe.
_LANDSCAPES = {
    "hunebed": (
        "Borger",
        "Exloo",
        "Emmen",
        "Rolde",
        "Havelte",
        "Tynaarlo",
        "Drouwen",
        "Annen",
        "Anloo",
        "Eext",
        "Midlaren",
        "Zuidlaren",
        "Schoonoord",
        "Odoorn",
        "Diever",
        "Bronneger",
        "Valthe",
        "Klijndijk",
        "Loon",
        "Balloo",
        "Gasteren",
    ),
    "esdorp": (
        "Zuidlaren",
        "Orvelte",
        "Westerbork",
        "Exloo",
        "Dwingeloo",
        "Diever",
        "Borger",
        "Rolde",
        "Norg",
        "Anloo",
        "Gieten",
        "Havelte",
        "Ruinen",
        "Sleen",
        "Odoorn",
        "Eext",
        "Annen",
        "Gasteren",
        "Vries",
        "Zweeloo",
        "Eelde",
        "Peize",
        "Beilen",
        "Schoonoord",
        "Gees",
        "Assen",
        "Oosterhesselen",
        "Aalden",
        "Anderen",
        "Loon",
        "Balloo",
        "Drouwen",
        "Ansen",
        "Grolloo",
        "Emmen",
    ),
    "veen": (
        "Emmer-Compascuum",
        "Nieuw-Buinen",
        "Nieuw-Amsterdam",
        "Klazienaveen",
        "Erica",
        "Veenoord",
        "Valthermond",
        "2e Exloërmond",
        "Tweede Exloërmond",
        "1e Exloërmond",
        "Eerste Exloërmond",
        "Drouwenermond",
        "Gasselternijveen",
        "Nieuw-Weerdinge",
        "Barger-Compascuum",
        "Zwartemeer",
        "Hoogeveen",
        "Smilde",
        "Annerveenschekanaal",
    ),
    "heide": (
        "Dwingeloo",
        "Diever",
        "Havelte",
        "Ruinen",
        "Exloo",
        "Gasteren",
        "Anloo",
        "Norg",
        "Doldersum",
        "Wapse",
        "Schoonloo",
        "Hooghalen",
        "Ansen",
        "Uffelte",
        "Balloo",
        "Rolde",
        "Assen",
        "Borger",
        "Drouwen",
    ),
    "beek": (
        "Rolde",
        "Gasteren",
        "Anloo",
        "Schipborg",
        "Loon",
        "Taarlo",
        "Balloo",
        "De Wijk",
        "Meppel",
        "Oudemolen",
        "Assen",
        "Borger",
        "Bronneger",
        "Drouwen",
    ),
}


@dataclass(frozen=True)
class _Topic:
    kind: str
    themes: tuple[str, ...]
    titles: tuple[str, ...]
    openings: tuple[str, ...]
    middles: tuple[str, ...]
    closings: tuple[str, ...] = ()
    era: tuple[int, int, int, int] | None = None
    shapes: tuple[str, ...] = ("point",)
    landscape: str | None = None
    strict: bool = False  # the text names a local feature: only pin it on fitting places
    only: tuple[str, ...] = ()


_KIND_CLOSINGS = {
    "memory": (
        "Hier kom ik weg, en dat vergeet ik nooit.",
        "Wat was, blijft bij je.",
        "Ik denk er nog vaak met een glimlach aan terug.",
    ),
    "story": (
        "Zo ziet Drenthe er vandaag uit, en daar ben ik blij mee.",
        "Dat wilde ik graag even met jullie delen.",
    ),
    "photo": (
        "Drenthe op zijn mooist.",
        "Even stilstaan en genieten.",
    ),
    "wish": (
        "Wat Drenthe worden kan, bepalen we samen.",
        "Dat is mijn wens voor de toekomst.",
        "Laten we er samen aan werken.",
    ),
}

_ORIGIN_SENTENCES = {
    "memory": (
        "Ik kom uit {origin}, maar een groot deel van mijn jeugd speelde zich af in {place}.",
        "Ik kom uit {origin}; mijn opa en oma woonden in {place}.",
        "Geboren in {origin}, maar mijn hart ligt ook in {place}.",
        "Ik kom uit {origin}, maar mijn familie woonde in {place} en daar was ik zo vaak "
        "als ik kon.",
    ),
    "story": (
        "Ik kom oorspronkelijk uit {origin}, maar woon nu al jaren in {place}.",
        "Ik ben opgegroeid in {origin} en kom graag in {place}.",
    ),
    "wish": (
        "Ik ben opgegroeid in {origin} en woon nu in {place}.",
        "Ik kom uit {origin}, maar {place} is mijn thuis geworden.",
    ),
}

_SAME_ORIGIN_SENTENCES = (
    "Ik kom uit {place}, geboren en getogen.",
    "Hier kom ik weg: {place}.",
)

_TITLE_QUALIFIERS = (
    "in het voorjaar",
    "in de zomer",
    "in de herfst",
    "in de winter",
    "bij zonsopkomst",
    "in het avondlicht",
    "na de regen",
    "op zondag",
    "in de vroege ochtend",
    "onder de bomen",
)

_TOPICS: tuple[_Topic, ...] = (
    # --- memories: 'hier kom ik weg' -------------------------------------------------------
    _Topic(
        "memory",
        ("mobiliteit", "dorpen-steden"),
        (
            "De weg naar school in {place}",
            "Elke ochtend op de fiets door {place}",
            "Met de klompen naar school in {place}",
            "Naar school in {place}, {decade}",
            "Mijn schoolroute in {place}",
        ),
        (
            "In {decade} fietste ik elke ochtend met mijn zus naar school in {place}.",
            "Als kind liep ik deze route naar school, weer of geen weer.",
            "Vanaf ons huis was het een flink eind naar de school in {place}.",
        ),
        (
            "We namen altijd de weg langs de es, want daar kon je het verst kijken.",
            "Bij harde tegenwind stapten we af en liepen we met de fiets aan de hand.",
            "Onderweg kwamen we de melkboer tegen, die ons soms een stukje liet meerijden.",
            "In de winter lag er soms zoveel sneeuw dat de boer de weg vrijmaakte met de trekker.",
            "Bij de boerderij op de hoek stond de boerin vaak met een appel klaar.",
        ),
        (
            "Als ik er nu langs fiets, zie ik ons weer gaan.",
            "Het pad is inmiddels verhard, maar de bomen staan er nog.",
        ),
        era=(1940, 1985, 4, 8),
        shapes=("point", "line"),
    ),
    _Topic(
        "memory",
        ("erfgoed", "water-bodem"),
        (
            "Turf steken bij {place}",
            "Mijn opa in het veen bij {place}",
            "Zomers in het veen, {decade}",
            "Turf drogen achter het huis in {place}",
            "Zwarte handen van het veen bij {place}",
        ),
        (
            "Mijn opa stak turf in het veen, en in de zomer mochten wij helpen met opstapelen.",
            "In {decade} werkte bijna de hele familie in het veen rond {place}.",
            "Ik weet nog goed hoe het rook als de turf in de kachel ging.",
        ),
        (
            "De turf werd in lange rijen te drogen gezet, en na een regenbui moest alles weer "
            "worden omgekeerd.",
            "Het was zwaar werk, maar er werd ook veel gelachen.",
            "Langs de wijk lagen de bulten turf te wachten op de schipper.",
            "'s Middags aten we boterhammen op de rand van de put, met koude thee uit een fles.",
            "Aan het eind van de dag waren onze handen zo zwart als de grond.",
        ),
        (
            "Nu groeit er gras en staan er huizen, maar de lange, rechte lijnen in het landschap "
            "zijn er nog.",
            "Ik ben trots op wat zij met hun handen hebben opgebouwd.",
        ),
        era=(1930, 1960, 5, 15),
        landscape="veen",
        strict=True,
    ),
    _Topic(
        "memory",
        ("natuur", "erfgoed", "landbouw"),
        (
            "De schaapherder bij {place}",
            "Schapen op de heide bij {place}",
            "Met de kudde mee, buiten {place}",
            "Paarse heide in augustus, {place}",
            "Dit stuk heide bij {place}",
        ),
        (
            "Als kind liep ik soms een middag mee met de schaapherder op de heide bij {place}.",
            "In {decade} zag je de schaapskudde nog vaak over de zandwegen trekken.",
            "Mijn moeder nam ons in augustus mee naar de heide, als die helemaal paars zag.",
        ),
        (
            "De herder zei niet veel, maar zijn honden wisten precies wat hij bedoelde.",
            "Het geluid van honderden grazende schapen hoor ik nog steeds.",
            "We zochten bosbessen aan de rand van het bos en kwamen thuis met paarse monden.",
            "Op warme dagen zoemde het van de bijen boven de bloeiende heide.",
            "Na afloop dronken we limonade bij de schaapskooi.",
        ),
        (
            "Ik ben blij dat er nog steeds kuddes over de Drentse heide lopen.",
            "Die rust zoek ik nog altijd op.",
        ),
        era=(1940, 1975, 3, 10),
        shapes=("point", "area"),
        landscape="heide",
        strict=True,
    ),
    _Topic(
        "memory",
        ("dorpen-steden", "naoberschap"),
        (
            "Kermis op de brink in {place}",
            "Spelen onder de eiken in {place}",
            "Zomeravonden op de brink, {place}",
            "Het dorpsfeest van {year} in {place}",
            "Verstoppertje op de brink in {place}",
        ),
        (
            "Onder de oude eiken in {place} speelden we na school tot het donker werd.",
            "Eens per jaar kwam de kermis naar {place}, en dan stond het hele dorp op z'n kop.",
            "In {decade} was de brink het hart van ons leven.",
        ),
        (
            "Iedereen kende iedereen, en als er iets was, stond de buurman direct voor de deur.",
            "De grote mensen zaten op een bankje bij te praten terwijl wij verstoppertje speelden.",
            "Bij het dorpsfeest deed de hele buurt mee met het ringsteken.",
            "Er graasden toen nog koeien midden in het dorp, dat kun je je nu bijna niet meer "
            "voorstellen.",
            "De boerderijen stonden met hun rieten daken dicht om het open plein heen.",
        ),
        (
            "Zo'n plek waar je vanzelf samenkomt, is goud waard.",
            "Als ik nu over de brink loop, ben ik weer even negen jaar.",
        ),
        era=(1945, 1980, 3, 10),
        landscape="esdorp",
        strict=True,
    ),
    _Topic(
        "memory",
        ("recreatie", "mobiliteit"),
        (
            "Vanuit {place} naar de TT in Assen",
            "TT-weekend {year}",
            "Mijn eerste TT, {year}",
            "Met de brommer van {place} naar de TT",
            "Het geraas van de TT, {year}",
        ),
        (
            "In {year} mocht ik voor het eerst mee naar de TT in Assen.",
            "Vanuit {place} reden we met een hele groep op de brommer naar Assen voor de TT.",
            "De TT was voor ons het hoogtepunt van de zomer.",
        ),
        (
            "We vertrokken 's nachts al, met brood en een thermoskan koffie achterop.",
            "Het geraas van de motoren voelde je in je buik.",
            "Langs de weg stonden overal mensen te zwaaien en te kijken.",
            "Mijn vader wist van alle coureurs de namen en de nummers uit zijn hoofd.",
            "Op de terugweg was iedereen schor van het juichen.",
        ),
        (
            "Ik ben er sindsdien bijna elk jaar geweest.",
            "Dat gevoel van die eerste keer vergeet je nooit.",
        ),
        era=(1955, 1990, 0, 0),
    ),
    _Topic(
        "memory",
        ("beekdalen", "water-bodem", "recreatie"),
        (
            "Vanuit {place} naar de beek om te zwemmen",
            "Zomers aan het water, {place} {year}",
            "Kikkervisjes vangen, een jeugd in {place}",
            "Met de hele straat uit {place} naar de beek",
            "Pootje baden, {decade}",
        ),
        (
            "Op warme dagen fietsten we met de hele straat vanuit {place} naar de beek om te "
            "zwemmen.",
            "Achter het huis van mijn oom kronkelde een beek door de weilanden.",
            "In {decade} had nog bijna niemand een zwembad, wij hadden de beek.",
        ),
        (
            "Het water was ijskoud en helder, je kon de stenen op de bodem zien.",
            "We vingen kikkervisjes en stekelbaarsjes in een jampotje.",
            "In het voorjaar stonden de hooilanden langs het water vol bloemen.",
            "De boer liet ons over zijn land lopen, als we het hek maar dichtdeden.",
            "Soms schoot er een ijsvogel als een blauwe flits over het water.",
        ),
        (
            "Mooi dat beken als de Drentsche Aa, de Reest en de Vecht nu weer meer ruimte krijgen.",
            "Dat water heeft mijn jeugd gevormd.",
        ),
        era=(1940, 1975, 3, 10),
        landscape="beek",
    ),
    _Topic(
        "memory",
        ("naoberschap", "wonen"),
        (
            "Naoberschap in {place}",
            "De buren hielpen, {place} {year}",
            "Een huis vol naobers in {place}",
            "Samen de schuur opbouwen in {place}",
            "Soep van de naobers in {place}",
        ),
        (
            "Toen mijn ouders in {year} een nieuwe schuur bouwden, kwam de hele buurt helpen.",
            "Naoberschap was in {place} geen woord, het was gewoon hoe je leefde.",
            "Als er een kind geboren werd, stonden de naobers de volgende dag al met soep op de "
            "stoep.",
        ),
        (
            "De vrouwen zorgden voor koffie en krentenbrood, de mannen voor de balken.",
            "Bij ziekte werd het vee gewoon door de buren verzorgd.",
            "Niemand vroeg er iets voor terug, je wist dat je het ooit weer terug zou doen.",
            "Bij een bruiloft maakten de naobers de erepoort, met groen uit het bos.",
            "Op verjaardagen zat de kamer vol en werd er gezongen tot laat.",
        ),
        (
            "Dat wil ik graag doorgeven aan mijn kleinkinderen.",
            "Ik hoop dat we dat nooit kwijtraken.",
        ),
        era=(1935, 1980, 2, 12),
    ),
    _Topic(
        "memory",
        ("landbouw", "erfgoed"),
        (
            "Hooien op het land bij {place}",
            "Oogsttijd in {place}, {year}",
            "Op de boerderij van mijn ouders in {place}",
            "Het paard en de hooiwagen in {place}",
            "Rogge en hooi, {place} {decade}",
        ),
        (
            "Mijn ouders hadden een gemengd bedrijf aan de rand van {place}, met koeien, varkens "
            "en rogge op de es.",
            "In de zomer van {year} hielp ik voor het eerst mee met hooien.",
            "Vroeger ging op de boerderij alles nog met het paard.",
        ),
        (
            "Het hooi werd met de hand op de wagen gestoken en wij mochten bovenop meerijden.",
            "'s Ochtends vroeg melkte mijn vader de koeien nog met de hand.",
            "Als er onweer dreigde, werkte iedereen door tot het laatste hooi binnen was.",
            "De rogge op de es stond in de zomer hoger dan wijzelf.",
            "'s Avonds rook de hele deel naar vers hooi.",
        ),
        (
            "Er is veel veranderd, maar de es ligt er nog net zo bij.",
            "Van die jaren heb ik geleerd wat hard werken is.",
        ),
        era=(1935, 1975, 3, 12),
        landscape="esdorp",
    ),
    _Topic(
        "memory",
        ("recreatie", "water-bodem", "naoberschap"),
        (
            "Schaatsen op de wijk bij {place}",
            "IJs en koek-en-zopie in {place}",
            "De winter van {year} in {place}",
            "Op de schaats langs {place}",
            "Ijsbaan en warme chocolademelk in {place}",
        ),
        (
            "In de winter van {year} lag er dik ijs op de wijken rond {place}.",
            "Als het vroor, stond heel {place} op de schaats.",
            "Mijn eerste schaatsen kreeg ik van de buurman, ze waren veel te groot.",
        ),
        (
            "We schaatsten van mond naar mond, langs de lange rijen huizen aan het water.",
            "Bij de brug stond een kraampje met warme chocolademelk en erwtensoep.",
            "Je handen waren bevroren, maar niemand wilde naar huis.",
            "De oude mensen vertelden dat de wijken ooit gegraven waren om de turf af te voeren.",
            "'s Avonds schaatsten we nog even door bij het licht van de maan.",
        ),
        (
            "Zulke winters komen misschien niet meer terug, maar het gevoel blijft.",
            "Zo'n winter verbindt een dorp voor altijd.",
        ),
        era=(1940, 1985, 0, 1),
        shapes=("point", "line"),
        landscape="veen",
        strict=True,
    ),
    _Topic(
        "memory",
        ("kunst-cultuur", "naoberschap"),
        (
            "Muziek in het dorpshuis van {place}",
            "Toneelavond in {place}, {year}",
            "De fanfare van {place}",
            "Zingen en dansen in {place}, {decade}",
            "Decors bouwen in {place}",
        ),
        (
            "Op zaterdagavond gingen we naar de toneelavond in het dorpshuis van {place}.",
            "In {decade} speelde ik trompet bij de fanfare, net als mijn vader.",
            "Het dorpshuis was voor ons de plek waar alles gebeurde.",
        ),
        (
            "De hele zaal lachte om de grappen in het Drents, ook als je ze al tien keer had "
            "gehoord.",
            "Na afloop werd er gedanst tot de lichten aangingen.",
            "De jeugd hielp met het maken van de decors, van oude lakens en latten.",
            "Op feestdagen liepen we met de muziek voorop door het dorp.",
            "Iedereen kwam, van jong tot oud.",
        ),
        (
            "Cultuur was voor ons gewoon iets wat je samen deed.",
            "Ik hoor de muziek nog als ik erlangs loop.",
        ),
        era=(1950, 1990, 3, 10),
    ),
    _Topic(
        "memory",
        ("natuur", "recreatie", "rust-ruimte"),
        (
            "Vanuit {place} naar de zandverstuiving",
            "Rollen van de duinen, {year}",
            "Picknicken op het zand bij {place}",
            "Zondagmiddag op het zand, {place}",
            "Onze woestijn bij {place}",
        ),
        (
            "Op zondagmiddag fietsten we vanuit {place} naar de zandverstuiving.",
            "Wij noemden het zand 'de woestijn', en dat vonden we heel spannend.",
            "In de zomer van {year} waren we elke zondag op het zand te vinden.",
        ),
        (
            "We rolden van de duinen af tot we duizelig waren.",
            "Mijn moeder zat op een deken met de thermoskan en de boterhammen.",
            "Het zand was zo heet dat je op je blote voeten moest rennen.",
            "Tussen de jeneverbessen speelden we verstoppertje.",
            "Aan het eind van de dag zat het zand overal, tot in je boterhammen.",
        ),
        (
            "Nu neem ik mijn eigen kleinkinderen mee naar het zand.",
            "Die ruimte en stilte zijn nog steeds bijzonder.",
        ),
        era=(1950, 1985, 2, 8),
    ),
    _Topic(
        "memory",
        ("natuur", "recreatie"),
        (
            "Schoolreisje vanuit {place}",
            "Met de bus van {place} naar het Dwingelderveld",
            "Schoolreis {year}: de grote heide",
            "De klas van {place} op de heide",
            "Voor het eerst in het Dwingelderveld, {year}",
        ),
        (
            "In {year} gingen we met de hele klas uit {place} op schoolreis naar het "
            "Dwingelderveld.",
            "Ik was acht en had nog nooit zoveel heide bij elkaar gezien.",
        ),
        (
            "De meester wees ons de vennen aan en vertelde over de vogels die daar broedden.",
            "We kregen een zakje snoep en een flesje limonade voor onderweg.",
            "Op de terugweg zong de hele bus liedjes.",
            "Van de grote radiotelescoop bij Dwingeloo kon ik mijn ogen niet afhouden.",
        ),
        (
            "Het is nog altijd een van mijn favoriete plekken.",
            "Daar is mijn liefde voor de natuur begonnen.",
        ),
        era=(1957, 1985, 0, 0),
    ),
    _Topic(
        "memory",
        ("rust-ruimte", "dorpen-steden", "wonen"),
        (
            "Dit veld was ons speelveld in {place}",
            "Voetballen op het land in {place}",
            "Hutten bouwen aan de rand van {place}",
            "Ons veldje in {place}",
            "Vliegeren op het land bij {place}",
        ),
        (
            "Dit stuk land was in {decade} ons speelveld.",
            "Op dit veld aan de rand van {place} speelden we elke dag voetbal, met jassen als "
            "doelpalen.",
            "Hier bouwden we hutten van takken en oude planken.",
        ),
        (
            "De boer vond het goed, zolang we het hooi maar met rust lieten.",
            "In de herfst lieten we hier vliegers op.",
            "Er was altijd wel iemand die een bal had.",
            "Als het donker werd, riep mijn moeder ons vanaf de stoep naar binnen.",
        ),
        (
            "Ik zie het veld nog precies zoals het toen was.",
            "Zo'n open plek om te spelen gun ik ieder kind.",
        ),
        era=(1950, 1990, 3, 10),
        shapes=("point", "area"),
    ),
    _Topic(
        "memory",
        ("wonen", "dorpen-steden"),
        (
            "Hier kom ik weg: {place}",
            "Opgegroeid in {place}",
            "Ons huis aan de rand van {place}",
            "Terug naar {place}",
            "Een moestuin in {place}, {decade}",
        ),
        (
            "Ik ben in {decade} opgegroeid in {place}, in een klein huis met een grote moestuin.",
            "Hier kom ik weg, en dat zeg ik met trots.",
            "Ons huis stond aan de rand van {place}, met uitzicht over de landerijen.",
        ),
        (
            "Mijn vader werkte in de fabriek en mijn moeder hield de moestuin bij.",
            "Op zaterdag hielpen we met het vegen van de stoep, dat hoorde erbij.",
            "Later ben ik voor mijn werk naar het westen verhuisd, maar Drenthe bleef trekken.",
            "Bij thuiskomst ruik je het meteen: dennen, mest en natte aarde.",
            "Onze buren waren als familie.",
        ),
        (
            "Wat Drenthe mij gaf, neem ik overal mee naartoe.",
            "Nu woon ik weer in de buurt, en dat voelt als thuiskomen.",
        ),
        era=(1950, 1990, 5, 15),
    ),
    _Topic(
        "memory",
        ("erfgoed", "recreatie"),
        (
            "Klimmen op het hunebed bij {place}",
            "Picknick bij het hunebed, {year}",
            "Het hunebed van onze jeugd, {place}",
            "Zondag naar het hunebed, {decade}",
            "Reuzenstenen bij {place}",
        ),
        (
            "Als kind vonden we het hunebed in de buurt van {place} de mooiste speelplek die er "
            "was.",
            "In {decade} gingen we op zondag vaak met de fiets naar een hunebed.",
        ),
        (
            "We vroegen ons af hoe die enorme stenen daar ooit gekomen waren.",
            "Mijn opa vertelde dat reuzen ze hadden neergelegd, en dat geloofden we graag.",
            "Toen klommen we er nog op, nu weten we wel beter.",
            "Onder de bomen eromheen was het altijd koel, ook op de heetste dag.",
        ),
        (
            "Nu vertel ik mijn kleinkinderen over de mensen die ze echt hebben gebouwd.",
            "Die stenen waren er lang voor ons en blijven er lang na ons.",
        ),
        era=(1945, 1985, 2, 8),
        landscape="hunebed",
        strict=True,
    ),
    _Topic(
        "memory",
        ("gezondheid-bewegen", "recreatie"),
        (
            "Gymnastiekclub in {place}",
            "Wandeltocht in {place}, {year}",
            "Sporten in {place} in {decade}",
            "Altijd buiten in {place}",
            "Medailles van de wandeltocht in {place}",
        ),
        (
            "In {decade} zat ik bij de gymnastiekvereniging in {place}, twee keer per week.",
            "Elk jaar liepen we met het hele gezin een wandeltocht door de bossen en over de es.",
            "Als kind was ik altijd buiten, sporten deed je gewoon in het bos en op de zandwegen.",
        ),
        (
            "We oefenden in de gymzaal van de school, op de bok en aan de ringen.",
            "Na afloop kreeg iedereen een medaille, en die hangt nog steeds aan mijn muur.",
            "Mijn moeder zei altijd: buiten spelen is het beste medicijn.",
            "We fietsten kilometers per dag zonder dat we het doorhadden.",
        ),
        (
            "Ik wandel nog steeds elke dag.",
            "Bewegen in de buitenlucht, dat heeft Drenthe me geleerd.",
        ),
        era=(1950, 1990, 3, 10),
    ),
    _Topic(
        "memory",
        ("energie", "wonen"),
        (
            "Van turfkachel naar aardgas in {place}",
            "Aardgas in huis, {place} {year}",
            "Warm de winter door in {place}",
            "IJsbloemen op de ramen in {place}",
            "De kolenkachel in {place}, {decade}",
        ),
        (
            "In {decade} stookten we thuis nog met turf en kolen, en wie het eerst op was moest "
            "de kachel aanmaken.",
            "Ik weet nog precies wanneer wij in {place} op het aardgas werden aangesloten.",
        ),
        (
            "Mijn moeder was dolblij dat ze niet meer elke dag de as hoefde weg te brengen.",
            "In de winter zaten we met z'n allen in de kamer waar de kachel stond.",
            "'s Ochtends stonden er ijsbloemen op de ramen van de slaapkamer.",
            "Het gas uit de bodem van Noord-Nederland veranderde ons leven, al wisten we toen "
            "nog niet hoe.",
        ),
        (
            "Nu denken we weer na over hoe we ons huis warm houden, en dat vind ik mooi om mee "
            "te maken.",
            "Van turf naar gas naar zon, wat een reis in één mensenleven.",
        ),
        era=(1955, 1972, 3, 10),
    ),
    _Topic(
        "memory",
        ("erfgoed", "dorpen-steden", "landbouw"),
        (
            "Naar de Zuidlaardermarkt, {year}",
            "Paarden kijken op de markt in Zuidlaren",
            "Met opa naar de Zuidlaardermarkt",
            "Handjeklap in Zuidlaren, {year}",
        ),
        (
            "Elk jaar in oktober ging ik met mijn opa naar de Zuidlaardermarkt.",
            "In {year} mocht ik met mijn vader mee naar de paardenmarkt in Zuidlaren.",
        ),
        (
            "Overal stonden paarden en er werd gehandeld met een klap in de hand.",
            "Het rook naar paarden, poffertjes en natte jassen.",
            "Ik kreeg een zakje snoep en mocht in de draaimolen.",
            "Het hele dorp was vol, van de vroege ochtend tot de avond.",
        ),
        ("Het blijft een feest om heen te gaan.",),
        era=(1950, 1985, 0, 0),
        only=("Zuidlaren",),
    ),
    _Topic(
        "memory",
        ("recreatie", "dorpen-steden"),
        (
            "Naar de dierentuin in Emmen, {year}",
            "Een dag in het oude dierenpark van Emmen",
            "Apen kijken in Emmen, {decade}",
            "Met de hele klas naar het dierenpark in Emmen",
        ),
        (
            "In {year} gingen we met het hele gezin naar het dierenpark in Emmen.",
            "Het dierenpark lag toen nog midden in de stad, dat vond ik altijd bijzonder.",
        ),
        (
            "Ik kon uren naar de apen kijken.",
            "We namen brood mee en aten dat op een bankje bij de vijver.",
            "Mijn broertje wilde altijd nog één keer langs de olifanten.",
        ),
        ("Nu ga ik met mijn kleinkinderen naar de nieuwe dierentuin en vertel ik over vroeger.",),
        era=(1950, 1990, 0, 0),
        only=("Emmen",),
    ),
    _Topic(
        "memory",
        ("energie", "erfgoed"),
        (
            "De jaknikkers van Schoonebeek",
            "Olie uit de grond bij Schoonebeek, {decade}",
            "Jaknikkers in de wei, {year}",
        ),
        (
            "Als kind zag ik overal jaknikkers in de weilanden rond Schoonebeek.",
            "In {decade} was de olie uit de bodem een gewoon onderdeel van ons dorp.",
        ),
        (
            "Ze knikten dag en nacht, rustig en zonder haast.",
            "Wij vonden het net grote ijzeren vogels die naar de grond pikten.",
            "Veel vaders uit de buurt werkten bij de olie.",
        ),
        ("Nu denken we heel anders over energie, maar het hoort bij ons verhaal.",),
        era=(1950, 1990, 3, 10),
        only=("Schoonebeek",),
    ),
    # --- stories: now, recent past and heritage ---------------------------------------------
    _Topic(
        "story",
        ("erfgoed",),
        (
            "De bouwers van het hunebed bij {place}",
            "Vijfduizend jaar geleden, niet ver van {place}",
            "Stenen uit de ijstijd bij {place}",
            "Wie legde de stenen bij {place} neer?",
            "De eerste boeren rond {place}",
        ),
        (
            "Lang voordat er dorpen waren, woonden hier boeren die hun doden begroeven in "
            "grafkamers van enorme zwerfstenen.",
            "De stenen van de hunebedden zijn in de ijstijd door het landijs uit Scandinavië "
            "meegevoerd.",
            "Niet ver van {place} kun je nog zien wat de hunebedbouwers ons hebben nagelaten.",
        ),
        (
            "Zonder machines, met boomstammen, touwen en heel veel mensen, kregen ze de stenen op "
            "hun plek.",
            "Archeologen noemen hen de Trechterbekercultuur, naar de vorm van hun potten.",
            "Dat je zoiets alleen samen kunt doen, maakt het voor mij een vroeg soort naoberschap.",
            "Als ik mijn hand op zo'n steen leg, voel ik hoe oud dit landschap is.",
            "Drenthe telt ruim vijftig hunebedden, en elk heeft zijn eigen verhaal.",
        ),
        (
            "Wat was, ligt hier gewoon nog in het gras.",
            "Voor mij is dit het begin van het verhaal van Drenthe.",
        ),
        era=(-3400, -3400, 550, 550),
        landscape="hunebed",
        strict=True,
    ),
    _Topic(
        "story",
        ("erfgoed", "landbouw", "naoberschap"),
        (
            "De Boermarke van {place}",
            "Samen de es beheren, {place}",
            "Afspraken onder de eik in {place}",
            "Hoe de boeren van {place} samen beslisten",
        ),
        (
            "Eeuwenlang regelden de boeren in de Drentse esdorpen hun zaken samen, in de "
            "Boermarke.",
            "In de Boermarke werd besloten wie zijn schapen waar mocht laten grazen en wanneer de "
            "es werd ingezaaid.",
        ),
        (
            "Wie zich niet aan de afspraken hield, kreeg een boete, soms te betalen in bier.",
            "De heide, de es en de groenlanden langs de beek hoorden bij elkaar.",
            "De schapen liepen overdag op de heide en 's nachts in de potstal, en de mest ging "
            "naar de es.",
            "Zo ontstond in de loop van eeuwen het landschap dat we nu zo mooi vinden.",
        ),
        (
            "Een beetje van die samenwerking zit nog steeds in het dorp.",
            "Ik vind het mooi dat je die geschiedenis nog kunt lezen in de ligging van de akkers.",
        ),
        era=(1550, 1650, 200, 280),
        shapes=("point", "area"),
        landscape="esdorp",
        strict=True,
    ),
    _Topic(
        "story",
        ("erfgoed", "water-bodem", "wonen"),
        (
            "Hoe de wijken bij {place} werden gegraven",
            "{place}: van hoogveen tot akker",
            "De monden en wijken rond {place}",
            "Het veen en de veenarbeiders van {place}",
        ),
        (
            "Waar nu akkers en lintdorpen liggen, lag ooit een eindeloos hoogveen.",
            "De veenarbeiders groeven kanalen en wijken om de turf per schip af te voeren.",
        ),
        (
            "Waar een wijk uitkwam op het hoofdkanaal, ontstond een mond, en zo kregen veel "
            "dorpen hun naam.",
            "Het was zwaar werk, en hele families woonden in eenvoudige plaggenhutten.",
            "Na het afgraven werd de bovenste laag teruggezet en met zand vermengd, zodat er "
            "akkerland ontstond.",
            "De lange, rechte linten van huizen vertellen nog steeds dat verhaal.",
        ),
        (
            "Ik ben trots op de mensen die dit land met hun handen hebben gemaakt.",
            "Wie goed kijkt, ziet de geschiedenis overal in het landschap.",
        ),
        era=(1850, 1870, 60, 90),
        landscape="veen",
        strict=True,
    ),
    _Topic(
        "story",
        ("recreatie", "gezondheid-bewegen", "rust-ruimte"),
        (
            "Over het Pieterpad, op weg naar {place}",
            "Een dag wandelen in de buurt van {place}",
            "Lopen over de Hondsrug bij {place}",
            "Mijn wandelroute rond {place}",
            "Zondagswandeling vanuit {place}",
        ),
        (
            "Een tijdje geleden liep ik met mijn zus een stuk van het Pieterpad, dat dwars door "
            "Drenthe gaat.",
            "Elke zondag loop ik deze route rond {place}, al jaren.",
            "Wandelen in Drenthe is voor mij de beste manier om mijn hoofd leeg te maken.",
        ),
        (
            "Je komt door bossen, over de es en langs oude boerderijen met rieten daken.",
            "Onderweg groet iedereen elkaar, dat hoort er hier gewoon bij.",
            "Bij een boerderijwinkel kochten we appels en een kop koffie.",
            "Op de Hondsrug voel je hoe het landschap op- en afloopt, ook al is het maar een paar "
            "meter.",
            "Na een dag lopen slaap ik als een roos.",
        ),
        ("Ik raad iedereen aan om het eens te doen.", "Dit is Drenthe op zijn best."),
        era=(2012, 2025, 0, 3),
        shapes=("point", "line"),
    ),
    _Topic(
        "story",
        ("energie", "naoberschap", "wonen"),
        (
            "Onze energiecoöperatie in {place}",
            "Zonnepanelen op ons dorpshuis, {place}",
            "Samen zonne-energie opwekken in {place}",
            "Stroom van en voor {place}",
        ),
        (
            "In {year} hebben we in {place} met een groep buren een energiecoöperatie opgericht.",
            "Op het dak van ons dorpshuis liggen zonnepanelen die van ons allemaal zijn.",
            "Wij wilden niet alleen praten over de energietransitie, maar zelf iets doen.",
        ),
        (
            "Er waren veel avonden met koffie en lange discussies, maar het is gelukt.",
            "De opbrengst gaat terug naar het dorp, bijvoorbeeld naar de sportvereniging.",
            "Oudere buren helpen we met het isoleren van hun huis.",
            "Het voelt goed dat de stroom die we gebruiken hier in de buurt wordt opgewekt.",
        ),
        ("Zo kan het ook: samen, en op onze eigen manier.", "Naoberschap in een nieuw jasje."),
        era=(2014, 2025, 0, 5),
    ),
    _Topic(
        "story",
        ("energie", "landbouw", "natuur"),
        (
            "Een zonnepark, gezien vanuit {place}",
            "Schapen tussen de zonnepanelen, {place}",
            "Dit veld levert nu stroom, {place}",
            "Bloemen langs het zonnepark, {place}",
        ),
        (
            "Niet ver van {place} ligt sinds een paar jaar een zonnepark.",
            "Eerst was ik er niet blij mee, een zonnepark op landbouwgrond.",
        ),
        (
            "Maar er grazen nu schapen tussen de panelen en langs de rand is een brede strook "
            "met bloemen gezaaid.",
            "De bijen en vlinders hebben het gevonden, en er broeden vogels in de haag.",
            "Met de opbrengst van het park zijn er in het dorp dingen opgeknapt.",
            "Het gesprek erover in het dorp is veel beter geworden sinds we mochten meedenken.",
        ),
        (
            "Het landschap verandert, en dat mag, als we het samen goed doen.",
            "Ik ben benieuwd hoe het er over twintig jaar uitziet.",
        ),
        era=(2018, 2025, 0, 4),
        shapes=("point", "area"),
    ),
    _Topic(
        "story",
        ("beekdalen", "water-bodem", "natuur"),
        (
            "Vanuit {place} naar een beek die weer mag kronkelen",
            "Beekherstel gezien, {place}",
            "Water vasthouden in de beekdalen, {place}",
            "Dotterbloemen in het beekdal, {place}",
        ),
        (
            "Vanuit {place} ging ik kijken bij een beek die weer een kronkelende loop heeft "
            "gekregen.",
            "Vroeger werden beken rechtgetrokken om het water snel af te voeren, nu doen we het "
            "andersom.",
        ),
        (
            "Het water blijft nu langer in het gebied, en dat is goed voor de natuur en voor de "
            "boeren in droge zomers.",
            "In het voorjaar staan de natte graslanden vol dotterbloemen.",
            "Ik zie weer reigers en soms een ijsvogel langs het water.",
            "De Drentsche Aa, de Reest en de Vecht laten zien hoe mooi een beekdal kan zijn als "
            "het de ruimte krijgt.",
        ),
        ("Het is een plek waar ik elke week even ga kijken.", "Zo houden we Drenthe nat en groen."),
        era=(2010, 2025, 0, 6),
        landscape="beek",
    ),
    _Topic(
        "story",
        ("landbouw", "natuur", "water-bodem"),
        (
            "Boeren met de natuur in {place}",
            "Een kijkje op de boerderij bij {place}",
            "Kruidenrijk grasland bij {place}",
            "Van boer tot bord in {place}",
        ),
        (
            "Wij hebben een melkveebedrijf aan de rand van {place}, al vier generaties.",
            "Sinds een paar jaar werken we op onze boerderij meer samen met de natuur.",
        ),
        (
            "We zaaien kruidenrijk grasland, en de koeien vinden het heerlijk.",
            "Langs de akkers laten we stroken met bloemen staan voor insecten en akkervogels.",
            "In de boerderijwinkel verkopen we zuivel van eigen koeien.",
            "De bodem is ons belangrijkste bezit, daar moet je zuinig op zijn.",
        ),
        (
            "Iedereen is welkom om eens te komen kijken.",
            "Zo blijft er ook voor de volgende generatie iets om op te boeren.",
        ),
        era=(2012, 2025, 0, 6),
    ),
    _Topic(
        "story",
        ("naoberschap", "wonen"),
        (
            "Naobers helpen elkaar in {place}",
            "De buurtapp van {place}",
            "Soep voor de buren in {place}",
            "Straatbarbecue in {place}",
        ),
        (
            "Toen mijn man ziek werd, stonden de naobers in {place} meteen klaar.",
            "In onze straat in {place} hebben we een buurtapp, maar het mooiste gebeurt gewoon "
            "over de heg.",
            "Naoberschap is in {place} nog springlevend.",
        ),
        (
            "Er werd gekookt, boodschappen gedaan en het gras gemaaid, zonder dat ik erom hoefde "
            "te vragen.",
            "Eén keer per jaar houden we een straatbarbecue, en dan schuift iedereen aan.",
            "Nieuwe bewoners krijgen van ons een welkomstpakketje met krentenbrood en een kaartje.",
            "Jong en oud helpen elkaar, met de computer of met de tuin.",
        ),
        ("Dat maakt dit dorp voor mij tot thuis.", "Ik hoop dat iedereen zulke buren heeft."),
        era=(2015, 2025, 0, 5),
    ),
    _Topic(
        "story",
        ("kunst-cultuur", "dorpen-steden"),
        (
            "Kunstroute langs de ateliers, {place}",
            "Een zomeravond vol muziek in {place}",
            "Zingen in het Drents in {place}",
            "Theater in de open lucht bij {place}",
        ),
        (
            "Elke zomer fiets ik vanuit {place} een kunstroute langs ateliers en schuren.",
            "Afgelopen zomer zat ik met vrienden bij een voorstelling in de open lucht, niet ver "
            "van {place}.",
            "Met ons koor in {place} zingen we in het Nederlands én in het Drents.",
        ),
        (
            "Kunstenaars openen hun deuren en je raakt vanzelf aan de praat.",
            "Het Drents klinkt in liedjes nog mooier dan in gewone gesprekken.",
            "Na afloop bleven we nog lang zitten onder de bomen.",
            "Je hoeft niet naar de grote stad voor mooie cultuur, het gebeurt gewoon hier.",
        ),
        (
            "Wat ons verbindt, is de liefde voor deze streek.",
            "Volgend jaar ben ik er zeker weer bij.",
        ),
        era=(2012, 2025, 0, 3),
    ),
    _Topic(
        "story",
        ("mobiliteit", "dorpen-steden"),
        (
            "Met de buurtbus op pad, {place}",
            "Het fietspad naar {place}",
            "Met de e-bike van {place} naar het werk",
            "Dit fietspad gebruik ik elke dag, {place}",
        ),
        (
            "Bij ons in de buurt rijdt een buurtbus, met vrijwilligers achter het stuur.",
            "Ik fiets elke dag op mijn e-bike over dit pad bij {place} naar mijn werk.",
            "Zonder auto is het in Drenthe niet altijd makkelijk, maar er verandert wat.",
        ),
        (
            "De chauffeurs kennen de passagiers bij naam en wachten even als iemand nog aan komt "
            "lopen.",
            "Het pad loopt langs de es en door een stukje bos, en er is bijna geen verkeer.",
            "In de ochtend zie ik soms reeën aan de rand van het veld.",
            "Voor ouderen is zo'n bus een uitkomst, anders kom je nergens.",
        ),
        (
            "Zo blijft ons dorp bereikbaar voor iedereen.",
            "Het is de mooiste reis naar mijn werk die ik me kan voorstellen.",
        ),
        era=(2012, 2025, 0, 5),
        shapes=("point", "line"),
    ),
    _Topic(
        "story",
        ("wonen", "dorpen-steden", "naoberschap"),
        (
            "Samen wonen in een hofje in {place}",
            "Ons nieuwe huis in {place}",
            "Jongeren blijven in {place}",
            "Een oude boerderij, nieuw leven in {place}",
        ),
        (
            "Wij wonen sinds kort met een paar gezinnen samen in een verbouwde boerderij bij "
            "{place}.",
            "Lang dachten we dat we weg moesten uit {place}, omdat er geen huizen voor jongeren "
            "waren.",
            "Bij ons in het dorp is een hofje gebouwd waar ouderen dicht bij elkaar wonen en op "
            "elkaar letten.",
        ),
        (
            "Iedereen heeft zijn eigen plek, maar de tuin en de deel delen we.",
            "Mijn kinderen kunnen nu in hetzelfde dorp wonen als ik.",
            "De oude balken en het rieten dak zijn gebleven, binnen is alles nieuw en goed "
            "geïsoleerd.",
            "'s Avonds zitten we vaak samen op het erf.",
        ),
        ("Zo blijft het dorp levendig.", "Zo wil ik wel oud worden."),
        era=(2016, 2025, 0, 4),
    ),
    _Topic(
        "story",
        ("gezondheid-bewegen", "natuur", "naoberschap"),
        (
            "De wandelgroep van {place}",
            "Elke dinsdag samen lopen in {place}",
            "Hardlopen door het bos bij {place}",
            "Fit blijven in de buitenlucht van {place}",
        ),
        (
            "Elke dinsdagochtend lopen we met een groep van vijftien mensen een rondje rond "
            "{place}.",
            "Na mijn operatie adviseerde de fysiotherapeut me om veel te wandelen.",
            "Ik ben begonnen met hardlopen op de zandpaden in het bos bij {place}.",
        ),
        (
            "We beginnen en eindigen altijd met koffie, dat is minstens zo belangrijk als het "
            "lopen.",
            "De bospaden zijn zacht voor je knieën en je ademt de geur van dennen in.",
            "Sommigen lopen langzaam, anderen snel, maar we wachten altijd op elkaar.",
            "Ik voel me sterker dan ooit, en ik heb er nieuwe vrienden bij.",
        ),
        ("De natuur is hier gewoon je sportschool.", "Gezond blijven doe je hier samen."),
        era=(2016, 2025, 0, 5),
    ),
    _Topic(
        "story",
        ("rust-ruimte", "natuur"),
        (
            "De sterren boven {place}",
            "Stilte rond {place}",
            "Donkere nachten bij {place}",
            "De Melkweg gezien vanuit {place}",
        ),
        (
            "Wat ik hier het mooiste vind, is de stilte en het donker 's nachts.",
            "Op een heldere avond fiets ik even naar de rand van {place} om naar de sterren te "
            "kijken.",
        ),
        (
            "Je ziet de Melkweg gewoon met het blote oog.",
            "Er is geen verkeer te horen, alleen soms een uil.",
            "Veel mensen uit de Randstad kunnen het niet geloven als ze hier komen.",
            "Rust en ruimte zijn misschien wel het grootste goed dat Drenthe heeft.",
        ),
        ("Ik hoop dat we dat altijd zo houden.", "Hier kom ik echt tot rust."),
        era=(2018, 2025, 0, 3),
    ),
    _Topic(
        "story",
        ("energie", "water-bodem"),
        (
            "Na het gas: nieuwe energie in {place}",
            "Wat de bodem ons gaf, {place}",
            "Een warmtepomp in ons oude huis in {place}",
            "Van het gas af in {place}",
        ),
        (
            "Jarenlang kwam onze energie uit de bodem van Noord-Nederland.",
            "In {year} hebben wij ons oude huis in {place} van het gas gehaald.",
        ),
        (
            "Het gas bracht welvaart, maar ook zorgen, en daar praten we nu eerlijker over.",
            "De warmtepomp zoemt zachtjes in de schuur en het huis is behaaglijk warm.",
            "We hebben eerst goed geïsoleerd, dat was het belangrijkste.",
            "Ik vind het mooi dat Drenthe nu op een nieuwe manier energie maakt.",
        ),
        (
            "Het voelt als een nieuw hoofdstuk.",
            "Wat was, wat is, en wat Drenthe worden kan: hier zie je het allemaal.",
        ),
        era=(2015, 2025, 0, 4),
    ),
    _Topic(
        "story",
        ("natuur", "rust-ruimte"),
        (
            "Kraanvogels in het Fochteloërveen, vanuit {place}",
            "Een ochtend in het Bargerveen",
            "Vanuit {place} naar het hoogveen",
            "Vogels kijken, een dag uit {place}",
        ),
        (
            "Op een koude ochtend ging ik vanuit {place} naar het Fochteloërveen om de "
            "kraanvogels te zien.",
            "Het Bargerveen voelt als een stukje wildernis, helemaal aan de oostkant van Drenthe.",
            "Ik ben een echte vogelaar en ga graag vroeg op pad.",
        ),
        (
            "Toen ik hun trompetterende roep hoorde, stond ik stil van verwondering.",
            "Het veen is zacht en nat, en het licht is er anders dan waar dan ook.",
            "Van het oude hoogveen is weinig over, des te mooier dat deze stukken bewaard blijven.",
            "Met een thermoskan koffie zat ik een uur op een bankje te kijken.",
        ),
        (
            "Het is een voorrecht om dit zo dichtbij te hebben.",
            "Zulke plekken moeten we koesteren.",
        ),
        era=(2014, 2025, 0, 2),
    ),
    _Topic(
        "story",
        ("erfgoed", "dorpen-steden"),
        (
            "Door de straatjes van Orvelte",
            "Orvelte, een esdorp zoals het was",
            "Oude ambachten in Orvelte",
            "Een middag in Orvelte",
        ),
        (
            "Orvelte voelt als een reis terug in de tijd.",
            "In Orvelte zie je hoe een Drents esdorp er vroeger uitzag.",
        ),
        (
            "De boerderijen met hun rieten daken staan dicht bij elkaar, en auto's blijven buiten "
            "het dorp.",
            "Je kunt er kijken bij oude ambachten en proeven van streekproducten.",
            "Ik neem er graag vrienden van buiten Drenthe mee naartoe.",
        ),
        ("Wat was, wordt hier met liefde bewaard.",),
        era=(2012, 2025, 0, 3),
        only=("Orvelte",),
    ),
    _Topic(
        "story",
        ("erfgoed", "wonen"),
        (
            "De geschiedenis van Veenhuizen",
            "Werelderfgoed in Veenhuizen",
            "Wandelen langs de koloniegebouwen in Veenhuizen",
        ),
        (
            "Veenhuizen heeft een bijzondere geschiedenis als kolonie van de Maatschappij van "
            "Weldadigheid.",
            "Sinds 2021 horen de Koloniën van Weldadigheid bij het werelderfgoed van UNESCO.",
        ),
        (
            "De lange lanen met bomen en de grote gebouwen vertellen een verhaal over armoede en "
            "hoop.",
            "Het is bijzonder om te bedenken hoeveel mensen hier een nieuw bestaan moesten "
            "opbouwen.",
            "Tegenwoordig wonen en werken er weer mensen in de oude gebouwen.",
        ),
        ("Het verhaal van Veenhuizen verdient het om verteld te worden.",),
        era=(2021, 2025, 0, 4),
        only=("Veenhuizen",),
    ),
    _Topic(
        "story",
        ("kunst-cultuur", "naoberschap"),
        ("Shakespeare in het bos bij Diever", "Een zomeravond bij het openluchttheater in Diever"),
        (
            "In Diever wordt al heel lang Shakespeare gespeeld in de open lucht, door mensen uit "
            "het dorp zelf.",
        ),
        (
            "Het hele dorp helpt mee, met kostuums, decors en koffie in de pauze.",
            "Onder de bomen klinken de oude teksten als nieuw.",
            "Als het donker wordt en de lampen aangaan, is het echt betoverend.",
        ),
        ("Ik ga elke zomer weer.",),
        era=(2012, 2025, 0, 3),
        only=("Diever",),
    ),
    # --- photos: a view now ----------------------------------------------------------------
    _Topic(
        "photo",
        ("natuur", "rust-ruimte"),
        (
            "Paarse heide bij {place}",
            "De heide bloeit weer bij {place}",
            "Augustus op de heide, {place}",
            "Heide en jeneverbes bij {place}",
        ),
        (
            "Vanochtend genomen, net buiten {place}.",
            "Zo ziet de heide er nu uit bij {place}.",
            "Foto van vandaag: de heide bij {place} staat volop in bloei.",
        ),
        (
            "Paars tot aan de horizon, met hier en daar een jeneverbes.",
            "Je hoort alleen de bijen.",
            "De zon kwam net door de ochtendnevel heen.",
        ),
        shapes=("point", "area"),
        landscape="heide",
        strict=True,
    ),
    _Topic(
        "photo",
        ("dorpen-steden", "erfgoed"),
        (
            "Rieten daken in {place}",
            "Een oude boerderij in {place}",
            "Oude eiken in {place}",
            "Ochtendlicht in {place}",
        ),
        (
            "Deze boerderij in {place} staat er al generaties.",
            "Een rustig moment in {place}, vanochtend vroeg.",
        ),
        (
            "Het riet op het dak is net vernieuwd.",
            "De oude eiken geven schaduw aan het hele plein.",
            "De luiken zijn in de kleuren van vroeger geschilderd.",
        ),
    ),
    _Topic(
        "photo",
        ("energie",),
        (
            "Zonnepanelen in de zon bij {place}",
            "Panelen op de schuur bij {place}",
            "Nieuwe energie bij {place}",
            "Het dak als energiebron, {place}",
        ),
        ("Zo ziet een boerenschuur bij {place} er nu uit.", "Uitzicht vanaf de weg bij {place}."),
        (
            "Het hele dak van de schuur ligt vol zonnepanelen, en ervoor grazen de koeien.",
            "De panelen glinsteren in de middagzon.",
            "Wat was, wat is en wat Drenthe worden kan, in één beeld.",
        ),
        ("Het landschap verandert.", "Ik vind het eerlijk gezegd mooi om te zien."),
    ),
    _Topic(
        "photo",
        ("beekdalen", "water-bodem", "natuur"),
        (
            "Nevel boven het beekdal bij {place}",
            "De beek bij {place} in de ochtend",
            "Langs het water bij {place}",
            "Een reiger in het beekdal bij {place}",
        ),
        (
            "Vanochtend om zeven uur, bij de beek in de buurt van {place}.",
            "Het beekdal bij {place} na een natte week.",
        ),
        (
            "De nevel hing laag over de hooilanden.",
            "Het water staat hoog en de weilanden zijn drassig, precies zoals het hoort.",
            "Een reiger stond roerloos aan de waterkant.",
        ),
        shapes=("point", "line"),
        landscape="beek",
        strict=True,
    ),
    _Topic(
        "photo",
        ("water-bodem", "erfgoed", "wonen"),
        (
            "Een lange wijk bij {place}",
            "Kanaal en bruggetjes in {place}",
            "Rechte lijnen bij {place}",
            "Het lint van {place}",
        ),
        (
            "Het typische veenkoloniale landschap bij {place}.",
            "Zo recht als een liniaal, de wijk bij {place}.",
        ),
        (
            "Langs het water staan de huizen in een lang lint.",
            "Het bruggetje is pas opnieuw geverfd.",
            "Akkers tot aan de horizon.",
        ),
        landscape="veen",
        strict=True,
    ),
    _Topic(
        "photo",
        ("natuur", "landbouw", "erfgoed"),
        (
            "De kudde trekt langs {place}",
            "Schapen in de avondzon bij {place}",
            "Herder en honden bij {place}",
            "Op weg naar de schaapskooi bij {place}",
        ),
        (
            "Vanavond kwam de schaapskudde langs, net buiten {place}.",
            "Moment van vandaag bij {place}: de kudde op weg naar de kooi.",
        ),
        (
            "De herder zwaaide nog even.",
            "Het stof van het zandpad hing in de lucht.",
            "Honderden schapen, en geen enkele haast.",
        ),
        landscape="heide",
        strict=True,
    ),
    _Topic(
        "photo",
        ("recreatie", "mobiliteit", "gezondheid-bewegen"),
        (
            "Fietsroute rond {place}",
            "Onderweg op de fiets bij {place}",
            "Een zandpad bij {place}",
            "Rondje fietsen vanuit {place}",
        ),
        (
            "Vandaag dit rondje gefietst vanuit {place}.",
            "Even afstappen voor deze foto, onderweg bij {place}.",
        ),
        (
            "Bijna veertig kilometer, over stille wegen en door het bos.",
            "Knooppunten volgen en je komt vanzelf op de mooiste plekjes.",
            "Onderweg een kop koffie op een boerenterras.",
        ),
        ("Aanrader voor iedereen.",),
        shapes=("point", "line"),
    ),
    _Topic(
        "photo",
        ("kunst-cultuur",),
        (
            "Kunst in het landschap bij {place}",
            "Een muurschildering in {place}",
            "Kleur op de muur in {place}",
            "Een beeld langs de weg bij {place}",
        ),
        (
            "Dit kunstwerk bij {place} verrast me elke keer weer.",
            "Nieuwe muurschildering in {place}, gemaakt door jongeren uit het dorp.",
        ),
        (
            "Het past precies in het landschap.",
            "De kleuren komen het mooist uit in de late middagzon.",
            "Er blijven steeds mensen stilstaan om te kijken.",
        ),
    ),
    _Topic(
        "photo",
        ("rust-ruimte", "natuur"),
        (
            "Ruimte bij {place}",
            "Zonsondergang boven de akkers bij {place}",
            "Niemand te zien bij {place}",
            "Stilte op het veld bij {place}",
        ),
        ("Dit is waarom ik bij {place} woon.", "Zonsondergang, net buiten {place}."),
        (
            "Zover je kunt kijken alleen akkers, bomen en lucht.",
            "Geen geluid, behalve de wind.",
            "De lucht kleurt oranje boven de akkers.",
        ),
        shapes=("point", "area"),
    ),
    _Topic(
        "photo",
        ("naoberschap", "dorpen-steden"),
        (
            "Burendag in {place}",
            "Een erepoort van de naobers in {place}",
            "De hele straat aan tafel in {place}",
            "Feest in de straat in {place}",
        ),
        (
            "De naobers hebben weer een prachtige erepoort gemaakt in {place}.",
            "Burendag in {place}: de hele straat aan de lange tafel.",
        ),
        (
            "Het groen komt uit het bos, de papieren bloemen zijn met de hand gemaakt.",
            "Er was soep, krentenbrood en heel veel gezelligheid.",
            "Jong en oud hielpen mee.",
        ),
    ),
    _Topic(
        "photo",
        ("erfgoed", "water-bodem"),
        (
            "De grachten van Coevorden",
            "Avondlicht op de vesting in Coevorden",
            "Water rond de oude vesting van Coevorden",
        ),
        (
            "De oude vesting van Coevorden, vanavond vanaf het water gezien.",
            "Een wandeling langs de grachten van Coevorden.",
        ),
        (
            "Aan de grachten zie je nog goed de vorm van de oude vestingstad.",
            "Het water ligt er spiegelglad bij.",
        ),
        only=("Coevorden",),
    ),
    # --- wishes: what Drenthe can become -----------------------------------------------------
    _Topic(
        "wish",
        ("beekdalen", "water-bodem", "natuur"),
        (
            "Een wens uit {place}: ruimte voor de beek",
            "In {year} nattere beekdalen, {place}",
            "Ik wens de beken hun bochten terug, {place}",
            "Levende beekdalen, een wens uit {place}",
        ),
        (
            "Ik hoop dat de Drentse beken in {year} weer vrij door hun dal mogen stromen.",
            "Mijn wens, vanuit {place}: beekdalen waar het water de ruimte krijgt.",
        ),
        (
            "Met natte hooilanden, bloemrijke graslanden en ruimte voor de ijsvogel.",
            "Dan houden we water vast voor droge zomers en hebben de boeren er ook wat aan.",
            "Een wandelpad langs het water zou het helemaal afmaken.",
        ),
        ("Dat is het Drenthe dat ik mijn kleinkinderen gun.",),
        shapes=("point", "area"),
        landscape="beek",
    ),
    _Topic(
        "wish",
        ("energie", "naoberschap"),
        (
            "{place} energieneutraal in {year}",
            "Zonnepanelen op elk dak in {place}",
            "Een eigen energiedorp: {place}",
            "Een buurtbatterij voor {place}",
        ),
        (
            "Mijn droom is dat {place} in {year} al zijn eigen energie opwekt.",
            "Ik wens dat alle daken in {place} vol liggen met zonnepanelen, in plaats van goede "
            "landbouwgrond.",
        ),
        (
            "Van ons allemaal, zodat de opbrengst in het dorp blijft.",
            "Met een buurtbatterij en een warmtenet dat we samen beheren.",
            "Zonder dat het landschap eronder lijdt.",
        ),
        ("Wat Drenthe worden kan: een provincie die haar eigen energie maakt.",),
    ),
    _Topic(
        "wish",
        ("wonen", "dorpen-steden"),
        (
            "Betaalbare huizen voor jongeren in {place}",
            "Blijven wonen in {place}",
            "Een woonhof voor jong en oud in {place}",
            "Kleine huizen in {place}, {year}",
        ),
        (
            "Ik wens dat jongeren in {year} gewoon in {place} kunnen blijven wonen.",
            "Mijn wens voor {place}: een hofje waar jong en oud samen wonen.",
        ),
        (
            "Met kleine, betaalbare huizen die passen bij het dorp.",
            "Met een gemeenschappelijke tuin en een plek om samen te eten.",
            "Zodat de school, de winkel en de voetbalclub blijven bestaan.",
        ),
        ("Een dorp leeft als er jong en oud woont.",),
    ),
    _Topic(
        "wish",
        ("mobiliteit", "dorpen-steden"),
        (
            "Een snelfietspad van {place} naar de stad",
            "Een bus die vaker rijdt in {place}",
            "Veilig fietsen naar school in {place}",
            "Zonder auto op pad vanuit {place}",
        ),
        (
            "Ik hoop dat er in {year} een breed, veilig fietspad ligt vanaf {place}.",
            "Mijn wens: dat je vanuit {place} zonder auto overal kunt komen.",
        ),
        (
            "Met goede verlichting en bomen langs de kant.",
            "Een kleine elektrische bus die je met een app kunt bestellen zou al veel helpen.",
            "Dan kunnen de kinderen ook zelf naar de sportclub.",
        ),
        ("Zo blijft Drenthe voor iedereen bereikbaar.",),
        shapes=("point", "line"),
    ),
    _Topic(
        "wish",
        ("natuur", "rust-ruimte"),
        (
            "Een nieuw bos bij {place}",
            "Meer heide rond {place}",
            "Ruimte voor de kraanvogel bij {place}",
            "Natuur die verbonden is, {place} {year}",
        ),
        (
            "Ik wens dat dit stuk grond bij {place} in {year} een bos is, waar kinderen kunnen "
            "spelen.",
            "Mijn droom is dat de natuurgebieden rond {place} met elkaar verbonden raken.",
        ),
        (
            "Zodat dieren kunnen trekken van het ene natuurgebied naar het andere, van het "
            "Dwingelderveld tot het Fochteloërveen.",
            "Met inheemse bomen: eik, berk en beuk.",
            "Waar je kunt verdwalen en weer terugvinden.",
        ),
        ("Natuur is het mooiste wat we kunnen doorgeven.",),
        shapes=("point", "area"),
    ),
    _Topic(
        "wish",
        ("landbouw", "water-bodem"),
        (
            "Boeren en natuur hand in hand bij {place}",
            "Een gezonde bodem rond {place}",
            "Bloeiende akkerranden bij {place}",
            "Jonge boeren in {place}, {year}",
        ),
        (
            "Ik hoop dat de boeren rond {place} in {year} een goed inkomen hebben én een gezonde "
            "bodem.",
            "Mijn wens is dat de akkers bij {place} weer kleuren van de bloemen langs de randen.",
        ),
        (
            "Met kleinere percelen, houtwallen en ruimte voor akkervogels.",
            "Zodat we ons voedsel weer dichtbij huis halen.",
            "Jonge boeren moeten hier een toekomst kunnen hebben.",
        ),
        ("Zonder boeren geen Drents landschap.",),
    ),
    _Topic(
        "wish",
        ("erfgoed", "kunst-cultuur"),
        (
            "De oude boerderijen van {place} bewaren",
            "Het verhaal van {place} doorgeven",
            "Een verhalenhuis in {place}",
            "Erfgoed in {place} in {year}",
        ),
        (
            "Ik wens dat de oude boerderijen in {place} in {year} nog steeds staan, met nieuwe "
            "bewoners.",
            "Mijn wens is dat kinderen in {place} de verhalen van vroeger blijven horen.",
        ),
        (
            "Van de hunebedbouwers tot de turfstekers, het hoort allemaal bij ons.",
            "Met een plek waar ouderen en kinderen samen verhalen delen.",
            "Zodat de es, de brink en de boerderijen herkenbaar blijven.",
        ),
        ("Wat was, mag niet verdwijnen.",),
    ),
    _Topic(
        "wish",
        ("recreatie", "gezondheid-bewegen"),
        (
            "Een natuurzwembad bij {place}",
            "Een wandelrondje om {place}",
            "Speelnatuur voor kinderen in {place}",
            "Buiten spelen in {place}, {year}",
        ),
        (
            "Mijn wens voor {place}: een plek om buiten te zwemmen, in schoon water.",
            "Ik hoop dat er in {year} een wandelrondje om {place} is, met bankjes en mooie "
            "uitzichten.",
        ),
        (
            "Zodat ouderen ook makkelijk kunnen bewegen.",
            "Met een speelbos waar kinderen mogen klimmen en vies worden.",
            "En met goede bewegwijzering, voor toeristen én voor onszelf.",
        ),
        ("Buiten zijn maakt iedereen gelukkiger.",),
    ),
    _Topic(
        "wish",
        ("naoberschap", "gezondheid-bewegen", "wonen"),
        (
            "Een ontmoetingsplek in {place}",
            "Naoberschap in {place}, {year}",
            "Niemand alleen in {place}",
            "De huiskamer van {place}",
        ),
        (
            "Ik hoop dat naoberschap in {place} in {year} nog net zo gewoon is als nu.",
            "Mijn wens: een huiskamer van het dorp in {place}, waar altijd koffie is.",
        ),
        (
            "Waar mensen die alleen zijn gewoon binnen kunnen lopen.",
            "Waar nieuwkomers snel de weg vinden.",
            "Met een zorgcoöperatie die we zelf regelen, zodat ouderen thuis kunnen blijven wonen.",
        ),
        ("Samen red je het altijd.",),
    ),
    _Topic(
        "wish",
        ("rust-ruimte", "natuur"),
        (
            "Donkere nachten boven {place}",
            "Stilte bewaren rond {place}",
            "Ruimte blijven voelen in {place}",
            "Sterren boven {place} in {year}",
        ),
        (
            "Ik wens dat het in {year} 's nachts nog net zo donker is bij {place} als nu.",
            "Mijn wens is simpel: laat de ruimte rond {place} zoals hij is.",
        ),
        (
            "Zodat mijn kleinkinderen de sterren ook kunnen zien.",
            "Zonder felle lampen en zonder lawaai.",
            "Rust en ruimte zijn voor mij het echte goud van Drenthe.",
        ),
    ),
    _Topic(
        "wish",
        ("kunst-cultuur", "dorpen-steden"),
        (
            "Een openluchtpodium in {place}",
            "Meer Drents op school in {place}",
            "Kunst langs de fietsroute bij {place}",
            "Muziek op de brink van {place}, {year}",
        ),
        (
            "Ik wens dat er in {year} in {place} een klein openluchtpodium staat.",
            "Mijn wens is dat de kinderen in {place} het Drents blijven spreken.",
        ),
        (
            "Voor muziek, toneel en verhalen, van en voor het dorp.",
            "De streektaal hoort bij wie we zijn.",
            "Met kunstwerken die vertellen over het landschap.",
        ),
    ),
    _Topic(
        "wish",
        ("gezondheid-bewegen", "dorpen-steden"),
        (
            "Een gezondheidscentrum dichtbij in {place}",
            "Buiten bewegen voor iedereen in {place}",
            "Een beweegtuin in {place}",
            "Gezond oud worden in {place}",
        ),
        (
            "Mijn wens: een huisarts en fysiotherapeut dichtbij, hier in {place}.",
            "Ik hoop dat er in {year} in {place} een beweegtuin is voor jong en oud.",
        ),
        (
            "Zodat ook mensen zonder auto goede zorg krijgen.",
            "Met toestellen tussen de bomen en een pad om te wandelen.",
            "Gezond leven begint met een omgeving die uitnodigt om te bewegen.",
        ),
    ),
    _Topic(
        "wish",
        ("water-bodem", "recreatie", "erfgoed"),
        (
            "Varen door de wijken van {place}",
            "De kanalen bij {place} weer bevaarbaar",
            "Met een bootje door {place}, {year}",
        ),
        (
            "Ik wens dat je in {year} weer met een bootje door de wijken rond {place} kunt varen.",
            "Mijn droom voor {place}: het water weer gebruiken, zoals vroeger.",
        ),
        (
            "Zoals vroeger de turfschepen, maar dan voor plezier.",
            "Dat zou mooi zijn voor toeristen en voor onszelf.",
            "Het water vertelt het verhaal van de veenkoloniën.",
        ),
        landscape="veen",
        strict=True,
    ),
)


def _norm(name: str) -> str:
    return name.strip().casefold()


_LANDSCAPE_INDEX = {key: frozenset(_norm(n) for n in names) for key, names in _LANDSCAPES.items()}


def _kind_counts(count: int) -> list[str]:
    """The kinds for `count` stories in the configured shares (largest remainder)."""
    raw = [(kind, count * share) for kind, share in KIND_SHARES]
    counts = {kind: int(value) for kind, value in raw}
    rest = count - sum(counts.values())
    by_fraction = sorted(raw, key=lambda item: item[1] - int(item[1]), reverse=True)
    for kind, _ in by_fraction[:rest]:
        counts[kind] += 1
    return [kind for kind, _ in KIND_SHARES for _ in range(counts[kind])]


def _decade(year: int) -> str:
    word = _DECADES.get((year // 10) % 10) if 1930 <= year < 2000 else None
    return f"de jaren {word}" if word else f"de jaren {year // 10 * 10}"


def _era(topic: _Topic, rng: random.Random) -> tuple[int | None, int | None]:
    if topic.kind == "photo":
        return (CURRENT_YEAR, CURRENT_YEAR) if rng.random() < 0.6 else (None, None)
    low, high, span_low, span_high = topic.era or _DEFAULT_ERA[topic.kind]
    start = rng.randint(low, high)
    end: int | None = start + rng.randint(span_low, span_high)
    if topic.kind == "story" and start >= 2000:
        end = None if rng.random() < 0.3 else min(end, CURRENT_YEAR)
    elif topic.kind == "wish" and rng.random() < 0.5:
        end = None
    return start, end


def _point(lon: float, lat: float, rng: random.Random) -> dict:
    return {
        "type": "Point",
        "coordinates": [
            round(lon + rng.uniform(-POINT_SPREAD, POINT_SPREAD), 6),
            round(lat + rng.uniform(-POINT_SPREAD, POINT_SPREAD), 6),
        ],
    }


def _route(lon: float, lat: float, rng: random.Random) -> dict:
    """A gently bending route of 3-8 vertices that stays within ~0.03 degrees of the place."""
    vertices = rng.randint(3, 8)
    x = lon + rng.uniform(-0.008, 0.008)
    y = lat + rng.uniform(-0.008, 0.008)
    heading = rng.uniform(0, 2 * math.pi)
    coords = [[round(x, 6), round(y, 6)]]
    for _ in range(vertices - 1):
        heading += rng.uniform(-0.6, 0.6)
        step = rng.uniform(0.0015, 0.003)
        x += step * math.cos(heading)
        y += step * math.sin(heading)
        coords.append([round(x, 6), round(y, 6)])
    return {"type": "LineString", "coordinates": coords}


def _area(lon: float, lat: float, rng: random.Random) -> dict:
    """A small convex polygon: 5-7 vertices on an ellipse, counter-clockwise, closed."""
    vertices = rng.randint(5, 7)
    cx = lon + rng.uniform(-0.015, 0.015)
    cy = lat + rng.uniform(-0.015, 0.015)
    rx = rng.uniform(0.0025, 0.005)
    ry = rx * rng.uniform(0.6, 1.0)
    base = rng.uniform(0, 2 * math.pi)
    step = 2 * math.pi / vertices
    ring = []
    for i in range(vertices):
        angle = base + i * step + rng.uniform(-0.3, 0.3) * step
        ring.append([round(cx + rx * math.cos(angle), 6), round(cy + ry * math.sin(angle), 6)])
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring]}


def _pick_place(
    topic: _Topic, places: list[tuple[str, float, float]], rng: random.Random
) -> tuple[str, float, float]:
    if topic.only:
        wanted = {_norm(n) for n in topic.only}
        return rng.choice([p for p in places if _norm(p[0]) in wanted])
    if topic.landscape:
        fitting = [p for p in places if _norm(p[0]) in _LANDSCAPE_INDEX[topic.landscape]]
        if fitting and (topic.strict or rng.random() < 0.75):
            return rng.choice(fitting)
    return rng.choice(places)


def _unique_title(
    candidates: list[str], taken: set[str], rng: random.Random, numbers: dict[str, int]
) -> str:
    for title in candidates:
        if title.casefold() not in taken:
            return title
    base = candidates[0]
    for qualifier in rng.sample(_TITLE_QUALIFIERS, len(_TITLE_QUALIFIERS)):
        title = f"{base}, {qualifier}"[:MAX_TITLE]
        if title.casefold() not in taken:
            return title
    # The next free number of this base, remembered (counting up from 2 each time made a
    # 1,000,000-story seed quadratic).
    number = numbers.get(base, 2)
    while f"{base} ({number})".casefold() in taken:
        number += 1
    numbers[base] = number + 1
    return f"{base} ({number})"


def _body(topic: _Topic, ctx: dict, origin: str | None, rng: random.Random) -> str:
    sentences = []
    if origin is not None and topic.kind in _ORIGIN_SENTENCES:
        pool = _ORIGIN_SENTENCES[topic.kind] if origin != ctx["place"] else _SAME_ORIGIN_SENTENCES
        sentences.append(rng.choice(pool))
    sentences.append(rng.choice(topic.openings))
    most = 2 if topic.kind == "photo" else 3
    sentences.extend(rng.sample(topic.middles, min(rng.randint(1, most), len(topic.middles))))
    if rng.random() < (0.5 if topic.kind == "photo" else 0.75):
        sentences.append(rng.choice(topic.closings + _KIND_CLOSINGS[topic.kind]))
    return " ".join(s.format(**ctx) for s in sentences)[:MAX_BODY]


def demo_stories(
    places: list[tuple[str, float, float]], rng: random.Random, count: int = 200
) -> Iterator[dict]:
    """Build `count` varied demo stories as GeoJSON Features pinned near the given places, one
    at a time (a million would not fit in memory at once).

    `places` holds (name, lon, lat) tuples of villages and towns in Drenthe. The result is fully
    determined by the state of `rng`: about 35% memories, 30% stories, 15% photos and 20%
    wishes, mostly Points with about 5% routes (LineString) and 5% areas (Polygon).
    """
    if not places:
        raise ValueError("demo_stories needs at least one (name, lon, lat) place to pin on.")
    return _generate(places, rng, count)


def _generate(
    places: list[tuple[str, float, float]], rng: random.Random, count: int
) -> Iterator[dict]:
    present = {_norm(p[0]) for p in places}
    topics = [
        t
        for t in _TOPICS
        if (not t.only or any(_norm(n) in present for n in t.only))
        and (not t.strict or present & _LANDSCAPE_INDEX[t.landscape])
    ]

    kinds = _kind_counts(count)
    rng.shuffle(kinds)
    n_line = round(count * LINE_SHARE)
    n_area = round(count * AREA_SHARE)
    special = rng.sample(range(count), min(count, n_line + n_area))
    shapes = ["point"] * count
    for position, index in enumerate(special):
        shapes[index] = "line" if position < n_line else "area"

    decks: dict[tuple[str, str], list[_Topic]] = {}

    def draw(kind: str, shape: str) -> _Topic:
        key = (kind, shape)
        if not decks.get(key):
            deck = [t for t in topics if t.kind == kind and shape in t.shapes]
            if not deck:
                return draw(kind, "point")
            rng.shuffle(deck)
            decks[key] = deck
        return decks[key].pop()

    taken: set[str] = set()
    numbers: dict[str, int] = {}
    for kind, shape in zip(kinds, shapes, strict=True):
        topic = draw(kind, shape)
        name, lon, lat = _pick_place(topic, places, rng)
        era_from, era_to = _era(topic, rng)

        origin = None
        origin_p = {"memory": 0.6, "story": 0.15, "wish": 0.1}.get(kind, 0.0)
        if rng.random() < origin_p:
            others = [p[0] for p in places if _norm(p[0]) != _norm(name)]
            origin = rng.choice(others) if others else name

        year = era_from if era_from is not None else CURRENT_YEAR
        ctx = {"place": name, "origin": origin or name, "year": year, "decade": _decade(year)}
        candidates = [t.format(**ctx)[:MAX_TITLE] for t in topic.titles]
        rng.shuffle(candidates)
        title = _unique_title(candidates, taken, rng, numbers)
        taken.add(title.casefold())

        if shape == "line":
            geometry = _route(lon, lat, rng)
        elif shape == "area":
            geometry = _area(lon, lat, rng)
        else:
            geometry = _point(lon, lat, rng)
        approximate = shape == "point" and rng.random() < APPROXIMATE_SHARE

        yield (
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "kind": kind,
                    "title": title,
                    "body": _body(topic, ctx, origin, rng),
                    "themes": list(topic.themes),
                    "era_from": era_from,
                    "era_to": era_to,
                    "place_name": name,
                    "origin_place": origin,
                    "location_precision": "approximate" if approximate else "exact",
                    "language": "nl",
                    "license": "CC-BY-4.0",
                    "consent": True,
                },
            }
        )
