"""Realistic synthetic input files, one per extractor, built in memory (no real PII).

Each builder returns a :class:`Sample`: the bytes, the detected type the ingest stage
would give it, and what an independent reader needs to check the extractor's locations.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from breachscope.extract.base import Source
from breachscope.extract.units import Unit
from breachscope.ingest.filetype import LNK_HEADER

BSN = ("123456782", "111222333", "012345672")
NAMES = ("Jansen-de Vries, M.", "van der Berg, J.P.", "Ömer Yılmaz")
DOB = ("1978-03-04", "1985-11-30", "1990-01-15")
RESULT = "hrHPV positief (HPV16), Pap 2\nKOPAC-B: K1 O1 P2 A1 C1 B1"
VALUES = (*BSN, "Jansen-de Vries", "Dorpsstraat 12A", "1234 AB", "0612345678")
"""Values every text-like sample contains (a checker finds each back by its location)."""


@dataclass
class Sample:
    data: bytes
    detected_type: str
    path: str
    codec: str = "utf-8"
    """The encoding the file was written in (for independent readers)."""
    info: dict[str, object] = field(default_factory=dict)
    companions: dict[str, bytes] = field(default_factory=dict)
    """Files beside it (a bcp data file's format file), by name."""

    def source(self) -> Source:
        data = self.data
        beside = self.companions
        return Source(
            self.path, self.detected_type, len(data), lambda: io.BytesIO(data), None, beside.get
        )


def _encode(text: str, codec: str) -> bytes:
    if codec == "utf-16":
        return text.encode("utf-16")  # with BOM
    if codec == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(codec)


def csv_sample(codec: str = "utf-8", delimiter: str = ";") -> Sample:
    rows = [
        ["BSN", "Naam", "Geboortedatum", "Adres", "Uitslag"],
        [BSN[0], NAMES[0], "04-03-1978", "Dorpsstraat 12A, 1234 AB", RESULT],
        [BSN[1], NAMES[1], "30-11-1985", 'Kade 3 "achter"', "hrHPV negatief"],
        [BSN[2], "Jansen-de Vries", "15-01-1990", "Postbus 1; 1234 AB", "0612345678"],
    ]
    out = io.StringIO(newline="")
    out.write("Export LIMS NMDL" + delimiter * 4 + "\r\n")
    out.write("\r\n")
    import csv

    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    if codec == "cp1252":
        text = text.replace("Ömer Yılmaz", "Émile Hélène")
    return Sample(
        _encode(text, codec),
        "tsv" if delimiter == "\t" else "csv",
        "lims/export.csv",
        codec="utf-16" if codec == "utf-16" else codec,
        info={"delimiter": delimiter, "header_line": 3},
    )


def text_sample(codec: str = "utf-8") -> Sample:
    lines = [
        "2024-03-01 10:00:01 INFO lookup patient bsn=123456782 naam=Jansen-de Vries",
        "2024-03-01 10:00:02 WARN address Dorpsstraat 12A 1234 AB Amsterdam\x00",
        "2024-03-01 10:00:03 INFO bsn 111222333 tel 0612345678 resultaat Pap 2",
        "\tcontinued: 012345672 Ünïcödé",
    ]
    text = "\r\n".join(lines) + "\n"
    if codec == "cp1252":
        text = text.replace("Ünïcödé", "Café")
    return Sample(_encode(text, codec), "text", "logs/app.log", codec=codec)


def xlsx_sample() -> Sample:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Uitslagen 2024"
    ws["A1"] = "Laboratorium NMDL - uitslagen"
    ws["A2"] = "vertrouwelijk"
    ws.append([])
    ws.append(["BSN", "Naam", "Geboortedatum", "Monsterdatum", "Uitslag", "Aantal"])
    ws.append(
        [int(BSN[0]), NAMES[0], dt.date(1978, 3, 4), dt.datetime(2024, 1, 2, 9, 30), RESULT, 1.5]
    )
    ws.append([12345672, NAMES[1], dt.datetime(1985, 11, 30), dt.date(2024, 2, 3), "negatief", 2])
    ws.append([BSN[1], NAMES[2], "15-01-1990", None, "Pap 1", True])
    ws2 = wb.create_sheet("Personeel")
    ws2.append(["Naam", "IBAN", "BSN"])
    ws2.append(["P. Pietersen", "NL91ABNA0417164300", 111222333.0])
    wb.create_sheet("Leeg")
    buf = io.BytesIO()
    wb.save(buf)
    return Sample(
        buf.getvalue(),
        "xlsx",
        "uitslagen.xlsx",
        info={"headers": {"Uitslagen 2024": 4, "Personeel": 1}},
    )


def sql_sample() -> Sample:
    text = (
        "-- MySQL dump 10.13\n"
        "/*!40101 SET NAMES utf8mb4 */;\n"
        "DROP TABLE IF EXISTS `patienten`;\n"
        "CREATE TABLE `patienten` (\n"
        "  `id` int NOT NULL,\n  `bsn` varchar(9) DEFAULT NULL,\n  `naam` varchar(100),\n"
        "  `opmerking` text,\n  PRIMARY KEY (`id`),\n  KEY `bsn_idx` (`bsn`)\n"
        ") ENGINE=InnoDB;\n"
        "INSERT INTO `patienten` VALUES "
        "(1,'123456782','Jansen-de Vries, M.','Dorpsstraat 12A\\n1234 AB'),"
        "(2,NULL,'O''Brien, K.','it\\'s; \"quoted\", (x)');\n"
        "INSERT INTO `patienten` (`id`, `bsn`, `naam`, `opmerking`) VALUES\n"
        "  (3, '111222333', 'van der Berg, J.P.', ''),\n"
        "  (4, '012345672', 'Ömer', 'tel 0612345678');\n"
        "CREATE TABLE monsters (id int, barcode varchar(20), uitslag text);\n"
        "INSERT INTO monsters VALUES (1, 'BVO0000012345', 'hrHPV positief (HPV16), Pap 2');\n"
    )
    return Sample(text.encode("utf-8"), "sql", "db/lims.sql")


def json_sample() -> Sample:
    records = [
        {
            "patient": {"bsn": BSN[0], "name": {"family": "Jansen-de Vries", "given": ["Marieke"]}},
            "birthDate": DOB[0],
            "telecom": [{"system": "phone", "value": "0612345678"}],
            "score": 1.50,
            "active": True,
            "note": None,
        },
        {
            "patient": {"bsn": BSN[1], "name": {"family": "van der Berg"}},
            "address": "Dorpsstraat 12A, 1234 AB",
            "count": 12345678,
        },
    ]
    text = json.dumps(records, indent=1, ensure_ascii=False).replace("1.5", "1.50")
    return Sample(text.encode("utf-8"), "json", "api/patients.json", info={"records": records})


def xml_sample() -> Sample:
    """A LIMS export in XML: patients behind a wrapper element, in a namespace, one with
    two phone numbers, a FHIR-style value attribute and an attribute of its own."""
    patients = [
        (BSN[0], "Jansen-de Vries", "M.", DOB[0], ["0612345678", "020-1234567"], "Dorpsstraat 12A"),
        (BSN[1], "van der Berg", "J.P.", DOB[1], ["0687654321"], "Kerkstraat 1"),
        (BSN[2], "Yılmaz", "Ö.", DOB[2], [], "1234 AB"),
    ]
    body = "".join(
        f'<lab:Patient id="{i}"><lab:BSN>{bsn}</lab:BSN><lab:Naam>'
        f"<lab:Achternaam>{sn}</lab:Achternaam><lab:Voorletters>{vl}</lab:Voorletters>"
        f'</lab:Naam><lab:Geboortedatum value="{dob}"/>'
        + "".join(f"<lab:Tel>{t}</lab:Tel>" for t in tel)
        + f"<lab:Adres>{adres}</lab:Adres></lab:Patient>"
        for i, (bsn, sn, vl, dob, tel, adres) in enumerate(patients, 1)
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- LIMS export -->\n'
        '<lab:Export xmlns:lab="urn:lims"><lab:Datum>2024-03-01</lab:Datum>'
        f"<lab:Patienten>{body}</lab:Patienten></lab:Export>\n"
    )
    return Sample(text.encode("utf-8"), "xml", "lims/export.xml")


def ndjson_sample(codec: str = "utf-8") -> Sample:
    lines = [
        json.dumps({"ts": "2024-03-01T10:00:00", "bsn": BSN[0], "name": "Jansen-de Vries"}),
        "",
        json.dumps(
            {
                "ts": "2024-03-01T10:00:01",
                "patient": {"bsn": BSN[1], "zip": "1234 AB"},
                "msg": "tel 0612345678\tok",
            },
            ensure_ascii=False,
        ),
        json.dumps({"ts": "2024-03-01T10:00:02", "address": "Dorpsstraat 12A", "id": BSN[2]}),
    ]
    return Sample(_encode("\n".join(lines) + "\n", codec), "ndjson", "api/log.ndjson", codec=codec)


HL7_MESSAGES = (
    "MSH|^~\\&|LIMS|NMDL|HIS|GP|20240301120000||ORU^R01^ORU_R01|MSG0001|P|2.5\r"
    "PID|1||123456782^^^NLMINBIZA^NNNLD~Z1234567^^^HOSP^PI||Jansen\\T\\de Vries^Marieke^^^mevr.||"
    "19780304|F|||Dorpsstraat 12A^^Amsterdam^^1234 AB^NL||0612345678^PRN^PH\r"
    "ORC|RE|||||||||||01234567^Huisarts^A.B.\r"
    "OBR|1||BVO0000012345|HPV^hrHPV||||||||||||01234567^Huisarts^A.B.\r"
    "OBX|1|ST|HPV^hrHPV||positief (HPV16)||||||F\r"
    "OBX|2|FT|PAP^Cytologie||Pap 2\\.br\\KOPAC-B K1 O1 P2 A1 C1 B1||||||F\r",
    "MSH|^~\\&|LIMS|NMDL|HIS|GP|20240301120100||ORU^R01|MSG0002|P|2.5\r"
    "PID|1||111222333^^^NLMINBIZA^NNNLD||van der Berg^J.P.||19851130|F\r"
    "OBX|1|ST|HPV^hrHPV||negatief||||||F\r",
)


def hl7_sample(codec: str = "utf-8") -> Sample:
    text = "\n".join(HL7_MESSAGES)
    return Sample(_encode(text, codec), "hl7", "hl7/oru.hl7", codec=codec)


def edifact_sample(codec: str = "utf-8") -> Sample:
    text = (
        "UNA:+.? 'UNB+UNOC:3+LAB:14+GP:14+240301:1200+1'\n"
        "UNH+1+MEDLAB:1'\nNAD+PAT+123456782:ZZZ+Jansen?+de Vries:Marieke+Dorpsstraat 12A+"
        "Amsterdam++1234 AB'\nDTM+329:19780304:102'\nRFF+SRI:BVO0000012345'\n"
        "RES+HPV+positief (HPV16)'\nFTX+AAI+++Pap 2?: controle over 12 maanden'\n"
        "FTX+AAI+++tel 0612345678'\nUNT+8+1'\n"
        "UNH+2+MEDLAB:1'\nNAD+PAT+111222333:ZZZ+van der Berg:J.P.'\nUNT+3+2'\nUNZ+2+1'\n"
    )
    expected = {
        (1, "NAD+PAT-2.1"): BSN[0],
        (1, "NAD+PAT-3.1"): "Jansen+de Vries",
        (1, "NAD+PAT-4"): "Dorpsstraat 12A",
        (1, "NAD+PAT-7"): "1234 AB",
        (1, "DTM+329-1.2"): "19780304",
        (1, "RFF+SRI-1.2"): "BVO0000012345",
        (1, "FTX+AAI-4"): "Pap 2: controle over 12 maanden",
        (1, "FTX+AAI[2]-4"): "tel 0612345678",
        (1, "RES+HPV"): "HPV+positief (HPV16)",
        (2, "NAD+PAT-2.1"): BSN[1],
        (2, "NAD+PAT-3"): "van der Berg:J.P.",
    }
    return Sample(
        _encode(text, codec), "edifact", "edi/medlab.edi", codec=codec, info={"expected": expected}
    )


def pdf_sample(pages: int = 2) -> Sample:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for page in range(pages):
        c.drawString(72, 750, f"Uitslag laboratorium NMDL - pagina {page + 1}")
        c.drawString(72, 730, f"BSN {BSN[page % 3]} Jansen-de Vries")
        c.drawString(72, 710, "Dorpsstraat 12A 1234 AB Amsterdam tel 0612345678")
        c.showPage()
    c.save()
    return Sample(buf.getvalue(), "pdf", "reports/uitslag.pdf", info={"pages": pages})


def docx_sample() -> Sample:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Geachte mevrouw Jansen-de Vries,")
    p = doc.add_paragraph("Uw BSN 123456782 en adres Dorpsstraat 12A, ")
    p.add_run("1234 AB").bold = True
    table = doc.add_table(rows=2, cols=3)
    for r, cells in enumerate(
        (("BSN", "Naam", "Telefoon"), (BSN[1], "van der Berg", "0612345678"))
    ):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    table.cell(1, 1).add_paragraph("J.P.")
    doc.add_paragraph("Met vriendelijke groet\tLab")
    buf = io.BytesIO()
    doc.save(buf)
    return Sample(buf.getvalue(), "docx", "letters/brief.docx")


def eml_sample() -> Sample:
    msg = EmailMessage()
    msg["From"] = "Lab NMDL <lab@example.nl>"
    msg["To"] = "Marieke Jansen-de Vries <m.jansen@example.nl>, huisarts@example.nl"
    msg["Subject"] = "Uitslag BSN 123456782 – Jansen-de Vries"
    msg["Date"] = "Fri, 01 Mar 2024 10:00:00 +0100"
    msg.set_content("Beste collega,\n\nBSN 111222333, Dorpsstraat 12A, 1234 AB.\nTel 0612345678\n")
    msg.add_alternative(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<p>BSN <b>012345672</b> &amp; Jansen-de Vries</p></body></html>",
        subtype="html",
    )
    msg.add_attachment(
        csv_sample().data, maintype="text", subtype="csv", filename="../../lijst.csv"
    )
    msg.add_attachment(
        b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="lijst.csv"
    )
    inner = EmailMessage()
    inner["From"] = "a@example.nl"
    inner["Subject"] = "doorgestuurd"
    inner.set_content("binnenste bericht 123456782\n")
    msg.add_attachment(inner)
    return Sample(bytes(msg), "eml", "mail/uitslag.eml")


def rtf_sample() -> Sample:
    """A lab letter in RTF as a hospital system writes it: font and colour tables, a page
    header, document properties, a hex-escaped and a Unicode character, a table row, a
    mail link and a picture; ``info`` holds the text a reader shows."""
    rtf = (
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}"
        r"{\colortbl;\red0\green0\blue0;}"
        r"{\info{\title Uitslag Jansen-de Vries}{\author Lab Oost}}"
        r"{\header \pard Betreft: 1234 AB\par}"
        r"\f0\fs20 Geachte mevrouw Jansen-de Vries,\par\par "
        r"Pati\'ebnt\~BSN 123456782, Dorpsstraat 12A\line "
        r'Telefoon {\field{\*\fldinst HYPERLINK "tel:0612345678"}{\fldrslt 0612345678}}\par '
        r"\trowd\cellx2000\cellx4000 BSN\cell " + BSN[1] + r"\cell\row "
        r"Ca\uc1\u233?n\par{\*\bkmkstart b1}{\pict\pngblip 89504e470d0a}"
        r"Uitslag: hrHPV positief (HPV16)\par BSN " + BSN[2] + r"\par}"
    )
    body = (
        "Betreft: 1234 AB\nGeachte mevrouw Jansen-de Vries,\n\n"
        "Patiënt\u00a0BSN 123456782, Dorpsstraat 12A\nTelefoon 0612345678\n"
        f"BSN\t{BSN[1]}\t\nCaén\nUitslag: hrHPV positief (HPV16)\nBSN {BSN[2]}\n"
    )
    return Sample(
        rtf.encode("cp1252"),
        "rtf",
        "brieven/uitslag.rtf",
        info={"body": body, "info": "title: Uitslag Jansen-de Vries\nauthor: Lab Oost"},
    )


def html_sample() -> Sample:
    """A saved report page: entities, a table, a script and a style that show nothing."""
    html = (
        "<!DOCTYPE html>\n<html><head><title>Uitslag</title><style>td {color: red}</style>"
        "<script>var bsn = '999999990';</script></head><body>"
        "<h1>Uitslag Jansen-de Vries</h1><p>Pati&euml;nt&nbsp;BSN 123456782,<br>"
        "Dorpsstraat 12A, 1234&nbsp;AB</p><table><tr><td>BSN</td><td>"
        f"{BSN[1]}</td></tr><tr><td>Telefoon</td><td>0612345678</td></tr></table>"
        "</body></html>\n"
    )
    text = (
        "Uitslag\nUitslag Jansen-de Vries\nPatiënt\u00a0BSN 123456782,\n"
        f"Dorpsstraat 12A, 1234\u00a0AB\n\tBSN\t{BSN[1]}\n\tTelefoon\t0612345678"
    )
    return Sample(html.encode("utf-8"), "html", "rapporten/uitslag.html", info={"body": text})


def doc_sample() -> Sample:
    """A Word 97-2003 letter ([MS-DOC]'s layout, built here: LibreOffice's ``.doc`` files
    were read the same way while this was written): the body in an 8-bit piece with a
    field, a table row and a picture mark, the page header in a UTF-16 piece."""
    from .cfb import write_cfb

    body = (
        "Geachte mevrouw Jansen-de Vries,\r"
        '\x13 HYPERLINK "https://x.nl" \x14Dorpsstraat 12A\x15, 1234 AB\r'
        f"BSN\x07{BSN[1]}\x07\x07Tel 0612345678\x01\r"
    )
    header = "Betreft: BSN 123456782 (Ωmega)\r"
    text_at = 0x800
    word = bytearray(text_at)
    struct.pack_into("<HH", word, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", word, 0x0A, 0x0200)  # the table stream is 1Table
    struct.pack_into("<H", word, 0x20, 14)  # csw, then fibRgW
    lw = 0x20 + 2 + 28
    struct.pack_into("<H", word, lw, 22)  # cslw, then fibRgLw
    struct.pack_into("<ii", word, lw + 2 + 12, len(body), 0)  # ccpText, ccpFtn
    struct.pack_into("<i", word, lw + 2 + 20, len(header))  # ccpHdd
    blob = lw + 2 + 88
    struct.pack_into("<H", word, blob, 93)  # cbRgFcLcb
    first = body.encode("cp1252")
    word += first + header.encode("utf-16-le")
    cps = [0, len(body), len(body) + len(header)]
    pcds = struct.pack("<HIH", 0, 0x40000000 | (2 * text_at), 0) + struct.pack(
        "<HIH", 0, text_at + len(first), 0
    )
    plc = struct.pack("<3I", *cps) + pcds
    clx = b"\x01" + struct.pack("<h", 2) + b"\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table = b"\x00" * 16 + clx
    struct.pack_into("<II", word, blob + 2 + 8 * 33, 16, len(clx))  # fcClx, lcbClx
    data = write_cfb({"WordDocument": bytes(word), "1Table": table})
    shown = {
        "body": "Geachte mevrouw Jansen-de Vries,\nDorpsstraat 12A, 1234 AB\n"
        f"BSN\t{BSN[1]}\t\nTel 0612345678",
        "headers": "Betreft: BSN 123456782 (Ωmega)",
    }
    return Sample(data, "doc", "brieven/oud.doc", info=shown)


def odt_sample() -> Sample:
    """A synthetic letter with a page header, a table and properties, as LibreOffice 7.4
    wrote it (``fixtures/libreoffice_letter.odt``); ``info`` holds what a reader shows."""
    data = (Path(__file__).parent / "fixtures" / "libreoffice_letter.odt").read_bytes()
    shown = {
        "body": "Geachte mevrouw Jansen-de Vries,\nUw BSN 123456782, adres Dorpsstraat 12A, "
        "1234 AB.\nNaam patiënt\tMevr. M. Jansen-de Vries\nTelefoon\t0612345678\n"
        "Uw uitslag:    hrHPV positief,\tgenotype 16. Café Ωmega",
        "headers": "Betreft: mevr. A. de Vries, geb. 12-03-1971, BSN 111222333",
        "info": "title: Brief mevr. A. de Vries\nauthor: J. Pietersen",
    }
    return Sample(data, "odt", "brieven/brief.odt", info=shown)


def image_sample() -> Sample:
    """A scanned form as a PNG (read by OCR: the contract suite puts a stand-in
    ``tesseract`` on the PATH that answers ``info["ocr"]``), with text in its metadata:
    a ``tEXt``, a ``zTXt`` and an ``iTXt`` chunk with a language and translated keyword."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Mevr. A. de Vries-Ölmez")
    info.add_text("Comment", "Aanvraag BSN 111222333\r\nDorpsstraat 12A", zip=True)
    info.add_itxt("Description", "Uitslag Jansen: hrHPV positief", "nl", "Beschrijving", zip=True)
    buf = io.BytesIO()
    Image.new("L", (60, 20), 200).save(buf, format="PNG", pnginfo=info)
    return Sample(buf.getvalue(), "image", "scans/formulier.png", info={"ocr": OCR_TEXT})


OCR_TEXT = "Aanvraag BSN 123456782, Dorpsstraat 12A, 1234 AB\n"
"""What the contract suite's stand-in ``tesseract`` answers for every image."""


DUCKDB_VIEW = (
    "CREATE VIEW lab.v_spoed AS SELECT * FROM main.patienten WHERE (achternaam = 'Jansen');"
)
"""The sample's view, as DuckDB's catalogue gives its definition back."""


def duckdb_sample() -> Sample:
    """An analyst's DuckDB database: patients (a date, a BLOB, a NULL, a generated column
    that is never computed), a second schema's table, a view and a macro (read as text)."""
    import os
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "bvo.duckdb")
        con = duckdb.connect(name)
        con.execute(
            "CREATE TABLE patienten (id INTEGER, achternaam VARCHAR, bsn VARCHAR, "
            "geboortedatum DATE, telefoon VARCHAR, foto BLOB, "
            "dubbel INTEGER GENERATED ALWAYS AS (id * 2))"
        )
        con.execute(
            "INSERT INTO patienten (id, achternaam, bsn, geboortedatum, telefoon, foto) "
            "VALUES (1, 'Jansen-de Vries', ?, ?, '0612345678', '\\x89PNG\\xFF'::BLOB), "
            "(2, 'van der Berg', ?, ?, NULL, 'Dorpsstraat 12A'::BLOB), "
            "(3, 'Yılmaz', ?, ?, NULL, NULL)",
            [BSN[0], DOB[0], BSN[1], DOB[1], BSN[2], DOB[2]],
        )
        con.execute("CREATE SCHEMA lab")
        con.execute("CREATE TABLE lab.adres (postcode VARCHAR, huisnummer INTEGER)")
        con.execute("INSERT INTO lab.adres VALUES ('1234 AB', 12)")
        con.execute(DUCKDB_VIEW)
        con.execute("CREATE MACRO lab.leeftijd(d) AS date_diff('year', d, DATE '2024-05-01')")
        con.close()
        data = Path(name).read_bytes()
    return Sample(data, "duckdb", "dwh/bvo_analyse.duckdb")


WAL_LONG = "1234 AB " * 200
"""A value longer than the WAL sample's 1024-byte pages: it goes on an overflow page."""
WAL_ROWS = (
    ("4", "2", "1", "Jansen-de Vries", BSN[0], "1.5", None, None),
    ("4", "2", "2", "van der Berg", BSN[1], None, "Dorpsstraat 12A", WAL_LONG),
    ("6", "3", "2", "van der Berg", BSN[1], None, "Dorpsstraat 12A", WAL_LONG),
    ("7", "4", "2", "van der Berg", BSN[1], None, "Dorpsstraat 12A", WAL_LONG),
    ("7", "4", "3", "Yılmaz", BSN[2], "-7", None, "0612345678"),
)
"""The WAL sample's ``patient`` rows by the file format: the commit of both inserts (frame
4, page 2; frame 5 its overflow page), the delete of row 1 (frame 6) and the last insert
(frame 7); row 1 survives in frame 4. Columns: frame, commit, then the row's values."""
WAL_COLUMNS = ("wal_frame", "wal_commit", "id", "naam", "bsn", "score", "foto", "opm")


def sqlite_wal_sample() -> Sample:
    """A reception desk's SQLite WAL, copied while its database was open (1024-byte pages,
    no checkpoint): the schema on page 1, a deleted row, a value on an overflow page, a
    BLOB of bytes and one of text."""
    import sqlite3

    from .walwriter import sqlite_wal

    def write(con: sqlite3.Connection) -> None:
        con.execute(
            "CREATE TABLE patient (id INTEGER PRIMARY KEY, naam TEXT, bsn TEXT, score REAL, "
            "foto BLOB, opm TEXT)"
        )
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO patient VALUES (1, 'Jansen-de Vries', ?, 1.5, x'89504eff', NULL)",
            [BSN[0]],
        )
        con.execute(
            "INSERT INTO patient VALUES (2, 'van der Berg', ?, NULL, "
            "CAST('Dorpsstraat 12A' AS BLOB), ?)",
            [BSN[1], WAL_LONG],
        )
        con.execute("COMMIT")
        con.execute("DELETE FROM patient WHERE id = 1")
        con.execute("INSERT INTO patient VALUES (3, 'Yılmaz', ?, -7, NULL, '0612345678')", [BSN[2]])

    return Sample(sqlite_wal(write), "sqlite-wal", "balie/ontvangst.db-wal")


def sqlite_sample() -> Sample:
    """A portal's SQLite database: a patients table (with a BLOB and a NULL), a log, a
    table WITHOUT ROWID and a view (never queried)."""
    import os
    import sqlite3
    import tempfile

    fd, name = tempfile.mkstemp(suffix=".db")
    os.close(fd)
    try:
        con = sqlite3.connect(name)
        con.execute(
            "CREATE TABLE patienten (id INTEGER PRIMARY KEY, achternaam TEXT, bsn TEXT, "
            "geboortedatum TEXT, telefoon TEXT, score REAL, foto BLOB)"
        )
        con.executemany(
            "INSERT INTO patienten VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, "Jansen-de Vries", BSN[0], DOB[0], "0612345678", 1.5, b"\x89PNG\xff"),
                (2, "van der Berg", BSN[1], DOB[1], None, None, b"Dorpsstraat 12A"),
                (3, "Yılmaz", BSN[2], DOB[2], None, 2.0, None),
            ],
        )
        con.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        con.execute("INSERT INTO kv VALUES ('adres', '1234 AB')")
        con.execute("CREATE VIEW alle AS SELECT * FROM patienten")
        con.commit()
        con.close()
        data = Path(name).read_bytes()
    finally:
        os.unlink(name)
    return Sample(data, "sqlite", "portal/portal.db")


def msg_sample() -> Sample:
    """An Outlook message: properties as streams of an OLE2 file (see :mod:`.cfb`)."""
    from .cfb import write_cfb

    def u(text: str) -> bytes:
        return text.encode("utf-16-le")

    def recip_type(kind: int) -> bytes:
        tag = (0x0C15 << 16) | 0x0003
        return b"\x00" * 8 + struct.pack("<IIII", tag, 6, kind, 0)

    body = "Beste collega,\r\nBSN 111222333, Dorpsstraat 12A, 1234 AB.\r\nTel 0612345678\r\n"
    attachment = csv_sample().data * 12  # over 4 KiB: stored outside the mini stream
    streams = {
        "__properties_version1.0": b"\x00" * 32,
        "__substg1.0_0037001F": u("Uitslag BSN 123456782 Jansen-de Vries"),
        "__substg1.0_0C1A001F": u("Lab NMDL"),
        "__substg1.0_5D01001F": u("lab@example.nl"),
        "__substg1.0_0E04001F": u("Marieke Jansen-de Vries"),
        "__substg1.0_1000001F": u(body),
        "__substg1.0_10130102": b"<p>BSN <b>012345672</b> Jansen-de Vries</p>",
        "__substg1.0_007D001F": u("Date: Fri, 01 Mar 2024 10:00:00 +0100\r\nX-A: b\r\n"),
        "__recip_version1.0_#00000000/__substg1.0_3001001F": u("Marieke Jansen-de Vries"),
        "__recip_version1.0_#00000000/__substg1.0_39FE001F": u("m.jansen@example.nl"),
        "__recip_version1.0_#00000000/__properties_version1.0": recip_type(1),
        "__recip_version1.0_#00000001/__substg1.0_3001001F": u("Huisarts"),
        "__recip_version1.0_#00000001/__properties_version1.0": recip_type(2),
        "__attach_version1.0_#00000000/__substg1.0_3707001F": u("../lijst.csv"),
        "__attach_version1.0_#00000000/__substg1.0_37010102": attachment,
        "__attach_version1.0_#00000001/__substg1.0_3707001F": u("doorgestuurd.msg"),
    }
    header = (
        "From: Lab NMDL <lab@example.nl>\nTo: Marieke Jansen-de Vries <m.jansen@example.nl>\n"
        "Cc: Huisarts\nSubject: Uitslag BSN 123456782 Jansen-de Vries\n"
        "Date: Fri, 01 Mar 2024 10:00:00 +0100"
    )
    return Sample(
        write_cfb(streams),
        "msg",
        "mail/uitslag.msg",
        info={"header": header, "body": body, "attachment": attachment},
    )


