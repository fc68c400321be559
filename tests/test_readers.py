"""Readers: every format by extension, field variants, and every rejection reason."""

from __future__ import annotations

import json

import pytest

from core.readers import InputError, RawRecord, Rejection, read_paths


def _collect(path):
    items = list(read_paths([path]))
    return [i for i in items if isinstance(i, RawRecord)], [
        i for i in items if isinstance(i, Rejection)
    ]


def test_seed_folder_reads_five_articles(seeds_dir):
    records, rejections = _collect(seeds_dir)
    assert len(records) == 5 and not rejections
    assert [r.source for r in records] == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert records[0].text.startswith(" date 2022-02 In der Krise")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("latin1.txt", "Grüße aus Köln".encode("latin-1"), "undecodable"),
        ("binary.txt", b"abc\x00\x01\x02def", "not text"),
        ("doc.pdf", b"%PDF-1.4 ...", "not text"),
        ("fake.txt", b"%PDF-1.4 ...", "not text"),
        ("image.png", b"\x89PNG\r\n", "not text"),
        ("bad.json", b"{not json", "malformed"),
        ("notext.jsonl", b'{"title": "t", "date": "2022-01-01"}\n', "no body"),
        ("emptyarr.json", b"[]", "empty"),
        ("hdr.csv", b"title,text\n", "empty"),
    ],
)
def test_rejection_reasons(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    records, rejections = _collect(tmp_path / name)
    assert not records
    assert len(rejections) == 1
    assert rejections[0].reason.startswith(reason), rejections[0].reason


def test_unreadable_file(tmp_path):
    # A dangling symlink cannot be read even by root (chmod 0 can), so it stands in for
    # any unreadable file found while walking a folder.
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    _, rejections = _collect(tmp_path)
    assert len(rejections) == 1 and rejections[0].reason.startswith("unreadable"), rejections


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_paths([tmp_path / "nope"]))


def test_field_variants_and_bad_lines(tmp_path):
    lines = [
        {
            "headline": "H1",
            "body": "Body one.",
            "published": "2022-01-02",
            "link": "https://www.a.de/x",
        },
        {"title": "H2", "content": "Body two.", "seendate": "20220103T100000Z", "domain": "b.com"},
        "not an object",
    ]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    records, rejections = _collect(path)
    assert [(r.title, r.text, r.date, r.source) for r in records] == [
        ("H1", "Body one.", "2022-01-02", "a.de"),
        ("H2", "Body two.", "20220103T100000Z", "b.com"),
    ]
    assert [r.reason.split(":")[0] for r in rejections] == ["malformed", "malformed"]
    assert rejections[1].locator.endswith(":4")


def test_json_array_and_wrapped(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "A"}, {"text": "B"}]))
    (tmp_path / "b.json").write_text(json.dumps({"articles": [{"text": "C"}]}))
    records, rejections = _collect(tmp_path)
    assert [r.text for r in records] == ["A", "B", "C"] and not rejections


def test_csv_variants(tmp_path):
    (tmp_path / "a.csv").write_text('title,text,date\n"T, 1","Body, with comma",2022-01\n')
    (tmp_path / "b.csv").write_text("title;body\nT2;Zweiter Text\n")
    records, rejections = _collect(tmp_path)
    assert [(r.title, r.text, r.date) for r in records] == [
        ("T, 1", "Body, with comma", "2022-01"),
        ("T2", "Zweiter Text", ""),
    ]


def test_unsupported_extension_is_listed_not_dropped(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"whatever")
    _, rejections = _collect(tmp_path)
    assert rejections and "unsupported file type (.docx" in rejections[0].reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [("news-de-2024.jsonl", 7087), ("news-en-ukraine.jsonl", 447), ("gnad10k-test.csv", 1028)],
)
def test_real_corpora_load_without_rejections(corpora_dir, name, expected):
    records, rejections = _collect(corpora_dir / name)
    assert not rejections, rejections[:3]
    assert len(records) == expected
    assert all(r.text.strip() for r in records)
    if name != "gnad10k-test.csv":
        assert all(r.date for r in records)
    if name == "news-de-2024.jsonl":
        assert all(r.title and r.url for r in records)
        assert "spiegel.de" in {r.source for r in records}



@pytest.mark.parametrize(
    ("value", "url", "country"),
    [
        ("GB", "", "GB"),
        ("pl", "https://www.rp.pl/x", "PL"),  # the record's own field wins
        ("", "https://www.tagesschau.de/ausland/x.html", "DE"),
        ("", "https://www.bbc.co.uk/news/world-1", "GB"),
        ("", "https://www.derstandard.at/story/1", "AT"),
        ("", "https://edition.cnn.com/2022/x", ""),  # generic domain: unknown
        ("", "https://www.n-tv.de/politik", "DE"),
        ("", "https://example.tv/x", ""),  # .tv is not Tuvalu's press
        ("Germany", "", ""),  # not an ISO code and no URL
    ],
)
def test_country_of(value, url, country):
    from core.readers import country_of

    assert country_of(value, url) == country


def test_english_corpus_records_carry_their_media_country(news_en_records, tmp_path):
    from core.readers import read_paths

    path = tmp_path / "en.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in news_en_records[:50]) + "\n",
                    encoding="utf-8")
    got = [r.country for r in read_paths([str(path)]) if not hasattr(r, "reason")]
    assert got == [r["media_country"] for r in news_en_records[:50]]


HTML_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Gespräche in Genf | Beispielzeitung</title>
<meta property="article:published_time" content="2022-01-21T10:00:00+01:00">
<link rel="canonical" href="https://www.beispielzeitung.de/politik/genf-gespraeche?utm_source=x">
</head><body><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article><h1>Gespräche in Genf</h1>
<p>US-Außenminister Antony Blinken und sein russischer Amtskollege Sergej Lawrow haben sich
am Freitag in Genf getroffen, um über die Lage an der ukrainischen Grenze zu sprechen.</p>
<p>Beide Seiten vereinbarten, die Gespräche in der kommenden Woche fortzusetzen. Eine
schriftliche Antwort auf die russischen Forderungen soll folgen.</p></article>
<footer>© Beispielzeitung · Impressum · Datenschutz</footer></body></html>"""


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("page.html", HTML_PAGE, None),
    ("teaser.htm", "<html><body><nav>Start</nav><p>Mehr lesen</p></body></html>", "no body"),
    ("empty.html", "   ", "empty"),
])
def test_saved_web_pages_are_read_like_fetched_ones(tmp_path, name, content, expected):
    from core.readers import read_html

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (got,) = list(read_html(path))
    if expected:
        assert got.reason.startswith(expected), got
        return
    assert got.title.startswith("Gespräche in Genf")
    assert "Sergej Lawrow" in got.text and "Impressum" not in got.text and "Start" not in got.text
    assert got.date.startswith("2022-01-21")
    assert got.url == "https://www.beispielzeitung.de/politik/genf-gespraeche"
    assert got.source == "beispielzeitung.de"
