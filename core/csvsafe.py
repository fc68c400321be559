"""CSV that is safe to open in a spreadsheet.

A cell starting with `=`, `+`, `-`, `@` (or a tab / carriage return, which some
spreadsheets skip before evaluating) can run as a formula when the file is
opened in Excel or LibreOffice (CSV / formula injection, OWASP).  Text cells
that start that way get a leading apostrophe, which spreadsheets show as text.
Numeric columns are left alone: -3 is a number, not a formula.
"""

from __future__ import annotations

import io

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells cannot be evaluated as formulas."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            out[col] = series.map(neutralise_cell, na_action="ignore")
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Neutralised CSV, UTF-8 with a BOM so spreadsheets detect the encoding (umlauts!)."""
    buf = io.StringIO()
    neutralise(df).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")
