"""Read articles from files and folders: a registry of formats chosen by extension.

Readers only do I/O and field mapping.  They yield `RawRecord`s for everything
that looks like an article and `Rejection`s (with a one-line reason) for
everything that does not, so the caller can account for every input: nothing
is dropped silently.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse


@dataclass(frozen=True)
class RawRecord:
    locator: str  # where it came from: path, or path:line / path#index
    source: str  # publisher / file name shown to users
    text: str
    title: str = ""
    date: str = ""
    url: str = ""
    lang: str = ""  # a hint from the record, if any
    country: str = ""  # the outlet's country, ISO 3166 alpha-2 ("GB"), if known


@dataclass(frozen=True)
class Rejection:
    locator: str
    reason: str  # one of REJECTION_REASONS, then ": detail"


REJECTION_REASONS = ("unreadable", "empty", "not text", "undecodable", "no body", "malformed",
                     "too large")

# Field names seen in the wild, first match wins.  Lower-cased before lookup.
FIELD_ALIASES = {
    "text": ("text", "body", "content", "article", "maintext", "fulltext", "full_text"),
    "title": ("title", "headline", "heading"),
    "date": (
        "date",
        "published",
        "published_at",
        "publishdate",
        "publish_date",
        "pubdate",
        "seendate",
        "datetime",
        "date_publish",
        "created_at",
    ),
    "url": ("url", "link", "href", "uri"),
    "source": ("source", "domain", "outlet", "publisher", "site", "media"),
    "lang": ("lang", "language", "lang_code"),
    "country": ("media_country", "country", "sourcecountry", "source_country", "outlet_country"),
}

# Country-code top-level domains that are not a country's outlets (generic use) or whose
# code differs from ISO 3166 ("uk" -> GB).
_GENERIC_TLDS = {"tv", "io", "me", "co", "fm", "ai", "ws", "cc", "eu", "to", "ly", "gg"}
_TLD_TO_COUNTRY = {"uk": "GB"}


def country_of(value: str = "", url: str = "") -> str:
    """The outlet's country: an ISO alpha-2 code given by the record, else from the URL's
    country-code domain (tagesschau.de -> DE, bbc.co.uk -> GB); "" when neither says."""
    code = (value or "").strip().upper()
    if len(code) == 2 and code.isalpha():
        return code
    host = urlparse((url or "").strip()).netloc.lower().split(":")[0]
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_TLDS:
        return _TLD_TO_COUNTRY.get(tld, tld.upper())
    return ""

# Binary formats users drop into folders; named so the rejection says what it was.
_BINARY_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (docx/xlsx?)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"SQLite format 3": "SQLite database",
    b"\x1f\x8b": "gzip archive",
}


def max_file_bytes() -> int:
    """The largest input file read (setting max_file_mb)."""
    return int(_setting("max_file_mb", float, above=True) * 1024 * 1024)


def _too_big(path: Path) -> Rejection | None:
    size, limit = path.stat().st_size, max_file_bytes()
    if size <= limit:
        return None
    return Rejection(str(path), f"too large: {size / 2**20:,.0f} MB, more than the "
                                f"{limit / 2**20:,.0f} MB a file may have (setting max_file_mb)")


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; raise ValueError otherwise.

    We do not guess legacy code pages: cp1252 "decodes" any byte string, which
    would turn a corrupt file into silent mojibake instead of a rejection.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data (NUL bytes)"
    return None


def _read_text(path: Path) -> str | Rejection:
    """A whole file's text (formats read whole: .txt, .md, .json, .csv; JSON Lines is
    streamed line by line and has no file size limit)."""
    try:
        too_big = _too_big(path)
        if too_big is not None:
            return too_big
        data = path.read_bytes()
    except OSError as exc:
        return Rejection(str(path), f"unreadable: {exc.strerror or exc}")
    if not data.strip():
        return Rejection(str(path), "empty: file has no content")
    kind = _binary_kind(data)
    if kind:
        return Rejection(str(path), f"not text: {kind}")
    try:
        return _decode(data)
    except ValueError as exc:
        return Rejection(str(path), f"undecodable: {exc}")


class FieldError(ValueError):
    """A record's field holds something that is not text (the message names it)."""


# The types a field may hold besides text: dates may be numbers (a timestamp, a year).
_ALSO_ALLOWED = {"date": (int, float)}


def _pick(record: dict, field: str) -> str:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in FIELD_ALIASES[field]:
        value = lowered.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, *_ALSO_ALLOWED.get(field, ()))):
            raise FieldError(f"field {name!r} holds {type(value).__name__}, not text")
        if str(value).strip():
            return _valid_text(str(value), name)
    return ""


