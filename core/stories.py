"""Stories: articles about the same news event within a few days, clustered together.

Method (single-pass, time-ordered clustering, as topic-detection-and-tracking systems and
Europe Media Monitor's story tracking do it):

- Each article is two TF-IDF vectors: its *words* (title twice and the first `TEXT_WORDS`
  words, lower-case, letters only, at least three of them, spaCy's German and English stop
  words left out, words in more than `MAX_DF` of the articles left out) and its *actors*
  (the resolved persons, organisations, places and events it mentions).  Counts by
  scikit-learn; sublinear tf, smoothed idf from the *whole corpus's* document frequencies
  (the store keeps the words'; the actors' are the actor table's article counts), so a
  word weighs the same whether one day or the whole store is clustered.  Both vectors are
  L2-normalised; the similarity of two articles is
  ``(1 - actor_weight) * cos(words) + actor_weight * cos(actors)``.
- Articles are taken in date order.  Each is compared with the articles of the stories seen
  in the `window` days before it (and earlier the same day); a story's score is the mean
  similarity to its members in that window (average link, so one loose member cannot drag
  in a whole theme; single link scored as well on the dev bundles but chained the 2024
  European Championship's group stage into one 91-article story).  The article joins the
  best story when that score reaches `threshold`, otherwise it starts a new story.  A
  story lives on while it keeps getting articles: stories that span days chain through
  their recent members.
- Only articles dated to the day and not a copy of another take part.  A near-duplicate
  (core.dedupe) belongs to its representative's story; an article dated only to a month or
  year, or undated, is a story of its own.
- A story's id is the id of its first article; its title that article's headline.

Everything here is pure (frames in, frames out); core.story_assign stores the result and
re-clusters only the days an ingest touched.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

TEXT_WORDS = 300
MAX_DF = 0.1
ACTOR_TYPES = ("person", "organisation", "place", "event")
_TOKEN = r"(?u)\b[^\W\d_]{3,}\b"


@dataclass(frozen=True)
class Params:
    # Chosen on the dev bundles of training/eval/stories_labels.tsv (README: Stories).
    threshold: float = 0.125
    window: int = 3  # days
    actor_weight: float = 0.2


def stop_words() -> list[str]:
    """spaCy's German and English stop words (the languages the corpus is in)."""
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.en.stop_words import STOP_WORDS as EN

    return sorted({w.lower() for w in DE | EN})


def _lead(title: str, text: str) -> str:
    words = text.split(maxsplit=TEXT_WORDS)
    return f"{title}\n{title}\n" + " ".join(words[:TEXT_WORDS])


@functools.cache
def _counter():
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(token_pattern=_TOKEN, stop_words=stop_words(), dtype=np.float32)


def terms(title: str, text: str) -> set[str]:
    """The distinct words an article's story vector reads (for document frequencies)."""
    return set(_counter().build_analyzer()(_lead(title or "", text or "")))


@dataclass(frozen=True)
class DocFreq:
    """In how many articles of the whole corpus each word and actor occurs.  Weights from
    the whole corpus, not from the articles clustered together, make a story's words weigh
    the same whether one day or the whole store is clustered (the store keeps them)."""

    n: int
    words: dict[str, int]
    actors: dict[str, int]


def doc_freq(articles: pd.DataFrame, mentions: pd.DataFrame) -> DocFreq:
    """Document frequencies counted in these articles themselves."""
    from collections import Counter

    words: Counter = Counter()
    for t, x in zip(articles["title"], articles["text"], strict=True):
        words.update(terms(t, x))
    pairs = mentions.loc[mentions["actor_type"].isin(ACTOR_TYPES), ["article_id", "actor"]]
    actors = pairs.drop_duplicates()["actor"].value_counts()
    return DocFreq(len(articles), dict(words), {str(k): int(v) for k, v in actors.items()})


def _tfidf(counts, vocab: list[str], freq: dict[str, int], n: int, cap: float | None):
    """Sublinear tf x smoothed idf (scikit-learn's formula) from `freq`, L2-normalised;
    words in more than `cap` of the articles weigh nothing."""
    from sklearn.preprocessing import normalize

    df = np.array([freq.get(t, 1) for t in vocab], dtype=np.float64)
    idf = np.log((1 + n) / (1 + df)) + 1
    if cap is not None and n >= 20:
        idf[df > cap * n] = 0
    counts = counts.tocsr().astype(np.float32)
    counts.data = 1 + np.log(counts.data)
    return normalize(counts.multiply(idf.astype(np.float32)).tocsr())


