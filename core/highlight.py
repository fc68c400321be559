"""Safe HTML for article text: escape first, then add our own markup.

Article text is untrusted (scraped news can contain `<script>`, `<img onerror>`
…).  Every function here escapes *all* text taken from an article with
html.escape before inserting tags of its own, so the result can be passed to
Streamlit with unsafe_allow_html=True.  The only tags emitted are <span>,
<mark>, <p> and <br>, with attribute values that are escaped too.
"""

from __future__ import annotations

import re

import pandas as pd

SNIPPET_OPEN = "\ue000"  # what core.store.Store.search puts around hits
SNIPPET_CLOSE = "\ue001"

# Colour per actor type (light backgrounds, readable with dark text; colour-blind-safe-ish).
TYPE_COLORS = {
    "person": "#cfe3ff",
    "organisation": "#ffe0b3",
    "place": "#d4f4d2",
    "event": "#fff3a8",
    "other": "#ead7f7",
}


# Streamlit parses Markdown even around raw HTML (unsafe_allow_html): in text bound for
# such HTML, the characters that make links, images, emphasis, code, maths, directives and
# GFM's bare-URL links become numeric character references — shown as the characters
# themselves, never read as syntax.
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
           **{c: f"&#{ord(c)};" for c in "\\`*_[]()~$|!:@#{}"}}
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITY)) + "]|(?i:www)(?=\\.)")


def esc(value: object) -> str:
    """html.escape for anything (None → ""), quotes included (safe inside attributes),
    and Markdown-inert: what Markdown would read as syntax is a character reference."""
    text = "" if value is None else str(value)
    return _ENTITY_RE.sub(lambda m: _ENTITY.get(m.group(0))
                          or m.group(0)[:-1] + f"&#{ord(m.group(0)[-1])};", text)


_AUTOLINK = re.compile(r"(?i)\bwww\.|@(?=[a-z0-9-]+\.[a-z])")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$:])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-])", re.MULTILINE)
_MD_LIST_NUMBER = re.compile(r"^(\s*\d+)\.", re.MULTILINE)


def md(value: object) -> str:
    """Text for a Streamlit Markdown context (button labels, st.markdown without HTML):
    the characters that make Markdown or HTML (emphasis, code, links, tags, tables, maths,
    :colour[...] and :icon: directives, and a heading, quote or list marker opening a
    line) backslash-escaped, so an article's title or an actor's name shows as written."""
    text = "" if value is None else str(value)
    # GFM turns bare URLs and www. names into links even when escaped: a zero-width space
    # after the scheme's colon and after "www" keeps them text (they read the same).
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\u200b" + m.group(0)[-1], text)
    # Streamlit reads :material/…: icons and :emoji: codes before any escape: a zero-width
    # space after each colon keeps them text.
    text = text.replace(":", ":\u200b")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_LIST_NUMBER.sub(lambda m: m.group(1) + "\\.", text)


def snippet_html(snippet: str) -> str:
    """An FTS snippet with hits as <mark>: escape first, then turn the markers into tags.

    Markers cannot be forged by the article: html.escape leaves U+E000/U+E001
    alone, but they are private-use characters that only the store inserts; an
    unbalanced marker is closed at the end so the markup stays well-formed.
    """
    text = esc(snippet or "")
    out, open_ = [], False
    for ch in text:
        if ch == SNIPPET_OPEN and not open_:
            out.append("<mark>")
            open_ = True
        elif ch == SNIPPET_CLOSE and open_:
            out.append("</mark>")
            open_ = False
        elif ch in (SNIPPET_OPEN, SNIPPET_CLOSE):
            continue
        else:
            out.append(ch)
    if open_:
        out.append("</mark>")
    return "".join(out)


def _paragraphs(escaped: str) -> str:
    """Blank lines → paragraphs, single newlines → <br> (on already-escaped text)."""
    parts = [p.strip("\n") for p in escaped.split("\n\n")]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in parts if p.strip())


def usable_spans(text: str, mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions whose offsets fit the text, without overlaps (earliest, then longest wins)."""
    if mentions.empty:
        return mentions
    m = mentions[(mentions["start"] >= 0) & (mentions["end"] <= len(text))
                 & (mentions["end"] > mentions["start"])]
    m = m.assign(_len=m["end"] - m["start"]).sort_values(["start", "_len"],
                                                          ascending=[True, False])
    keep, last_end = [], -1
    for idx, start, end in zip(m.index, m["start"], m["end"]):
        # A span across a line break would straddle the <p>/<br> markup: leave it plain.
        if start >= last_end and "\n" not in text[start:end]:
            keep.append(idx)
            last_end = end
    return m.loc[keep].drop(columns="_len")


def article_html(text: str, mentions: pd.DataFrame, *, types: tuple[str, ...] | None = None) -> str:
    """The article as HTML paragraphs with each entity mention in a coloured <span>.

    `types` limits highlighting to some actor types (None = all).  Each span
    carries class `ent ent-<type>` and a title "actor (type)" for hover.
    """
    text = text or ""
    spans = usable_spans(text, mentions)
    if types is not None and not spans.empty:
        spans = spans[spans["actor_type"].isin(types)]
    pieces, pos = [], 0
    for rec in spans.itertuples(index=False):
        start, end = int(rec.start), int(rec.end)
        pieces.append(esc(text[pos:start]))
        kind = rec.actor_type if rec.actor_type in TYPE_COLORS else "other"
        color = TYPE_COLORS[kind]
        title = esc(f"{rec.actor} ({kind})")
        pieces.append(
            f'<span class="ent ent-{kind}" style="background:{color};border-radius:3px;'
            f'padding:0 2px" title="{title}">{esc(text[start:end])}</span>'
        )
        pos = end
    pieces.append(esc(text[pos:]))
    return _paragraphs("".join(pieces))


def legend_html() -> str:
    return " ".join(
        f'<span style="background:{c};border-radius:3px;padding:0 4px">{esc(t)}</span>'
        for t, c in TYPE_COLORS.items()
    )
