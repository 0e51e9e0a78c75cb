"""SQL Server bcp data files, read under their format file's column names."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import uuid
import zipfile
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.engine.batch import ScanItem, scan_batch
from breachscope.extract.base import ExtractError, Note, SkipFile, Source
from breachscope.extract.bcp import BcpExtractor, format_names
from breachscope.extract.bcpformat import parse_format
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import table_records
from .samples import BCP_COLUMNS, BCP_ROWS, BSN, bcp_native, bcp_value, bcp_xml_format

CONFIG = Config()


def read(
    data: bytes, companions: dict[str, bytes], path: str = "migratie/patient.dat"
) -> list[object]:
    source = Source(path, "bcp", len(data), lambda: io.BytesIO(data), None, companions.get)
    return list(BcpExtractor().extract(source, CONFIG))


def rows(items: list[object]) -> list[dict[str, str | None]]:
    return table_records(items, None)  # (the file's table; its text is part "text")


def notes(items: list[object]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Note)]


def fmt_text(lines: list[str], version: str = "14.0") -> bytes:
    return (f"{version}\r\n{len(lines)}\r\n" + "\r\n".join(lines) + "\r\n").encode()


NATIVE_FMT = fmt_text(
    [
        '1       SQLINT        1       4       ""   1     id              ""',
        '2       SQLBIGINT     1       8       ""   2     bsn             ""',
        '3       SQLNCHAR      2       200     ""   3     achternaam      Latin1_General_CI_AS',
        '4       SQLCHAR       2       100     ""   4     voornaam        Latin1_General_CI_AS',
        '5       SQLDATE       1       3       ""   5     geboortedatum   ""',
        '6       SQLDATETIME   1       8       ""   6     afgenomen       ""',
        '7       SQLDATETIME2  1       8       ""   7     ontvangen       ""',
        '8       SQLDECIMAL    1       19      ""   8     bedrag          ""',
        '9       SQLMONEY      1       8       ""   9     tarief          ""',
        '10      SQLBIT        1       1       ""   10    actief          ""',
        '11      SQLNCHAR      2       14      ""   11    postcode        Latin1_General_CI_AS',
    ]
)


def test_native_with_xml_format_file() -> None:
    items = read(bcp_native(BCP_ROWS), {"patient.xml": bcp_xml_format()})
    units = [i for i in items if isinstance(i, TableUnit)]
    assert units[0].columns == tuple(c[0] for c in BCP_COLUMNS)
    assert units[0].location.path == "migratie/patient.dat"
    assert units[0].location.part is None
    got = rows(items)
    assert [r["bsn"] for r in got] == [BSN[0], BSN[1], BSN[2].lstrip("0")]
    assert got[0]["geboortedatum"] == "1978-03-04"
    assert got[0]["voornaam"] == "Märta"  # varchar in the collation's code page
    assert got[1]["voornaam"] is None and got[1]["afgenomen"] is None  # NULL: prefix -1
    assert got[2]["achternaam"] == "Yılmaz"
    assert list(units[0].data.column("__row__").to_pylist()) == [1, 2, 3]
    assert not notes(items)


def test_native_with_text_format_file() -> None:
    xml = rows(read(bcp_native(BCP_ROWS), {"patient.xml": bcp_xml_format()}))
    fmt = rows(read(bcp_native(BCP_ROWS), {"patient.fmt": NATIVE_FMT}))
    assert fmt == xml


def test_format_file_by_the_data_file_s_whole_name() -> None:
    assert format_names("a/b/patient.dat")[:2] == ["patient.xml", "patient.fmt"]
    assert "patient.dat.xml" in format_names("x.zip!/patient.dat")
    got = rows(read(bcp_native(BCP_ROWS), {"patient.dat.fmt": NATIVE_FMT}))
    assert got[0]["bsn"] == BSN[0]


def test_the_only_format_file_beside_it() -> None:
    data = bcp_native(BCP_ROWS)

    def source(beside: dict[str, bytes]) -> Source:
        def names(suffixes: tuple[str, ...]) -> list[str]:
            return sorted(n for n in beside if n.lower().endswith(suffixes))

        return Source("m/patient.dat", "bcp", len(data), lambda: io.BytesIO(data), None,
                      beside.get, names)  # fmt: skip

    one = {"formaat_patient.XML": bcp_xml_format(), "leesmij.xml": b"<x/>"}
    got = rows(list(BcpExtractor().extract(source(one), CONFIG)))
    assert got[0]["bsn"] == BSN[0]
    two = {**one, "ander.fmt": NATIVE_FMT}  # which one? neither
    items = list(BcpExtractor().extract(source(two), CONFIG))
    assert not rows(items) and "no format file" in notes(items)[0]


OTHER_TYPES = [
    ("klein", "SQLSMALLINT", struct.pack("<h", -12), "-12"),
    ("byte", "SQLTINYINT", bytes([250]), "250"),
    ("reeel", "SQLFLT4", struct.pack("<f", 1.5), "1.5"),
    ("dubbel", "SQLFLT8", struct.pack("<d", 37.0), "37"),
    (
        "kort",
        "SQLDATETIM4",
        struct.pack("<HH", 29000, 61),
        f"{(dt.date(1900, 1, 1) + dt.timedelta(days=29000)).isoformat()}T01:01:00",
    ),
    ("tijd", "SQLTIME", (3723 * 10**7 + 5).to_bytes(5, "little"), "01:02:03.0000005"),
    (
        "zone",
        "SQLDATETIMEOFFSET",
        (3600 * 10**7).to_bytes(5, "little")
        + (738650).to_bytes(3, "little")
        + struct.pack("<h", 120),
        f"{dt.date.fromordinal(738651).isoformat()}T03:00:00+02:00",
    ),
    (
        "guid",
        "SQLUNIQUEID",
        uuid.UUID("12345678-1234-5678-1234-567812345678").bytes_le,
        "12345678-1234-5678-1234-567812345678",
    ),
    ("kleingeld", "SQLMONEY4", struct.pack("<i", 125000), "12.5000"),
    ("getal", "SQLNUMERIC", b"\x01" + (12345).to_bytes(4, "little"), "123.45"),
    ("blob", "SQLBINARY", b"Kerkstraat 1", "Kerkstraat 1"),
    ("plaatje", "SQLBINARY", b"\x89PNG\x00\x01", None),
]


def test_other_native_types() -> None:
    lines = []
    data = b""
    for i, (name, sql_type, value, _text) in enumerate(OTHER_TYPES, start=1):
        lines.append(f'{i} {sql_type} 1 {len(value)} "" {i} {name} ""')
        data += bytes([len(value)]) + value
    got = rows(read(data, {"patient.fmt": fmt_text(lines)}))
    expected = {name: text for name, _t, _v, text in OTHER_TYPES}
    expected["getal"] = "12345"  # no scale in a .fmt: the magnitude's digits
    assert got == [expected]


def test_character_mode_with_fmt() -> None:
    fmt = fmt_text(
        [
            '1 SQLCHAR 0 12 "\\t" 1 bsn ""',
            '2 SQLCHAR 0 100 "\\t" 2 naam Latin1_General_CI_AS',
            '3 SQLCHAR 0 24 "\\r\\n" 3 geboortedatum ""',
        ]
    )
    data = f"{BSN[0]}\tJansen-de Vries\t1978-03-04\r\n{BSN[1]}\t\t1985-11-30\r\n".encode()
    data += f"{BSN[2]}\tCafé Ömer\t\r\n".encode("cp1252")
    got = rows(read(data, {"patient.fmt": fmt}, "export/patient.bcp"))
    assert got == [
        {"bsn": BSN[0], "naam": "Jansen-de Vries", "geboortedatum": "1978-03-04"},
        {"bsn": BSN[1], "naam": None, "geboortedatum": "1985-11-30"},
        {"bsn": BSN[2], "naam": "Café Ömer", "geboortedatum": None},
    ]


def test_character_mode_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import breachscope.extract.bcp as bcp

    monkeypatch.setattr(bcp, "CHUNK", 5)
    fmt = fmt_text(['1 SQLCHAR 0 12 "||" 1 bsn ""', '2 SQLCHAR 0 100 "\\r\\n" 2 naam ""'])
    data = "".join(f"{b}||Jansen-de Vries {i}\r\n" for i, b in enumerate(BSN)).encode()
    got = rows(read(data, {"patient.fmt": fmt}, "export/patient.bcp"))
    assert got == [{"bsn": b, "naam": f"Jansen-de Vries {i}"} for i, b in enumerate(BSN)]


def test_unicode_character_mode_with_fmt() -> None:
    fmt = fmt_text(
        [
            '1 SQLNCHAR 0 24 "\\t\\0" 1 bsn ""',
            '2 SQLNCHAR 0 200 "\\r\\0\\n\\0" 2 naam Latin1_General_CI_AS',
        ]
    )
    data = f"{BSN[0]}\tYılmaz\r\n{BSN[1]}\tvan der Berg\r\n".encode("utf-16-le")
    got = rows(read(data, {"patient.fmt": fmt}, "export/patient.bcp"))
    assert got == [{"bsn": BSN[0], "naam": "Yılmaz"}, {"bsn": BSN[1], "naam": "van der Berg"}]


def test_character_mode_with_xml_format() -> None:
    xml = b"""<?xml version="1.0"?>
