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


# -- search hits in the article, and the palette (issue 15) -----------------------------------
def _patterns(query: str):
    from core import search_terms

    return search_terms.plan(query).patterns


@pytest.mark.parametrize(
    ("query", "text", "marked"),
    [
        ("aussenminister", "Der US-Außenminister und die AUSSENMINISTER", ["Außenminister",
                                                                            "AUSSENMINISTER"]),
        ("Außenminister", "Aussenministerin Baerbock", []),  # a whole word, not a prefix
        ("Außenminister*", "Aussenministerin Baerbock", ["Aussenministerin"]),
        ("Muenchen", "in München, Muenchen und Munchen", ["München", "Muenchen", "Munchen"]),
        ("Orban", "Viktor Orbán sagte", ["Orbán"]),
        ('"Olaf Scholz"', "Olaf traf Scholz; Olaf\nScholz", ["Olaf", "Scholz"]),
        ("NATO-Truppen", "die NATO-Truppen der Nato", ["NATO", "Truppen"]),
        ("Putin NOT Biden", "Putin, Putins", ["Putin"]),
    ],
)
def test_search_hits_are_marked_as_the_index_matched_them(query, text, marked):
    spans = highlight.term_spans(text, _patterns(query))
    assert [text[s:e] for s, e in spans] == marked


def test_search_marks_are_escaped_nested_in_entities_and_stay_in_their_paragraph():
    text = "Putin <b>Lawrow</b>\n\nSergej Lawrows Reise"
    i = text.index("Sergej")
    m = _mentions([("Sergej Lawrow", "person", i, i + len("Sergej Lawrows"))])
    out = highlight.article_html(text, m, terms=_patterns('Lawrow* OR "<b>"'))
    assert "<b>" not in out and "</b>" not in out
    assert out.count('<mark class="cm-term"') == 4  # b, Lawrow, b, Lawrows
    assert '&lt;/<mark class="cm-term"' in out and '>Lawrow</mark>&lt;/' in out
    # Inside the entity's span, its colour kept around the hit.
    assert 'title="Sergej Lawrow &#40;person&#41;">Sergej <mark class="cm-term"' in out
    assert all(p.count("<mark") == p.count("</mark>") for p in out.split("<p>"))
    assert highlight.article_html(text, m) == highlight.article_html(text, m, terms=())


def test_every_highlight_colour_pair_has_text_contrast_of_at_least_4_5():
    """WCAG AA for text on every highlight, in both themes: the text colour is fixed, not
    the theme's (dark mode's white text on the pastels was about 1.3:1)."""
    pairs = highlight.palette_pairs()
    assert set(pairs) == {f"entity {t}" for t in highlight.TYPE_COLORS} | {"search hit"}
    for name, (fg, bg) in pairs.items():
        assert highlight.contrast(fg, bg) >= 4.5, name
    # What the dark theme did before: its white text on the entity colours.
    assert all(highlight.contrast("#fafafa", bg) < 1.5 for bg in highlight.TYPE_COLORS.values())
    assert highlight.contrast("#000000", "#ffffff") == pytest.approx(21)


def test_every_highlight_drawn_names_its_text_colour():
    text = "Putin traf Scholz in Berlin."
    m = _mentions([("Wladimir Putin", "person", 0, 5), ("Berlin", "place", 21, 27),
                   ("X", "event", 11, 17)])
    import re

    html = highlight.article_html(text, m, terms=_patterns("Putin Berlin traf")) + \
        highlight.legend_html(terms=True)
    styles = re.findall(r'style="([^"]*)"', html)
    assert len(styles) >= 3 + 3 + 6
    for style in styles:
        decl = dict(part.split(":", 1) for part in style.split(";") if part)
        assert highlight.contrast(decl["color"], decl["background"]) >= 4.5, style