def vcard_sample() -> Sample:
    """Contact cards as an address book exports them: vCard 3.0 with folded lines and
    escapes, and 2.1 with quoted-printable UTF-8."""
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Jansen-de Vries;Marieke;;;\r\n"
        "FN:Marieke Jansen-de Vries\r\nADR;TYPE=HOME:;;Dorpsstraat 12A;Amsterdam;;1234 AB;NL\r\n"
        "TEL;TYPE=CELL:0612345678\r\nBDAY:1978-03-04\r\n"
        "NOTE:BSN 123456782\\, BSN partner 111222333\\; zie ook 012345672 voor de\r\n"
        "  dochter\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Y=C4=B1lmaz;=C3=96mer;;;\r\n"
        "TEL;HOME:020-1234567\r\nEND:VCARD\r\n"
    )
    return Sample(text.encode(), "vcard", "contacten/adresboek.vcf")


def ics_sample() -> Sample:
    """A practice's agenda exported as iCalendar: folded lines, escapes, an attendee with
    a quoted name, an alarm inside the event (its text no value of the row)."""
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Praktijk//Agenda//NL\r\n"
        "BEGIN:VEVENT\r\nUID:1@praktijk\r\nDTSTART;TZID=Europe/Amsterdam:20240312T090000\r\n"
        "SUMMARY:Uitstrijkje mevr. P. Jansen\r\n"
        "DESCRIPTION:BSN 123456782\\, geb. 03-03-1978\\ntel 06-12345678\\, HPV-posi\r\n"
        " tief\r\n"
        'ATTENDEE;CN="Jansen, Petra";ROLE=REQ-PARTICIPANT:mailto:p.jansen@example.nl\r\n'
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Herinnering\r\nEND:VALARM\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VTODO\r\nSUMMARY:Bel dhr. A. Öztürk terug\r\nEND:VTODO\r\n"
        "END:VCALENDAR\r\n"
    )
    return Sample(text.encode(), "ics", "agenda/praktijk.ics")


def ldif_sample() -> Sample:
    """A patient portal's accounts exported with ``ldapsearch``: comments, a folded line,
    a name in base64, a photo in base64 (binary: left out), a postal address with ``$``."""
    photo = base64.b64encode(bytes(range(256))).decode()
    text = (
        "# export ou=portaal\nversion: 1\n\n"
        "dn: uid=c-1,ou=portaal,dc=lab,dc=nl\nobjectClass: inetOrgPerson\n"
        "cn:: " + base64.b64encode(b"Marieke Jansen-de Vries").decode() + "\n"
        "sn: Jansen-de Vries\nmobile: 06123\n 45678\n"
        "postalAddress: Dorpsstraat 12A$1234 AB Amsterdam\nnlBSN: 123456782\n"
        f"jpegPhoto:: {photo}\n\n"
        "dn: uid=c-2,ou=portaal,dc=lab,dc=nl\ncn: Ömer Yılmaz\nnlBSN: 012345672\n"
    )
    return Sample(text.encode(), "ldif", "ldap/portaal.ldif")


def mt940_sample() -> Sample:
    """A lab's bank statement (ABN AMRO's MT940): its header lines, two payments by
    self-paying patients whose ``:86:`` fields the bank cut at 65 characters (inside a
    name too), a payment out with free text, the closing balance."""
    text = (
        "ABNANL2A\r\n940\r\nABNANL2A\r\n:20:ABN AMRO BANK NV\r\n:25:NL46ABNA9369428291\r\n"
        ":28:13101/1\r\n:60F:C240512EUR21873,05\r\n"
        ":61:2405130513C45,00N654NONREF\r\n"
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/\r\n"
        "JANSEN-DE VRIES M/REMI/F2024-09657 cervixcytologie M. Jansen-de Vr\r\n"
        "ies geb 03-03-1978/EREF/NOTPROVIDED\r\n"
        ":61:2405140514C61,20N654NONREF\r\n"
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL20INGB0001234567/BIC/INGBNL2A/NAME/\r\n"
        "\u00d6MER YILMAZ/REMI/BSN 012345672 HbA1c/EREF/NOTPROVIDED\r\n"
        ":61:2405140514D4120,00N658NONREF\r\n:86:LOONHEFFING APRIL 2024\r\n"
        ":62F:C240514EUR16186,75\r\n-\r\n"
    )
    return Sample(text.encode("latin-1"), "mt940", "financieel/bank/mei.sta")


def _reg_hex(name: str, kind: str, data: bytes) -> str:
    """A registry value as ``regedit`` writes bytes: ``"name"=hex(7):..``, cut into lines
    of at most 80 characters continued by a backslash."""
    line = f'"{name}"={kind}:'
    out: list[str] = []
    for i, byte in enumerate(data):
        piece = f"{byte:02x}" + ("," if i < len(data) - 1 else "")
        if len(line) + len(piece) > 77:
            out.append(line + "\\")
            line = "  "
        line += piece
    return "\r\n".join([*out, line])


def reg_sample() -> Sample:
    """A user's registry exported by ``regedit`` (UTF-16 with its BOM, CRLF): Word's
    recent files (escaped backslashes), a recent PDF's entry as a shell item's bytes (the
    file's name twice in UTF-16 beside its short name), a search's terms, a multi-string,
    a number, a list's order that holds no text."""
    shell = (
        "Uitslag Jansen-de Vries 123456782.pdf\x00".encode("utf-16-le")
        + b"z\x002\x00\x18\xfc\xef\xa0UITSLA~1.LNK\x00\x00\\\x00\x08\x00\x04\x00\xef\xbe"
        + "Uitslag Jansen-de Vries 123456782.lnk\x00".encode("utf-16-le")
        + b"\x1c\x00\x00\x00"
    )
    lines = [
        "Windows Registry Editor Version 5.00",
        "",
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Word\\User MRU\\File MRU]",
        '"Max Display"=dword:00000032',
        '"Item 1"="[F00000000][T01DAA9D1023DEE9B]*\\\\\\\\fs01\\\\bvo\\\\'
        'Brief Jansen-de Vries.docx"',
        "",
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs]",
        _reg_hex("MRUListEx", "hex", b"\x00\x00\x00\x00\xff\xff\xff\xff"),
        _reg_hex("0", "hex", shell),
        "",
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\WordWheelQuery]",
        _reg_hex("0", "hex", "0612345678\x00".encode("utf-16-le")),
        _reg_hex("Zoek", "hex(7)", "111222333\x00012345672\x00\x00".encode("utf-16-le")),
        "",
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\TypedPaths]",
        '"url1"="\\\\\\\\fs01\\\\bvo\\\\Dorpsstraat 12A, 1234 AB"',
        '@="-"',
        "",
    ]
    text = "\r\n".join(lines)
    readable = (
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Word\\User MRU\\File MRU]\n"
        "Max Display: 50\n"
        "Item 1: [F00000000][T01DAA9D1023DEE9B]*\\\\fs01\\bvo\\Brief Jansen-de Vries.docx\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs]\n"
        "0: Uitslag Jansen-de Vries 123456782.pdf | UITSLA~1.LNK"
        " | Uitslag Jansen-de Vries 123456782.lnk\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\WordWheelQuery]\n"
        "0: 0612345678\n"
        "Zoek: 111222333 | 012345672\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\TypedPaths]\n"
        "url1: \\\\fs01\\bvo\\Dorpsstraat 12A, 1234 AB\n"
        "@: -\n"
    )
    return Sample(
        b"\xff\xfe" + text.encode("utf-16-le"),
        "reg",
        "forensisch/NTUSER.reg",
        info={None: readable},
    )


def pdf_fields_sample() -> Sample:
    """Two registration forms dumped with ``pdftk ... dump_data_fields``: XFA names, a
    checkbox on and one off, a line break and an accent as character references, a field
    left blank."""
    text = (
        "---\nFieldType: Text\nFieldName: form1[0].p1[0].naam_patient[0]\nFieldFlags: 0\n"
        "FieldValue: Jansen-de Vries, Marieke\nFieldJustification: Left\n---\n"
        "FieldType: Text\nFieldName: form1[0].p1[0].bsn[0]\nFieldValue: 123456782\n---\n"
        "FieldType: Button\nFieldName: form1[0].p1[0].cb_zwanger[0]\nFieldFlags: 0\n"
        "FieldValue: Yes\nFieldStateOption: Off\nFieldStateOption: Yes\n---\n"
        "FieldType: Text\nFieldName: form1[0].p1[0].opmerking[0]\n"
        "FieldValue: Dorpsstraat 12A&#10;1234 AB Amsterdam\n---\n"
        "FieldType: Text\nFieldName: form1[0].p1[0].naam_patient[0]\n"
        "FieldValue: Y&#305;lmaz, &#214;mer\n---\n"
        "FieldType: Text\nFieldName: form1[0].p1[0].bsn[0]\nFieldValue: 012345672\n---\n"
        "FieldType: Button\nFieldName: form1[0].p1[0].cb_zwanger[0]\nFieldValue: Off\n---\n"
        "FieldType: Text\nFieldName: form1[0].p1[0].opmerking[0]\n"
    )
    return Sample(text.encode(), "pdf-fields", "formulieren/aanmeldingen_velden.txt")


def typed_records_sample() -> Sample:
    """A lab's declaration to an insurer in the style of Vektis's standards, written with
    ``;`` in cp1252: a header record, patients (``02``) each followed by their services
    (``04``), the totals (``99``); a line of text among them."""
    lines = [
        "01;LA309;3;001;20231201;27012345;Cervixlab Midden-Nederland B.V.;20231101;EUR",
        "02;0000001;123456782;3311;JANSEN;J.M.;19660716;V;3512AB;12;;001",
        "04;0000002;0000001;20231103;190002;Cervixcytologie;0000003450;D",
        "04;0000003;0000001;20231103;190118;hrHPV-test;0000002890;D",
        "",
        "02;0000004;012345672;0101;DE VRIES-ÖZTÜRK;A.;19720304;V;1012JS;8;A;001",
        "04;0000005;0000004;20231107;190002;Cervixcytologie;0000003450;D",
        "02;0000006;111222333;3311;PIETERS;M.E.;19881107;V;9711LM;3;B;001",
        "04;0000007;0000006;20231121;190002;Cervixcytologie;0000003450;D",
        "Einde bestand",
        "99;0000008;3;4;0000013240",
    ]
    return Sample(
        ("\r\n".join(lines) + "\r\n").encode("cp1252"),
        "typed-records",
        "declaraties/LA309_202311.txt",
        codec="cp1252",
    )


def gedcom_sample() -> Sample:
    """A pedigree sent with a clinical genetics referral: a family record, a note
    continued, a BSN under its identifier's type, a date of one day and an approximate."""
    text = (
        "0 HEAD\n1 SOUR Progeny\n1 CHAR UTF-8\n0 @SUB1@ SUBM\n1 NAME Poli Gynaecologie\n"
        "0 @I1@ INDI\n1 NAME Marieke /Jansen-de Vries/\n1 BIRT\n2 DATE 4 MAR 1978\n"
        "1 RESI\n2 ADDR Dorpsstraat 12A\n3 POST 1234 AB\n2 PHON 0612345678\n"
        "1 IDNO 123456782\n2 TYPE BSN\n1 NOTE Index. hrHPV positief (HPV16),\n"
        "2 CONC  Pap 2\n"
        "0 @I2@ INDI\n1 NAME Ömer /Yılmaz/\n1 BIRT\n2 DATE ABT 1950\n1 IDNO 012345672\n"
        "0 @F1@ FAM\n1 HUSB @I2@\n1 CHIL @I1@\n0 TRLR\n"
    )
    return Sample(text.encode(), "gedcom", "genetica/stamboom.ged")


def postscript_sample() -> Sample:
    """A CUPS spool file of two pages: labels and values placed by ``moveto``, a name split
    over two ``show``s, escapes in strings, a procedure's string that is no page's text."""
    text = (
        "%!PS-Adobe-3.0\n%%Title: uitslag_Jansen.pdf\n%%For: Stefan Tromp\n%%Pages: 2\n"
        "%%BeginProlog\n/err { (fout in taak) print } def\n%%EndProlog\n"
        "/F { /Helvetica findfont 10 scalefont setfont } def\n%%Page: 1 1\nF\n"
        "72 760 moveto (Stichting LPO \\(lab\\)) show\n"
        "72 700 moveto (Naam:) show 180 700 moveto (Petra ) show (Jansen-de Vries) show\n"
        "72 686 moveto (BSN:) show 180 686 moveto (123456782) show\nshowpage\n"
        "%%Page: 2 2\n72 700 moveto (Naam:) show 180 700 moveto (\\326mer Y\\375lmaz) show\n"
        "72 686 M <4765622e3a> show 180 686 M (15-01-1990) show\nshowpage\n%%EOF\n"
    )
    pages = {
        "title": "uitslag_Jansen.pdf",
        "page-1": "Stichting LPO (lab)\nNaam:\tPetra Jansen-de Vries\nBSN:\t123456782",
        "page-2": "Naam:\tÖmer Yýlmaz\nGeb.:\t15-01-1990",
    }
    return Sample(text.encode("latin-1"), "postscript", "var/spool/cups/d00871-001", info=pages)


def pcl_sample() -> Sample:
    """A PCL 5 job wrapped in PJL: labels and values placed by cursor moves, font escapes
    between them, a font header's data bytes passed over, two pages."""
    esc = "\x1b"
    body = (
        f"{esc}E{esc}&l26A{esc}(19U{esc}(s1p12v0s0b4148T"
        f"{esc}*p300x150Y{esc}(s3BStichting LPO{esc}(s0B"
        f"{esc}*p300x300YNaam:{esc}*p900x300YPetra Jansen-de Vries"
        f"{esc})s4W\x01\x02\x03\x04"
        f"{esc}*p300x360YBSN:{esc}*p900x360Y123456782\x0c"
        f"{esc}*p300x300YNaam:{esc}*p900x300Y\xd6mer Yilmaz\r\n"
        f"Geb.: 15-01-1990{esc}E"
    )
    text = (
        f'{esc}%-12345X@PJL JOB NAME="uitslagbrieven"\r\n@PJL ENTER LANGUAGE=PCL\r\n'
        f"{body}{esc}%-12345X@PJL EOJ\r\n{esc}%-12345X"
    )
    pages = {
        "pjl": '@PJL JOB NAME="uitslagbrieven"\n@PJL ENTER LANGUAGE=PCL\n@PJL EOJ',
        "page-1": "Stichting LPO\nNaam:\tPetra Jansen-de Vries\nBSN:\t123456782",
        "page-2": "Naam:\tÖmer Yilmaz\nGeb.: 15-01-1990",
    }
    return Sample(text.encode("latin-1"), "pcl", "spool/PRINTERS/job_4411.prn", info=pages)


EMLX_MESSAGE = (
    b"From: Lisa Vermeulen <l.vermeulen@lpo-lab.nl>\nTo: balie@lpo-lab.nl\n"
    b"Subject: Terugbellijst\nMime-Version: 1.0\n"
    b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    b"- Truus Coenen (geb. 05-12-1957), BSN 123456782, truus=\n.coenen@gmail.com\n"
)
"""The message an Apple Mail ``.emlx`` holds (an address broken by a soft line break)."""


def emlx_sample() -> Sample:
    """Apple Mail's ``48211.emlx``: the length line, the message, Mail's property list."""
    plist = b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict></dict></plist>\n'
    data = f"{len(EMLX_MESSAGE)}        \n".encode() + EMLX_MESSAGE + plist
    return Sample(data, "emlx", "Library/Mail/V10/A1B2/Inbox.mbox/Data/Messages/48211.emlx")


def epl_sample() -> Sample:
    """A lab's sample labels as an EPL2 job for a desktop label printer: a name in
    capitals over its birth date and sex, a BSN, a lab number's bar code, an escaped
    quote."""
    text = (
        "\r\nN\r\nq609\r\nQ203,26\r\n"
        'A20,10,0,3,1,1,N,"LPO T24-22217"\r\nA20,40,0,4,1,1,N,"JANSEN-DE VRIES, M."\r\n'
        'A20,80,0,3,1,1,N,"04-03-1978  V"\r\nA20,110,0,2,1,1,N,"BSN 123456782"\r\n'
        'B20,140,0,1,2,4,50,N,"T2422217"\r\nP1\r\n\r\nN\r\n'
        'A20,40,0,4,1,1,N,"YILMAZ, \\"O.\\""\r\nA20,80,0,3,1,1,N,"15-01-1990  M"\r\nP1\r\n'
    )
    labels = {
        "label-1": "LPO T24-22217\nJANSEN-DE VRIES, M.\n04-03-1978  V\nBSN 123456782\nT2422217",
        "label-2": 'YILMAZ, "O."\n15-01-1990  M',
    }
    return Sample(text.encode(), "epl", "printer/zebra_lp2844_batch.epl", info=labels)


def zpl_sample() -> Sample:
    """A lab's sample labels as ZebraDesigner sends them to the printer: its prefix, a
    set-up label with no field, a QR code, a comment, a name in hexadecimal escapes."""
    text = (
        "CT~~CD,~CC^~CT~\r\n^XA~TA000~JSN^LT0^MNW^CI28^XZ\r\n"
        "^XA\r\n^FO20,20^A0N,30,30^FDC24-140221^FS\r\n"
        "^FO20,60^FDJansen-de Vries, M.   V^FS\r\n"
        "^FO20,95^FD04-03-1978   BSN 123456782^FS\r\n"
        "^FO20,130^FDDorpsstraat 12A, 1234 AB^FS\r\n"
        "^FO320,20^BQN,2,4^FDQA,123456782^FS\r\n"
        "^FX pat. tel 0612345678^FS\r\n^XZ\r\n"
        "^XA\r\n^FO20,20^FDC24-140222^FS\r\n^FO20,60^FH^FD_C3_96mer Y_C4_B1lmaz^FS\r\n"
        "^FO20,95^FD15-01-1990   BSN 012345672^FS\r\n^XZ\r\n"
    )
    labels = {
        "label-2": "C24-140221\nJansen-de Vries, M.   V\n04-03-1978   BSN 123456782\n"
        "Dorpsstraat 12A, 1234 AB\n123456782\npat. tel 0612345678",
        "label-3": "C24-140222\nÖmer Yılmaz\n15-01-1990   BSN 012345672",
    }
    return Sample(text.encode(), "zpl", "printer/etiketten.zpl", info=labels)


def found_at(units: list[Unit]) -> set[tuple[str, str, str]]:
    """``(class, value, location after the path)`` of the findings of ``units``."""
    from breachscope.config import Config
    from breachscope.detect.engine import detect_units
    from breachscope.detect.finding import findings_from_arrow

    found = findings_from_arrow(detect_units(units, Config(workers=1)))
    return {(f.data_class, f.value, str(f.location).split("#")[1]) for f in found}


def alto_string(content: str, x: int, **subs: str) -> str:
    """One ALTO word element (its place on the scan as ABBYY writes it)."""
    extra = "".join(f' {k}="{v}"' for k, v in subs.items())
    return f'<String HPOS="{x}" VPOS="300" WIDTH="200" HEIGHT="38" CONTENT="{content}"{extra}/>'


def alto(*pages: list[list[list[str]]]) -> bytes:
    """An ALTO v4 document: pages of blocks of lines of word elements (``SP`` between)."""

    def line(words: list[str]) -> str:
        return f"<TextLine>{'<SP/>'.join(words)}</TextLine>"

    body = "".join(
        "<Page><PrintSpace>"
        + "".join(f"<TextBlock>{''.join(line(w) for w in block)}</TextBlock>" for block in page)
        + "</PrintSpace></Page>"
        for page in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description>'
        "<MeasurementUnit>pixel</MeasurementUnit></Description>"
        f"<Layout>{body}</Layout></alto>"
    ).encode()


def alto_sample() -> Sample:
    """A scanned intake list's OCR: two pages, a name and her BSN as words of one line, a
    result word hyphenated over two lines."""
    w = alto_string
    page1 = [
        [[w("Intakelijst", 1)]],
        [
            [w("1.", 1), w("Jansen-de", 2), w("Vries,", 3), w("M.", 4), w("BSN", 5), w(BSN[0], 6)],
            [w("Uitslag:", 1), w("HPV-", 2, SUBS_TYPE="HypPart1", SUBS_CONTENT="HPV-positief")],
            [
                w("positief", 1, SUBS_TYPE="HypPart2", SUBS_CONTENT="HPV-positief"),
                w("Pap", 2),
                w("2", 3),
            ],
        ],
    ]
    page2 = [[[w("2.", 1), w("Ömer", 2), w("Yılmaz", 3), w("geb.", 4), w("15-01-1990", 5)]]]
    shown = {
        "page-1": f"Intakelijst\n\n1. Jansen-de Vries, M. BSN {BSN[0]}\nUitslag: HPV-positief\n"
        "Pap 2",
        "page-2": "2. Ömer Yılmaz geb. 15-01-1990",
    }
    return Sample(alto(page1, page2), "alto", "scans/intake_0012_alto.xml", info=shown)


def ocr_tsv(pages: list[list[list[str]]]) -> str:
    """Tesseract's TSV of pages of blocks of lines (each a string of words): its header,
    a layout row per page, block and line, a row per word."""
    head = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [head]
    for p, page in enumerate(pages, start=1):
        rows.append(f"1\t{p}\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t")
        line_no = 0
        for b, block in enumerate(page, start=1):
            rows.append(f"2\t{p}\t{b}\t0\t0\t0\t150\t180\t1900\t48\t-1\t")
            for line in block:
                line_no += 1
                rows.append(f"4\t{p}\t{b}\t1\t{line_no}\t0\t150\t180\t1900\t48\t-1\t")
                for w, word in enumerate(line.split(), start=1):
                    rows.append(f"5\t{p}\t{b}\t1\t{line_no}\t{w}\t150\t180\t80\t46\t91.5\t{word}")
    return "\n".join(rows) + "\n"


def ocr_tsv_sample() -> Sample:
    """A scanned request form read by Tesseract into TSV: two pages, a label and its value
    as words of one line."""
    pages = [
        [
            ["AANVRAAGFORMULIER"],
            [f"Naam patiënt: {NAMES[0]}", f"Geb.datum: 04.03.78 BSN: {BSN[0]}"],
        ],
        [[f"Naam patiënt: {NAMES[2]}", f"BSN: {BSN[2]}"]],
    ]
    shown = {
        "page-1": f"AANVRAAGFORMULIER\n\nNaam patiënt: {NAMES[0]}\n"
        f"Geb.datum: 04.03.78 BSN: {BSN[0]}",
        "page-2": f"Naam patiënt: {NAMES[2]}\nBSN: {BSN[2]}",
    }
    return Sample(ocr_tsv(pages).encode(), "ocr-tsv", "scans/aanvraag_p1-2.tsv", info=shown)


def register_table() -> object:
    """A register as a pyarrow table: a BSN as int64 (its leading zero lost), a date32
    birth date, a dictionary-encoded result, a struct of name parts, a list of phones, a
    binary note; the writer's author in the schema's metadata."""
    import pyarrow as pa

    return pa.table(
        {
            "bsn": pa.array([int(b) for b in BSN], pa.int64()),
            "geboortedatum": pa.array([dt.date.fromisoformat(d) for d in DOB], pa.date32()),
            "uitslag": pa.array(["hrHPV positief", "Pap 2", None]).dictionary_encode(),
            "naam": pa.array(
                [
                    {"achternaam": "Jansen-de Vries", "voorletters": "M."},
                    {"achternaam": "van der Berg", "voorletters": "J.P."},
                    {"achternaam": "Yılmaz", "voorletters": "Ö."},
                ]
            ),
            "telefoons": pa.array([["0612345678"], [], None], pa.list_(pa.string())),
            "notitie": pa.array([b"Dorpsstraat 12A", b"\xff\xfe", None], pa.binary()),
        }
    ).replace_schema_metadata({"author": "1234 AB"})


def parquet_sample() -> Sample:
    """The register (:func:`register_table`) exported to Parquet, two rows a group."""
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(register_table(), buf, row_group_size=2)
    return Sample(buf.getvalue(), "parquet", "export/register.parquet")


def arrow_file_sample() -> Sample:
    """The register (:func:`register_table`) as a Feather (Arrow IPC) file, two rows a
    record batch."""
    import pyarrow.feather as feather

    buf = io.BytesIO()
    feather.write_feather(register_table(), buf, chunksize=2, compression="uncompressed")
    return Sample(buf.getvalue(), "arrow", "dashboard/cache/register.feather")


CBOR_RECORDS = [
    {"naam": {"achternaam": "Jansen-de Vries", "voorletters": "M."}, "bsn": BSN[0],
     "geboortedatum": DOB[0], "telefoons": ["0612345678", "020-1234567"]},
    {"naam": {"achternaam": "van der Berg"}, "bsn": int(BSN[1]), "uitslag": "Pap 2"},
    {"naam": {"achternaam": "Yılmaz", "voorletters": "Ö."}, "adres": "Dorpsstraat 12A"},
]  # fmt: skip


def msgpack_bytes(value: Any) -> bytes:
    """``value`` (maps of text keys, lists, texts, integers, None, booleans) in
    MessagePack, written here by the specification (the smallest format for each)."""
    if value is None:
        return b"\xc0"
    if isinstance(value, bool):
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        if 0 <= value <= 0x7F:
            return bytes([value])
        if 0 <= value < 2**32:
            return b"\xce" + value.to_bytes(4, "big")
        return b"\xd3" + value.to_bytes(8, "big", signed=True)
    if isinstance(value, str):
        raw = value.encode()
        return (bytes([0xA0 | len(raw)]) if len(raw) < 32 else b"\xd9" + bytes([len(raw)])) + raw
    if isinstance(value, list):
        return bytes([0x90 | len(value)]) + b"".join(msgpack_bytes(v) for v in value)
    if isinstance(value, dict):
        return bytes([0x80 | len(value)]) + b"".join(
            msgpack_bytes(k) + msgpack_bytes(v) for k, v in value.items()
        )
    raise TypeError(type(value))


MSGPACK_RECORDS = [
    {"naam": "Jansen-de Vries", "geb": "19750302", "bsn": int(BSN[0]),
     "adres": {"straat": "Dorpsstraat 12A", "pc": "1234AB"}, "tel": "0612345678"},
    {"naam": "van der Berg, J.P.", "bsn": int(BSN[1]), "uitslag": "Pap 2", "arts": None},
    {"naam": "Ömer Yılmaz", "telefoons": ["0612345678", "020-1234567"], "actief": True},
]  # fmt: skip
"""A tablet app's recent patients, a map each (a BSN kept as an integer)."""


def msgpack_sample() -> Sample:
    """A tablet app's cache (``recent_patients.msgpack``): a stream of maps."""
    data = b"".join(msgpack_bytes(r) for r in MSGPACK_RECORDS)
    return Sample(data, "msgpack", "tablet/cache/recent_patients.msgpack")


LNK_TIME = 133_598_142_000_000_000
"""2024-05-10T11:30:00 as a Windows FILETIME."""


def _wide(text: str) -> bytes:
    return text.encode("utf-16-le") + b"\0\0"


def link_info(local: str = "", share: str = "", suffix: str = "", unicode: bool = True) -> bytes:
    """A LinkInfo structure: a local base path (in the code page, and in UTF-16 where
    ``unicode``), a network share's name, a common path suffix."""
    head = 0x24 if unicode else 0x1C
    body = b""
    volume = head + len(body)
    body += struct.pack("<4I", 17, 3, 0x1234, 16) + b"\0"  # (a fixed disk, no label)
    local_at = head + len(body)
    body += local.encode("cp1252") + b"\0"
    network_at = head + len(body) if share else 0
    if share:
        body += struct.pack("<5I", 20 + len(share) + 1, 0, 20, 0, 0) + share.encode() + b"\0"
    suffix_at = head + len(body)
    body += suffix.encode("cp1252") + b"\0"
    unicode_local = head + len(body)
    body += _wide(local)
    unicode_suffix = head + len(body)
    body += _wide(suffix)
    flags = (1 if local else 0) | (2 if share else 0)
    fields = [head + len(body), head, flags, volume, local_at if local else 0, network_at]
    fields.append(suffix_at)
    out = struct.pack("<7I", *fields)
    if unicode:
        out += struct.pack("<2I", unicode_local if local else 0, unicode_suffix)
    return out + body


def shortcut(info: bytes = b"", strings: tuple[str, ...] = (), wide: bool = True,
             extra: bytes = b"", items: bytes = b"") -> bytes:  # fmt: skip
    """A shortcut: its header (flags for what follows, three times), an item list, a
    LinkInfo, string data (description, relative path, working folder...) and blocks."""
    flags = (1 if items else 0) | (2 if info else 0) | (0x80 if wide else 0)
    for i, _ in enumerate(strings):
        flags |= 0x4 << i
    times = (LNK_TIME, LNK_TIME, LNK_TIME)
    out = LNK_HEADER + struct.pack("<II3QIIIH", flags, 0x20, *times, 9821, 0, 1, 0)
    out += bytes(10)
    if items:
        out += struct.pack("<H", len(items)) + items
    out += info
    for text in strings:
        raw = text.encode("utf-16-le" if wide else "cp1252")
        out += struct.pack("<H", len(text)) + raw
    return out + extra + struct.pack("<I", 0)


LNK_PATH = f"C:\\Users\\balie\\Downloads\\{BSN[0]}_Jansen-de Vries_04031978.xlsx"