<BCPFORMAT xmlns="http://schemas.microsoft.com/sqlserver/2004/bulkload/format"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <RECORD>
  <FIELD ID="1" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="12"/>
  <FIELD ID="2" xsi:type="CharTerm" TERMINATOR="\\r\\n" MAX_LENGTH="100"
    COLLATION="Latin1_General_CI_AS"/>
 </RECORD>
 <ROW>
  <COLUMN SOURCE="1" NAME="bsn" xsi:type="SQLBIGINT"/>
  <COLUMN SOURCE="2" NAME="naam" xsi:type="SQLVARYCHAR"/>
 </ROW>
</BCPFORMAT>"""
    data = f"{BSN[0]}\tJansen\r\n".encode()
    assert rows(read(data, {"patient.xml": xml})) == [{"bsn": BSN[0], "naam": "Jansen"}]


def test_truncated_file_keeps_the_records_before() -> None:
    data = bcp_native(BCP_ROWS)
    cut = data[: len(data) - 5]
    items = read(cut, {"patient.xml": bcp_xml_format()})
    assert [r["id"] for r in rows(items)] == ["1", "2"]
    (reason,) = notes(items)
    assert "record 3 not read" in reason and "patient.xml" in reason
    assert BSN[2] not in reason


@pytest.mark.parametrize("prefix", [2, 8])
def test_hostile_length_ends_the_reading(prefix: int) -> None:
    columns = [("id", "SQLINT", "NativePrefix", 1), ("naam", "SQLNVARCHAR", "NCharPrefix", prefix)]
    good = bcp_native([[1, "Jansen"]], columns)
    hostile = bcp_value("SQLINT", 2, 1) + (2 ** (8 * prefix) - 2).to_bytes(prefix, "little")
    items = read(good + hostile + b"x" * 64, {"patient.xml": bcp_xml_format(columns)})
    assert rows(items) == [{"id": "1", "naam": "Jansen"}]
    assert "beyond the end of the file" in notes(items)[0]


def test_damaged_value_ends_the_reading() -> None:
    columns = [("id", "SQLINT", "NativePrefix", 1), ("naam", "SQLNVARCHAR", "NCharPrefix", 2)]
    data = bcp_native([[1, "Jansen"]], columns) + b"\x03\x01\x02\x03" + b"\x01\x00x"
    items = read(data, {"patient.xml": bcp_xml_format(columns)})
    assert len(rows(items)) == 1
    assert "SQLINT value of 3 bytes" in notes(items)[0]


def test_random_bytes_with_a_format_file_fail() -> None:
    data = os.urandom(4096)
    with pytest.raises(ExtractError):
        read(data, {"patient.xml": bcp_xml_format()})


def test_without_format_file_reads_the_prefixed_texts() -> None:
    items = read(bcp_native(BCP_ROWS), {})
    assert "no format file (patient.xml, patient.fmt)" in notes(items)[0]
    (text,) = [i for i in items if isinstance(i, TextUnit)]
    assert text.location.part == "text"
    assert text.text.splitlines()[:3] == ["Jansen-de Vries", "Märta", "1234 AB"]
    assert "Yılmaz" in text.text


def test_a_bad_format_file_is_no_format_file() -> None:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><BCPFORMAT/>'
    other = b"<?xml version='1.0'?><root><FIELD ID='1'/></root>"
    for bad in (dtd, other, b"14.0\r\nzes\r\n", b"\x00\xff" * 20):
        items = read(bcp_native(BCP_ROWS), {"patient.xml": bad, "patient.fmt": bad})
        assert any("no format file" in n for n in notes(items))
    with pytest.raises(ExtractError):
        parse_format(b'14.0\r\n1\r\n1 SQLINT 3 4 "" 1 id ""\r\n')  # a prefix of 3


def test_empty_and_random_without_format() -> None:
    with pytest.raises(SkipFile):
        read(b"", {})
    with pytest.raises(SkipFile, match="binary, and no bcp format file"):
        read(os.urandom(4096), {})


def test_sniffed() -> None:
    data = bcp_native(BCP_ROWS * 3)
    assert sniff_bytes(data, "patient.dat") == FileType.BCP
    assert sniff_bytes(data, "noname") == FileType.BCP
    assert sniff_bytes(b"1\tJansen\r\n", "patient.bcp") == FileType.BCP
    text = ("Jansen de Vries woont in Utrecht\r\nkort\r\n" * 40).encode("utf-16-le")
    assert sniff_bytes(text, "brief.dat") != FileType.BCP
    assert sniff_bytes(b"1;Jansen\n2;de Vries\n", "patient.dat") != FileType.BCP
    # a registry export: long UTF-16 lines, a character often spelling the length of the
    # rest of its line (with its byte-order mark, and without)
    lines = ["Windows Registry Editor Version 5.00", "", "[HKEY_CURRENT_USER\\Word\\File MRU]"]
    lines += [
        f'"Item {i}"="[F00000000][T01DAA9D1023DEE9B]*\\\\fs01\\brieven\\Brief {i}-10-1943.docx"'
        for i in range(1, 30)
    ]
    reg = "\r\n".join(lines).encode("utf-16-le")
    assert sniff_bytes(b"\xff\xfe" + reg, "NTUSER_export.reg") == FileType.REG
    assert sniff_bytes(reg, "export") != FileType.BCP
    numbers = bcp_native([[1, 123456782]], BCP_COLUMNS[:2])  # no text: by its name
    assert sniff_bytes(numbers, "koppel.dat") == FileType.BCP
    assert sniff_bytes(numbers, "koppel.bin") == FileType.BINARY


def _scan(tmp_path: Path, dump: Path, single: bool = False) -> tuple[dict[str, str], set[str]]:
    items = []
    for path in sorted(p for p in dump.rglob("*") if p.is_file()):
        rel = path.relative_to(dump).as_posix()
        root = None if single else str(dump)
        items.append(ScanItem(rel, str(path), path.stat().st_size, dump_root=root))
    manifest, findings = scan_batch(items, CONFIG, tmp_path / "spool")
    status = {
        p: f"{t}:{s}:{r or ''}"
        for p, t, s, r in zip(
            manifest.column("path").to_pylist(),
            manifest.column("detected_type").to_pylist(),
            manifest.column("status").to_pylist(),
            manifest.column("reason").to_pylist(),
            strict=True,
        )
    }
    bsns = {
        str(v)
        for v, c in zip(
            findings.column("value").to_pylist(),
            findings.column("data_class").to_pylist(),
            strict=True,
        )
        if c == "bsn"
    }
    return status, bsns


def test_scan_reads_the_format_file_beside_it(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    (dump / "migratie").mkdir(parents=True)
    (dump / "migratie" / "patient.dat").write_bytes(bcp_native(BCP_ROWS))
    (dump / "migratie" / "patient.xml").write_bytes(bcp_xml_format())
    status, bsns = _scan(tmp_path, dump)
    assert status["migratie/patient.dat"] == "bcp:extracted:"
    assert status["migratie/patient.xml"].startswith("xml:extracted")  # read on its own too
    assert {BSN[0], BSN[1]} <= bsns


def test_scan_reads_the_format_file_in_the_same_archive(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    with zipfile.ZipFile(dump / "export.zip", "w") as zf:
        zf.writestr("sqlserver/patient.dat", bcp_native(BCP_ROWS))
        zf.writestr("sqlserver/patient.xml", bcp_xml_format())
        zf.writestr("elders/patient.fmt", b"not this one")
    status, bsns = _scan(tmp_path, dump)
    assert status["export.zip!/sqlserver/patient.dat"] == "bcp:extracted:"
    assert "export.zip!/sqlserver/patient.xml" in status
    assert {BSN[0], BSN[1]} <= bsns


def test_single_file_dump_has_no_companion(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "patient.dat").write_bytes(bcp_native(BCP_ROWS))
    (tmp_path / "patient.xml").write_bytes(bcp_xml_format())  # outside the dump
    status, _bsns = _scan(tmp_path, dump, single=True)
    assert "no format file" in status["patient.dat"]
