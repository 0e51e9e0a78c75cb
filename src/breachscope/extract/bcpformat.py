"""SQL Server ``bcp`` format files: how a data file written by ``bcp ... out`` lays out
its fields, in the XML form (``bcp ... format nul -x``, ``<BCPFORMAT>``) or the older
text form (``.fmt``).

The XML form lists the data file's fields in ``<RECORD>`` (``<FIELD ID="1"
xsi:type="NativePrefix" PREFIX_LENGTH="1"/>``: ``NativePrefix``/``NativeFixed`` for
native data, ``CharPrefix``/``CharFixed``/``CharTerm`` and their ``NChar`` forms for
text, with ``PREFIX_LENGTH``, ``LENGTH``/``MAX_LENGTH``, ``TERMINATOR`` and
``COLLATION``) and the table's columns in ``<ROW>`` (``<COLUMN SOURCE="1" NAME="bsn"
xsi:type="SQLBIGINT"/>``, with ``PRECISION`` and ``SCALE`` where the type has them); a
field no column takes is read under its place's name (``column3``). The text form has a
version line, the field count, and a line per field: its order, host type
(``SQLCHAR``, ``SQLNCHAR``, ``SQLINT`` ...), prefix length, data length, terminator in
quotes (``"\\t"``, ``"\\r\\n"``, ``""``), server column order (0: not loaded; such a
field is read all the same), column name and collation.

Read as data only, by expat without DTDs or entities (:mod:`.safexml`) and a bounded
line parser; at most :data:`MAX_FIELDS` fields.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from breachscope.extract.base import ExtractError
from breachscope.extract.safexml import Malformed, Refused, feed

MAX_FIELDS = 4096
"""Most fields of one format file (SQL Server allows 1,024 columns, 30,000 sparse)."""
MAX_FORMAT_BYTES = 1024**2
XSI = "http://www.w3.org/2001/XMLSchema-instance type"

PREFIXES = frozenset({0, 1, 2, 4, 8})


@dataclass(frozen=True, slots=True)
class BcpField:
    """One field of a bcp data file and the column it holds."""

    name: str
    """The column's name (``column<n>`` where the format names none)."""
    kind: str
    """How the field's bytes are kept: ``native``, ``char`` (single-byte text) or
    ``nchar`` (UTF-16LE)."""
    sql_type: str
    """The SQL type: ``SQLINT``, ``SQLNVARCHAR``...; for text fields the host type."""
    prefix: int
    """Bytes of the length prefix before the data (0, 1, 2, 4 or 8)."""
    length: int
    """The data's length without a prefix or terminator (0: not fixed)."""
    terminator: bytes
    """Bytes that end the field (empty: none)."""
    collation: str = ""
    precision: int | None = None
    scale: int | None = None


def parse_format(data: bytes) -> list[BcpField]:
    """The fields of a format file, XML or text: an :class:`ExtractError` where it is
    neither, or names no field."""
    if len(data) > MAX_FORMAT_BYTES:
        raise ExtractError("format file too large")
    start = data.lstrip()[:200]
    if start.startswith(b"<") or start.startswith(b"\xef\xbb\xbf<"):
        fields = _xml_format(data)
    else:
        fields = _text_format(data)
    if not fields:
        raise ExtractError("format file names no fields")
    return fields


# -- XML ----------------------------------------------------------------------------------


