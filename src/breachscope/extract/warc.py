"""Web archives (WARC 1.0/1.1, ISO 28500: a crawl of a patient portal's test site made with
``wget --warc-file``; gzipped per record as ``.warc.gz``, opened as an archive first).
Each response's body is a child file, read as its own type (an HTML table of patients, a
JSON API's answer), named by its record's place and its URL's last step
(``record3-patienten.html``): its chunks joined (``Transfer-Encoding: chunked``) and its
``Content-Encoding`` (gzip, deflate) undone, at most ``Config.batch_bytes``. A request's
body (a form posted) is a child file too. The records' methods and URLs (a query names a
patient: ``?bsn=...``) are the text part ``requests``, one line per record, characters of
that text. A record that ends before its length ends the reading with a note, the records
before it kept.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO, ClassVar
from urllib.parse import unquote, urlsplit

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.units import TextUnit
from breachscope.location import Location

MAX_HEADER_BYTES = 64 * 1024
"""Most bytes of a record's (or an HTTP message's) header lines."""
_NAME = re.compile(r"[^\w.\-]+")
_EXTENSIONS = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/json": ".json",
    "text/csv": ".csv", "text/plain": ".txt", "application/xml": ".xml", "text/xml": ".xml",
    "application/pdf": ".pdf", "application/x-www-form-urlencoded": ".txt",
}  # fmt: skip


class _Cut(Exception):
    """The file ends inside a record."""


def _skip_blank(fh: BinaryIO) -> bool:
    """Past the blank lines before a record (False at the file's end)."""
    while True:
        at = fh.tell()
        line = fh.readline(MAX_HEADER_BYTES)
        if not line:
            return False
        if line.strip():
            fh.seek(at)
            return True


def _headers(fh: BinaryIO) -> tuple[str, dict[str, str]]:
    """A header block's first line and its fields (lower-case names)."""
    first = fh.readline(MAX_HEADER_BYTES)
    fields: dict[str, str] = {}
    size = len(first)
    while True:
        line = fh.readline(MAX_HEADER_BYTES)
        size += len(line)
        if not line or size > MAX_HEADER_BYTES:
            raise _Cut
        if not line.strip():
            break
        name, _, value = line.decode("latin-1").partition(":")
        fields[name.strip().lower()] = value.strip()
    return first.decode("latin-1").strip(), fields


def _http(block: bytes, limit: int) -> tuple[str, dict[str, str], bytes]:
    """An HTTP message's start line, its header fields and its body as sent (chunks
    joined, its content encoding undone)."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if "chunked" in fields.get("transfer-encoding", "").lower():
        body = _unchunked(body)
    encoding = fields.get("content-encoding", "").lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        wbits = 31 if "gzip" in encoding else 15
        try:
            inflater = zlib.decompressobj(wbits)
            body = inflater.decompress(body, limit)
        except zlib.error:
            try:  # (deflate sent raw, without its zlib header)
                body = zlib.decompressobj(-15).decompress(body, limit)
            except zlib.error:
                body = b""
    return (lines[0] if lines else ""), fields, body


def _unchunked(body: bytes) -> bytes:
    """A chunked body's chunks joined (up to a chunk that breaks)."""
    out: list[bytes] = []
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            break
        try:
            size = int(body[pos:end].split(b";", 1)[0].strip() or b"0", 16)
        except ValueError:
            break
        if size <= 0:
            break
        out.append(body[end + 2 : end + 2 + size])
        pos = end + 2 + size + 2
    return b"".join(out)


def _name(number: int, uri: str, content_type: str, kind: str) -> str:
    """A child's name: its record's place, its URL's last step and its type's extension."""
    path = urlsplit(uri).path.rstrip("/")
    step = _NAME.sub("_", unquote(path.rsplit("/", 1)[-1]))[:80] or "index"
    extension = _EXTENSIONS.get(content_type.split(";", 1)[0].strip().lower(), "")
    if extension and step.lower().endswith(extension):
        extension = ""
    suffix = "-request" if kind == "request" else ""
    return f"record{number}-{step}{suffix}{extension}"


class WarcExtractor(Extractor):
    """A web archive's responses (and posted forms) as child files, its URLs as text."""

    id: ClassVar[str] = "warc"
    types: ClassVar[frozenset[str]] = frozenset({"warc"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        requests: list[str] = []
        number = 0
        with source.open() as fh:
            while True:
                if not _skip_blank(fh):
                    break
                at = fh.tell()
                try:
                    version, fields = _headers(fh)
                    if not version.startswith("WARC/"):
                        raise _Cut
                    length = int(fields.get("content-length", "-1"))
                    if length < 0:
                        raise _Cut
                    if length > config.batch_bytes:
                        fh.seek(length, 1)
                        yield Note(Location(source.path), f"record at byte {at} too large")
                        continue
                    block = fh.read(length)
                    if len(block) < length:
                        raise _Cut
                except (_Cut, ValueError):
                    if not number:
                        raise ExtractError(f"unreadable WARC (a record at byte {at})") from None
                    yield Note(Location(source.path), f"WARC reading stopped at byte {at}")
                    break
                number += 1
                kind = fields.get("warc-type", "")
                uri = fields.get("warc-target-uri", "")
                if kind not in ("response", "request") or "application/http" not in fields.get(
                    "content-type", ""
                ):
                    continue
                start, http_fields, body = _http(block, config.batch_bytes)
                if kind == "request":
                    requests.append(f"{start.split(' ', 1)[0]} {uri}".strip())
                if body.strip():
                    name = _name(number, uri, http_fields.get("content-type", ""), kind)
                    yield ChildFile(name, body)
        if requests:
            yield TextUnit(Location(source.path, part="requests"), "\n".join(requests))
