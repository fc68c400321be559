"""Loading the corpus once per database file, and building it from the seeds on first start.

The loaded corpus is a `st.cache_resource` keyed on the database path and the
modification times of the file and its WAL, and of the analysts' corrections file
(`core.corrections`, applied to the mentions as they are loaded), so every rerun
(each click) reuses the frames in memory, and a re-ingest into the same file or a
saved correction is picked up on the next interaction.  The version it replaces is
dropped from the cache at once (a corpus of 100,000 articles is over 1 GB).  Article
texts are not kept in memory: the reader fetches the one it shows from SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from core import corrections as corr
from core import crisis as crisis_mod
from core import display_names as dn
from core import filters as flt
from core import listing, search_terms, sections, settings, topics
from core.actors import load_aliases
from core.highlight import md
from core.store import SearchError, Store, StoreError

_BUILD_LOCK = threading.Lock()  # two first sessions must not ingest the seeds twice
_LAST_KEY: dict[str, tuple] = {}  # database path -> the arguments its corpus was last loaded with


def db_path_from_args(argv: list[str] | None = None) -> Path:
    """`streamlit run dashboard.py -- --db FILE` wins over $CRISIS_MONITOR_DB and the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Path(args.db or settings.get("db")).expanduser()


def is_default_db(path: Path) -> bool:
    return Path(path).resolve() == Path(settings.SETTINGS["db"].default).resolve()


def _file_key(path: Path) -> tuple:
    """What the cache is keyed on: changes whenever the database content can have changed."""
    parts = []
    for suffix in ("", "-wal"):
        p = Path(str(path) + suffix)
        try:
            stat = p.stat()
            parts.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            parts.append(None)
    return tuple(parts)


