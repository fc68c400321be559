"""Ingest: files → normalised articles → mentions, actors, topics → store.

Streaming and batched, so memory stays bounded whatever the corpus size:
records are read lazily, normalised, de-duplicated against the store, then
each batch goes through spaCy in one `nlp.pipe` call and is written in one
transaction.  Every input ends up in exactly one bucket of the report:
added, duplicate or rejected (seen = added + duplicates + rejected).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import actors as actors_mod
from core import boilerplate, dates, dedupe, language, nlp, schema, settings, story_assign
from core.readers import RawRecord, Rejection, read_paths
from core.scoring import Scorer
from core.store import Store
from core.titles import extract_title

_WS = re.compile(r"\s+")


def article_id(text: str) -> str:
    """Stable id from the normalised text: same words, same id, whatever the file or spacing."""
    norm = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Normalised:
    row: dict
    locator: str
    raw_lang: str = ""
    truncated: bool = False  # the text was cut at max_article_chars for analysis
    date_note: str = ""  # why a date the record gave was not used (future, …)


def max_article_chars() -> int:
    """The longest text analysed (setting max_article_chars); ValueError names a bad value."""
    return settings.number("max_article_chars", int, lo=1000)


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at the last paragraph (else line, else
    word) break before the limit."""
    head = text[:limit]
    for sep in ("\n\n", "\n", " "):
        at = head.rfind(sep)
        if at > limit // 2:
            return head[:at].rstrip()
    return head


def _visible(text: str) -> bool:
    """Does `text` hold anything a reader can see (not only spaces, no-break spaces,
    direction marks and other format characters)?"""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs", "Cc")
               for ch in text)


def normalise(raw: RawRecord, rules=None, *, detect: bool = True,
              max_chars: int | None = None) -> Normalised | Rejection:
    """One raw record → one article row (without NLP), or a rejection saying why.

    `detect=False` leaves the language to `detect_language_of` (so that, with several
    processes, the costly language detection runs in the workers).  A text longer than
    `max_chars` (setting max_article_chars) is cut there, at a paragraph break: the
    article is kept and the report says so.
    """
    if not _visible(raw.text):
        return Rejection(raw.locator, "empty: no visible text (only spaces or invisible "
                                      "marks)")
    header, body = dates.split_header(raw.text)
    if not _visible(body):
        return Rejection(raw.locator, "no body: only a date header")
    truncated = False
    limit = max_chars or max_article_chars()
    if len(body) > limit:
        body, truncated = _cut(body, limit), True
    cleaned = boilerplate.clean_text(body, rules)
    text = cleaned.text.strip()
    if not _visible(text):
        return Rejection(raw.locator, "no body: nothing left after removing boilerplate")
    given = dates.parse_date_value(str(raw.date)) if raw.date else None
    candidates = [c for c in (given, header) if c]
    candidates += dates.dates_in_text(body)
    candidates, future = dates.drop_future(candidates)
    note = ""
    if future:
        note = "a date in the future: " + ", ".join(sorted({c.value for c in future}))
    elif raw.date and given is None and str(raw.date).strip() and _looks_dated(str(raw.date)):
        note = f"an impossible date or time: {str(raw.date).strip()[:40]}"
    when = dates.resolve(candidates)
    lang = detect_language_of(text, raw.lang) if detect else None
    return Normalised(
        row={
            "article_id": article_id(body),
            "title": extract_title(body, given=raw.title or None),
            "text": text,
            "published": when.published,
            "date_precision": when.precision,
            "date_start": pd.Timestamp(when.start) if when.start else pd.NaT,
            "date_end": pd.Timestamp(when.end) if when.end else pd.NaT,
            "language": lang,
            "source": raw.source,
            "country": raw.country,
            "url": raw.url,
            "n_words": len(text.split()),
            "n_copies": 1,
            "pipeline": "",
            "copy_of": "",  # filled in at the store (core.dedupe), against older articles
            "similarity": 0.0,
            "story": "",  # filled in after the run (core.story_assign), with actors final
        },
        locator=raw.locator,
        raw_lang=raw.lang or "",
        truncated=truncated,
        date_note=note,
    )


def _looks_dated(value: str) -> bool:
    """A value that is meant as a date (digits in date shape), so failing to read it is
    worth a note; free text like "gestern" is not."""
    return re.match(r"\s*\d{4}-\d{1,2}-\d{1,2}|\s*\d{8}T", value) is not None


