"""Dashboard interactions through Streamlit's AppTest, server-side, in a process of its own.

Run as `python -m bench.dashboard_bench --db FILE --repeats R --out FILE.json` (the
harness does this once per store size, so each size's peak memory is its own process's).

Every timed step is one AppTest `run()`: Streamlit's full script rerun that a browser
interaction triggers (dashboard.py: load from cache, sidebar filters, the page), which is
what the server spends per click.  Values change on every repetition (another actor,
another date range, another query, another article), so memoised results are not
measured as if they were fresh, except where repeating the same request is the real use
(switching pages back and forth, toggling the granularity).

CSV downloads are deferred callables in the app (built when clicked): they are captured
while the pages render and each one is timed by calling it, as the server does on a click.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before streamlit is imported: cold start includes the imports

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["pages/overview.py", "pages/timeline.py", "pages/stories.py", "pages/actors.py",
         "pages/reader.py"]

# Representative reader searches (the search benchmark uses the same list).
QUERIES = [
    "Ukraine", "Selenskyj", "Bundesregierung", "Sanktionen", "Flüchtlinge", "Zelensky",
    '"Olaf Scholz"', '"Wladimir Putin"', '"peace talks"', '"Europäische Union"',
    "Sanktion*", "Waffenlief*", "Migra*", "drone*",
    "Putin AND Selenskyj", "Scholz OR Merz", "Ukraine NOT Russland",
    "(Gas OR Öl) AND Preis*", 'Nato AND "Olaf Scholz"', "Kyiv AND (missile* OR drone*)",
]


def _stats(samples: list[float]) -> dict:
    ms = sorted(s * 1000 for s in samples)
    if not ms:
        return {}
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * (len(ms) - 1))))]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ms[-1], 1)}


def _rss_mib() -> int:
    """Peak resident memory of this process, MiB.

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over an exec, so a process
    started by a big parent would report the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _no_mentions():
    from core import schema

    return schema.empty("mentions")


