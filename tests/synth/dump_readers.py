"""Independent readers for a synthetic dump: the text found at a truth locator.

Written against the file formats, not the writers: csv, openpyxl, a small SQL tokenizer,
json, the ``hl7`` package, pypdf, python-docx and the stdlib e-mail parser. Each returns
the text at one location (a table row's cells joined with `` | ``, a page, a body...)
plus, for spreadsheets, the date cells found there.
"""

from __future__ import annotations

import csv
import email
import io
import itertools
import json
import re
import tarfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from html import unescape
from pathlib import Path
from typing import Any

import hl7
import openpyxl
from docx import Document
from pypdf import PdfReader

from breachscope.location import PATH_PART, Location


def _zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def _member(data: bytes, outer: str, name: str) -> bytes:
    """Bytes of member ``name`` of the container ``outer`` (zip, tar.gz or e-mail)."""
    if outer.endswith(".zip"):
        return _zip_member(data, name)
    if outer.endswith((".tar.gz", ".tgz")):
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            fh = tar.extractfile(name)
            assert fh is not None, name
            return fh.read()
    if outer.endswith(".eml"):
        msg = email.message_from_bytes(data, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        for part in msg.iter_attachments():
            if part.get_filename() == name:
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                return payload
        raise KeyError(name)
    raise ValueError(f"not a container: {outer}")


def file_bytes(dump: Path, path: str) -> bytes:
    parts = path.split("!/")
    data = (dump / parts[0]).read_bytes()
    for outer, name in itertools.pairwise(parts):
        data = _member(data, outer, name)
    return data


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _lines(data: bytes) -> list[str]:
    return decode(data).splitlines()


def csv_row(lines: list[str], row: int) -> str:
    header = next(line for line in lines if not line.startswith("#"))
    delimiter = max(";,\t", key=header.count)
    cells = next(csv.reader([lines[row - 1]], delimiter=delimiter))
    return " | ".join(cells)


def xlsx_rows(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return sheets


def _xlsx_cells(values: tuple[object, ...]) -> tuple[str, list[date]]:
    dates = [v.date() if isinstance(v, datetime) else v for v in values if isinstance(v, date)]
    text = " | ".join("" if v is None else str(v) for v in values if not isinstance(v, date))
    return text, dates


_SQL_TOKEN = re.compile(r"'(?:[^'\\]|\\.|'')*'|NULL|-?\d+")


def sql_tables(data: bytes) -> dict[str, list[list[str]]]:
    text = data.decode("utf-8")
    tables: dict[str, list[list[str]]] = {}
    pattern = re.compile(r'INSERT INTO [`"](\w+)[`"] VALUES\n(.*?);\n', re.S)
    for table, block in pattern.findall(text):
        rows = tables.setdefault(table, [])
        for line in block.split("\n"):
            values = []
            for tok in _SQL_TOKEN.findall(line):
                if tok.startswith("'"):
                    body = tok[1:-1]
                    body = re.sub(r"\\(.)", r"\1", body) if "\\" in body else body
                    values.append(body.replace("''", "'"))
                elif tok != "NULL":
                    values.append(tok)
            rows.append(values)
    return tables


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [] if value is None else [str(value)]


def jsonl_row(line: str) -> str:
    return " | ".join(_strings(json.loads(line)))


def hl7_messages(data: bytes) -> list[str]:
    text = decode(data).replace("\n", "\r")
    return ["MSH" + m for m in text.split("MSH")[1:]]


def hl7_message(message: str) -> str:
    segments = [s for s in message.split("\r") if s and not s.startswith("BTS")]
    parsed = hl7.parse("\r".join(segments))
    out = str(parsed)
    for esc, char in (("\\F\\", "|"), ("\\S\\", "^"), ("\\T\\", "&"), ("\\R\\", "~")):
        out = out.replace(esc, char)
    return out.replace("\\E\\", "\\").replace("^", " ").replace("&", " ")


def edifact_messages(data: bytes) -> list[str]:
    return re.findall(r"UNH\+.*?UNT\+[^']*'", decode(data), re.S)


def edifact_message(body: str) -> str:
    body = re.sub(r"\?(.)", r"\1", body.replace("+", " ").replace(":", " "))
    return body


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:  # (a GP letter may hold its patients in a table)
        lines += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def parse_eml(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def eml_part(msg: EmailMessage, part: str) -> str:
    if part == "header":
        return f"{msg['From']}\n{msg['To']}\n{msg['Subject']}"
    subtype = "plain" if part == "body" else "html"
    for sub in msg.walk():
        if sub.get_content_type() == f"text/{subtype}" and not sub.is_attachment():
            content = sub.get_content()
            assert isinstance(content, str)
            return unescape(re.sub(r"<[^>]+>", " ", content)) if subtype == "html" else content
    raise KeyError(part)


def _referring(tables: dict[str, list[list[str]]], part: str, row: int) -> list[str]:
    """The cells of a ``patient`` row's samples (``monster.patient_id``) and of their
    results (``uitslag.monster_id``): the normalised schema's rows that point at it."""
    if part != "patient":
        return []
    key = tables[part][row - 1][0]
    samples = [r for r in tables.get("monster", []) if r[1] == key]
    ids = {r[0] for r in samples}
    results = [r for r in tables.get("uitslag", []) if r[1] in ids]
    return [cell for r in samples + results for cell in r[2:]]


class DumpReader:
    """Reads the text at truth locators of one dump, parsing each file once."""

    def __init__(self, dump: Path) -> None:
        self.dump = dump
        self._cache: dict[tuple[str, str], object] = {}

    def _get(self, kind: str, path: str, make: Callable[[bytes], object]) -> Any:
        key = (kind, path)
        if key not in self._cache:
            self._cache[key] = make(file_bytes(self.dump, path))
        return self._cache[key]

    def _csv_table(self, path: str) -> list[list[str]]:
        """The rows of a CSV without its header line."""
        return self._get("csv", path, lambda data: list(csv.reader(_lines(data)))[1:])

    def text_at(self, locator: str) -> tuple[str, list[date]]:
        """The text (and spreadsheet date cells) at ``locator``."""
        loc = Location.parse(locator)
        path, name, part, row = loc.path, loc.members[-1], loc.part or "", loc.row or 0
        if part == PATH_PART:  # the path itself (a letter saved under the patient's name)
            return path.replace("_", " "), []
        if name.endswith(".xlsx"):
            sheets = self._get("xlsx", path, xlsx_rows)
            return _xlsx_cells(sheets[part][row - 1])
        if name.endswith(".sql"):
            tables = self._get("sql", path, sql_tables)
            return " | ".join(tables[part][row - 1] + _referring(tables, part, row)), []
        if name.endswith(".jsonl"):
            return jsonl_row(self._get("lines", path, _lines)[row - 1]), []
        if name.endswith((".csv", ".txt")):
            text = csv_row(self._get("lines", path, _lines), row)
            if name.rsplit("/", 1)[-1] == "patient.csv":  # a database exported table by table
                tables = {t: self._csv_table(path.rsplit("/", 1)[0] + f"/{t}.csv")
                          for t in ("patient", "monster", "uitslag")}  # fmt: skip
                text = " | ".join([text, *_referring(tables, "patient", row - 1)])
            return text, []
        if name.endswith(".hl7"):
            return hl7_message(self._get("hl7", path, hl7_messages)[row - 1]), []
        if name.endswith(".edi"):
            return edifact_message(self._get("edi", path, edifact_messages)[row - 1]), []
        if name.endswith(".pdf"):
            pages = self._get("pdf", path, pdf_pages)
            return pages[int(part.removeprefix("page-")) - 1], []
        if name.endswith(".docx"):
            return self._get("docx", path, docx_text), []
        if name.endswith(".eml"):
            return eml_part(self._get("eml", path, parse_eml), part), []
        if name.endswith(".log"):
            return self._get("text", path, decode), []
        raise ValueError(f"no reader for {name}")