def vectors(articles: pd.DataFrame, mentions: pd.DataFrame, freq: DocFreq | None = None):
    """(words, actors): L2-normalised sparse TF-IDF rows, one per article, in frame order;
    idf from `freq` (default: counted in these articles)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    freq = freq or doc_freq(articles, mentions)
    n = len(articles)
    docs = [_lead(t or "", x or "") for t, x in zip(articles["title"], articles["text"],
                                                    strict=True)]
    try:
        cv = CountVectorizer(token_pattern=_TOKEN, stop_words=stop_words(), dtype=np.float32)
        counts = cv.fit_transform(docs)
        words = _tfidf(counts, list(cv.get_feature_names_out()), freq.words, freq.n, MAX_DF)
    except ValueError:  # no word left in any article (all stop words, all digits)
        words = sparse.csr_matrix((n, 1), dtype=np.float32)
    pos = pd.Index(articles["article_id"]).get_indexer(mentions["article_id"])
    keep = (pos >= 0) & mentions["actor_type"].isin(ACTOR_TYPES).to_numpy()
    per_article: list[list[str]] = [[] for _ in range(n)]
    for p, actor in zip(pos[keep], mentions["actor"].to_numpy()[keep], strict=True):
        per_article[p].append(str(actor))
    if any(per_article):
        cv = CountVectorizer(analyzer=lambda xs: xs, dtype=np.float32)
        counts = cv.fit_transform(per_article)
        actors = _tfidf(counts, list(cv.get_feature_names_out()), freq.actors, freq.n, None)
    else:
        actors = sparse.csr_matrix((n, 1), dtype=np.float32)
    return words, actors


def eligible(articles: pd.DataFrame) -> np.ndarray:
    """Which articles take part in clustering: dated to the day, not a copy of another."""
    day = ((articles["date_precision"] == "day").to_numpy()
           & articles["date_start"].notna().to_numpy())
    if "copy_of" in articles.columns:
        day &= (articles["copy_of"] == "").to_numpy()
    return day


def cluster(articles: pd.DataFrame, mentions: pd.DataFrame, params: Params | None = None,
            fixed: pd.Series | None = None, freq: DocFreq | None = None) -> pd.Series:
    """The story id of every article (a Series indexed like `articles`).

    `fixed`: story ids already decided (index: article_id) for articles that are only
    context — an incremental run passes the stored stories of the days before the new
    articles; those keep their story and the others may join it.  `freq`: the corpus's
    document frequencies (default: counted in `articles`).
    """
    ids = articles["article_id"].to_numpy()
    story = np.array(ids, dtype=object)  # by default every article is its own story
    ok = eligible(articles)
    params = params or Params()
    fixed = fixed if fixed is not None else pd.Series(dtype="str")
    idx = np.flatnonzero(ok)
    if len(idx):
        sub = articles.iloc[idx]
        words, actors = vectors(sub, mentions, freq or doc_freq(articles, mentions))
        day = (sub["date_start"].to_numpy().astype("datetime64[D]").astype(np.int64))
        order = np.argsort(day, kind="stable")
        label = np.full(len(idx), -1, dtype=np.int64)  # story number per clustered article
        names: list[str] = []
        pinned = {}
        for k, aid in enumerate(sub["article_id"]):
            if aid in fixed.index:
                pinned[k] = str(fixed[aid]) or aid
        name_no: dict[str, int] = {}
        w = params.actor_weight
        for d in np.unique(day):
            today = order[day[order] == d]
            past = order[(day[order] >= d - params.window) & (day[order] < d)]
            pool = np.concatenate([past, today])
            sims = ((1 - w) * (words[today] @ words[pool].T)
                    + w * (actors[today] @ actors[pool].T)).toarray()
            for r, k in enumerate(today):
                if k in pinned:
                    name = pinned[k]
                    if name not in name_no:
                        name_no[name] = len(names)
                        names.append(name)
                    label[k] = name_no[name]
                    continue
                cand = np.flatnonzero(label[pool] >= 0)
                cand = cand[pool[cand] != k]
                best = -1
                if len(cand):
                    labs = label[pool[cand]]
                    uniq, inv = np.unique(labs, return_inverse=True)
                    score = np.bincount(inv, weights=sims[r, cand]) / np.bincount(inv)
                    j = int(np.argmax(score))
                    if score[j] >= params.threshold:
                        best = int(uniq[j])
                if best < 0:
                    name = str(sub["article_id"].iloc[k])
                    name_no[name] = len(names)
                    names.append(name)
                    best = name_no[name]
                label[k] = best
        story[idx] = np.array(names, dtype=object)[label]
    out = pd.Series(story, index=articles.index, dtype="str")
    if "copy_of" in articles.columns:
        # A copy belongs to its representative's story (when the representative is here).
        rep = articles["copy_of"].to_numpy()
        has = rep != ""
        if has.any():
            by_id = pd.Series(out.to_numpy(), index=ids)
            found = by_id.reindex(rep[has]).to_numpy()
            vals = out.to_numpy().copy()
            vals[has] = np.where(pd.isna(found), rep[has], found)
            out = pd.Series(vals, index=articles.index, dtype="str")
    return out
