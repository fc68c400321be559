"""Feeds: poll RSS/Atom feeds on their own schedules and ingest their new entries.

A feed is fetched by `core.fetch` (conditional, polite, with timeouts; feedparser's own
fetching has none) and parsed by feedparser from the bytes.  Each entry becomes a record
of the normal ingest pipeline (same report, same rejections):

- an entry carrying its full text (content:encoded, Atom content: at least
  FULL_TEXT_WORDS words) is read from the feed;
- an entry with only a summary gets its page fetched and extracted (core.web_ingest);
  the entry's title, date and author win over the page's.

Per feed, the store keeps its state (ETag, Last-Modified, next due, failures in a row,
last error, last success; `feeds list` shows it); per entry, whether it is done,
rejected for good, or waiting for another try after a transient failure (a timeout, a
5xx, a 429: tried again at later polls, at most MAX_ITEM_TRIES times).

Schedule: a feed that worked is due again after its interval (setting poll_minutes, or
its own); one that failed waits interval x 2^(failures-1), at most max_backoff_minutes,
and never less than the Retry-After its server asked for.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from core import settings, web
from core.fetch import Fetcher, FetchResult
from core.ingest import AlreadyStored, Engine, Report, ingest
from core.readers import RawRecord, Rejection, country_of
from core.store import Store
from core.web_ingest import PageHint, is_transient, page_record

log = logging.getLogger("crisis_monitor.watch")

FULL_TEXT_WORDS = 120  # an entry with fewer words of content is a summary: fetch its page
MAX_ITEM_TRIES = 5


def poll_minutes() -> float:
    return settings.number("poll_minutes", float, lo=0, above=True)


def max_backoff_minutes() -> float:
    return settings.number("max_backoff_minutes", float, lo=0, above=True)


def check_settings() -> None:
    """ValueError now for a bad feed setting (before a watcher starts)."""
    poll_minutes()
    max_backoff_minutes()


@dataclass
class Entry:
    key: str  # the entry's id, else its link
    link: str  # canonical URL of its page ("" if none)
    title: str = ""
    date: str = ""
    author: str = ""
    text: str = ""  # the full text, when the feed carries it
    html: str = ""  # the content's HTML (kept as the entry's raw page)


def parse_feed(body: bytes, content_type: str = "", base: str = "") -> tuple[list[Entry], str]:
    """(entries, problem) of a feed body; problem is "" or why it could not be read."""
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    if base:
        headers["content-location"] = base
    parsed = feedparser.parse(body, response_headers=headers)
    # The loose parser makes entries of anything; one without a link, title or content is
    # debris of broken markup, not an entry.
    usable = [e for e in parsed.entries if e.get("link") or e.get("title")
              or e.get("content") or e.get("summary")]
    if not usable:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            return [], f"malformed: not a readable feed ({type(exc).__name__}: {str(exc)[:100]})"
        if not parsed.get("version"):
            return [], "malformed: not an RSS or Atom feed"
    out: list[Entry] = []
    for e in usable:
        link = e.get("link", "") or ""
        link = web.canonical_url(link) if web.is_url(link) else ""
        html = ""
        for part in e.get("content", []) or []:
            if len(part.get("value", "")) > len(html):
                html = part.get("value", "")
        text = web.fragment_text(html) if html else ""
        if len(text.split()) < FULL_TEXT_WORDS:
            summary = e.get("summary", "") or ""
            alt = web.fragment_text(summary) if summary else ""
            if len(alt.split()) >= FULL_TEXT_WORDS:  # the full text in <description>
                text, html = alt, summary
            else:
                text, html = "", ""
        key = e.get("id") or link or f"{e.get('title', '')}|{e.get('published', '')}"
        out.append(Entry(
            key=str(key)[:2000], link=link, title=(e.get("title") or "").strip(),
            date=(e.get("published") or e.get("updated") or "").strip(),
            author=(e.get("author") or "").strip(), text=text, html=html,
        ))
    return out, ""


@dataclass
class Poll:
    """One feed's poll: what happened, and the entries to ingest."""

    url: str
    ok: bool = False
    not_modified: bool = False
    error: str = ""
    retry_after: float | None = None
    entries: list[Entry] = field(default_factory=list)  # new or due for another try
    known: int = 0  # entries in the feed already done
    items: int = 0  # entries in the feed


def interval_of(feed: dict) -> float:
    """Seconds between two polls of `feed` (its own interval, else poll_minutes)."""
    return 60 * (feed.get("interval_minutes") or poll_minutes())


def backoff_seconds(feed: dict, failures: int, retry_after: float | None) -> float:
    wait = min(interval_of(feed) * 2 ** max(0, failures - 1), 60 * max_backoff_minutes())
    return max(wait, retry_after or 0.0)


