"""HTTP fetching of feeds and pages, politely and with every failure named.

feedparser and trafilatura can fetch by themselves, but without timeouts, size limits
or politeness; everything goes through `Fetcher.get` instead:

- a descriptive User-Agent (setting user_agent);
- one request at a time per host, and at least `host_interval` seconds between two;
- a timeout for the whole fetch (setting fetch_timeout), also against a server that
  trickles its answer byte by byte;
- conditional requests (ETag / Last-Modified) answered by 304;
- retries after timeouts, 5xx and 429 with exponential backoff, honouring Retry-After
  (a wait longer than max_retry_wait is left to the caller: the watcher polls later);
- a cap on the body (setting max_body_mb), checked while reading, after decompression;
- redirects followed hop by hop (each hop polite and checked against robots.txt);
- robots.txt read once per site and day (urllib.robotparser; RFC 9309: a missing one
  allows everything, an unreachable one forbids everything until it can be read).

A fetch never raises for a network or HTTP problem: the result's `error` says what went
wrong, in one line, for the report and the log.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from core import settings

MAX_REDIRECTS = 5
ROBOTS_TTL = 24 * 3600  # seconds a site's robots.txt is trusted
ROBOTS_RETRY = 600  # seconds before an unreachable robots.txt is asked for again
RETRYABLE = {429, 500, 502, 503, 504}


class Settings:
    """The fetch settings, read (and checked) once: a bad value is a ValueError naming it."""

    def __init__(self) -> None:
        self.user_agent = settings.get("user_agent").strip() or settings.SETTINGS[
            "user_agent"].default
        self.timeout = settings.number("fetch_timeout", float, lo=0, above=True)
        self.host_interval = settings.number("host_interval", float, lo=0)
        self.max_bytes = int(settings.number("max_body_mb", float, lo=0, above=True) * 2**20)
        self.retries = settings.number("fetch_retries", int, lo=0, hi=10)
        self.max_retry_wait = settings.number("max_retry_wait", float, lo=0)


@dataclass
class FetchResult:
    url: str  # the URL asked for
    final_url: str = ""  # after redirects
    status: int = 0  # the HTTP status of the last answer; 0 when none came
    body: bytes = b""
    content_type: str = ""  # media type, lower case, without parameters
    charset: str = ""  # declared in the Content-Type header, if any
    etag: str = ""
    last_modified: str = ""
    error: str = ""  # "" when the fetch worked (200 or 304); else why not, in one line
    retry_after: float | None = None  # seconds the server asked us to wait, if it did
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and self.status == 200

    @property
    def not_modified(self) -> bool:
        return not self.error and self.status == 304

    def text(self) -> tuple[str, str]:
        """The body decoded: (text, note); see `decode`."""
        return decode(self.body, self.charset)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(body: bytes, declared: str = "") -> tuple[str, str]:
    """(text, note) of an HTML body: the charset the header or a <meta> declares when the
    bytes really are in it; else a detected one, and the note says so (a page declared
    UTF-8 but written in Latin-1 is read as Latin-1, not with replacement characters)."""
    candidates = []
    if declared:
        candidates.append(declared)
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "replace"))
    if body.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    for name in candidates:
        try:
            return body.decode(name), ""
        except (LookupError, UnicodeDecodeError):
            continue
    if not candidates:
        try:
            return body.decode("utf-8"), ""
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    guess = best.encoding if best is not None else "cp1252"
    said = f"declared {candidates[0]}" if candidates else "no charset declared"
    return body.decode(guess, errors="replace"), f"{said} but the bytes are {guess}"


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


class Fetcher:
    """One HTTP client with its politeness state; thread-safe.  Close it (or use `with`)."""

    def __init__(self, conf: Settings | None = None, *, backoff_base: float = 1.0) -> None:
        self.conf = conf or Settings()
        self.backoff_base = backoff_base  # first retry's wait; doubles with each retry
        self.client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.conf.timeout),
            headers={"User-Agent": self.conf.user_agent},
        )
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}  # host -> monotonic time its last request ended
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None, str]] = {}
        self.requests = 0  # requests made (robots.txt included), for tests and the log

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- politeness ----------------------------------------------------------------------
    def wait_for(self, url: str) -> float:
        """Seconds until a request to `url`'s host is allowed (0: now)."""
        last = self._last.get(_host(url))
        if last is None:
            return 0.0
        return max(0.0, last + self.conf.host_interval - time.monotonic())

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _request(self, url: str, headers: dict[str, str]) -> FetchResult:
        """One request, politely: alone on its host and after the host's interval."""
        host = _host(url)
        with self._lock(host):
            pause = self.wait_for(url)
            if pause:
                time.sleep(pause)
            try:
                return self._exchange(url, headers)
            finally:
                self._last[host] = time.monotonic()

    def _exchange(self, url: str, headers: dict[str, str]) -> FetchResult:
        res = FetchResult(url=url, final_url=url)
        deadline = time.monotonic() + self.conf.timeout
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                res.status = resp.status_code
                ctype = resp.headers.get("content-type", "")
                res.content_type = ctype.split(";")[0].strip().lower()
                m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", ctype, re.I)
                res.charset = m.group(1) if m else ""
                res.etag = resp.headers.get("etag", "")
                res.last_modified = resp.headers.get("last-modified", "")
                res.retry_after = retry_after_seconds(resp.headers.get("retry-after"))
                if resp.is_redirect:
                    res.final_url = urljoin(url, resp.headers.get("location", ""))
                    return res
                if res.status != 200:
                    return res
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.conf.max_bytes:
                    res.error = self._too_large(f"{int(declared):,} bytes announced")
                    return res
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.conf.max_bytes:
                        res.error = self._too_large("more arrived")
                        return res
                    if time.monotonic() > deadline:
                        res.error = (f"timeout: the answer took longer than "
                                     f"{self.conf.timeout:g} s (setting fetch_timeout)")
                        return res
                    chunks.append(chunk)
                res.body = b"".join(chunks)
        except httpx.TimeoutException:
            res.error = (f"timeout: no answer within {self.conf.timeout:g} s (setting "
                         "fetch_timeout)")
        except httpx.DecodingError as exc:
            res.error = f"malformed: the body could not be decompressed ({exc})"
        except (httpx.HTTPError, OSError) as exc:
            res.error = f"unreachable: {type(exc).__name__}: {str(exc)[:120] or 'no detail'}"
        return res

    def _too_large(self, detail: str) -> str:
        mb = self.conf.max_bytes / 2**20
        return f"too large: the body is over {mb:g} MB ({detail}; setting max_body_mb)"

    # -- robots.txt ----------------------------------------------------------------------
    def allowed(self, url: str) -> tuple[bool, str]:
        """May we fetch `url` by its site's robots.txt?  (yes/no, why not)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        with self._lock("robots " + origin):
            cached = self._robots.get(origin)
            if cached is None or cached[0] < now:
                cached = self._read_robots(origin, now)
                self._robots[origin] = cached
        _, parser, problem = cached
        if parser is None:
            return False, problem
        agent = self.conf.user_agent.split("/")[0].split()[0]
        if parser.can_fetch(agent, url):
            return True, ""
        return False, f"forbidden by robots.txt: {origin}/robots.txt disallows {parts.path or '/'}"

    def _read_robots(self, origin: str, now: float):
        url = origin + "/robots.txt"
        res = FetchResult(url=url)
        for _ in range(MAX_REDIRECTS + 1):
            res = self._request(url, {})
            if res.error or res.status not in (301, 302, 303, 307, 308):
                break
            url = res.final_url
        parser = urllib.robotparser.RobotFileParser(url)
        if res.error or res.status >= 500 or res.status == 429:
            # RFC 9309 2.3.1.4: an unreachable robots.txt means: assume everything is
            # disallowed, and ask again later.
            why = res.error or f"HTTP {res.status}"
            return (now + ROBOTS_RETRY, None,
                    f"robots.txt unreachable ({why}): the site is not fetched until it can "
                    "be read")
        if res.status != 200:
            parser.parse([])  # 4xx: no rules, everything allowed (RFC 9309 2.3.1.3)
        else:
            text, _ = decode(res.body, res.charset or "utf-8")
            parser.parse(text.splitlines())
        return now + ROBOTS_TTL, parser, ""

    # -- the fetch -----------------------------------------------------------------------
    def get(self, url: str, *, etag: str = "", modified: str = "", retries: int | None = None,
            robots: bool = True) -> FetchResult:
        """GET `url`: the final answer (200 with its body, 304, or an error that says why).

        `etag`/`modified` make it conditional (a 304 means: unchanged since).  `retries`
        (default: setting fetch_retries) after timeouts, unreachable hosts, 5xx and 429."""
        retries = self.conf.retries if retries is None else retries
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        attempt = 0
        while True:
            res = self._follow(url, headers, robots)
            transient = (res.status in RETRYABLE or res.error.startswith(("timeout",
                                                                         "unreachable")))
            if not transient or res.error.startswith("robots.txt"):
                return self._finish(res)
            wait = res.retry_after if res.retry_after is not None else (
                self.backoff_base * 2**attempt)
            if attempt >= retries or wait > self.conf.max_retry_wait:
                return self._finish(res)
            time.sleep(wait)
            attempt += 1

    def _follow(self, url: str, headers: dict[str, str], robots: bool) -> FetchResult:
        hops: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                return FetchResult(url=url, final_url=url, redirects=hops,
                                   error=f"unreachable: not an http(s) URL: {url[:120]}")
            if robots:
                ok, why = self.allowed(url)
                if not ok:
                    return FetchResult(url=url, final_url=url, error=why, redirects=hops)
            res = self._request(url, headers)
            if res.error or res.status not in (301, 302, 303, 307, 308):
                res.redirects = hops
                return res
            hops.append(url)
            url = res.final_url
        return FetchResult(url=url, final_url=url, redirects=hops,
                           error=f"unreachable: more than {MAX_REDIRECTS} redirects")

    @staticmethod
    def _finish(res: FetchResult) -> FetchResult:
        if res.redirects:
            res.url = res.redirects[0]
        if not res.error and res.status not in (200, 304):
            if res.status == 429:
                after = (f"; it asks to wait {res.retry_after:g} s"
                         if res.retry_after is not None else "")
                res.error = f"rate limited: HTTP 429 Too Many Requests{after}"
            else:
                try:
                    from http import HTTPStatus

                    phrase = HTTPStatus(res.status).phrase
                except ValueError:
                    phrase = ""
                res.error = f"HTTP {res.status} {phrase}".rstrip()
        return res