def run(db: Path, repeats: int, log=print) -> dict:
    os.environ["CRISIS_MONITOR_DB"] = str(db)
    sys.path.insert(0, str(ROOT))
    import streamlit as st
    import streamlit.elements.widgets.button as button_mod
    import streamlit.testing.v1.app_test as app_test_mod
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    class _NavPagesManager(PagesManager):
        # As in tests/test_app.py: keep AppTest in st.navigation mode across runs.
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test_mod.PagesManager = _NavPagesManager

    # Capture the deferred CSV callables of every download button as pages render.
    downloads: dict[str, object] = {}
    page_now = {"name": "overview"}
    original = button_mod.marshall_file

    def capture(coordinates, data, proto, mimetype, file_name=None, **kw):
        if callable(data) and file_name and file_name.endswith(".csv"):
            downloads[f"{page_now['name']}: {file_name}"] = data
        return original(coordinates, data, proto, mimetype, file_name, **kw)

    button_mod.marshall_file = capture

    def new_app() -> AppTest:
        return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)

    def timed(at: AppTest) -> float:
        started = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"app raised: {[e.value for e in at.exception][:1]}")
        return seconds

    results: dict = {"db": str(db), "repeats": repeats}
    # -- cold start: first render in this fresh process (imports, loading the store) ------
    at = new_app()
    timed(at)
    results["cold_start_fresh_process_s"] = round(time.perf_counter() - _T0, 2)
    results["rss_after_cold_start_mib"] = _rss_mib()
    log(f"  cold start (fresh process): {results['cold_start_fresh_process_s']} s, "
        f"RSS {results['rss_after_cold_start_mib']} MiB")
    # ...and with the corpus cache cleared in a warm process (what a re-ingest triggers).
    reloads = []
    for _ in range(max(2, repeats // 2)):
        st.cache_resource.clear()
        reloads.append(timed(new_app()))
    results["cold_start_cache_cleared"] = _stats(reloads)
    results["peak_rss_after_reloads_mib"] = _rss_mib()
    log(f"  reloads done (peak {_rss_mib()} MiB)")

    from core.store import Store

    with Store(db, readonly=True) as store:
        actors = store.actors()["actor"].tolist()
        n_articles = store.count()
        first, last = store.conn.execute(
            "SELECT min(date_start), max(date_end) FROM articles").fetchone()
    results["n_articles"] = n_articles
    first = dt.date.fromisoformat(first)
    last = dt.date.fromisoformat(last)

    inter: dict[str, list[float]] = {}

    def record(name: str, seconds: float) -> None:
        inter.setdefault(name, []).append(seconds)

    at = new_app()
    timed(at)
    # -- open each page (each switch is a full rerun of that page, unfiltered corpus) ------
    for _ in range(repeats):
        for page in [*PAGES[1:], PAGES[0]]:
            at.switch_page(page)
            record(f"open page {page.split('/')[1][:-3]}", timed(at))
    log(f"  pages done (peak {_rss_mib()} MiB)")
    # -- change the actor filter (Overview page): a new actor each time -------------------
    for i in range(repeats):
        at.sidebar.multiselect(key="actor").set_value([actors[i % max(len(actors), 1)]])
        record("change actor filter (overview)", timed(at))
    at.sidebar.multiselect(key="actor").set_value([])
    timed(at)
    # -- change the date range (Overview page): another 60-day window each time -----------
    span = max((last - first).days - 60, 1)
    for i in range(repeats):
        since = first + dt.timedelta(days=(i * 37) % span)
        # The sidebar's From/To are text fields (a day, a month or a year).
        at.sidebar.text_input(key="since").set_value(since.isoformat())
        at.sidebar.text_input(key="until").set_value(
            (since + dt.timedelta(days=60)).isoformat())
        record("change date range (overview)", timed(at))
    at.sidebar.text_input(key="since").set_value("")
    at.sidebar.text_input(key="until").set_value("")
    timed(at)
    log(f"  filters done (peak {_rss_mib()} MiB)")
    # -- timeline granularity -------------------------------------------------------------
    at.switch_page("pages/timeline.py")
    timed(at)
    grans = ["day", "month", "week"]
    for i in range(repeats):
        at.segmented_control(key="gran").set_value(grans[i % 3])
        record("switch timeline granularity", timed(at))
    at.sidebar.multiselect(key="actor").set_value([actors[0]])
    for i in range(repeats):
        at.segmented_control(key="gran").set_value(grans[i % 3])
        record("switch timeline granularity (actor filter)", timed(at))
    at.sidebar.multiselect(key="actor").set_value([])
    timed(at)
    log(f"  timeline done (peak {_rss_mib()} MiB)")
    # -- stories: the three lists, one story opened, the stories unit -----------------------
    from core import story_stats

    with Store(db, readonly=True) as store:
        arts = store.articles(with_text=False)
    table = story_stats.story_table(arts[(arts["copy_of"] == "").to_numpy()], _no_mentions())
    big = table["story"].head(max(repeats, 1)).tolist()
    at.switch_page("pages/stories.py")
    timed(at)
    shows = ["Fastest-growing", "Breaking", "Biggest"]
    for i in range(repeats):
        at.segmented_control(key="show").set_value(shows[i % 3])
        record("switch stories list (stories)", timed(at))
    for i in range(repeats):
        at.query_params["story"] = big[i % len(big)]
        record("open a story (stories)", timed(at))
    at.query_params.pop("story", None)
    at.switch_page("pages/overview.py")
    timed(at)
    for i in range(repeats):
        at.sidebar.radio(key="unit").set_value(["stories", "unique"][i % 2])
        record("switch count unit (overview)", timed(at))
    at.sidebar.radio(key="unit").set_value("unique")
    timed(at)
    del arts, table
    log(f"  stories done (peak {_rss_mib()} MiB)")
    # -- reader: search, open an article ---------------------------------------------------
    at.switch_page("pages/reader.py")
    timed(at)
    for i in range(repeats):
        at.text_input(key="q").set_value(QUERIES[i % len(QUERIES)])
        record("run a search (reader)", timed(at))
    at.text_input(key="q").set_value("")
    timed(at)
    for i in range(repeats):
        buttons = [b for b in at.button if str(b.key or "").startswith("rd_open_")]
        buttons[i % len(buttons)].click()
        record("open an article (reader)", timed(at))
    log(f"  reader done (peak {_rss_mib()} MiB)")
    # Building a CSV holds the whole file in memory (Streamlit serves bytes): the peak
    # before the downloads is what browsing costs, the final peak includes them.
    results["peak_rss_before_downloads_mib"] = _rss_mib()
    # -- CSV downloads: every deferred CSV of every page, unfiltered -----------------------
    downloads.clear()
    at = new_app()
    timed(at)
    for page in PAGES[1:]:
        page_now["name"] = page.split("/")[1][:-3]
        at.switch_page(page)
        timed(at)
    dl: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    for _ in range(max(1, repeats // 2)):
        for name, fn in downloads.items():
            started = time.perf_counter()
            data = fn()
            dl.setdefault(name, []).append(time.perf_counter() - started)
            sizes[name] = len(data)
    log("  downloads done")
    results["interactions"] = {k: _stats(v) for k, v in inter.items()}
    results["downloads"] = {k: {**_stats(v), "bytes": sizes[k]} for k, v in dl.items()}
    results["peak_rss_mib"] = _rss_mib()
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)
    res = run(args.db, args.repeats, log=lambda m: print(m, file=sys.stderr, flush=True))
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
