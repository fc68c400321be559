"""Stories of a filtered view: their size, span, outlets and actors, what grows, what breaks.

Pure functions: articles (and mentions) in — the view in the "unique" unit, one row per
article with copies collapsed — frames out.  A story's articles are those of the view that
carry its id (core.stories); its title is the headline of the article that started it (the
earliest in view when that one is filtered out).

**Breaking** (Europe Media Monitor flags a story whose article count grows fast): on the
view's latest day D (or the `until` day), a story is breaking when

- it has at least `min_articles` articles dated D, from at least `min_sources` outlets, and
- that count is at least `ratio` x its own baseline (its mean articles per day over the
  `baseline_days` days before D; 0 for a story new on D), and at least `ratio` x the
  corpus's baseline (the mean articles per day of a story over those days, across every
  story that had articles then) — so neither a story that is always this big nor a day on
  which every story is big raises the flag.

Articles dated only to a month or year never count for a day.  The thresholds are
settings (breaking_*), read by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.filters import frame_memo, story_keys

TABLE_COLUMNS = ["story", "title", "first_seen", "last_seen", "n_articles", "n_sources",
                 "sources", "top_actors", "n_day", "sources_day", "baseline", "corpus_baseline",
                 "growth", "breaking"]


@dataclass(frozen=True)
class BreakingRule:
    min_articles: int = 3
    min_sources: int = 2
    ratio: float = 3.0
    baseline_days: int = 7

    def describe(self) -> str:
        return (f"at least {self.min_articles} articles from at least {self.min_sources} "
                f"outlets on the latest day, and at least {self.ratio:g}× both the story's "
                f"own daily average and a typical story's over the {self.baseline_days} days "
                "before")


def rule_from_settings() -> BreakingRule:
    """The breaking rule from the settings; ValueError names a bad value."""
    from core import settings

    return BreakingRule(min_articles=settings.number("breaking_min_articles", int, lo=1),
                        min_sources=settings.number("breaking_min_sources", int, lo=1),
                        ratio=settings.number("breaking_ratio", lo=0),
                        baseline_days=settings.number("breaking_baseline_days", int, lo=1))


def _empty() -> pd.DataFrame:
    dtypes = {"story": "str", "title": "str", "first_seen": "datetime64[us]",
              "last_seen": "datetime64[us]", "n_articles": "int64", "n_sources": "int64",
              "sources": "str", "top_actors": "str", "n_day": "int64", "sources_day": "int64",
              "baseline": "float64", "corpus_baseline": "float64", "growth": "float64",
              "breaking": "bool"}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def latest_day(articles: pd.DataFrame, until=None) -> pd.Timestamp | None:
    """The day the growth and breaking flags look at: `until`, else the view's latest day
    with an article dated to the day."""
    if until is not None:
        return pd.Timestamp(until)
    day = articles.loc[articles["date_precision"] == "day", "date_start"]
    return None if day.dropna().empty else day.max().normalize()


@frame_memo
def story_table(articles: pd.DataFrame, mentions: pd.DataFrame, *, until=None,
                rule: BreakingRule = BreakingRule(), n_actors: int = 3,
                n_sources: int = 3) -> pd.DataFrame:
    """One row per story of the view (TABLE_COLUMNS), biggest first.  `growth` is the
    latest day's articles minus the story's baseline (how many more than usual)."""
    if articles.empty:
        return _empty()
    key = story_keys(articles)
    df = pd.DataFrame({"story": key, "article_id": articles["article_id"].to_numpy(),
                       "title": articles["title"].to_numpy(),
                       "source": articles["source"].to_numpy(),
                       "start": articles["date_start"].to_numpy(),
                       "day": np.where((articles["date_precision"] == "day").to_numpy(),
                                       articles["date_start"].to_numpy(),
                                       np.datetime64("NaT"))})
    # The story's own article (its id is the story's) first, then by date: its title is
    # the story's title when it is in view, else the earliest article's.
    df["own"] = df["story"] != df["article_id"]
    df = df.sort_values(["story", "own", "start", "article_id"], na_position="last",
                        kind="stable")
    g = df.groupby("story", sort=False)
    out = pd.DataFrame({
        "title": g["title"].first(),
        # Days only: an article known only to its month is not "seen" on the 1st.
        "first_seen": g["day"].min(),
        "last_seen": g["day"].max(),
        "n_articles": g.size().astype("int64"),
        "n_sources": g["source"].nunique().astype("int64"),
    })
    out.index.name = "story"
    d = latest_day(articles, until)
    out["n_day"] = 0
    out["sources_day"] = 0
    out["baseline"] = 0.0
    out["corpus_baseline"] = 0.0
    if d is not None:
        on_d = df[df["day"] == d]
        out["n_day"] = on_d.groupby("story").size().reindex(out.index, fill_value=0)
        out["sources_day"] = (on_d.groupby("story")["source"].nunique()
                              .reindex(out.index, fill_value=0))
        lo = d - pd.Timedelta(days=rule.baseline_days)
        before = df[(df["day"] >= lo) & (df["day"] < d)]
        per_story = before.groupby("story").size()
        out["baseline"] = (per_story / rule.baseline_days).reindex(out.index, fill_value=0.0)
        # A typical story's articles per day: over the story-days that had articles.
        story_days = before.groupby(["story", "day"]).size()
        out["corpus_baseline"] = float(story_days.mean()) if len(story_days) else 0.0
    out["growth"] = out["n_day"] - out["baseline"]
    out["breaking"] = ((out["n_day"] >= rule.min_articles)
                       & (out["sources_day"] >= rule.min_sources)
                       & (out["n_day"] >= rule.ratio * out["baseline"])
                       & (out["n_day"] >= rule.ratio * out["corpus_baseline"]))
    top_src = (df.groupby(["story", "source"]).size().rename("n").reset_index()
               .sort_values(["story", "n", "source"], ascending=[True, False, True])
               .groupby("story").head(n_sources).groupby("story")["source"].agg(", ".join))
    out["sources"] = top_src.reindex(out.index, fill_value="")
    out["top_actors"] = ""
    out = out.reset_index()
    out = out.sort_values(["n_articles", "last_seen", "story"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)
    for c in ("n_day", "sources_day"):
        out[c] = out[c].astype("int64")
    out["breaking"] = out["breaking"].astype(bool)
    return out[[c for c in TABLE_COLUMNS]]


def with_top_actors(table: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame,
                    n: int = 3) -> pd.DataFrame:
    """`table` (a few stories) with each story's `n` actors named in most of its articles."""
    if table.empty:
        return table
    key = pd.Series(story_keys(articles), index=articles["article_id"].to_numpy())
    wanted = articles["article_id"][np.isin(key.to_numpy(), table["story"].to_numpy())]
    ms = mentions.loc[mentions["article_id"].isin(wanted), ["article_id", "actor"]]
    ms = ms.astype("str").drop_duplicates()
    ms["story"] = key.reindex(ms["article_id"]).to_numpy()
    counts = (ms.groupby(["story", "actor"]).size().rename("k").reset_index()
              .sort_values(["story", "k", "actor"], ascending=[True, False, True]))
    top = counts.groupby("story").head(n).groupby("story")["actor"].agg(", ".join)
    return table.assign(top_actors=top.reindex(table["story"]).fillna("").to_numpy())