@dataclass
class Loaded:
    """One database's corpus in memory plus a read-only connection for texts and search."""

    db: str
    corpus: flt.Corpus  # articles without text, mentions (corrected), topics
    actors: pd.DataFrame  # actor summary of the corrected mentions (actor filter options)
    store: Store
    corrections: corr.Corrections = field(default_factory=corr.Corrections)
    affected: tuple[int, ...] = ()  # mentions each correction changed in this corpus
    lock: threading.Lock = field(default_factory=threading.Lock)
    _filtered: OrderedDict = field(default_factory=OrderedDict)
    # In a display language (`in_language`): actor id -> the name shown, "" = the ids.
    names: dict[str, str] = field(default_factory=dict)
    language: str = ""
    _views: dict = field(default_factory=dict)  # display language -> Loaded (on the base)
    _base: Loaded | None = None  # the corpus under its ids, for a view in a display language

    @property
    def n_articles(self) -> int:
        return int(len(self.corpus.articles))

    @cached_property
    def n_near_copies(self) -> int:
        """Stored articles that are a version or copy of another (core.dedupe)."""
        arts = self.corpus.articles
        return int((arts["copy_of"] != "").sum()) if "copy_of" in arts.columns else 0

    @cached_property
    def health(self) -> list[str]:
        """What is wrong with the store that the next ingest repairs (Store.recover), as
        sentences for the page; read-only here, so only said."""
        out = []
        try:
            runs = self.store.unfinished_runs()
            indexed, stored = self.store.search_index_gap()
        except Exception:  # noqa: BLE001 - an older store without these tables: nothing to say
            return out
        if runs:
            out.append(f"{len(runs)} ingest run(s) into this database never finished; what "
                       "they stored is shown, and the next ingest completes them.")
        if indexed != stored:
            out.append(f"The search index holds {indexed:,} of {stored:,} articles: search "
                       "misses the others until the next ingest rebuilds it.")
        return out

    @cached_property
    def n_stories(self) -> int:
        """Stories of the corpus (core.stories; an article without one is its own)."""
        arts = self.corpus.articles
        if arts.empty:
            return 0
        unique = (arts["copy_of"] == "").to_numpy() if "copy_of" in arts.columns else True
        return int(pd.unique(flt.story_keys(arts)[unique]).size)

    @property
    def has_stories(self) -> bool:
        """Does some story hold more than one unique article (else counting stories is
        counting unique articles)?"""
        return self.n_stories < self.size("unique")

    def story_of(self, article_id: str) -> tuple[str, int, str] | None:
        """(story id, its unique articles, its title) of an article; None if unknown."""
        arts = self.corpus.articles
        at = flt.lookup(arts, [article_id])[0]
        if at < 0 or "story" not in arts.columns:
            return None
        keys = self._story_keys
        key = keys[at]
        members = (keys == key) & (arts["copy_of"] == "").to_numpy()
        own = flt.lookup(arts, [key])[0]
        title = str(arts["title"].iloc[own if own >= 0 else at])
        return str(key), int(members.sum()), title

    @cached_property
    def _story_keys(self):
        return flt.story_keys(self.corpus.articles)

    def size(self, unit: str) -> int:
        """The corpus counted in `unit`: articles ("unique": copies once) or stories."""
        if unit == "stories":
            return self.n_stories
        return self.n_articles - (self.n_near_copies if unit == "unique" else 0)

    def versions(self, article_id: str) -> pd.DataFrame:
        """core.listing.other_versions in this corpus (none without near-duplicates)."""
        if not self.n_near_copies:
            return self.corpus.articles.iloc[0:0]
        return listing.other_versions(self.corpus.articles, article_id)

    def filtered(self, filters: flt.Filters) -> flt.Corpus:
        """core.filters.apply, memoised per Filters value (a small LRU shared by sessions)."""
        with self.lock:
            hit = self._filtered.get(filters)
            if hit is not None:
                self._filtered.move_to_end(filters)
                return hit
        result = flt.apply(self.corpus, filters)
        with self.lock:
            self._filtered[filters] = result
            # Each view of a frequent actor holds up to ~1M mention rows at 100k articles
            # (~140 MB): keep only the few a session is switching between.
            while len(self._filtered) > 4:
                self._filtered.popitem(last=False)
        return result

    @cached_property
    def actor_names(self) -> list[str]:
        """Actor filter options, most-covered first (sorted once per loaded corpus)."""
        if self.actors.empty:
            return self.corpus.mentions["actor"].value_counts().index.tolist()
        return self.actors.sort_values(["n_articles", "n_mentions", "actor"],
                                       ascending=[False, False, True])["actor"].tolist()

    @cached_property
    def actor_name_set(self) -> frozenset[str]:
        """actor_names as a set, built once (a rerun must not hash every actor again)."""
        return frozenset(self.actor_names)

    @cached_property
    def display_languages(self) -> list[str]:
        """Languages actors can be shown in: the corpus's, most articles first (the first is
        the default)."""
        return dn.languages_by_size(self.corpus.articles) or [dn.CANONICAL_LANGUAGE]

    def _surface_counts(self, language: str) -> pd.DataFrame:
        """How the articles of `language` write each actor (only where names come from
        there: German names are the ids, and counting 2.6 million mentions costs seconds)."""
        if not dn.needs_surfaces(language):
            return dn.surface_counts(self.corpus.mentions.iloc[0:0], self.corpus.articles)
        return dn.surface_counts(self.corpus.mentions, self.corpus.articles, language)

    def in_language(self, language: str) -> Loaded:
        """This corpus with actors named for readers of `language` (core.display_names):
        mentions and actor tables relabelled once per language, ids kept as actor_id."""
        if self.language or not language:
            return self
        with self.lock:
            hit = self._views.get(language)
        if hit is not None:
            return hit
        try:
            overrides = dn.load(settings.get("display_names"))
        except (OSError, ValueError):  # an unreadable file: names from the articles only
            overrides = {}
        names = dn.display_names(self._surface_counts(language), language, overrides)
        c = self.corpus
        view = Loaded(
            db=self.db,
            corpus=flt.Corpus(c.articles, dn.relabel(c.mentions, names), c.topics),
            actors=dn.relabel(self.actors, names), store=self.store,
            corrections=self.corrections, affected=self.affected, lock=self.lock,
            names=names, language=language, _base=self,
        )
        with self.lock:
            self._views[language] = view
        return view

    @cached_property
    def _ids(self) -> dict[str, str]:
        return {name: actor for actor, name in self.names.items()}

    def base_id(self, name: str) -> str:
        """The id behind a name shown in any display language of this corpus computed so far
        (a link made in one language opened in another)."""
        base = self._base if self.language else self
        for view in [self, *base._views.values()]:
            if name in view._ids:
                return view._ids[name]
        return name

    def actor_id(self, name: str) -> str:
        """The canonical actor (id) behind a shown name (the name itself where it is one)."""
        return self._ids.get(name, name)

    def shown(self, actor: str) -> str:
        """The shown name of an actor id (ids already shown map to themselves)."""
        return self.names.get(actor, actor)

    @cached_property
    def date_span(self) -> tuple[dt.date, dt.date] | None:
        """First and last possible day of the dated articles (None if none is dated); once
        per corpus: masking 100,000 rows on every rerun cost ~40 ms."""
        arts = self.corpus.articles
        start, end = arts["date_start"].min(), arts["date_end"].max()
        if pd.isna(start) or pd.isna(end):
            return None
        return start.date(), end.date()

    @cached_property
    def languages(self) -> list[str]:
        return sorted(self.corpus.articles["language"].dropna().unique().tolist())

    @cached_property
    def topic_names(self) -> list[str]:
        return sorted(self.corpus.topics["topic"].unique().tolist())

    @cached_property
    def topic_labels(self) -> dict[str, str]:
        """Human labels of the topic ids (from the configured taxonomy; an id the taxonomy
        no longer has is shown as itself)."""
        try:
            return topics.topic_labels(topics.load_taxonomy(settings.get("topics")))
        except (OSError, ValueError):  # unreadable taxonomy: ids are still meaningful
            return {}

    @cached_property
    def topic_label_pairs(self) -> tuple[tuple[str, str], ...]:
        """The labels as (id, label) pairs: hashable, for the core functions' memo keys."""
        return tuple(self.topic_labels.items())

    def topic_label(self, topic: str) -> str:
        return self.topic_labels.get(topic, topic)

    @cached_property
    def section_labels(self) -> dict[str, str]:
        """Section key -> label (from the configured cue-word file; built-in names else)."""
        try:
            return sections.section_labels(sections.load_cues(settings.get("sections")))
        except (OSError, ValueError):
            return {k: k.replace("_", " ").capitalize() for k in sections.SECTIONS}

    @cached_property
    def section_names(self) -> list[str]:
        """Every section, in the fixed order of core.sections: all of them, not only those
        present, so a shared link naming a section this corpus lacks still opens (empty)."""
        return list(sections.SECTIONS)

    def section_label(self, section: str) -> str:
        return self.section_labels.get(section, section or "(not computed)")

    @cached_property
    def crisis(self) -> crisis_mod.Crisis | None:
        """The crisis definition the relevance scores are read against (None if unreadable:
        the sidebar then explains instead of offering the filter)."""
        try:
            return crisis_mod.load_crisis(settings.get("crisis"))
        except ValueError:
            return None

    @cached_property
    def needs_rescore(self) -> bool:
        """An older store whose articles have no sections/relevance yet."""
        with self.lock:
            return self.store.needs_rescore()

    @cached_property
    def countries(self) -> list[str]:
        """Outlet countries present, most articles first ("" = unknown is not offered)."""
        counts = self.corpus.articles["country"].value_counts()
        return [c for c in counts.index.tolist() if c]

    @cached_property
    def sources(self) -> list[str]:
        """Sources, most articles first."""
        return self.corpus.articles["source"].value_counts().index.tolist()

    @cached_property
    def actor_types(self) -> dict[str, str]:
        """Each (corrected) actor's type."""
        return dict(zip(self.actors["actor"], self.actors["actor_type"]))

    def article_mentions(self, article_id: str) -> pd.DataFrame:
        """One article's mentions from the indexed table, not a scan of the whole frame,
        corrected like the whole corpus."""
        with self.lock:
            part = self.store.mentions(ids=[article_id])
        if self.corrections:
            part = corr.apply_to_part(part, self.corrections, self._id_types)
        return dn.relabel(part, self.names) if self.language else part

    @cached_property
    def _id_types(self) -> dict[str, str]:
        """Each actor id's type (the corrections speak of ids)."""
        return dict(zip(self.actor_ids, self.actors["actor_type"], strict=True))

    @cached_property
    def actor_ids(self) -> list[str]:
        col = "actor_id" if "actor_id" in self.actors.columns else "actor"
        return self.actors[col].astype(str).tolist()

    def article(self, article_id: str) -> pd.Series | None:
        """One article with its text (None if unknown)."""
        with self.lock:
            df = self.store.articles(with_text=True, ids=[article_id])
        return None if df.empty else df.iloc[0]

    @cached_property
    def search_names(self) -> search_terms.AliasIndex:
        """Every actor's names for search (core.search_terms.alias_index): how the articles
        write it, the alias file, the display names; built once per corpus and language."""
        base = self._base or self
        try:
            aliases = load_aliases(settings.get("aliases"))
        except (OSError, ValueError):  # an unreadable file: the stored names still count
            aliases = {}
        try:
            shown = [(a, n) for (a, _), n in dn.load(settings.get("display_names")).items()]
        except (OSError, ValueError):
            shown = []
        return search_terms.alias_index(base.actors, aliases, [*shown, *self.names.items()])

    def search_plan(self, query: str) -> search_terms.Plan:
        """What `query` searches: spelling variants, actors' other names, at most
        `search_max_terms` terms; raises SearchError for an empty or unclosed query."""
        try:
            cap = settings.number("search_max_terms", int, lo=1)
        except ValueError:  # a bad setting must not break search: the default
            cap = int(settings.SETTINGS["search_max_terms"].default)
        return search_terms.plan(query, self.search_names, max_terms=cap)

    def also_note(self, plan: search_terms.Plan) -> str:
        """search_terms.also_note, with the spellings this corpus has."""
        with self.lock:
            known = self.store.known_words(search_terms.words(" ".join(plan.spelled)))
        return search_terms.also_note(plan, known)

    def last_update(self):
        """When an ingest last added articles (UTC), asked afresh: a watcher may be adding."""
        from core import freshness

        with self.lock:
            return freshness.last_update(self.store)

    def feed_health(self) -> pd.DataFrame:
        """The followed feeds' state, asked afresh (core.freshness.feed_health)."""
        import time

        from core import freshness

        with self.lock:
            feeds = self.store.feeds()
        return freshness.feed_health(feeds, time.time())

    def search(self, query: str | search_terms.Plan, *, limit: int, offset: int, order: str,
               ids=None):
        """Store.search of `search_plan(query)` under the connection lock; raises
        SearchError for bad queries."""
        plan = query if isinstance(query, search_terms.Plan) else self.search_plan(query)
        with self.lock:
            return self.store.search(plan, limit=limit, offset=offset, order=order, ids=ids)


