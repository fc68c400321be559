"""Command line: `python -m core ingest|rescore|export|info|search`.

Errors the user can fix (missing paths, bad dates, unusable databases) end
with a one-line message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from core import ingest_summary, progress, settings


class UsageError(Exception):
    """An error the user caused and can fix; printed without a traceback."""


def _add_db(parser: argparse.ArgumentParser) -> None:
    s = settings.SETTINGS["db"]
    parser.add_argument(
        "--db", default=s.value(), help=f"{s.help} Default: ${s.env} or {s.default}"
    )


def _add_corrections(parser: argparse.ArgumentParser) -> None:
    s = settings.SETTINGS["corrections"]
    parser.add_argument(
        "--corrections", default=s.value(), help=f"{s.help} Default: ${s.env} or {s.default}"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core",
        description="Crisis Monitor: ingest, inspect and export news corpora.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read articles from files/folders and web pages (URLs) "
                       "into the database")
    p.add_argument("paths", nargs="+", help=".txt/.md files, .jsonl/.json/.csv files, folders, "
                   "or http(s) URLs of article pages (fetched politely, robots.txt respected)")
    p.add_argument("--refresh", action="store_true",
                   help="fetch URLs already stored again (conditionally): a changed page is "
                   "stored as the newer version of its article")
    _add_db(p)
    p.add_argument(
        "--pipeline", default=settings.get("pipeline"), help=settings.SETTINGS["pipeline"].help
    )
    p.add_argument("--show-rejections", action="store_true",
                   help="list every rejected file or record (default: a line per reason with "
                   "the first examples when there are more than 10)")
    p.add_argument(
        "--batch-size",
        type=int,
        default=int(settings.get("batch_size")),
        help=settings.SETTINGS["batch_size"].help,
    )
    p.add_argument(
        "--processes",
        type=int,
        default=int(settings.get("processes")),
        help=settings.SETTINGS["processes"].help,
    )
    p.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    p = sub.add_parser(
        "rescore",
        help="recompute sections, crisis relevance and topics of stored articles "
        "(after editing the taxonomy, section cue words or crisis definition)",
    )
    _add_db(p)
    p.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    p = sub.add_parser(
        "dedupe",
        help="group the stored articles into near-duplicates anew (an older store, or after "
        "changing the near_duplicate threshold)",
    )
    _add_db(p)
    p.add_argument("--threshold", type=float, default=None,
                   help="estimated Jaccard similarity from which an article is a copy "
                   "(default: the near_duplicate setting)")

    p = sub.add_parser(
        "stories",
        help="cluster the stored articles into stories anew (an older store, or after "
        "changing the story settings)",
    )
    _add_db(p)

    p = sub.add_parser("export", help="write a CSV snapshot of the (filtered) corpus")
    _add_db(p)
    p.add_argument("--out", required=True, help="folder to write articles/mentions/topics.csv to")
    p.add_argument(
        "--actor",
        action="append",
        default=[],
        help="keep articles mentioning this actor (repeatable)",
    )
    p.add_argument(
        "--actor-mode",
        choices=("any", "all"),
        default="any",
        help="with several --actor: articles with any (default) or all of them",
    )
    p.add_argument("--since", help="first date (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--until", help="last date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--language", action="append", default=[], help="ISO 639-1 code (repeatable)")
    p.add_argument("--topic", action="append", default=[], help="topic name (repeatable)")
    p.add_argument("--source", action="append", default=[], help="source (repeatable)")
    p.add_argument(
        "--section",
        action="append",
        default=[],
        help="section (politics, international, economy, sports, culture, science_tech, "
        "panorama, other; repeatable)",
    )
    p.add_argument(
        "--country", action="append", default=[],
        help="outlet country, ISO code (GB, DE…; repeatable)",
    )
    p.add_argument(
        "--unit", choices=("unique", "all", "stories"), default=None,
        help="what one exported article row stands for, as the dashboard's Count: unique "
        "(default: near-duplicate versions and copies once), all (every stored article), "
        "stories (each story once, at its first article, with the actors and topics of all "
        "its articles)",
    )
    p.add_argument(
        "--with-copies",
        action="store_true",
        help="the same as --unit all",
    )
    p.add_argument("--force", action="store_true",
                   help="overwrite the CSVs and manifest of an earlier export in --out")
    p.add_argument(
        "--crisis-only",
        action="store_true",
        help="only articles about the crisis of the `crisis` setting (relevance >= its threshold)",
    )
    p.add_argument("--with-text", action="store_true", help="include the article text column")
    _add_corrections(p)

    p = sub.add_parser("feeds", help="follow RSS/Atom feeds: add, list (with their state), "
                       "remove; `watch` polls them")
    fsub = p.add_subparsers(dest="feeds_command", required=True)
    q = fsub.add_parser("add", help="follow a feed (polled by the next `watch` round)")
    q.add_argument("url", help="the feed's http(s) URL")
    q.add_argument("--name", default="", help="a name shown in `feeds list` (default: the host)")
    q.add_argument("--every", type=float, default=0,
                   help="minutes between polls of this feed (default: the poll_minutes setting)")
    _add_db(q)
    q = fsub.add_parser("list", help="the followed feeds and their state")
    _add_db(q)
    q = fsub.add_parser("remove", help="stop following a feed (its articles stay)")
    q.add_argument("url")
    _add_db(q)

    p = sub.add_parser("watch", help="poll the feeds and watched folders, ingesting what is "
                       "new, until stopped (Ctrl-C, SIGTERM)")
    _add_db(p)
    p.add_argument("--folder", action="append", default=[],
                   help="a folder whose new files are ingested (repeatable; also the "
                   "watch_folders setting)")
    p.add_argument("--once", action="store_true",
                   help="one round (every feed that is due, every folder), then exit: for "
                   "cron and tests")
    p.add_argument("--quiet", action="store_true", help="log only failures")

    p = sub.add_parser("info", help="summarise the corpus in the database")
    _add_db(p)
    _add_corrections(p)

    p = sub.add_parser("search", help="full-text search (FTS5 syntax)")
    _add_db(p)
    p.add_argument("query")
    p.add_argument("--limit", type=_count_arg, default=10,
                   help="most results to show (1 to 10,000; default 10)")
    return parser


def _count_arg(value: str) -> int:
    """A --limit: a whole number from 1 to 10,000 (argparse turns the ValueError into a
    one-line usage error, exit 2)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= n <= 10_000:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and 10,000")
    return n


