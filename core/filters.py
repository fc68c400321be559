"""Narrow a corpus by actor, date, language, topic, section, crisis relevance and source.

Used by the CLI export and by every dashboard page, so "what is on screen" and
"what is exported" are the same rows by construction.

Date semantics: an article's date is an interval (`date_start`..`date_end`:
one day for day precision, the whole month for month precision…).  A date
filter keeps an article whose interval *overlaps* the requested range, so an
article known only as "2022-02" is kept for 10–14 February (it may be from
then) but never pretends to be from the 1st.  Articles with unknown dates are
dropped as soon as any date bound is set.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from core import schema
from core.topics import ASSIGN_THRESHOLD

# -- memoising pure functions of frames -------------------------------------------------------
# The dashboard reruns every page on each click, on the same frames: the loaded corpus and
# the filtered views (memoised per Filters by the app) are the same objects from rerun to
# rerun.  At 100,000 articles (2.6 million mentions) each aggregate costs 0.1-1 s, so the
# functions behind the pages remember their results keyed on the *identity* of the frames
# they got plus their other arguments.  An entry is dropped as soon as one of its frames is
# garbage-collected (so an id is never reused for a different frame) and the table is a
# bounded LRU.  This relies on frames not being modified in place after they are handed to
# these functions, which holds under pandas copy-on-write for everything the pages do
# (they derive new frames; none assigns into a view's frames).  Results are shared: callers
# must not modify a returned frame in place either (derive a new one, as the pages do).
_MEMO: OrderedDict = OrderedDict()
_MEMO_MAX = 128
_MEMO_KEYS_BY_FRAME: dict[int, set] = {}
_MEMO_LOCK = threading.RLock()


def _forget_frame(fid: int) -> None:
    with _MEMO_LOCK:
        for key in _MEMO_KEYS_BY_FRAME.pop(fid, ()):
            _MEMO.pop(key, None)


def _token(value, frames: list) -> object:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        frames.append(value)
        # Shape too: a column added in place would at least change the key.
        return ("frame", id(value), value.shape)
    if isinstance(value, (list, tuple)):
        return tuple(_token(v, frames) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    hash(value)  # TypeError for anything unhashable: not memoised
    return value


def frame_memo(fn):
    """Memoise `fn` on the identity of its frame arguments and the value of the others."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        frames: list = []
        try:
            key = (fn.__module__, fn.__qualname__, _token(args, frames),
                   tuple(sorted((k, _token(v, frames)) for k, v in kwargs.items())))
            hash(key)
        except TypeError:
            return fn(*args, **kwargs)
        with _MEMO_LOCK:
            if key in _MEMO:
                _MEMO.move_to_end(key)
                return _MEMO[key]
        result = fn(*args, **kwargs)
        _remember(key, frames, result)
        return result

    wrapper.uncached = fn
    return wrapper


def clear_memo() -> None:
    with _MEMO_LOCK:
        _MEMO.clear()