def _load(path: Path, corrections_path: Path | None = None) -> Loaded:
    # A corpus replaced (a re-ingest, a cleared cache) may still sit in reference cycles of
    # finished sessions: collect it before a second copy is built beside it (at 100,000
    # articles each holds ~0.6 GB; the bench's reload peak fell from 2,052 to 1,668 MiB).
    gc.collect()
    store = Store(path, create=False, readonly=True)
    # The snapshot stays the raw corpus: corrections are applied to what it hands over.
    fixes = corr.load(corrections_path) if corrections_path else corr.Corrections()
    applied = corr.apply_report(store.mentions(), fixes)
    corpus = flt.Corpus(store.articles(with_text=False), applied.mentions, store.topics())
    return Loaded(db=str(path), corpus=corpus, actors=corr.actor_summary(applied, store.actors()),
                  store=store, corrections=fixes, affected=applied.affected)


@st.cache_resource(show_spinner="Loading the corpus…", max_entries=4)
def _cached_load(path: str, key: tuple, corrections_path: str, corrections_key) -> Loaded:
    # The keys are only part of the cache key (file mtimes): a changed file loads afresh.
    return _load(Path(path), Path(corrections_path))


def corrections_path() -> Path:
    return Path(settings.get("corrections")).expanduser().resolve()


