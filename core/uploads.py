"""Files dropped into the dashboard: kept next to the database, then ingested like any path.

Uploads are saved under `DB.uploads/<time>/` (the source of every article stays on disk,
as a file given to the CLI does) with names that cannot leave that folder, and each file
over the size limit is refused with its size before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core import settings
from core.readers import READERS

# What the upload widget accepts: the readers' formats (HTML once a reader for it exists).
ACCEPTED = tuple(sorted(s.lstrip(".") for s in READERS))


@dataclass(frozen=True)
class Refused:
    name: str
    reason: str


def max_mb() -> float:
    """The `max_upload_mb` setting; ValueError (naming it) when not a positive number."""
    return settings.number("max_upload_mb", float, lo=0, above=True)


def safe_name(name: str) -> str:
    """The file's own name, without folders, control characters or a leading dot."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "upload"


def folder_for(db: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S-%f")
    return db.with_name(db.name + ".uploads") / stamp


def save(files: Iterable[tuple[str, bytes]], folder: Path, *,
         limit_mb: float) -> tuple[list[Path], list[Refused]]:
    """Write each (name, content) into `folder`; a file over `limit_mb` is refused with its
    size, two files of one name are both kept (the second gets a number)."""
    saved: list[Path] = []
    refused: list[Refused] = []
    for name, data in files:
        size_mb = len(data) / 1_000_000
        if size_mb > limit_mb:
            refused.append(Refused(name, f"too large: {size_mb:,.1f} MB, the limit is "
                                         f"{limit_mb:g} MB (setting max_upload_mb)"))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / safe_name(name)
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{Path(safe_name(name)).stem}-{n}{Path(safe_name(name)).suffix}"
        target.write_bytes(data)
        saved.append(target)
    return saved, refused


def split_urls(text: str) -> tuple[list[str], list[str]]:
    """The web addresses typed one per line (blank lines skipped, each once), and the lines
    that are not one."""
    from core.web import is_url

    good: list[str] = []
    bad: list[str] = []
    for line in dict.fromkeys(x.strip() for x in text.splitlines()):
        if line:
            (good if is_url(line) else bad).append(line)
    return good, bad
