"""The summary of an ingest run, as lines: the CLI prints them, the dashboard's "Add
articles" page shows the same lines, so both say the same thing about the same run."""

from __future__ import annotations

from collections.abc import Callable

from core import progress

REJECTION_EXAMPLES = 3


def rejection_lines(rejections, relative: Callable[[str], str], *,
                    show_all: bool = False) -> list[str]:
    """Every rejection (all of them when `show_all` or ten at most); else a line per reason
    with its first examples (a million bad records must not print a million lines)."""
    if show_all or len(rejections) <= 10:
        return [f"  - {relative(rej.locator)}: {rej.reason}" for rej in rejections]
    by_reason: dict[str, list] = {}
    for rej in rejections:
        by_reason.setdefault(rej.reason.split(":")[0], []).append(rej)
    out = []
    for reason, rejs in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        out.append(f"  - {reason}: {len(rejs)}, e.g.")
        out += [f"      {relative(rej.locator)}: {rej.reason}"
                for rej in rejs[:REJECTION_EXAMPLES]]
    out.append("  (every rejection: --show-rejections, or the rejections table of the database)")
    return out


def lines(report, relative: Callable[[str], str], *, show_all: bool = False) -> list[str]:
    """The run's summary: counts, every rejection with its reason, cuts, dropped dates,
    pipelines, linked surnames and speed (seen = added + duplicates + rejected)."""
    out = [
        f"files seen:       {report.files}",
        f"articles seen:    {report.seen}",
        f"added:            {report.added}",
        f"duplicates:       {report.duplicates} ({report.duplicates_stored} already stored, "
        f"{report.duplicates_in_run} within this run)",
        f"near-copies:      {report.near_copies} of the added are versions or copies of "
        "another article (counted once as unique articles)",
        f"rejected:         {report.rejected}",
        *rejection_lines(report.rejections, relative, show_all=show_all),
    ]
    if report.truncated:
        out.append(f"truncated:        {len(report.truncated)} article(s) longer than "
                   f"{report.max_chars:,} characters were cut there for analysis (setting "
                   "max_article_chars); e.g. "
                   + ", ".join(relative(x) for x in report.truncated[:3]))
    if report.dates_dropped:
        out.append(f"dates dropped:    {len(report.dates_dropped)} article(s) gave a date in "
                   "the future or an impossible time; stored with an unknown date; e.g. "
                   + ", ".join(f"{relative(loc)} ({why})"
                               for loc, why in report.dates_dropped[:3]))
    if report.pipelines:
        out.append("pipeline:         "
                   + ", ".join(f"{k} ({v})" for k, v in report.pipelines.items()))
    if report.surnames_linked:
        out.append(f"surnames linked:  {report.surnames_linked} (a surname alone → the one "
                   "full name in the corpus)")
    out.append(f"time:             {report.seconds:.1f} s ("
               f"{progress.rate(report.added, report.seconds)}, "
               f"{progress.rate(report.words, report.seconds, 'words')})")
    return out


def nothing_new(report) -> bool:
    return report.added == 0 and bool(report.duplicates) and not report.rejected