def _process_isolated(engine, rows: list[dict], locators: dict[str, str], batch_size: int,
                      report) -> tuple[tuple[pd.DataFrame, ...], dict[str, str]]:
    """engine.process over a batch; when the batch fails, article by article, so the one
    article the NLP cannot handle is rejected with its reason and the others are kept."""
    try:
        return engine.process(pd.DataFrame(rows), batch_size), locators
    except Exception:  # noqa: BLE001 - isolated below, one article at a time
        pass
    parts, kept = [], {}
    for row in rows:
        aid = row["article_id"]
        try:
            parts.append(engine.process(pd.DataFrame([row]), batch_size))
            kept[aid] = locators[aid]
        except Exception as exc:  # noqa: BLE001
            report.rejections.append(Rejection(
                locators[aid], f"malformed: the analysis failed ({type(exc).__name__}: "
                               f"{str(exc)[:80]})"))
    if not parts:
        return tuple(schema.empty(n) for n in ("articles", "mentions", "topics")), kept
    return tuple(pd.concat([p[i] for p in parts], ignore_index=True)
                 for i in range(3)), kept


def detect_language_of(text: str, given: str = "") -> str:
    """The detected language; the record's own `lang` only where detection cannot tell."""
    lang = language.detect_language(text)
    if lang == "und" and re.fullmatch(r"[a-z]{2}", given or ""):
        lang = given
    return lang


@dataclass(frozen=True)
class AlreadyStored:
    """An input known to be stored before reading it (a web page by its canonical URL):
    counted as a duplicate already stored, not read again."""

    locator: str
    text: str = ""  # (batches measure their inputs' text)


@dataclass
class Report:
    files: int = 0
    seen: int = 0
    added: int = 0
    duplicates_stored: int = 0  # already in the database before this run
    duplicates_in_run: int = 0  # the same text twice within this run
    rejections: list[Rejection] = field(default_factory=list)
    pipelines: dict[str, int] = field(default_factory=dict)
    words: int = 0
    seconds: float = 0.0
    surnames_linked: int = 0  # (article, surname) pairs resolved across the whole store
    truncated: list[str] = field(default_factory=list)  # locators of texts cut for analysis
    max_chars: int = 0
    dates_dropped: list[tuple[str, str]] = field(default_factory=list)  # (locator, why)
    near_copies: int = 0  # added articles that are a version or copy of another (core.dedupe)

    @property
    def duplicates(self) -> int:
        return self.duplicates_stored + self.duplicates_in_run

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def balanced(self) -> bool:
        return self.seen == self.added + self.duplicates + self.rejected


class Engine:
    """Loads each language's pipeline once and runs the NLP stages over a batch."""

    def __init__(
        self,
        prefer: str | None = None,
        aliases_path=None,
        topics_path=None,
        n_process: int = 1,
        *,
        sections_path=None,
        crisis_path=None,
    ):
        self.prefer = prefer or None
        self.aliases = actors_mod.load_aliases(aliases_path)
        self.scorer = Scorer(topics_path, sections_path, crisis_path)
        self.n_process = n_process
        self._pipes: dict[str, tuple[object, str]] = {}

    def check(self) -> None:
        """ValueError now (not after the database is made) for a forced pipeline that is
        unknown or not installed, and for bad ingest settings."""
        if self.prefer and not nlp._is_available(self.prefer):
            nlp.load_pipeline("*", prefer=self.prefer)  # raises with the usable names
        max_article_chars()
        batch_chars()
        dedupe.threshold()
        story_assign.params()
        from core.readers import check_limits

        check_limits()

    def pipeline_for(self, lang: str):
        key = lang if lang in nlp.PIPELINES else "*"
        if self.prefer:
            key = "forced"
        if key not in self._pipes:
            lang_arg = lang if lang in nlp.PIPELINES else "*"
            self._pipes[key] = nlp.load_pipeline(lang_arg, prefer=self.prefer)
        return self._pipes[key]

    def process(self, arts: pd.DataFrame, batch_size: int) -> tuple[pd.DataFrame, ...]:
        raw_parts = []
        names = pd.Series("", index=arts.index, dtype="str")
        for lang, group in arts.groupby("language", sort=False):
            pipe, name = self.pipeline_for(str(lang))
            names.loc[group.index] = name
            raw_parts.append(
                nlp.extract_mentions(
                    pipe,
                    zip(group["article_id"], group["text"]),
                    batch_size=batch_size,
                    n_process=self.n_process,
                )
            )
        arts = arts.assign(pipeline=names)
        raw = pd.concat(raw_parts, ignore_index=True) if raw_parts else None
        if raw is None or raw.empty:
            mentions = schema.empty("mentions")
        else:
            mentions = actors_mod.resolve_actors(raw, self.aliases)
        arts, topic_rows = self.scorer.score(arts, mentions)
        return schema.conform(arts, "articles"), mentions, topic_rows


