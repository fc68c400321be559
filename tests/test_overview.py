"""core.overview on the real seeds: headline numbers and the articles behind a topic bar."""

from __future__ import annotations

from core import overview
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def test_summary_is_honest_about_dates(seed_corpus):  # noqa: F811
    s = overview.summary(seed_corpus.articles, seed_corpus.mentions)
    assert s["n_articles"] == 5
    assert str(s["first_date"]) == "2021-12-28"
    # Two month-only seeds dated 2022-02 stretch the span to the month's end, not the 1st.
    assert str(s["last_date"]) == "2022-02-28"
    assert s["precision"]["month"] == 3 and s["precision"]["day"] == 2


def test_topic_bar_and_its_articles_agree(seed_corpus):  # noqa: F811
    table = overview.topic_table(seed_corpus.topics, 5)
    assert not table.empty
    for rec in table.itertuples(index=False):
        ids = overview.topic_article_ids(seed_corpus.topics, rec.topic)
        assert len(ids) == rec.n_articles
    assert overview.topic_article_ids(seed_corpus.topics, "no-such-topic") == []


def test_topic_table_labels(seed_corpus):  # noqa: F811
    table = overview.topic_table(seed_corpus.topics, 5, (("diplomacy", "Diplomacy & talks"),))
    labels = dict(zip(table["topic"], table["label"], strict=True))
    assert labels["diplomacy"] == "Diplomacy & talks"
    assert labels["military"] == "military"  # no label given: the id


def test_sections_and_crisis_coverage_of_the_seeds(seed_corpus):  # noqa: F811
    ov = overview
    arts = seed_corpus.articles
    table = ov.section_table(arts, (("international", "International"),))
    assert table[["section", "n_articles", "label"]].values.tolist() == [
        ["international", 5, "International"]]
    assert table["share_of_articles"].tolist() == [1.0]
    assert ov.section_article_ids(arts, "international") == sorted(arts["article_id"])
    assert ov.section_article_ids(arts, "sports") == []
    cov = ov.crisis_coverage(arts, 4.0)
    assert cov == {"n_about": 5, "share": 1.0}
    assert ov.crisis_coverage(arts, float(arts["crisis"].max()) + 1)["n_about"] == 0
    assert ov.crisis_coverage(arts.iloc[:0], 4.0) == {"n_about": 0, "share": 0.0}