def _open_store(path: str, *, create: bool, readonly: bool = False):
    """The store; `readonly` for commands that only read (info, search, export): they open
    it read-only and never change the file."""
    from core.store import Store

    store = Store(path, create=create, readonly=readonly)
    if readonly:
        unfinished = store.unfinished_runs()
        if unfinished:
            print(f"warning: {len(unfinished)} ingest run(s) into {path} never finished: "
                  "actors may be missing until `python -m core ingest` completes them",
                  file=sys.stderr)
    return store


def _engine(pipeline: str = "", processes: int = 1):
    """The NLP engine from the settings, checked (a ValueError names a bad setting)."""
    from core.ingest import Engine

    engine = Engine(
        prefer=pipeline or None,
        aliases_path=settings.get("aliases"),
        topics_path=settings.get("topics"),
        n_process=processes,
        sections_path=settings.get("sections"),
        crisis_path=settings.get("crisis"),
    )
    engine.check()
    return engine


def cmd_ingest(args) -> int:
    from core.ingest import relative
    from core.readers import iter_files
    from core.web import is_url

    if args.batch_size < 1 or args.processes < 1:
        raise UsageError("--batch-size and --processes must be at least 1")
    urls = [p for p in args.paths if is_url(p)]
    paths = [p for p in args.paths if not is_url(p)]
    files = list(iter_files(paths))  # raises InputError for a missing path
    if not files and not urls:
        raise UsageError(f"no files found under {', '.join(args.paths)}")
    try:
        # Before the store is opened: a bad pipeline name must not create a database.
        engine = _engine(args.pipeline, args.processes)
        fetcher = None
        if urls:
            from core.fetch import Fetcher

            fetcher = Fetcher()  # checks the fetch settings
        bar = progress.bar(desc="ingest", disable=args.no_progress)  # checks progress_every
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with _open_store(args.db, create=True) as store:
        for line in store.recover():
            print(f"note: {line}", file=sys.stderr)
        try:
            if urls:
                from core.web_ingest import ingest_urls

                report = ingest_urls(urls, store, paths=paths, engine=engine, fetcher=fetcher,
                                     refresh=args.refresh, batch_size=args.batch_size,
                                     progress=bar.update)
            else:
                from core.ingest import ingest

                report = ingest(paths, store, engine=engine, batch_size=args.batch_size,
                                progress=bar.update)
        finally:
            bar.close()
            if fetcher is not None:
                fetcher.close()
        total = store.count()
    for line in ingest_summary.lines(report, relative, show_all=args.show_rejections):
        print(line)
    print(f"database:         {args.db} ({total} articles)")
    if ingest_summary.nothing_new(report):
        print("nothing new: every article is already in the database")
    if report.seen == report.rejected and report.seen:
        print("error: no article could be read", file=sys.stderr)
        return 2
    assert report.balanced()
    return 0


