"""NER pipelines: a registry per language, and the one batch function that runs spaCy.

`PIPELINES` lists, per language, pipeline names best first; `LOADERS` maps each
name to a zero-argument loader.  `load_pipeline` takes the first one that is
available, so an installed official model (de_core_news_lg, ...) is used when
present, then the project's own model for the language (`crisis-de-ner`, trained by
`python -m training.train`; `crisis-en-ner`, by `python -m training.train_en`: spaCy
pipeline directories in core/models/), and the rule pipeline (core.ner) otherwise.
Further pipelines plug in with `register_pipeline(name, loader, langs=("de",))`.

Every pipeline ends with the ``crisis_consistency`` component, so doc-level
consistency (one reading per name per article, hyphen compounds) is the same
whatever recognises the entities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import spacy
from spacy.language import Language

from core import ner

# Components of the official pipelines that NER does not need; excluding them is
# most of the speed difference between "load" and "load for NER".
_NOT_FOR_NER = ["parser", "lemmatizer", "tagger", "morphologizer", "attribute_ruler", "senter"]

# The bundled NER models: plain spaCy pipelines (tok2vec + ner) that spacy.load reads
# without this project; their loader adds the rules around them.
MODELS_DIR = Path(__file__).resolve().parent / "models"
BUNDLED_DE = "crisis-de-ner"
BUNDLED_EN = "crisis-en-ner"
BUNDLED = (BUNDLED_DE, BUNDLED_EN)

PIPELINES: dict[str, list[str]] = {
    "de": ["de_core_news_lg", "de_core_news_md", "de_core_news_sm", BUNDLED_DE, "rules-de"],
    "en": ["en_core_web_lg", "en_core_web_md", "en_core_web_sm", BUNDLED_EN, "rules-en"],
    "ru": ["ru_core_news_lg", "ru_core_news_md", "ru_core_news_sm", "rules-ru"],
    "uk": ["uk_core_news_lg", "uk_core_news_md", "uk_core_news_sm", "rules-uk"],
    "*": ["xx_ent_wiki_sm", "rules-xx"],
}

# How labels of the various schemes map onto ours.  OntoNotes (en_core_web_*) has
# finer classes: nationalities, buildings, events, laws and works are not actors
# we count as persons/organisations/places, so they become MISC (events are typed
# as events: core.ner.sports labels them EVENT in our own pipelines too); numeric and
# temporal classes (DATE, MONEY, CARDINAL, ...) are not entities here and are
# dropped, as is anything not listed.
LABEL_MAP: dict[str, str] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "FAC": "MISC",
    "EVENT": "EVENT",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}

RAW_COLUMNS = ("article_id", "label", "surface", "start", "end")


def _package_loader(name: str) -> Callable[[], Language]:
    def load() -> Language:
        nlp = spacy.load(name, exclude=_NOT_FOR_NER)
        if "crisis_consistency" not in nlp.pipe_names:
            nlp.add_pipe("crisis_consistency", last=True)
        return nlp

    return load


def _rules_loader(lang: str) -> Callable[[], Language]:
    return lambda: ner.build_rule_pipeline(lang)


def _model_dir_loader(path: Path) -> Callable[[], Language]:
    def load() -> Language:
        nlp = spacy.load(path)
        ner.add_rule_components(nlp)
        return nlp

    return load


LOADERS: dict[str, Callable[[], Language]] = {
    name: _package_loader(name)
    for names in PIPELINES.values()
    for name in names
    if not name.startswith("rules-") and name not in BUNDLED
}
RULE_LANGUAGES = ("de", "en", "ru", "uk", "xx")
LOADERS.update({f"rules-{lang}": _rules_loader(lang) for lang in RULE_LANGUAGES})
LOADERS.update({name: _model_dir_loader(MODELS_DIR / name) for name in BUNDLED})

# Loaders that need no installed package; everything else is checked with
# spacy.util.is_package, or, for pipeline directories, by their config.cfg.
_ALWAYS_AVAILABLE = {f"rules-{lang}" for lang in RULE_LANGUAGES}
_DIRECTORIES: dict[str, Path] = {name: MODELS_DIR / name for name in BUNDLED}
_loaded: dict[str, tuple[Language, str]] = {}


def register_pipeline(
    name: str,
    loader: Callable[[], Language],
    langs: Iterable[str] = ("de",),
    *,
    first: bool = True,
    always_available: bool = True,
) -> None:
    """Add a pipeline to the registry (e.g. a project-trained model loaded from a path).

    `always_available=False` means `name` is an installed package checked with
    spacy.util.is_package; otherwise the loader is trusted to work.
    """
    LOADERS[name] = loader
    _DIRECTORIES.pop(name, None)
    if always_available:
        _ALWAYS_AVAILABLE.add(name)
    for lang in langs:
        names = PIPELINES.setdefault(lang, list(PIPELINES["*"]))
        if name in names:
            names.remove(name)
        names.insert(0 if first else len(names), name)
    _loaded.pop(name, None)


def _is_available(name: str) -> bool:
    if name not in LOADERS:
        return False
    if name in _DIRECTORIES:
        # A clone without the model directory (or a half-written one) falls back to rules.
        return (_DIRECTORIES[name] / "config.cfg").is_file()
    return name in _ALWAYS_AVAILABLE or spacy.util.is_package(name)


def available_pipelines() -> dict[str, bool]:
    """Every registered pipeline name -> whether it can be loaded here."""
    return {name: _is_available(name) for name in LOADERS}


def _version(name: str, nlp: Language) -> str:
    return f"{name}@{nlp.meta.get('version', '0')}"


def load_pipeline(lang: str, prefer: str | None = None) -> tuple[Language, str]:
    """The best available pipeline for `lang`, and its versioned name ("rules-de@0.1").

    `prefer` forces one pipeline by name; ValueError if it is unknown or not installed.
    Loaded pipelines are cached for the process.
    """
    if prefer is not None:
        if not _is_available(prefer):
            usable = sorted(n for n, ok in available_pipelines().items() if ok)
            why = "not installed" if prefer in LOADERS else "unknown"
            raise ValueError(f"NLP pipeline {prefer!r} is {why}; available: {', '.join(usable)}")
        candidates = [prefer]
    else:
        candidates = PIPELINES.get((lang or "").lower().split("-")[0], PIPELINES["*"])
    for name in candidates:
        if name in _loaded:
            return _loaded[name]
        if _is_available(name):
            nlp = LOADERS[name]()
            _loaded[name] = (nlp, _version(name, nlp))
            return _loaded[name]
    raise ValueError(f"no NLP pipeline available for language {lang!r} (tried {candidates})")


# Texts are analysed in pieces of at most this many characters, cut at paragraph breaks: a
# spaCy Doc's memory grows with its length (one 864,000-character article took an ingest to
# 6.8 GB), and no news article's names need more context than a few pages.  Offsets are
# the article's own; most articles are one piece.
NLP_CHUNK = 50_000


def chunks(text: str, size: int = NLP_CHUNK) -> list[tuple[int, str]]:
    """(offset, piece) of `text`, each piece at most `size` characters, cut at the last
    paragraph break (else line break, else space) of each window."""
    out, pos = [], 0
    while len(text) - pos > size:
        window = text[pos : pos + size]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep)
            if at > size // 2:
                cut = at + len(sep)
                break
        cut = cut if cut > 0 else size
        out.append((pos, text[pos : pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out


def extract_mentions(
    nlp: Language,
    docs: Iterable[tuple[str, str]],
    batch_size: int = 64,
    n_process: int = 1,
) -> pd.DataFrame:
    """Run `nlp` over (article_id, text) pairs; one row per entity mention.

    Columns: article_id, label (PER/ORG/LOC/MISC, see LABEL_MAP), surface, start,
    end, with text[start:end] == surface.  Mentions inside hyphenated tokens
    (from crisis_consistency) are included.
    """
    ids: list[str] = []
    labels: list[str] = []
    surfaces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    label_map = LABEL_MAP
    pairs = ((piece, (article_id, offset)) for article_id, text in docs
             for offset, piece in chunks(text or ""))
    for doc, (article_id, offset) in nlp.pipe(
        pairs, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        text = doc.text
        for ent in doc.ents:
            label = label_map.get(ent.label_)
            if label is None:
                continue
            if label == "MISC" and not ent.text[:1].isupper():
                # "russischen", "deutsche": adjectives that models (and GermEval's
                # *deriv) tag MISC name no actor; counting them would flood the actors.
                continue
            ids.append(article_id)
            labels.append(label)
            surfaces.append(ent.text)
            starts.append(ent.start_char + offset)
            ends.append(ent.end_char + offset)
        parts = doc._.part_mentions
        if parts:
            for label, start, end in parts:
                ids.append(article_id)
                labels.append(label_map.get(label, label))
                surfaces.append(text[start:end])
                starts.append(start + offset)
                ends.append(end + offset)
    return pd.DataFrame(
        {
            "article_id": pd.Series(ids, dtype="str"),
            "label": pd.Series(labels, dtype="str"),
            "surface": pd.Series(surfaces, dtype="str"),
            "start": pd.Series(starts, dtype="int64"),
            "end": pd.Series(ends, dtype="int64"),
        }
    )
