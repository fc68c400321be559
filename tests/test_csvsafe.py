"""Formula injection is neutralised in every text cell; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from core.csvsafe import neutralise_cell, to_csv_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Putin", "Putin"),
        ("", ""),
        ("a=b", "a=b"),
        (-3, -3),
        (2.5, 2.5),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_round_trip_keeps_text_and_numbers():
    df = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "Grüße aus Kiew"], "n": [-1, 2]})
    data = to_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read umlauts right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["title", "n"], ["'=cmd|' /C calc'!A0", "-1"], ["Grüße aus Kiew", "2"]]


def _rows(df):
    return list(csv.reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"))))


CASES = {
    # name: (column, expected cells)
    "arrow text": (pd.Series(["=1+1", "ok", None, "-x"], dtype="str"), ["'=1+1", "ok", "", "'-x"]),
    "categorical": (pd.Series(["@a", "b", "@a", None], dtype="category"), ["'@a", "b", "'@a", ""]),
    # Neutralising "=x" would collide with an existing "'=x" category: still both right.
    "colliding categories": (pd.Series(["=x", "'=x"], dtype="category"), ["'=x", "'=x"]),
    "object mix": (pd.Series([1, "+49", None, 2.5], dtype=object), ["1", "'+49", "", "2.5"]),
    "numbers stay numbers": (pd.Series([-3, 4]), ["-3", "4"]),
    "floats": (pd.Series([0.5, float("nan")]), ["0.5", ""]),
    "booleans": (pd.Series([True, False]), ["True", "False"]),
    "dates without times": (pd.Series(pd.to_datetime(["2022-02-01", None])), ["2022-02-01", ""]),
    "dates with times": (pd.Series(pd.to_datetime(["2022-02-01 10:30", "2022-02-02 00:00"])),
                         ["2022-02-01 10:30:00", "2022-02-02 00:00:00"]),
    "quotes, commas, newlines": (pd.Series(['a "b"', "c,d", "e\nf"], dtype="str"),
                                 ['a "b"', "c,d", "e\nf"]),
}


@pytest.mark.parametrize("name", CASES)
def test_columns_are_written_as_a_reader_expects(name):
    column, expected = CASES[name]
    rows = _rows(pd.DataFrame({"x": column, "i": range(len(column))}))
    assert rows[0] == ["x", "i"]
    assert [r[0] for r in rows[1:]] == expected


def test_empty_frame_keeps_its_header():
    assert _rows(pd.DataFrame({"a": pd.Series(dtype="str"), "n": pd.Series(dtype="int64")})) == [
        ["a", "n"]]
