"""The offline default NER pipeline: gazetteers and rules on a blank spaCy pipeline.

No statistical model can be assumed on a fresh clone, so `build_rule_pipeline`
assembles one from what is always installed: country names from pycountry and
babel, first names from gender-guesser, and the small curated lists in
core/data/gazetteer/ (plain text, one entry per line, editable by users).

Components, in pipeline order:

* ``crisis_gazetteer``   - PhraseMatcher over places and organisations (LOC/ORG).
* ``crisis_person_rules`` - titled names ("Außenminister Sergej Lawrow"), known
  first name + surname ("Olaf Scholz") and "Name (PARTY)" (PER).
* ``crisis_consistency`` - doc-level consistency; shared with statistical
  pipelines (core.nlp adds it after their ``ner``).

Matching is case-sensitive throughout: German capitalises nouns but not the
adjectives that collide with names ("die linke Hand" vs "die Linke").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

GAZETTEER_DIR = Path(__file__).resolve().parent / "data" / "gazetteer"

# Bump when gazetteer files or rules change in a way that changes output, so the
# store can tell which corpora were produced by which rules.
RULES_VERSION = "0.1"

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
_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")
_RULE_SPANS = "crisis_rule_spans"  # doc.user_data key: (start, end) of rule-made entities
_HYPHENS = "-‐‑"

if not Doc.has_extension("part_mentions"):
    # Mentions inside a hyphenated token ("NATO" in "NATO-Truppen") cannot be
    # spaCy spans; they travel as (label, start_char, end_char) lists.
    Doc.set_extension("part_mentions", default=None)


def _next_word(words: list[str], i: int) -> str:
    """The word after token i, looking past one non-breaking-space token."""
    k = i + 1
    if k < len(words) and words[k].isspace() and "\n" not in words[k]:
        k += 1
    return words[k] if k < len(words) else ""


def _read_list(name: str) -> list[str]:
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
    names: set[str] = set(_read_list("first_names_extra.txt"))
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
    for name in countries_de | set(_read_list("places.txt")):
        entities[name] = "LOC"
    for name in _cldr_cities():
        entities.setdefault(name, "LOC")
    parties = _read_list("parties.txt")
    for name in _read_list("organisations.txt") + parties:
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
    for entry in _read_list("titles.txt"):
        if entry.startswith("*"):
            suffixes.append(entry[1:].lower())
        else:
            titles.add(entry)

    stop = {w.capitalize() for w in DE_STOP | EN_STOP}
    not_names = stop | set(_read_list("not_names.txt")) | titles
    first = _first_names() - set(_read_list("first_names_stop.txt")) - stop
    first -= set(entities) | not_names
    return Gazetteer(
        entities=entities,
        base_forms=base_forms,
        parties=frozenset(parties),
        titles=frozenset(titles),
        title_suffixes=tuple(sorted(set(suffixes))),
        first_names=frozenset(first),
        not_names=frozenset(not_names),
        common_nouns=frozenset(_read_list("common_nouns.txt")) - first,
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


# --------------------------------------------------------------------------- components


@Language.factory("crisis_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp)


class GazetteerMatcher:
    """Labels gazetteer places and organisations; keeps entities already set."""

    def __init__(self, nlp: Language):
        gaz = load_gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for text, label in gaz.entities.items():
            by_label.setdefault(label, []).append(text)
        for label, texts in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(texts)))

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc, as_spans=True)
        if matches:
            doc.ents = filter_spans(list(doc.ents) + filter_spans(matches))
            # Marked so crisis_person_filter (after a model's ner) leaves them alone.
            doc.user_data.setdefault(_RULE_SPANS, []).extend(
                [e.start, e.end] for e in doc.ents if e.label_ != "PER"
            )
        return doc


@Language.factory("crisis_person_rules")
def make_person_rules(nlp: Language, name: str) -> PersonRules:
    return PersonRules()


class PersonRules:
    """Person names from titles, known first names and "(PARTY)" suffixes."""

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def _name_like(self, text: str) -> bool:
        if len(text) < 2 or not text[0].isupper() or text in self.gaz.not_names:
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "")
        # All-caps tokens are acronyms (SPD, AP), not names.
        return core.isalpha() and not core.isupper()

    def _is_title(self, text: str) -> bool:
        if self.gaz.is_title(text):
            return True
        if "-" in text:
            return self.gaz.is_title(text.rsplit("-", 1)[-1])
        return False

    def _name_after(self, words: list[str], free: list[bool], i: int, titled: bool) -> int:
        """End (exclusive) of a name starting at token i, or i if there is none."""
        n = len(words)
        gaz = self.gaz
        first = gaz.first_names
        j = i
        if j < n and free[j] and _INITIAL.match(words[j]) is None and self._name_like(words[j]):
            j += 1
        else:
            return i
        # Further given names, initials and particles lead to the surname.
        prev = words[i]
        while j < n and free[j]:
            w = words[j]
            nxt = words[j + 1] if j + 1 < n else ""
            if w.isspace() and "\n" not in w and nxt and free[j + 1]:
                # Non-breaking spaces become tokens of their own ("John\xa0Kirby").
                j += 1
                continue
            if _INITIAL.match(w) or w in first and self._name_like(nxt):
                j += 1
                prev = w
                continue
            if (
                w in _PARTICLES
                and (w not in ("der", "den") or prev[:1].isupper() and prev in _PARTICLES)
                and (prev in first or _INITIAL.match(prev) or prev in _PARTICLES)
            ):
                # "Ursula von der Leyen", "Kevin De Bruyne": particles lead to the surname.
                k = j
                while k < n and k - j < 3 and words[k] in _PARTICLES:
                    k += 1
                if k < n and free[k] and self._name_like(words[k]):
                    j = k
                    prev = words[k - 1]
                    continue
                break
            if self._name_like(w) and not self._is_title(w):
                prev_first = prev in first or _INITIAL.match(prev)
                # After a title an unknown given name is likely ("Oleksi Resnikow"),
                # unless the next word looks like a common noun.
                plausible = titled and prev == words[i] and not w.lower().endswith(_NOUN_ENDINGS)
                if prev_first or prev in _PARTICLES or plausible:
                    j += 1
            break
        # A name never ends on a particle or a space.
        while j > i and (words[j - 1] in _PARTICLES or words[j - 1].isspace()):
            j -= 1
        return j

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        n = len(words)
        if n == 0:
            return doc
        free = [True] * n
        for ent in doc.ents:
            for k in range(ent.start, ent.end):
                free[k] = False
        gaz = self.gaz
        spans: list[Span] = []
        surnames: set[str] = set()
        i = 0
        while i < n:
            w = words[i]
            if not free[i]:
                i += 1
                continue
            if self._is_title(w) and i + 1 < n:
                end = self._name_after(words, free, i + 1, titled=True)
                if end > i + 1:
                    spans.append(Span(doc, i + 1, end, label="PER"))
                    surnames.add(words[end - 1])
                    for k in range(i + 1, end):
                        free[k] = False
                    i = end
                    continue
            elif (
                w in gaz.first_names
                and w not in surnames  # "Jimmy Carter ... Carter Wort": a surname here
                and self._name_like(_next_word(words, i))
            ):
                end = self._name_after(words, free, i, titled=False)
                if end > i + 1:
                    spans.append(Span(doc, i, end, label="PER"))
                    surnames.add(words[end - 1])
                    for k in range(i, end):
                        free[k] = False
                    i = end
                    continue
            elif w == "(" and i + 2 < n and words[i + 2] == ")" and words[i + 1] in gaz.parties:
                # "Annalena Baerbock (Grüne)": the name is what precedes the bracket.
                start = i
                while start > 0 and i - start < 3 and free[start - 1]:
                    prev = words[start - 1]
                    if not self._name_like(prev) or self._is_title(prev):
                        break
                    start -= 1
                if start < i:
                    spans.append(Span(doc, start, i, label="PER"))
                    for k in range(start, i):
                        free[k] = False
            i += 1
        if spans:
            doc.ents = list(doc.ents) + spans
            # Marked so crisis_person_filter (after a model's ner) leaves them alone.
            doc.user_data.setdefault(_RULE_SPANS, []).extend([s.start, s.end] for s in spans)
        return doc


@Language.factory("crisis_consistency")
def make_consistency(nlp: Language, name: str) -> DocConsistency:
    return DocConsistency()


def _person_keys(text: str) -> list[str]:
    """Forms under which a person named `text` reappears in the same article."""
    text = text.strip()
    base = text[:-2] if text.endswith(("'s", "’s")) else text
    parts = base.split()
    keys = [base, base + "s", base + "'s", base + "’s"]
    if len(parts) > 1:
        last = parts[-1]
        keys += [last, last + "s", last + "'s", last + "’s"]
        if last.endswith("s") and len(last) > 4:
            # Seen first in the genitive ("bei Domenico Tedescos Belgiern"), the
            # surname reappears without it ("Trainer Tedesco").
            keys.append(last[:-1])
        # "Kevin De Bruyne" reappears as "De Bruyne", which must stay one mention.
        k = next((i for i in range(1, len(parts) - 1) if parts[i] in _PARTICLES), None)
        if k is not None:
            keys.append(" ".join(parts[k:]))
    elif base.endswith("s") and len(base) > 4:
        keys.append(base[:-1])
    return keys


# Words that introduce the person who wrote, filmed or presents something, not a
# person the article is about: "Von Dirk Hautkapp" (byline of a teaser for another
# article), "Kommentator: Martin Schneider" (video credit), "Foto: Stefan Prager".
@Language.factory("crisis_person_filter")
def make_person_filter(nlp: Language, name: str) -> PersonFilter:
    return PersonFilter()


_SENTENCE_END = {".", "!", "?", ":", "…", "|", "–", "-"}
_OPEN_QUOTES = {"„", '"', "»", "«", "‚", "'", "“", "("}


_CLOSE_QUOTES = {"“", '"', "«", "»", "‘", "'", "”"}


def _quoted(doc: Doc, span: Span, longest: int = 4) -> bool:
    """Is `span` inside a quoted segment of at most `longest` tokens (a title: »Merci
    Cherie«, „Maybrit Illner“)?  Names in longer quotes are quoted speech and stay."""
    open_at = None
    for k in range(span.start - 1, max(-1, span.end - longest - 2), -1):
        text = doc[k].text
        if text in _OPEN_QUOTES and text != "(":
            open_at = k
            break
        if text in _CLOSE_QUOTES or "\n" in text:
            return False
    if open_at is None:
        return False
    for k in range(span.end, min(len(doc), open_at + longest + 2)):
        text = doc[k].text
        if text in _CLOSE_QUOTES:
            return True
        if text in _OPEN_QUOTES or "\n" in text:
            return False
    return False


class PersonFilter:
    """Drops person spans of a statistical model that cannot be names (and trims
    punctuation off the model's other entities).

    A small NER model trained on Wikipedia and parliament text tags capitalised
    German words as persons: sentence-initial participles and nouns ("Finanziert",
    "Häufiger"), titles ("Justizminister", "Tennis-Ikone"), and spans with a
    lower-case or all-caps word.  Such a span, once accepted, would also spread
    through the article via crisis_consistency, so it is removed here, before.
    A span loses its leading titles first ("Fraktionschefin Elke Borscheid").
    """

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def _bad_token(self, text: str) -> bool:
        gaz = self.gaz
        if text in _PARTICLES:
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        if len(core) < 2 or not core.isalpha() or not text[:1].isupper():
            return True
        if len(core) > 1 and core.isupper():
            return True  # acronym: SPD, FBI
        return (
            text in gaz.not_names
            or gaz.is_title(text)
            or ("-" in text and gaz.is_title(text.rsplit("-", 1)[-1]))
        )

    def _sentence_initial(self, doc: Doc, i: int) -> bool:
        k = i - 1
        while k >= 0 and (doc[k].text in _OPEN_QUOTES or doc[k].is_space):
            if "\n" in doc[k].text:
                return True
            k -= 1
        if k < 0 or "\n" in doc[k].whitespace_:
            return True
        prev = doc[k].text
        # "bei X. Gefordert wurde": the tokenizer keeps the full stop on "X.".
        return prev in _SENTENCE_END or (len(prev) > 1 and prev.endswith("."))

    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gaz
        ents = list(doc.ents)
        by_rules = {(a, b) for a, b in doc.user_data.get(_RULE_SPANS, ())}
        out: list[Span] = []
        changed = False
        for ent in ents:
            if (ent.start, ent.end) in by_rules:
                out.append(ent)
                continue
            if ent.label_ not in ("PER", "PERSON"):
                # Model entities reaching into punctuation or markup ("Code <") lose
                # those edges; gazetteer entities are exact already.
                a, b = ent.start, ent.end
                while a < b and not any(c.isalnum() for c in doc[a].text):
                    a += 1
                while b > a and not any(c.isalnum() for c in doc[b - 1].text):
                    b -= 1
                if b - a == 1 and ent.label_ in ("LOC", "ORG") and doc[a].text in gaz.common_nouns:
                    # "Gesprächen", "Handschlag", "Wochenendes": nouns, not places.  (MISC
                    # keeps them: GermEval tags "Russen", "Deutschen" MISC, and so do we.)
                    changed = True
                elif (a, b) != (ent.start, ent.end):
                    changed = True
                    if a < b:
                        out.append(Span(doc, a, b, label=ent.label))
                else:
                    out.append(ent)
                continue
            start = ent.start
            while (
                start < ent.end
                and doc[start].text not in _PARTICLES
                and (gaz.is_title(doc[start].text) or doc[start].text in gaz.not_names)
            ):
                start += 1
            end = ent.end
            if start == ent.start and start > 0 and doc[start - 1].text in _PARTICLES:
                # "De Bruyne setzt ...": a capitalised particle at a sentence start is
                # part of the name the model found ("Bruyne").
                if doc[start - 1].text[:1].isupper() and doc[start - 1].ent_iob_ != "I":
                    start -= 1
            if (
                end - start == 2
                and doc[start].text.endswith("s")
                and doc[start].text not in gaz.first_names
                and doc[start + 1].text in gaz.common_nouns
            ):
                # "vor Trumps Amtsantritt": a genitive name and the noun it governs.
                end = start + 1
            if start == ent.start and end == ent.end:
                span = ent
            else:
                span = Span(doc, start, end, label=ent.label)
            words = [t.text for t in span]
            keep = bool(words) and not any(self._bad_token(w) for w in words)
            if keep and _quoted(doc, span):
                # »Super Bowl«, „Catch-22“: a name in quotes is a title or a nickname.
                keep = False
            if keep and words[-1] in _PARTICLES:
                keep = False
            if (
                keep
                and words[-1] in gaz.common_nouns
                and not any(w in gaz.first_names for w in words[:-1])
            ):
                # "Fußball", "Hundert Gramm": a noun, unless a first name leads to it.
                keep = False
            if keep and len(words) == 1:
                w = words[0]
                # A lone capitalised word at a sentence start is as likely a noun or
                # participle as a name; keep it only when it is a known first name or
                # not sentence-initial.  crisis_consistency restores the surname
                # wherever the article names the person in full.
                if w.lower().endswith(_NOUN_ENDINGS) or w in gaz.entities:
                    keep = False
                elif w not in gaz.first_names and self._sentence_initial(doc, span.start):
                    keep = False
            if keep:
                out.append(span)
            if not keep or span is not ent:
                changed = True
        if changed:
            doc.ents = out
        return doc


# Role words count only with a colon: "wünschte Kommentator Sebastian Schwele" is
# a person in the story.
_CREDIT_BEFORE = re.compile(
    r"(?:^|[\s(|/])(?:(?:Text|Autor|Autorin|Autoren|Kommentator|Kommentatorin|Kommentar|"
    r"Moderation|Moderator|Moderatorin|Kamera|Schnitt|Redaktion|Regie|Grafik|Foto|Fotos|"
    r"Bild|Bilder|Fotograf|Fotografin|Quelle|Bildquelle|Credit)\s?:|(?:IMAGO|Imago|imago)"
    r"\s?/|©|Von)\s*$"
)
# What may follow a credited name: end of paragraph, another credit, an agency.
_CREDIT_AFTER = re.compile(
    r"^\s*(?:$|\n|[|,)/]|\.\s*(?:\n|$)|und [A-ZÄÖÜ]\w+ [A-ZÄÖÜ]\w+\s*(?:\n|$))"
)


_AGENCY_NAMES = (
    r"dpa|APA|AFP|AP|Reuters|REUTERS|picture alliance|picture-alliance|IMAGO|Imago|"
    r"Getty Images|Getty|EPA|KEYSTONE|Keystone|SID|KNA|epd|ddp|ANP|Belga|Anadolu|Xinhua|"
    r"TASS|Sputnik|AA|ZUMA|STAR MAX|IPx|Shutterstock|Photothek"
)
_AGENCIES = re.compile(rf"\b(?:{_AGENCY_NAMES})\b")


def _in_photo_credit(text: str, ent: Span) -> bool:
    """ "(picture alliance / zz / Andrea Renault / STAR MAX)", "(Tobias Steinmaurer / APA /
    dpa)", "DeFodi Images via Getty Images": names in a photo credit of a caption."""
    open_at = text.rfind("(", max(0, ent.start_char - 120), ent.start_char)
    close_at = text.find(")", ent.end_char, ent.end_char + 120)
    if open_at != -1 and close_at != -1 and "\n" not in text[open_at:close_at]:
        inside = text[open_at + 1 : close_at]
        if "(" not in text[open_at + 1 : ent.start_char] and "/" in inside:
            return bool(_AGENCIES.search(inside))
    return False