@frame_memo
def article_codes(rows: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """`pd.factorize(rows["article_id"])`, once per frame (the costly string hashing)."""
    codes, uniques = pd.factorize(rows["article_id"])
    # int32: these arrays live as long as their frame (4 bytes a row, not 8, at millions).
    # Plain text uniques, also for a categorical column: looking a CategoricalIndex up in
    # the articles' string index takes the slow path (~15 ms at 20,000 ids).
    return codes.astype(np.int32), pd.Index(np.asarray(uniques, dtype=object), dtype="str")


@frame_memo
def article_index(articles: pd.DataFrame) -> pd.Index:
    """The articles' ids as an Index, kept per frame: its hash table is built once, not on
    every lookup (~20 ms at 20,000 ids)."""
    return pd.Index(articles["article_id"])


def lookup(articles: pd.DataFrame, ids) -> np.ndarray:
    """Position in `articles` of each of `ids` (the first row of a duplicated id, as isin
    would keep it), -1 where unknown; by the memoised id index."""
    index = article_index(articles)
    if index.is_unique:
        return index.get_indexer(ids)
    keep = ~index.duplicated()
    where = index[keep].get_indexer(ids)
    return np.where(where >= 0, np.flatnonzero(keep)[np.maximum(where, 0)], -1)


@frame_memo
def positions(articles: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    """For each row of `rows` (mentions, topics…), the position of its article in
    `articles`, or -1.  Built from the rows' factorised ids: one lookup per distinct
    article, then integer indexing."""
    codes, uniques = article_codes(rows)
    where = np.append(lookup(articles, uniques), -1).astype(np.int32)  # code -1 → -1
    return where[codes]


def first_of_pairs(a: np.ndarray, b: np.ndarray, n_b: int) -> np.ndarray:
    """True on the first row of each distinct (a, b) pair (b in 0..n_b-1)."""
    pair = a.astype(np.int64) * max(n_b, 1) + b
    return ~pd.Series(pair).duplicated().to_numpy()


def dense_subset(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..n-1 of a row subset renumbered to 0..k-1 over the k values present, and
    the boolean array (length n) saying which old codes those are (in code order)."""
    present = np.bincount(codes, minlength=n).astype(bool)
    remap = (np.cumsum(present) - 1).astype(np.int32)
    return remap[codes], present


def _remember(key: tuple, frames: list, result) -> None:
    """Store a memo entry; it is forgotten when any of its frames is garbage-collected."""
    with _MEMO_LOCK:
        for f in frames:
            fid = id(f)
            if fid not in _MEMO_KEYS_BY_FRAME:
                _MEMO_KEYS_BY_FRAME[fid] = set()
                weakref.finalize(f, _forget_frame, fid)
            _MEMO_KEYS_BY_FRAME[fid].add(key)
        _MEMO[key] = result
        while len(_MEMO) > _MEMO_MAX:
            _MEMO.popitem(last=False)


def _seed(fn, args: tuple, result) -> None:
    """Store a result computed elsewhere (e.g. a sub-corpus's positions, derived cheaply)."""
    frames: list = []
    _remember((fn.__module__, fn.__qualname__, _token(args, frames), ()), frames, result)


def _recall(fn, args: tuple):
    """The memoised result of `fn(*args)`, or None if it was not computed (or forgotten)."""
    key = (fn.__module__, fn.__qualname__, _token(args, []), ())
    with _MEMO_LOCK:
        if key not in _MEMO:
            return None
        _MEMO.move_to_end(key)  # in use: a whole corpus's codes outlive its views' churn
        return _MEMO[key]


# -- results of row subsets, derived instead of recomputed -------------------------------------
# A filter keeps or drops whole articles, so every (article, actor) pair of the mentions is
# kept or dropped as a whole: "the first mention of each pair" in a filtered view is the
# whole corpus's first mentions, subset.  Functions of one rows frame (codes, first-pair
# flags) register how their result for a subset follows from the whole frame's result;
# `apply` then seeds the views' memo with it (~10 ms instead of hashing a million pairs).
_SUBSET_RULES: dict[str, list] = {"mentions": [], "topics": []}


def subset_rule(fn, rows: str = "mentions"):
    """Register `derive(whole_result, keep_rows, sub_frame) -> result` for memoised `fn`,
    valid when `sub_frame` is `rows` restricted to whole articles by the boolean array
    `keep_rows`."""
    def register(derive):
        _SUBSET_RULES[rows].append((fn, derive))
        return derive
    return register


@subset_rule(article_codes, "mentions")
@subset_rule(article_codes, "topics")
def _article_codes_of_subset(whole, sel, sub):
    codes, uniques = whole
    new, present = dense_subset(codes[sel], len(uniques))
    return new, uniques[present]


# Counting units: what one row of a filtered view stands for, and the noun counts use.
UNITS = {"unique": "articles", "all": "articles", "stories": "stories"}


def unit_noun(unit: str) -> str:
    """"articles" or "stories": the word a count in `unit` is in."""
    return UNITS.get(unit, "articles")


def story_keys(articles: pd.DataFrame) -> np.ndarray:
    """Each article's story id (its own id where it has none)."""
    ids = articles["article_id"].to_numpy()
    if "story" not in articles.columns:
        return ids
    story = articles["story"].to_numpy()
    return np.where(story == "", ids, story)


def first_of_story(articles: pd.DataFrame, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Among the articles `mask` keeps, one per story: the earliest (frame order breaks
    ties).  Returns (the new mask, for every article the position of its story's kept
    article, -1 where `mask` drops it)."""
    idx = np.flatnonzero(mask)
    rep = np.full(len(articles), -1, dtype=np.int64)
    if not len(idx):
        return mask.copy(), rep
    start = articles["date_start"].to_numpy()[idx].astype("datetime64[us]").astype(np.int64)
    start = np.where(np.isnat(articles["date_start"].to_numpy()[idx]), np.iinfo(np.int64).max,
                     start)
    order = idx[np.lexsort((idx, start))]
    codes, _ = pd.factorize(story_keys(articles)[order])
    first = np.full(codes.max() + 1, -1, dtype=np.int64)
    # The first position per code in `order`: write in reverse so the earliest wins.
    first[codes[::-1]] = order[::-1]
    rep[order] = first[codes]
    out = np.zeros(len(articles), dtype=bool)
    out[first] = True
    return out, rep


@dataclass(frozen=True)
class Filters:
    actors: tuple[str, ...] = ()
    actor_mode: str = "any"  # "any": at least one of the actors; "all": every one of them
    since: dt.date | None = None
    until: dt.date | None = None
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # outlet countries (ISO alpha-2)
    crisis_min: float | None = None  # only articles at least this relevant to the crisis
    article_ids: tuple[str, ...] | None = field(default=None)  # e.g. a clicked chart point
    # The counting unit (UNITS): "unique" counts each group of near-duplicates (versions,
    # copies; core.dedupe) once, by its representative; "all" counts every stored article;
    # "stories" counts each story (core.stories) once.
    unit: str = "unique"

    def is_empty(self) -> bool:
        return self == Filters()

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def collection(self) -> Filters:
        """The coverage these filters' articles are a share of: same dates, languages,
        sources and outlet countries, without the filters that pick content (actors,
        topics, sections, crisis, a chart selection).  The denominator of attention as a
        share."""
        return Filters(since=self.since, until=self.until, languages=self.languages,
                       sources=self.sources, countries=self.countries, unit=self.unit)

    def describe(self) -> dict:
        """A JSON-friendly summary (for manifests and captions)."""
        out: dict = {}
        if self.actors:
            out["actors"] = list(self.actors)
            out["actor_mode"] = self.actor_mode
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        for name in ("languages", "topics", "sources", "sections", "countries"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.crisis_min is not None:
            out["crisis_min"] = self.crisis_min
        if self.article_ids is not None:
            out["article_ids"] = list(self.article_ids)
        if self.unit != "unique":
            out["unit"] = self.unit
        return out


def parse_date(value: str | dt.date | None, *, name: str = "date") -> dt.date | None:
    """Accept YYYY-MM-DD, YYYY-MM (→ first day) or YYYY; raise ValueError with a clear message."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{name} {text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def parse_until(value: str | dt.date | None) -> dt.date | None:
    """Like parse_date, but a month or year means its *last* day (until 2022-02 = through Feb)."""
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    text = str(value).strip()
    start = parse_date(text, name="until")
    if len(text) == 7:
        nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    if len(text) == 4:
        return start.replace(month=12, day=31)
    return start


def article_mask(
    articles: pd.DataFrame, mentions: pd.DataFrame, topics: pd.DataFrame, filters: Filters
) -> np.ndarray:
    """Boolean array over `articles`: which pass every filter."""
    mask = np.ones(len(articles), dtype=bool)
    if filters.unit in ("unique", "stories") and "copy_of" in articles.columns:
        mask &= (articles["copy_of"] == "").to_numpy()
    if filters.article_ids is not None:
        mask &= articles["article_id"].isin(filters.article_ids).to_numpy()
    if filters.since is not None or filters.until is not None:
        mask &= articles["date_start"].notna().to_numpy()
        if filters.since is not None:
            mask &= (articles["date_end"] >= pd.Timestamp(filters.since)).to_numpy()
        if filters.until is not None:
            mask &= (articles["date_start"] <= pd.Timestamp(filters.until)).to_numpy()
    if filters.languages:
        mask &= articles["language"].isin(filters.languages).to_numpy()
    if filters.sources:
        mask &= articles["source"].isin(filters.sources).to_numpy()
    if filters.sections:
        mask &= articles["section"].isin(filters.sections).to_numpy()
    if filters.countries:
        mask &= articles["country"].isin(filters.countries).to_numpy()
    if filters.crisis_min is not None:
        mask &= (articles["crisis"] >= filters.crisis_min).to_numpy() & (
            articles["crisis"] > 0
        ).to_numpy()
    if filters.topics:
        # The topics an article *carries* (score at the assignment threshold), the same
        # rule as the Timeline's topic series and the CSV's topics column.
        pos = positions(articles, topics)
        carried = (topics["score"] >= ASSIGN_THRESHOLD).to_numpy()
        hit = pos[topics["topic"].isin(filters.topics).to_numpy() & carried & (pos >= 0)]
        mask &= np.bincount(hit, minlength=len(articles)).astype(bool)
    if filters.actors:
        pos = positions(articles, mentions)
        sel = mentions["actor"].isin(filters.actors).to_numpy() & (pos >= 0)
        if filters.actor_mode == "all":
            pairs = pd.DataFrame({"pos": pos[sel], "actor": mentions["actor"].to_numpy()[sel]})
            per_article = pairs.drop_duplicates().groupby("pos").size()
            hit = per_article.index[per_article >= len(set(filters.actors))].to_numpy()
        else:
            hit = pos[sel]
        mask &= np.bincount(hit, minlength=len(articles)).astype(bool)
    if filters.unit == "stories":
        mask = first_of_story(articles, mask)[0]
    return mask


def matching_ids(
    articles: pd.DataFrame, mentions: pd.DataFrame, topics: pd.DataFrame, filters: Filters
) -> pd.Index:
    """The article_ids that pass every filter, in the articles frame's order."""
    mask = article_mask(articles, mentions, topics, filters)
    return pd.Index(articles["article_id"].to_numpy()[mask])


@dataclass(frozen=True)
class Corpus:
    """The three frames of a corpus (plus the actor summary), always consistent."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    topics: pd.DataFrame

    @classmethod
    def empty(cls) -> Corpus:
        return cls(schema.empty("articles"), schema.empty("mentions"), schema.empty("topics"))


@frame_memo
def has_copies(articles: pd.DataFrame) -> bool:
    """Does the corpus hold near-duplicates (articles that a "unique" count leaves out)?"""
    return "copy_of" in articles.columns and bool((articles["copy_of"] != "").any())


def apply(corpus: Corpus, filters: Filters) -> Corpus:
    """The sub-corpus that passes `filters` (mentions and topics of the kept articles)."""
    if filters.is_empty() and not has_copies(corpus.articles):
        return corpus
    if filters.unit == "stories":
        return _apply_stories(corpus, filters)
    keep = article_mask(corpus.articles, corpus.mentions, corpus.topics, filters)
    if keep.all():
        return corpus
    # Rows follow their article by position (integers), not by hashing millions of ids.
    new_pos = np.cumsum(keep) - 1
    parts = {}
    for name in ("mentions", "topics"):
        rows = getattr(corpus, name)
        pos = positions(corpus.articles, rows)
        sel = (pos >= 0) & keep[np.maximum(pos, 0)]
        # A boolean mask, not iloc with positions: Arrow-backed strings filter several
        # times faster than they take.
        parts[name] = (rows, sel, rows.loc[sel].reset_index(drop=True),
                       new_pos[pos[sel]].astype(np.int32))
    out = Corpus(
        articles=corpus.articles.loc[keep].reset_index(drop=True),
        mentions=parts["mentions"][2],
        topics=parts["topics"][2],
    )
    for name, (whole_rows, sel, rows, pos) in parts.items():
        _seed(positions, (out.articles, rows), pos)
        for fn, derive in _SUBSET_RULES[name]:
            whole = _recall(fn, (whole_rows,))
            if whole is not None:
                _seed(fn, (rows,), derive(whole, sel, rows))
    return out


def _apply_stories(corpus: Corpus, filters: Filters) -> Corpus:
    """One row per story: the story's earliest article among those the filters keep, with
    the actors and topics of all of them (so "stories mentioning X" counts a story whose
    later article names X, and a story's mentions are those of its articles in view)."""
    passing = article_mask(corpus.articles, corpus.mentions, corpus.topics,
                           filters.with_(unit="unique"))
    keep, rep = first_of_story(corpus.articles, passing)
    new_pos = (np.cumsum(keep) - 1).astype(np.int32)
    articles = corpus.articles.loc[keep].reset_index(drop=True)
    new_ids = articles["article_id"].to_numpy()
    parts = {}
    for name in ("mentions", "topics"):
        rows = getattr(corpus, name)
        pos = positions(corpus.articles, rows)
        sel = (pos >= 0) & passing[np.maximum(pos, 0)]
        at = new_pos[rep[pos[sel]]]
        sub = rows.loc[sel].reset_index(drop=True)
        if isinstance(sub["article_id"].dtype, pd.CategoricalDtype):
            # Categories = the kept articles, codes = their positions: no string is hashed
            # or copied (a million mention rows at 100k articles).  The story's first
            # article may have no rows of its own, so the categories are new.
            cats = pd.Index(new_ids, dtype=sub["article_id"].cat.categories.dtype)
            sub["article_id"] = pd.Categorical.from_codes(at.astype(np.int32), categories=cats)
        else:
            sub["article_id"] = pd.array(new_ids[at], dtype=sub["article_id"].dtype)
        if name == "topics":  # one row per (story, topic): its best score
            order = np.lexsort((-sub["score"].to_numpy(), at))
            sub, at = sub.iloc[order], at[order]
            first = ~sub.duplicated(["article_id", "topic"]).to_numpy()
            sub, at = sub.loc[first].reset_index(drop=True), at[first]
        parts[name] = (sub, at.astype(np.int32))
    out = Corpus(articles=articles, mentions=parts["mentions"][0], topics=parts["topics"][0])
    for rows, at in parts.values():
        _seed(positions, (out.articles, rows), at)
    return out
