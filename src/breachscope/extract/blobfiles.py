"""Files held in a database's BLOB cells: an app's store keeps whole files there (a
note's body gzip-compressed, a binary property list, a PDF, a photo with its EXIF, a
document deflated with zlib), which a table's cell cannot show as text.

Shared by the SQLite, SQLite WAL and DuckDB readers. A BLOB whose bytes sniff as a file
type of their own (:func:`breachscope.ingest.filetype.sniff`: not ``binary``, not
``text``) becomes a :class:`ChildFile` of the database, read as any other file; a raw
zlib stream (no type sniffs it) becomes the bytes it inflates to, where those sniff as a
file or as text. A BLOB its cell already holds as text (UTF-8 without control
characters) is left to its cell; the cell keeps its value either way. A child is named by
its place, one path step: table, column and row apart by ``∕`` (DIVISION SLASH, as a git
object's path: the engine keeps a child's last step only), with the extension of its
type where it has a usual one (``ZICNOTEDATA∕ZDATA∕rowid-20.gz``). Their number and
their bytes in all are bounded (``Config.max_blob_files``, ``Config.max_blob_bytes``); a
:class:`Note` says where the bound cut.

Apple Notes (``NoteStore.sqlite``) keeps each note's body in ``ZICNOTEDATA.ZDATA``: a
gzip-compressed protobuf message, ``NoteStoreProto`` (field 2, the ``Document``; its
field 3, the ``Note``; its field 2, ``note_text``, the note's plain text; the attribute
runs after it only style it). That cell is decoded here with the protobuf wire scanner
(:mod:`breachscope.ingest.protowire`) and its text is a :class:`TextUnit` of the database,
``part`` = ``ZICNOTEDATA/ZDATA/rowid-20``: a note is free text (names, BSNs and phone
numbers in sentences), which the protobuf reader, with no schema and no name to sniff
the inflated bytes by, would only show as cells of numbered fields two files down.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, Note
from breachscope.extract.chunking import cut_text
from breachscope.extract.typedstream import message_text
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.ingest.protowire import LEN, Budget, TooManyFields, WireError, scan
from breachscope.location import Location

STEP = "\u2215"
"""What stands between table, column and row in a child's name (one path step)."""
MIN_BYTES = 16
"""Shortest BLOB looked at for a file (an id, a flag, a hash are shorter or no file)."""
NOT_FILES = frozenset({FileType.EMPTY, FileType.BINARY, FileType.TEXT, FileType.UNKNOWN})
"""Sniffed types that are no file of their own (text is its cell's)."""
EXTENSIONS = {
    FileType.GZIP: ".gz",
    FileType.BZIP2: ".bz2",
    FileType.XZ: ".xz",
    FileType.ZSTD: ".zst",
    FileType.COMPRESS: ".Z",
    FileType.LZIP: ".lz",
    FileType.LZOP: ".lzo",
    FileType.ZIP: ".zip",
    FileType.SEVEN_Z: ".7z",
    FileType.TAR: ".tar",
    FileType.PDF: ".pdf",
    FileType.PLIST: ".plist",
    FileType.SQLITE: ".sqlite",
    FileType.DOCX: ".docx",
    FileType.XLSX: ".xlsx",
    FileType.PPTX: ".pptx",
    FileType.ODT: ".odt",
    FileType.ODS: ".ods",
    FileType.DOC: ".doc",
    FileType.XLS: ".xls",
    FileType.MSG: ".msg",
    FileType.RTF: ".rtf",
    FileType.HTML: ".html",
    FileType.XML: ".xml",
    FileType.JSON: ".json",
    FileType.CSV: ".csv",
    FileType.EML: ".eml",
    FileType.TEXT: ".txt",
}
"""The usual extension of a child's type (an image's by its magic, :data:`IMAGES`)."""
IMAGES = (
    (b"\x89PNG", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF8", ".gif"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
    (b"BM", ".bmp"),
    (b"RIFF", ".webp"),
)
NOTES = ("ZICNOTEDATA", "ZDATA")
"""Apple Notes' table and column of note bodies."""
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_NAME = 64
"""Most characters of a table's or a column's name in a child's name."""


def held_as_text(data: bytes) -> bool:
    """Whether a BLOB's cell shows it as text: UTF-8 without control characters."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _NOT_TEXT.search(text)


def is_zlib(data: bytes) -> bool:
    """Whether ``data`` opens with a zlib header (RFC 1950: deflate, a window of at most
    32 KB, its check bits right, no preset dictionary)."""
    return (
        len(data) >= 2
        and data[0] & 0x0F == 8
        and data[0] >> 4 <= 7
        and (data[0] << 8 | data[1]) % 31 == 0
        and not data[1] & 0x20
    )


def inflated(data: bytes, wbits: int, limit: int) -> bytes | None:
    """A zlib (``wbits`` 15) or gzip (31) stream's bytes, where it ends within ``limit``
    bytes of output and checks; else None."""
    decoder = zlib.decompressobj(wbits)
    try:
        out = decoder.decompress(data, limit + 1)
    except zlib.error:
        return None
    if not decoder.eof or len(out) > limit:
        return None
    return out


def step(name: str) -> str:
    """A table's or a column's name as a step of a child's name (no separators, no
    control characters, at most :data:`_NAME` characters)."""
    return _UNSAFE.sub("_", name)[:_NAME] or "_"


def extension(kind: FileType, data: bytes) -> str:
    """The usual extension of a child of type ``kind``."""
    if kind is FileType.IMAGE:
        return next((ext for magic, ext in IMAGES if data.startswith(magic)), "")
    return EXTENSIONS.get(kind, "")


def note_text(data: bytes, limit: int) -> str | None:
    """The text of an Apple Notes body (gzip, then ``NoteStoreProto``: field 2, its field
    3, its field 2), or None where the bytes are not one."""
    raw = inflated(data, 31, limit) if data[:2] == b"\x1f\x8b" else None
    if raw is None:
        return None
    budget = Budget()
    start, end = 0, len(raw)
    try:
        for number in (2, 3, 2):
            found = [f for f in scan(raw, start, end, budget) if f[0] == number and f[1] == LEN]
            if not found:
                return None
            _, _, start, end = found[0]
        return raw[start:end].decode("utf-8")
    except (WireError, TooManyFields, UnicodeDecodeError):
        return None


class BlobFiles:
    """The files in one database's BLOBs, their number and bytes counted."""

    def __init__(self, path: str, config: Config) -> None:
        self.path = path
        self.config = config
        self.files = 0
        self.bytes = 0
        self.cut = False

    def cell(self, table: str, column: str, row: str, data: bytes) -> Iterator[Extracted]:
        """The file (or, for Apple Notes, the text) in the BLOB ``data`` of ``table``'s
        ``column`` in ``row`` (``rowid-20``, ``row-3``): nothing where it holds none."""
        if len(data) < MIN_BYTES or held_as_text(data) or message_text(data) is not None:
            return  # (its cell holds it as text)
        left = max(0, self.config.max_blob_bytes - self.bytes)
        if (table, column) == NOTES:
            text = note_text(data, left)
            if text is not None:
                self.bytes += len(text)
                part = f"{table}/{column}/{row}"
                limit = self.config.max_text_unit_chars
                yield from cut_text(Location(self.path, part), text, limit)
                return
        kind = sniff_bytes(data)
        if kind in NOT_FILES and is_zlib(data):
            data = inflated(data, 15, left + 1) or b""  # (one more: over the bound, noted)
            kind = sniff_bytes(data) if data else FileType.EMPTY
            if kind is FileType.BINARY and held_as_text(data):
                kind = FileType.TEXT  # (compressed text: no cell shows it)
        elif kind is FileType.TEXT:
            return
        if kind in NOT_FILES - {FileType.TEXT}:
            return
        if self.files >= self.config.max_blob_files or len(data) > left:
            if not self.cut:
                self.cut = True
                where = Location(self.path, table)
                yield Note(where, f"files in BLOBs read up to {self.files} ({row} and after not)")
            return
        self.files += 1
        self.bytes += len(data)
        name = STEP.join((step(table), step(column), row)) + extension(kind, data)
        yield ChildFile(name, data)