def lnk_sample() -> Sample:
    """A shortcut in a triage's ``Recent`` folder to a download named for a patient."""
    data = shortcut(link_info(LNK_PATH), ("Uitslag Jansen-de Vries",))
    return Sample(data, "lnk", "Recent/uitslag.xlsx.lnk")


def record(path: str, version: int = 2) -> bytes:
    """A Recycle Bin ``$I`` record of a deleted file of 28,412 bytes."""
    head = struct.pack("<3Q", version, 28412, LNK_TIME)
    if version == 1:
        return head + path.encode("utf-16-le").ljust(520, b"\0")
    return head + struct.pack("<I", len(path) + 1) + _wide(path)


RECYCLED = f"C:\\Users\\balie\\Desktop\\Yılmaz Ö {BSN[2]} Pap 2.pdf"


def recycle_bin_sample() -> Sample:
    """A Recycle Bin record of a deleted letter named for a patient."""
    return Sample(record(RECYCLED), "recycle-bin", "$Recycle.Bin/S-1-5-21-1/$I7DCEJ2.pdf")


def _pg_int(value: int) -> bytes:
    """An archive's integer: a sign byte and four bytes, least significant first."""
    return bytes([value < 0]) + abs(value).to_bytes(4, "little")


def _pg_text(value: str | None) -> bytes:
    if value is None:
        return _pg_int(-1)
    data = value.encode()
    return _pg_int(len(data)) + data


def pg_chunks(data: bytes, compression: int, size: int = 64) -> bytes:
    """A data block's stream: ``data`` compressed (1: zlib, 3: zstd) in chunks of
    ``size`` bytes, each after its length, and a length of 0."""
    if compression == 1:
        data = zlib.compress(data)
    elif compression == 3:
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    chunks = (data[i : i + size] for i in range(0, len(data), size))
    return b"".join(_pg_int(len(c)) + c for c in chunks) + _pg_int(0)


PgEntry = tuple[int, str, str, str, str, str]
"""An entry of a table of contents: its id, kind, schema, name, statement and COPY."""


def pg_archive(
    entries: list[PgEntry],
    blocks: list[tuple[int, bytes]],
    version: tuple[int, int, int] = (1, 14, 0),
    compression: int = 1,
    count: int | None = None,
) -> bytes:
    """A custom-format archive as ``pg_dump -Fc`` writes it (PostgreSQL 12 to 15's
    version 1.14, 16's 1.15, 17's 1.16): its header, its table of contents (``count``
    entries claimed) and its data blocks, each an entry's id and its chunks
    (:func:`pg_chunks`)."""
    out = b"PGDMP" + bytes([*version, 4, 8, 1])
    out += bytes([compression]) if version >= (1, 15, 0) else _pg_int(-1 if compression else 0)
    out += b"".join(_pg_int(v) for v in (12, 52, 2, 12, 4, 124, 1))
    out += _pg_text("bvo_portal") + _pg_text("15.6") + _pg_text("15.6")
    out += _pg_int(len(entries) if count is None else count)
    for dump_id, desc, namespace, tag, defn, copy in entries:
        out += _pg_int(dump_id) + _pg_int(int(bool(copy))) + _pg_text("0") + _pg_text("0")
        out += _pg_text(tag) + _pg_text(desc) + _pg_int(2 if copy else 1) + _pg_text(defn)
        out += _pg_text("") + _pg_text(copy) + _pg_text(namespace) + _pg_text("")
        out += _pg_text("heap") if version >= (1, 14, 0) else b""
        out += _pg_int(ord("r")) if version >= (1, 16, 0) else b""
        out += _pg_text("portal") + _pg_text("false") + _pg_text("1") + _pg_text(None)
        out += bytes([1 if copy else 3]) + bytes(8)
    return out + b"".join(b"\x01" + _pg_int(i) + data for i, data in blocks)


PG_CREATE = "CREATE TABLE public.patient (\n    naam text,\n    bsn text,\n    geboren date\n);"
PG_COPY = "COPY public.patient (naam, bsn, geboren) FROM stdin;"
PG_ROWS = (
    f"Jansen-de Vries\t{BSN[0]}\t{DOB[0]}\nvan der Berg\t{BSN[1]}\t\\N\n"
    f"Y\u0131lmaz\\tdoorgestuurd\t{BSN[2]}\t{DOB[2]}\n\\.\n\n\n"
)
PG_ENTRIES: list[PgEntry] = [
    (1, "ENCODING", "", "ENCODING", "SET client_encoding = 'UTF8';\n", ""),
    (2, "TABLE", "public", "patient", PG_CREATE, ""),
    (3, "COMMENT", "public", "COLUMN patient.bsn",
     "COMMENT ON COLUMN public.patient.bsn IS 'BSN';", ""),
    (4, "TABLE DATA", "public", "patient", "", PG_COPY),
]  # fmt: skip


BINLOG_TIME = 1715483640
"""2024-05-12T03:14:00Z, the time of the sample log's events."""
BINLOG_STATEMENTS = (
    ("lims", "BEGIN"),
    ("lims", f"INSERT INTO patient (bsn, naam, geboren) VALUES ('{BSN[0]}', 'Jansen-de Vries', "
     f"'{DOB[0]}')"),
    ("lims", f"UPDATE patient SET telefoon = '0612345678' WHERE bsn = '{BSN[1]}'"),
    ("lims_archief", f"INSERT INTO oud (bsn, naam) VALUES ('{BSN[2]}', 'Ömer Yılmaz')"),
)  # fmt: skip
"""The sample log's statements, each with its schema."""


def binlog_event(kind: int, body: bytes, at: int, checksum: bool = True, when: int = 0) -> bytes:
    """A binary log's event of version 4 at position ``at``: its 19-byte header, ``body``
    and (``checksum``) its CRC-32."""
    length = 19 + len(body) + (4 if checksum else 0)
    header = struct.pack("<IBIIIH", when or BINLOG_TIME, kind, 11, length, at + length, 0)
    event = header + body
    return event + struct.pack("<I", zlib.crc32(event)) if checksum else event


def binlog_query(schema: str, statement: str | bytes, status: bytes = b"") -> bytes:
    """A query event's body: thread id, seconds, the schema's length, error code, the
    status variables' length, the variables, the schema, a NUL and the statement."""
    text = statement.encode() if isinstance(statement, str) else statement
    name = schema.encode()
    head = struct.pack("<IIBHH", 4411, 0, len(name), 0, len(status))
    return head + status + name + b"\0" + text


def binlog(events: list[tuple[int, bytes]], server: str = "8.0.36", checksum: bool = True) -> bytes:
    """A binary log: its magic, a format description (``server``'s version, 40 types'
    fixed lengths, a query's 13; the checksum algorithm where the version writes one) and
    ``events`` (type and body each)."""
    lengths = bytearray([56, 13, 0, 8, 0, 18] + [0] * 34)
    lengths[18] = lengths[22] = lengths[23] = lengths[24] = 8  # (a table map's, rows' v1)
    lengths[29] = lengths[30] = lengths[31] = 10  # (rows' version 2)
    writes = checksum or server.startswith(("5.6", "5.7", "8", "10", "11"))
    fde = struct.pack("<H", 4) + server.encode().ljust(50, b"\0") + struct.pack("<I", 0)
    fde += bytes([19]) + bytes(lengths) + (bytes([1 if checksum else 0]) if writes else b"")
    out = b"\xfebin"
    crc = checksum and writes
    event = binlog_event(15, fde + (b"\0\0\0\0" if writes and not checksum else b""), 4, crc)
    out += event
    for kind, body in events:
        out += binlog_event(kind, body, len(out), checksum)
    return out


def mysql_binlog_sample() -> Sample:
    events = [(2, binlog_query(schema, text)) for schema, text in BINLOG_STATEMENTS]
    return Sample(binlog(events), "mysql-binlog", "servers/lims-db01/var/lib/mysql/binlog.000217")


def _zigzag(value: int) -> bytes:
    """A zigzag varint, as Kafka's records write their numbers."""
    n = (value << 1) ^ (value >> 63)
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _kafka_field(value: bytes | None) -> bytes:
    return _zigzag(-1) if value is None else _zigzag(len(value)) + value


KafkaRecord = tuple[int, bytes | None, bytes | None, list[tuple[bytes, bytes | None]]]
"""A record to write: its timestamp's delta, key, value and headers."""


def kafka_record(offset_delta: int, record: KafkaRecord) -> bytes:
    """One record of message format 2: length, attributes, deltas, key, value, headers."""
    time_delta, key, value, headers = record
    body = b"\0" + _zigzag(time_delta) + _zigzag(offset_delta)
    body += _kafka_field(key) + _kafka_field(value) + _zigzag(len(headers))
    body += b"".join(_kafka_field(k) + _kafka_field(v) for k, v in headers)
    return _zigzag(len(body)) + body


def kafka_batch(
    base: int, first_time: int, records: list[KafkaRecord], codec: int = 0, attributes: int = 0
) -> bytes:
    """A record batch of message format 2 (Kafka's ``message-format``): its fields
    big-endian, the CRC-32C over its attributes and what follows; ``codec`` 1 gzip, 4
    zstd."""
    from breachscope.ingest.leveldbhead import crc32c

    data = b"".join(kafka_record(i, r) for i, r in enumerate(records))
    if codec == 1:
        import gzip

        data = gzip.compress(data)
    elif codec == 4:
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    last = first_time + max((r[0] for r in records), default=0)
    tail = struct.pack(">hiqqqhii", codec | attributes, len(records) - 1, first_time, last, -1, -1,
                       -1, len(records))  # fmt: skip
    tail += data
    head = struct.pack(">qiib", base, len(tail) + 9, 0, 2)
    return head + struct.pack(">I", crc32c(tail)) + tail


KAFKA_TIME = 1715483640000
"""2024-05-12T03:14:00.000Z, the sample segment's first record's time."""
KAFKA_RECORDS: list[KafkaRecord] = [
    (0, b"C24-61317", json.dumps({"patient": {"bsn": BSN[0], "naam": "Jansen-de Vries",
     "geboortedatum": DOB[0]}, "uitslag": RESULT}).encode(), [(b"bron", b"LIMS-GLIMS")]),
    (180000, b"C24-82478", json.dumps({"patient": {"bsn": BSN[1], "telefoon": "0612345678"}})
     .encode(), [(b"bron", b"LIMS-GLIMS"), (b"bron", None)]),
    (360000, None, f"{BSN[2]};Ömer Yılmaz;Dorpsstraat 12A;1234 AB".encode(), []),
]  # fmt: skip
"""The sample segment's records: a JSON value, another with a header twice (the second
null), a text value without a key."""


def kafka_log_sample() -> Sample:
    data = kafka_batch(4812, KAFKA_TIME, KAFKA_RECORDS[:2])
    data += kafka_batch(4814, KAFKA_TIME + 360000, [(0, *KAFKA_RECORDS[2][1:])], codec=1)
    path = "servers/kafka02/data/lims.uitslag.v3-0/00000000000000004812.log"
    return Sample(data, "kafka-log", path)


def hadoop_vint(n: int) -> bytes:
    """Hadoop's variable-length integer (``WritableUtils.writeVLong``)."""
    if -112 <= n <= 127:
        return struct.pack(">b", n)
    first = -112
    if n < 0:
        n, first = ~n, -120
    size = (n.bit_length() + 7) // 8
    return struct.pack(">b", first - size) + n.to_bytes(size, "big")


def hadoop_text(text: str) -> bytes:
    """A ``Text`` as Hadoop writes it: its length as a variable-length integer, its UTF-8."""
    data = text.encode()
    return hadoop_vint(len(data)) + data


SEQ_SYNC = bytes(range(16))
SEQ_TEXT = "org.apache.hadoop.io.Text"
SEQ_LONG = "org.apache.hadoop.io.LongWritable"


def seqfile(
    records: list[tuple[bytes, bytes]],
    key_class: str = SEQ_LONG,
    value_class: str = SEQ_TEXT,
    codec: str | None = None,
    blocks: bool = False,
    metadata: tuple[tuple[str, str], ...] = (("sqoop.table", "BVO.PATIENT_UITSLAG"),),
    sync_every: int = 2,
    compress: Callable[[bytes], bytes] = zlib.compress,
) -> bytes:
    """A SequenceFile of version 6 (Hadoop's ``SequenceFile.Writer``): its header, then
    ``records`` (key and value bytes as their classes serialise them), a sync marker
    before every ``sync_every`` th; compressed by ``compress`` (zlib: ``DefaultCodec``)
    per value or in one block where ``codec`` names it."""
    out = b"SEQ\x06" + hadoop_text(key_class) + hadoop_text(value_class)
    out += bytes([codec is not None, blocks]) + (hadoop_text(codec) if codec else b"")
    out += struct.pack(">i", len(metadata))
    out += b"".join(hadoop_text(k) + hadoop_text(v) for k, v in metadata) + SEQ_SYNC
    if blocks:
        lengths = [b"".join(hadoop_vint(len(r[i])) for r in records) for i in (0, 1)]
        parts = [lengths[0], b"".join(r[0] for r in records)]
        parts += [lengths[1], b"".join(r[1] for r in records)]
        out += b"\xff\xff\xff\xff" + SEQ_SYNC + hadoop_vint(len(records))
        for part in parts:
            packed = compress(part)
            out += hadoop_vint(len(packed)) + packed
        return out
    for i, (key, value) in enumerate(records):
        if i and not i % sync_every:
            out += b"\xff\xff\xff\xff" + SEQ_SYNC
        value = compress(value) if codec else value
        out += struct.pack(">ii", len(key) + len(value), len(key)) + key + value
    return out


SEQ_ROWS = (
    (210000, [BSN[0], "Jansen-de Vries", DOB[0], "Dorpsstraat 12A", "1234 AB", "0612345678"]),
    (210001, [BSN[1], "van der Berg, J.P.", DOB[1], "", "", ""]),
    (210002, [BSN[2], "Ömer Yılmaz", DOB[2], "Kerkstraat 1", "3581 AB", "0201234567"]),
)
"""The sample's Sqoop rows: a LongWritable key and a Text of Hive's fields each."""


def sequencefile_sample() -> Sample:
    records = [(struct.pack(">q", k), hadoop_text("\x01".join(v))) for k, v in SEQ_ROWS]
    data = seqfile(records)
    return Sample(data, "sequencefile", "hdfs/user/sqoop/bvo_patient_uitslag/part-m-00000")


HIVE_ROWS = (
    [BSN[0], "Jansen-de Vries", DOB[0], "Dorpsstraat 12A", "1234 AB", "HPV\x02cytologie"],
    [BSN[1], "van der Berg, J.P.", DOB[1], "\\N", "", "uitslag\x03negatief"],
    [BSN[2], "Ömer Yılmaz", DOB[2], "Kerkstraat 1", "3581 AB", "\\N"],
)
"""The sample's Hive text rows: fields as Hive writes them (an array, a map, NULLs)."""


W3C_FIELDS = ("date", "time", "cs-method", "cs-uri-stem", "cs-uri-query", "sc-status")
W3C_ROWS = (
    ["2024-10-12", "07:10:00", "GET", "/zoek.aspx", f"achternaam=Jansen&bsn={BSN[0]}", "200"],
    ["2024-10-12", "07:11:01", "GET", "/zoek.aspx", f"naam=Y%C4%B1lmaz&gebdat={DOB[2]}", "200"],
    ["2024-10-12", "07:12:02", "GET", "/portaal/", "-", "304"],
)
"""The sample's W3C log entries, fields as IIS writes them (``-``: no value)."""


def w3c_log_sample() -> Sample:
    """IIS's W3C extended log (``u_ex241012.log``): directives, then an entry a line."""
    head = (
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n"
        "#Date: 2024-10-12 07:00:01\r\n" + f"#Fields: {' '.join(W3C_FIELDS)}\r\n"
    )
    data = (head + "".join(" ".join(row) + "\r\n" for row in W3C_ROWS)).encode()
    return Sample(data, "w3c-log", "inetpub/logs/LogFiles/W3SVC1/u_ex241012.log")


def hive_text_sample() -> Sample:
    """A Hive table's text file (``000000_0``): a row per line, fields apart by ``\\x01``,
    a blank line among them."""
    lines = ["\x01".join(row) for row in HIVE_ROWS]
    data = ("\n".join(lines[:2]) + "\n\n" + lines[2] + "\n").encode()
    return Sample(data, "hive-text", "warehouse/bvo.db/patient_uitslag/000000_0")


SPARK_SCAN = (
    (BSN[0], "Jansen-de Vries", DOB[0], "1234 AB"),
    (BSN[1], "van der Berg, J.P.", DOB[1], "null"),
    (BSN[2], "Ömer Yılmaz", DOB[2], "3581 AB"),
)
"""The rows a sample plan's local scan prints (``null``: no value)."""
SPARK_PLAN = (
    "== Physical Plan ==\nAdaptiveSparkPlan isFinalPlan=false\n"
    "+- BroadcastHashJoin [bsn#12L], [bsn#40L], Inner, BuildRight\n"
    "   :- LocalTableScan [bsn#12L, naam#13, geboortedatum#14, postcode#15]\n"
    + "".join(f"   :     [{','.join(row)}]\n" for row in SPARK_SCAN)
    + "   +- Filter (isnotnull(bsn#40L) AND (uitslag#44 = hrHPV positief))\n"
    "      +- FileScan parquet bvo.uitslag[bsn#40L,uitslag#44]"
)
SPARK_SQL = f"SELECT * FROM bvo.uitslag WHERE bsn = {BSN[0]} -- Dorpsstraat 12A"
SPARK_EVENTS: list[dict[str, object]] = [
    {"Event": "SparkListenerLogStart", "Spark Version": "3.5.1"},
    {"Event": "SparkListenerApplicationStart", "App Name": "bvo_koppeling", "User": "svc_dwh"},
    {
        "Event": "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
        "executionId": 7,
        "description": SPARK_SQL,
        "details": "org.apache.spark.sql.Dataset.show",
        "physicalPlanDescription": SPARK_PLAN,
        "time": 1715486470111,
    },
    {
        "Event": "SparkListenerTaskEnd",
        "Stage ID": 3,
        "Task Info": {
            "Task ID": 31,
            "Accumulables": [
                {"ID": 412, "Name": "log", "Update": "Jansen-de Vries, tel 0612345678"},
                {"ID": 413, "Name": "records", "Update": 5, "Value": 12},
            ],
        },
    },
]
"""A Spark application's events: its start, a SQL execution, a task's accumulators."""


def spark_eventlog_sample() -> Sample:
    """A history server's event log: a JSON event per line, as Spark writes them."""
    lines = [json.dumps(event, separators=(",", ":"), ensure_ascii=False) for event in SPARK_EVENTS]
    data = ("\n".join(lines) + "\n").encode()
    return Sample(data, "spark-eventlog", "spark-history/application_1715400000000_0042")


SQLLDR_CONTROL = (
    "-- laad uitslagen, gestart door de beheerder\n"
    "OPTIONS (ERRORS=50, DIRECT=FALSE)\n"
    "LOAD DATA\nCHARACTERSET AL32UTF8\nINFILE *\nAPPEND INTO TABLE LIMS.UITSLAG\n"
    "FIELDS TERMINATED BY '|' OPTIONALLY ENCLOSED BY '\"' TRAILING NULLCOLS\n"
    '( BSN, ACHTERNAAM "UPPER(:ACHTERNAAM)", GEBOORTEDATUM DATE "YYYY-MM-DD",\n'
    "  INTERN FILLER, BRON CONSTANT 'ScreenIT', ADRES, POSTCODE CHAR(7),\n"
    "  OPMERKING, VOLGNR SEQUENCE(MAX,1), GELADEN_OP SYSDATE -- (geen veld)\n)\nBEGINDATA\n"
)
SQLLDR_RECORDS = (
    (BSN[0], "Jansen-de Vries", DOB[0], "x1", "Dorpsstraat 12A", "1234 AB", "herhaling | HPV"),
    (BSN[1], "van der Berg", DOB[1], "x2", None, None, None),
    (BSN[2], "Yılmaz", DOB[2], None, "Kerkstraat 1", "3581 AB", 'zei "graag bellen"'),
)
"""The sample's records by the control's fields (FILLER ``INTERN`` kept; CONSTANT,
SEQUENCE and SYSDATE none of the record's)."""
SQLLDR_DATA = (
    f'{BSN[0]}|Jansen-de Vries|{DOB[0]}|x1|Dorpsstraat 12A|1234 AB|"herhaling | HPV"\n'
    f"{BSN[1]}|van der Berg|{DOB[1]}|x2\n"
    f'{BSN[2]}|Yılmaz|{DOB[2]}||Kerkstraat 1| 3581 AB |"zei ""graag bellen"""\n'
)


def sqlldr_sample() -> Sample:
    """A SQL*Loader control file with its records after ``BEGINDATA``: a quoted field
    holding the terminator, a short record, a doubled quote, blanks around a value."""
    data = (SQLLDR_CONTROL + SQLLDR_DATA).encode()
    return Sample(data, "sqlldr", "integratie/oracle/sqlldr/laad_uitslag_20240510.ctl")


def snappy_varint(value: int) -> bytes:
    """A Snappy block's length: little-endian base 128."""
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes(out + bytes([value]))


def snappy_literal(data: bytes) -> bytes:
    """A Snappy literal element holding ``data`` (1 to 65536 bytes)."""
    n = len(data) - 1
    if n < 60:
        return bytes([n << 2]) + data
    if n < 256:
        return bytes([60 << 2, n]) + data
    return bytes([61 << 2]) + n.to_bytes(2, "little") + data


def snappy_copy(offset: int, length: int) -> bytes:
    """A Snappy copy element with a 2-byte offset (1 to 64 bytes)."""
    return bytes([(length - 1) << 2 | 2]) + offset.to_bytes(2, "little")


def snappy_java(blocks: list[bytes]) -> bytes:
    """snappy-java's stream (``SnappyOutputStream``): its header, then each raw block
    after its big-endian length."""
    out = b"\x82SNAPPY\x00" + (1).to_bytes(4, "big") + (1).to_bytes(4, "big")
    return out + b"".join(len(b).to_bytes(4, "big") + b for b in blocks)


def snappy_sample() -> Sample:
    """A Spark event log compressed by Spark's Snappy codec (snappy-java's stream)."""
    data = spark_eventlog_sample().data
    block = snappy_varint(len(data)) + b"".join(
        snappy_literal(data[i : i + 1000]) for i in range(0, len(data), 1000)
    )
    path = "spark-history/application_1715400000000_0042.snappy"
    return Sample(snappy_java([block]), "snappy", path)


def pg_dump_sample() -> Sample:
    """A portal's nightly backup (``pg_dump -Fc``): a table's definition, a comment on a
    column, and its rows compressed, a name with an escaped tab and a NULL among them."""
    data = pg_archive(PG_ENTRIES, [(4, pg_chunks(PG_ROWS.encode(), 1))])
    return Sample(data, "pg-dump", "backup/pg/bvo_portal.dump")


BcpColumn = tuple[str, str, str, int]
"""A bcp column: its name, SQL type (``SQLINT``), field type (``NativePrefix``) and
prefix length."""

BCP_COLUMNS: list[BcpColumn] = [
    ("id", "SQLINT", "NativePrefix", 1),
    ("bsn", "SQLBIGINT", "NativePrefix", 1),
    ("achternaam", "SQLNVARCHAR", "NCharPrefix", 2),
    ("voornaam", "SQLVARYCHAR", "CharPrefix", 2),
    ("geboortedatum", "SQLDATE", "NativePrefix", 1),
    ("afgenomen", "SQLDATETIME", "NativePrefix", 1),
    ("ontvangen", "SQLDATETIME2", "NativePrefix", 1),
    ("bedrag", "SQLDECIMAL", "NativePrefix", 1),
    ("tarief", "SQLMONEY", "NativePrefix", 1),
    ("actief", "SQLBIT", "NativePrefix", 1),
    ("postcode", "SQLNCHAR", "NCharPrefix", 2),
]
BCP_ROWS: list[list[object]] = [
    [1, int(BSN[0]), "Jansen-de Vries", "Märta", dt.date(1978, 3, 4),
     dt.datetime(2024, 5, 10, 8, 15, 30, 500000), dt.datetime(2024, 5, 10, 9, 1, 2, 123456),
     "125.50", 12345678, True, "1234 AB"],
    [2, int(BSN[1]), "van der Berg", None, dt.date(1985, 11, 30),
     None, None, "-3.05", -5000, False, None],
    [3, int(BSN[2]), "Yılmaz", "Ömer", dt.date(1990, 1, 15),
     dt.datetime(1900, 1, 1), dt.datetime(1, 1, 1), "0.00", 0, True, "9999 ZZ"],
]  # fmt: skip
"""The rows of the bcp sample: a BSN with a leading zero kept as bigint loses it."""