def batch_chars() -> int:
    """Characters after which an ingest batch ends (setting batch_chars): the memory one
    batch holds (texts, spaCy docs, mention rows) is bounded whatever the articles'
    lengths — 256 one-line items or a few novel-length texts.  Measured in the README."""
    return settings.number("batch_chars", int, lo=10_000)


def _batches(items: Iterable, size: int, max_chars: int) -> Iterator[list]:
    batch: list = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(getattr(item, "text", "") or "")
        if len(batch) >= size or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


# -- several processes ----------------------------------------------------------------------
# spaCy's own `nlp.pipe(n_process=N)` starts N fresh processes on every call (every batch),
# sends each Doc back serialised (which fails for Docs carrying non-msgpack user data) and
# leaves language detection, a quarter of the work, in the parent.  Instead a pool of
# forked workers, started once per ingest, takes whole batches — language detection,
# NLP, actor resolution, topics — and sends back plain frames; the parent reads, dedups
# and writes, in input order, with at most a few batches in flight (memory stays bounded).
_WORKER_ENGINE: Engine | None = None


def _work(rows: list[dict], raw_langs: list[str], batch_size: int):
    engine = _WORKER_ENGINE
    if not rows:  # a batch of duplicates only: nothing to analyse, kept for ordering
        return None
    for row, given in zip(rows, raw_langs, strict=True):
        row["language"] = detect_language_of(row["text"], given)
    return engine.process(pd.DataFrame(rows), batch_size)


class _Pool:
    """Ordered, bounded map of batches onto forked worker processes."""

    def __init__(self, engine: Engine, n_process: int):
        import concurrent.futures as cf
        import copy
        import multiprocessing as mp

        global _WORKER_ENGINE
        worker_engine = copy.copy(engine)
        worker_engine.n_process = 1  # each worker runs its pipeline in-process
        _WORKER_ENGINE = worker_engine  # inherited by the forked workers, pipelines loaded
        self.pool = cf.ProcessPoolExecutor(n_process, mp_context=mp.get_context("fork"))
        self.window = n_process + 1
        self.pending: list = []

    def submit(self, payload, *args):
        self.pending.append((self.pool.submit(_work, *args), payload))

    def ready(self, drain: bool = False):
        """Finished batches in submission order; blocks while the window is full."""
        while self.pending and (
            drain or len(self.pending) >= self.window or self.pending[0][0].done()
        ):
            future, payload = self.pending.pop(0)
            yield future.result(), payload

    def close(self):
        global _WORKER_ENGINE
        self.pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_ENGINE = None


