"""COBOL copybooks: the common subset laid out (pictures, usages, OCCURS, REDEFINES,
FILLER), fields decoded by them, and a data set whose copybook comes before its records
read as rows under the copybook's names."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.copybook import Field, field_value, parse_copybook
from breachscope.extract.ebcdic import CODE_PAGES, EbcdicExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import packed

pytestmark = pytest.mark.timeout(60)

COPYBOOK = """\
      *================================================================*
      * UITSLAGEXTRACT BMHK  RECFM=FB LRECL=120                        *
      *================================================================*
000100 01  UITSLAG-REC.                                                 UITS0001
000200     05  UR-RECTYPE          PIC X(2).                            UITS0002
000300         88  UR-DETAIL       VALUE '10'.                          UITS0003
000400     05  UR-BSN              PIC 9(9)      COMP-3.                UITS0004
000500     05  UR-NAAM             PIC X(30).                           UITS0005
000600     05  UR-GEBDAT           PIC 9(8).                            UITS0006
000700     05  UR-GEBDAT-R REDEFINES UR-GEBDAT.                         UITS0007
000800         10  UR-GEBJAAR      PIC 9(4).                            UITS0008
000900         10  FILLER          PIC X(4).                            UITS0009
001000     05  UR-BEDRAG           PIC S9(5)V99  COMP-3.                UITS0010
001100     05  UR-SALDO            PIC S9(3)V9.                         UITS0011
001200     05  UR-TELNRS OCCURS 2 TIMES.                                UITS0012
001300         10  UR-TELNR        PIC X(10).                           UITS0013
001400     05  UR-VOLGNR           PIC 9(4)      COMP.                  UITS0014
001500     05  UR-KLANTNR          PIC S9(9)     BINARY.                UITS0015
001600     05  FILLER              PIC X(13).                           UITS0016
"""
"""A copybook in the fixed format: sequence numbers, comments, a level 88, a REDEFINES,
an OCCURS; 2 + 5 + 30 + 8 + 4 + 4 + 20 + 2 + 4 + 13 = 92 bytes."""
CP = "cp037"


def record(rectype: str, bsn: int, naam: str, gebdat: str, bedrag: int, saldo: bytes) -> bytes:
    return (
        rectype.encode(CP) + packed(bsn, 5, signed=False) + naam.ljust(30).encode(CP)
        + gebdat.encode(CP) + packed(bedrag, 4) + saldo + "0612345678".encode(CP)
        + "0201234567".encode(CP) + (7).to_bytes(2, "big") + (-12).to_bytes(4, "big", signed=True)
        + b"\x40" * 13
    )  # fmt: skip


RECORDS = [
    record("10", 123456782, "JANSEN-DE VRIES, M.", "19780304", 125050, "123".encode(CP) + b"\xc4"),
    record("10", 12345672, "VAN DER BERG, J.P.", "19851130", -7500, "012".encode(CP) + b"\xd5"),
    record("10", 111222333, "YILMAZ, Ö.", "19900115", 0, "000".encode(CP) + b"\xf0"),
]


def extract(data: bytes) -> list[Extracted]:
    source = Source("ftp-inbox/BVO.UITSLAG.DAT", "ebcdic", len(data), lambda: io.BytesIO(data))
    return list(EbcdicExtractor().extract(source, Config()))


def test_the_common_subset_is_laid_out() -> None:
    fields, length = parse_copybook(COPYBOOK)
    assert length == 92
    assert [(f.name, f.offset, f.size, f.kind) for f in fields] == [
        ("UR-RECTYPE", 0, 2, "text"),
        ("UR-BSN", 2, 5, "packed"),
        ("UR-NAAM", 7, 30, "text"),
        ("UR-GEBDAT", 37, 8, "zoned"),
        ("UR-BEDRAG", 45, 4, "packed"),
        ("UR-SALDO", 49, 4, "zoned"),
        ("UR-TELNR", 53, 10, "text"),
        ("UR-TELNR", 63, 10, "text"),
        ("UR-VOLGNR", 73, 2, "binary"),
        ("UR-KLANTNR", 75, 4, "binary"),
        ("FILLER", 79, 13, "text"),
    ]
    assert fields[4].scale == 2 and fields[4].signed and fields[1].digits == 9


def test_a_free_format_copybook_and_group_usage() -> None:
    text = (
        "01 REC.\n  05 BEDRAGEN COMP-3.\n    10 B1 PIC S9(3).\n    10 B2 PIC 9(4)V9.\n"
        "  05 NAAM PIC IS X(5).\n  05 PIC X(3).\n  05 SCORE COMP-2.\n"
        "  05 TEKEN PIC S9(3) SIGN LEADING SEPARATE.\n01 ANDER-REC.\n  05 X PIC X(99).\n"
    )
    fields, length = parse_copybook(text)
    assert [(f.name, f.size, f.kind) for f in fields] == [
        ("B1", 2, "packed"), ("B2", 3, "packed"), ("NAAM", 5, "text"), ("FILLER", 3, "text"),
        ("SCORE", 8, "float"), ("TEKEN", 4, "zoned"),
    ]  # fmt: skip
    assert length == 25


def test_no_record_and_too_many_fields_are_errors() -> None:
    with pytest.raises(ExtractError):
        parse_copybook("* nothing but a comment\n")
    with pytest.raises(ExtractError):
        parse_copybook("01 R.\n 05 A OCCURS 99 TIMES.\n  10 B OCCURS 99 TIMES PIC X.\n")


def value(data: bytes, field: Field) -> str | None:
    return field_value(data.ljust(field.offset + field.size, b"\x40"), field, CODE_PAGES["cp1140"])


def test_fields_are_decoded_by_their_pictures() -> None:
    zoned = Field("S", 0, 4, "zoned", 4, 1, True)
    assert value("123".encode(CP) + b"\xc4", zoned) == "123.4"
    assert value("012".encode(CP) + b"\xd5", zoned) == "-012.5"
    assert value("ABCD".encode(CP), zoned) == "ABCD"  # (no number: its text)
    assert value(b"\x40" * 4, zoned) is None
    leading = Field("T", 0, 4, "zoned", 3, 0, True, "leading-separate")
    assert value(b"\x60" + "042".encode(CP), leading) == "-042"
    assert value(packed(12345672, 5, signed=False), Field("B", 0, 5, "packed", 9)) == "012345672"
    assert value(packed(19800101, 5, signed=False), Field("D", 0, 5, "packed", 8)) == "19800101"
    assert value(packed(-75, 3), Field("A", 0, 3, "packed", 5, 2, True)) == "-000.75"
    assert value(b"\x40" * 5, Field("B", 0, 5, "packed", 9)) is None
    binary = Field("K", 0, 4, "binary", 9, 0, True)
    assert value((-12).to_bytes(4, "big", signed=True), binary) == "-000000012"
    assert value(b"\x40", Field("N", 0, 3, "text")) is None  # (the record ends before it)


def test_a_copybook_before_its_records_makes_them_rows() -> None:
    data = COPYBOOK.encode() + b"".join(RECORDS)
    assert sniff_bytes(data, "BVO.UITSLAG.DAT") is FileType.EBCDIC
    items = extract(data)
    assert not [u for u in items if isinstance(u, TextUnit)]  # (the layout: no unit)
    tables = [u for u in items if isinstance(u, TableUnit)]
    assert tables[0].columns[:4] == ("UR-RECTYPE", "UR-BSN", "UR-NAAM", "UR-GEBDAT")
    assert "UR-TELNR (2)" in tables[0].columns and "FILLER" not in tables[0].columns
    rows = rows_by_number(items)
    assert rows[1] == {
        "UR-RECTYPE": "10", "UR-BSN": "123456782", "UR-NAAM": "JANSEN-DE VRIES, M.",
        "UR-GEBDAT": "19780304", "UR-BEDRAG": "01250.50", "UR-SALDO": "123.4",
        "UR-TELNR": "0612345678", "UR-TELNR (2)": "0201234567", "UR-VOLGNR": "0007",
        "UR-KLANTNR": "-000000012",
    }  # fmt: skip
    assert rows[2]["UR-BSN"] == "012345672" and rows[2]["UR-BEDRAG"] == "-00075.00"
    assert rows[3]["UR-NAAM"] == "YILMAZ, Ö." and rows[3]["UR-SALDO"] == "000.0"
    assert not [n for n in items if isinstance(n, Note)]


def test_a_copybook_with_windows_line_ends() -> None:
    data = COPYBOOK.replace("\n", "\r\n").encode() + b"".join(RECORDS)
    assert sniff_bytes(data, "BVO.UITSLAG.DAT") is FileType.EBCDIC
    assert rows_by_number(extract(data))[1]["UR-BSN"] == "123456782"


def test_variable_records_after_a_copybook_and_a_short_one_noted() -> None:
    words = b"".join((len(r) + 4).to_bytes(2, "big") + b"\0\0" + r for r in RECORDS)
    items = extract(COPYBOOK.encode() + words)
    assert rows_by_number(items)[3]["UR-BSN"] == "111222333"
    items = extract(COPYBOOK.encode() + b"".join(RECORDS)[:-20])
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "last record cut short: 72 of 92 bytes"
    ]
    assert rows_by_number(items)[3]["UR-NAAM"] == "YILMAZ, Ö."


def test_a_copybook_that_lays_out_nothing_leaves_the_records_text() -> None:
    broken = "       01  UITSLAG-REC.\n           05  UR-X OCCURS 9999 TIMES PIC X.\n"
    items = extract(broken.encode() + b"".join(RECORDS) * 4)
    notes = [n.reason for n in items if isinstance(n, Note)]
    assert notes and notes[0].startswith("copybook not read")
    lines = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert "JANSEN-DE VRIES, M." in lines


def test_a_copybook_alone_is_text() -> None:
    assert sniff_bytes(COPYBOOK.encode(), "BVOUITS.cpy") is FileType.TEXT


@pytest.mark.timeout(10)
def test_long_runs_of_spaces_are_sniffed_at_once() -> None:
    """The copybook's opening is looked for line by line, never by a pattern that
    backtracks over a run of spaces."""
    for data in (b" " * 65536, b" \t" * 32768, b"      * x\n" * 6000, b"01 A.\n" + b" " * 65000):
        assert sniff_bytes(data) is FileType.TEXT
