"""``crisis_sports_events``: sports clubs are organisations, events are events.

Runs last (after crisis_consistency).  Two readings a news NER model gets wrong:

* **Clubs named by their city.**  In an article about sport ("Bundesliga", "Trainer",
  "Tor", "Saison", ... at least `SPORTS_MIN_CUES` times), a span that is the short
  form of a club ("Leverkusen", "Bayern", "BVB") is the club (ORG), unless a locative
  preposition makes it the place ("in Dortmund", "nach Leverkusen").  Short forms come
  from core/data/gazetteer/clubs.tsv and from any club the article names in full
  ("Holstein Kiel" lends "Kiel"); a span that carries a club word ("FC", "VfB",
  "Borussia", "City", "United", ...) is a club in any article.  core.actors then maps the
  short form to the club's full name.
* **Events.**  A span in core/data/gazetteer/events.txt, or whose last word ends in one of
  its "*" suffixes ("Europameisterschaft", "Bundestagswahl"), is labelled EVENT, so the
  EM is not an organisation and the Champions League not a place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.ner.lexicon import read_list

SPORTS_MIN_CUES = 3
_SPORTS_CUES = re.compile(
    r"\b(?:\w*[Ll]iga\w*|Trainer\w*|Tore?s?|Treffer|Saison|Tabelle\w*|\w*[Pp]okal\w*|"
    r"Elfmeter\w*|Abstieg\w*|Aufstieg\w*|Stürmer\w*|Torwart|Torhüter\w*|Keeper|"
    r"Schiedsrichter\w*|Anpfiff|Halbzeit|Kader|Spieltag\w*|Heimspiel\w*|Auswärts\w*|"
    r"Derby|Transfer\w*|Bundestrainer|Remis|Unentschieden|Rückrunde|Hinrunde)\b"
)
_LOCATIVE = {"in", "nach", "aus", "im", "ins", "In", "Nach", "Aus", "Im"}
# Words that make a name a club wherever it stands ("VfB Stuttgart", "Manchester City").
_CLUB_WORDS = frozenset(
    "FC SC SV VfB VfL TSG TSV BSC SpVgg SG SSV FSV KSC HSV Borussia Eintracht Hertha Werder "
    "Fortuna Holstein Dynamo Hansa Preußen Real Atlético Inter AC AS SSC Sporting "
    "Olympique Ajax PSV City United Hotspur Villa Palace Forest Albion Celtics Lakers Bucks "
    "Wanderers Rovers Athletic Athletico".split()
)


# Club words that name a club on their own in sports news ("die Borussia").
_CLUB_NAMES_ALONE = frozenset("Borussia Eintracht Hertha Werder Fortuna Holstein Hansa".split())


@lru_cache(maxsize=1)
def clubs() -> dict[str, str]:
    """short form or full name -> club's full name (core/data/gazetteer/clubs.tsv)."""
    out: dict[str, str] = {}
    for line in read_list("clubs.tsv"):
        full, _, short = line.partition("\t")
        out[full.strip()] = full.strip()
        for s in short.split("|"):
            if s.strip():
                out.setdefault(s.strip(), full.strip())
    return out


@lru_cache(maxsize=1)
def events() -> tuple[frozenset[str], tuple[str, ...]]:
    """(event names, lower-case endings of the "*" entries) of events.txt."""
    lines = read_list("events.txt")
    names = frozenset(ln for ln in lines if not ln.startswith("*"))
    return names, tuple(ln[1:].lower() for ln in lines if ln.startswith("*"))


def is_event(text: str) -> bool:
    names, suffixes = events()
    if text in names:
        return True
    last = text.split()[-1].rsplit("-", 1)[-1].lower() if text.split() else ""
    if last.endswith("auswahl"):  # a selection (team), not an election
        return False
    return len(last) > 4 and last.endswith(suffixes) and text[:1].isupper()


def is_sports(doc: Doc) -> bool:
    return len(_SPORTS_CUES.findall(doc.text)) >= SPORTS_MIN_CUES


def _has_club_word(text: str) -> bool:
    return any(t in _CLUB_WORDS for t in text.replace("-", " ").split()) and len(text.split()) > 1


@Language.factory("crisis_sports_events")
def make_sports_events(nlp: Language, name: str) -> SportsEvents:
    return SportsEvents()


class SportsEvents:
    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        sports = is_sports(doc)
        known = clubs()
        # Cities of the clubs this article names in full ("Holstein Kiel" -> "Kiel").
        local = set()
        for ent in doc.ents:
            if _has_club_word(ent.text) or (ent.text in known and known[ent.text] == ent.text):
                local |= {t for t in ent.text.split() if t[:1].isupper() and t not in _CLUB_WORDS}
        ents = []
        for ent in doc.ents:
            label = ent.label_
            if is_event(ent.text):
                label = "EVENT"
            elif _has_club_word(ent.text) or (sports and ent.text in _CLUB_NAMES_ALONE):
                # "Borussia", "Eintracht" alone in a sports article: a club, which
                # core.actors resolves to the article's club of that name.
                label = "ORG"
            elif (
                sports
                and label in ("LOC", "PER", "MISC", "ORG")
                and (ent.text in known or ent.text in local)
            ):
                before = doc[ent.start - 1].text if ent.start > 0 else ""
                label = "LOC" if before in _LOCATIVE else "ORG"
            ents.append(ent if label == ent.label_ else Span(doc, ent.start, ent.end, label))
        doc.ents = ents
        return doc
