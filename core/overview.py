"""The corpus at a glance — pure functions behind the Overview page."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import timeline
from core.codes import mention_codes
from core.filters import frame_memo


@frame_memo
def summary(articles: pd.DataFrame, mentions: pd.DataFrame) -> dict:
    """Headline numbers: size, sources, actors, languages, date span and precision mix.

    The span is that of the days articles are known to be from (first_date, last_date);
    month-/year-only dates that may lie outside it are reported apart (date_span), not as
    their interval's ends: a February-only article is no evidence of a story on the 28th.
    """
    span = date_span(articles)
    return {
        "n_articles": int(len(articles)),
        "n_sources": int(articles["source"].nunique()),
        "n_actors": int(len(mention_codes(mentions).actors)),
        "n_mentions": int(len(mentions)),
        "n_words": int(articles["n_words"].sum()) if "n_words" in articles else 0,
        "first_date": span["first_day"],
        "last_date": span["last_day"],
        "first_coarse": span["first_coarse"],
        "last_coarse": span["last_coarse"],
        "languages": articles["language"].value_counts().to_dict(),
        "precision": timeline.undated_counts(articles),
    }


def coarse_label(precision: str, start: pd.Timestamp) -> str:
    """How a month-/year-only date is said: "Feb 2022, month only", "2022, year only"."""
    return f"{start:%b %Y}, month only" if precision == "month" else f"{start:%Y}, year only"


@frame_memo
def date_span(articles: pd.DataFrame) -> dict:
    """The earliest and latest day an article is dated to (first_day, last_day: dates or
    None), and the month-/year-only dates that may lie beyond them (first_coarse,
    last_coarse: (label, number of articles) or None).

    A coarse date is reported when its interval reaches past the known days (a February
    article may be from after 1 February), or when no article is dated to the day; the
    one reaching furthest is given, with the articles dated to exactly that interval."""
    known = articles[articles["date_start"].notna()]
    day = known[known["date_precision"] == "day"]
    coarse = known[known["date_precision"] != "day"]
    first_day = day["date_start"].min().date() if not day.empty else None
    last_day = day["date_end"].max().date() if not day.empty else None

    def extreme(col: str, earliest: bool, bound) -> tuple[str, int] | None:
        if coarse.empty:
            return None
        value = coarse[col].min() if earliest else coarse[col].max()
        if bound is not None and (value >= pd.Timestamp(bound) if earliest
                                  else value <= pd.Timestamp(bound)):
            return None  # within the known days: nothing to add
        rows = coarse[coarse[col] == value]
        # The widest interval reaching there: of a month and a year both starting (or both
        # ending) there, say the year.
        top = rows.sort_values(["date_start", "date_end"], ascending=[True, False]).iloc[0]
        same = rows[(rows["date_start"] == top["date_start"])
                    & (rows["date_end"] == top["date_end"])]
        return coarse_label(top["date_precision"], top["date_start"]), int(len(same))

    return {"first_day": first_day, "last_day": last_day,
            "first_coarse": extreme("date_start", True, first_day),
            "last_coarse": extreme("date_end", False, last_day)}


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
