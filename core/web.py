"""Web pages: canonical URLs, and the article (text, title, date, author) of a page.

Extraction is trafilatura's (main text without navigation, teasers and footers) with
htmldate for the publication date, looked up only in the page's metadata and markup
(`extensive_search=False`: no guessing from dates that merely appear on the page).  The
date goes into the record as metadata and then through the same honest-date rules as a
file's (core.dates: its own precision, none in the future).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived (campaigns, click ids, referrers):
# a URL differing only in them is the same page.
_TRACKING_PREFIXES = ("utm_", "ns_", "at_", "wt_", "pk_", "mtm_", "hsa_", "_hs", "itm_")
_TRACKING = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "icid", "ocid", "cmpid", "xtor", "ref_src", "ref_url",
    "s_cid", "sara_ecid", "spm", "ito", "dicbo", "wt_mc", "wt_zmc", "ref", "smid",
    "ga_source", "ga_medium", "ga_campaign",
}  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}
# trafilatura falls back to whatever text a page has; fewer words than this are a page's
# furniture (a menu, a cookie notice), not an article (the shortest news flashes have ~25).
MIN_WORDS = 15


def is_url(value: str) -> bool:
    """Is `value` an http(s) URL (what `ingest` fetches instead of reading a file)?"""
    return re.match(r"https?://[^\s/]+", value.strip(), re.I) is not None


def canonical_url(url: str) -> str:
    """The URL a page is known by: scheme and host in lower case, no default port, no
    fragment, no tracking parameters, the remaining parameters sorted, "/" for an empty
    path.  Two URLs with the same canonical form are the same page."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(sorted(query)), ""))


def source_of(url: str) -> str:
    """The publisher shown for a page: its host without "www." (tagesschau.de)."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@dataclass
class Extracted:
    title: str
    text: str  # paragraphs separated by blank lines
    date: str  # as the page states it ("" when it does not)
    author: str
    canonical: str  # the page's own <link rel=canonical>, canonicalised ("" if none)
    sitename: str


def extract(html: str, url: str) -> Extracted | str:
    """The article of a page, or why there is none ("no body: …", "malformed: …")."""
    import trafilatura

    if not html.strip():
        return "empty: the page has no content"
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            include_tables=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - a parser crash on one page is that page's
        return f"malformed: the page could not be parsed ({type(exc).__name__})"
    if doc is None or not (doc.text or "").strip():
        return "no body: no article text found on the page (navigation or a teaser only?)"
    text = "\n\n".join(line.strip() for line in doc.text.splitlines() if line.strip())
    n = len(text.split())
    if n < MIN_WORDS:
        return (f"no body: only {n} word(s) of text on the page (navigation or a teaser "
                "only?)")
    own = doc.url if doc.url and is_url(doc.url) else ""
    return Extracted(
        title=(doc.title or "").strip(),
        text=text,
        date=page_date(html),
        author=(doc.author or "").strip(),
        canonical=canonical_url(own) if own else "",
        sitename=(doc.sitename or "").strip(),
    )


def page_date(html: str) -> str:
    """The publication date a page's metadata and markup state, "" if none (htmldate,
    original date, no extensive search: a date merely mentioned in the text is not it)."""
    import htmldate

    try:
        found = htmldate.find_date(html, extensive_search=False, original_date=True,
                                   outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - no date is an honest answer
        return ""
    return found or ""


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
           "section", "article", "figcaption", "dd", "dt")


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), a blank line between
    blocks; scripts and styles left out."""
    import lxml.html

    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - unparseable markup: its tags stripped crudely
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
        el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    paras = (re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paras if p)