# Position markers of photo captions: "Nicolo Barella (li.) und Dan Ndoye (re.) wollen ..."
# (Matched at a position, so no "^": `match(text, pos)` is anchored there already.)
_CAPTION_POSITION = re.compile(r"\s*\((?:li|re|l|r|M|Mi)\.\)|\s*\((?:links|rechts|Mitte)\)")


def _is_credit(text: str, ent: Span) -> bool:
    """A person span that is a byline, credit or caption rather than someone in the story.

    `text` is `doc.text`, passed in: spaCy rebuilds that string from the tokens on every
    access, which made this check most of the pipeline's time."""
    if _in_photo_credit(text, ent) or _CAPTION_POSITION.match(text, ent.end_char):
        return True
    before = text[max(0, ent.start_char - 40) : ent.start_char]
    line_start = before.rfind("\n")
    before = before[line_start + 1 :]
    if not _CREDIT_BEFORE.search(before):
        return False
    # "Von Putin wurde ..." is a sentence, "... Komplizen Von Dirk Hautkapp" is a byline:
    # the credited name ends its paragraph (or is followed by another credit).
    if before.rstrip().endswith("Von"):
        return bool(_CREDIT_AFTER.match(text[ent.end_char : ent.end_char + 40]))
    return True


# A news agency named as the source of a text or picture is a credit, not an actor of the
# story: "Berlin (dpa) -", "(mbr/dpa)", "© dpa | Andreas Gora", "Foto: Claus Hampel, dpa",
# "picture alliance/dpa/Matthias Bein", "dpa:240412-99-…", or the agency alone on a line.
# "berichtete die Nachrichtenagentur dpa" stays a mention.
_AGENCY_NAME = re.compile(
    rf"(?:{_AGENCY_NAMES}|dpa-infocom|dpa-Zentralbild|dpa-AFX|AFP/Getty Images)"
)
_CREDIT_LINE = re.compile(
    r"\b(?:Foto|Fotos|Bild|Bilder|Bildrechte|Bildquelle|Quelle|Credit|Fotograf|Fotografin)"
    r"\s?:|©|Copyright"
)