class _Collect:
    """Expat handlers keeping the ``FIELD`` and ``COLUMN`` elements' attributes."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.fields: list[dict[str, str]] = []
        self.columns: list[dict[str, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if self.root is None:
            self.root = local
        if len(self.fields) + len(self.columns) > 2 * MAX_FIELDS:
            raise ExtractError(f"format file has more than {MAX_FIELDS} fields")
        plain = {k.rpartition(" ")[2] if k != XSI else "type": v for k, v in attrs.items()}
        if local == "FIELD":
            self.fields.append(plain)
        elif local == "COLUMN":
            self.columns.append(plain)

    def end(self, name: str) -> None:
        return None

    def text(self, data: str) -> None:
        return None


_XML_KINDS = {
    "NativePrefix": "native",
    "NativeFixed": "native",
    "CharPrefix": "char",
    "CharFixed": "char",
    "CharTerm": "char",
    "NCharPrefix": "nchar",
    "NCharFixed": "nchar",
    "NCharTerm": "nchar",
}


def _number(value: str | None, default: int | None = None) -> int | None:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 9:
        return default
    return int(value)


def _xml_format(data: bytes) -> list[BcpField]:
    into = _Collect()
    try:
        feed(io.BytesIO(data), into, MAX_FORMAT_BYTES, what="format file", no_doctype=True)
    except (Refused, Malformed) as exc:
        raise ExtractError("format file is no well-formed XML without a DTD") from exc
    if into.root != "BCPFORMAT":
        raise ExtractError("XML file is no bcp format file (<BCPFORMAT>)")
    columns = {c.get("SOURCE", ""): c for c in into.columns}
    fields: list[BcpField] = []
    for index, attrs in enumerate(into.fields):
        kind = _XML_KINDS.get(attrs.get("type", ""))
        if kind is None:
            raise ExtractError("format file field of an unknown type")
        column = columns.get(attrs.get("ID", ""))
        prefix = _number(attrs.get("PREFIX_LENGTH"), 0) or 0
        if prefix not in PREFIXES:
            raise ExtractError("format file field with a prefix length bcp never writes")
        fixed = attrs.get("type", "").endswith("Fixed")
        length = _number(attrs.get("LENGTH"), 0) if fixed else 0
        sql_type = column.get("type", "") if column else ""
        if kind != "native" and not sql_type:
            sql_type = "SQLNCHAR" if kind == "nchar" else "SQLCHAR"
        fields.append(
            BcpField(
                name=(column.get("NAME") if column else None) or f"column{index + 1}",
                kind=kind,
                sql_type=sql_type.upper(),
                prefix=prefix,
                length=length or 0,
                terminator=_terminator(attrs.get("TERMINATOR", ""), kind),
                collation=attrs.get("COLLATION", ""),
                precision=_number(column.get("PRECISION")) if column else None,
                scale=_number(column.get("SCALE")) if column else None,
            )
        )
    return fields


# -- text (.fmt) --------------------------------------------------------------------------

_LINE = re.compile(
    r'^\s*(\d{1,5})\s+(\w{1,40})\s+(\d{1,2})\s+(\d{1,10})\s+"((?:[^"\\]|\\.)*)"\s+(\d{1,5})'
    r'\s+("(?:[^"\\]|\\.)*"|\S+)(?:\s+(\S+))?\s*$'
)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "0": "\0", "\\": "\\", '"': '"'}
_TEXT_TYPES = {
    "SQLCHAR": "char",
    "SQLVARYCHAR": "char",
    "SQLCHARACTER": "char",
    "SQLBIGCHAR": "char",
    "SQLBIGVARCHAR": "char",
    "SQLTEXT": "char",
    "SQLNCHAR": "nchar",
    "SQLNVARCHAR": "nchar",
    "SQLNTEXT": "nchar",
}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _terminator(text: str, kind: str) -> bytes:
    """A terminator's bytes: XML's ``\\t``-style escapes undone; in UTF-16 files written
    with ``-w`` the format spells each character with its ``\\0`` (``\\t\\0``)."""
    raw = _unescape(text)
    return raw.encode("latin-1", "replace")


def _text_format(data: bytes) -> list[BcpField]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 3 or not re.fullmatch(r"\s*\d{1,2}\.\d{1,2}\s*", lines[0]):
        raise ExtractError("no bcp format file (no version line)")
    if not lines[1].strip().isdigit() or int(lines[1]) > MAX_FIELDS:
        raise ExtractError("bcp format file without a field count")
    count = int(lines[1])
    fields: list[BcpField] = []
    for line in lines[2 : 2 + count]:
        m = _LINE.match(line)
        if m is None:
            raise ExtractError(f"bcp format file line {len(fields) + 3} not understood")
        host = m.group(2).upper()
        prefix = int(m.group(3))
        if prefix not in PREFIXES:
            raise ExtractError("format file field with a prefix length bcp never writes")
        kind = _TEXT_TYPES.get(host, "native")
        terminator = _terminator(m.group(5), kind)
        name = m.group(7).strip('"') or f"column{len(fields) + 1}"
        fixed = int(m.group(4)) if prefix == 0 and not terminator else 0
        fields.append(
            BcpField(
                name=name,
                kind=kind,
                sql_type=host,
                prefix=prefix,
                length=fixed,
                terminator=terminator,
                collation=(m.group(8) or "").strip('"'),
            )
        )
    if len(fields) != count:
        raise ExtractError("bcp format file has fewer field lines than it counts")
    return fields