def _corrections(args):
    """The analysts' corrections (`--corrections`), each malformed line reported on stderr."""
    from core import corrections

    fixes = corrections.load(args.corrections)
    for problem in fixes.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return fixes


def _corrected(store, fixes):
    """The store's mentions with the corrections applied, and their actor summary."""
    from core import corrections

    applied = corrections.apply_report(store.mentions(), fixes)
    return applied.mentions, corrections.actor_summary(applied, store.actors())


def cmd_export(args) -> int:
    from core import corrections, export
    from core import filters as flt

    try:
        filters = flt.Filters(
            actors=tuple(args.actor),
            actor_mode=args.actor_mode,
            since=flt.parse_date(args.since, name="--since"),
            until=flt.parse_until(args.until),
            languages=tuple(args.language),
            topics=tuple(args.topic),
            sources=tuple(args.source),
            sections=tuple(args.section),
            countries=tuple(c.upper() for c in args.country),
            unit=args.unit or ("all" if args.with_copies else "unique"),
        )
        if args.crisis_only:
            from core.crisis import load_crisis

            filters = filters.with_(crisis_min=load_crisis(settings.get("crisis")).threshold)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    from core.sections import SECTIONS

    unknown = [s for s in filters.sections if s not in SECTIONS]
    if unknown:
        raise UsageError(f"--section {unknown[0]!r} is not a section: use {', '.join(SECTIONS)}")
    if filters.since and filters.until and filters.since > filters.until:
        raise UsageError(f"--since {filters.since} is after --until {filters.until}")
    fixes = _corrections(args)
    with _open_store(args.db, create=False, readonly=True) as store:
        mentions, actors = _corrected(store, fixes)
        known_actors = set(actors["actor"])
        resolved = []
        for name in filters.actors:
            match = _match_actor(name, known_actors)
            if match is None and corrections.follow(name, fixes):
                # A name merged or renamed by a correction stands for what it became.
                match = _match_actor(corrections.follow(name, fixes), known_actors)
                if match is not None:
                    print(f"--actor {name!r} is {match!r} after the corrections of actors")
            if match is None:
                close = _suggest(name, known_actors)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise UsageError(f"no actor {name!r} in {args.db}{hint}")
            resolved.append(match)
        filters = filters.with_(actors=tuple(resolved))
        corpus = flt.Corpus(store.articles(with_text=args.with_text), mentions, store.topics())
        size = len(corpus.articles)
        # The "of N" is in the export's unit: unique articles unless --unit says otherwise.
        unit_size = len(flt.apply(corpus, flt.Filters(unit=filters.unit)).articles)
    sub = flt.apply(corpus, filters)
    frames = export.snapshot(sub, with_text=args.with_text)
    man = export.manifest(
        filters, corpus_size=size, rows={k: len(v) for k, v in frames.items()}, db=str(args.db)
    )
    if fixes:
        man["corrections"] = corrections.manifest_entry(fixes)
    out = Path(args.out)
    try:
        written = export.write_snapshot(frames, out, man, force=args.force)
    except export.ExistsError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from None
    left_out = size - unit_size
    if filters.unit == "stories":
        print(f"{len(sub.articles)} of {unit_size} stories exported to {out}/ (one row per "
              f"story, {size} stored articles)")
    else:
        print(f"{len(sub.articles)} of {unit_size} articles exported to {out}/"
              + (f" ({left_out} versions or copies counted once; --unit all exports them)"
                 if left_out else ""))
    if fixes:
        print(f"{len(fixes)} correction(s) of actors applied from {fixes.path}")
    for path in written:
        print(f"  {path.name}")
    return 0


