"""Web pages into the store: fetch, extract, and ingest through the normal pipeline.

`ingest_urls` is what `python -m core ingest URL…` runs (and what the dashboard's "Add
articles" page can call): the same `core.ingest.Report` as for files, every URL ending
as added, duplicate or rejected with its reason.

Duplicates by URL: a page is known by its canonical URL (core.web.canonical_url; also the
article's locator and url).  A canonical URL already stored as an article is a duplicate
and is not fetched again.  With `refresh=True` it is fetched again, conditionally (its
ETag / Last-Modified): a 304 or the same text is a duplicate; a changed text is a new
article, which the near-duplicate step (core.dedupe) makes the page's newer version (the
same URL: it takes the older one's place as the representative, both are kept).

The raw HTML of every fetched page is kept, zlib-compressed, in the store's web_pages
table under its canonical URL and tied to its article (Store.raw_pages), so the text
can be extracted again with a better extractor later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core import web
from core.fetch import Fetcher, FetchResult
from core.ingest import AlreadyStored, Engine, Report, ingest
from core.readers import RawRecord, Rejection, country_of
from core.store import Store


def is_transient(reason: str) -> bool:
    """Is a rejection worth another try later: the server or the network failed (a
    timeout, a refused connection, a 5xx, a 429, robots.txt unreadable), not the page
    (a 404, forbidden, too large, no text)?"""
    if not reason.startswith("unreachable: "):
        return False
    rest = reason.removeprefix("unreachable: ")
    return not (rest.startswith("HTTP 4") or rest.startswith("not an http")
                or "redirects" in rest)


def rejection_reason(res: FetchResult) -> str:
    """A failed fetch as a rejection reason of the ingest report ("unreachable: …",
    "forbidden: …", "too large: …", "malformed: …")."""
    err = res.error
    if err.startswith(("too large", "malformed", "unreachable")):
        return err
    if err.startswith("forbidden by robots.txt"):
        return "forbidden: " + err
    return f"unreachable: {err}"


@dataclass
class PageHint:
    """What a feed entry already says about its page (it wins over the page's own)."""

    title: str = ""
    date: str = ""
    author: str = ""


def page_record(store: Store, url: str, res: FetchResult, hint: PageHint | None = None
                ) -> RawRecord | Rejection | AlreadyStored:
    """A fetched page as a record (its raw HTML kept in the store), or why not."""
    locator = web.canonical_url(url)
    if res.error:
        return Rejection(locator, rejection_reason(res))
    if res.not_modified:
        return AlreadyStored(locator)
    if res.content_type and "html" not in res.content_type and "xml" not in res.content_type:
        return Rejection(locator, f"not text: the page is {res.content_type}, not HTML")
    html, note = res.text()
    final = web.canonical_url(res.final_url or url)
    found = web.extract(html, res.final_url or url)
    meta = {"charset_note": note} if note else {}
    if isinstance(found, str):
        store.put_page(locator, res.final_url or url, res.body, etag=res.etag,
                       modified=res.last_modified, meta={**meta, "rejected": found})
        return Rejection(locator, found)
    hint = hint or PageHint()
    meta.update(title=found.title, author=hint.author or found.author,
                date=found.date, sitename=found.sitename, canonical=found.canonical)
    # The page's own canonical URL names it when it is on the same site (a syndicated copy
    # points at another publisher: then it stays the page we fetched).
    own = found.canonical
    if own and web.source_of(own) == web.source_of(final) and own != locator:
        if store.stored_urls([own]):
            return AlreadyStored(locator)
    store.put_page(locator, res.final_url or url, res.body, etag=res.etag,
                   modified=res.last_modified, meta=meta)
    return RawRecord(
        locator=locator,
        source=web.source_of(final),
        text=found.text,
        title=hint.title or found.title,
        date=hint.date or found.date,
        url=locator,
        country=country_of("", final),
    )


def page_records(urls: Iterable[str], store: Store, fetcher: Fetcher, *,
                 refresh: bool = False) -> Iterator[RawRecord | Rejection | AlreadyStored]:
    """Records of the pages at `urls`, fetched one by one as the ingest reads them."""
    seen: set[str] = set()
    for url in urls:
        url = url.strip()
        if not web.is_url(url):
            yield Rejection(url, "unreachable: not an http(s) URL")
            continue
        locator = web.canonical_url(url)
        if locator in seen:
            yield AlreadyStored(locator)  # the same page twice in one list
            continue
        seen.add(locator)
        etag = modified = ""
        if store.stored_urls([locator]):
            if not refresh:
                yield AlreadyStored(locator)
                continue
            etag, modified = store.page_validators(locator)
        # The canonical URL is fetched: tracking parameters are not passed on.
        yield page_record(store, locator, fetcher.get(locator, etag=etag, modified=modified))


def ingest_urls(urls: Iterable[str], store: Store, *, paths: Iterable[str] = (),
                engine: Engine | None = None, fetcher: Fetcher | None = None,
                refresh: bool = False, batch_size: int = 256,
                progress: Callable[[int], None] | None = None) -> Report:
    """Fetch the pages at `urls` (after reading the files under `paths`) and ingest them
    into `store`: the same report as an ingest of files."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        report = ingest(list(paths), store, engine=engine, batch_size=batch_size,
                        progress=progress,
                        records=page_records(urls, store, fetcher, refresh=refresh))
    finally:
        if own:
            fetcher.close()
    store.link_pages()
    return report