def _valid_text(value: str, name: str) -> str:
    """`value`, unless it holds a lone surrogate (a broken \\ud800 escape in JSON), which
    no database or file can store as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FieldError(f"field {name!r} holds an invalid character (U+{ord(value[exc.start]):04X}"
                         ", a lone surrogate)") from None
    return value


def _limit(name: str) -> int:
    """A whole-number limit setting (max_json_depth, max_csv_field_chars)."""
    return _setting(name, int, lo=1)


def _setting(name: str, kind: type, *, lo: float = 0, above: bool = False):
    """settings.number, as an InputError (a reader's settings are part of its input)."""
    from core import settings

    try:
        return settings.number(name, kind, lo=lo, above=above)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def check_limits() -> None:
    """InputError now, not record by record, for a bad limit setting."""
    max_file_bytes()
    _limit("max_json_depth")
    _limit("max_csv_field_chars")


def _too_deep(value, limit: int) -> bool:
    """Is `value` nested more than `limit` levels deep (lists and objects)?  Iterative, with
    an early exit, so it costs nothing for ordinary records."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict)
                                                   else item))
    return False


def _json_loads(text: str):
    """json.loads; ValueError with a one-line reason for everything it can fail on (syntax,
    numbers of thousands of digits, nesting deeper than max_json_depth levels)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError(f"nested more than {_limit('max_json_depth')} levels deep "
                         "(setting max_json_depth)") from None
    except ValueError as exc:  # e.g. "Exceeds the limit (4300 digits) for integer string"
        raise ValueError(str(exc).split(";")[0]) from None
    limit = _limit("max_json_depth")
    if _too_deep(value, limit + 1):  # + the array of a .json file holding the records
        raise ValueError(f"nested more than {limit} levels deep (setting max_json_depth)")
    return value


def _source_of(record: dict, container: Path) -> str:
    source = _pick(record, "source")
    if source:
        return source.strip()
    url = _pick(record, "url")
    if url:
        host = urlparse(url.strip()).netloc.lower()
        if host:
            return host.removeprefix("www.")
    return container.name


def _from_mapping(record: object, container: Path, locator: str) -> RawRecord | Rejection:
    if not isinstance(record, dict):
        return Rejection(locator, f"malformed: expected an object, got {type(record).__name__}")
    try:
        text = _pick(record, "text")
        if not text.strip():
            keys = ", ".join(sorted(map(str, record))[:8])
            return Rejection(locator, f"no body: no text field (keys: {_valid_keys(keys)})")
        return RawRecord(
            locator=locator,
            source=_source_of(record, container),
            text=text,
            title=_pick(record, "title"),
            date=_pick(record, "date"),
            url=_pick(record, "url").strip(),
            lang=_pick(record, "lang").strip().lower(),
            country=country_of(_pick(record, "country"), _pick(record, "url")),
        )
    except FieldError as exc:
        return Rejection(locator, f"malformed: {exc}")


def _valid_keys(keys: str) -> str:
    return keys.encode("utf-8", "replace").decode("utf-8")


def read_plain(path: Path) -> Iterator[RawRecord | Rejection]:
    """`.txt` / `.md`: one article per file (the seed header is parsed later, by dates)."""
    content = _read_text(path)
    if isinstance(content, Rejection):
        yield content
        return
    yield RawRecord(locator=str(path), source=path.name, text=content)


def read_jsonl(path: Path) -> Iterator[RawRecord | Rejection]:
    """`.jsonl`: one JSON object per line; a bad line is rejected, the rest still load."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Rejection(str(path), f"unreadable: {exc.strerror or exc}")
        return
    with fh:
        head = fh.read(4096)
        if not head.strip():
            yield Rejection(str(path), "empty: file has no content")
            return
        kind = _binary_kind(head)
        if kind:
            yield Rejection(str(path), f"not text: {kind}")
            return
        fh.seek(0)
        lines: Iterable = fh
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16 cannot be split into lines as bytes: decode the file, then split.
            lines = (ln.encode("utf-8") for ln in fh.read().decode("utf-16").splitlines())
        for lineno, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            locator = f"{path}:{lineno}"
            try:
                line = _decode(raw)
            except ValueError as exc:
                yield Rejection(locator, f"undecodable: {exc}")
                continue
            try:
                record = _json_loads(line)
            except json.JSONDecodeError as exc:
                yield Rejection(locator, f"malformed: invalid JSON ({exc.msg})")
                continue
            except ValueError as exc:
                yield Rejection(locator, f"malformed: invalid JSON ({exc})")
                continue
            yield _from_mapping(record, path, locator)


def read_json(path: Path) -> Iterator[RawRecord | Rejection]:
    """`.json`: an array of objects, an object holding one (articles/data/items), or one object."""
    content = _read_text(path)
    if isinstance(content, Rejection):
        yield content
        return
    try:
        data = _json_loads(content)
    except json.JSONDecodeError as exc:
        # A .json file that is really JSON Lines is common enough to accept.
        if exc.msg == "Extra data":
            yield from read_jsonl(path)
            return
        yield Rejection(str(path), f"malformed: invalid JSON ({exc.msg}, line {exc.lineno})")
        return
    except ValueError as exc:
        yield Rejection(str(path), f"malformed: invalid JSON ({exc})")
        return
    if isinstance(data, dict):
        for key in ("articles", "data", "items", "results", "records"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        yield Rejection(str(path), "malformed: JSON holds neither an object nor an array")
        return
    if not data:
        yield Rejection(str(path), "empty: JSON array has no records")
        return
    for index, record in enumerate(data):
        yield _from_mapping(record, path, f"{path}#{index}")


def read_csv(path: Path) -> Iterator[RawRecord | Rejection]:
    """`.csv` / `.tsv`: delimiter and quote character sniffed, header row required.

    A header that names no text column (e.g. the GNAD `label;'text'` layout
    puts the text in the last column) falls back to the longest column.
    """
    content = _read_text(path)
    if isinstance(content, Rejection):
        yield content
        return
    dialect = _sniff_dialect(content, path)
    field_limit = _limit("max_csv_field_chars")
    csv.field_size_limit(field_limit)
    csv_reader = csv.reader(io.StringIO(content), **dialect)
    reader = _rows_or_errors(csv_reader, path)
    try:
        first = next(reader)
    except StopIteration:
        yield Rejection(str(path), "empty: no rows")
        return
    except csv.Error as exc:
        yield Rejection(str(path), f"malformed: {exc}")
        return
    cells = [h.strip().strip("'\"").lower() for h in first]
    known = {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
    if any(c in known for c in cells):
        names = cells
        pending: list[list[str]] = []
    else:
        # No recognisable header (GNAD's `label;'text'` rows): columns get numbers.
        names = [f"column_{i}" for i in range(len(first))]
        pending = [first]
    has_text = any(n in FIELD_ALIASES["text"] for n in names)
    reader = itertools.chain(pending, reader)
    rows = 0
    start = 2 if not pending else 1
    kinds: tuple[str, ...] | None = None  # the shape of the file's first plain row
    for lineno, row in enumerate(reader, start=start):
        if isinstance(row, Rejection):
            rows += 1
            yield row
            continue
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        locator = f"{path}:{lineno}"
        if kinds is None and len(row) == len(names) and not any("\n" in c for c in row):
            kinds = tuple(_kind(c) for c in row)
        swallowed = _swallowed_rows(row, len(names), dialect, kinds)
        if swallowed:
            yield Rejection(locator, f"malformed: an unclosed quote runs over {swallowed} "
                                     "lines that look like rows of their own (fix the quote "
                                     "and ingest the file again)")
            continue
        if len(row) != len(names):
            yield Rejection(locator, f"malformed: {len(row)} fields, header has {len(names)}")
            continue
        record = dict(zip(names, row))
        if not has_text:
            longest = max(range(len(row)), key=lambda i: len(row[i]))
            record = {**record, "text": row[longest]}
        yield _from_mapping(record, path, locator)
    if rows == 0:
        yield Rejection(str(path), "empty: header but no rows")


def _rows_or_errors(reader, path: Path) -> Iterator[list[str] | Rejection]:
    """The CSV reader's rows; a row it cannot parse (a field over max_csv_field_chars, a
    stray NUL) becomes a Rejection and reading goes on with the next row."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            hint = " (setting max_csv_field_chars)" if "field limit" in str(exc) else ""
            yield Rejection(f"{path}:{reader.line_num}", f"malformed: {exc}{hint}")