_MATERIAL = re.compile(r"[Mm]it Material (?:von|der|aus)\b")
_BILDFUNK = re.compile(r"\s*(?:Bildfunk|-Bildfunk)")
_ENDS_PARAGRAPH = re.compile(r"[ \t]*\)?[ \t.]*(?:\n|$)")
_SOURCE_BEFORE = re.compile(r"(?:\b[Mm]it|\b[Vv]on|[.!?“”\"»«])\s*$")


def _is_agency_credit(text: str, ent: Span) -> bool:
    if not _AGENCY_NAME.fullmatch(ent.text):
        return False
    start, end = ent.start_char, ent.end_char
    before, after = text[max(0, start - 3) : start], text[end : end + 3]
    if "/" in before or "|" in before or after[:2].strip()[:1] in ("/", "|"):
        return True
    if before.endswith("(") and after[:1] in (")", "/", ",", "-"):  # also "(dpa-AFX)"
        return True
    if after[:1] == ":" and after[1:2].isdigit():  # dpa:240412-99-652248
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    if not line.strip(" .,;-–—−").replace(ent.text, "", 1).strip(" .,;-–—−"):
        return True  # the agency alone on its line
    line_before = text[line_start:start]
    if _CREDIT_LINE.search(line_before) or _MATERIAL.search(line_before):
        return True
    if _BILDFUNK.match(text, end):
        return True
    # "(mit dpa)", "Von dpa", "… steigen. dpa" closing a paragraph: the source line.
    return bool(_ENDS_PARAGRAPH.match(text, end) and _SOURCE_BEFORE.search(line_before))


