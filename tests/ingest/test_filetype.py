"""Content sniffing: a table of inputs and the type each must get (and must not get)."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zipfile

import docx
import openpyxl
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.ingest.filetype import FILE_TYPES, FileType, sniff_bytes, sniff_text


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["naam", "geboortedatum"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Uitslag")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def _tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        info = tarfile.TarInfo("a.txt")
        info.size = 3
        tf.addfile(info, io.BytesIO(b"abc"))
    return buf.getvalue()


def _ole(stream_name: str) -> bytes:
    """A minimal compound file whose directory holds one stream called ``stream_name``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)
    struct.pack_into("<H", header, 30, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * 126
    fat_sector = struct.pack("<128I", *fat)
    directory = bytearray(512)
    for slot, name in enumerate(("Root Entry", stream_name)):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory[slot * 128 : slot * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, slot * 128 + 64, len(raw))
    return bytes(header) + fat_sector + bytes(directory)


CASES: list[tuple[str, bytes, str, FileType]] = [
    ("empty", b"", "x", FileType.EMPTY),
    ("pdf", b"%PDF-1.7\n1 0 obj\n", "a.bin", FileType.PDF),
    ("pdf after junk", b"\x00" * 10 + b"%PDF-1.4\n", "a", FileType.PDF),
    ("xlsx", _xlsx(), "a.zip", FileType.XLSX),
    ("docx", _docx(), "a.zip", FileType.DOCX),
    ("ods", _ods(), "a.zip", FileType.ODS),
    ("plain zip", _zip({"a.csv": b"a,b\n"}), "a.xlsx", FileType.ZIP),
    ("truncated xlsx", _xlsx()[:1500], "a.xlsx", FileType.XLSX),
    ("tar", _tar(), "a", FileType.TAR),
    ("gzip", gzip.compress(b"hello"), "a", FileType.GZIP),
    ("bzip2", bz2.compress(b"hello"), "a", FileType.BZIP2),
    ("xz", lzma.compress(b"hello"), "a", FileType.XZ),
    ("zstd", zstandard.ZstdCompressor().compress(b"hello"), "a", FileType.ZSTD),
    ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 24, "a", FileType.SEVEN_Z),
    ("cpio", b"070707" + b"0" * 70 + b"a\0", "a", FileType.CPIO),
    ("android-backup", b"ANDROID BACKUP\n5\n1\nnone\nx", "a.ab", FileType.ANDROID_BACKUP),
    (
        "ar",
        b"!<arch>\n" + b"debian-binary/".ljust(48) + b"4".ljust(10) + b"`\n2.0\n",
        "a",
        FileType.AR,
    ),
    ("iso9660", bytes(32768) + b"\x01CD001\x01" + bytes(100), "a", FileType.ISO9660),
    (
        "hg revlog",
        b"\x00\x01\x00\x01"
        + bytes(4)
        + b"\x00\x00\x00\x01" * 2
        + bytes(8)
        + b"\xff" * 8
        + b"\x11" * 20
        + bytes(12)
        + b"u",
        "patienten.csv.i",
        FileType.HG_REVLOG,
    ),
    ("cab", b"MSCF" + bytes(20) + b"\x03\x01" + bytes(10), "a", FileType.CAB),
    ("sqlite", b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 98, "a.db", FileType.SQLITE),
    (
        "sqlite wal",
        bytes.fromhex("377f0682002de21800001000") + b"\x00" * 20,
        "a-wal",
        FileType.SQLITE_WAL,
    ),
    ("duckdb", b"\x58\xb2" * 4 + b"DUCK\xe7\x03" + b"\x00" * 4086, "a.db", FileType.DUCKDB),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "a.csv", FileType.IMAGE),
    ("jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "a", FileType.IMAGE),
    ("xls", _ole("Workbook"), "a", FileType.XLS),
    ("msg", _ole("__substg1.0_0037001F"), "a", FileType.MSG),
    ("doc", _ole("WordDocument"), "a", FileType.DOC),
    ("other ole", _ole("Something"), "a", FileType.BINARY),
    ("hl7", b"MSH|^~\\&|LAB|NMDL|||202401011200||ORU^R01|1|P|2.5\rPID|1||", "a", FileType.HL7),
    ("hl7 mllp", b"\x0bMSH|^~\\&|LAB|X\r", "a", FileType.HL7),
    ("hl7 batch", b"BHS|^~\\&|LIMS|DLHW\rMSH|^~\\&|LIMS|DLHW|ZORG\r", "a", FileType.HL7),
    ("hl7 file header", b"FHS|^~\\&|A|B\rBHS|^~\\&|A\r", "a", FileType.HL7),
    ("edifact una", b"UNA:+.? 'UNB+UNOA:1+X+Y+240101:1200+1'UNH+1+MEDLAB'", "a", FileType.EDIFACT),
    ("edifact unb", b"UNB+UNOA:1+X+Y+240101:1200+1'", "a", FileType.EDIFACT),
    (
        "eml",
        b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\nbody",
        "a",
        FileType.EML,
    ),
    ("mbox eml", b"From a@x Mon Jan 1\nFrom: a@x\nDate: now\n\nhi", "a", FileType.EML),
    ("sql", b"-- dump\nCREATE TABLE p (id int);\nINSERT INTO p VALUES (1);\n", "a", FileType.SQL),
    ("json object", b'{\n  "a": [1, 2]\n}\n', "a", FileType.JSON),
    ("json array", b'[{"a": 1}, {"a": 2}]', "a", FileType.JSON),
    ("ndjson", b'{"a": 1}\n{"a": 2}\n{"a": 3}\n', "a", FileType.NDJSON),
    ("json empty", b"[ ]", "a", FileType.JSON),
    ("json strings", b'["Jansen", "de Vries"]', "a", FileType.JSON),
    ("json invalid object", b'{"a" 1}', "a", FileType.JSON),  # (its reader says why)
    (
        "chat export",
        b"[12-03-24 14:02:11] Anna de Vries: Hoi\n[12-03-24 14:05:40] Praktijk: Dag\n",
        "a.txt",
        FileType.TEXT,
    ),
    (
        "log with bracketed times",
        b"[2024-01-01 12:00:00] local.ERROR: bsn 123456782\n[2024-01-01 12:00:01] local.INFO\n",
        "a.log",
        FileType.TEXT,
    ),
    ("log with bracketed levels", b"[INFO] started\n[WARN] slow\n", "a.log", FileType.TEXT),
    ("braces in text", b"{{ naam }} is uitgenodigd", "a", FileType.TEXT),
    (
        "xml declaration",
        b'<?xml version="1.0"?>\n<Verwijzing><BSN>1</BSN></Verwijzing>',
        "a",
        FileType.XML,
    ),
    ("rtf", b"{\\rtf1\\ansi\\ansicpg1252 Geachte mevrouw}", "a.json", FileType.RTF),
    ("xml element", b"<Patient>\n  <Naam>Jansen</Naam>\n</Patient>\n", "a", FileType.XML),
    (
        "xml after comment",
        b"<!-- export --><!DOCTYPE p SYSTEM 'p.dtd'><p:Bericht/>",
        "a",
        FileType.XML,
    ),
    ("html", b"<!DOCTYPE html>\n<html><body>Geachte mevrouw</body></html>", "a", FileType.HTML),
    ("xhtml", b'<?xml version="1.0"?>\n<html xmlns="urn:x"/>', "a", FileType.HTML),
    ("html body", b"<body><p>Geachte mevrouw</p></body>", "a", FileType.HTML),
    ("html fragment", b"<p>Geachte mevrouw</p>\n<p>Zie bijlage</p>", "a", FileType.HTML),
    ("xml, not html", b"<Table><Naam>Jansen</Naam></Table>", "a", FileType.XML),
    ("angle brackets in prose", b"Geachte <b>mevrouw</b>, zie bijlage.", "a", FileType.TEXT),
    ("csv comma", b"naam,plaats\nJansen,Delft\nBakker,Ede\n", "a.txt", FileType.CSV),
    ("csv semicolon", b"naam;plaats\nJansen;Delft\n", "a", FileType.CSV),
    ("csv quoted", b'a,b\n"x, y",2\n"p",3\n', "a", FileType.CSV),
    ("tsv", b"naam\tplaats\nJansen\tDelft\n", "a", FileType.TSV),
    ("utf-16 csv", "naam;plaats\nJansen;Delft\n".encode("utf-16"), "a", FileType.CSV),
    ("utf-8 bom csv", "\ufeffnaam,plaats\nJansen,Delft\n".encode(), "a", FileType.CSV),
    ("text", b"Dit is een gewone zin.\nNog een zin zonder scheidingstekens.\n", "a", FileType.TEXT),
    (
        "vcard",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Petra Jansen\r\nEND:VCARD\r\n",
        "a",
        FileType.VCARD,
    ),
    ("ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n", "a", FileType.ICS),
    ("zpl", b"^XA\n^FO20,20^FDJANSEN, P.^FS\n^XZ\n", "a.txt", FileType.ZPL),
    (
        "zpl after printer commands",
        b"CT~~CD,~CC^~CT~\r\n^XA~TA000~JSN^LT0^XZ\r\n^XA^FO20,20^FDx^FS^XZ",
        "a.prn",
        FileType.ZPL,
    ),
    (
        "ldif",
        b"# export\nversion: 1\n\ndn: uid=a,dc=lab,dc=nl\ncn: P. Jansen\n",
        "a",
        FileType.LDIF,
    ),
    ("gedcom", b"0 HEAD\n1 SOUR Progeny\n0 @I1@ INDI\n", "a", FileType.GEDCOM),
    (
        "mt940",
        b"ABNANL2A\r\n940\r\nABNANL2A\r\n:20:ABN AMRO BANK NV\r\n:25:NL46ABNA9369428291\r\n"
        b":28:13101/1\r\n:60F:C240512EUR21873,05\r\n:61:2405130513C45,00N654NONREF\r\n",
        "a.sta",
        FileType.MT940,
    ),
    (
        "tab-separated, a cell of typed line breaks in quotes (Excel's Unicode text)",
        "Labnr\tBSN\tNaam\tOpmerking\r\nC1\t123456782\tJansen, P.\t\r\n"
        'C2\t111222333\tKok, A.\t"Adres gewijzigd:\nDorpsstraat 3\n1234 AB Ede"\r\n'
        "C3\t012345672\tBos, B.\t\r\n".encode("utf-16"),
        "herhaal (Unicode-tekst).txt",
        FileType.TSV,
    ),
    (
        "registry export (UTF-16)",
        "\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n".encode(
            "utf-16-le"
        ),
        "NTUSER.reg",
        FileType.REG,
    ),
    ("registry export (NT 4)", b"REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n", "a", FileType.REG),
    (
        "registry export named in prose",
        b"Open it in the Windows Registry Editor Version 5.00 first.\n",
        "a",
        FileType.TEXT,
    ),
    (
        "mt940 fields named in prose",
        b"Zie veld :25: en :20: van het afschrift.\n",
        "a",
        FileType.TEXT,
    ),
    (
        "pdftk field dump",
        b"---\nFieldType: Text\nFieldName: naam\nFieldValue: P. Jansen\n",
        "a.txt",
        FileType.PDF_FIELDS,
    ),
    ("a field's name alone", b"FieldName: naam\nFieldValue: P. Jansen\n", "a.txt", FileType.TEXT),
    (
        "typed records",
        b"01;LA309;001;20231201;Cervixlab\n02;1;123456782;JANSEN;J.M.;19660716;3512AB\n"
        b"04;2;1;20231103;190002;Cervixcytologie;3450\n04;3;1;20231103;190118;HPV;2890\n"
        b"99;4;1;2\n",
        "a.txt",
        FileType.TYPED_RECORDS,
    ),
    (
        "one type is one table",
        b"02;1;123456782;JANSEN\n02;2;012345672;BAKKER\n02;3;111222333;VOS\n02;4;1;A\n",
        "a.txt",
        FileType.CSV,
    ),
    (
        "numbered prose is no typed records",
        b"1; eerst de brief lezen en dan bellen\n2; daarna het dossier bijwerken; klaar\n"
        b"3; de huisarts informeren over de uitslag\n4; afsluiten\n",
        "a.txt",
        FileType.TEXT,
    ),
    (
        "java heap dump",
        b"JAVA PROFILE 1.0.2\0\0\0\0\x08\0\0\x01\x8fj\xcb\0\xc0",
        "java_pid1.hprof",
        FileType.HPROF,
    ),
    (
        "lmdb data file",
        bytes(10) + b"\x08\0" + bytes(4) + b"\xde\xc0\xef\xbe\x01\0\0\0" + bytes(100),
        "data.mdb",
        FileType.LMDB,
    ),
    (
        "hive text table",
        b"123456782\x01Jansen\x011978-03-04\x01\\N\n111222333\x01Bakker\x011985-11-30\x011234 AB\n",
        "000000_0",
        FileType.HIVE_TEXT,
    ),
    (
        "a stray \\x01 in a log",
        b"INFO a\nINFO \x01 b\nINFO c\nINFO d\nINFO e\n",
        "a",
        FileType.TEXT,
    ),
    (
        "sql*loader control file with its records",
        b"-- laad\nOPTIONS (ERRORS=50)\nLOAD DATA\nINFILE *\nINTO TABLE LIMS.T\n"
        b"FIELDS TERMINATED BY '|'\n(BSN, NAAM)\nBEGINDATA\n123456782|Jansen\n",
        "laad.ctl",
        FileType.SQLLDR,
    ),
    (
        "spark event log",
        b'{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}\n'
        b'{"Event":"SparkListenerApplicationStart","App Name":"x"}\n',
        "application_1715400000000_0042",
        FileType.SPARK_EVENTLOG,
    ),
    ("java heap dump named in prose", b"JAVA PROFILE 1.0.2 is the format\n", "a", FileType.TEXT),
    ("ldif named in prose", b"Zie de dn: van het account\n", "a", FileType.TEXT),
    ("zpl named in prose", b"Stuur ^XA en daarna ^FD naar de printer.\n", "a", FileType.TEXT),
    ("cp1252 text", "Geachte heer Müller, één regel.".encode("cp1252"), "a", FileType.TEXT),
    ("log", b"2024-01-01 12:00:00 INFO started\n2024-01-01 12:00:01 INFO ok\n", "a", FileType.TEXT),
    ("binary", bytes(range(256)) * 4, "a.csv", FileType.BINARY),
    ("many nul bytes", b"abc\x00\x00\x00def" * 100, "a.txt", FileType.BINARY),
    ("few nul bytes", b"2024-01-01 INFO started\n" * 50 + b"\x00" * 4, "a.log", FileType.TEXT),
]