def bcp_value(sql_type: str, value: object, prefix: int) -> bytes:
    """A value as ``bcp -n`` writes it: its length prefix (all ones for NULL) and the
    bytes SQL Server keeps (written here by the documented layouts)."""
    if value is None:
        return b"\xff" * prefix
    if sql_type in ("SQLNVARCHAR", "SQLNCHAR"):
        data = str(value).encode("utf-16-le")
    elif sql_type == "SQLVARYCHAR":
        data = str(value).encode("cp1252")
    elif sql_type == "SQLINT":
        data = struct.pack("<i", value)
    elif sql_type == "SQLBIGINT":
        data = struct.pack("<q", value)
    elif sql_type == "SQLBIT":
        data = bytes([bool(value)])
    elif sql_type == "SQLDATE":
        assert isinstance(value, dt.date)
        data = (value.toordinal() - 1).to_bytes(3, "little")
    elif sql_type == "SQLDATETIME":
        assert isinstance(value, dt.datetime)
        days = value.toordinal() - dt.date(1900, 1, 1).toordinal()
        ms = (value.hour * 3600 + value.minute * 60 + value.second) * 1000
        ms += value.microsecond // 1000
        data = struct.pack("<iI", days, ms * 3 // 10)
    elif sql_type == "SQLDATETIME2":
        assert isinstance(value, dt.datetime)
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        ticks = seconds * 10**7 + value.microsecond * 10
        data = ticks.to_bytes(5, "little") + (value.toordinal() - 1).to_bytes(3, "little")
    elif sql_type == "SQLDECIMAL":
        text = str(value)
        negative = text.startswith("-")
        digits = int(text.lstrip("-").replace(".", ""))
        data = bytes([10, 2, 0 if negative else 1]) + digits.to_bytes(16, "little")
    elif sql_type == "SQLMONEY":
        assert isinstance(value, int)
        data = struct.pack("<iI", value >> 32, value & 0xFFFFFFFF)
    else:
        raise ValueError(sql_type)
    return len(data).to_bytes(prefix, "little") + data


def bcp_native(rows: list[list[object]], columns: list[BcpColumn] = BCP_COLUMNS) -> bytes:
    """A native data file (``bcp ... out -n``) of ``rows``."""
    return b"".join(
        bcp_value(sql_type, value, prefix)
        for row in rows
        for (_name, sql_type, _field, prefix), value in zip(columns, row, strict=True)
    )


def bcp_xml_format(columns: list[BcpColumn] = BCP_COLUMNS) -> bytes:
    """The XML format file ``bcp ... format nul -n -x`` writes for ``columns``."""
    fields = []
    cols = []
    for i, (name, sql_type, kind, prefix) in enumerate(columns, start=1):
        extra = ' MAX_LENGTH="200" COLLATION="Latin1_General_CI_AS"' if "Char" in kind else ""
        fields.append(f'  <FIELD ID="{i}" xsi:type="{kind}" PREFIX_LENGTH="{prefix}"{extra}/>')
        scale = ' PRECISION="10" SCALE="2"' if sql_type == "SQLDECIMAL" else ""
        cols.append(f'  <COLUMN SOURCE="{i}" NAME="{name}" xsi:type="{sql_type}"{scale}/>')
    return (
        '<?xml version="1.0"?>\n<BCPFORMAT xmlns="http://schemas.microsoft.com/sqlserver/'
        '2004/bulkload/format" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        " <RECORD>\n"
        + "\n".join(fields)
        + "\n </RECORD>\n <ROW>\n"
        + "\n".join(cols)
        + "\n </ROW>\n</BCPFORMAT>\n"
    ).encode()


def bcp_sample() -> Sample:
    """A migration's ``bcp dbo.patient out patient.dat -n`` with its XML format file
    beside it (``patient.xml``)."""
    return Sample(
        bcp_native(BCP_ROWS),
        "bcp",
        "migratie/patient.dat",
        companions={"patient.xml": bcp_xml_format()},
    )


def warc_record(kind: str, uri: str, http: bytes) -> bytes:
    """A WARC 1.0 record holding an HTTP message."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http;msgtype={kind}\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


WARC_PAGE = (
    "<table><tr><th>Naam</th><th>BSN</th></tr>"
    f"<tr><td>Jansen-de Vries, M.</td><td>{BSN[0]}</td></tr></table>"
).encode()
WARC_JSON = json.dumps({"bsn": BSN[2], "naam": "Ömer Yılmaz"}).encode()


def warc_sample() -> Sample:
    """A crawl of a portal's test site (``wget --warc-file``): a page of patients sent in
    chunks, a patient's JSON sent gzipped, the requests for them."""
    import gzip

    chunked = (
        b"".join(
            b"%x\r\n" % len(WARC_PAGE[i : i + 40]) + WARC_PAGE[i : i + 40] + b"\r\n"
            for i in range(0, len(WARC_PAGE), 40)
        )
        + b"0\r\n\r\n"
    )
    info = b"software: Wget/1.21.3\r\n"
    data = (
        b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\n"
        + b"Content-Length: %d\r\n\r\n" % len(info) + info + b"\r\n\r\n"
        + warc_record("request", "https://acc.portaal.nl/patienten?pagina=1",
                      b"GET /patienten?pagina=1 HTTP/1.1\r\nHost: acc.portaal.nl\r\n\r\n")
        + warc_record("response", "https://acc.portaal.nl/patienten?pagina=1",
                      b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
        + warc_record("response", f"https://acc.portaal.nl/api/patienten/{BSN[2]}",
                      b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Encoding: gzip\r\n\r\n" + gzip.compress(WARC_JSON, mtime=0))
    )  # fmt: skip
    return Sample(data, "warc", "backup/crawl.warc")


def git_sha(kind: str, data: bytes) -> bytes:
    """An object's SHA-1 as git computes it (binary)."""
    import hashlib

    return hashlib.sha1(b"%s %d\x00" % (kind.encode(), len(data)) + data).digest()


def git_tree(entries: list[tuple[str, str, bytes]]) -> bytes:
    """A tree object's content: ``<mode> <name>\\0`` and the binary SHA-1 of each entry."""
    return b"".join(b"%s %s\x00" % (m.encode(), n.encode()) + sha for m, n, sha in entries)


def git_commit(tree: bytes, parent: bytes | None, who: str, when: str, message: str) -> bytes:
    """A commit object's content (author and committer the same person)."""
    lines = [f"tree {tree.hex()}"] + ([f"parent {parent.hex()}"] if parent else [])
    lines += [f"author {who} {when}", f"committer {who} {when}"]
    return ("\n".join(lines) + "\n\n" + message).encode()


def git_delta(base: bytes, result: bytes) -> bytes:
    """A delta that makes ``result`` of ``base``: a copy of their common start, then the
    rest inserted (127 bytes at a time)."""

    def size(n: int) -> bytes:
        out = bytearray()
        while True:
            out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
            n >>= 7
            if not n:
                return bytes(out)

    common = 0
    while common < min(len(base), len(result), 0xFFFF) and base[common] == result[common]:
        common += 1
    out = bytearray(size(len(base)) + size(len(result)))
    if common:
        out += bytes([0x80 | 0x10 | (0x20 if common > 0xFF else 0), common & 0xFF])
        out += bytes([common >> 8]) if common > 0xFF else b""
    rest = result[common:]
    for i in range(0, len(rest), 127):
        out += bytes([len(rest[i : i + 127])]) + rest[i : i + 127]
    return bytes(out)


GIT_KINDS = {"commit": 1, "tree": 2, "blob": 3, "tag": 4, "ofs-delta": 6, "ref-delta": 7}


def git_pack(objects: list[tuple[str, bytes, int | bytes | None]], version: int = 2) -> bytes:
    """A pack of ``objects`` (type, content or delta, and a delta's base: the index of an
    earlier object for ``ofs-delta``, a binary SHA-1 for ``ref-delta``), its checksum last."""
    import hashlib
    import zlib

    out = bytearray(b"PACK" + struct.pack(">II", version, len(objects)))
    offsets: list[int] = []
    for kind, data, base in objects:
        offsets.append(len(out))
        n = len(data)
        head = bytearray([(GIT_KINDS[kind] << 4) | (n & 0x0F)])
        n >>= 4
        while n:
            head[-1] |= 0x80
            head.append(n & 0x7F)
            n >>= 7
        out += head
        if kind == "ofs-delta" and isinstance(base, int):
            back = offsets[-1] - offsets[base]
            encoded = [back & 0x7F]
            back >>= 7
            while back:
                back -= 1
                encoded.insert(0, 0x80 | (back & 0x7F))
                back >>= 7
            out += bytes(encoded)
        elif kind == "ref-delta" and isinstance(base, bytes):
            out += base
        out += zlib.compress(data)
    return bytes(out + hashlib.sha1(out).digest())


GIT_README = b"# LIMS-koppeling\n\nKoppeling tussen het LIMS en de huisartsen (HL7 v2).\n"
GIT_PATIENTS = (
    f"naam;bsn;geboortedatum;adres\nJansen-de Vries, M.;{BSN[0]};{DOB[0]};Dorpsstraat 12A\n"
).encode()
GIT_PATIENTS_2 = GIT_PATIENTS + f"Bakker, P.;{BSN[1]};{DOB[1]};Kade 3\n".encode()
GIT_AUTHOR = "Sanne van Dijk <s.vandijk@lab-noord.example>"


def git_sample() -> Sample:
    """A developer's pack (``git gc``'s): two commits of a test export, the second version
    of the file whole and the first as a delta on it (git keeps the newest whole), an
    annotated tag, and the objects newest first."""
    readme, new = git_sha("blob", GIT_README), git_sha("blob", GIT_PATIENTS_2)
    old = git_sha("blob", GIT_PATIENTS)
    sub_new = git_tree([("100644", "patienten.csv", new)])
    sub_old = git_tree([("100644", "patienten.csv", old)])
    root_new = git_tree(
        [("100644", "README.md", readme), ("40000", "testdata", git_sha("tree", sub_new))]
    )
    root_old = git_tree(
        [("100644", "README.md", readme), ("40000", "testdata", git_sha("tree", sub_old))]
    )
    first = git_commit(
        git_sha("tree", root_old),
        None,
        GIT_AUTHOR,
        "1710493200 +0100",
        "Testexport LIMS toegevoegd\n",
    )
    second = git_commit(
        git_sha("tree", root_new),
        git_sha("commit", first),
        GIT_AUTHOR,
        "1710579600 +0100",
        "Tweede testpatient erbij\n",
    )
    tag = (
        f"object {git_sha('commit', second).hex()}\ntype commit\ntag v0.1\n"
        f"tagger {GIT_AUTHOR} 1710583200 +0100\n\nEerste versie voor de acceptatietest\n"
    ).encode()
    data = git_pack(
        [
            ("commit", second, None),
            ("commit", first, None),
            ("tag", tag, None),
            ("tree", root_new, None),
            ("tree", sub_new, None),
            ("tree", root_old, None),
            ("tree", sub_old, None),
            ("blob", GIT_PATIENTS_2, None),
            ("ofs-delta", git_delta(GIT_PATIENTS_2, GIT_PATIENTS), 7),
            ("blob", GIT_README, None),
        ]
    )
    return Sample(data, "git-pack", "dev/lims-koppeling.git/objects/pack/pack-1.pack")


def hg_revlog(texts: list[bytes]) -> bytes:
    """An inline RevlogNG filelog of ``texts``, each the child of the one before: the first
    whole, each after it a binary delta on the one before (one hunk: what lies between
    the common start and end), zlib-compressed (``mercurial/revlogutils``, ``mpatch.c``)."""
    import hashlib

    index, data_at, nodes = b"", 0, [bytes(20)]
    for rev, text in enumerate(texts):
        stored = text
        if rev:
            old = texts[rev - 1]
            start = 0
            while start < min(len(old), len(text)) and old[start] == text[start]:
                start += 1
            end = 0
            while end < min(len(old), len(text)) - start and old[-1 - end] == text[-1 - end]:
                end += 1
            new = text[start : len(text) - end]
            stored = struct.pack(">iii", start, len(old) - end, len(new)) + new
        chunk = zlib.compress(stored)
        node = hashlib.sha1(bytes(20) + nodes[-1] + text).digest() if rev else None
        node = node or hashlib.sha1(bytes(40) + text).digest()
        parent = rev - 1 if rev else 0xFFFFFFFF
        entry = struct.pack(
            ">QiiiiII20s12x", data_at << 16, len(chunk), len(text), 0, rev, parent,
            0xFFFFFFFF, node,
        )  # fmt: skip
        if rev == 0:
            entry = struct.pack(">HH", 1, 1) + entry[4:]  # the header: inline, version 1
        index += entry + chunk
        data_at += len(chunk)
        nodes.append(node)
    return index


def hg_sample() -> Sample:
    """A developer's Mercurial filelog (``.hg/store/data/testdata/patienten.csv.i``): two
    revisions of a test export, the second a delta on the first."""
    return Sample(
        hg_revlog([GIT_PATIENTS, GIT_PATIENTS_2]),
        "hg-revlog",
        "dev/lims-tools/.hg/store/data/testdata/patienten.csv.i",
    )


EBCDIC_LAYOUT = (
    ("bsn", 9, "zoned"), ("gebdat", 5, "packed"), ("naam", 30, "text"),
    ("adres", 24, "text"), ("postcode", 7, "text"), ("telefoon", 10, "text"),
    ("bedrag", 3, "packed"), ("filler", 12, "text"),
)  # fmt: skip
"""A screening exchange's record (``LRECL=100``): the BSN in zoned digits, the birth date
``PIC 9(8) COMP-3``, the amount ``PIC S9(5) COMP-3``."""
EBCDIC_RECORDS = [
    (BSN[0], 19780304, "JANSEN-DE VRIES, M.", "Dorpsstraat 12A", "1234 AB", "0612345678", 1250),
    (BSN[1], 19851130, "VAN DER BERG, J.P.", "Kerkweg 4", "5678 CD", "0201234567", -75),
    (BSN[2], 19900115, "YILMAZ, Ö.", "Markt 1", "9999 ZZ", "0301234567", 0),
    ("123456782", 20010228, "DE BOER, A.", "Molenlaan 88", "4321 XY", "0581234567", 99999),
]  # fmt: skip


def packed(value: int, size: int, signed: bool = True) -> bytes:
    """``value`` as a packed decimal of ``size`` bytes: two digits a byte, the last byte's
    low half the sign (``C`` positive, ``D`` negative, ``F`` unsigned)."""
    sign = "F" if not signed else "D" if value < 0 else "C"
    return bytes.fromhex(str(abs(value)).rjust(2 * size - 1, "0") + sign)


def ebcdic_sample() -> Sample:
    """A national screening organisation's batch exchange (``RECFM=FB``, ``LRECL=100``,
    code page 037): a record per client, no line ends."""
    records = []
    for values in EBCDIC_RECORDS:
        record = b""
        for (name, size, kind), value in zip(EBCDIC_LAYOUT, (*values, ""), strict=True):
            if kind == "packed":
                record += packed(int(value), size, signed=name == "bedrag")
            else:
                record += str(value).ljust(size).encode("cp037")
        records.append(record)
    return Sample(b"".join(records), "ebcdic", "bvo/ftp-inbox/BVO.UITSLAG.D240513.T0615.DAT")


def cbor_sample() -> Sample:
    """A device's log as a CBOR sequence (RFC 8742): a record per item, a name nested, a
    BSN as text and as a number, a list of phones."""
    import cbor2

    data = b"".join(cbor2.dumps(r) for r in CBOR_RECORDS)
    return Sample(data, "cbor", "tablet/cache/scans.cbor")


REDIS_EXPIRES = 1_733_580_000_000
"""The session's expiry (ms since 1970): 2024-12-07T14:00:00.000Z."""
REDIS_KEYS: list[tuple[str, str, Any]] = [
    ("patient:1001", "hash", {"naam": "Jansen-de Vries", "voorletters": "M.", "bsn": 123456782,
                              "geboortedatum": DOB[0], "adres": "Dorpsstraat 12A",
                              "postcode": "1234 AB", "telefoon": "0612345678"}),
    ("sess:9f3a", "string", json.dumps({"user": "a.bakker", "patient": {
        "naam": "van der Berg", "bsn": BSN[1]}})),
    ("recent:bsn", "list", [BSN[2], int(BSN[0])]),
    ("wachtrij:lab", "zset", [("Ömer Yılmaz", 1700000000), ("Jansen-de Vries", 1700000300)]),
    ("uitslag:1001", "string", RESULT),
    ("patients:actief", "set", [1001, 1002]),
]  # fmt: skip
"""The keys of the Redis sample, in order (db 0; the session expires)."""


HPROF_STRINGS = (
    f"{NAMES[0]}\n{BSN[0]}",
    "Dorpsstraat 12A",
    "1234 AB",
    f"SELECT * FROM patient WHERE bsn = '{BSN[1]}'",
    "Jansen-de Vries",
    DOB[0].replace("-", ""),
    "tel. 0612345678",
    f"BSN {BSN[2]}, {NAMES[2]}",
)
"""The strings of the heap dump sample, in the order its arrays hold them."""


def hprof_sample() -> Sample:
    """A Tomcat's heap dump on ``OutOfMemoryError`` (HPROF 1.0.2, ids of 8 bytes): class
    names, classes, a session's instance, strings as Java 8's ``char[]``, Java 11's
    ``byte[]`` (Latin-1, and UTF-16 little-endian for one that needs it), a string that
    repeats, a class name held as a string, a birth date held alone, a number too short to
    keep, an int array; a patient object of the application's class whose address and
    postcode are strings (``java.lang.String`` instances over two of the arrays)."""
    from . import hprofwriter as w

    a, b, c, d, e, born, f, g = HPROF_STRINGS
    patient = w.values([(w.OBJECT, 0x501), (w.OBJECT, 0x502), (w.INT, 47)])
    body = (
        w.root(0x100) + w.class_dump(0x100, [(2, w.OBJECT), (3, w.BYTE)])
        + w.class_dump(0x110, [(4, w.OBJECT), (5, w.OBJECT), (6, w.INT)])
        + w.instance(0x200, 0x100, bytes(9)) + w.chars(0x301, a) + w.octets(0x302, b.encode())
        + w.object_array(0x400, [0x301, 0x302]) + w.chars(0x303, c)
        + w.instance(0x501, 0x100, w.ident(0x302) + b"\0")
        + w.instance(0x502, 0x100, w.ident(0x303) + b"\0") + w.instance(0x500, 0x110, patient)
        + w.octets(0x304, d.encode("latin-1")) + w.chars(0x305, a) + w.octets(0x306, e.encode())
        + w.octets(0x307, b"java.lang.String") + w.chars(0x308, "nl.lims.model.Patient")
        + w.octets(0x309, born.encode()) + w.octets(0x30D, b"4096")
        + w.primitive_array(0x30A, w.INT, bytes(8), 2)
        + w.chars(0x30B, f) + w.octets(0x30C, g.encode("utf-16-le"))
    )  # fmt: skip
    data = (
        w.header() + w.utf8(1, "java/lang/String") + w.utf8(2, "value") + w.utf8(3, "coder")
        + w.utf8(4, "adres") + w.utf8(5, "postcode") + w.utf8(6, "leeftijd")
        + w.utf8(7, "nl/pts/lims/model/Patient")
        + w.load_class(1, 0x100, 1) + w.load_class(2, 0x110, 7) + w.heap(body) + w.end()
    )  # fmt: skip
    text = "".join(f"{s.replace(chr(10), ' ')}\n" for s in HPROF_STRINGS)
    return Sample(
        data,
        "hprof",
        "servers/lims-app01/opt/tomcat9/dumps/java_pid21877.hprof",
        info={"strings": text, "nl.pts.lims.model.Patient": {"adres": b, "postcode": c}},
    )


LMDB_PATIENTS: list[dict[str, Any]] = [
    {"bsn": BSN[0], "naam": NAMES[0], "geboortedatum": DOB[0], "adres": "Dorpsstraat 12A"},
    {"bsn": int(BSN[1]), "naam": NAMES[1], "geboortedatum": DOB[1], "postcode": "1234 AB"},
    {"bsn": BSN[2], "naam": NAMES[2], "uitslag": RESULT, "notitie": "x" * 5000},
]
"""The patients of the LMDB sample: JSON, MessagePack (its BSN a number), JSON on
overflow pages."""
LMDB_QUEUE = ("sms 0612345678: uitslag klaar", "mail Jansen-de Vries: uitslag klaar")


def lmdb_sample() -> Sample:
    """A patient portal's LMDB cache (``data.mdb``): a record of the main database, the
    sub-databases ``patienten`` (a branch page over two leaves; JSON, MessagePack and a
    value on overflow pages) and ``wachtrij`` (a key's two values on a sub-page); the
    older meta page names an empty tree."""
    from . import lmdbwriter as w

    p1, p2, p3 = LMDB_PATIENTS
    big = json.dumps(p3).encode()
    main = w.page(2, w.P_LEAF, [
        w.node(b"config", b'{"omgeving": "productie"}'),
        w.node(b"patienten", w.db(3, 3, 2), w.F_SUBDATA),
        w.node(b"wachtrij", w.db(6, 2), w.F_SUBDATA),
    ])  # fmt: skip
    pages = (
        w.meta(0, w.db(w.EMPTY, 0, 0), 1, 1) + w.meta(1, w.db(2, 1), 2, 8) + main
        + w.page(3, w.P_BRANCH, [w.branch_node(b"", 4), w.branch_node(b"p:2", 5)])
        + w.page(4, w.P_LEAF, [w.node(b"p:1", json.dumps(p1).encode())])
        + w.page(5, w.P_LEAF, [
            w.node(b"p:2", w.pack(p2)),
            w.node(b"p:3", struct.pack("<Q", 7), w.F_BIGDATA, len(big)),
        ])
        + w.page(6, w.P_LEAF, [
            w.node(struct.pack(">Q", 881025), w.subpage([q.encode() for q in LMDB_QUEUE]),
                   w.F_DUPDATA),
        ])
        + w.overflow(7, big)
    )  # fmt: skip
    return Sample(pages, "lmdb", "servers/portal-cache01/var/lib/mijnuitslag/cache.lmdb/data.mdb")


def lmdb_cells() -> dict[tuple[str | None, int, str], str]:
    """Where the LMDB sample's values lie, by its writer."""
    cells: dict[tuple[str | None, int, str], str] = {
        (None, 1, "key"): "config",
        (None, 1, "value.omgeving"): "productie",
    }
    for row, patient in enumerate(LMDB_PATIENTS, 1):
        cells[("patienten", row, "key")] = f"p:{row}"
        for name, value in patient.items():
            cells[("patienten", row, f"value.{name}")] = str(value)
    for row, text in enumerate(LMDB_QUEUE, 1):
        cells[("wachtrij", row, "key")] = struct.pack(">Q", 881025).hex()
        cells[("wachtrij", row, "value")] = text
    return cells


def redis_rdb_sample() -> Sample:
    """A patient portal's Redis cache as Redis 6.2 saves it (RDB 9): a patient's hash as
    a ziplist (its BSN a number), a session as JSON, LZF-compressed, that expires, a list
    of BSNs in a quicklist, a sorted set as a ziplist, a lab result compressed, a set of
    ids as an intset."""
    from . import rdbwriter as w

    def entries(value: Any) -> list[bytes | int]:
        items = value.items() if isinstance(value, dict) else value
        flat: list[bytes | int] = []
        for item in items:
            for part in item if isinstance(item, tuple) else (item,):
                flat.append(part if isinstance(part, int) else str(part).encode())
        return flat

    patient, session, recent, queue, result, ids = (k[2] for k in REDIS_KEYS)
    body = (
        w.aux("redis-ver", "6.2.14") + w.aux("redis-bits", "64") + w.aux("ctime", "1733500000")
        + w.select(0) + b"\xfb" + w.length(6) + w.length(1)
        + w.key(13, "patient:1001", w.raw(w.ziplist(entries(patient))))
        + w.expires_ms(REDIS_EXPIRES) + w.key(0, "sess:9f3a", w.lzf(str(session)))
        + w.key(14, "recent:bsn", w.length(1) + w.raw(w.ziplist(entries(recent))))
        + w.key(12, "wachtrij:lab", w.raw(w.ziplist(entries(queue))))
        + w.key(0, "uitslag:1001", w.lzf(str(result)))
        + w.key(11, "patients:actief", w.raw(w.intset(ids, 2)))
    )  # fmt: skip
    return Sample(w.rdb(9, body), "redis-rdb", "servers/cache01/var/lib/redis/dump.rdb")


def protobuf_sample() -> Sample:
    """A smear registration app's offline queue: a length-delimited stream of messages
    (``writeDelimitedTo``), each a kit's code, a nested name, a BSN as a varint, a birth
    date as text, an address, packed numbers, a double and a phone number."""
    from . import protowriter as pw

    people = [
        (BSN[0], "Jansen-de Vries", "M.", DOB[0], "Dorpsstraat 12A"),
        (BSN[1], "van der Berg", "J.P.", DOB[1], "1234 AB Utrecht"),
        (BSN[2], "Yılmaz", "Ö.", DOB[2], "Kerkweg 3"),
    ]
    messages: list[bytes] = []
    cells: dict[tuple[str | None, int, str], str] = {}
    for row, (bsn, surname, initials, dob, address) in enumerate(people, 1):
        kit = f"ZA44990314{row:02d}"
        name = pw.blob(1, surname) + pw.blob(2, initials)
        messages.append(
            pw.blob(1, kit) + pw.blob(2, name) + pw.uint(3, int(bsn)) + pw.blob(4, dob)
            + pw.blob(5, address) + pw.packed(6, [2, 5, 300]) + pw.double(7, 37.2)
            + pw.blob(8, "0612345678")
        )  # fmt: skip
        cells.update({
            (None, row, "1"): kit, (None, row, "2.1"): surname, (None, row, "2.2"): initials,
            (None, row, "3"): str(int(bsn)), (None, row, "4"): dob, (None, row, "5"): address,
            (None, row, "6.0"): "2", (None, row, "6.1"): "5", (None, row, "6.2"): "300",
            (None, row, "7"): "37.2", (None, row, "8"): "0612345678",
        })  # fmt: skip
    data = pw.delimited(messages)
    return Sample(data, "protobuf", "tablet/files/queue/registraties.pb", info={"cells": cells})


HDF5_PATIENTS = [
    ("Jansen-de Vries", BSN[0], DOB[0], "1234 AB", "hrHPV positief"),
    ("van der Berg", BSN[1], DOB[1], "Dorpsstraat 12A", "hrHPV negatief"),
    ("Yılmaz", BSN[2], DOB[2], "9999 ZZ", "Pap 2"),
]  # fmt: skip


def hdf5_sample() -> Sample:
    """A research group's cohort kept with h5py: the patients a compound dataset (text,
    a BSN as a number, an enum), their results columns stored apart in a group, a
    source in an attribute."""
    import h5py
    import numpy as np

    kind = h5py.enum_dtype({"negatief": 0, "positief": 1}, basetype="i1")
    rows = [
        (n.encode(), int(b), d.encode(), p.encode(), int("pos" in r))
        for n, b, d, p, r in HDF5_PATIENTS
    ]
    columns = [("naam", "S40"), ("bsn", "i8"), ("geboortedatum", "S10"), ("postcode", "S16")]
    records = np.array(rows, dtype=[*columns, ("hpv", kind)])
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.attrs["bron"] = "LIMS export NMDL"
        f.create_dataset("cohort/patienten", data=records)
        f["uitslagen/bsn"] = np.array([b.encode() for _, b, *_ in HDF5_PATIENTS])
        f["uitslagen/uitslag"] = np.array([r for *_, r in HDF5_PATIENTS], dtype=h5py.string_dtype())
        f["uitslagen/ct"] = np.array([31.5, 28.0, np.nan])
    return Sample(buf.getvalue(), "hdf5", "research/cohort/genotypes.h5")


def matlab_sample() -> Sample:
    """A clustering input saved by MATLAB (level 5): the patients a struct array, a
    cell array of texts under a header row, a char array and numbers."""
    import numpy as np
    from scipy.io import savemat

    people = np.array(
        [(n, b, d) for n, b, d, *_ in HDF5_PATIENTS],
        dtype=[("naam", "O"), ("bsn", "O"), ("geboortedatum", "O")],
    )
    cells = np.array(
        [["postcode", "uitslag"], *[[p, r] for *_, p, r in HDF5_PATIENTS]], dtype=object
    )
    buf = io.BytesIO()
    savemat(buf, {"deelnemers": people, "uitslagen": cells, "opmerking": "cohort 2024", "k": 3.0})
    return Sample(buf.getvalue(), "matlab", "research/matlab/clustering_input.mat")


def bson_sample() -> Sample:
    """A patient portal's collection as ``mongodump`` writes it: ObjectIds, a nested name,
    a BSN as text and one as a 64-bit number (its leading zero lost), a birth date stored
    as local midnight in UTC, a list of phones, a whole number stored as a double, a
    binary note, a stored JavaScript function (its text, never run)."""
    import bson

    local = dt.timezone(dt.timedelta(hours=1))
    docs = [
        {
            "_id": bson.ObjectId("65f1a2b3c4d5e6f708192a3b"),
            "bsn": BSN[0],
            "naam": {"achternaam": "Jansen-de Vries", "voorletters": "M."},
            "geboortedatum": dt.datetime(1978, 3, 4, tzinfo=local),
            "telefoons": ["0612345678", "020-1234567"],
            "uitslag": "hrHPV positief",
        },
        {
            "_id": bson.ObjectId("65f1a2b3c4d5e6f708192a3c"),
            "bsn": bson.Int64(int(BSN[2])),
            "naam": {"achternaam": "van der Berg", "voorletters": "J.P."},
            "geboortedatum": dt.datetime(1985, 11, 30, tzinfo=local),
            "postcode": "1234 AB",
            "aantal": 3.0,
            "notitie": bson.Binary(b"Dorpsstraat 12A"),
            "filter": bson.Code("function () { return this.bsn; }"),
        },
    ]
    data = b"".join(bson.encode(d) for d in docs)
    return Sample(data, "bson", "backup/mongodump/portal/patienten.bson", info={"docs": docs})


def avro_sample() -> Sample:
    """A Kafka topic's records in an Avro container file (deflate): a nested patient
    record, a ``date`` birth date, an enum result, a nullable phone, ``bytes``."""
    import fastavro

    schema = {
        "type": "record",
        "name": "Uitslag",
        "fields": [
            {"name": "labnummer", "type": "string"},
            {
                "name": "patient",
                "type": {
                    "type": "record",
                    "name": "Patient",
                    "fields": [
                        {"name": "bsn", "type": "string"},
                        {"name": "achternaam", "type": "string"},
                        {"name": "geboortedatum", "type": {"type": "int", "logicalType": "date"}},
                        {"name": "telefoon", "type": ["null", "string"]},
                    ],
                },
            },
            {"name": "hpv", "type": {"type": "enum", "name": "Hpv", "symbols": ["POS", "NEG"]}},
            {"name": "notitie", "type": "bytes"},
        ],
    }
    records = [
        {
            "labnummer": f"T24-0{k}",
            "patient": {
                "bsn": BSN[k],
                "achternaam": ("Jansen-de Vries", "van der Berg", "Yılmaz")[k],
                "geboortedatum": dt.date.fromisoformat(DOB[k]),
                "telefoon": "0612345678" if k == 0 else None,
            },
            "hpv": ("POS", "NEG", "POS")[k],
            "notitie": b"Dorpsstraat 12A" if k == 1 else b"\xff\xfe",
        }
        for k in range(3)
    ]
    buf = io.BytesIO()
    fastavro.writer(buf, fastavro.parse_schema(schema), records, codec="deflate", sync_interval=64)
    return Sample(
        buf.getvalue(), "avro", "kafka/lims.uitslag+0+0000001.avro", info={"records": records}
    )


def plist_sample() -> Sample:
    """An iPhone app's preferences as a binary property list: the courier's name, a date,
    a nested patient, and a JSON document stored as data (its values read at their
    paths)."""
    import plistlib

    value = {
        "koerier": {"naam": "Gijs Heuvelink", "actief": True},
        "laatsteSync": dt.datetime(2024, 5, 13, 7, 31, 2),
        "laatstePatient": {"naam": "Jansen-de Vries, M.", "bsn": BSN[0], "postcode": "1234 AB"},
        "cache": json.dumps({"bsn": BSN[1], "geboortedatum": DOB[1]}).encode(),
        "versie": 12,
    }
    data = plistlib.dumps(value, fmt=plistlib.FMT_BINARY)
    return Sample(
        data, "plist", "iphone/Library/Preferences/nl.lab.koerier.plist", info={"value": value}
    )


MORK_TEXT = (
    '// <!-- <mdb:mork:z v="1.4"/> -->\n'
    "< <(a=c)> // (f=iso-8859-1)\n"
    "  (B9=Notes)(BE=ns:addrbk:db:table:kind:pab)(80=ns:addrbk:db:row:scope:card:all)\n"
    "  (83=FirstName)(84=LastName)(86=PrimaryEmail)(87=HomeAddress)(88=HomeZipCode)\n"
    "  (89=HomeCity)>\n\n"
    f"<(A0=Dorpsstraat 12A)(A1=1234 AB)(A2=BSN {BSN[0]}, geb. 04-03-1978 \\(spoed\\))(A3\n"
    "  =Utrecht)>\n"
    "{1:^80 {(k^BE:c)(s=9)}\n"
    "  [1(^83=Marieke)(^84=Jansen-de Vries)(^86=m.jansen@example.nl)(^87^A0)(^88^A1)(^89^A3)\n"
    "    (^B9^A2)]\n"
    "  [2(^83=Ren$C3$A9e)(^84=Yilmaz)(^87=Kerkstraat 1\\\n"
    f"0)(^B9=BSN {BSN[1]} \\\\ cito)]}}\n"
    "@$${2{@\n[1(^86=marieke@example.nl)]\n@$$}2}@\n"
    "@$${3{@\n[2(^84=VERKEERD)]\n@$$}~abort~3}@\n"
)
"""A Thunderbird address book (``abook.mab``) by the Mork 1.4 format: a dictionary of
column names, one of values, the cards' table (cells by alias and by literal, a ``\\)``
escape, a line continuation, a ``$C3$A9`` byte escape, a ``\\\\``), a group that changes
a card's e-mail address and an aborted one that would have renamed another."""
MORK_PART = "1:ns:addrbk:db:row:scope:card:all"
MORK_CELLS = {
    (MORK_PART, 1, "FirstName"): "Marieke",
    (MORK_PART, 1, "LastName"): "Jansen-de Vries",
    (MORK_PART, 1, "PrimaryEmail"): "marieke@example.nl",
    (MORK_PART, 1, "HomeAddress"): "Dorpsstraat 12A",
    (MORK_PART, 1, "HomeZipCode"): "1234 AB",
    (MORK_PART, 1, "HomeCity"): "Utrecht",
    (MORK_PART, 1, "Notes"): f"BSN {BSN[0]}, geb. 04-03-1978 (spoed)",
    (MORK_PART, 2, "FirstName"): "Ren\u00e9e",
    (MORK_PART, 2, "LastName"): "Yilmaz",
    (MORK_PART, 2, "HomeAddress"): "Kerkstraat 10",
    (MORK_PART, 2, "Notes"): f"BSN {BSN[1]} \\ cito",
}
"""The sample's cells as the format says they read."""


TYPEDSTREAM_TEXT = (
    "Goedemiddag mevr. Jansen-de Vries (BSN 123456782), Dorpsstraat 12A, 1234 AB: "
    "uw uitslag is binnen. Bel 0612345678. Groet, Ömer"
)
TYPEDSTREAM_KEY = "__kIMMessagePartAttributeName"


def ts_int(value: int) -> bytes:
    """A typedstream's number: one signed byte, or ``0x81`` and two little-endian bytes."""
    if -110 <= value < 128:
        return bytes([value & 0xFF])
    return b"\x81" + struct.pack("<h", value)


def ts_text(text: str) -> bytes:
    """A counted UTF-8 string (a ``+`` value)."""
    raw = text.encode("utf-8")
    return ts_int(len(raw)) + raw


def typedstream_bytes(text: str, key: str = TYPEDSTREAM_KEY) -> bytes:
    """An ``NSAttributedString`` as NSArchiver writes it (macOS Messages'
    ``attributedBody``): its ``NSString``, one attribute run over the whole text in an
    ``NSDictionary`` whose key is an ``NSString`` and value an ``NSNumber`` (its type a
    C string), as ``typedstream.h`` lays them out (strings and classes named again by
    their numbers from ``0x92``)."""
    return (
        b"\x04\x0bstreamtyped\x81\xe8\x03"
        b"\x84\x01@\x84"  # "@" (string 0), a new object (object 0)
        b"\x84\x84\x12NSAttributedString\x00"  # class (string 1, object 1)
        b"\x84\x84\x08NSObject\x00\x85"  # its superclass (string 2, object 2), nil
        b"\x92\x84\x84\x84\x08NSString\x01\x94"  # "@": object 3 of class 4 < NSObject
        b"\x84\x01+" + ts_text(text) + b"\x86"  # "+" (string 4): the characters
        b"\x84\x02iI\x01"
        + ts_int(len(text))  # one run over the whole text
        + b"\x92\x84\x84\x84\x0cNSDictionary\x00\x94"  # "@": its attributes
        b"\x84\x01i\x01"  # one entry
        b"\x92\x84\x96\x96" + ts_text(key) + b"\x86"  # its key: an NSString ("+": 0x96)
        b"\x92\x84\x84\x84\x08NSNumber\x00\x84\x84\x07NSValue\x00\x94"  # its value
        b"\x84\x01*\x84\x99"  # "*": the C string "i" (string 7, read before)
        b"\x99\x00"  # "i": 0
        b"\x86\x86\x86"  # the number's, the dictionary's and the string's ends
    )


def typedstream_sample() -> Sample:
    """A Messages text's ``attributedBody``: an ``NSAttributedString`` in a typedstream."""
    data = typedstream_bytes(TYPEDSTREAM_TEXT)
    return Sample(data, "typedstream", "Library/Messages/chat.db!/message∕attributedBody∕rowid-7")


CACHE_URL = "https://huisartsportaal.lab-oost.example/api/v2/praktijk/01084453/uitslagen?pagina=1"
CACHE_BODY = json.dumps(
    [{"naam": NAMES[0], "bsn": BSN[0], "adres": "Dorpsstraat 12A", "postcode": "1234 AB"}]
).encode()


def simple_cache_entry(
    url: str = CACHE_URL,
    body: bytes = CACHE_BODY,
    headers: tuple[str, ...] = ("content-type:application/json; charset=utf-8",),
    coding: str | None = "gzip",
    sha: bool = True,
) -> bytes:
    """A Chrome Simple Cache entry (``<16 hex>_0``) as ``simple_entry_format.h`` lays it
    out: header, key, stream 1 (the body as sent, in ``coding``), its EOF record, stream 0
    (a pickled ``HttpResponseInfo``: flags, two times, the headers' string), the key's
    SHA-256 and the last EOF record."""
    import gzip
    import hashlib

    key = f"1/0/_dk_https://lab-oost.example https://lab-oost.example {url}".encode()
    sent = {"gzip": gzip.compress, "deflate": zlib.compress, None: bytes}[coding](body)
    lines = ["HTTP/1.1 200", *headers] + ([f"content-encoding:{coding}"] if coding else [])
    raw = "\0".join(lines).encode() + b"\0\0"
    payload = struct.pack("<iqqi", 0x10000003, 1, 2, len(raw)) + raw + bytes(-len(raw) % 4)
    stream0 = struct.pack("<I", len(payload)) + payload

    def eof(flags: int, data: bytes, size: int) -> bytes:
        return struct.pack("<QIIII", 0xF4FA6F45970D41D8, flags, zlib.crc32(data), size, 0)

    head = struct.pack("<QIIII", 0xFCFB6D1BA7725C30, 5, len(key), 0x1234, 0)
    tail = hashlib.sha256(key).digest() if sha else b""
    return (
        head + key + sent + eof(1, sent, len(sent)) + stream0 + tail
        + eof(1 | (2 if sha else 0), stream0, len(stream0))
    )  # fmt: skip


def chrome_cache_sample() -> Sample:
    """A GP portal's answer in a workstation's Chrome cache, gzipped as it was sent."""
    path = "Users/poh/AppData/Local/Google/Chrome/User Data/Default/Cache/Cache_Data/84c3_0"
    return Sample(simple_cache_entry(), "chrome-cache", path)


TRACE_REQUEST = (
    b'{"zoek": {"achternaam": "Jansen-de Vries", "postcode": "1234 AB"}, "bsn": "123456782"}'
)
TRACE_ANSWER = (
    b'{"resultaten": [{"naam": "Jansen-de Vries, M.", "bsn": "123456782", '
    b'"adres": "Dorpsstraat 12A", "telefoon": "0612345678"}]}'
)


def curl_dump(title: str, data: bytes, hexed: bool = False) -> str:
    """A block as curl's ``tool_cb_dbg.c`` dumps it: its title, then ``%04x: `` lines of 16
    bytes in hex and their characters, or (``--trace-ascii``) of up to 64 characters, a
    CRLF ending a line, a byte that is no printable ASCII a dot."""
    lines = [f"{title}, {len(data)} bytes ({len(data):#x})"]
    width = 16 if hexed else 64
    i = 0
    while i < len(data):
        out = f"{i:04x}: "
        if hexed:
            out += "".join(f"{data[i + c]:02x} " if i + c < len(data) else "   " for c in range(16))
        c = 0
        while c < width and i + c < len(data):
            if not hexed and data[i + c : i + c + 2] == b"\r\n":
                i += c + 2 - width
                break
            b = data[i + c]
            out += chr(b) if 0x20 <= b < 0x80 else "."
            if not hexed and data[i + c + 1 : i + c + 3] == b"\r\n" and i + c + 2 < len(data):
                i += c + 3 - width
                break
            c += 1
        lines.append(out)
        i += width
    return "\n".join(lines) + "\n"


def curl_trace_sample() -> Sample:
    """``curl --trace-ascii`` of a POST to a results API and its JSON answer."""
    request = (
        b"POST /api/v2/patienten/zoek?bsn=123456782 HTTP/1.1\r\nHost: acc.lab.example\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(TRACE_REQUEST)
    )
    text = (
        "== Info:   Trying 10.20.1.40:443...\n"
        + curl_dump("=> Send header", request)
        + curl_dump("=> Send data", TRACE_REQUEST)
        + "== Info: We are completely uploaded and fine\n"
        + curl_dump("<= Recv header", b"HTTP/1.1 200 OK\r\n")
        + curl_dump("<= Recv header", b"Content-Type: application/json\r\n")
        + curl_dump("<= Recv header", b"\r\n")
        + curl_dump("<= Recv data", TRACE_ANSWER[:70])
        + curl_dump("<= Recv data", TRACE_ANSWER[70:])
        + "== Info: Connection #0 to host acc.lab.example left intact\n"
    )
    return Sample(text.encode(), "curl-trace", "dev/lims-api/debug/trace_acc.txt")


CAST_TYPED = "SELECT * FROM patient WHERE bsn = '123456782';"
CAST_PLAYED = (
    "consultant@lims-db01:~$ mysql lims\n"
    f"mysql> {CAST_TYPED}\n"
    "| 123456782 | Jansen-de Vries | Dorpsstraat 12A | 1234 AB | 0612345678 |\n"
    "1 row in set (0.00 sec)\n\n"
    "mysql>"
)


def asciicast_events() -> list[list[object]]:
    """A session's events: a coloured prompt, a command typed and echoed a character an
    event with a typo corrected by a backspace, a row printed with ``\\r\\n``."""
    events: list[list[object]] = [
        [0.1, "o", "\u001b[01;32mconsultant@lims-db01\u001b[00m:\u001b[01;34m~\u001b[00m$ "],
        [0.2, "o", "mysql lims\r\n"],
        [0.3, "o", "\u001b]0;mysql\u0007mysql> "],
    ]
    typed = CAST_TYPED
    for i, ch in enumerate(typed[:20]):
        events.append([0.4 + i / 100, "i", ch])
        events.append([0.4 + i / 100, "o", ch])
    events += [[0.7, "i", "X"], [0.7, "o", "X"], [0.8, "i", "\u007f"], [0.8, "o", "\b\u001b[K"]]
    for ch in typed[20:]:
        events.append([0.9, "i", ch])
        events.append([0.9, "o", ch])
    events += [
        [1.0, "i", "\r"],
        [1.0, "o", "\r\n| 123456782 | Jansen-de Vries | Dorpsstraat 12A"],
        [1.1, "o", " | 1234 AB | 0612345678 |\r\n1 row in set (0.00 sec)\r\n\r\nmysql> "],
        [1.2, "m", "einde"],
    ]
    return events


def asciicast_sample() -> Sample:
    """An asciinema v2 recording of a consultant's session on a database server."""
    header = {"version": 2, "width": 120, "height": 40, "timestamp": 1715332802, "env": {}}
    lines = [json.dumps(header)] + [json.dumps(e) for e in asciicast_events()]
    return Sample(("\n".join(lines) + "\n").encode(), "asciicast", "asciinema/ssh-lims.cast")


PG_LOG_QUOTED = frozenset({1, 2, 4, 7, 13, 14, 15, 16, 18, 19, 21, 22, 23})
"""The csvlog fields PostgreSQL writes in quotes (its ``write_csvlog``: the texts)."""


def pg_csvlog_line(**fields: str) -> str:
    """A csvlog record of 26 fields (PostgreSQL 14 on), its texts quoted, quotes doubled."""
    from breachscope.ingest.filetype import PG_CSVLOG_COLUMNS

    out = []
    for i, name in enumerate(PG_CSVLOG_COLUMNS):
        value = fields.get(name, "")
        quoted = i in PG_LOG_QUOTED and value != ""
        out.append('"' + value.replace('"', '""') + '"' if quoted else value)
    return ",".join(out) + "\n"


PG_LOG_COMMON = {
    "user_name": "portal_app",
    "database_name": "mijnuitslag",
    "process_id": "11022",
    "connection_from": "10.20.2.11:51234",
    "session_id": "66406d5c.f674",
    "session_start_time": "2024-05-12 08:00:02 UTC",
    "application_name": "mijnuitslag-api",
    "backend_type": "client backend",
    "query_id": "0",
}


def pg_csvlog_sample() -> Sample:
    """A portal database's csvlog: a select and an insert with their parameters, a
    unique violation quoting a BSN, a multi-line statement with a quote in it."""
    records = [
        pg_csvlog_line(
            log_time="2024-05-12 08:02:57.664 UTC", session_line_num="1", command_tag="SELECT",
            virtual_transaction_id="7/1001", transaction_id="0", error_severity="LOG",
            sql_state_code="00000",
            message="duration: 0.509 ms  execute <unnamed>: SELECT id FROM patient "
            "WHERE bsn = $1 AND geboortedatum = $2",
            detail="parameters: $1 = '123456782', $2 = '1978-03-04'", **PG_LOG_COMMON,
        ),
        pg_csvlog_line(
            log_time="2024-05-12 08:04:08.779 UTC", session_line_num="2", command_tag="INSERT",
            virtual_transaction_id="7/1002", transaction_id="0", error_severity="ERROR",
            sql_state_code="23505",
            message='duplicate key value violates unique constraint "patient_bsn_key"',
            detail="Key (bsn)=(111222333) already exists.",
            query="INSERT INTO patient (bsn, achternaam, adres)\nVALUES ($1, $2, $3)",
            **PG_LOG_COMMON,
        ),
        pg_csvlog_line(
            log_time="2024-05-12 08:04:18.983 UTC", session_line_num="3", command_tag="INSERT",
            virtual_transaction_id="7/1003", transaction_id="0", error_severity="LOG",
            sql_state_code="00000",
            message="duration: 0.512 ms  execute <unnamed>: INSERT INTO patient "
            "(bsn, achternaam, adres, postcode, telefoon)\nVALUES ($1, $2, $3, $4, $5)",
            detail="parameters: $1 = '111222333', $2 = 'Jansen-de Vries', "
            "$3 = 'Dorpsstraat 12A', $4 = '1234 AB', $5 = '0612345678'",
            **PG_LOG_COMMON,
        ),
    ]  # fmt: skip
    data = "".join(records).encode()
    path = "var/lib/postgresql/15/main/log/postgresql-2024-05-12_000000.csv"
    return Sample(data, "pg-csvlog", path)


BLOCKFILE_URL = "https://portaal.lab-oost.example/api/uitslagen/42"


def cache_addr(kind: int, blocks: int, file: int, start: int) -> int:
    """A ``CacheAddr``: initialised, its file type, blocks less one, file and first block."""
    return 0x80000000 | kind << 28 | (blocks - 1) << 24 | file << 16 | start


def blockfile_data_1(body: bytes = CACHE_BODY, far: bool = False) -> bytes:
    """A Blockfile cache's ``data_1`` as ``disk_format.h`` lays it out: its header (magic,
    version 3.0, file 1, blocks of 256 bytes) and an ``EntryStore`` in block 0 whose
    streams 0 (the pickled headers) and 1 (the body) lie in blocks 1 and on (stream 1 in
    ``data_2`` where ``far``)."""
    raw = b"HTTP/1.1 200 OK\0content-type:application/json\0\0"
    payload = struct.pack("<iqqi", 3, 1, 2, len(raw)) + raw + bytes(-len(raw) % 4)
    headers = struct.pack("<I", len(payload)) + payload
    head_blocks = -(-len(headers) // 256)
    body_blocks = -(-len(body) // 256)
    key = f"1/0/_dk_https://lab-oost.example https://lab-oost.example {BLOCKFILE_URL}".encode()
    addr0 = cache_addr(2, head_blocks, 1, 1)
    addr1 = cache_addr(3, 1, 2, 0) if far else cache_addr(2, body_blocks, 1, 1 + head_blocks)
    entry = (
        struct.pack("<IIIiiiQiI", 0x1234, 0, 0, 1, 0, 0, 13300000000000000, len(key), 0)
        + struct.pack("<4i", len(headers), len(body), 0, 0)
        + struct.pack("<4I", addr0, addr1, 0, 0)
        + struct.pack("<I4iI", 0, 0, 0, 0, 0, 0)
    )
    entry += key + bytes(256 - len(entry) - len(key))
    header = struct.pack("<IIhhiii", 0xC104CAC3, 0x30000, 1, 0, 256, 3, 1024)
    header += bytes(8192 - len(header))

    def blocks(data: bytes) -> bytes:
        return data + bytes(-len(data) % 256)

    return header + entry + blocks(headers) + (b"" if far else blocks(body))


def chrome_blockfile_sample() -> Sample:
    """An old Chrome profile's ``data_1``: an entry for a results API and its answer."""
    return Sample(blockfile_data_1(), "chrome-blockfile", "Default/Cache/data_1")


SYLK_TEXT = (
    "ID;PWXL;N;E\r\nP;PGeneral\r\nP;P0\r\nP;Pdd\\-mm\\-yyyy\r\nP;FCalibri;M220\r\n"
    "F;P0;DG0G8;M220\r\nF;P2;FG0G;C3\r\nB;Y3;X4;D0 0 2 3\r\nO;L;D;V0;K47;G100 0.001\r\n"
    'C;Y1;X1;K"Naam"\r\nC;X2;K"BSN"\r\nC;X3;K"Geboortedatum"\r\nC;X4;K"Opmerking"\r\n'
    f'C;Y2;X1;K"Jansen-de Vries, M."\r\nC;X2;K{BSN[0]}\r\nC;X3;K28553\r\n'
    'C;X4;K"gebeld 6-5;; geen gehoor"\r\n'
    f'C;Y3;X1;K"Y\x1bNHilmaz, \xd6."\r\nC;X2;K{int(BSN[2])}\r\nC;X3;K32888;AMobiel 0612345678\r\n'
    "E\r\n"
)
"""An old call list as Excel saves it in SYLK (cp1252): a date column by its format, a
BSN as a number (its leading zero lost), an escaped ``;``, a Multiplan accent escape, a
cell comment."""
SYLK_CELLS = {
    (None, 2, "Naam"): "Jansen-de Vries, M.",
    (None, 2, "BSN"): BSN[0],
    (None, 2, "Geboortedatum"): "1978-03-04",
    (None, 2, "Opmerking"): "gebeld 6-5; geen gehoor",
    (None, 3, "Naam"): "Y\u00eflmaz, \u00d6.",
    (None, 3, "BSN"): BSN[2].lstrip("0"),
    (None, 3, "Geboortedatum"): "1990-01-15",
}


def sylk_sample() -> Sample:
    """A secretary's old export as a SYLK file (:data:`SYLK_TEXT`)."""
    return Sample(SYLK_TEXT.encode("cp1252"), "sylk", "secretariaat/oud/Nabellijst.slk", "cp1252")


SVG_TEXT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="400" height="200">\n'
    '  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description dc:creator="R. Jansen"'
    ' dc:source="Highcharts 11"/></rdf:RDF></metadata>\n'
    "  <title>Terugbelmonitor week 19</title>\n"
    '  <g class="bar" data-praktijk="De Esch">\n'
    '    <rect x="10" y="20" width="60" height="40"><title>De Esch: 1 open - Jansen-de Vries, M.'
    " (04-03-1978)</title></rect>\n"
    "    <desc>M. Jansen-de Vries, tel 0612345678, 1234 AB</desc>\n"
    f'    <circle cx="40" cy="30" r="3" data-bsn="{BSN[0]}" data-geboortedatum="{DOB[0]}"'
    ' data-naam="Marieke Jansen-de Vries"/>\n'
    "  </g>\n"
    f'  <circle cx="90" cy="30" r="3" data-bsn="{BSN[1]}" data-naam="J.P. van der Berg">'
    "<title>&#214;mer Y&#305;lmaz</title></circle>\n"
    '  <text x="10" y="180">Dorpsstraat <tspan font-weight="bold">12A</tspan></text>\n'
    "</svg>\n"
)
"""A dashboard's exported chart: tooltips, a group's and a marker's ``data-*`` fields,
RDF metadata, character references."""
SVG_CELLS = {
    ("data", 1, "praktijk"): "De Esch",
    ("data", 1, "desc"): "M. Jansen-de Vries, tel 0612345678, 1234 AB",
    ("data", 1, "bsn"): BSN[0],
    ("data", 1, "geboortedatum"): DOB[0],
    ("data", 1, "naam"): "Marieke Jansen-de Vries",
    ("data", 2, "bsn"): BSN[1],
    ("data", 2, "naam"): "J.P. van der Berg",
    ("data", 2, "title"): "\u00d6mer Y\u0131lmaz",
    ("metadata", 1, "Description.@creator"): "R. Jansen",
    ("metadata", 1, "Description.@source"): "Highcharts 11",
}


def svg_sample() -> Sample:
    """A dashboard's exported chart (:data:`SVG_TEXT`)."""
    return Sample(SVG_TEXT.encode(), "svg", "www/dashboard/export/terugbelmonitor.svg")


TURTLE_TEXT = (
    "# FHIR RDF export\n"
    "@prefix fhir: <http://hl7.org/fhir/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "PREFIX ex: <https://lab.example/def#>\n\n"
    "<https://lab.example/fhir/Patient/p1> a fhir:Patient ;\n"
    "  fhir:nodeRole fhir:treeRoot ;\n"
    "  fhir:Patient.identifier [ fhir:index 0 ;\n"
    '     fhir:Identifier.value [ fhir:value "123456782" ] ] ;\n'
    '  fhir:Patient.name [ fhir:HumanName.family [ fhir:value "Jansen-de Vries" ] ;\n'
    '     fhir:HumanName.given [ fhir:index 0 ; fhir:value "Marieke" ] ,\n'
    '                          [ fhir:index 1 ; fhir:value "Ren\\u00E9e" ] ] ;\n'
    '  fhir:Patient.birthDate [ fhir:value "1978-03-04"^^xsd:date ] ;\n'
    '  ex:opmerking """Dorpsstraat 12A\n1234 AB""" ;\n'
    "  ex:adres _:a1 .\n\n"
    '_:a1 ex:telefoon "0612345678"@nl .\n'
    "<https://lab.example/fhir/Patient/p2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    " <http://hl7.org/fhir/Patient> .\n"
    "<https://lab.example/fhir/Patient/p2> <http://hl7.org/fhir/Patient.name>"
    ' "Y\\u0131lmaz, \\"\\u00D6mer\\"" .\n'
    "<https://lab.example/fhir/Patient/p2> ex:bsn 111222333 .\n"
)
"""FHIR's RDF in Turtle: prefixes, nested blank nodes, escapes, a long string, a labelled
blank node, then N-Triples lines of a second patient."""
TURTLE_CELLS = {
    ("Patient", 6, "type"): "Patient",
    ("Patient", 6, "Patient.identifier.Identifier.value"): "123456782",
    ("Patient", 6, "Patient.name.HumanName.family"): "Jansen-de Vries",
    ("Patient", 6, "Patient.name.HumanName.given"): "Marieke",
    ("Patient", 6, "Patient.name.HumanName.given (2)"): "Ren\u00e9e",
    ("Patient", 6, "Patient.birthDate"): "1978-03-04",
    ("Patient", 6, "opmerking"): "Dorpsstraat 12A\n1234 AB",
    ("Patient", 6, "adres.telefoon"): "0612345678",
    ("Patient", 19, "Patient.name"): 'Y\u0131lmaz, "\u00d6mer"',
    ("Patient", 19, "bsn"): "111222333",
}


def turtle_sample() -> Sample:
    """An integration engine's FHIR RDF export (:data:`TURTLE_TEXT`)."""
    return Sample(TURTLE_TEXT.encode(), "turtle", "integratie/fhir-rdf/patients.ttl")


CYPHER_TEXT = (
    ":begin\n"
    "CREATE CONSTRAINT UNIQUE_IMPORT_NAME FOR (node:`UNIQUE IMPORT LABEL`)"
    " REQUIRE (node.`UNIQUE IMPORT ID`) IS UNIQUE;\n"
    ":commit\n"
    "CALL db.awaitIndexes(300);\n"
    ":begin\n"
    f'UNWIND [{{_id:0, properties:{{naam:"Jansen-de Vries", bsn:"{BSN[0]}",'
    f" geboortedatum:date('{DOB[0]}'), adres:\"Dorpsstraat 12A\\n1234 AB\"}}}},"
    ' {_id:1, properties:{naam:"Y\\u0131lmaz \\"\\u00d6mer\\"", bsn:"111222333",'
    " voornamen:['Ömer', 'Ali']}}] AS row\n"
    "CREATE (n:`UNIQUE IMPORT LABEL`{`UNIQUE IMPORT ID`: row._id}) SET n += row.properties"
    " SET n:Patient;\n"
    ":commit\n"
    ":begin\n"
    "UNWIND [{start: {_id:0}, end: {_id:200}, properties:{opmerking:'tel 0612345678'}},"
    " {start: {_id:1}, end: {_id:200}, properties:{}}] AS row\n"
    "MATCH (start:`UNIQUE IMPORT LABEL`{`UNIQUE IMPORT ID`: row.start._id})\n"
    "MATCH (end:`UNIQUE IMPORT LABEL`{`UNIQUE IMPORT ID`: row.end._id})\n"
    "CREATE (start)-[r:HEEFT_UITSLAG]->(end) SET r += row.properties;\n"
    ":commit\n"
    "// handmatig toegevoegd\n"
    'MERGE (p:Patient {bsn: "012345672"}) SET p.naam = "van der Berg", p.leeftijd = 34;\n'
)
"""A data warehouse's graph exported by APOC (cypher-shell format), and a hand-written
statement."""
CYPHER_CELLS = {
    ("Patient", 1, "_id"): "0",
    ("Patient", 1, "naam"): "Jansen-de Vries",
    ("Patient", 1, "bsn"): BSN[0],
    ("Patient", 1, "geboortedatum"): DOB[0],
    ("Patient", 1, "adres"): "Dorpsstraat 12A\n1234 AB",
    ("Patient", 2, "naam"): 'Y\u0131lmaz "\u00d6mer"',
    ("Patient", 2, "voornamen.0"): "\u00d6mer",
    ("Patient", 2, "voornamen.1"): "Ali",
    ("[:HEEFT_UITSLAG]", 1, "start._id"): "0",
    ("[:HEEFT_UITSLAG]", 1, "opmerking"): "tel 0612345678",
    ("Patient", 3, "bsn"): BSN[2],
    ("Patient", 3, "naam"): "van der Berg",
    ("Patient", 3, "leeftijd"): "34",
}


def cypher_sample() -> Sample:
    """A graph's export (:data:`CYPHER_TEXT`)."""
    return Sample(CYPHER_TEXT.encode(), "cypher", "datawarehouse/neo4j/export/all.cypher")


LINE_PROTOCOL_TEXT = (
    "# DDL\nCREATE DATABASE lims_metrics WITH NAME autogen\n# DML\n"
    "# CONTEXT-DATABASE: lims_metrics\n# CONTEXT-RETENTION-POLICY: autogen\n\n"
    f"hl7_verwerking,host=lims-int01,patient=Jansen-de\\ Vries\\,\\ M.,bsn={BSN[0]}"
    ' duur_ms=1734i,status="FOUT",fout="Huisarts onbekend (geb. 04-03-1978, tel 0612345678):'
    ' \\"Dorpsstraat 12A\\"",ok=f 1715498704000000000\n'
    "hl7_wachtrij,host=lims-int01 lengte=30i,gem=1.5e3 1715498709000000000\n"
    f'hl7_verwerking,patient=Y\u0131lmaz\\=\u00d6mer,bsn={BSN[1]} fout="regel 1\nregel 2"'
    " 1715498812000000000\n"
)
"""A metrics database's export (``influx_inspect export``): tags with escapes, a string
field with escaped quotes, one over two lines."""
LINE_PROTOCOL_CELLS = {
    ("hl7_verwerking", 7, "patient"): "Jansen-de Vries, M.",
    ("hl7_verwerking", 7, "bsn"): BSN[0],
    ("hl7_verwerking", 7, "duur_ms"): "1734",
    (
        "hl7_verwerking",
        7,
        "fout",
    ): 'Huisarts onbekend (geb. 04-03-1978, tel 0612345678): "Dorpsstraat 12A"',
    ("hl7_verwerking", 7, "ok"): "f",
    ("hl7_verwerking", 7, "time"): "1715498704000000000",
    ("hl7_wachtrij", 8, "lengte"): "30",
    ("hl7_wachtrij", 8, "gem"): "1.5e3",
    ("hl7_verwerking", 9, "patient"): "Y\u0131lmaz=\u00d6mer",
    ("hl7_verwerking", 9, "fout"): "regel 1\nregel 2",
}


def line_protocol_sample() -> Sample:
    """A monitoring server's InfluxDB export (:data:`LINE_PROTOCOL_TEXT`)."""
    return Sample(LINE_PROTOCOL_TEXT.encode(), "line-protocol", "monitor01/backup/influx.lp")


SENTRY_EVENT = {
    "event_id": "9ec79c33ec9942ab8353589fcb2e04dc",
    "level": "error",
    "exception": {
        "values": [{"type": "IntegrityError", "value": f"Key (bsn)=({BSN[0]}) already exists."}]
    },
    "request": {
        "method": "POST",
        "data": {"achternaam": "Jansen-de Vries", "geboortedatum": DOB[0]},
    },
    "breadcrumbs": {"values": [{"message": "Terugbelverzoek van der Berg (0612345678)"}]},
}
SENTRY_FORM = "achternaam=Y%C4%B1lmaz&voornaam=%C3%96mer&bsn=111222333&adres=Dorpsstraat+12A"


def sentry_envelope(*items: tuple[dict[str, Any], bytes], header: bytes | None = None) -> bytes:
    """An envelope as an SDK sends it: its header line, then each item's header (with its
    length, unless it has one) and payload, a line break after each."""
    out = (
        header
        if header is not None
        else b'{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://k@sentry.example/4"}'
    )
    for item, payload in items:
        item = {**item, "length": item.get("length", len(payload))}
        out += b"\n" + json.dumps(item).encode() + b"\n" + payload
    return out + b"\n"


def sentry_envelope_sample() -> Sample:
    """Relay's spooled envelope: an event and a form's body attached."""
    data = sentry_envelope(
        ({"type": "event", "content_type": "application/json"}, json.dumps(SENTRY_EVENT).encode()),
        ({"type": "attachment", "filename": "request_body.txt",
          "content_type": "application/x-www-form-urlencoded"}, SENTRY_FORM.encode()),
    )  # fmt: skip
    return Sample(data, "sentry-envelope", "var/cache/sentry-relay/spool/9ec79c33.envelope")


SLOW_LOG_TEXT = (
    "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
    "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
    "Time                 Id Command    Argument\n"
    "# Time: 2024-05-12T07:34:42.166838Z\n"
    "# User@Host: lims_app[lims_app] @ lims-app01 [10.20.1.15]  Id:  7352\n"
    "# Query_time: 4.543702  Lock_time: 0.000117 Rows_sent: 1  Rows_examined: 494343\n"
    "use lims;\nSET timestamp=1715499282;\n"
    "SELECT p.id FROM patient p WHERE p.achternaam LIKE 'Jansen-de Vries%'"
    f" AND p.`geboortedatum` = '{DOB[0]}';\n"
    "# Time: 2024-05-12T07:52:24.389912Z\n"
    "# User@Host: lims_app[lims_app] @ lims-app01 [10.20.1.16]  Id:  4143\n"
    "# Query_time: 7.013142  Lock_time: 0.000676 Rows_sent: 1  Rows_examined: 453096\n"
    "SET timestamp=1715500344;\n"
    "/* terugbelactie: notitie = 'x' */ UPDATE `lims`.`patient`\n"
    "   SET telefoon = '0612345678', adres = 'Dorpsstraat 12A\\n1234 AB',"
    " naam = 'Y\u0131lmaz, \\'\u00d6mer\\''\n"
    f" WHERE bsn = {int(BSN[1])};\n"
)
"""A database server's slow query log: the banner, a query whose name is a LIKE pattern
behind its table's alias, a multi-line UPDATE with escapes."""
SLOW_LOG_CELLS = {
    ("patient", 7, "achternaam"): "Jansen-de Vries",
    ("patient", 7, "geboortedatum"): DOB[0],
    ("lims.patient", 13, "telefoon"): "0612345678",
    ("lims.patient", 13, "adres"): "Dorpsstraat 12A\n1234 AB",
    ("lims.patient", 13, "naam"): "Y\u0131lmaz, '\u00d6mer'",
    ("lims.patient", 13, "bsn"): BSN[1],
}


def slow_log_sample() -> Sample:
    """A LIMS database server's slow query log (:data:`SLOW_LOG_TEXT`)."""
    return Sample(
        SLOW_LOG_TEXT.encode(), "mysql-slow-log", "lims-db01/var/log/mysql/mysql-slow.log"
    )


EDIT_HISTORY_LINES = (
    "use\\040lims;",
    f"select\\040*\\040from\\040patient\\040where\\040bsn='{BSN[0]}';",
    "update\\040patient\\040set\\040achternaam='Y\\304\\261lmaz',",
    f"\\040telefoon='06-12345678'\\040where\\040bsn\\040=\\040{BSN[2]};",
)
"""A MySQL client's history lines as libedit writes them (``\\040`` a space; ``ı`` as
the octal escapes of its UTF-8 bytes); a statement typed over two lines."""
EDIT_HISTORY_CELLS = {
    ("patient", 3, "bsn"): BSN[0],
    ("patient", 4, "achternaam"): "Yılmaz",
    ("patient", 4, "telefoon"): "06-12345678",
    ("patient", 4, "bsn"): BSN[2],
}


def edit_history_sample() -> Sample:
    """An administrator's ``~/.mysql_history`` (:data:`EDIT_HISTORY_LINES`)."""
    data = "_HiStOrY_V2_\n" + "".join(f"{line}\n" for line in EDIT_HISTORY_LINES)
    return Sample(data.encode("ascii"), "edit-history", "home/jdevries/.mysql_history")


def mork_sample() -> Sample:
    """An old workstation's Thunderbird address book (:data:`MORK_TEXT`)."""
    return Sample(
        MORK_TEXT.encode("ascii"), "mork", "Users/r.jansen/Thunderbird/Profiles/x.default/abook.mab"
    )


def dicom_bytes(records: bool = False) -> bytes:
    """A pathology lab's structured report as a DICOM file (Basic Text SR, UTF-8): her name,
    birth date, address, the BSN among her other IDs, the referring GP with his AGB code,
    the report's headings and text; with ``records``, a CD's ``DICOMDIR`` whose patient
    record has her study and report below it."""
    from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
    from pydicom.sequence import Sequence
    from pydicom.uid import ExplicitVRLittleEndian

    def item(**values: object) -> Dataset:
        out = Dataset()
        for key, value in values.items():
            setattr(out, key, value)
        return out

    def text(heading: str, value: str) -> Dataset:
        return item(
            RelationshipType="CONTAINS",
            ValueType="TEXT",
            ConceptNameCodeSequence=Sequence([item(CodeValue="1", CodingSchemeDesignator="99X",
                                                   CodeMeaning=heading)]),
            TextValue=value,
        )  # fmt: skip

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = (
        "1.2.840.10008.1.3.10" if records else "1.2.840.10008.5.1.4.1.1.88.11"
    )
    meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.10.1.1"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, Dataset(), file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = "ISO_IR 192"
    patient = item(
        PatientName="Jansen-de Vries^M.",
        PatientBirthDate=DOB[0].replace("-", ""),
        OtherPatientIDsSequence=Sequence([item(PatientID=BSN[0], IssuerOfPatientID="NLMINBIZA")]),
        PatientAddress="Dorpsstraat 12A, 1234 AB Utrecht",
    )
    report = item(
        ReferringPhysicianName="Yılmaz^Ö.^^dr.",
        ReferringPhysicianIdentificationSequence=Sequence([item(
            InstitutionName="Huisartsenpraktijk De Linde",
            PersonIdentificationCodeSequence=Sequence([item(
                CodeValue="01001234", CodingSchemeDesignator="AGB", CodeMeaning="AGB-code")]),
        )]),
        ValueType="CONTAINER",
        ConceptNameCodeSequence=Sequence([item(CodeValue="2", CodingSchemeDesignator="99X",
                                               CodeMeaning="Pathologieverslag")]),
        ContentSequence=Sequence([text("Conclusie", RESULT.replace("\n", " ")),
                                  text("Klinische gegevens", "bloedverlies na coïtus")]),
    )  # fmt: skip
    if records:  # (written twice: the second time with the offsets that link them)
        import pydicom

        for record, kind in ((patient, "PATIENT"), (report, "SR DOCUMENT")):
            record.DirectoryRecordType = kind
            record.OffsetOfTheNextDirectoryRecord = 0
            record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
        ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.DirectoryRecordSequence = Sequence([patient, report])
        buf = io.BytesIO()
        ds.save_as(buf, enforce_file_format=True)
        tells = [i.seq_item_tell for i in pydicom.dcmread(io.BytesIO(buf.getvalue()))
                 .DirectoryRecordSequence]  # fmt: skip
        ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = tells[0]
        patient.OffsetOfReferencedLowerLevelDirectoryEntity = tells[1]
        buf = io.BytesIO()
        ds.save_as(buf, enforce_file_format=True)
        return buf.getvalue()
    ds.update(patient)
    ds.update(report)
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


DICOM_CELLS = {
    "PatientName": "M. Jansen-de Vries",
    "PatientBirthDate": DOB[0].replace("-", ""),
    "OtherPatientIDsSequence.PatientID": BSN[0],
    "OtherPatientIDsSequence.IssuerOfPatientID": "NLMINBIZA",
    "PatientAddress": "Dorpsstraat 12A, 1234 AB Utrecht",
    "ReferringPhysicianName": "dr. Ö. Yılmaz",
    "ReferringPhysicianIdentificationSequence.InstitutionName": "Huisartsenpraktijk De Linde",
    "ReferringPhysicianIdentificationSequence.PersonIdentificationCodeSequence.AGB": "01001234",
    "ReferringPhysicianIdentificationSequence.PersonIdentificationCodeSequence.CodeMeaning": (
        "AGB-code"
    ),
    "Pathologieverslag": None,
    "Conclusie": RESULT.replace("\n", " "),
    "Klinische gegevens": "bloedverlies na coïtus",
}
"""The DICOM sample's cells: what each element holds, named as the module says."""


def dicom_sample() -> Sample:
    cells = {k: v for k, v in DICOM_CELLS.items() if v is not None}
    return Sample(dicom_bytes(), "dicom", "pathologie/cd/PT000000/SR000000", info={"cells": cells})


PCAP_STREAMS = {
    "tcp-001-10.20.1.15.50312-10.20.1.40.2575": (
        b"\x0bMSH|^~\\&|LIMS|LAB|HIS|PRAKTIJK|20240514093209||ORU^R01|1|P|2.5\r"
        b"PID|1||" + BSN[0].encode() + b"^^^NLMINBIZA^NNNLD||Jansen-de Vries^M.||19780304|F\r"
        b"OBX|1|ST|HPV^hrHPV||positief\r\x1c\r"
    ),
    "tcp-002-10.20.1.40.2575-10.20.1.15.50312": (
        b"\x0bMSH|^~\\&|HIS|PRAKTIJK|LIMS|LAB|x||ACK|2|P|2.5\rMSA|AA|1\r\x1c\r"
    ),
}
"""What each direction of the captured connection carried (the pcap sample's children)."""


def pcap_sample() -> Sample:
    """An HL7 link captured by tcpdump: the connection's handshake, the message sent in
    three segments (the last two swapped, the first sent twice), the reply, a UDP
    syslog datagram."""
    import dpkt

    ends = {
        "10.20.1.15": (bytes([10, 20, 1, 15]), 50312),
        "10.20.1.40": (bytes([10, 20, 1, 40]), 2575),
    }

    def frame(src: str, dst: str, seq: int, data: bytes = b"", flags: int = 0x18) -> bytes:
        (sa, sport), (da, dport) = ends[src], ends[dst]
        tcp = dpkt.tcp.TCP(sport=sport, dport=dport, seq=seq, flags=flags, data=data)
        ip = dpkt.ip.IP(src=sa, dst=da, p=dpkt.ip.IP_PROTO_TCP, data=tcp)
        return bytes(dpkt.ethernet.Ethernet(type=dpkt.ethernet.ETH_TYPE_IP, data=ip))

    message, reply = PCAP_STREAMS.values()
    a, b = 1_000_000, 4_294_967_000  # (the reply's sequence numbers wrap around)
    udp = dpkt.udp.UDP(sport=514, dport=514, data=b"<13>lims: verbonden")
    frames = [
        frame("10.20.1.15", "10.20.1.40", a, flags=0x02),
        frame("10.20.1.40", "10.20.1.15", b, flags=0x12),
        frame("10.20.1.15", "10.20.1.40", a + 1, message[:40]),
        frame("10.20.1.15", "10.20.1.40", a + 1, message[:40]),
        frame("10.20.1.15", "10.20.1.40", a + 1 + 90, message[90:]),
        frame("10.20.1.15", "10.20.1.40", a + 1 + 40, message[40:90]),
        frame("10.20.1.40", "10.20.1.15", b + 1, reply),
        bytes(dpkt.ethernet.Ethernet(type=dpkt.ethernet.ETH_TYPE_IP, data=dpkt.ip.IP(
            src=ends["10.20.1.15"][0], dst=bytes([10, 20, 1, 2]), p=dpkt.ip.IP_PROTO_UDP,
            data=udp))),
    ]  # fmt: skip
    buf = io.BytesIO()
    writer = dpkt.pcap.Writer(buf)
    for k, data in enumerate(frames):
        writer.writepkt(data, ts=1715671929 + k)
    return Sample(buf.getvalue(), "pcap", "integratie/captures/mllp_2575.pcap")


PHP_SESSION = (
    b'_token|s:6:"a4208a";user|a:2:{s:2:"id";i:31;s:4:"naam";s:14:"Lieke Hofstede";}'
    b'patient|O:25:"Pts\\Portal\\Entity\\Patient":5:{s:6:"\0*\0bsn";s:9:"123456782";'
    b's:13:"\0*\0achternaam";s:15:"Jansen-de Vries";'
    b's:16:"\0*\0geboortedatum";O:8:"DateTime":3:{s:4:"date";s:26:"1978-03-04 00:00:00.000000";'
    b's:13:"timezone_type";i:3;s:8:"timezone";s:16:"Europe/Amsterdam";}'
    b's:35:"\0Pts\\Portal\\Entity\\Patient\0huisarts";a:2:{s:3:"agb";s:8:"01001234";'
    b's:4:"naam";s:20:"Huisartspraktijk \xc3\x96n";}s:10:"\0*\0uitslag";a:2:{'
    b'i:0;s:14:"hrHPV positief";i:1;s:5:"Pap 2";}}ingelogd|b:1;saldo|d:12.5;leeg|N;'
)
"""A portal's PHP session: a staff user, the patient she viewed (an object with protected
and private properties, a ``DateTime``), a flag, a number, nothing."""
PHP_SESSION_CELLS = {
    "_token": "a4208a",
    "user.id": "31",
    "user.naam": "Lieke Hofstede",
    "patient.bsn": "123456782",
    "patient.achternaam": "Jansen-de Vries",
    "patient.geboortedatum.date": "1978-03-04 00:00:00.000000",
    "patient.geboortedatum.timezone_type": "3",
    "patient.geboortedatum.timezone": "Europe/Amsterdam",
    "patient.huisarts.agb": "01001234",
    "patient.huisarts.naam": "Huisartspraktijk Ön",
    "patient.uitslag.0": "hrHPV positief",
    "patient.uitslag.1": "Pap 2",
    "ingelogd": "true",
    "saldo": "12.5",
}


JAVA_SESSION = "session-8E5556D9F9DA7E64F6F7020D1A2BE86A"
JAVA_SER_CELLS: dict[tuple[str, int, str], str] = {
    (JAVA_SESSION, 1, "id"): "8E5556D9F9DA7E64F6F7020D1A2BE86A",
    (JAVA_SESSION, 1, "creationTime"): "2024-06-03T08:56:40.000Z",
    (JAVA_SESSION, 1, "attributes.gebruiker"): "r.stoltenborg",
    (JAVA_SESSION, 1, "attributes.patient.achternaam"): "Jansen-de Vries",
    (JAVA_SESSION, 1, "attributes.patient.bsn"): BSN[0],
    (JAVA_SESSION, 1, "attributes.patient.geboortedatum"): DOB[0],
    (JAVA_SESSION, 1, "attributes.patient.adres.straat"): "Dorpsstraat 12A",
    (JAVA_SESSION, 1, "attributes.patient.adres.postcode"): "1234 AB",
    (JAVA_SESSION, 1, "attributes.patient.telefoons.0"): "0612345678",
    (JAVA_SESSION, 1, "attributes.laatsteUitslag.hoeveelheid"): "-12.50",
    (JAVA_SESSION, 1, "attributes.laatsteUitslag.afgenomen"): "2024-05-13T07:30:00.000Z",
    (JAVA_SESSION, 1, "attributes.laatsteUitslag.ontvangen"): "2024-05-14",
    (JAVA_SESSION, 1, "attributes.laatsteUitslag.patient.bsn"): BSN[0],
    (f"{JAVA_SESSION}/zoekResultaten", 1, "bsn"): BSN[0],
    (f"{JAVA_SESSION}/zoekResultaten", 2, "achternaam"): "van der Berg",
    (f"{JAVA_SESSION}/zoekResultaten", 2, "bsn"): BSN[1],
    (f"{JAVA_SESSION}/zoekResultaten", 2, "geslacht"): "MAN",
    (f"{JAVA_SESSION}/zoekResultaten", 3, "voornaam"): "Ömer",
    (f"{JAVA_SESSION}/zoekResultaten", 3, "achternaam"): "Yılmaz",
    (f"{JAVA_SESSION}/zoekResultaten", 3, "geboortedatum"): DOB[2],
    ("session-0C41D7A2B39E5F6A7B8C9D0E1F2A3B4C.node1", 1, "attributes.zoekFilter.postcode"): (
        "1234 AB"
    ),
}
"""Cells of the Tomcat session file (the values ``MakeFixtures.java`` wrote)."""


def java_ser_sample() -> Sample:
    """Tomcat 9's persisted sessions as Java wrote them (``fixtures/javaser/SESSIONS.ser``,
    see ``make_fixtures.sh`` there): two sessions, a patient, a search result list of
    three, a result with a ``Date``, a ``java.sql.Date`` and a ``BigDecimal``, a map."""
    data = (Path(__file__).parent / "fixtures" / "javaser" / "SESSIONS.ser").read_bytes()
    return Sample(
        data, "java-ser", "servers/app01/tomcat9/work/Catalina/localhost/lims/SESSIONS.ser"
    )


def php_session_sample() -> Sample:
    return Sample(PHP_SESSION, "php-session", "var/lib/php/sessions/sess_g8ig497i2qbrdcf7")


def rds_bytes(columns: dict[str, tuple[str, list[object]]]) -> bytes:
    """A data frame as R's ``saveRDS`` serialises it (XDR, version 3, uncompressed),
    written here from R's format description: ``columns`` maps a name to its kind
    (``str``, ``real``, ``int``, ``lgl``, ``factor``, ``Date``) and values (``None`` is NA;
    a factor's values are its labels)."""

    def i32(v: int) -> bytes:
        return struct.pack(">i", v)

    def flags(kind: int, attr: bool = False, tag: bool = False, obj: bool = False) -> bytes:
        return i32(kind | obj << 8 | attr << 9 | tag << 10)

    def char(text: str | None) -> bytes:
        if text is None:
            return i32(9) + i32(-1)
        raw = text.encode()
        return i32(9 | (8 << 12)) + i32(len(raw)) + raw  # (UTF-8)

    def strs(values: list[object], attrs: bytes = b"") -> bytes:
        head = flags(16, attr=bool(attrs)) + i32(len(values))
        return head + b"".join(char(None if v is None else str(v)) for v in values) + attrs

    def pairs(items: list[tuple[str, bytes]]) -> bytes:
        out = b""
        for tag, value in items:
            out += flags(2, tag=True) + flags(1) + char(tag) + value
        return out + i32(254)

    def number(v: object) -> float:
        return float("nan") if v is None else float(str(v))

    def vector(kind: str, values: list[object]) -> bytes:
        if kind == "str":
            return strs(values)
        if kind == "real":
            body = b"".join(struct.pack(">d", number(v)) for v in values)
            return flags(14) + i32(len(values)) + body
        if kind in ("int", "lgl"):
            body = b"".join(i32(-(2**31) if v is None else int(str(v))) for v in values)
            return flags(13 if kind == "int" else 10) + i32(len(values)) + body
        if kind == "Date":
            epoch = dt.date(1970, 1, 1)
            days = [None if v is None else (dt.date.fromisoformat(str(v)) - epoch).days
                    for v in values]  # fmt: skip
            body = b"".join(struct.pack(">d", number(d)) for d in days)
            head = flags(14, attr=True, obj=True) + i32(len(values))
            return head + body + pairs([("class", strs(["Date"]))])
        levels = sorted({str(v) for v in values if v is not None})
        codes = b"".join(i32(-(2**31) if v is None else levels.index(str(v)) + 1) for v in values)
        attrs = pairs([("levels", strs(list(levels))), ("class", strs(["factor"]))])
        return flags(13, attr=True, obj=True) + i32(len(values)) + codes + attrs

    rows = max(len(v) for _, v in columns.values())
    frame = flags(19, attr=True, obj=True) + i32(len(columns))
    frame += b"".join(vector(kind, values) for kind, values in columns.values())
    row_names = flags(13) + i32(2) + i32(-(2**31)) + i32(-rows)  # (R's compact c(NA, -n))
    frame += pairs([("names", strs(list(columns))), ("class", strs(["data.frame"])),
                    ("row.names", row_names)])  # fmt: skip
    header = b"X\n" + i32(3) + i32(0x040300) + i32(0x030500) + i32(5) + b"UTF-8"
    return header + frame


RDS_COLUMNS: dict[str, tuple[str, list[object]]] = {
    "bsn": ("real", [float(BSN[0]), float(BSN[2]), None]),
    "achternaam": ("str", ["Jansen-de Vries", "van der Berg", None]),
    "geboortedatum": ("Date", [DOB[0], None, DOB[2]]),
    "uitslag": ("factor", ["hrHPV positief", "Pap 2", "hrHPV positief"]),
    "aantal": ("int", [2, None, 1]),
    "herinnerd": ("lgl", [1, 0, None]),
}


def rdata_sample() -> Sample:
    """A research dataset saved with ``saveRDS``: a BSN as a double (its leading zero lost),
    a ``Date``, a result as a factor, NAs."""
    return Sample(rds_bytes(RDS_COLUMNS), "rdata", "onderzoek/R/data/cohort.rds")


def _modified_utf8(char: str) -> bytes:
    """One character in Java's modified UTF-8 (NUL as ``C0 80``, a character beyond the
    BMP as its two surrogates, each encoded)."""
    if char == "\x00":
        return b"\xc0\x80"
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        pair = chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))
        return pair.encode("utf-8", "surrogatepass")
    return char.encode()


def java_class(pool: list[tuple[int, Any]], major: int = 61) -> bytes:
    """A class file by the JVM specification: ``pool``'s constants (a tag and its value:
    text for Utf8, a number for Integer, Float, Long, Double, indexes otherwise), then a
    class with no fields, methods or attributes."""
    out = b"\xca\xfe\xba\xbe" + struct.pack(">HH", 0, major)
    body = b""
    count = 1
    for tag, value in pool:
        count += 2 if tag in (5, 6) else 1
        if tag == 1:
            raw = b"".join(_modified_utf8(c) for c in value)
            body += struct.pack(">BH", 1, len(raw)) + raw
        elif tag in (3, 4, 5, 6):
            body += bytes([tag]) + struct.pack({3: ">i", 4: ">f", 5: ">q", 6: ">d"}[tag], value)
        else:
            body += bytes([tag]) + struct.pack(f">{len(value)}H", *value)
    return out + struct.pack(">H", count) + body + struct.pack(">HHHHHHH", 0x21, 1, 2, 0, 0, 0, 0)


CLASS_LITERALS = (
    "Jansen-de Vries", "Dorpsstraat 12A", "1234 AB", "0612345678", "uitslag:\nPap 2",
    "\u00d6mer Y\u0131lmaz \U0001f600",
)  # fmt: skip
CLASS_NAMES = ("nl/pts/lims/UitslagMapperTest", "java/lang/Object", "mapUitslag_Jansen", "()V")


def java_class_sample() -> Sample:
    """A JUnit test ``javac`` compiled (by the specification): string literals, a BSN as
    an ``int`` literal and one as a ``long`` (its leading zero lost), a double, names."""
    pool: list[tuple[int, Any]] = [(7, (3,)), (7, (4,))]
    pool += [(1, name) for name in CLASS_NAMES]
    first = 1 + len(pool)
    pool += [(8, (first + len(CLASS_LITERALS) + i,)) for i in range(len(CLASS_LITERALS))]
    pool += [(1, text) for text in CLASS_LITERALS]
    pool += [(3, int(BSN[0])), (5, int(BSN[2])), (6, 37.5), (4, float("nan")), (3, int(BSN[0]))]
    strings = [*(t.replace("\n", " ") for t in CLASS_LITERALS), BSN[0], BSN[2].lstrip("0"), "37.5"]
    return Sample(
        java_class(pool),
        "java-class",
        "dev/lims-web/target/test-classes/nl/pts/lims/UitslagMapperTest.class",
        info={"strings": "".join(f"{t}\n" for t in strings),
              "names": "".join(f"{t}\n" for t in CLASS_NAMES)},
    )  # fmt: skip


PYC_SOURCE = f'''"""Regressietests voor de matching: gevallen uit productie."""
import datetime

GEVALLEN = [
    ("Jansen-de Vries", "Dorpsstraat 12A", "1234 AB", {int(BSN[0])}, "0612345678"),
    ("\u00d6mer Y\u0131lmaz", "{BSN[2]}", {int(BSN[2])}, 37.5, b"uitslag: Pap 2"),
    -12345678901234567890123,
]


class TestMatching:
    """Casus van der Berg, J.P.
    BSN {BSN[1]}"""

    def test_dubbele_naam(self):
        assert len(GEVALLEN) == 2, "Jansen-de Vries staat\\ntwee keer in het LIMS"
        return frozenset({{"1985-11-30"}}), None, True, ...
'''
"""A test module whose cache outlived it: its patients only in its constants."""


def pyc_strings(code: Any) -> str:
    """The constants of ``code`` and of the code objects in it, in marshal's order, each
    once, a line each (the reader's ``strings`` part), walked from the compiled code."""
    found: dict[str, None] = {}

    def add(value: Any) -> None:
        if value is None or isinstance(value, bool) or value is ...:
            return
        if isinstance(value, tuple | frozenset):
            for item in value:
                add(item)
            return
        if hasattr(value, "co_consts"):
            for item in value.co_consts:
                add(item)
            return
        if isinstance(value, bytes):
            value = value.decode()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = " ".join(str(value).split("\n")).strip()
        if text:
            found.setdefault(text, None)

    add(code)
    return "".join(f"{t}\n" for t in found)


def pyc_sample() -> Sample:
    """A CPython bytecode cache of the running version (checked-hash header, as
    ``py_compile`` writes it with ``--invalidation-mode checked-hash``)."""
    import importlib.util
    import marshal

    code = compile(PYC_SOURCE, "/home/dev/lims-koppeling/tests/test_matching.py", "exec")
    head = importlib.util.MAGIC_NUMBER + (3).to_bytes(4, "little") + bytes(range(8))
    return Sample(
        head + marshal.dumps(code),
        "pyc",
        "dev/lims-koppeling/tests/__pycache__/test_matching.cpython-311.pyc",
        info={"strings": pyc_strings(code)},
    )


def syncsafe(value: int) -> bytes:
    """A size in four 7-bit bytes (ID3v2's)."""
    return bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3_frame(frame: str, data: bytes, version: int = 3, flags: int = 0) -> bytes:
    """An ID3v2 frame: 2.2's id and three-byte size, 2.3's id, size and flags, 2.4's with
    a syncsafe size."""
    if version == 2:
        return frame.encode() + len(data).to_bytes(3, "big") + data
    size = syncsafe(len(data)) if version == 4 else len(data).to_bytes(4, "big")
    return frame.encode() + size + flags.to_bytes(2, "big") + data


def id3_tag(frames: list[bytes], version: int = 3, flags: int = 0, padding: int = 32) -> bytes:
    """An ID3v2 tag of ``frames`` and ``padding`` NULs."""
    body = b"".join(frames) + bytes(padding)
    return b"ID3" + bytes([version, 0, flags]) + syncsafe(len(body)) + body


def id3_text(text: str, encoding: int = 1) -> bytes:
    """A text's bytes in an ID3 encoding (0 Latin-1, 1 UTF-16 with a BOM, 2 UTF-16BE, 3
    UTF-8)."""
    return text.encode(("latin-1", "utf-16", "utf-16-be", "utf-8")[encoding])


MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)
"""An MPEG-1 Layer III frame of silence (128 kbit/s, 44.1 kHz)."""
MP3_PARTS = {
    "TIT2": "Uitslagbrieven colposcopie - Jansen-de Vries e.a.",
    "TPE1": "drs. F.A. Kerkhof",
    "COMM": f"1. Jansen-de Vries, M., 4 maart 1978, BSN {BSN[0]}: Pap 2\n"
    f"2. \u00d6mer Y\u0131lmaz, BSN {BSN[2]}: hrHPV negatief",
    "TXXX:Patient": "Patient: Jansen-de Vries, M.",
    "TXXX:BSN": f"BSN: {BSN[0]}",
    "TXXX:Terugbellen": "Terugbellen: Dorpsstraat 12A, 1234 AB / 0612345678",
    "ID3v1": "title: Dictaat Jansen-de Vries\nyear: 2024\ncomment: BSN 111222333",
}


def mp3_sample() -> Sample:
    """A dictation app's MP3 export (ID3v2.3: UTF-16 text frames, a Dutch comment, user
    fields, one in Latin-1; frames of silence; an ID3v1 tag at its end)."""
    frames = [
        id3_frame("TIT2", b"\x01" + id3_text(MP3_PARTS["TIT2"]) + b"\0\0"),
        id3_frame("TPE1", b"\x01" + id3_text(MP3_PARTS["TPE1"])),
        id3_frame("COMM", b"\x01dut\xff\xfe\0\0" + id3_text(MP3_PARTS["COMM"])),
        id3_frame(
            "TXXX", b"\x01" + id3_text("Patient") + b"\0\0" + id3_text("Jansen-de Vries, M.")
        ),
        id3_frame("TXXX", b"\x00BSN\0" + BSN[0].encode()),
        id3_frame("TXXX", b"\x00Terugbellen\0Dorpsstraat 12A, 1234 AB / 0612345678"),
        id3_frame("APIC", b"\x00image/png\0\x03\0" + bytes(40)),
    ]
    v1 = b"TAG" + b"Dictaat Jansen-de Vries".ljust(30, b"\0") + bytes(60) + b"2024"
    v1 += b"BSN 111222333".ljust(28, b"\0") + b"\0\x01\x65"
    return Sample(
        id3_tag(frames) + MP3_FRAME * 4 + v1,
        "mp3",
        "secretariaat/dictaten/2024-05-13/DICT_0513_0912_drKerkhof.mp3",
        info={k: v + "\n" for k, v in MP3_PARTS.items()},
    )


def dotnet_string(text: str) -> bytes:
    """A .NET ``System.String`` in memory: its method table, its length, UTF-16LE."""
    return struct.pack("<QI", 0x7FFA12345678, len(text)) + text.encode("utf-16-le") + b"\0\0"


MINIDUMP_STRINGS = (
    "Jansen-de Vries, M.", BSN[0], "04-03-1978", "Dorpsstraat 12A", "1234 AB",
    "\u00d6mer Y\u0131lmaz", BSN[2],
)  # fmt: skip
MINIDUMP_JSON = '{"patienten": [{"naam": "van der Berg, J.P.", "telefoon": "0612345678"}]}'
MINIDUMP_MODULES = (
    "C:\\Program Files\\PTS\\CytoScan.Client.exe",
    "C:\\Windows\\System32\\ntdll.dll",
)


def minidump(streams: list[tuple[int, bytes]], memory: list[bytes], wide: bool = True) -> bytes:
    """A minidump as ``MiniDumpWriteDump`` lays it out: header, stream directory, the
    streams' data (``streams``: type and bytes; a module list's names appended), and
    ``memory``'s ranges one after another for a Memory64List (``wide``) or each at its
    own RVA for a MemoryList."""
    count = len(streams) + 2
    out = bytearray(b"MDMP" + struct.pack("<IIIIIQ", 0xA793, count, 32, 0, 0, 0))
    out += bytes(12 * count)
    entries = []
    names = b""
    name_rvas = []
    for name in MINIDUMP_MODULES:
        name_rvas.append(len(out) + len(names))
        raw = name.encode("utf-16-le")
        names += struct.pack("<I", len(raw)) + raw + b"\0\0"
    out += names
    modules = struct.pack("<I", len(name_rvas))
    for rva in name_rvas:
        modules += struct.pack("<QIIII", 0x7FF600000000, 4096, 0, 0, rva) + bytes(84)
    for kind, data in [(4, modules), *streams]:
        entries.append((kind, len(data), len(out)))
        out += data
    base = len(out) + (16 + 16 * len(memory) if wide else 4 + 16 * len(memory))
    if wide:
        listing = struct.pack("<QQ", len(memory), base)
        listing += b"".join(struct.pack("<QQ", 0x1000 * i, len(m)) for i, m in enumerate(memory))
    else:
        listing = struct.pack("<I", len(memory))
        at = base
        for i, m in enumerate(memory):
            listing += struct.pack("<QII", 0x1000 * i, len(m), at)
            at += len(m)
    entries.append((9 if wide else 5, len(listing), len(out)))
    out += listing + b"".join(memory)
    for i, entry in enumerate(entries):
        struct.pack_into("<III", out, 32 + 12 * i, *entry)
    struct.pack_into("<I", out, 8, len(entries))
    return bytes(out)


def minidump_sample() -> Sample:
    """A crashed cytology client's dump (WER's LocalDumps): its modules, a comment, its
    memory holding .NET strings of the patient on screen, a JSON answer, other bytes."""
    import random

    noise = random.Random(11).randbytes(2048)
    heap = b"".join(dotnet_string(s) for s in MINIDUMP_STRINGS)
    memory = [noise[:1000] + heap + noise[1000:], MINIDUMP_JSON.encode() + b"\0" + noise[:512]]
    comment = "Crash na opslaan uitslag Jansen-de Vries".encode("utf-16-le")
    return Sample(
        minidump([(11, comment)], memory),
        "minidump",
        "laptops/ws-analist02/Users/a/AppData/Local/CrashDumps/CytoScan.Client.exe.7312.dmp",
        info={
            "modules": "".join(f"{m}\n" for m in MINIDUMP_MODULES),
            "comment": "Crash na opslaan uitslag Jansen-de Vries\n",
            "strings": "".join(f"{s}\n" for s in (*MINIDUMP_STRINGS, MINIDUMP_JSON)),
        },
    )


def vim_swap(
    blocks: list[list[str]], page: int = 4096, order: str = "<", long_size: int = 8
) -> bytes:
    """A Vim swap file by ``memline.c``: block0, a root pointer block (page 1) and a data
    block per list of lines (pages 2...), each line's text stored from the block's end
    backwards, NUL-terminated; a machine's byte order and size of ``long``."""
    head = bytearray(page)
    head[0:12] = b"b0VIM 9.0\0\0\0"
    head[12:16] = page.to_bytes(4, "little")
    head[28:34] = b"gheuv\0"
    head[68:78] = b"lt-gh07\0\0\0"
    name = b"~gheuvelink/notities/terugbellen.txt"
    head[108 : 108 + len(name)] = name
    lng = "i" if long_size == 4 else "q"
    magic = struct.pack(f"{order}{lng}ihB", 0x30313233, 0x20212223, 0x1213, 0x55)
    head[1008 : 1008 + len(magic)] = magic
    entry = 3 * long_size + (4 if long_size == 4 else 8)
    pointer = bytearray(page)
    struct.pack_into(f"{order}HHH", pointer, 0, 0x7074, len(blocks), (page - 8) // entry)
    out = bytes(head)
    data_pages = b""
    for i, lines in enumerate(blocks):
        struct.pack_into(
            f"{order}{lng}{lng}{lng}i", pointer, 8 + i * entry, 2 + i, len(lines), 1, 1
        )
        block = bytearray(page)
        end = page
        first = 16 + long_size
        for j, line in enumerate(lines):
            raw = line.encode() + b"\0"
            end -= len(raw)
            block[end : end + len(raw)] = raw
            struct.pack_into(f"{order}I", block, first + 4 * j, end)
        struct.pack_into(f"{order}HII", block, 0, 0x6461, end - first - 4 * len(lines), end)
        struct.pack_into(f"{order}I{lng}", block, 12, page, len(lines))
        data_pages += bytes(block)
    return out + bytes(pointer) + data_pages


VIM_LINES = [
    ["Terugbellen week 19", "", f"* Jansen-de Vries, geb. 4 maart 1978, BSN {BSN[0]}"],
    [
        "  adres Dorpsstraat 12A, 1234 AB Utrecht, tel 0612345678",
        f"* \u00d6mer Y\u0131lmaz, BSN {BSN[2]}",
    ],
]


def vim_swap_sample() -> Sample:
    """A consultant's unsaved call-back notes, left as a swap file: two data blocks."""
    return Sample(
        vim_swap(VIM_LINES),
        "vim-swap",
        "laptops/linux-ws/home/gheuvelink/notities/.terugbellen.txt.swp",
        info={
            None: "".join(f"{line}\n" for block in VIM_LINES for line in block),
            "info": "user: gheuv\nhost: lt-gh07\nfile: ~gheuvelink/notities/terugbellen.txt\n",
        },
    )


NPY_RECORDS = [
    ("Jansen-de Vries, M.", int(BSN[0]), DOB[0], "Dorpsstraat 12A, 1234 AB", b"hrHPV positief"),
    ("van der Berg, J.P.", int(BSN[1]), DOB[1], "Kade 3, 1234 AB", b"hrHPV negatief"),
    ("\u00d6mer Y\u0131lmaz", int(BSN[2]), "NaT", "", b"Pap 2 \xe9\xe9n"),
]
"""A cohort's records: name, BSN (an integer: a leading zero lost), birth date, address,
result in bytes (the last Latin-1)."""


def npy_sample() -> Sample:
    """A research group's cached cohort (``numpy.save`` of a structured array, big-endian
    BSNs among little-endian fields), a member of an ``.npz``."""
    import numpy as np

    dtype = np.dtype(
        [("naam", "<U24"), ("bsn", ">i8"), ("geboren", "<M8[D]"), ("adres", "<U32"),
         ("uitslag", "S16")]
    )  # fmt: skip
    out = io.BytesIO()
    np.save(out, np.array(NPY_RECORDS, dtype=dtype), allow_pickle=False)
    return Sample(out.getvalue(), "npy", "research/cache/deelnemers.npy")


def pickle_sample() -> Sample:
    """A notebook's cached data frame (``DataFrame.to_pickle``, by the pandas installed):
    a BSN as a number (its leading zero lost), a birth date, a result as a category, a
    missing name."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "bsn": [int(b) for b in BSN],
            "achternaam": ["Jansen-de Vries", None, "Yılmaz"],
            "geboortedatum": pd.to_datetime(list(DOB)),
            "uitslag": pd.Categorical(["hrHPV positief", "Pap 2", "hrHPV positief"]),
        }
    )
    buffer = io.BytesIO()
    frame.to_pickle(buffer, compression=None)
    return Sample(buffer.getvalue(), "pickle", "onderzoek/cache/cohort.pkl", info={"frame": frame})


JOURNAL_MESSAGE = "Uitslag verwerkt voor M. Jansen-de Vries (04-03-1978):\nhrHPV positief"
JOURNAL_EXPORT = (
    b"__CURSOR=s=8d2c;i=2f1a5\n__REALTIME_TIMESTAMP=1715580024973556\n_HOSTNAME=lims-app01\n"
    b"PATIENT_BSN=" + BSN[0].encode() + b"\nMESSAGE=Uitslag C24-1 verwerkt: Pap 2\n\n"
    b"__CURSOR=s=8d2c;i=2f1a6\nPATIENT_NAAM=Y\xc4\xb1lmaz, \xc3\x96.\nMESSAGE\n"
    + len(JOURNAL_MESSAGE.encode()).to_bytes(8, "little")
    + JOURNAL_MESSAGE.encode()
    + b"\n"
    b"CODE_LINE=188\n\n"
)
"""A worker's journal exported with ``journalctl -o export``: a text field, an
application's own BSN field, a name beyond ASCII, a message of two lines written as a
binary field (its length, its bytes)."""
JOURNAL_CELLS = {
    (None, 1, "_HOSTNAME"): "lims-app01",
    (None, 1, "PATIENT_BSN"): BSN[0],
    (None, 1, "MESSAGE"): "Uitslag C24-1 verwerkt: Pap 2",
    (None, 2, "PATIENT_NAAM"): "Yılmaz, Ö.",
    (None, 2, "MESSAGE"): JOURNAL_MESSAGE,
    (None, 2, "CODE_LINE"): "188",
}


def journal_export_sample() -> Sample:
    return Sample(JOURNAL_EXPORT, "journal-export", "servers/lims-app01/worker.export")


SESSION_STORE = {
    "version": ["sessionrestore", 1],
    "windows": [{"tabs": [{"entries": [{
        "url": f"https://portaal.lab-oost.example/patient?bsn={BSN[0]}",
        "title": "Uitslagen - Jansen-de Vries",
        "formdata": {"id": {"achternaam": "Jansen-de Vries", "adres": "Dorpsstraat 12A",
                            "postcode": "1234 AB", "telefoon": "0612345678"}},
    }]}]}],
    "cookies": [{"host": "portaal.lab-oost.example", "name": "sessie", "value": "a1b2c3"}],
}  # fmt: skip
"""A Firefox session (``recovery.jsonlz4``): a tab's URL naming a patient, the form
fields typed into it."""
SESSION_JSON = json.dumps(SESSION_STORE, ensure_ascii=False).encode()


def mozlz4_sample() -> Sample:
    from .browserfiles import mozlz4

    path = "laptops/thuis/Firefox/Profiles/ab12.default/sessionstore-backups/recovery.jsonlz4"
    return Sample(mozlz4(SESSION_JSON), "mozlz4", path)


PORTAL_ANSWER = json.dumps(
    {"praktijk": "01086627", "openstaand": [
        {"bsn": BSN[0], "naam": "Jansen-de Vries", "adres": "Dorpsstraat 12A",
         "postcode": "1234 AB", "telefoon": "0612345678", "aanvraag": "hrHPV"},
        {"bsn": BSN[1], "naam": "van der Berg", "geboortedatum": DOB[1]},
    ]},
    ensure_ascii=False,
).encode()  # fmt: skip
"""A GP portal's cached API answer: the practice's open requests, patient by patient."""


def brotli_sample() -> Sample:
    import brotli

    path = "webserver/portal01/var/www/portaal/cache/api/v2/praktijk/01086627/openstaand.json.br"
    return Sample(brotli.compress(PORTAL_ANSWER), "brotli", path)


CALL_ROUND_CSV = (
    "labnummer;bsn;naam;adres;postcode;telefoon;uitslag\n"
    f"C24-10001;{BSN[0]};Jansen-de Vries, M.;Dorpsstraat 12A;1234 AB;0612345678;hrHPV positief\n"
    f"C24-10002;{BSN[1]};van der Berg, J.P.;Kade 3;3581 AB;0687654321;hrHPV negatief\n"
).encode()
"""A LIMS's call round export, the CSV inside an LZ4 frame."""


def lz4_sample() -> Sample:
    from breachscope.extract.lz4frame import xxh32

    from .browserfiles import lz4_literals

    descriptor = b"\x64\x40"  # (version 1, independent blocks, a content checksum; 64 KB)
    block = lz4_literals(CALL_ROUND_CSV)
    data = (
        b"\x04\x22\x4d\x18" + descriptor + bytes([(xxh32(descriptor) >> 8) & 0xFF])
        + len(block).to_bytes(4, "little") + block + b"\x00" * 4
        + xxh32(CALL_ROUND_CSV).to_bytes(4, "little")
    )  # fmt: skip
    return Sample(data, "lz4", "backup/lims-app01/exports/terugbelronde_20240512.csv.lz4")


def uuencode_sample() -> Sample:
    import binascii

    lines = [binascii.b2a_uu(CALL_ROUND_CSV[i : i + 45], backtick=True)
             for i in range(0, len(CALL_ROUND_CSV), 45)]  # fmt: skip
    data = (
        b"Van: EDI-PTS-026\nAan: HA01081342 (Jansen-de Vries)\nDatum: 10-05-2024 16:40\n\n"
        + b"begin 644 UITSL.TXT\n" + b"".join(lines) + b"`\nend\n"
    )  # fmt: skip
    return Sample(data, "uuencode", "integratie/legacy-edi/uitgaand/HA01081342_UITSL.UUE")


LEVELDB_ORIGIN = "https://portaal.lab-oost.example"
_LS = b"_" + LEVELDB_ORIGIN.encode() + b"\x00\x01"
LEVELDB_PATIENT = '{"naam":"Jansen-de Vries","bsn":"123456782","geboren":"1978-03-04"}'
LEVELDB_ADRES = "Dorpsstraat 12A, 1234 AB Utrecht"
LEVELDB_BATCHES: list[tuple[int, list[tuple[bytes, bytes | None]]]] = [
    (1, [(b"VERSION", b"1"),
         (b"META:" + LEVELDB_ORIGIN.encode(), b"\x08\x80\xe2\xd3\x96\x06\x10\x9a\x01")]),
    (3, [(_LS + b"patient", b"\x01" + LEVELDB_PATIENT.encode("latin-1")),
         (_LS + b"adres", b"\x00" + LEVELDB_ADRES.encode("utf-16-le"))]),
    (5, [(_LS + b"patient", None), (b"map-3-zoekterm", "Y\u0131lmaz".encode("utf-16-le"))]),
]  # fmt: skip
"""Chrome's Local Storage for a portal (``Local Storage/leveldb/000003.log``): its
version, the origin's metadata, a patient cached as JSON in Latin-1, an address in
UTF-16, the patient deleted, a search kept in Session Storage."""
LEVELDB_CELLS = {
    (None, 1, "key"): "VERSION", (None, 1, "value"): "1",
    (None, 1, "sequence"): "1", (None, 1, "state"): "written",
    (None, 2, "origin"): LEVELDB_ORIGIN, (None, 2, "key"): "META",
    (None, 2, "sequence"): "2", (None, 2, "state"): "written",
    (None, 3, "origin"): LEVELDB_ORIGIN, (None, 3, "key"): "patient",
    (None, 3, "value"): LEVELDB_PATIENT, (None, 3, "sequence"): "3", (None, 3, "state"): "written",
    (None, 4, "origin"): LEVELDB_ORIGIN, (None, 4, "key"): "adres",
    (None, 4, "value"): LEVELDB_ADRES, (None, 4, "sequence"): "4", (None, 4, "state"): "written",
    (None, 5, "origin"): LEVELDB_ORIGIN, (None, 5, "key"): "patient",
    (None, 5, "sequence"): "5", (None, 5, "state"): "deleted",
    (None, 6, "key"): "map-3-zoekterm", (None, 6, "value"): "Y\u0131lmaz",
    (None, 6, "sequence"): "6", (None, 6, "state"): "written",
}  # fmt: skip


def leveldb_log_sample() -> Sample:
    from .browserfiles import batch, log

    data = log([batch(seq, writes) for seq, writes in LEVELDB_BATCHES])
    path = "laptops/balie/Chrome/User Data/Default/Local Storage/leveldb/000003.log"
    return Sample(data, "leveldb-log", path)


def leveldb_table_entries() -> list[tuple[bytes, bytes]]:
    """The sample's writes as a table holds them: internal keys by user key, newest
    first (the rows' order)."""
    from .browserfiles import internal

    writes = [
        (key, seq + i, value)
        for seq, batch_writes in LEVELDB_BATCHES
        for i, (key, value) in enumerate(batch_writes)
    ]
    writes.sort(key=lambda w: (w[0], -w[1]))
    return [(internal(key, seq, value is None), value or b"") for key, seq, value in writes]


LEVELDB_TABLE_ORDER = (2, 1, 4, 5, 3, 6)
"""The sample's rows (by :data:`LEVELDB_CELLS`' row) in the table's order of keys (bytes
ascending: ``META:``, ``VERSION``, ``_https...``, ``map-``; a key's newest write first)."""


def leveldb_table_cells() -> dict[tuple[str | None, int, str], str]:
    """:data:`LEVELDB_CELLS` at the table's rows."""
    place = {old: new for new, old in enumerate(LEVELDB_TABLE_ORDER, 1)}
    return {(part, place[row], col): v for (part, row, col), v in LEVELDB_CELLS.items()}


def leveldb_table_sample() -> Sample:
    from .browserfiles import table

    entries = leveldb_table_entries()
    data = table([entries[:3], entries[3:]], compress=True)
    path = "laptops/balie/Chrome/User Data/Default/Local Storage/leveldb/000005.ldb"
    return Sample(data, "leveldb-table", path)


def dbf_bytes(
    fields: list[tuple[str, str, int]],
    records: list[tuple[bool, list[str]]],
    driver: int = 0,
    version: int = 0x03,
) -> bytes:
    """A dBase III table as an old practice system writes one: its header, the field
    descriptors (name, type, length), records of fixed width after their deletion flag
    (``*`` where marked deleted), the end-of-file byte. Values are cp850 text, padded."""
    header_length = 32 + 32 * len(fields) + 1
    record_length = 1 + sum(length for _, _, length in fields)
    out = bytearray(
        struct.pack("<BBBBIHH", version, 124, 5, 13, len(records), header_length, record_length)
    )
    out += bytes(17) + bytes([driver]) + bytes(2)
    for name, kind, length in fields:
        out += name.encode("ascii").ljust(11, b"\x00") + kind.encode("ascii") + bytes(4)
        out += bytes([length, 0]) + bytes(14)
    out += b"\x0d"
    for deleted, values in records:
        out += b"*" if deleted else b" "
        for (_, kind, length), text in zip(fields, values, strict=True):
            raw = text.encode("cp850")
            out += raw.rjust(length) if kind == "N" else raw.ljust(length)
    return bytes(out + b"\x1a")


def dbf_sample() -> Sample:
    """A DOS practice system's patient table (dBase III, code page 850 unnamed): a BSN in
    an old ``SOFINR`` field, a date field, a number, a logical, a record marked deleted,
    a name with an accent."""
    fields = [("PATNR", "N", 5), ("ACHTERNAAM", "C", 24), ("VOORL", "C", 6),
              ("GEBDAT", "D", 8), ("ADRES", "C", 24), ("POSTCODE", "C", 7),
              ("TELEFOON", "C", 12), ("SOFINR", "C", 9), ("ACTIEF", "L", 1)]  # fmt: skip
    records = [
        (False, ["2245", "JANSEN-DE VRIES", "M.", "19780304", "Dorpsstraat 12A", "1234 AB",
                 "0612345678", BSN[0], "T"]),
        (True, ["2898", "van der Berg", "J.P.", "19851130", "Kerkweg 3", "3511AB", "", BSN[1],
                "F"]),
        (False, ["3001", "Çelik", "Ö.", "        ", "", "", "", BSN[2], "?"]),
    ]  # fmt: skip
    return Sample(dbf_bytes(fields, records), "dbf", "his/DATA/PATIENT.DBF", codec="cp850")


def xps_bytes(pages: list[list[tuple[float, float, str]]], sequence: bool = True) -> bytes:
    """An XPS document as the XPS Document Writer saves one: the document sequence, its
    document and its pages (``Glyphs`` runs ``(OriginX, OriginY, UnicodeString)``), the
    pages' parts named so that their names' order is not the document's."""
    ns = 'xmlns="http://schemas.microsoft.com/xps/2005/06"'
    names = [f"Documents/1/Pages/{n}.fpage" for n in range(len(pages), 0, -1)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if sequence:
            zf.writestr("FixedDocumentSequence.fdseq", f'<FixedDocumentSequence {ns}>'
                        '<DocumentReference Source="/Documents/1/FixedDocument.fdoc"/>'
                        "</FixedDocumentSequence>")  # fmt: skip
            refs = "".join(f'<PageContent Source="Pages/{n.rsplit("/", 1)[1]}"/>' for n in names)
            zf.writestr(
                "Documents/1/FixedDocument.fdoc", f"<FixedDocument {ns}>{refs}</FixedDocument>"
            )
        for name, runs in zip(names, pages, strict=True):
            glyphs = "".join(
                f'<Glyphs OriginX="{x}" OriginY="{y}" FontRenderingEmSize="12" '
                f'Indices="1;2;3" UnicodeString="{t}"/>'
                for x, y, t in runs
            )
            zf.writestr(name, f'<FixedPage {ns} Width="816" Height="1056">{glyphs}</FixedPage>')
        zf.writestr("Resources/Fonts/F.odttf", b"\x00\x01binary font")
    return buf.getvalue()


def xps_sample() -> Sample:
    """Two result letters printed to XPS: runs out of reading order, two runs on one line
    (a label and its value, baselines a fraction apart), an escape's braces."""
    pages = [
        [(96, 235.2, "Mevr. M. Jansen-de Vries"), (96, 253.6, "Dorpsstraat 12A"),
         (96, 272.0, "1234 AB  AMSTERDAM"), (260, 340.4, BSN[0]), (96, 340.0, "BSN:"),
         (96, 360.0, "{}{Telefoon} 0612345678")],
        [(96, 235.2, "Dhr. Ö. Yılmaz"), (96, 300.0, f"BSN {BSN[2]}")],
    ]  # fmt: skip
    info = {
        "page-1": "Mevr. M. Jansen-de Vries\nDorpsstraat 12A\n1234 AB  AMSTERDAM\n"
        f"BSN:  {BSN[0]}\n{{Telefoon}} 0612345678",
        "page-2": f"Dhr. Ö. Yılmaz\nBSN {BSN[2]}",
    }
    return Sample(xps_bytes(pages), "xps", "printserver/brieven.xps", info=info)


def fods_sample() -> Sample:
    """A follow-up register saved by LibreOffice as flat XML: a title row, a header, a
    birth date whose display differs from its value, a BSN as a number (its leading zero
    lost), a repeated empty cell run, a comment on a cell, a row repeated, a second
    sheet."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"'
    )

    def cell(value: str, kind: str = "string", extra: str = "") -> str:
        attrs = f'office:value-type="{kind}"{extra}'
        return f"<table:table-cell {attrs}><text:p>{value}</text:p></table:table-cell>"

    def row(*cells: str, extra: str = "") -> str:
        return f"<table:table-row{extra}>{''.join(cells)}</table:table-row>"

    empty = '<table:table-cell table:number-columns-repeated="1020"/>'
    note = (
        '<table:table-cell office:value-type="string"><office:annotation><dc:creator>I. W.'
        "</dc:creator><text:p>tel 0612345678</text:p></office:annotation>"
        "<text:p>Jansen-de Vries, M.</text:p></table:table-cell>"
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document {ns} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        '<office:body><office:spreadsheet><table:table table:name="Register">'
        + row(cell("Terugkoppeling 2024"))
        + row(cell("Naam"), cell("BSN"), cell("Geb.datum"), cell("Adres"), cell("Postcode"))
        + row(note, cell(BSN[0], "float", f' office:value="{BSN[0]}"'),
              cell("04-03-78", "date", ' office:date-value="1978-03-04"'),
              cell("Dorpsstraat 12A"), cell("1234 AB"), empty)
        + row('<table:table-cell table:number-columns-repeated="5"/>',
              extra=' table:number-rows-repeated="3"')
        + row(cell("Yılmaz, Ö."), cell("12345672", "float", ' office:value="12345672"'),
              cell("15-01-90", "date", ' office:date-value="1990-01-15T00:00:00"'),
              extra=' table:number-rows-repeated="2"')
        + "</table:table><table:table table:name=\"Notities\">"
        + row(cell("Gebeld met mw. Jansen, tel 0612345678"))
        + "</table:table></office:spreadsheet></office:body></office:document>"
    )  # fmt: skip
    return Sample(text.encode(), "fods", "kwaliteit/register.fods")


def hl7xml_sample() -> Sample:
    """A LIS's results in HL7 v2.xml: one ``ORU^R01`` on two women (two ``PATIENT_RESULT``
    groups), a BSN and the lab's own number as repetitions of ``PID.3``, a family name in
    subcomponents, a result's text with an ``<escape V=".br"/>``, a value holding a pipe."""
    ns = 'xmlns="urn:hl7-org:v2xml"'
    pid = (
        "<PID><PID.1>1</PID.1><PID.3><CX.1>{bsn}</CX.1><CX.5>NNNLD</CX.5></PID.3>"
        "<PID.3><CX.1>PTS{n}</CX.1><CX.5>PI</CX.5></PID.3>"
        "<PID.5><XPN.1><FN.1>{family}</FN.1></XPN.1><XPN.2>{given}</XPN.2></PID.5>"
        "<PID.7><TS.1>{dob}</TS.1></PID.7>{more}</PID>"
    )
    obx = (
        "<OBX><OBX.1>1</OBX.1><OBX.2>FT</OBX.2><OBX.3><CWE.1>HPV</CWE.1></OBX.3>"
        "<OBX.5>{text}</OBX.5></OBX>"
    )
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ORU_R01 {ns}>'
        "<MSH><MSH.1>|</MSH.1><MSH.2>^~\\&amp;</MSH.2><MSH.3><HD.1>LIS</HD.1></MSH.3>"
        "<MSH.9><MSG.1>ORU</MSG.1><MSG.2>R01</MSG.2></MSH.9></MSH>"
        "<ORU_R01.PATIENT_RESULT><ORU_R01.PATIENT>"
        + pid.format(
            bsn=BSN[0], n=1, family="Jansen-de Vries", given="Marieke", dob="19780304",
            more="<PID.11><XAD.1><SAD.1>Dorpsstraat 12A</SAD.1></XAD.1><XAD.5>1234 AB</XAD.5>"
            "</PID.11><PID.13><XTN.1>0612345678</XTN.1></PID.13>",
        )
        + "</ORU_R01.PATIENT><ORU_R01.ORDER_OBSERVATION>"
        + obx.format(text='hrHPV positief<escape V=".br"/>Pap 2 | controle')
        + "</ORU_R01.ORDER_OBSERVATION></ORU_R01.PATIENT_RESULT>"
        "<ORU_R01.PATIENT_RESULT><ORU_R01.PATIENT>"
        + pid.format(bsn=BSN[2], n=2, family="Yılmaz", given="Ömer", dob="19900115", more="")
        + "</ORU_R01.PATIENT></ORU_R01.PATIENT_RESULT></ORU_R01>"
    )  # fmt: skip
    return Sample(text.encode(), "hl7-xml", "lims/v2xml/oru.xml")


def wordml_sample() -> Sample:
    """A mail merge saved by Word 2003 as XML: the addressee's block with a name split by
    spelling marks, a table of her details, a page break, the next letter."""
    w = "http://schemas.microsoft.com/office/word/2003/wordml"

    def para(*runs: str) -> str:
        inner = '<w:proofErr w:type="spellStart"/>'.join(f"<w:r><w:t>{r}</w:t></w:r>" for r in runs)
        return f"<w:p>{inner}</w:p>"

    row = "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>"
    body = (
        para("Mevr. M. ", "Jansen-de Vries")
        + para("Dorpsstraat 12A")
        + para("1234 AB  ", "AMSTERDAM")
        + "<w:tbl>"
        + row.format(para("BSN"), para(BSN[0]))
        + row.format(para("Telefoon"), para("0612345678"))
        + "</w:tbl>"
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        + para("Dhr. Ö. Yılmaz, BSN ", BSN[2])
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<?mso-application progid="Word.Document"?>\n'
        f'<w:wordDocument xmlns:w="{w}" xmlns:o="urn:schemas-microsoft-com:office:office">'
        "<o:DocumentProperties><o:Author>R. Stoltenborg</o:Author></o:DocumentProperties>"
        f"<w:body>{body}</w:body></w:wordDocument>"
    )
    readable = (
        "Mevr. M. Jansen-de Vries\nDorpsstraat 12A\n1234 AB  AMSTERDAM\n"
        f"BSN\t{BSN[0]}\nTelefoon\t0612345678\n\n\nDhr. Ö. Yılmaz, BSN {BSN[2]}"
    )
    return Sample(text.encode(), "wordml", "brieven/samenvoegen.xml", info={"body": readable})


def statdata_sample() -> Sample:
    """A research dataset saved by Stata (written here by pandas, another writer than the
    reader's): a BSN as a double (its leading zero lost), a ``%td`` birth date, a result
    as a code with its value labels, Dutch variable labels, a case with values missing;
    the dataset's label. Three cases, so that a table unit of two rows is cut."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "bsn": [float(b) for b in BSN],
            "naam": ["Jansen-de Vries, M.", "van der Berg, J.P.", ""],
            "gebdat": [pd.Timestamp(d) for d in DOB[:2]] + [pd.NaT],
            "pc": ["1234 AB", "3511AB", ""],
            "hpv": pd.Series([1, 0, 9], dtype="int8"),
        }
    )
    buf = io.BytesIO()
    frame.to_stata(
        buf,
        convert_dates={"gebdat": "td"},
        write_index=False,
        version=118,
        variable_labels={"bsn": "Burgerservicenummer", "gebdat": "Geboortedatum", "pc": "pc"},
        value_labels={"hpv": {0: "hrHPV negatief", 1: "hrHPV positief"}},
        data_label="Dorpsstraat 12A",
        time_stamp=dt.datetime(2024, 5, 10, 15, 2),
    )
    return Sample(buf.getvalue(), "stata", "onderzoek/cohort.dta")


PPTX_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)


def pptx_shape(*paragraphs: str) -> str:
    """A text shape of DrawingML paragraphs (each given as its runs' XML)."""
    paras = "".join(f"<a:p>{p}</a:p>" for p in paragraphs)
    return f"<p:sp><p:txBody><a:bodyPr/>{paras}</p:txBody></p:sp>"


def pptx_run(text: str) -> str:
    return f"<a:r><a:rPr lang='nl-NL'/><a:t>{text}</a:t></a:r>"


def pptx(members: dict[str, str]) -> bytes:
    """A presentation zip: ``members`` maps a member to its shapes' XML (a slide's, its
    notes', or a comment list's own root)."""
    buf = io.BytesIO()
    roots = {"slides": "sld", "notesSlides": "notes"}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", f"<p:presentation {PPTX_NS}/>")
        for name, body in members.items():
            root = roots.get(name.split("/")[1])
            if root is None:
                zf.writestr(name, body)
            else:
                xml = f"<p:{root} {PPTX_NS}><p:cSld><p:spTree>{body}</p:spTree></p:cSld></p:{root}>"
                zf.writestr(name, xml)
    return buf.getvalue()


def pptx_sample() -> Sample:
    """A case meeting's slides: a patient's title, her labels and values in runs of their
    own, a results table; her contact details in the speaker's notes."""
    table = (
        "<p:graphicFrame><a:graphic><a:graphicData><a:tbl>"
        "<a:tr><a:tc><a:txBody><a:p>" + pptx_run("BSN") + "</a:p></a:txBody></a:tc>"
        "<a:tc><a:txBody><a:p>" + pptx_run(BSN[1]) + "</a:p></a:txBody></a:tc></a:tr>"
        "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )
    slide2 = pptx_shape(pptx_run(f"Casus 1 – {NAMES[0]}")) + pptx_shape(
        pptx_run("BSN: ") + pptx_run(BSN[0]),
        pptx_run("Uitslag: ") + pptx_run("hrHPV positief") + "<a:br/>" + pptx_run("Pap 2"),
    )
    data = pptx(
        {
            "ppt/slides/slide1.xml": pptx_shape(pptx_run("MDO gynaecologie")),
            "ppt/slides/slide2.xml": slide2 + table,
            "ppt/notesSlides/notesSlide2.xml": pptx_shape(pptx_run("Tel. 0612345678")),
        }
    )
    shown = {
        "slide1": "MDO gynaecologie",
        "slide2": f"Casus 1 – {NAMES[0]}\nBSN: {BSN[0]}\nUitslag: hrHPV positief\nPap 2\n"
        f"BSN\t{BSN[1]}",
        "notes2": "Tel. 0612345678",
    }
    return Sample(data, "pptx", "mdo/casuistiek.pptx", info=shown)


def _tnef_attribute(level: int, attr: int, value: bytes) -> bytes:
    """One TNEF attribute as MS-OXTNEF writes it: level, id, length, value, checksum."""
    return (
        bytes([level])
        + struct.pack("<II", attr, len(value))
        + value
        + struct.pack("<H", sum(value) & 0xFFFF)
    )


def _mapi_property(ptype: int, pid: int, value: bytes) -> bytes:
    """One string or binary MAPI property of a TNEF property list (one value, padded)."""
    padded = value + b"\0" * (-len(value) % 4)
    return struct.pack("<HHII", ptype, pid, 1, len(value)) + padded


def tnef_sample() -> Sample:
    """An Outlook ``winmail.dat``: the body among the message's MAPI properties (code
    page 1252), and a CSV attachment with its 8.3 title and its long file name."""
    body = (
        "Beste collega,\r\nZie bijlage. Patiënt Jansen-de Vries, BSN 123456782, "
        "Dorpsstraat 12A, 1234 AB, tel 0612345678.\r\n"
    )
    msg_props = struct.pack("<I", 1) + _mapi_property(0x001E, 0x1000, body.encode("cp1252") + b"\0")
    long_name = "uitslagen lijst.csv".encode("utf-16-le") + b"\0\0"
    att_props = struct.pack("<I", 1) + _mapi_property(0x001F, 0x3707, long_name)
    data = b"\x78\x9f\x3e\x22\x01\x00" + b"".join(
        [
            _tnef_attribute(1, 0x00089006, struct.pack("<I", 0x00010000)),  # TNEF version
            _tnef_attribute(1, 0x00069003, msg_props),
            _tnef_attribute(2, 0x00069002, b"\x01\x00" + b"\xff" * 12),  # attAttachRenddata
            _tnef_attribute(2, 0x00018010, b"UITSLA~1.CSV\0"),
            _tnef_attribute(2, 0x0006800F, csv_sample().data),
            _tnef_attribute(2, 0x00069005, att_props),
        ]
    )
    return Sample(data, "tnef", "mail/bericht.eml!/winmail.dat", "cp1252", {"body": body})


def spreadsheetml_sample() -> Sample:
    """Excel's XML Spreadsheet 2003: a title row, a header, a skipped row and column
    (``ss:Index``), a merged cell, a BSN typed as a number (its leading zero lost), dates
    as ``DateTime``, a cell's comment with its author, a second sheet."""
    ss = 'xmlns="urn:schemas-microsoft-com:office:spreadsheet"'

    def cell(value: str, kind: str = "String", extra: str = "", comment: str = "") -> str:
        note = (
            f'<Comment ss:Author="K. Bos"><ss:Data xmlns="http://www.w3.org/TR/REC-html40">'
            f"<B>K. Bos:</B>&#10;{comment}</ss:Data></Comment>"
            if comment
            else ""
        )
        return f'<Cell{extra}><Data ss:Type="{kind}">{value}</Data>{note}</Cell>'

    rows = [
        '<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">Herhaaluitnodigingen</Data>'
        "</Cell></Row>",
        "<Row>" + "".join(cell(h) for h in ("Naam", "BSN", "Geboortedatum", "Uitslag")) + "</Row>",
        '<Row ss:Index="4">'
        + cell(NAMES[0])
        + cell(BSN[2].lstrip("0"), "Number")
        + cell(f"{DOB[2]}T00:00:00.000", "DateTime")
        + cell("Pap 2", comment="hrHPV positief, belt terug")
        + "</Row>",
        "<Row>"
        + cell(NAMES[1])
        + cell(f"{DOB[1]}T00:00:00.000", "DateTime", ' ss:Index="3"')
        + "</Row>",
    ]
    text = (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        f'<Workbook {ss} xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        f'<Worksheet ss:Name="Mei"><Table>{"".join(rows)}</Table></Worksheet>\n'
        '<Worksheet ss:Name="Leeg"><Table/></Worksheet>\n'
        '<Worksheet ss:Name="Artsen"><Table><Row>'
        + cell("Naam")
        + cell("AGB")
        + "</Row><Row>"
        + cell("H. Oudshoorn")
        + cell("01012345")
        + "</Row></Table></Worksheet>\n</Workbook>\n"
    )
    return Sample(text.encode("utf-8"), "spreadsheetml", "exports/herhaal.xml")


def dicom_dump_sample() -> Sample:
    """Two colposcopy images' headers as DCMTK's ``dcmdump`` prints them: UIDs and pixel
    data, a person name in DICOM's ``FAMILY^GIVEN`` order, a date, a BSN among the other
    IDs, an element inside a sequence."""

    def element(tag: str, vr: str, value: str, keyword: str) -> str:
        return f"({tag}) {vr} {value:<36} #  10, 1 {keyword}"

    def image(n: int, name: str, dob: str, bsn: str) -> list[str]:
        return [
            f"# dcmdump ({n}/2): /mnt/colpo/IMG000{n}.dcm",
            "",
            "# Dicom-File-Format",
            "",
            "# Dicom-Meta-Information-Header",
            element("0002,0000", "UL", "198", "FileMetaInformationGroupLength"),
            element("0002,0002", "UI", "=VLPhotographicImageStorage", "MediaStorageSOPClassUID"),
            "",
            "# Dicom-Data-Set",
            element("0008,0090", "PN", "[Ooms^M.E.^^dr.]", "ReferringPhysicianName"),
            element("0010,0010", "PN", f"[{name}]", "PatientName"),
            element("0010,0030", "DA", f"[{dob.replace('-', '')}]", "PatientBirthDate"),
            element("0010,1000", "LO", f"[{bsn}]", "RETIRED_OtherPatientIDs"),
            element("0010,21b0", "LT", f"[{RESULT.splitlines()[0]}]", "AdditionalPatientHistory"),
            element(
                "0040,0275",
                "SQ",
                "(Sequence with explicit length #=1)",
                "RequestAttributesSequence",
            ),
            "  " + element("fffe,e000", "na", "(Item with explicit length #=1)", "Item"),
            "    " + element("0032,1060", "LO", "[Colposcopie]", "RequestedProcedureDescription"),
            element("7fe0,0010", "OB", "(PixelSequence #=2)", "PixelData"),
            "",
        ]

    lines = image(1, "JANSEN-DE VRIES^MARIEKE", DOB[0], BSN[0]) + image(
        2, "Yılmaz^Ömer", DOB[1], BSN[1]
    )
    return Sample("\n".join(lines).encode(), "dicom-dump", "pacs/dcmdump_colpo.txt")


WRAPPED_CSV = (
    b"Achternaam,Voornaam,BSN,Geboortedatum\r\n"
    b"Jansen-de Vries,M.,123456782,1978-03-04\r\nvan der Berg,J.P.,111222333,1985-11-30\r\n"
)
"""The list a signed message, a stored OpenPGP message and a Fiddler session carry."""


def cms_sample() -> Sample:
    """An S/MIME-signed list (``openssl cms -sign -nodetach``'s layout): SignedData around
    the CSV, the signer's certificate and signer info."""
    from .wrapwriter import SIGNED_OID, certificate, content_info, name, signed_data

    issuer = name(("2.5.4.3", "Zorgmail CA"))
    subject = name(("2.5.4.3", "Anouk Visser"), ("2.5.4.10", "Huisartsenpraktijk Zuid"))
    cert = certificate(subject, issuer, 4242, "a.visser@hapzuid.example.nl")
    body = signed_data(WRAPPED_CSV, certificates=(cert,), signers=((issuer, 4242),))
    return Sample(content_info(SIGNED_OID, body), "cms", "mail/zorgmail/lijst.csv.p7m")


def openpgp_sample() -> Sample:
    """``gpg --store -a``'s layout: armour around ZLIB-compressed literal data."""
    from .wrapwriter import armour, compressed, literal, new_packet, old_packet

    inner = new_packet(11, literal(WRAPPED_CSV, "uitslagen.csv"))
    message = old_packet(8, compressed(2, inner), indeterminate=True)
    return Sample(armour(message), "openpgp", "mail/ggz/uitslagen.csv.asc")


def fiddler_saz_sample() -> Sample:
    """A Fiddler session: a POSTed search and its chunked, gzipped JSON answer."""
    import gzip as gzip_module

    from .wrapwriter import chunked, saz

    request = (
        b"POST https://portaal.example.nl/api/v2/patienten/zoek HTTP/1.1\r\n"
        b"Host: portaal.example.nl\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(TRACE_REQUEST)
    ) + TRACE_REQUEST
    response = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
    ) + chunked(gzip_module.compress(TRACE_ANSWER, mtime=0))
    meta = b'<Session><SessionFlags><SessionFlag N="x-clientip" V="10.0.0.5" /></SessionFlags>'
    return Sample(saz([(request, response, meta)]), "saz", "it/debug/zoek.saz")


PG_EPOCH = dt.date(2000, 1, 1)


def pg_field(value: object, kind: str) -> bytes:
    """A value in PostgreSQL's binary send format, behind its 32-bit length (all ones for
    NULL): ``text``, ``int4``, ``int8``, ``date``, ``timestamp``, ``bool``, ``float8``,
    ``numeric`` (a string of digits with a ``.``), ``uuid``."""
    if value is None:
        return struct.pack(">i", -1)
    if kind == "text":
        raw = str(value).encode("utf-8")
    elif kind == "int4":
        raw = struct.pack(">i", value)
    elif kind == "int8":
        raw = struct.pack(">q", value)
    elif kind == "int2":
        raw = struct.pack(">h", value)
    elif kind == "date":
        assert isinstance(value, dt.date)
        raw = struct.pack(">i", (value - PG_EPOCH).days)
    elif kind == "timestamp":
        assert isinstance(value, dt.datetime)
        delta = value - dt.datetime(2000, 1, 1)
        raw = struct.pack(">q", delta // dt.timedelta(microseconds=1))
    elif kind == "bool":
        raw = b"\x01" if value else b"\x00"
    elif kind == "float8":
        raw = struct.pack(">d", value)
    elif kind == "numeric":
        raw = pg_numeric(str(value))
    elif kind == "uuid":
        raw = bytes.fromhex(str(value).replace("-", ""))
    else:
        raise ValueError(kind)
    return struct.pack(">i", len(raw)) + raw


def pg_numeric(text: str) -> bytes:
    """``numeric``'s binary format of a decimal written as ``-123.45``."""
    sign = 0x4000 if text.startswith("-") else 0
    whole, _, fraction = text.lstrip("-").partition(".")
    scale = len(fraction)
    whole = whole.lstrip("0")
    head = whole.rjust(-(-len(whole) // 4) * 4, "0") if whole else ""
    tail = fraction.ljust(-(-len(fraction) // 4) * 4, "0") if fraction else ""
    digits = [int(head[i : i + 4]) for i in range(0, len(head), 4)]
    weight = len(digits) - 1
    digits += [int(tail[i : i + 4]) for i in range(0, len(tail), 4)]
    while digits and digits[-1] == 0:
        digits.pop()
    while digits and digits[0] == 0:
        digits.pop(0)
        weight -= 1
    if not digits:
        weight = 0
    out = struct.pack(">hhHh", len(digits), weight, sign, scale)
    return out + b"".join(struct.pack(">H", d) for d in digits)


def pg_copy(rows: list[list[object]], kinds: list[str], *, oids: bool = False) -> bytes:
    """A binary COPY file (``COPY ... TO ... (FORMAT binary)``) of ``rows``."""
    out = bytearray(b"PGCOPY\n\xff\r\n\x00")
    out += struct.pack(">ii", (1 << 16) if oids else 0, 0)
    for number, row in enumerate(rows, 1):
        out += struct.pack(">h", len(row))
        if oids:
            out += pg_field(16384 + number, "int4")
        for value, kind in zip(row, kinds, strict=True):
            out += pg_field(value, kind)
    out += struct.pack(">h", -1)
    return bytes(out)


PG_COPY_KINDS = ["int4", "int8", "text", "text", "date", "text", "bool", "numeric"]
PG_COPY_ROWS: list[list[object]] = [
    [1, int(BSN[0]), "Marieke", "Jansen-de Vries", dt.date(1978, 3, 4), "1234 AB", True, "12.50"],
    [2, int(BSN[1]), "Jan Pieter", "van der Berg", dt.date(1985, 11, 30), None, False, "-0.75"],
    [3, int(BSN[2]), "Ömer", "Yılmaz", dt.date(1990, 1, 15), "0612345678", None, "1000"],
]
"""A DBA's copy of a patient table: an id, a BSN kept as ``bigint`` (its leading zero
lost), names, a birth date, a NULL, a ``bool`` and a ``numeric``."""
PG_COPY_SQL = (
    b"-- export voor migratie\n"
    b"CREATE TABLE public.patient (\n  id integer PRIMARY KEY,\n  bsn bigint NOT NULL,\n"
    b"  voornaam varchar(64),\n  achternaam text,\n  geboortedatum date,\n"
    b'  "Adres of telefoon" text,\n  actief boolean DEFAULT true,\n  saldo numeric(10,2),\n'
    b"  CONSTRAINT patient_bsn UNIQUE (bsn)\n);\n"
    b'COPY public.patient (id, bsn, voornaam, achternaam, geboortedatum, "Adres of telefoon",'
    b" actief, saldo) TO '/var/tmp/patient.copy' WITH (FORMAT binary);\n"
)


def pg_copy_sample() -> Sample:
    """A PostgreSQL binary COPY file with the SQL that wrote it beside it."""
    return Sample(
        pg_copy(PG_COPY_ROWS, PG_COPY_KINDS),
        "pg-copy",
        "db/migratie/patient.copy",
        companions={"patient.sql": PG_COPY_SQL},
    )


def lotus_record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def wk1_cell(kind: int, column: int, row: int, body: bytes, code: int = 0xFF) -> bytes:
    """A WK1 cell record: its format byte, column and row (from 0), then ``body``."""
    return lotus_record(kind, struct.pack("<BHH", code, column, row) + body)


def wk1_label(column: int, row: int, text: str, codec: str = "cp850", prefix: str = "'") -> bytes:
    return wk1_cell(0x0F, column, row, (prefix + text).encode(codec) + b"\x00")


def wk1_number(column: int, row: int, value: float, code: int = 0xF1) -> bytes:
    return wk1_cell(0x0E, column, row, struct.pack("<d", value), code)


def wk1_integer(column: int, row: int, value: int, code: int = 0xF1) -> bytes:
    return wk1_cell(0x0D, column, row, struct.pack("<h", value), code)


def wk1_formula(column: int, row: int, value: float, code: int = 0xF1) -> bytes:
    """A formula cell: its last value, then a formula (``@SUM``'s bytes, not read)."""
    formula = b"\x01\x00\x00\x00\x03"
    return wk1_cell(0x10, column, row, struct.pack("<dH", value, len(formula)) + formula, code)


def wk1_string(column: int, row: int, text: str) -> bytes:
    return wk1_cell(0x33, column, row, b"'" + text.encode("cp850") + b"\x00")


def wk1_file(*cells: bytes, version: int = 0x0406) -> bytes:
    """A worksheet: ``BOF`` (release 2's version by default), a column width record,
    the cells, ``EOF``."""
    return (
        lotus_record(0x00, struct.pack("<H", version))
        + lotus_record(0x08, b"\x00\x00\x0c")
        + b"".join(cells)
        + lotus_record(0x01, b"")
    )


DATE_FORMAT = 0xF2
"""A WK1 cell's format byte: protected, special, ``DD-MMM-YY``."""
LOTUS_CELLS = {
    (None, 3, "NAAM"): "Jansen-de Vries",
    (None, 3, "VOORL"): "M.",
    (None, 3, "GEBDAT"): "1978-03-04",
    (None, 3, "BSN"): BSN[0],
    (None, 3, "POSTCODE"): "1234 AB",
    (None, 3, "UITSLAG"): "Pap 2",
    (None, 4, "NAAM"): "Yilmaz",
    (None, 4, "VOORL"): "Ö.",
    (None, 4, "GEBDAT"): "1990-01-15",
    (None, 4, "BSN"): BSN[2].lstrip("0"),
    (None, 4, "POSTCODE"): "0612345678",
    (None, 4, "UITSLAG"): "Pap 1",
}
"""The sample's table under its header row (row 2): the title above it is text."""


def lotus_sample() -> Sample:
    """A 1990s lab's results list saved by 1-2-3 release 2 (``.WK1``): a title, a header
    of labels, names (cp850), birth dates as numbers of a date format, BSNs as numbers, a
    formula's cached text result, a right-aligned label."""
    return Sample(
        wk1_file(
            wk1_label(0, 0, "LAB UITSLAGEN 1998"),
            *(
                wk1_label(c, 1, t)
                for c, t in enumerate(["NAAM", "VOORL", "GEBDAT", "BSN", "POSTCODE", "UITSLAG"])
            ),
            wk1_label(0, 2, "Jansen-de Vries"),
            wk1_label(1, 2, "M.", prefix="^"),
            wk1_number(2, 2, 28553, DATE_FORMAT),
            wk1_number(3, 2, int(BSN[0])),
            wk1_label(4, 2, "1234 AB", prefix='"'),
            wk1_formula(5, 2, 0.0),
            wk1_string(5, 2, "Pap 2"),
            wk1_label(0, 3, "Yilmaz"),
            wk1_label(1, 3, "Ö."),
            wk1_number(2, 3, 32888, DATE_FORMAT),
            wk1_number(3, 3, int(BSN[2])),
            wk1_label(4, 3, "0612345678"),
            wk1_label(5, 3, "Pap 1"),
        ),
        "lotus",
        "archief/oud/UITSLAG.WK1",
        "cp850",
    )


def elfproef_bsn(seed: int) -> str:
    """A synthetic nine-digit number that passes the elfproef (a BSN's shape)."""
    n = 100000000 + seed * 7919 % 800000000
    while True:
        digits = f"{n:09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            return digits
        n += 1


def vektis_line(*fields: tuple[str, int], length: int = 310) -> str:
    """A fixed-length record: each field left-aligned and padded to its width (digits
    right-aligned with zeros where given as ``int``), the line padded to ``length``."""
    line = "".join(value.ljust(width)[:width] for value, width in fields)
    return line.ljust(length)


VEKTIS_PEOPLE = (
    ("Vries", "de", "M", "1978-03-04", "1234AB", "NL91ABNA0417164300"),
    ("Berg", "van der", "JP", "1985-11-30", "3511CE", "NL44RABO0123456789"),
    ("Yilmaz", "", "O", "1990-01-15", "9712AA", "NL20INGB0001234567"),
    ("Bakker", "", "AE", "1962-07-21", "7511JD", "NL76ASNB0712345678"),
)
"""Synthetic people of the Vektis-style sample (IBANs of valid shape and check)."""


def vektis_text(people: int = 4, newline: str = "\r\n") -> str:
    """A declaration in the style of Vektis's standards: a header ``01``, per person an
    insured ``02`` and two services ``04``, the trailer ``99``, all 310 characters."""
    lines = [
        vektis_line(
            ("01", 2),
            ("LB302", 5),
            ("1", 1),
            ("01012000", 8),
            ("", 10),
            ("20240930", 8),
            ("LPO", 3),
        )
    ]
    for i, (family, prefix, initials, born, postcode, account) in enumerate(VEKTIS_PEOPLE[:people]):
        number = f"{i + 1:012d}"
        bsn = elfproef_bsn(i + 11)
        lines.append(
            vektis_line(
                ("02", 2),
                (number, 12),
                (bsn, 9),
                ("3311", 4),
                (f"{7662942 + i * 131:015d}", 15),
                (born.replace("-", ""), 8),
                ("2", 1),
                ("1", 1),
                (family.upper(), 25),
                (prefix.upper(), 10),
                (initials, 6),
                (postcode, 6),
                (f"{40 + i * 17:05d}", 5),
                ("", 4),
                (account, 34),
                ("01023456", 8),
            )
        )
        for k in range(2):
            lines.append(
                vektis_line(
                    ("04", 2),
                    (number, 12),
                    (bsn, 9),
                    ("20240912", 8),
                    (f"039001{k:04d}", 10),
                    (f"{1475 + 311 * i + k:04d}", 4),
                )
            )
    lines.append(vektis_line(("99", 2), (f"{len(lines) + 1:07d}", 7)))
    return newline.join(lines) + newline


def fixed_records_sample() -> Sample:
    """An insurer's declaration file (:func:`vektis_text`)."""
    return Sample(vektis_text().encode("ascii"), "fixed-records", "declaraties/LB302_202409.asc")


SAMPLES: dict[str, Callable[[], Sample]] = {
    "csv": csv_sample,
    "text": text_sample,
    "spreadsheet": xlsx_sample,
    "sql": sql_sample,
    "json": json_sample,
    "xml": xml_sample,
    "hl7": hl7_sample,
    "edifact": edifact_sample,
    "pdf": pdf_sample,
    "docx": docx_sample,
    "email": eml_sample,
    "msg": msg_sample,
    "rtf": rtf_sample,
    "html": html_sample,
    "doc": doc_sample,
    "odt": odt_sample,
    "image": image_sample,
    "sqlite": sqlite_sample,
    "duckdb": duckdb_sample,
    "sqlite-wal": sqlite_wal_sample,
    "vcard": vcard_sample,
    "ics": ics_sample,
    "tnef": tnef_sample,
    "zpl": zpl_sample,
    "epl": epl_sample,
    "emlx": emlx_sample,
    "postscript": postscript_sample,
    "pcl": pcl_sample,
    "pptx": pptx_sample,
    "parquet": parquet_sample,
    "alto": alto_sample,
    "ocr-tsv": ocr_tsv_sample,
    "ldif": ldif_sample,
    "gedcom": gedcom_sample,
    "mt940": mt940_sample,
    "reg": reg_sample,
    "statdata": statdata_sample,
    "dbf": dbf_sample,
    "wordml": wordml_sample,
    "hl7xml": hl7xml_sample,
    "fods": fods_sample,
    "xps": xps_sample,
    "pdf-fields": pdf_fields_sample,
    "typed-records": typed_records_sample,
    "spreadsheetml": spreadsheetml_sample,
    "dicom-dump": dicom_dump_sample,
    "bson": bson_sample,
    "avro": avro_sample,
    "plist": plist_sample,
    "mork": mork_sample,
    "typedstream": typedstream_sample,
    "chrome-cache": chrome_cache_sample,
    "chrome-blockfile": chrome_blockfile_sample,
    "curl-trace": curl_trace_sample,
    "asciicast": asciicast_sample,
    "pg-csvlog": pg_csvlog_sample,
    "sylk": sylk_sample,
    "svg": svg_sample,
    "turtle": turtle_sample,
    "cypher": cypher_sample,
    "line-protocol": line_protocol_sample,
    "sentry-envelope": sentry_envelope_sample,
    "mysql-slow-log": slow_log_sample,
    "dicom": dicom_sample,
    "pcap": pcap_sample,
    "php-session": php_session_sample,
    "rdata": rdata_sample,
    "cbor": cbor_sample,
    "msgpack": msgpack_sample,
    "protobuf": protobuf_sample,
    "ebcdic": ebcdic_sample,
    "redis-rdb": redis_rdb_sample,
    "hprof": hprof_sample,
    "lmdb": lmdb_sample,
    "hdf5": hdf5_sample,
    "matlab": matlab_sample,
    "warc": warc_sample,
    "pg-dump": pg_dump_sample,
    "bcp": bcp_sample,
    "pg-copy": pg_copy_sample,
    "lotus": lotus_sample,
    "fixed-records": fixed_records_sample,
    "mysql-binlog": mysql_binlog_sample,
    "kafka-log": kafka_log_sample,
    "sequencefile": sequencefile_sample,
    "hive-text": hive_text_sample,
    "w3c-log": w3c_log_sample,
    "edit-history": edit_history_sample,
    "spark-eventlog": spark_eventlog_sample,
    "sqlldr": sqlldr_sample,
    "snappy": snappy_sample,
    "lnk": lnk_sample,
    "recycle-bin": recycle_bin_sample,
    "git": git_sample,
    "hg": hg_sample,
    "mozlz4": mozlz4_sample,
    "brotli": brotli_sample,
    "lz4": lz4_sample,
    "uuencode": uuencode_sample,
    "leveldb-log": leveldb_log_sample,
    "leveldb-table": leveldb_table_sample,
    "java-ser": java_ser_sample,
    "arrow-file": arrow_file_sample,
    "pickle": pickle_sample,
    "npy": npy_sample,
    "vim-swap": vim_swap_sample,
    "minidump": minidump_sample,
    "audio-tags": mp3_sample,
    "pyc": pyc_sample,
    "java-class": java_class_sample,
    "journal-export": journal_export_sample,
    "cms": cms_sample,
    "openpgp": openpgp_sample,
    "fiddler-saz": fiddler_saz_sample,
}
"""The realistic sample of each extractor id (the contract suite requires one per id)."""
