"""The word lists the NER components read: gazetteer entries, titles, first names.

Places and organisations come from babel/CLDR (countries, time-zone cities), pycountry
and the curated lists in core/data/gazetteer/ (plain text, one entry per line, ``#``
comments, editable by users); first names from gender-guesser's data file.  German
inflection (genitive "Russlands", "Vereinigten Staaten") is generated here, so the
matchers and core.actors see one `Gazetteer`, loaded once per process by
`load_gazetteer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"

# Territory codes in babel that are not places (or are organisations, listed as ORG
# in organisations.txt), and pseudo-locales.
_NOT_PLACES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "001"}
# Country names that are ordinary words in German or English news.
_AMBIGUOUS_PLACES = {"Jersey", "Jordan", "Welt", "world", "Unbekannte Region", "Unknown Region"}

_PARTICLES = {
    "von", "van", "der", "den", "de", "da", "di", "du", "zu", "bin", "al", "el", "la", "le",
    "ten", "ter", "dos", "del", "Van", "De", "Di", "Da", "Del", "Du", "Le", "La",
}  # fmt: skip
# Endings of capitalised German common nouns; a token with one of these after a
# title ends the name ("Präsident Biden Unterstützung ...").
_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "keit", "schaft", "tion", "ionen", "ität", "ismus", "nisse",
    "gespräch", "gespräche", "krieg", "truppen", "regierung",
)  # fmt: skip
_HYPHENS = "-‐‑"


def read_list(name: str) -> list[str]:
    """The non-comment lines of core/data/gazetteer/NAME, stripped ([] if it is absent)."""
    path = GAZETTEER_DIR / name
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _genitive(name: str) -> str | None:
    """German genitive of a proper name ("Russland" -> "Russlands"), or None.

    Names ending in a sibilant or -e (feminine: "der Ukraine") take no -s, and
    acronyms are left alone ("der NATO").
    """
    last = name.rsplit(" ", 1)[-1]
    if not last or last.isupper() or not last[-1].isalpha():
        return None
    if last[-1] in "sxzßeSXZ":
        return None
    return name + "s"


def _inflected(name: str) -> str | None:
    """Dative/genitive of a German name led by an adjective, or None.

    "Vereinigte Staaten" -> "Vereinigten Staaten", "Weißes Haus" -> "Weißen Haus":
    articles say "mit den Vereinigten Staaten" far more often than the nominative.
    """
    first, sep, rest = name.partition(" ")
    if not sep or len(first) < 5 or not first[:1].isupper() or not first[1:].islower():
        return None
    if first.endswith("es"):
        return first[:-2] + "en " + rest
    if first.endswith("e") and not first.endswith("ee"):
        return first + "n " + rest
    return None


def _country_names() -> tuple[set[str], set[str]]:
    """(German names, other names) of countries, from babel and pycountry."""
    from babel import Locale

    names: dict[str, set[str]] = {"de": set(), "en": set()}
    for lang in ("de", "en"):
        for code, name in Locale(lang).territories.items():
            if code in _NOT_PLACES or code.isdigit() and code not in {"150", "002", "142", "019"}:
                continue
            names[lang].add(name)
    try:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value and "," not in value:
                    names["en"].add(value)
    except ImportError:  # babel alone covers every country in both languages
        pass
    de, en = (
        {n for n in names[k] if n not in _AMBIGUOUS_PLACES and "Pseudo" not in n} for k in names
    )
    return de, en - de


def _cldr_cities() -> set[str]:
    """City names CLDR spells out for time zones ("Pjöngjang", "Taschkent"), de and en."""
    from babel import Locale

    out: set[str] = set()
    for lang in ("de", "en"):
        for zone in Locale(lang).time_zones.values():
            city = zone.get("city", "").replace("\xad", "")
            if city and "," not in city and city not in ("Unbekannt", "Unknown City"):
                out.add(city)
    return out


def _first_names() -> set[str]:
    """First names from gender-guesser's data file plus first_names_extra.txt."""
    names: set[str] = set(read_list("first_names_extra.txt"))
    try:
        import gender_guesser

        path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line or line[0] in "#=":
                    continue
                parts = line.split()
                if len(parts) < 2:
                    continue
                # "+" marks a joiner that may be written "", " " or "-".
                name = parts[1]
                if "+" in name:
                    names.update({name.replace("+", "-"), name.replace("+", "")})
                else:
                    names.add(name)
    except ImportError:
        pass
    return {n for n in names if len(n) > 1 and n[0].isupper()}


@dataclass(frozen=True)
class Gazetteer:
    entities: dict[str, str]  # surface form -> label (LOC/ORG), incl. genitives
    base_forms: dict[str, str]  # generated genitive -> base name
    parties: frozenset[str]
    titles: frozenset[str]  # exact titles
    title_suffixes: tuple[str, ...]  # lower-cased endings ("minister")
    first_names: frozenset[str]
    not_names: frozenset[str]  # capitalised words never part of a name
    common_nouns: frozenset[str] = frozenset()  # capitalised words mostly used as nouns

    def is_title(self, word: str) -> bool:
        if word in self.titles:
            return True
        if not word[:1].isupper():
            return False
        low = word.lower()
        return low.endswith(self.title_suffixes)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    from spacy.lang.de.stop_words import STOP_WORDS as DE_STOP
    from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP

    entities: dict[str, str] = {}
    countries_de, countries_other = _country_names()
    for name in countries_de | set(read_list("places.txt")):
        entities[name] = "LOC"
    for name in _cldr_cities():
        entities.setdefault(name, "LOC")
    parties = read_list("parties.txt")
    for name in read_list("organisations.txt") + parties:
        entities[name] = "ORG"
    base_forms: dict[str, str] = {}
    # German inflection only for German (and curated) names, not "Republic of India".
    for name, label in list(entities.items()):
        for variant in (_genitive(name), _inflected(name)):
            if variant and variant not in entities:
                entities[variant] = label
                base_forms[variant] = name
    for name in countries_other:
        entities.setdefault(name, "LOC")

    titles, suffixes = set(), []
    for entry in read_list("titles.txt"):
        if entry.startswith("*"):
            suffixes.append(entry[1:].lower())
        else:
            titles.add(entry)

    stop = {w.capitalize() for w in DE_STOP | EN_STOP}
    not_names = stop | set(read_list("not_names.txt")) | titles
    first = _first_names() - set(read_list("first_names_stop.txt")) - stop
    first -= set(entities) | not_names
    return Gazetteer(
        entities=entities,
        base_forms=base_forms,
        parties=frozenset(parties),
        titles=frozenset(titles),
        title_suffixes=tuple(sorted(set(suffixes))),
        first_names=frozenset(first),
        not_names=frozenset(not_names),
        common_nouns=frozenset(read_list("common_nouns.txt")) - first,
    )


@lru_cache(maxsize=1)
def country_translations() -> dict[str, str]:
    """English (and pycountry) country name -> German name, via the territory code,
    so "Estonia" and "Estland" are one actor."""
    from babel import Locale

    de = Locale("de").territories
    out = {}
    for code, name in Locale("en").territories.items():
        if code in de and de[code] != name and code not in _NOT_PLACES and not code.isdigit():
            out[name] = de[code]
    try:
        import pycountry

        for c in pycountry.countries:
            german = de.get(c.alpha_2)
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if german and value and value != german:
                    out.setdefault(value, german)
    except ImportError:
        pass
    return out


def known_names() -> frozenset[str]:
    """Base names the gazetteer knows (no generated genitives): for core.actors."""
    g = load_gazetteer()
    return frozenset(n for n in g.entities if n not in g.base_forms)