def load(path: Path) -> Loaded:
    fixes = corrections_path()
    args = (str(Path(path).resolve()), _file_key(path), str(fixes), corr.file_key(fixes))
    loaded = _cached_load(*args)
    previous = _LAST_KEY.get(args[0])
    _LAST_KEY[args[0]] = args
    if previous is not None and previous != args:
        _cached_load.clear(*previous)  # a replaced version is never asked for again
    return loaded


def build_from_seeds(path: Path, seeds: Path) -> None:
    """Ingest the seed folder into `path`, drawing a progress bar; atomic (temp file + rename)
    so an interrupted first start never leaves a half-built database behind."""
    from core.ingest import ingest
    from core.readers import iter_files

    with _BUILD_LOCK:
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".building")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        files = list(iter_files([seeds]))
        total = max(len(files), 1)
        with st.status(f"First start: building the database from {seeds} …",
                       expanded=True) as status:
            bar = st.progress(0.0, text="Reading and analysing articles…")
            done = 0

            def progress(n: int) -> None:
                nonlocal done
                done += n
                bar.progress(min(done / total, 1.0), text=f"{done} of ~{total} articles analysed")

            store = Store(tmp, create=True)
            try:
                report = ingest([str(seeds)], store, progress=progress)
                store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                store.close()
            os.replace(tmp, path)
            for suffix in ("-wal", "-shm"):
                Path(str(tmp) + suffix).unlink(missing_ok=True)
            bar.progress(1.0, text=f"{report.added} articles added")
            status.update(label=f"Database built: {report.added} articles from {seeds}",
                          state="complete", expanded=False)


