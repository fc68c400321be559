"""Settings, declared once: name, default, environment variable and help text.

The CLI turns these into flags and the dashboard reads them; the README's
configuration table is generated from `SETTINGS` (see `describe()`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env, "") or self.default


SETTINGS = {
    s.name: s
    for s in (
        Setting(
            "db",
            "CRISIS_MONITOR_DB",
            str(ROOT / "data" / "crisis_monitor.db"),
            "SQLite database holding the corpus (created on first use).",
        ),
        Setting(
            "seeds",
            "CRISIS_MONITOR_SEEDS",
            str(ROOT / "seeds"),
            "Folder the dashboard ingests when its database does not exist yet.",
        ),
        Setting(
            "aliases",
            "CRISIS_MONITOR_ALIASES",
            str(DATA / "aliases.tsv"),
            "Actor alias file: `variant<TAB>canonical` per line.",
        ),
        Setting(
            "display_names",
            "CRISIS_MONITOR_DISPLAY_NAMES",
            str(DATA / "display_names.tsv"),
            "Actor names per display language: `actor<TAB>language<TAB>name` per line; "
            "wins over the name articles of that language use most (core.display_names).",
        ),
        Setting(
            "corrections",
            "CRISIS_MONITOR_CORRECTIONS",
            str(DATA / "corrections.tsv"),
            "Analysts' corrections of actors: `action<TAB>actor<TAB>argument` per line "
            "(merge, rename, split, not_actor, type), applied in order when the corpus is "
            "read (dashboard, export, info), never written into the database.",
        ),
        Setting(
            "topics",
            "CRISIS_MONITOR_TOPICS",
            str(DATA / "topics.toml"),
            "Topic taxonomy (TOML): labels, keyword stems per language and topic, and the "
            "section weights that keep crisis topics off match reports and film reviews.",
        ),
        Setting(
            "sections",
            "CRISIS_MONITOR_SECTIONS",
            str(DATA / "sections.toml"),
            "Section cue words (TOML) per section and language, blended with the bundled "
            "German section classifier.",
        ),
        Setting(
            "crisis",
            "CRISIS_MONITOR_CRISIS",
            str(DATA / "crisis.toml"),
            "The crisis you follow (TOML): terms per language, actors, threshold; every "
            "article gets a relevance score against it.  Default: Russia–Ukraine.",
        ),
        Setting(
            "boilerplate",
            "CRISIS_MONITOR_BOILERPLATE",
            str(DATA / "boilerplate.txt"),
            "Boilerplate rules: regular expressions for paragraphs/spans to remove.",
        ),
        Setting(
            "hunspell_de",
            "CRISIS_MONITOR_HUNSPELL_DE",
            "/usr/share/hunspell/de_DE.dic",
            "German hunspell dictionary (Debian's hunspell-de-de) telling common nouns and "
            "adjectives from names; without it that check is skipped.",
        ),
        Setting(
            "hunspell_en",
            "CRISIS_MONITOR_HUNSPELL_EN",
            "/usr/share/hunspell/en_US.dic",
            "English hunspell dictionary (Debian's hunspell-en-us) telling ordinary words "
            "from names after the English model; without it that check is skipped.",
        ),
        Setting(
            "pipeline",
            "CRISIS_MONITOR_PIPELINE",
            "",
            "Force one NLP pipeline (e.g. rules-de, de_core_news_lg); empty = best installed.",
        ),
        Setting(
            "near_duplicate",
            "CRISIS_MONITOR_NEAR_DUPLICATE",
            "0.5",
            "Estimated Jaccard similarity (5-word shingles, MinHash) from which an article "
            "counts as a version or copy of another (core.near_dupes; chosen on labelled "
            "pairs, see README).",
        ),
        Setting(
            "story_threshold",
            "CRISIS_MONITOR_STORY_THRESHOLD",
            "0.125",
            "Similarity (words and actors, core.stories) from which an article joins a story "
            "of the days before it (chosen on labelled bundles, see README).",
        ),
        Setting(
            "story_window",
            "CRISIS_MONITOR_STORY_WINDOW",
            "3",
            "Days a story stays open for new articles after its latest one (core.stories).",
        ),
        Setting(
            "story_actor_weight",
            "CRISIS_MONITOR_STORY_ACTOR_WEIGHT",
            "0.2",
            "Weight of shared actors (vs shared words) in the story similarity, 0 to 1.",
        ),
        Setting(
            "breaking_min_articles",
            "CRISIS_MONITOR_BREAKING_MIN_ARTICLES",
            "3",
            "A story is breaking with at least this many articles on the latest day "
            "(core.story_stats; README: Stories).",
        ),
        Setting(
            "breaking_min_sources",
            "CRISIS_MONITOR_BREAKING_MIN_SOURCES",
            "2",
            "A breaking story's articles on the latest day come from at least this many "
            "outlets (core.story_stats).",
        ),
        Setting(
            "breaking_ratio",
            "CRISIS_MONITOR_BREAKING_RATIO",
            "3",
            "A breaking story has at least this many times both its own and a typical story's "
            "articles per day on the latest day (core.story_stats).",
        ),
        Setting(
            "breaking_baseline_days",
            "CRISIS_MONITOR_BREAKING_BASELINE_DAYS",
            "7",
            "Days before the latest day whose articles per day are the breaking rule's "
            "baselines (core.story_stats).",
        ),
        Setting(
            "max_article_chars",
            "CRISIS_MONITOR_MAX_ARTICLE_CHARS",
            "1000000",
            "Longest text analysed, in characters: a longer article is kept, cut there at a "
            "paragraph break for NLP and storage, and the ingest summary says so.",
        ),
        Setting(
            "max_file_mb",
            "CRISIS_MONITOR_MAX_FILE_MB",
            "200",
            "Largest file read whole (.txt, .md, .json, .csv), in megabytes; a larger one is "
            "rejected with its size (JSON Lines is streamed and has no limit).",
        ),
        Setting(
            "max_json_depth",
            "CRISIS_MONITOR_MAX_JSON_DEPTH",
            "64",
            "Deepest nesting of lists and objects a JSON record may have; a deeper one is "
            "rejected with this reason.",
        ),
        Setting(
            "max_csv_field_chars",
            "CRISIS_MONITOR_MAX_CSV_FIELD_CHARS",
            "20000000",
            "Largest CSV cell, in characters; a row with a larger one is rejected with this "
            "reason and the rows after it are still read.",
        ),
        Setting(
            "batch_chars",
            "CRISIS_MONITOR_BATCH_CHARS",
            "4000000",
            "An ingest batch also ends once its texts reach this many characters, so the "
            "memory one batch holds stays bounded whatever the articles' lengths.",
        ),
        Setting(
            "progress_every",
            "CRISIS_MONITOR_PROGRESS_EVERY",
            "30",
            "Seconds between progress lines of ingest and rescore when stderr is not a "
            "terminal (a log or a pipe); on a terminal a bar is drawn instead.",
        ),
        Setting(
            "live_check_seconds",
            "CRISIS_MONITOR_LIVE_CHECK_SECONDS",
            "30",
            "Seconds between the dashboard's checks for articles that arrived while it is open "
            "(a sidebar notice offers to refresh); 0 switches the check off.",
        ),
        Setting(
            "max_upload_mb",
            "CRISIS_MONITOR_MAX_UPLOAD_MB",
            "200",
            "Largest file the dashboard's “Add articles” page accepts, in megabytes (a larger "
            "one is refused with its size); Streamlit's own server.maxUploadSize must not be "
            "lower.",
        ),
        Setting(
            "batch_size",
            "CRISIS_MONITOR_BATCH_SIZE",
            "256",
            "Articles per ingest batch (NLP batch and database transaction).",
        ),
        Setting(
            "processes",
            "CRISIS_MONITOR_PROCESSES",
            "1",
            "Processes for the NLP step of ingest (spaCy n_process).",
        ),
        Setting(
            "poll_minutes",
            "CRISIS_MONITOR_POLL_MINUTES",
            "15",
            "Minutes between two polls of one feed by `python -m core watch` (GDELT "
            "refreshes every 15, Europe Media Monitor every 10); a failing feed waits longer "
            "(backoff).",
        ),
        Setting(
            "max_backoff_minutes",
            "CRISIS_MONITOR_MAX_BACKOFF_MINUTES",
            "360",
            "Longest wait before a failing feed is polled again: the wait doubles with each "
            "failure in a row up to this (a server's Retry-After may ask for longer).",
        ),
        Setting(
            "host_interval",
            "CRISIS_MONITOR_HOST_INTERVAL",
            "2",
            "Seconds between two requests to the same host (one request at a time per host), "
            "so feeds and pages of one site are fetched politely.",
        ),
        Setting(
            "fetch_timeout",
            "CRISIS_MONITOR_FETCH_TIMEOUT",
            "20",
            "Seconds a feed or page fetch may take (connecting, and between two pieces of "
            "the answer) before it fails with a timeout.",
        ),
        Setting(
            "fetch_retries",
            "CRISIS_MONITOR_FETCH_RETRIES",
            "2",
            "Retries of a page fetch after a timeout, a 5xx or a 429 (waiting 1, 2, 4 … "
            "seconds, or the server's Retry-After when it is at most max_retry_wait).",
        ),
        Setting(
            "max_retry_wait",
            "CRISIS_MONITOR_MAX_RETRY_WAIT",
            "30",
            "Longest wait, in seconds, for a retry within one fetch; a server asking for "
            "longer (Retry-After) gets it between polls instead.",
        ),
        Setting(
            "max_body_mb",
            "CRISIS_MONITOR_MAX_BODY_MB",
            "10",
            "Largest feed or page body read, in megabytes; a larger one is abandoned and "
            "reported as too large.",
        ),
        Setting(
            "user_agent",
            "CRISIS_MONITOR_USER_AGENT",
            "CrisisMonitor/1.0 (news monitoring for analysts; polite: robots.txt, one "
            "request at a time per host)",
            "User-Agent of every feed, page and robots.txt request; put a contact address "
            "in it for the sites you follow.",
        ),
        Setting(
            "folder_settle_seconds",
            "CRISIS_MONITOR_FOLDER_SETTLE_SECONDS",
            "5",
            "A file in a watched folder is read once its size and modification time have not "
            "changed for this many seconds (a file still being written waits).",
        ),
        Setting(
            "watch_folders",
            "CRISIS_MONITOR_WATCH_FOLDERS",
            "",
            "Folders `python -m core watch` picks new files up from, separated by the path "
            "separator (:); `--folder` adds more.",
        ),
        Setting(
            "search_max_terms",
            "CRISIS_MONITOR_SEARCH_MAX_TERMS",
            "30",
            "Most terms of a search that are searched (Reader, `search` command); the rest "
            "is left out and the Reader says so (a pasted article as the query took seconds).",
        ),
    )
}


def get(name: str) -> str:
    return SETTINGS[name].value()


def number(name: str, kind: type = float, *, lo: float | None = None,
           hi: float | None = None, above: bool = False):
    """A numeric setting (`kind` int or float) within [lo, hi] (`above`: lo itself
    excluded); ValueError names the setting, the allowed range and the bad value."""
    raw = get(name)
    span = f" between {lo:g} and {hi:g}" if lo is not None and hi is not None else ""
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int and not span else "a number"
        raise ValueError(f"{name} must be {what}{span}, got {raw!r}") from None
    low_ok = lo is None or (value > lo if above else value >= lo)
    if not low_ok or (hi is not None and value > hi):
        bound = (span.strip() if span else f"above {lo:g}" if above else f"at least {lo:g}")
        raise ValueError(f"{name} must be {bound}, got {raw!r}")
    return value


def describe() -> str:
    """Markdown table of all settings (for the README)."""
    lines = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS.values():
        default = s.default.replace(str(ROOT) + os.sep, "") or "(empty)"
        lines.append(f"| {s.name} | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(lines)
