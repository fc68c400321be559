"""The corpus at a glance — pure functions behind the Overview page."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import timeline
from core.codes import mention_codes
from core.filters import frame_memo


@frame_memo
def summary(articles: pd.DataFrame, mentions: pd.DataFrame) -> dict:
    """Headline numbers: size, sources, actors, languages, honest date span and precision mix.

    The span runs from the earliest possible date (date_start) to the latest
    (date_end), so a month-only article in February stretches it to the 28th.
    """
    dated = articles[articles["date_start"].notna()]
    return {
        "n_articles": int(len(articles)),
        "n_sources": int(articles["source"].nunique()),
        "n_actors": int(len(mention_codes(mentions).actors)),
        "n_mentions": int(len(mentions)),
        "n_words": int(articles["n_words"].sum()) if "n_words" in articles else 0,
        "first_date": dated["date_start"].min().date() if not dated.empty else None,
        "last_date": dated["date_end"].max().date() if not dated.empty else None,
        "languages": articles["language"].value_counts().to_dict(),
        "precision": timeline.undated_counts(articles),
    }


@frame_memo
def language_table(articles: pd.DataFrame) -> pd.DataFrame:
    counts = articles["language"].value_counts().rename_axis("language").rename("n_articles")
    return counts.reset_index()


@frame_memo
def topic_table(topics: pd.DataFrame, n_articles: int,
                topic_names: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Assigned topics by number of articles (an article may have several), with each
    topic's label from `topic_names` ((id, label) pairs; the id where it has none)."""
    pairs = timeline.assigned_topic_pairs(topics)
    counts = pairs.groupby("topic")["article_id"].nunique().rename("n_articles")
    out = counts.sort_values(ascending=False).reset_index()
    out["share_of_articles"] = (out["n_articles"] / max(n_articles, 1)).round(4)
    names = dict(topic_names)
    out["label"] = [names.get(t, t) for t in out["topic"]]
    return out


@frame_memo
def recent_articles(articles: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Latest articles first.  Ordered by date_end then date_start so a month-only
    article ranks with the end of its month, and is shown with its real precision."""
    cols = ["article_id", "published", "date_precision", "title", "source", "language"]
    dated = articles[articles["date_start"].notna()]
    end = dated["date_end"].to_numpy()
    if len(dated) > n:  # only the rows that can make the top n (ties kept) get sorted
        cutoff = np.partition(end, len(end) - n)[len(end) - n]
        dated = dated[end >= cutoff]
    out = dated.sort_values(["date_end", "date_start", "article_id"],
                            ascending=[False, False, True])
    return out.head(n)[cols].reset_index(drop=True)


def topic_article_ids(topics: pd.DataFrame, topic: str) -> list[str]:
    """The articles behind a topic bar: those assigned `topic` (same rule as topic_table)."""
    pairs = timeline.assigned_topic_pairs(topics)
    return sorted(pairs.loc[pairs["topic"] == topic, "article_id"].unique())


@frame_memo
def section_table(articles: pd.DataFrame,
                  labels: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Articles per section (one section each), largest first, with its share and label."""
    counts = articles["section"].value_counts()
    out = counts.rename_axis("section").rename("n_articles").reset_index()
    out["n_articles"] = out["n_articles"].astype("int64")
    out["share_of_articles"] = (out["n_articles"] / max(len(articles), 1)).round(4)
    names = dict(labels)
    out["label"] = [names.get(s, s or "(not computed)") for s in out["section"]]
    return out


def crisis_coverage(articles: pd.DataFrame, threshold: float) -> dict:
    """How many of `articles` are about the crisis (relevance >= threshold), and the share."""
    about = (articles["crisis"] >= threshold) & (articles["crisis"] > 0)
    n = int(about.sum())
    return {"n_about": n, "share": n / len(articles) if len(articles) else 0.0}


def section_article_ids(articles: pd.DataFrame, section: str) -> list[str]:
    """The articles behind a section bar."""
    return sorted(articles.loc[articles["section"] == section, "article_id"].tolist())
