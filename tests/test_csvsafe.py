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