def _match_actor(name: str, known: set[str]) -> str | None:
    """Exact actor, else case-insensitive, else a unique actor whose last word is `name`."""
    if name in known:
        return name
    lowered = {a.lower(): a for a in known}
    if name.lower() in lowered:
        return lowered[name.lower()]
    tail = [a for a in known if a.split() and a.split()[-1].lower() == name.lower()]
    return tail[0] if len(tail) == 1 else None


def _suggest(name: str, known: set[str]) -> list[str]:
    """Close actor names, comparing with full names and with surnames ("Lawrov" → Lawrow)."""
    import difflib

    keys: dict[str, str] = {}
    for actor in sorted(known):
        keys.setdefault(actor.lower(), actor)
        if actor.split():
            keys.setdefault(actor.split()[-1].lower(), actor)
    close = difflib.get_close_matches(name.lower(), list(keys), n=5, cutoff=0.7)
    return list(dict.fromkeys(keys[c] for c in close))[:3]


def cmd_dedupe(args) -> int:
    from core import dedupe

    try:
        limit = dedupe.threshold() if args.threshold is None else args.threshold
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not 0 < limit <= 1:
        raise UsageError(f"--threshold must be between 0 and 1, got {limit}")
    with _open_store(args.db, create=False) as store:
        n, copies = dedupe.regroup_store(store, limit)
    print(f"{n} articles grouped at similarity >= {limit:g}: {copies} are versions or copies "
          f"of another, {n - copies} unique")
    # Copies do not take part in stories: the stories follow the new groups.
    return cmd_stories(args)


def cmd_stories(args) -> int:
    from core import story_assign

    try:
        p = story_assign.params()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with _open_store(args.db, create=False) as store:
        story_assign.update(store, None, p)
        n, stories = store.count("articles"), store.count_stories()
    print(f"{n} articles in {stories} stories (similarity >= {p.threshold:g}, "
          f"window {p.window} days, actor weight {p.actor_weight:g})")
    return 0


def cmd_rescore(args) -> int:
    from core.scoring import Scorer

    try:
        scorer = Scorer(settings.get("topics"), settings.get("sections"), settings.get("crisis"))
        progress.every()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with _open_store(args.db, create=False) as store:
        total = store.count()
        bar = progress.bar(desc="rescore", total=total, disable=args.no_progress)
        n = 0
        try:
            for arts, mentions in store.iter_for_rescore(batch_size=1000):
                arts, topic_rows = scorer.score(arts, mentions)
                store.rescore(arts, topic_rows)
                n += len(arts)
                bar.update(len(arts))
        finally:
            bar.close()
        store.finish_rescore()
        sections = store.conn.execute(
            "SELECT section, count(*) FROM articles GROUP BY section ORDER BY 2 DESC"
        ).fetchall()
        n_crisis = store.conn.execute(
            "SELECT count(*) FROM articles WHERE crisis >= ?", (scorer.crisis.threshold,)
        ).fetchone()[0]
    print(f"rescored:  {n} articles")
    print("sections:  " + ", ".join(f"{s or '(none)'} {k}" for s, k in sections))
    print(f"crisis:    {n_crisis} articles about {scorer.crisis.name}")
    return 0


