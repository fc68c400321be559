"""The project's spaCy NER components: gazetteers and rules, alone or around a model.

No statistical model can be assumed on a fresh clone, so `build_rule_pipeline`
assembles one from what is always installed (country names from pycountry and
babel, first names from gender-guesser, the curated lists in core/data/gazetteer/);
`add_rule_components` puts the same components around a statistical pipeline's
``ner`` (core.nlp does both).  One module per concept:

* ``lexicon``       - the word lists: `Gazetteer`, `load_gazetteer`,
  `country_translations`, `known_names` (also read by core.actors).
* ``gazetteer``     - ``crisis_gazetteer``: PhraseMatcher over places and
  organisations (LOC/ORG).
* ``person_rules``  - ``crisis_person_rules``: titled names ("Außenminister Sergej
  Lawrow"), known first name + surname ("Olaf Scholz"), "Name (PARTY)" (PER).
* ``person_filter`` - ``crisis_person_filter``: drops a model's "persons" that cannot
  be names; after a model's ``ner`` only (rule spans are names by construction).
* ``consistency``   - ``crisis_consistency``: doc-level consistency (one reading per
  name, hyphen compounds), dropping credits; always last.
* ``sports``        - ``crisis_sports_events``: clubs named by their city are clubs
  in sports articles, events are EVENT; runs after consistency.
* ``credits``       - the byline, photo-credit and news-agency checks it uses (also
  English credit lines and outlets citing themselves).
* ``org_rules_en``  - ``crisis_org_rules_en``: English organisations by their head word
  ("Russian Defence Ministry"); English rule pipelines only (``LANGUAGE_RULES``).
* ``cyrillic``      - ``crisis_cyrillic``: the known actors in Russian and Ukrainian
  text, by transliteration (core.translit), linked to their Latin names.
* ``common_words_en`` - ``crisis_common_words_en``: drops an English model's entities
  that are ordinary words (hunspell en_US); after an English model's ``ner`` only.
* ``spans``         - what the components share about a Doc (rule-span marks,
  ``Doc._.part_mentions``, quoted titles).

Pipeline order.  Rules alone: crisis_gazetteer → crisis_person_rules →
crisis_consistency.  Around a model (RULES_FIRST): crisis_gazetteer →
crisis_person_rules → ner → crisis_person_filter → crisis_consistency; with
``rules_first=False`` the two rule components come after the filter instead.

Matching is case-sensitive throughout: German capitalises nouns but not the
adjectives that collide with names ("die linke Hand" vs "die Linke").

The rules and word lists are German (every language's rule pipeline uses them
today).  A next language's components go in modules of their own beside these
(``person_rules_en.py`` registering ``crisis_person_rules_en``, its lists in
core/data/gazetteer/ read through ``lexicon``), imported below so that importing
core.ner registers every factory, and chosen per language where the pipelines are
assembled (`build_rule_pipeline`, `add_rule_components`).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

# Imported for their @Language.factory registrations as much as for their names.
from core.ner import (  # noqa: F401
    common_words_en,
    consistency,
    credits,
    cyrillic,
    gazetteer,
    org_rules_en,
    person_filter,
    person_rules,
    sports,
)
from core.ner.lexicon import (
    GAZETTEER_DIR,
    Gazetteer,
    country_translations,
    known_names,
    load_gazetteer,
)

__all__ = [
    "GAZETTEER_DIR",
    "MODEL_FILTERS",
    "RULES_FIRST",
    "RULES_VERSION",
    "RULE_COMPONENTS",
    "Gazetteer",
    "add_rule_components",
    "build_rule_pipeline",
    "country_translations",
    "known_names",
    "load_gazetteer",
]

# Bump when gazetteer files or rules change in a way that changes output, so the
# store can tell which corpora were produced by which rules.
RULES_VERSION = "0.3"  # 0.3: Cyrillic names, spellings by transliteration key, English word filter

RULE_COMPONENTS = (
    "crisis_gazetteer",
    "crisis_person_rules",
    "crisis_consistency",
    "crisis_sports_events",
)
# Components of one language's rule pipeline, after the person rules (registry).
LANGUAGE_RULES: dict[str, tuple[str, ...]] = {
    "en": ("crisis_org_rules_en",),
    "ru": ("crisis_cyrillic",),
    "uk": ("crisis_cyrillic",),
}
# Added after a statistical ``ner`` only (rule spans are names by construction).
MODEL_FILTERS = ("crisis_person_filter",)
# ... and per language (registry), after MODEL_FILTERS.
LANGUAGE_MODEL_FILTERS: dict[str, tuple[str, ...]] = {"en": ("crisis_common_words_en",)}
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
        after = "ner"
        for name in (*MODEL_FILTERS, *LANGUAGE_MODEL_FILTERS.get(nlp.lang, ())):
            if name not in nlp.pipe_names:
                nlp.add_pipe(name, after=after)
            after = name
    names = [n for n in RULE_COMPONENTS if n not in nlp.pipe_names]
    for name in names:
        if name in ("crisis_consistency", "crisis_sports_events"):
            continue
        extra = [] if name != "crisis_person_rules" else list(LANGUAGE_RULES.get(nlp.lang, ()))
        for component in [name, *extra]:
            if component in nlp.pipe_names:
                continue
            if rules_first and "ner" in nlp.pipe_names:
                nlp.add_pipe(component, before="ner")
            else:
                nlp.add_pipe(component)
    for last in ("crisis_consistency", "crisis_sports_events"):
        if last in nlp.pipe_names:
            nlp.remove_pipe(last)
        nlp.add_pipe(last, last=True)
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
        if name == "crisis_person_rules" and nlp.lang in LANGUAGE_RULES:
            for extra in LANGUAGE_RULES[nlp.lang]:
                nlp.add_pipe(extra)
    nlp.meta["name"] = f"rules_{nlp.lang}"
    nlp.meta["version"] = RULES_VERSION
    return nlp