@frame_memo
def breaking(articles: pd.DataFrame, mentions: pd.DataFrame, *, until=None,
             rule: BreakingRule = BreakingRule()) -> pd.DataFrame:
    """The breaking stories of the view (story_table's rows with `breaking`), computed on
    the baseline days only (the Overview asks on every filter change: the whole view's
    story table is not needed), with their sizes over the whole view."""
    d = latest_day(articles, until)
    if d is None:
        return _empty()
    lo = d - pd.Timedelta(days=rule.baseline_days)
    recent = ((articles["date_start"] >= lo) & (articles["date_start"] <= d)).to_numpy()
    table = story_table.uncached(articles.loc[recent], mentions, until=d, rule=rule)
    hot = table[table["breaking"]].reset_index(drop=True)
    if hot.empty:
        return hot.assign(corpus_baseline=table["corpus_baseline"].max() if len(table) else 0.0)
    keys = story_keys(articles)
    sizes = pd.Series(keys).value_counts()
    # The title of the article that started the story, as on the Stories page, when it is
    # in view (it may be older than the baseline days).
    own = pd.Series(articles["title"].to_numpy(), index=articles["article_id"].to_numpy())
    own = own[~own.index.duplicated()].reindex(hot["story"]).to_numpy()
    return hot.assign(n_articles=sizes.reindex(hot["story"]).fillna(0).astype("int64")
                      .to_numpy(),
                      title=np.where(pd.isna(own), hot["title"].to_numpy(), own))


@frame_memo
def listed(articles: pd.DataFrame, mentions: pd.DataFrame, show: str, *, until=None,
           rule: BreakingRule = BreakingRule(), n: int = 20) -> pd.DataFrame:
    """One of the Stories page's lists with top actors: "biggest", "growing" (fastest
    first) or "breaking" (memoised per view: reruns of the page reuse it)."""
    table = story_table(articles, mentions, until=until, rule=rule)
    if show == "growing":
        shown = fastest_growing(table, n)
    elif show == "breaking":
        shown = table[table["breaking"]].reset_index(drop=True)
    else:
        shown = biggest(table, n)
    return with_top_actors(shown, articles, mentions)


def biggest(table: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The `n` stories with most articles (latest first among equals)."""
    return table.head(n).reset_index(drop=True)


def fastest_growing(table: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The `n` stories that gained most articles on the latest day over their baseline."""
    grow = table[table["n_day"] > 0]
    return (grow.sort_values(["growth", "n_day", "story"], ascending=[False, False, True],
                             kind="stable").head(n).reset_index(drop=True))


def story_ids(articles: pd.DataFrame, story: str) -> list[str]:
    """The view's articles of one story, oldest first."""
    mask = story_keys(articles) == story
    sub = articles.loc[mask].sort_values(["date_start", "article_id"], na_position="last")
    return sub["article_id"].tolist()


def story_daily(articles: pd.DataFrame, story: str) -> pd.DataFrame:
    """Articles per day of one story (days without any: 0), for its timeline."""
    mask = (story_keys(articles) == story) & (articles["date_precision"] == "day").to_numpy()
    days = articles.loc[mask, "date_start"].dt.normalize()
    if days.empty:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[us]"),
                             "n_articles": pd.Series(dtype="int64")})
    counts = days.value_counts().sort_index()
    full = pd.date_range(counts.index.min(), counts.index.max(), freq="D")
    counts = counts.reindex(full, fill_value=0)
    return pd.DataFrame({"day": counts.index.astype("datetime64[us]"),
                         "n_articles": counts.to_numpy().astype("int64")})


def for_display(stories: pd.DataFrame) -> pd.DataFrame:
    """A story list as shown: first/last seen as ISO days, and "no exact day" for a story
    whose articles are dated only to a month or a year (a blank cell read as "None")."""
    out = stories.copy()
    for col in ("first_seen", "last_seen"):
        if col in out:
            out[col] = out[col].dt.strftime("%Y-%m-%d").fillna("no exact day")
    return out
