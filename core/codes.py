"""A mention frame as integers: the codes every count over actors and articles starts from.

Factorising millions of actor names and article ids is the expensive step of every
aggregate; it is done once per frame (memoised), and for a filtered view derived from
the whole corpus's codes (see `core.filters.subset_rule`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from core.filters import article_codes, dense_subset, first_of_pairs, frame_memo, subset_rule


class MentionCodes(NamedTuple):
    """A mention frame as integers: what counting actors and articles needs."""

    actor: np.ndarray  # code of each mention's actor (index into `actors`)
    actors: pd.Index  # distinct actor names (in no meaningful order: callers sort)
    article: np.ndarray  # code of each mention's article_id
    n_articles: int  # distinct article_ids among the mentions
    first_pair: np.ndarray  # True on the first mention of each (article, actor) pair
    first_of_actor: np.ndarray  # row of each actor's first mention


@frame_memo
def mention_codes(mentions: pd.DataFrame) -> MentionCodes:
    """Factorise actor and article once per mention frame; counting is then integer work
    (bincount) instead of grouping millions of strings (nunique per actor)."""
    actor, actors = pd.factorize(mentions["actor"])
    actor = actor.astype(np.int32)  # lives as long as the frame: 4 bytes a row, not 8
    article, uniq = article_codes(mentions)
    first_pair = first_of_pairs(actor, article, len(uniq))
    return MentionCodes(
        actor, pd.Index(actors), article, len(uniq), first_pair, _first_rows(actor, len(actors))
    )


@subset_rule(mention_codes)
def _mention_codes_of_subset(whole: MentionCodes, sel: np.ndarray, sub) -> MentionCodes:
    actor, present = dense_subset(whole.actor[sel], len(whole.actors))
    article, uniq = article_codes(sub)
    return MentionCodes(
        actor,
        whole.actors[present],
        article,
        len(uniq),
        whole.first_pair[sel],
        _first_rows(actor, int(present.sum())),
    )


def _first_rows(codes: np.ndarray, n: int) -> np.ndarray:
    """Row of the first occurrence of each code 0..n-1."""
    first = np.full(n, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # last write wins: the first row
    return first


@frame_memo
def codes_of_types(
    mentions: pd.DataFrame, types: tuple[str, ...]
) -> tuple[MentionCodes, np.ndarray]:
    """Mention codes of the rows whose actor_type is in `types`, and those rows' positions,
    derived from the whole frame's codes (no new frame, no re-hashing of names)."""
    c = mention_codes(mentions)
    rows = np.flatnonzero(mentions["actor_type"].isin(types).to_numpy(dtype=bool))
    actor, present = dense_subset(c.actor[rows], len(c.actors))
    article, with_rows = dense_subset(c.article[rows], max(c.n_articles, 1))
    n_art = int(with_rows.sum())
    first_pair = first_of_pairs(actor, article, n_art)
    n_actors = int(present.sum())
    return MentionCodes(
        actor, c.actors[present], article, n_art, first_pair, _first_rows(actor, n_actors)
    ), rows
