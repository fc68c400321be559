"""Stories in the store: cluster the articles an ingest touched (the I/O edge of core.stories).

Clustering runs in date order and an article's story depends only on the articles of the
`window` days before it, so after an ingest only the articles dated from the earliest new
one onward are clustered again; the stored stories of the `window` days before that are
context that keeps its ids (new articles may join those stories).  A live intake therefore
re-clusters the last few days, not the store.  The words' TF-IDF weights come from the
articles clustered together, so an incremental run may differ slightly from clustering the
whole store at once (`python -m core stories`).
"""

from __future__ import annotations

import pandas as pd

from core import settings
from core import stories as st


def params() -> st.Params:
    """The clustering parameters from the settings; ValueError names a bad value."""
    return st.Params(threshold=settings.number("story_threshold", lo=0, hi=1),
                     window=settings.number("story_window", int, lo=0, hi=365),
                     actor_weight=settings.number("story_actor_weight", lo=0, hi=1))


def update(store, since: pd.Timestamp | None, p: st.Params | None = None) -> int:
    """Cluster the stored articles dated from `since` onward (None: the whole store), the
    stories of the `window` days before it kept as they are.  Returns the stories changed."""
    p = p or params()
    if since is not None and pd.isna(since):
        since = None
    context_from = None if since is None else (since - pd.Timedelta(days=p.window))
    arts = store.story_articles(None if context_from is None else context_from.date().isoformat())
    if arts.empty:
        return 0
    fixed = None
    if since is not None:
        ctx = (arts["date_start"] < since).to_numpy() & (arts["story"] != "").to_numpy()
        fixed = pd.Series(arts.loc[ctx, "story"].to_numpy(), index=arts.loc[ctx, "article_id"])
    if since is None or not store.doc_freq([], []).n:
        recount_terms(store)
    story = cluster(store, arts, p, fixed)
    return store.set_stories(zip(arts["article_id"], story, strict=True))


def cluster(store, arts: pd.DataFrame, p: st.Params, fixed: pd.Series | None = None):
    """core.stories.cluster of stored articles, words and actors weighed by the store's
    document frequencies (nothing is written)."""
    mentions = store.mentions(arts["article_id"])
    words = set().union(*(st.terms(t, x) for t, x in zip(arts["title"], arts["text"],
                                                         strict=True)))
    freq = store.doc_freq(words, mentions["actor"].unique())
    return st.cluster(arts, mentions, p, fixed=fixed, freq=freq)


def count_terms(store, articles: pd.DataFrame) -> None:
    """Add newly stored articles to the store's word document frequencies."""
    store.count_terms(st.terms(t, x) for t, x in zip(articles["title"], articles["text"],
                                                     strict=True))


def recount_terms(store, batch_size: int = 2000) -> None:
    """Count every stored article's words anew (an older store, or the whole store)."""
    store.clear_terms()
    after = 0
    while True:
        part = store.conn.execute(
            "SELECT rowid, title, substr(text, 1, 3000) FROM articles WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?", (after, batch_size)).fetchall()
        if not part:
            break
        store.count_terms(st.terms(t, x) for _, t, x in part)
        after = part[-1][0]