@pytest.mark.parametrize(("label", "data", "name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sniff_table(label: str, data: bytes, name: str, expected: FileType) -> None:
    assert sniff_bytes(data, name) == expected


@pytest.mark.parametrize(
    ("data", "not_expected"),
    [
        (b"From the desk of the lab: hello\nSecond line\n", FileType.EML),
        (b"Subject: only one header line\n\nbody", FileType.EML),
        (b"We will CREATE TABLEs later, said nobody", FileType.SQL),
        (b'{"a": 1}', FileType.NDJSON),
        (b"MSH without a bar\n", FileType.HL7),
        (b"UNA is a word\n", FileType.EDIFACT),
        (b"one, two\nthree\nfour five six\n", FileType.CSV),
    ],
)
def test_sniff_negatives(data: bytes, not_expected: FileType) -> None:
    assert sniff_bytes(data, "a") != not_expected


_TSV_ROWS = (
    b"PAT_NM\tPAT_GEBDAT\tPAT_PC\nJansen\t01/02/1970\t1234 AB\nBakker\t03/04/1980\t5678 CD\n"
)
_CSV_ROWS = b"naam;plaats;postcode\nJansen;Delft;2611 AB\nBakker;Ede;6711 CD\n"

PREAMBLE_CASES = [
    ("tsv after comment", b"# LIMS export\n" + _TSV_ROWS, FileType.TSV),
    (
        "tsv after comment with ;",
        b"# LIMS export uitslagen; systeem GLIMS 9.1\r\n" + _TSV_ROWS.replace(b"\n", b"\r\n"),
        FileType.TSV,
    ),
    ("tsv after two comments", b"# export\n#   2024-03-30\n" + _TSV_ROWS, FileType.TSV),
    ("tsv after title line", b"Export patienten maart 2024\n\n" + _TSV_ROWS, FileType.TSV),
    ("csv after comment with ,", b"# export, deel 1\n" + _CSV_ROWS, FileType.CSV),
    ("csv after title and comment", b"Uitslagen\n# systeem X\n" + _CSV_ROWS, FileType.CSV),
    ("comment then prose", b"# notitie\nDit is gewoon een zin.\nEn nog een zin.\n", FileType.TEXT),
    (
        "prose with tabs",
        b"Geachte mevrouw,\n\tHierbij ontvangt u de uitslag van het onderzoek.\n"
        b"\tWij nemen binnenkort contact met u op.\n\tMet vriendelijke groet, de praktijk\n",
        FileType.TEXT,
    ),
    (
        "prose with semicolons",
        b"De uitslag is binnen; de huisarts belt u nog deze week.\n"
        b"Het onderzoek is afgerond; er is geen vervolg nodig.\n"
        b"Bewaar deze brief goed; u heeft hem later misschien nodig.\n",
        FileType.TEXT,
    ),
    (
        "comment then prose with semicolons",
        b"# brief\nDe uitslag is binnen; de huisarts belt u nog deze week.\n"
        b"Het onderzoek is afgerond; er is geen vervolg nodig.\n",
        FileType.TEXT,
    ),
    (
        "list with trailing semicolons",
        b"Meenemen:\nuw pas;\nde oproepbrief;\nhet formulier;\n",
        FileType.TEXT,
    ),
    ("too many title lines", b"a\nb\nc\nd\ne\nf\n" + _TSV_ROWS, FileType.TEXT),
    ("comment and one row", b"# export\nJansen\t01/02/1970\n", FileType.TEXT),
    (
        "letter ending in two lines with a comma",
        b"Mevrouw Anna de Vries (geb. 04-05-1975) kwam.\n\nZe had klachten.\n\n"
        b"Bloed is afgenomen.\nDe uitslag volgt.\n"
        b"Met vriendelijke groet,\nDr. P. Bakker, huisarts\n",
        FileType.TEXT,
    ),
    ("two title lines, three rows", b"Uitslagen\nmaart 2024\n" + _CSV_ROWS, FileType.CSV),
    (
        "names written family name first, one a line",
        b"Jansen, P. - hrHPV pos\nde Vries, M. - Pap 2\nBakker, K.A. - hrHPV neg\n",
        FileType.TEXT,
    ),
    (
        "a table aligned with spaces whose names hold a comma",
        b"Naam        Geb.datum   BSN\nBulut, Y.   12-08-1983  217088612\n"
        b"Mulder, T.  07-07-1964  418176292\n",
        FileType.TEXT,
    ),
    (
        "a worklist under a title with a comma",
        b"Werklijst 18-03-2024, screener M. Hofman\n\nNijenhuis, A.B.    hrHPV pos\n"
        b"El Khatib, S.      hrHPV pos / Pap 0\n",
        FileType.TEXT,
    ),
    (  # (a line without the comma among them: still a list of names, and no crash)
        "names family name first, one line without a comma",
        b"Jansen, P.\nBakker, K.\nde Vries, M.\nBos, A.\nKok, B.\nzonder komma\n",
        FileType.TEXT,
    ),
    (
        "surname and initials columns",
        b"naam,voorl,plaats\nJansen,P.,Ede\nBakker,K.,Delft\n",
        FileType.CSV,
    ),
    (
        "padded csv",
        b"naam    ,plaats  ,pc\nJansen  ,Delft   ,2611 AB\nBakker  ,Ede     ,6711 CD\n",
        FileType.CSV,
    ),
]


@pytest.mark.parametrize(
    ("label", "data", "expected"), PREAMBLE_CASES, ids=[c[0] for c in PREAMBLE_CASES]
)
def test_tables_after_a_preamble(label: str, data: bytes, expected: FileType) -> None:
    assert sniff_bytes(data, "PAT_EXPORT_20240330_0002.txt") == expected


def test_extension_breaks_a_tie_for_text() -> None:
    data = b"only,one line"
    assert sniff_bytes(data, "x.csv") == FileType.CSV
    assert sniff_bytes(data, "x.txt") == FileType.TEXT
    names = b"Jansen, P.\nde Vries, M.\nBakker, K.\n"  # (a surname and initials export)
    assert sniff_bytes(names, "x.csv") == FileType.CSV
    assert sniff_bytes(names, "x.txt") == FileType.TEXT


def test_names_are_stable_and_unique() -> None:
    assert len(set(FILE_TYPES)) == len(FILE_TYPES)
    for name in (
        "csv",
        "tsv",
        "xlsx",
        "xls",
        "ods",
        "odt",
        "docx",
        "pdf",
        "eml",
        "msg",
        "hl7",
        "edifact",
        "sql",
        "json",
        "ndjson",
        "xml",
        "rtf",
        "html",
        "text",
        "zip",
        "tar",
        "gzip",
        "bzip2",
        "xz",
        "zstd",
        "7z",
        "sqlite",
        "image",
        "binary",
        "empty",
    ):
        assert name in FILE_TYPES


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(["a", "a.csv", "a.tsv", "b.zip"]))
def test_sniff_never_raises(data: bytes, name: str) -> None:
    assert sniff_bytes(data, name) in FILE_TYPES


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=4, max_size=2048))
def test_sniff_of_damaged_zip_never_raises(tail: bytes) -> None:
    data = _zip({"xl/workbook.xml": b"<x/>"})[: len(tail)] + tail
    assert sniff_bytes(data, "a") in FILE_TYPES


def test_every_extractor_declares_known_types() -> None:
    from breachscope.engine.registry import Registry

    registry = Registry.discover()
    assert registry.extractors, "no extractor found"
    for extractor in registry.extractors:
        unknown = set(extractor.types) - set(FILE_TYPES)
        assert not unknown, f"{extractor.id} declares unknown types {sorted(unknown)}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[{"naam": "' + "x" * 500, FileType.JSON),  # a first value the sample cuts off
        ('{"naam": "' + "x" * 500, FileType.JSON),
        ("[1, 2, 3", FileType.JSON),
        ("[12-03-24 14:02:11] Anna: " + "x" * 500, FileType.TEXT),
        ("[INFO] " + "x" * 500, FileType.TEXT),
    ],
)
def test_json_start_of_a_cut_sample(text: str, expected: FileType) -> None:
    assert sniff_text(text, "a", complete=False) == expected