def ingest(
    paths: list[str],
    store: Store,
    *,
    engine: Engine | None = None,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
    records: Iterable[RawRecord | Rejection | AlreadyStored] | None = None,
) -> Report:
    """Ingest every article under `paths` into `store`; returns the accounting report.

    `records`: more inputs after the files (web pages and feed entries, core.web_ingest),
    read lazily like the files' records."""
    started = time.perf_counter()
    engine = engine or Engine()
    rules = boilerplate.load_rules()
    report = Report()
    seen_files: set[str] = set()
    seen_ids: set[str] = set()
    run_id = store.start_run([str(p) for p in paths], engine.prefer or "auto")

    def counted(records):
        for rec in records:
            report.seen += 1
            # A web page's locator is its URL (its ":" is no line number): one page, one "file".
            seen_files.add(rec.locator if "://" in rec.locator
                           else rec.locator.split(":")[0].split("#")[0])
            if progress:
                progress(1)
            yield rec

    pool = None
    if engine.n_process > 1:
        for lang in ("de", "en"):
            engine.pipeline_for(lang)  # load once, before forking: workers inherit them
        pool = _Pool(engine, engine.n_process)

    near_limit = dedupe.threshold()
    story_params = story_assign.params()
    max_chars = report.max_chars = max_article_chars()
    max_batch_chars = batch_chars()
    # Stories are clustered again from the earliest new article's day on (after the run,
    # when actors are final); undated articles only need a story of their own.
    earliest = [pd.Timestamp.max.normalize()]

    def store_batch(result, locators) -> None:
        arts, mentions, topic_rows = result
        arts, groups = dedupe.annotate(store, arts, near_limit)
        store.write(arts, mentions, topic_rows, locators)
        dedupe.apply(store, groups)
        story_assign.count_terms(store, arts)
        report.near_copies += sum(1 for c in arts["copy_of"] if c)
        if arts["date_start"].notna().any():
            earliest[0] = min(earliest[0], arts["date_start"].min())
        report.added += len(arts)
        report.words += int(arts["n_words"].sum())
        for name, n in arts["pipeline"].value_counts().items():
            report.pipelines[name] = report.pipelines.get(name, 0) + int(n)

    def store_copies(copies) -> None:
        if copies:
            # Copies within this run of an article stored in this same batch are recorded
            # after the write so the article row exists.
            store.add_copies(copies)

    try:
        inputs = read_paths(paths)
        if records is not None:
            inputs = itertools.chain(inputs, records)
        for batch in _batches(counted(inputs), batch_size, max_batch_chars):
            rows, locators, copies, raw_langs = [], {}, [], {}
            for item in batch:
                if isinstance(item, Rejection):
                    report.rejections.append(item)
                    continue
                if isinstance(item, AlreadyStored):
                    report.duplicates_stored += 1
                    continue
                try:
                    norm = normalise(item, rules, detect=pool is None, max_chars=max_chars)
                except Exception as exc:  # one record must never end the run
                    norm = Rejection(item.locator, f"malformed: could not be read "
                                                   f"({type(exc).__name__}: {str(exc)[:80]})")
                if isinstance(norm, Rejection):
                    report.rejections.append(norm)
                    continue
                if norm.truncated:
                    report.truncated.append(norm.locator)
                if norm.date_note:
                    report.dates_dropped.append((norm.locator, norm.date_note))
                aid = norm.row["article_id"]
                if aid in seen_ids:
                    report.duplicates_in_run += 1
                    copies.append((aid, norm.locator))
                    continue
                seen_ids.add(aid)
                rows.append(norm.row)
                locators[aid] = norm.locator
                raw_langs[aid] = norm.raw_lang
            known = store.known_ids(locators)
            for aid in known:
                copies.append((aid, locators.pop(aid)))
            report.duplicates_stored += len(known)
            rows = [r for r in rows if r["article_id"] not in known]
            if pool is None:
                if rows:
                    store_batch(*_process_isolated(engine, rows, locators, batch_size,
                                                   report))
                store_copies(copies)
                continue
            langs = [raw_langs[r["article_id"]] for r in rows]
            if rows:
                pool.submit((locators, copies, True), rows, langs, batch_size)
            else:
                pool.submit((locators, copies, False), [], [], batch_size)
            for result, (locs, cps, has_rows) in pool.ready():
                if has_rows:
                    store_batch(result, locs)
                store_copies(cps)
        if pool is not None:
            for result, (locs, cps, has_rows) in pool.ready(drain=True):
                if has_rows:
                    store_batch(result, locs)
                store_copies(cps)
    finally:
        if pool is not None:
            pool.close()
    report.files = len(seen_files)
    if report.added:
        report.surnames_linked = link_surnames_in_store(store)
        # Aggregated in SQL: loading every stored mention here would make an incremental
        # ingest's memory grow with the store, not with the batch.
        store.replace_actors(store.actor_summary())
        story_assign.update(store, earliest[0], story_params)
        for name in report.pipelines:
            store.set_meta(f"pipeline:{name}", "used")
    store.finish_run(
        run_id,
        seen=report.seen,
        added=report.added,
        duplicates=report.duplicates,
        rejections=report.rejections,
    )
    report.seconds = time.perf_counter() - started
    return report


def link_surnames_in_store(store: Store) -> int:
    """A surname alone → the one full name with that surname anywhere in the store.

    Each batch links surnames among its own articles; this pass does it for the whole
    corpus, so "Habeck" in one article counts for Robert Habeck named in another, also
    when they arrived in different batches or runs, and it undoes a link once a second
    full name with that surname has arrived (core.actors.link_across_articles; spelling
    variants of one full name are unified there too).  Only the distinct person actors
    per article are read, not every mention.
    """
    pairs = store.person_actors()
    if pairs.empty:
        return 0
    linked = actors_mod.link_across_articles(pairs)
    changed = (linked["actor"] != pairs["actor"]).to_numpy()
    n = 0
    if changed.any():
        n += store.rename_person_actors(
            zip(
                pairs.loc[changed, "article_id"],
                pairs.loc[changed, "actor"],
                linked.loc[changed, "actor"],
                strict=True,
            )
        )
    others = store.surname_like_actors()
    if not others.empty:
        retyped = actors_mod.surnames_of_persons(store.person_actors(), others)
        if not retyped.empty:
            n += store.retype_as_person(retyped.itertuples(index=False, name=None))
    return n


def relative(locator: str) -> str:
    """Show a locator relative to the working directory when it is under it."""
    if "://" in locator:  # a web page: its URL as it is
        return locator
    try:
        path_part = re.split(r"(?=[:#]\d+$)", locator, maxsplit=1)
        # absolute(), not resolve(): the locator names the path as given, and a symbolic
        # link that loops cannot be resolved at all.
        rel = Path(path_part[0]).absolute().relative_to(Path.cwd())
        return str(rel) + (path_part[1] if len(path_part) > 1 else "")
    except (ValueError, OSError, RuntimeError):
        return locator