class DocConsistency:
    """One name, one reading per article.

    A name recognised as a person once is that person at every occurrence in
    the doc (also surname-only and genitive: "Putin", "Lawrows"); a hyphenated
    compound whose first parts are known entities ("NATO-Truppen",
    "Höcke-Partei") yields part mentions with offsets covering just that part.
    """

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        # Bookkeeping between components, of no use after the pipeline.
        doc.user_data.pop(_RULE_SPANS, None)
        ents = list(doc.ents)
        text = doc.text  # built once (spaCy joins the tokens on every access)
        credits = [
            e
            for e in ents
            if (e.label_ in ("PER", "PERSON") and (_is_credit(text, e) or _quoted(doc, e)))
            or (e.label_ != "PER" and _is_agency_credit(text, e))
        ]
        if credits:
            # Bylines, credits (people and agencies) and titles in quotes (»Merci
            # Cherie«, the talk show „Maybrit Illner“) name no actor of the article, and
            # must not spread through the article as "persons" either.
            ents = [e for e in ents if e not in credits]
            doc.ents = ents
        ents = self._split_adjacent_surnames(doc, ents)
        gaz_entities = self.gaz.entities
        not_names = self.gaz.not_names
        # Person keys: first token -> list of (token tuple) to try, longest first.
        keys: dict[str, list[tuple[str, ...]]] = {}
        single: set[str] = set()
        for ent in ents:
            if ent.label_ not in ("PER", "PERSON"):
                continue
            for key in _person_keys(ent.text):
                toks = tuple(key.split())
                if not toks or (
                    (len(toks[0]) < 3 or toks[0] in not_names) and toks[0] not in _PARTICLES
                ):
                    continue
                if len(toks) == 1:
                    if key in gaz_entities:
                        continue
                    single.add(key)
                keys.setdefault(toks[0], []).append(toks)
        changed = False
        if keys:
            for lst in keys.values():
                lst.sort(key=len, reverse=True)
            taken = [False] * len(doc)
            relabel = []
            for e_i, ent in enumerate(ents):
                for k in range(ent.start, ent.end):
                    taken[k] = True
                if ent.label_ not in ("PER", "PERSON") and ent.text in single:
                    relabel.append(e_i)
            for e_i in relabel:
                ent = ents[e_i]
                ents[e_i] = Span(doc, ent.start, ent.end, label="PER")
                changed = True
            words = [t.text for t in doc]
            n = len(words)
            i = 0
            while i < n:
                cands = keys.get(words[i]) if not taken[i] else None
                if cands:
                    for toks in cands:
                        end = i + len(toks)
                        if end <= n and tuple(words[i:end]) == toks and not any(taken[i:end]):
                            ents.append(Span(doc, i, end, label="PER"))
                            changed = True
                            i = end - 1
                            break
                i += 1
        parts = self._part_mentions(doc, ents, single)
        if parts is not None:
            ents, doc._.part_mentions = parts
            changed = True
        if changed:
            doc.ents = filter_spans(ents)
        return doc

    @staticmethod
    def _split_adjacent_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
        """Two surnames side by side are two people ("gibt Musk Weidel die Moderation")
        when each is the surname of a different full name in the article."""
        surnames: dict[str, str] = {}
        for ent in ents:
            if ent.label_ in ("PER", "PERSON") and ent.end - ent.start > 1:
                surnames.setdefault(doc[ent.end - 1].text, ent.text)
        if len(surnames) < 2:
            return ents
        out: list[Span] = []
        for ent in ents:
            words = [t.text for t in ent]
            owners = [surnames.get(w) or surnames.get(w[:-1]) for w in words]
            if (
                ent.label_ in ("PER", "PERSON")
                and len(words) > 1
                and all(owners)
                and len(set(owners)) == len(owners)
                and ent.text not in owners
            ):
                out += [Span(doc, i, i + 1, label=ent.label) for i in range(ent.start, ent.end)]
            else:
                out.append(ent)
        if len(out) != len(ents):
            doc.ents = out
        return out

    def _part_mentions(self, doc: Doc, ents: list[Span], persons: set[str]):
        if "-" not in doc.text:
            return None
        known: dict[str, str] = {}
        ent_at: dict[int, int] = {}
        for e_i, ent in enumerate(ents):
            label = "PER" if ent.label_ == "PERSON" else ent.label_
            known.setdefault(ent.text, label)
            if ent.end - ent.start == 1:
                ent_at[ent.start] = e_i
        gaz_entities = self.gaz.entities
        out: list[list] = []
        drop: set[int] = set()
        covered = {k for ent in ents for k in range(ent.start, ent.end)}
        for tok in doc:
            w = tok.text
            if "-" not in w or len(w) < 4 or w in gaz_entities:
                continue
            i = tok.i
            e_i = ent_at.get(i)
            if i in covered and e_i is None:
                continue
            pieces = w.split("-")
            offset = tok.idx
            found = False
            for piece in pieces[:-1]:
                label = known.get(piece) or gaz_entities.get(piece)
                if label is None and piece in persons:
                    label = "PER"
                if label and piece:
                    out.append([label, offset, offset + len(piece)])
                    found = True
                offset += len(piece) + 1
            if found and e_i is not None:
                # A model's whole-compound entity ("NATO-Truppen"/ORG) is replaced
                # by the mention of the entity it is about.
                drop.add(e_i)
        if not out:
            return None
        if drop:
            ents = [e for k, e in enumerate(ents) if k not in drop]
        return ents, out


