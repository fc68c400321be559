"""crisis_cyrillic: the known actors in Russian and Ukrainian text, linked to their Latin names.

No Russian or Ukrainian model ships with the project, so Cyrillic articles get the actors
the project already knows — every place, organisation and party of the gazetteer, every
name of the alias file (persons included, by full name and by surname), the country names
CLDR gives in Russian and Ukrainian, and core/data/gazetteer/cyrillic.tsv for names whose
transliteration does not meet the Latin one (Москва / Moskau).  A run of capitalised
Cyrillic words (longest first, up to three) is an actor when one of its transliterations
(core.translit: English- and German-style, case endings off) has the key of a known name;
`canonical` gives core.actors the actor it stands for, so «Путина», «Putin» and
«Wladimir Putin» are one actor.  A key two different actors share is not used.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from core import translit
from core.ner.lexicon import _NOT_PLACES, GAZETTEER_DIR, load_gazetteer
from core.ner.spans import _RULE_SPANS

MAX_WORDS = 3
_SENTENCE_END = {".", "!", "?", "…", ":", "—", "–", "-", "«", "»", '"', "“", "„"}
MIN_LETTERS = 4  # a one-word match needs a word this long (or an all-caps acronym)
MIN_KEY = 3  # keys shorter than this ("k" from CIA) match too much, except for acronyms
CYRILLIC_FILE = GAZETTEER_DIR / "cyrillic.tsv"


def _read_cyrillic_file() -> list[tuple[str, str, str]]:
    out = []
    if not CYRILLIC_FILE.is_file():
        return out
    for line in CYRILLIC_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) == 3 and parts != ["name", "actor", "label"]:
            out.append((parts[0], parts[1], parts[2]))
    return out


def _is_person(name: str, first_names: frozenset[str]) -> bool:
    words = name.split()
    return len(words) > 1 and words[0] in first_names


@cache
def index() -> dict[str, tuple[str, str] | None]:
    """Key -> (canonical actor, label); None where two actors share the key."""
    from babel import Locale

    from core.actors import load_aliases

    aliases = load_aliases()
    gaz = load_gazetteer()
    out: dict[str, tuple[str, str] | None] = {}

    def add(k: str, canonical: str, label: str, acronym: bool = False) -> None:
        if len(k) < MIN_KEY and not acronym:
            return
        if k in out and out[k] is not None and out[k][0] != canonical:
            out[k] = None
        else:
            out.setdefault(k, (canonical, label))

    def add_latin(name: str, canonical: str, label: str) -> None:
        add(translit.key(name), canonical, label, name.isupper())
        if label == "PER" and len(name.split()) > 1:
            add(translit.key(name.split()[-1]), canonical, label)  # the surname alone

    for name, label in gaz.entities.items():
        if name not in gaz.base_forms:
            add_latin(name, aliases.get(name, name), label)
    for variant, canonical in aliases.items():
        label = gaz.entities.get(canonical) or (
            "PER" if _is_person(canonical, gaz.first_names) else None
        )
        if label:
            add_latin(variant, canonical, label)
            add_latin(canonical, canonical, label)
    de = Locale("de").territories
    cyrillic = [(n, c, lab) for n, c, lab in _read_cyrillic_file()]
    for lang in ("ru", "uk"):
        for code, name in Locale(lang).territories.items():
            if code in de and not code.isdigit() and code not in _NOT_PLACES:
                cyrillic.append((name, aliases.get(de[code], de[code]), "LOC"))
    for name, canonical, label in cyrillic:
        for k in translit.cyrillic_keys(name.split()):
            add(k, canonical, label, name.isupper())
        if label == "PER":
            for k in translit.cyrillic_keys(name.split()[-1:]):
                add(k, canonical, label)
    return out


def lookup(words: list[str], *, inflected: bool = True) -> tuple[str, str] | None:
    """(canonical actor, label) of a Cyrillic name given as words, or None; with
    `inflected=False` only as written (no case ending taken off)."""
    if len(words) == 1 and len(words[0]) < MIN_LETTERS and not words[0].isupper():
        return None
    found = None
    acronym = len(words) == 1 and words[0].isupper()
    for k in translit.cyrillic_keys(words, inflected=inflected):
        if len(k) < MIN_KEY and not acronym:
            continue
        hit = index().get(k)
        if hit is not None:
            if found is not None and found != hit:
                return None  # two actors: not sure which
            found = hit
    return found


def canonical(surface: str) -> str | None:
    """The actor a Cyrillic surface stands for (None if unknown or no Cyrillic in it)."""
    if not translit.has_cyrillic(surface):
        return None
    hit = lookup(surface.split())
    return hit[0] if hit else None


def person_by_key(name: str) -> str | None:
    """The known person a Latin-script name is a spelling of ("Ławrow", "Łukaszenko",
    "Zełenski" in machine-translated Polish news; "Lavrova" in its genitive), or None."""
    if translit.has_cyrillic(name):
        return None
    hit = index().get(translit.key(name))
    if hit is None or hit[1] != "PER":
        words = name.split()
        if len(words) < 2:
            return None
        hit = index().get(translit.key(words[-1])) or _near_surname(translit.key(words[-1]))
        if hit is None or hit[1] != "PER" or len(hit[0].split()) < 2:
            return None
        if translit.key(words[0])[:3] != translit.key(hit[0].split()[0])[:3]:
            return None  # another given name: another person of that surname
    return hit[0]


def _near_surname(k: str) -> tuple[str, str] | None:
    """A known person's surname one letter off ("Zelanski", "Zelnski" in machine-translated
    news), for a full name whose given name matches too; long keys only, and only when
    one person is that near."""
    if len(k) < 6:
        return None
    from core.actors import edit_distance

    near = {hit for key, hit in _person_surnames().items() if edit_distance(k, key) == 1}
    return next(iter(near)) if len(near) == 1 else None


@cache
def _person_surnames() -> dict[str, tuple[str, str]]:
    return {
        k: hit for k, hit in index().items()
        if hit is not None and hit[1] == "PER" and " " not in k and len(k) >= 6
    }


def _candidate(token) -> bool:
    text = token.text
    return (
        len(text) > 1
        and text[:1].isupper()
        and translit.has_cyrillic(text)
        and text.lower() not in _stop_words()
    )


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.ru.stop_words import STOP_WORDS as RU
    from spacy.lang.uk.stop_words import STOP_WORDS as UK

    return frozenset(RU | UK)


@Language.factory("crisis_cyrillic")
def make_cyrillic(nlp: Language, name: str) -> CyrillicNames:
    return CyrillicNames()


class CyrillicNames:
    """Known actors in runs of capitalised Cyrillic words (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        i, n = 0, len(doc)
        while i < n:
            if not _candidate(doc[i]):
                i += 1
                continue
            j = i
            while j < n and j - i < MAX_WORDS and (_candidate(doc[j]) or (
                    j > i and doc[j].text.lower() in ("дом", "дім", "британія"))):
                j += 1
            for end in range(j, i, -1):  # longest first
                # One capitalised word opening a sentence may be any word ("Думаю", "I
                # think", is no inflected "Дума"): only as written, no case ending off.
                initial = end - i == 1 and (i == 0 or doc[i - 1].text in _SENTENCE_END
                                            or "\n" in doc[i - 1].text_with_ws)
                hit = lookup([t.text for t in doc[i:end]], inflected=not initial)
                if hit:
                    spans.append(Span(doc, i, end, label=hit[1]))
                    i = end - 1
                    break
            i += 1
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)
            doc.user_data.setdefault(_RULE_SPANS, []).extend([s.start, s.end] for s in spans)
        return doc
