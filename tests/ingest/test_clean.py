"""Layout analysis: metadata lines, news-wire title + date, ad markers, bare headings."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import masked_text
from kg.ingest import document_from_string
from kg.ingest.clean import analyse_layout, parse_date

# text, expected title, expected date, expected skipped texts
LAYOUT_CASES = {
    "leading-date-same-line": (
        "date 2024-03-30 When Japan met Biden.", None, "2024-03-30", ["date 2024-03-30 "]),
    "leading-date-own-line": (
        "date 2024-03-30\nWhen Japan met Biden.", None, "2024-03-30", ["date 2024-03-30\n"]),
    "leading-date-colon": (
        "date: 2024-03-30\nJapan met the US.", None, "2024-03-30", ["date: 2024-03-30\n"]),
    "leading-date-time-capitalised": (
        "Date 2024-03-30T10:00:00Z Japan met.", None, "2024-03-30", ["Date 2024-03-30T10:00:00Z "]),
    "leading-indented-date": (
        " date 2024-03-30 Text starts here.", None, "2024-03-30", [" date 2024-03-30 "]),
    "newswire-iso-date": (
        "Japan and US deepen ties\n2024-03-30\n\nJapan met the US today.",
        "Japan and US deepen ties", "2024-03-30", ["2024-03-30"]),
    "newswire-written-date": (
        "Japan and US deepen ties\nMarch 30, 2024\n\nJapan met the US today. It went well.",
        "Japan and US deepen ties", "2024-03-30", ["March 30, 2024"]),
    "newswire-day-month-year": (
        "Chips pact signed\n30 March 2024\n\nJapan met the US.",
        "Chips pact signed", "2024-03-30", ["30 March 2024"]),
    "ad-marker-misspelt": (
        "Japan met the US.\n\nAdvertisment\n\nThey talked.", None, None, ["Advertisment"]),
    "ad-marker": (
        "Japan met the US.\n\nAdvertisement\n\nThey talked.", None, None, ["Advertisement"]),
    "ad-marker-crlf": (
        "Japan met the US.\r\n\r\nAdvertisement\r\n\r\nThey talked.", None, None, ["Advertisement"]),
    "ad-marker-no-blank-lines": (
        "Japan met the US.\nAdvertisement\nOk.", None, None, ["Advertisement"]),
    "story-continues": (
        "Japan met the US.\n\nStory continues below advertisement\n\nOk.", None, None,
        ["Story continues below advertisement"]),
    "bare-heading": (
        "Japan met the US.\n\nFramework for Future Innovation\n\nThey talked.", None, None,
        ["Framework for Future Innovation"]),
    "one-line-paragraph-is-prose": (
        "Japan met the US.\n\nThey talked about many things in the end.\n\nDone.", None, None, []),
    "no-layout": ("Japan met the US. Read more about it.", None, None, []),
    "first-line-is-a-title-not-skipped": ("Japan Meets US\n\nThey talked.", "Japan Meets US", None, []),
    # issue 12.7: the rest of a header line is the first paragraph; the ad marker after it
    # is skipped, never the title
    "header-remainder-is-text": (
        " date 2024-03-30 When Japan met Biden.\n\nAdvertisment\n\nFramework for Future Innovation\n\n"
        "They talked.", None, "2024-03-30",
        [" date 2024-03-30 ", "Advertisment", "Framework for Future Innovation"]),
    "header-remainder-short-is-text": (
        "date 2024-03-30 Japan Meets US\n\nThey talked.", None, "2024-03-30", ["date 2024-03-30 "]),
    "ad-marker-first-is-not-a-title": (
        "Advertisement\n\nJapan met the US.", None, None, ["Advertisement"]),
    "ad-marker-after-header-line-is-not-a-title": (
        "date: 2024-03-30\nAdvertisement\n\nJapan met the US.", None, "2024-03-30",
        ["date: 2024-03-30\n", "Advertisement"]),
}


@pytest.mark.parametrize(
    "text,title,date,skipped", [pytest.param(*c, id=k) for k, c in LAYOUT_CASES.items()]
)
def test_clean_analyse_layout(text, title, date, skipped):
    layout = analyse_layout(text)
    assert (layout.title, layout.date) == (title, date)
    assert [text[s:e] for s, e in layout.skip] == skipped


@pytest.mark.parametrize(
    "text,title,date,url,skipped",
    [
        pytest.param(
            "title: Big News\ndate: 2024-03-30\nurl: https://example.org/a\nJapan met the US.",
            "Big News", "2024-03-30", "https://example.org/a",
            ["title: Big News\n", "date: 2024-03-30\n", "url: https://example.org/a\n"],
            id="three-header-lines",
        ),
        pytest.param("url: https://example.org/a\nJapan met the US.", None, None,
                     "https://example.org/a", ["url: https://example.org/a\n"], id="one-url-line"),
        pytest.param("title: Big News\nJapan met the US.", "Big News", None, None,
                     ["title: Big News\n"], id="one-title-line"),
    ],
)
def test_clean_metadata_header(text, title, date, url, skipped):
    layout = analyse_layout(text)
    assert (layout.title, layout.date, layout.url) == (title, date, url)
    assert [text[s:e] for s, e in layout.skip] == skipped


@pytest.mark.parametrize(
    "given_title,given_date",
    [pytest.param("Given", "2020-01-01", id="given-wins")],
)
def test_clean_given_metadata_wins(given_title, given_date):
    layout = analyse_layout("Japan and US deepen ties\nMarch 30, 2024\n\nJapan met the US.",
                            title=given_title, date=given_date)
    assert (layout.title, layout.date) == (given_title, given_date)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2024-03-30", "2024-03-30"),
        ("March 30, 2024", "2024-03-30"),
        ("30 March 2024", "2024-03-30"),
        ("Japan met the US.", None),
        ("March 30", None),  # no year
        ("", None),
        ("In 2024 the two leaders met again at a summit in Tokyo", None),
    ],
)
def test_clean_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("case", ["leading-date-same-line", "newswire-written-date", "ad-marker-crlf",
                                  "bare-heading", "header-remainder-is-text"])
def test_clean_offsets_index_original_text(case):
    text = LAYOUT_CASES[case][0]
    doc = document_from_string(text, id="x")
    assert doc.text == text
    masked = masked_text(doc)
    assert len(masked) == len(text)
    for start, end in doc.skip:
        assert masked[start:end].strip() == ""
    # everything outside the skipped regions is untouched
    kept = [i for i in range(len(text)) if not any(s <= i < e for s, e in doc.skip)]
    assert [masked[i] for i in kept] == [text[i] for i in kept]
    assert masked.count("\n") == text.count("\n")


def test_clean_seed_layout(seeds_dir):
    (path,) = sorted(seeds_dir.glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    doc = document_from_string(text, id=path.stem)
    skipped = [text[s:e].strip() for s, e in doc.skip]
    assert doc.date == "2024-03-30"
    assert doc.title is None  # was "Advertisment" (issue 12.7): the ad marker is never a title
    first = text.index("When Prime Minister")
    assert not any(s <= first < e for s, e in doc.skip)  # the first paragraph is text
    assert masked_text(doc)[first:text.index("\n", first)] == text[first:text.index("\n", first)]
    assert skipped == [
        "date 2024-03-30", "Advertisment", "Framework for Future Innovation",
        "Strategic Implications and Global Leadership", "Advertisment",
        "Expanding Horizons Beyond Technology",
    ]
