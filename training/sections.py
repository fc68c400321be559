"""Sections: the eight classes, weak labels from URL paths, and the gnad10k label mapping.

Sections (their keys are core.sections.SECTIONS):

    politics        domestic politics of the outlet's country (parties, parliament, government)
    international   foreign affairs, other countries' politics, wars and conflicts abroad
    economy         business, markets, finance, trade, consumer money
    sports          sport of every kind
    culture         arts, books, film, music, TV and media, celebrities, entertainment
    science_tech    science, research, health research, technology, the internet, games
    panorama        crime, accidents, weather, local news, human interest, lifestyle
    other           service pieces, adverts, anything none of the above fits

Weak labels (`url_section`) read the URL's path words: a word in ``URL_WORDS`` decides, the
first section in the table's order that has one wins (so "/sport/fussball/…" is sports and
"/politik/ausland/…" is international, because international is checked before politics).
A bare "/politik/" is ambiguous between politics and international and gives no label; so do
paths without a section word (most regional papers): those articles are left out of training.
Host names whose whole site is one section (kicker.de, sport1.de…) are in ``HOST_SECTIONS``.

gnad10k-test carries derStandard.at's nine desk labels; ``GNAD_TO_SECTION`` maps them onto ours:
Inland (Austrian domestic politics) -> politics, International -> international, Wirtschaft ->
economy, Sport -> sports, Kultur -> culture, Etat (derStandard's media and TV desk) -> culture,
Web and Wissenschaft -> science_tech, Panorama -> panorama.  Nothing is trained on gnad10k.
"""

from __future__ import annotations

from urllib.parse import urlparse

# Checked in this order: the first section with a word in the path wins.
URL_WORDS: dict[str, tuple[str, ...]] = {
    "sports": (
        "sport",
        "sports",
        "fussball",
        "fu%c3%9fball",
        "tennis",
        "formel-1",
        "formel1",
        "olympia",
        "handball",
        "wintersport",
        "motogp",
        "bundesliga",
        "2-bundesliga",
        "uefachampionsleague",
        "champions-league",
        "championsleague",
        "europa-league",
        "europaleague",
        "em-2024",
        "basketball",
        "eishockey",
        "radsport",
        "boxen",
        "golf",
        "leichtathletik",
        "dfb-pokal",
        "dfbpokal",
        "sportnachrichten",
        "internationaler-fussball",
        "mehr-sport",
        "mehrsport",
        "mehr-sportarten",
        "american-football",
        "nfl",
        "nba",
        "nhl",
        "darts",
        "darts-sport",
        "kampfsport",
        "ufc",
        "us-sport",
        "ussport",
        "lokalsport",
        "berlin-sport",
        "premier-league",
        "la-liga",
        "serie-a",
        "dfb-team",
        "atp",
        "grand-slams",
        "eishockey-wm",
        "fussball-em",
        "europameisterschaft",
        "transfer",
        "uefa-nations-league",
        "regatta",
    ),
    "science_tech": (
        "wissenschaft",
        "wissen",
        "netzwelt",
        "digital",
        "technik",
        "digitales-technik",
        "gesundheit",
        "forschung",
        "web",
        "games",
        "medizin",
        "klima",
    ),
    "economy": (
        "wirtschaft",
        "unternehmen",
        "finanzen",
        "geld",
        "boerse",
        "wirtschaft-politik",
        "geld-verbraucher",
        "geld-versicherungen",
        "gruenderszene",
        "marketing",
        "immobilien",
    ),
    "culture": (
        "kultur",
        "unterhaltung",
        "stars",
        "leute",
        "promis",
        "serien",
        "tv",
        "fernsehen",
        "show",
        "boulevard",
        "musik",
        "kino",
        "film",
        "promi-tv",
        "promi-show",
        "medien",
        "feuilleton",
        "filme-serien",
        "kultur-und-medien",
        "kultur-vergnuegen",
        "royals",
        "entertainment",
        "the-voice-of-germany",
        "the-masked-singer",
        "tvstarts",
        "tv-sendung",
        "meine-schlagerwelt",
        "literatur",
        "buecher",
    ),
    "international": (
        "ausland",
        "international",
        "eu-aussenpolitik",
        "osteuropa",
        "usa",
        "israel",
        "europa-kompakt",
        "welt",
        "nahost",
        "ukraine",
        "russland",
    ),
    "politics": (
        "inland",
        "wahl",
        "wahlen",
        "europawahl",
        "bundestagswahl",
        "landtagswahl",
    ),
    "panorama": (
        "panorama",
        "vermischtes",
        "lokales",
        "lokal",
        "lokalnachrichten",
        "regional",
        "region",
        "regionales",
        "staedte",
        "lifestyle",
        "leben",
        "ratgeber",
        "stil",
        "lebenswelten",
        "beauty",
        "beauty-fashion",
        "auswanderer",
        "gesellschaft",
        "recht",
        "polizei",
        "blaulicht",
        "reise",
    ),
}

HOST_SECTIONS = {
    "www.kicker.de": "sports",
    "www.sport1.de": "sports",
    "www.sportschau.de": "sports",
    "sport.sky.de": "sports",
    "www.spox.com": "sports",
    "www.ran.de": "sports",
    "www.transfermarkt.de": "sports",
    "www.sportbuzzer.de": "sports",
}

GNAD_TO_SECTION = {
    "Inland": "politics",
    "International": "international",
    "Wirtschaft": "economy",
    "Sport": "sports",
    "Kultur": "culture",
    "Etat": "culture",
    "Web": "science_tech",
    "Wissenschaft": "science_tech",
    "Panorama": "panorama",
}


def url_section(url: str | None) -> str | None:
    """The weak section label of a URL, or None when the path does not say."""
    if not url:
        return None
    parsed = urlparse(url)
    words = {w.lower() for w in parsed.path.split("/")[:-1] if w}
    for section, keys in URL_WORDS.items():
        if words.intersection(keys):
            return section
    return HOST_SECTIONS.get(parsed.netloc.lower())
