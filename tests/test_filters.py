"""Filters on the real seed corpus: date-interval overlap, actors any/all, parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from core import filters as flt
from core.ingest import ingest
from core.store import Store
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("f") / "seeds.db"
    with Store(path) as st:
        ingest([str(ROOT / "seeds")], st)
        return flt.Corpus(st.articles(), st.mentions(), st.topics())


def _prefixes(corpus, f):
    sub = flt.apply(corpus, f)
    return {s[:3] for s in sub.articles["source"]}


D = dt.date


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (flt.Filters(), {"000", "001", "002", "003", "004"}),
        # Month-precision articles overlap any range inside their month, day ones only their day.
        (flt.Filters(since=D(2022, 2, 2)), {"000", "004"}),
        (flt.Filters(since=D(2022, 2, 1), until=D(2022, 2, 1)), {"000", "002", "004"}),
        (flt.Filters(until=D(2022, 1, 1)), {"001", "003"}),
        (flt.Filters(since=D(2021, 12, 29), until=D(2021, 12, 31)), set()),
        (flt.Filters(actors=("John Kirby",)), {"002"}),
        (flt.Filters(actors=("Olaf Scholz", "John Kirby")), {"000", "002", "004"}),
        (flt.Filters(actors=("Olaf Scholz", "Annalena Baerbock"), actor_mode="all"), {"004"}),
        (flt.Filters(languages=("en",)), set()),
        (flt.Filters(topics=("diplomacy",)), {"000", "001", "002", "003", "004"}),
    ],
)
def test_apply(corpus, filters, expected):
    assert _prefixes(corpus, filters) == expected


def test_apply_keeps_frames_consistent(corpus):
    sub = flt.apply(corpus, flt.Filters(actors=("John Kirby",)))
    ids = set(sub.articles["article_id"])
    assert set(sub.mentions["article_id"]) == ids and set(sub.topics["article_id"]) <= ids


def test_unknown_dates_drop_out_once_a_bound_is_set(corpus):
    arts = corpus.articles.copy()
    arts.loc[0, ["date_start", "date_end"]] = None
    arts.loc[0, "date_precision"] = "unknown"
    c = flt.Corpus(arts, corpus.mentions, corpus.topics)
    kept = flt.matching_ids(arts, c.mentions, c.topics, flt.Filters(since=D(2000, 1, 1)))
    assert arts.loc[0, "article_id"] not in kept and len(kept) == 4


@pytest.mark.parametrize(
    ("value", "since", "until"),
    [
        ("2022-02-14", D(2022, 2, 14), D(2022, 2, 14)),
        ("2022-02", D(2022, 2, 1), D(2022, 2, 28)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2022", D(2022, 1, 1), D(2022, 12, 31)),
    ],
)
def test_parse_dates(value, since, until):
    assert flt.parse_date(value) == since and flt.parse_until(value) == until


@pytest.mark.parametrize("value", ["Feb", "2022-13", "14.02.2022", "2022-02-30"])
def test_bad_dates_raise_a_clear_error(value):
    with pytest.raises(ValueError, match="is not a date"):
        flt.parse_date(value, name="--since")


def test_memoised_aggregates_follow_the_frames(corpus):
    """frame_memo: same frames → same result object; another frame → computed afresh."""
    from core import actor_stats

    view = flt.apply(corpus, flt.Filters(languages=("de",)))
    a = actor_stats.top_actors(view.mentions, limit=5)
    assert actor_stats.top_actors(view.mentions, limit=5) is a
    assert actor_stats.top_actors(view.mentions, limit=3) is not a
    other = view.mentions.iloc[: len(view.mentions) // 2]
    assert actor_stats.top_actors(other, limit=5).equals(
        actor_stats.top_actors.uncached(other, limit=5))
    # positions() of a filtered view were derived from its parent's: they must be exact.
    pos = flt.positions(view.articles, view.mentions)
    assert (view.articles["article_id"].to_numpy()[pos]
            == view.mentions["article_id"].to_numpy()).all()


def test_section_crisis_and_collection(corpus):
    arts = corpus.articles
    # The five seeds are Russia–Ukraine diplomacy: international, and about the crisis.
    assert set(arts["section"]) == {"international"}
    assert (arts["crisis"] >= 4.0).all()
    assert _prefixes(corpus, flt.Filters(sections=("international",))) == {
        "000", "001", "002", "003", "004"}
    assert _prefixes(corpus, flt.Filters(sections=("sports",))) == set()
    assert len(flt.apply(corpus, flt.Filters(crisis_min=4.0)).articles) == 5
    top = float(arts["crisis"].max())
    assert len(flt.apply(corpus, flt.Filters(crisis_min=top + 1)).articles) == 0
    picky = flt.Filters(actors=("John Kirby",), sections=("international",), crisis_min=4.0,
                        since=D(2022, 1, 1), languages=("de",), article_ids=("x",))
    assert picky.collection() == flt.Filters(since=D(2022, 1, 1), languages=("de",))
    # Seeds are files without a country: an outlet-country filter keeps none of them.
    assert len(flt.apply(corpus, flt.Filters(countries=("DE",))).articles) == 0
    assert flt.Filters(countries=("GB",), actors=("x",)).collection() == flt.Filters(
        countries=("GB",))
    assert picky.describe()["sections"] == ["international"]
    assert picky.describe()["crisis_min"] == 4.0
