"""Reading the user-editable TAB-separated files (aliases, display names): one place for
their common rules — `#` comments and blank lines skipped, an optional header row of the
column names, every data row exactly its columns, each non-empty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[list[str]]:
    """The data rows of `path` as stripped fields (an absent file has none).

    ValueError names the file and line of a malformed row.
    """
    if not path.is_file():
        return
    header = list(columns)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != len(columns) or not all(parts):
            raise ValueError(
                f"{path}:{lineno}: expected '{'<TAB>'.join(columns)}', got {line!r}"
            )
        if parts != header:
            yield parts