def _kind(value: str) -> str:
    """A cell's shape: a date, a number, empty or text (how rows of one file look alike)."""
    from core.dates import parse_date_value

    value = value.strip()
    if not value:
        return "empty"
    try:
        float(value)
        return "number"
    except ValueError:
        pass
    return "date" if parse_date_value(value) is not None else "text"


def _swallowed_rows(row: list[str], width: int, dialect: dict,
                    kinds: tuple[str, ...] | None) -> int:
    """How many lines inside the row's fields would be whole rows of the file by
    themselves — as many fields as the header, shaped like the file's rows (`kinds`: a
    date where its rows have a date…): an unclosed quote reads the following rows into one
    field, which would otherwise be stored as one giant article.  0 when it looks like one
    row (a text with line breaks and commas is not rows)."""
    if width < 2:
        return 0
    n = 0
    for cell in row:
        if "\n" not in cell:
            continue
        for line in cell.split("\n"):
            try:
                fields = next(csv.reader([line], **dialect), [])
            except csv.Error:
                continue
            if len(fields) != width or not all(f.strip() for f in fields):
                continue
            if kinds is not None and tuple(_kind(f) for f in fields) != kinds:
                continue
            n += 1
    # With a row shape that is more than text (a date, a number column), one such line is
    # telling; without one (the broken row came first, or every column is text), only many.
    telling = kinds is not None and set(kinds) != {"text"}
    return n if n >= (1 if telling else 3) else 0