# --------------------------------------------------------------------------- builder

RULE_COMPONENTS = ("crisis_gazetteer", "crisis_person_rules", "crisis_consistency")
# Added after a statistical ``ner`` only (rule spans are names by construction).
MODEL_FILTERS = ("crisis_person_filter",)
# Where the rules go in a statistical pipeline (see add_rule_components); chosen
# by held-out and news person-actor scores, see core/models/crisis-de-ner/README.md.
RULES_FIRST = True


def add_rule_components(nlp: Language, *, rules_first: bool = RULES_FIRST) -> Language:
    """Put the rule components around a statistical pipeline's ``ner`` (in place).

    With `rules_first`, gazetteer and person rules run before ``ner``, which then
    predicts around the entities they fixed; otherwise they run after it and only
    fill in what the model left (the gazetteer still wins where its match is
    longer).  crisis_consistency is always last.
    """
    if "ner" in nlp.pipe_names:
        for name in MODEL_FILTERS:
            if name not in nlp.pipe_names:
                nlp.add_pipe(name, after="ner")
    names = [n for n in RULE_COMPONENTS if n not in nlp.pipe_names]
    for name in names:
        if name == "crisis_consistency":
            continue
        if rules_first and "ner" in nlp.pipe_names:
            nlp.add_pipe(name, before="ner")
        else:
            nlp.add_pipe(name)
    if "crisis_consistency" in nlp.pipe_names:
        nlp.remove_pipe("crisis_consistency")
    nlp.add_pipe("crisis_consistency", last=True)
    return nlp


@cache
def build_rule_pipeline(lang: str) -> Language:
    """Blank spaCy pipeline for `lang` ("xx" if unsupported) with the rule components."""
    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    nlp.meta["name"] = f"rules_{nlp.lang}"
    nlp.meta["version"] = RULES_VERSION
    return nlp
