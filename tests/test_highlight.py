"""core.highlight: everything from an article is escaped; our markup only."""

from __future__ import annotations

import pandas as pd
import pytest

from core import highlight, schema
from core.store import Store
from tests.dashboard_fixtures import XSS_MARKERS, xss_db  # noqa: F401


def _mentions(rows):
    df = pd.DataFrame(rows, columns=["actor", "actor_type", "start", "end"])
    return schema.conform(df.assign(article_id="x", label="PER", surface=""), "mentions")


def test_snippet_markers_become_mark_after_escaping():
    s = "a \ue000Putin\ue001 <b>bold</b> \ue000Lawrow"
    out = highlight.snippet_html(s)
    assert out == "a <mark>Putin</mark> &lt;b&gt;bold&lt;/b&gt; <mark>Lawrow</mark>"
    assert highlight.snippet_html("") == ""
    assert highlight.snippet_html("x\ue001y") == "xy"  # stray close marker dropped


def test_article_html_escapes_and_highlights_by_type():
    text = "Putin <script>alert(1)</script> traf Scholz\n\nin Berlin."
    i, j = text.index("Scholz"), text.index("Berlin")
    m = _mentions([("Wladimir Putin", "person", 0, 5), ("Olaf Scholz", "person", i, i + 6),
                   ("Berlin", "place", j, j + 6)])
    out = highlight.article_html(text, m)
    assert "<script>" not in out and "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in out
    assert 'class="ent ent-person"' in out and ">Putin</span>" in out
    assert ">Scholz</span>" in out and 'class="ent ent-place"' in out
    assert out.count("<p>") == 2
    only_places = highlight.article_html(text, m, types=("place",))
    assert "ent-person" not in only_places and "ent-place" in only_places


def test_overlapping_and_out_of_range_spans_are_dropped():
    text = "Wladimir Putin"
    m = _mentions([("Wladimir Putin", "person", 0, 14), ("Putin", "person", 9, 14),
                   ("Bad", "other", 10, 99)])
    out = highlight.article_html(text, m)
    assert out.count("<span") == 1


def test_attribute_values_are_escaped():
    m = _mentions([('"><img src=x onerror=alert(1)>', "person", 0, 1)])
    out = highlight.article_html("X", m)
    assert "<img" not in out and "&quot;&gt;&lt;img" in out


def test_real_ingested_xss_article_is_inert(xss_db):  # noqa: F811
    with Store(xss_db, readonly=True) as s:
        arts = s.articles(with_text=True)
        row = arts[arts["text"].str.contains("onerror", regex=False)].iloc[0]
        mentions = s.mentions(ids=[row["article_id"]])
        hits, _ = s.search("onerror OR alert", limit=5)
    out = highlight.article_html(row["text"], mentions)
    for marker in XSS_MARKERS:
        assert marker not in out
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in out
    assert "<span" in out  # its actors are still highlighted
    for snip in hits["snippet"]:
        html = highlight.snippet_html(snip)
        assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("W. Putin (3)", "W. Putin (3)"),
        ("**bold**", r"\*\*bold\*\*"),
        ("[x](http://e.vil)", "\\[x\\](http\\:\u200b//e.vil)"),
        (":red[alarm] :material/home:",
         "\\:\u200bred\\[alarm\\] \\:\u200bmaterial/home\\:\u200b"),
        ("see www.e.vil or a@e.vil", "see www\u200b.e.vil or a\u200b@e.vil"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("# Headline", r"\# Headline"),
        ("1. FC Köln", r"1\. FC Köln"),
    ],
)
def test_md_escapes_markdown(text, shown):
    """Backslash escapes; a zero-width space after colons (icons, emoji codes, URL schemes)
    and in www. names and e-mail addresses, which Streamlit's Markdown reads before escapes."""
    from core.highlight import md

    assert md(text) == shown


@pytest.mark.parametrize("text", ["[x](https://e.vil) $x^2$ :material/home: www.e.vil a@e.vil",
                                  "it's \"quoted\" & <b>bold</b> # 1", ""])
def test_esc_is_html_and_markdown_inert_and_reversible(text):
    import html

    out = highlight.esc(text)
    assert html.unescape(out) == text  # the reader sees exactly the text
    for ch in "<>\"'[]()$:*_`~|!@#":
        assert ch not in out.replace("&#", "").replace(";", "") or ch not in text