def _sniff_dialect(content: str, path: Path) -> dict:
    """Pick the delimiter and quote character that split the first rows most consistently.

    csv.Sniffer gives up on long quoted texts with single quotes (GNAD), so we
    try the usual candidates and keep the one with a stable field count > 1.
    """
    sample = content[:200000]
    best, best_score = None, (-1.0, 0)
    delimiters = ("\t", ",", ";", "|") if path.suffix.lower() == ".tsv" else (",", ";", "\t", "|")
    for quote in ('"', "'"):
        for delim in delimiters:
            try:
                rows = list(
                    itertools.islice(
                        csv.reader(io.StringIO(sample), delimiter=delim, quotechar=quote), 50
                    )
                )
            except csv.Error:
                continue
            if len(rows) > 1:
                rows = rows[:-1]  # the sample may cut the last row short
            widths = [len(r) for r in rows if r]
            if not widths:
                continue
            modal = max(set(widths), key=widths.count)
            if modal < 2:
                continue
            score = (widths.count(modal) / len(widths), -abs(modal - 2) if quote == "'" else 0)
            if score > best_score:
                best, best_score = {"delimiter": delim, "quotechar": quote}, score
    return best or {"delimiter": "\t" if path.suffix.lower() == ".tsv" else ","}


def read_html(path: Path) -> Iterator[RawRecord | Rejection]:
    """`.html` / `.htm`: a saved web page, one article: its text, title and date extracted
    as for a fetched page (core.web: trafilatura + htmldate)."""
    from core import web  # trafilatura loads only when a page is read

    content = _read_text(path)
    if isinstance(content, Rejection):
        yield content
        return
    page = web.extract(content, "")
    if isinstance(page, str):  # why there is no article: "no body: …", "malformed: …"
        yield Rejection(str(path), page)
        return
    url = page.canonical
    yield RawRecord(locator=str(path), source=(web.source_of(url) if url else "") or path.name,
                    text=page.text, title=page.title, date=page.date, url=url)


Reader = Callable[[Path], Iterable[RawRecord | Rejection]]

READERS: dict[str, Reader] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".html": read_html,
    ".htm": read_html,
}


class InputError(ValueError):
    """A path given by the user cannot be read at all (missing, not a file or folder)."""


def _not_regular(path: Path) -> Rejection | None:
    """Why `path` is not a regular file we can read (None when it is one).  Only regular
    files are opened: a FIFO would block forever, a device (a link to /dev/zero) never
    ends, and a socket cannot be read."""
    try:
        mode = path.stat().st_mode
    except RuntimeError:  # a symlink loop on older Pythons
        return Rejection(str(path), "unreadable: a symbolic link that loops")
    except OSError as exc:
        if path.is_symlink():
            return Rejection(str(path), "unreadable: a symbolic link that loops or points "
                                        "nowhere")
        return Rejection(str(path), f"unreadable: {exc.strerror or exc}")
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return Rejection(str(path), f"unreadable: {kind}, not a regular file")


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Rejection]:
    """Expand files and folders (recursively, sorted for a stable order).  Symlinked
    folders are followed once (a folder reached twice, or a link looping back, is reported,
    not read again); anything that is not a regular file is a Rejection, never opened."""
    for raw in paths:
        # Absolute paths make locators stable, so re-reading a file via another
        # spelling of its path is still recognised as the same copy.
        path = Path(os.path.abspath(raw))
        if not path.exists() and not path.is_symlink():
            raise InputError(f"no such file or folder: {path}")
        if path.is_dir():
            seen = {os.path.realpath(path)}
            for root, dirs, files in os.walk(path, followlinks=True):
                dirs.sort()
                for name in list(dirs):
                    real = os.path.realpath(os.path.join(root, name))
                    if real in seen:
                        dirs.remove(name)
                        yield Rejection(os.path.join(root, name),
                                        "unreadable: a folder already read (a symbolic "
                                        "link loops back to it)")
                    else:
                        seen.add(real)
                for name in sorted(files):
                    yield Path(root) / name
        else:
            yield path


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[RawRecord | Rejection]:
    """Every record and rejection from `paths`, in a stable order."""
    for path in iter_files(paths):
        if isinstance(path, Rejection):
            yield path
            continue
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            what = path.suffix.lower() or "no extension"
            supported = " ".join(sorted(READERS))
            yield Rejection(
                str(path), f"not text: unsupported file type ({what}; supported: {supported})"
            )
            continue
        bad = _not_regular(path)
        if bad is not None:
            yield bad
            continue
        yield from reader(path)
