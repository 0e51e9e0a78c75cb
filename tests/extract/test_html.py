"""HTML files: the visible text, entities decoded, nothing run."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, SkipFile, Source
from breachscope.extract.html import HtmlExtractor
from breachscope.extract.units import TextUnit


def extract(data: bytes) -> list[Extracted]:
    source = Source("p.html", "html", len(data), lambda: io.BytesIO(data))
    return list(HtmlExtractor().extract(source, Config()))


def test_entities_are_decoded_and_scripts_read_apart() -> None:
    """The visible text without the scripts and styles; the inline scripts' text (never
    run) in a part of its own, a line each: a saved portal page keeps the signed-in
    patient's record there."""
    data = (
        b"<html><head><style>p {color: red}</style><script src='app.js'></script>"
        b'<script>window.__USER__ = {"bsn": "231202970"};</script></head>'
        b"<body><script>alert('Jansen')</script><p>Pati&euml;nt: Mevr. A. de Vries"
        b"<br>Lindenlaan&nbsp;14, 3581&nbsp;TK Utrecht</p></body></html>"
    )
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert [(u.location.part, u.text) for u in units] == [
        ("body", "Patiënt: Mevr. A. de Vries\nLindenlaan\u00a014, 3581\u00a0TK Utrecht"),
        ("scripts", 'window.__USER__ = {"bsn": "231202970"};\nalert(\'Jansen\')'),
    ]


def test_cp1252_page() -> None:
    data = "<html><body>Geachte mevrouw Müller</body></html>".encode("cp1252")
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert units[0].text == "Geachte mevrouw Müller"


@pytest.mark.parametrize("data", [b"", b"  \n"])
def test_empty_page_is_skipped(data: bytes) -> None:
    with pytest.raises(SkipFile):
        extract(data)


def test_a_tables_row_is_one_line_though_its_source_breaks_it() -> None:
    """A saved page's row is laid out over lines, and a cell breaks its own (``<br>``):
    a browser shows one row, and so does the text (a cell's break a ``; ``), so that the
    row is read under its header."""
    data = (
        b"<table><thead><tr><th>Pati&euml;nt</th><th>BSN</th></tr></thead>\n<tbody>\n"
        b'<tr data-id="8000">\n  <td><a href="/p/8000">Kroeze, M.E.</a><br>'
        b"<small>Westzijde 149A</small></td>\n  <td>8452.77.984</td>\n</tr>\n"
        b"<tr><td>Heuvel, I.<p>Laat 7</p></td><td>\n  8956.02.751\n</td></tr></tbody></table>"
        b"<p>Met\nvriendelijke groet<br>Lab</p>"
    )
    (unit,) = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert unit.text.split("\n") == [
        "\tPatiënt\tBSN",
        "",
        "",
        "\tKroeze, M.E.; Westzijde 149A\t8452.77.984",
        "",
        "\tHeuvel, I.; Laat 7\t   8956.02.751 ",
        "Met",  # (outside a table: as before)
        "vriendelijke groet",
        "Lab",
    ]


def test_an_hocr_scans_lines_are_lines_of_words() -> None:
    """Tesseract's hOCR writes a word per span, each on a source line of its own: each
    ``ocr_line`` is a line of the text, its words apart by single spaces; a span nested
    in a line does not end it."""
    word = "<span class='ocrx_word' title='bbox 1 2 3 4; x_wconf 90'>{}</span>\n      "
    line = "<span class='ocr_line' title='bbox 1 2 3 4'>\n      {}</span>\n     "
    page = "".join(
        line.format("".join(word.format(w) for w in words))
        for words in (
            ["Naam", "patiënt:", "Mevr.", "Soraya", "<b>Mahabier</b>"],
            ["Geboortedatum:", "25-06-1991", "BSN:", "627809728"],
        )
    )
    html = f"<html><body><div class='ocr_page'><p class='ocr_par'>\n     {page}</p></div>"
    text = "".join(u.text for u in extract(html.encode()) if isinstance(u, TextUnit))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines == [
        "Naam patiënt: Mevr. Soraya Mahabier",
        "Geboortedatum: 25-06-1991 BSN: 627809728",
    ]


def test_a_time_elements_datetime_is_its_text_where_it_shows_none() -> None:
    """Confluence writes a date as an empty ``time`` element: its ``datetime`` is the date
    a reader sees; one that shows its own text keeps it alone."""
    html = (
        "<table><tr><th>Naam</th><th>Geb.datum</th></tr>"
        '<tr><td>Fatma Kaya</td><td><time datetime="1994-02-22" /></td></tr>'
        '<tr><td>Linda Bos</td><td><time datetime="1962-12-09">9 december 1962</time></td></tr>'
        "</table>"
    )
    text = "".join(u.text for u in extract(html.encode()) if isinstance(u, TextUnit))
    assert "Fatma Kaya\t1994-02-22" in text
    assert "Linda Bos\t9 december 1962" in text and "1962-12-09" not in text