def cmd_info(args) -> int:
    import pandas as pd

    from core import filters as flt

    fixes = _corrections(args)
    with _open_store(args.db, create=False, readonly=True) as store:
        arts = store.articles(with_text=False)
        if fixes:  # the corrected counts (reads every mention: the snapshot makes it quick)
            mentions, actors = _corrected(store, fixes)
            n_mentions, n_actors = len(mentions), len(actors)
        else:
            actors, n_mentions, n_actors = None, store.count("mentions"), store.count("actors")
        print(f"database: {args.db}")
        print(f"articles: {len(arts)}  mentions: {n_mentions}  actors: {n_actors}")
        n_copies = int((arts["copy_of"] != "").sum()) if "copy_of" in arts.columns else 0
        if n_copies:
            groups = arts.loc[arts["copy_of"] != "", "copy_of"].nunique()
            print(f"unique:   {len(arts) - n_copies} ({n_copies} versions or copies in "
                  f"{groups} groups count once)")
        if "story" in arts.columns and not arts.empty:
            keys = flt.story_keys(arts)[(arts["copy_of"] == "").to_numpy()]
            n_stories = len(set(keys))
            multi = int((pd.Series(keys).value_counts() > 1).sum())
            print(f"stories:  {n_stories} ({multi} of them with more than one article; "
                  "`python -m core stories` clusters them anew)")
        if fixes:
            print(f"corrections: {len(fixes)} applied from {fixes.path}")
        unfinished = store.unfinished_runs()
        if unfinished:
            print(f"unfinished: {len(unfinished)} ingest run(s) never finished; the next "
                  "ingest into this database completes them")
        if len(arts):
            known = arts.dropna(subset=["date_start"])
            if len(known):
                print(
                    f"dates:    {known['date_start'].min().date()} .. "
                    f"{known['date_end'].max().date()}"
                )
            print(
                "precision: "
                + ", ".join(f"{k} {v}" for k, v in arts["date_precision"].value_counts().items())
            )
            print(
                "languages: "
                + ", ".join(f"{k} {v}" for k, v in arts["language"].value_counts().items())
            )
            if store.needs_rescore():
                print("sections: not computed yet: run `python -m core rescore --db FILE`")
            else:
                print(
                    "sections: "
                    + ", ".join(f"{k} {v}" for k, v in arts["section"].value_counts().items())
                )
            for row in store.pipelines().itertuples():
                print(f"pipeline: {row.pipeline} ({row.n_articles} articles)")
            top = (store.actors() if actors is None else actors).head(15)
            print(
                "top actors: "
                + ", ".join(f"{a} ({n})" for a, n in zip(top["actor"], top["n_mentions"]))
            )
    return 0


