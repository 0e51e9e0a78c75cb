"""SYLK spreadsheets: cells by row and column under the first row, dates by their format's
picture, ``;;`` escapes, the 1904 date system, comments; what is no SYLK file fails."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.sylk import SylkExtractor, fields, is_date_picture, serial_date
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import SYLK_TEXT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("oud/lijst.slk", "sylk", len(data), lambda: io.BytesIO(data))
    return list(SylkExtractor().extract(source, Config()))


def sylk(*records: str) -> bytes:
    return ("\r\n".join(["ID;PWXL;N;E", *records, "E"]) + "\r\n").encode("cp1252")


def test_excels_export_reads_as_its_table() -> None:
    items = extract(SYLK_TEXT.encode("cp1252"))
    rows = rows_by_number(items)
    assert rows[2] == {
        "Naam": "Jansen-de Vries, M.",
        "BSN": "123456782",
        "Geboortedatum": "1978-03-04",
        "Opmerking": "gebeld 6-5; geen gehoor",
    }
    assert rows[3]["Naam"] == "Y\u00eflmaz, \u00d6."
    assert rows[3]["BSN"] == "12345672"
    assert rows[3]["Geboortedatum"] == "1990-01-15"
    comments = [u for u in items if isinstance(u, TextUnit)]
    assert comments[0].location.part == "comments"
    assert comments[0].text == "R3C3: Mobiel 0612345678\n"


def test_a_cells_own_format_a_rows_and_the_1904_system() -> None:
    data = sylk(
        "P;PGeneral",
        "P;Pd\\-m\\-yyyy\\ h:mm",
        "P;P0",
        "O;V4",
        'C;Y1;X1;K"naam"',
        'C;X2;K"geboren"',
        "F;P1;FG0G;Y2;X2",
        'C;Y2;X1;K"Bakker"',
        "C;X2;K27027.5",
        "F;P2;FG0G;Y3;X2",
        'C;Y3;X1;K"Smit"',
        "C;X2;K27027",
        "F;P1;R4",
        'C;Y4;X1;K"de Wit"',
        "C;X2;K0",
    )
    rows = rows_by_number(extract(data))
    assert rows[2]["geboren"] == "1977-12-30T12:00:00"
    assert rows[3]["geboren"] == "27027"  # (a picture of a number: not a date)
    assert rows[4]["geboren"] == "1904-01-01T00:00:00"


def test_a_picture_one_past_the_last_is_counted_from_one() -> None:
    data = sylk(
        "P;PGeneral",
        "P;Pdd\\-mm\\-yyyy",
        'C;Y1;X1;K"BSN"',
        'C;X2;K"Geboortedatum"',
        "C;Y2;X1;K111222333",
        "F;P2;FG0G;X2",
        "C;X2;K28095",
    )
    assert rows_by_number(extract(data))[2] == {"BSN": "111222333", "Geboortedatum": "1976-12-01"}


def test_cells_out_of_order_blank_headers_and_cells_out_of_range() -> None:
    data = sylk(
        'C;Y3;X2;K"tweede"',
        'C;Y1;X1;K"naam"',
        'C;Y3;X1;K"Visser"',
        'C;Y2;X5;K"los"',
        'C;Y2;X99999;K"te ver"',
        "C;Yx;X1;K1",
    )
    items = extract(data)
    rows = rows_by_number(items)
    assert rows == {3: {"naam": "Visser", "column2": "tweede"}, 2: {"column5": "los"}}
    assert any(isinstance(i, Note) and "2 cells" in i.reason for i in items)


def test_fields_pictures_and_serials() -> None:
    assert fields('Y1;X2;K"a;;b";E') == ["Y1", "X2", 'K"a;b"', "E"]
    assert is_date_picture("dd\\-mm\\-yyyy") and is_date_picture("[$-413]d mmmm yyyy")
    assert (
        not is_date_picture("0.00")
        and not is_date_picture('"dag "0')
        and not is_date_picture("h:mm")
    )
    assert serial_date(60, "d-m-yyyy", False) is None
    assert serial_date(59, "d-m-yyyy", False) == "1900-02-28"
    assert serial_date(61, "d-m-yyyy", False) == "1900-03-01"
    assert serial_date(-1, "d-m-yyyy", False) is None


def test_sniffed_and_not_a_csv_whose_first_column_is_id() -> None:
    assert sniff_bytes(SYLK_TEXT.encode("cp1252"), "x.slk") is FileType.SYLK
    csv = b"ID;Patient;BSN\r\n1;Jansen;123456782\r\n2;Smit;111222333\r\n"
    assert sniff_bytes(csv, "x.csv") is not FileType.SYLK


def test_damaged_and_foreign_input_fails() -> None:
    with pytest.raises(ExtractError):
        extract(b"ID;PWXL\r\nP;PGeneral\r\nE\r\n")
    with pytest.raises(ExtractError):
        extract(random.Random(3).randbytes(4096))
    truncated = SYLK_TEXT.encode("cp1252")[: len(SYLK_TEXT) * 3 // 4]
    assert rows_by_number(extract(truncated))[2]["Naam"] == "Jansen-de Vries, M."