def poll_feed(store: Store, feed: dict, fetcher: Fetcher, now: float | None = None) -> Poll:
    """Fetch and parse one feed, update its state row, and return its entries to ingest.
    Never raises for a network, HTTP or feed problem: the Poll and the state say it."""
    now = time.time() if now is None else now
    url = feed["url"]
    res: FetchResult = fetcher.get(url, etag=feed.get("etag", ""),
                                   modified=feed.get("modified", ""), retries=0)
    poll = Poll(url=url, retry_after=res.retry_after)
    if res.not_modified:
        poll.ok = poll.not_modified = True
    elif res.ok:
        entries, problem = parse_feed(res.body, res.content_type, res.final_url)
        if problem:
            poll.error = problem
        else:
            poll.ok = True
            poll.items = len(entries)
            known = store.feed_items(url, [e.key for e in entries])
            stored = store.stored_urls(e.link for e in entries if e.link)
            seen: set[str] = set()
            for e in entries:
                if e.key in known or e.key in seen:
                    poll.known += 1
                    continue
                seen.add(e.key)
                if e.link and e.link in stored:
                    # Stored through another feed or `ingest URL`: done, without a fetch.
                    store.set_feed_items([(url, e.key, e.link, "done", 0, 0, "")])
                    poll.known += 1
                    continue
                poll.entries.append(e)
    else:
        poll.error = res.error
    if poll.ok:
        # Entries that failed for a transient reason at an earlier poll, due again now.
        for key, link, _tries in store.pending_items(url, now):
            if all(e.key != key for e in poll.entries):
                poll.entries.append(Entry(key=key, link=link))
        store.update_feed(
            url, etag=res.etag or feed.get("etag", ""),
            modified=res.last_modified or feed.get("modified", ""),
            next_due=now + interval_of(feed), failures=0, last_error="", last_checked=now,
            last_ok=now, **({"items": poll.items} if not poll.not_modified else {}),
            **({"last_new": now} if poll.entries else {}))
    else:
        failures = int(feed.get("failures", 0)) + 1
        wait = backoff_seconds(feed, failures, res.retry_after)
        store.update_feed(url, failures=failures, last_error=poll.error[:500],
                          last_checked=now, next_due=now + wait)
        log.warning("feed %s failed (%d in a row): %s; next poll in %s", url, failures,
                    poll.error, _human(wait))
    return poll


def _human(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def entry_locator(feed_url: str, e: Entry) -> str:
    return e.link or f"{feed_url}#{e.key}"


def entry_records(store: Store, fetcher: Fetcher, polls: list[Poll]
                  ) -> Iterator[RawRecord | Rejection | AlreadyStored]:
    """The records of the polls' entries, pages fetched as the ingest reads them."""
    done: set[str] = set()
    for poll in polls:
        for e in poll.entries:
            locator = entry_locator(poll.url, e)
            if locator in done:
                yield AlreadyStored(locator)
                continue
            done.add(locator)
            if e.text:
                store.put_page(locator, e.link or poll.url, e.html.encode("utf-8"),
                               meta={"from_feed": poll.url, "author": e.author,
                                     "title": e.title, "date": e.date})
                yield RawRecord(locator=locator, source=web.source_of(e.link or poll.url),
                                text=e.text, title=e.title, date=e.date, url=e.link,
                                country=country_of("", e.link or poll.url))
            elif not e.link:
                yield Rejection(locator, "no body: the feed entry has neither its text nor "
                                         "a link to its page")
            elif store.stored_urls([e.link]):
                yield AlreadyStored(locator)
            else:
                hint = PageHint(title=e.title, date=e.date, author=e.author)
                yield page_record(store, e.link, fetcher.get(e.link), hint)


@dataclass
class FeedRun:
    polled: int = 0
    failed: int = 0
    not_modified: int = 0
    report: Report | None = None  # None when nothing new was ingested


def run_feeds(store: Store, fetcher: Fetcher, engine: Engine, *, now: float | None = None,
              batch_size: int = 256) -> FeedRun:
    """Poll every feed that is due and ingest what is new, in one ingest run.  `now`: the
    time the round takes as the present (tests move it forward), else the clock's."""
    clock = time.time if now is None else (lambda: now)
    now = clock()
    feeds = store.feeds()
    due = [f for f in feeds.to_dict("records") if f["next_due"] <= now]
    out = FeedRun()
    polls: list[Poll] = []
    # Politeness without idling: take next the feed whose host can be asked soonest.
    while due:
        due.sort(key=lambda f: fetcher.wait_for(f["url"]))
        feed = due.pop(0)
        try:
            poll = poll_feed(store, feed, fetcher, now=clock())
        except Exception as exc:  # noqa: BLE001 - one feed must never stop the others
            log.exception("feed %s: unexpected failure", feed["url"])
            store.update_feed(feed["url"], failures=int(feed["failures"]) + 1,
                              last_error=f"internal error: {type(exc).__name__}: {exc}"[:500],
                              last_checked=clock(),
                              next_due=clock() + backoff_seconds(feed, 1, None))
            out.failed += 1
            continue
        out.polled += 1
        out.failed += not poll.ok
        out.not_modified += poll.not_modified
        if poll.entries:
            polls.append(poll)
    if not polls:
        return out
    report = ingest([], store, engine=engine, batch_size=batch_size,
                    records=entry_records(store, fetcher, polls))
    store.link_pages()
    out.report = report
    rejected = {r.locator: r.reason for r in report.rejections}
    tries_of: dict[tuple[str, str], int] = {}
    for poll in polls:
        pending = store.feed_items(poll.url, [e.key for e in poll.entries])
        for e in poll.entries:
            tries_of[(poll.url, e.key)] = pending.get(e.key, ("", 0))[1]
    rows = []
    for poll in polls:
        for e in poll.entries:
            locator = entry_locator(poll.url, e)
            reason = rejected.get(locator, "")
            tries = tries_of[(poll.url, e.key)] + 1
            if not reason:
                rows.append((poll.url, e.key, e.link, "done", tries, 0, ""))
            elif is_transient(reason) and tries < MAX_ITEM_TRIES:
                wait = min(60 * 2 ** tries, 60 * max_backoff_minutes())
                rows.append((poll.url, e.key, e.link, "retry", tries, clock() + wait,
                             reason))
                log.warning("entry %s of %s: %s; tried again in %s", locator, poll.url,
                            reason, _human(wait))
            else:
                rows.append((poll.url, e.key, e.link, "rejected", tries, 0, reason))
                log.warning("entry %s of %s rejected: %s", locator, poll.url, reason)
    store.set_feed_items(rows)
    return out