def cmd_search(args) -> int:
    from core import display_names, search_terms
    from core.actors import load_aliases
    from core.store import SearchError

    try:
        cap = settings.number("search_max_terms", int, lo=1)
        aliases = load_aliases(settings.get("aliases"))
        shown = [(a, n) for (a, _), n in display_names.load(settings.get("display_names")).items()]
    except (OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    with _open_store(args.db, create=False, readonly=True) as store:
        # As the Reader: spelling variants, actors' other names, the first `cap` terms.
        index = search_terms.alias_index(store.actors(), aliases, shown)
        try:
            plan = search_terms.plan(args.query, index, max_terms=cap)
            hits, total = store.search(plan, limit=args.limit)
        except SearchError as exc:
            raise UsageError(str(exc)) from None
        arts = store.articles(with_text=False, ids=hits["article_id"]).set_index("article_id")
        if plan.dropped:
            print(f"note: {search_terms.dropped_note(plan)}", file=sys.stderr)
        note = search_terms.also_note(
            plan, store.known_words(search_terms.words(" ".join(plan.spelled))))
        if note:
            print(note)
        print(f"{total} matching articles")
        for row in hits.itertuples():
            art = arts.loc[row.article_id]
            snippet = row.snippet.replace("\ue000", "[").replace("\ue001", "]")
            print(f"- {art['published'] or '????'}  {art['title']}\n    {snippet}")
    return 0


def _when(ts: float) -> str:
    import datetime as dt

    if not ts:
        return "never"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def cmd_feeds(args) -> int:
    from core.web import is_url

    if args.feeds_command == "add":
        if not is_url(args.url):
            raise UsageError(f"{args.url!r} is not an http(s) URL")
        if args.every < 0:
            raise UsageError("--every must be a positive number of minutes")
        with _open_store(args.db, create=True) as store:
            added = store.add_feed(args.url.strip(), args.name, args.every)
        print(f"following {args.url}" if added else f"{args.url} is followed already")
        return 0
    if args.feeds_command == "remove":
        with _open_store(args.db, create=False) as store:
            removed = store.remove_feed(args.url.strip())
        if not removed:
            raise UsageError(f"{args.url} is not followed in {args.db}")
        print(f"no longer following {args.url} (its articles stay)")
        return 0
    with _open_store(args.db, create=False, readonly=True) as store:
        rows = store.feeds()
    if rows.empty:
        print("no feeds: add one with `python -m core feeds add URL`")
        return 0
    import time

    now = time.time()
    for f in rows.itertuples():
        state = "ok" if not f.failures else f"FAILING ({f.failures} in a row)"
        if not f.last_checked:
            state = "not polled yet"
        due = "now" if f.next_due <= now else _when(f.next_due)
        print(f"{f.name or f.url}\n  url:          {f.url}\n  state:        {state}")
        print(f"  last checked: {_when(f.last_checked)}   last ok: {_when(f.last_ok)}   "
              f"next due: {due}")
        print(f"  entries:      {f.items} in the feed; last new {_when(f.last_new)}"
              + (f"; every {f.interval_minutes:g} min" if f.interval_minutes else ""))
        if f.etag or f.modified:
            print(f"  validators:   etag {f.etag or '-'}, last-modified {f.modified or '-'}")
        if f.last_error:
            print(f"  last error:   {f.last_error}")
    return 0


def cmd_watch(args) -> int:
    import logging

    from core.fetch import Fetcher
    from core.watch import Watcher, folders_setting

    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request is noise
    folders = folders_setting() + args.folder
    for folder in folders:
        if not Path(folder).is_dir():
            raise UsageError(f"no such folder to watch: {folder}")
    try:
        engine = _engine(settings.get("pipeline"))
        fetcher = Fetcher()
        with _open_store(args.db, create=True) as store:
            for line in store.recover():
                print(f"note: {line}", file=sys.stderr)
            watcher = Watcher(store, folders, engine=engine, fetcher=fetcher,
                              batch_size=int(settings.get("batch_size")))
            n = len(store.feeds())
            logging.getLogger("crisis_monitor.watch").info(
                "watching %d feed(s) and %d folder(s) into %s", n, len(folders), args.db)
            watcher.run(once=args.once)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return 0


COMMANDS = {
    "feeds": cmd_feeds,
    "watch": cmd_watch,
    "ingest": cmd_ingest,
    "rescore": cmd_rescore,
    "dedupe": cmd_dedupe,
    "stories": cmd_stories,
    "export": cmd_export,
    "info": cmd_info,
    "search": cmd_search,
}


def main(argv: list[str] | None = None) -> int:
    from core.readers import InputError
    from core.store import StoreError

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, InputError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except sqlite3.DatabaseError as exc:
        # A damaged page, a full disk, a file made read-only or immutable underneath us.
        db = getattr(args, "db", "")
        hint = ("the disk may be full: free some space and run the command again (what was "
                "stored stays; the next ingest completes the run)"
                if "full" in str(exc) or "I/O" in str(exc) else
                "it may be damaged or read-only: check the file, or re-ingest into a new one")
        print(f"error: the database {db} could not be used ({exc}); {hint}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.strerror or exc}"
              + (f": {exc.filename}" if getattr(exc, "filename", None) else ""), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