def open_or_explain(path: Path) -> Loaded | None:
    """The loaded corpus, or None after putting an explanation on screen (never a traceback)."""
    if not path.exists():
        seeds = Path(settings.get("seeds"))
        if is_default_db(path) and seeds.is_dir():
            try:
                build_from_seeds(path, seeds)
            except Exception as exc:  # shown to the user instead of a traceback
                st.error(f"Could not build the database {md(path)} from {md(seeds)}: "
                         f"{md(exc)}")
                return None
        else:
            st.error(f"No database at `{path}`.")
            st.markdown(
                "Create it by ingesting articles, e.g. "
                f"`python -m core ingest seeds --db {path}`, or start the dashboard without "
                "`--db` / `CRISIS_MONITOR_DB` to use the bundled seeds."
            )
            return None
    try:
        return load(path)
    except StoreError as exc:
        reason, advice = explain_store_error(path, str(exc))
        st.error(reason)
        st.markdown(advice)
    except Exception as exc:  # e.g. a truncated file that opens but cannot be read
        detail = str(exc).replace(str(Path(path).resolve()), "it").replace(str(path), "it")
        st.error(f"The database `{path}` could not be read ({type(exc).__name__}: "
                 f"{md(detail)}).")
        st.markdown(f"It may be damaged: {_DEFAULT_ADVICE}")
    return None


_DEFAULT_ADVICE = ("point the dashboard at another file (`streamlit run dashboard.py -- --db "
                   "FILE`), or ingest into a new file (`python -m core ingest FOLDER --db "
                   "FILE`).")
# Where a StoreError's reason ends and its advice begins ("…; point --db at another file").
_ADVICE = re.compile(r"[;:]\s+(?=(?:point|delete|re-ingest|run|copy|ingest)\b)")


def explain_store_error(path: Path, message: str) -> tuple[str, str]:
    """(what is wrong, what to do) for a StoreError raised on `path`, each said once.

    The store's messages are written for the command line: they start with the path and
    end with advice ("point --db at another file").  On the page the path is named once
    (in backticks) and the advice is said once, in the dashboard's terms."""
    names = sorted({str(path), str(Path(path).resolve())}, key=len, reverse=True)
    text = message.strip()
    for name in names:
        if text.startswith(name):
            text = "it " + text[len(name):].lstrip()
            break
    for name in names:
        text = text.replace(name, "it")
    text = text.removeprefix("cannot use it: ")
    parts = _ADVICE.split(text, maxsplit=1)
    reason = parts[0].rstrip(" .;:")
    advice = parts[1].rstrip(" .") + "." if len(parts) > 1 else ""
    advice = advice.replace("point --db at another file",
                            "point the dashboard at another file (`streamlit run dashboard.py "
                            "-- --db FILE`)")
    if not is_default_db(path):  # only the default database is rebuilt from the seeds
        advice = advice.replace("delete this one to rebuild it",
                                "delete it and ingest again")
    advice = advice or _DEFAULT_ADVICE
    advice = advice[:1].upper() + advice[1:]
    return f"The database `{path}` cannot be used: {md(reason)}.", advice


__all__ = ["Loaded", "SearchError", "build_from_seeds", "corrections_path", "db_path_from_args",
           "explain_store_error", "load", "open_or_explain"]
