"""Chrome's (and Chromium's, Edge's, Electron apps') disk cache entries in the Simple
Cache format: ``Cache/Cache_Data/<16 hex>_0``, an API answer or a page as it was received.

An entry file, as ``net/disk_cache/simple/simple_entry_format.h`` lays it out, is its
header (the magic ``0xfcfb6d1ba7725c30``, its version, the key's length and hash: 24
bytes), the key (``1/0/_dk_<site> <site> <URL>``: the URL is its last word), stream 1
(the response body, as received), a ``SimpleFileEOF`` record (the magic
``0xf4fa6f45970d41d8``, flags, the CRC-32 of the stream and its size: 24 bytes), stream
0 (the response's headers, pickled), the key's SHA-256 where the record's flags say so,
and a last ``SimpleFileEOF`` record whose size is stream 0's. The file is read from its
end, as Chrome reads it; an entry of one stream (``_1``: stream 2) is its header, key,
data and record.

The body is decoded by its ``Content-Encoding`` (gzip, deflate, Brotli, zstd) and handed
on as a child file named by the URL's last path step (its type's extension added where it
has none: ``uitslagen.json`` for ``application/json``), read as its own type; a body that
does not decode is handed on as it is, with a note. The headers are read from their
pickle (the counted string that opens with ``HTTP/``, its lines apart by NULs) and are,
after the URL, the text of part ``headers``. A CRC-32 that does not match is noted; the
entry is still read.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.email import safe_name
from breachscope.location import Location

INITIAL_MAGIC = struct.pack("<Q", 0xFCFB6D1BA7725C30)
"""A Simple Cache entry file's first eight bytes."""
FINAL_MAGIC = struct.pack("<Q", 0xF4FA6F45970D41D8)
"""A ``SimpleFileEOF`` record's first eight bytes."""
HEADER_SIZE = 24
EOF_SIZE = 24
"""``sizeof(SimpleFileHeader)`` and ``sizeof(SimpleFileEOF)`` (their fields padded to 8)."""
HAS_CRC32, HAS_KEY_SHA256 = 1, 2
_EXTENSIONS = {
    "application/json": ".json",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "text/javascript": ".js",
    "application/javascript": ".js",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
"""A body's extension by its ``Content-Type``, where the URL's last step has none."""
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def is_simple_cache(head: bytes) -> bool:
    """Whether ``head`` opens a Simple Cache entry: its magic and a key that fits."""
    return len(head) >= HEADER_SIZE and head.startswith(INITIAL_MAGIC)


class _Eof:
    """A ``SimpleFileEOF`` record: its flags, CRC-32 and (stream 0's) size."""

    def __init__(self, data: bytes, at: int) -> None:
        if at < 0 or data[at : at + 8] != FINAL_MAGIC:
            raise ExtractError(f"no end-of-stream record at byte {at}")
        self.flags, self.crc, self.size = struct.unpack_from("<III", data, at + 8)


def decode_body(body: bytes, encoding: str, limit: int) -> tuple[bytes, str | None]:
    """The body decoded by its content coding (at most ``limit`` bytes), and why it could
    not be (None: it was, or it needed not be)."""
    coding = encoding.strip().lower()
    try:
        if coding in ("gzip", "x-gzip"):
            return _inflate(body, 31, limit)
        if coding == "deflate":  # (zlib's wrapper as RFC 9110 says, raw as some servers send)
            return _inflate(body, 15 if body[:1] == b"\x78" else -15, limit)
        if coding == "br":
            import brotli

            out = brotli.Decompressor().process(body, output_buffer_limit=limit)
            return out, None
        if coding == "zstd":
            import zstandard

            with zstandard.ZstdDecompressor().stream_reader(body) as reader:
                return reader.read(limit), None
    except Exception as exc:  # (zlib.error, brotli.error, ZstdError: a damaged body)
        return body, f"its {coding} coding does not decode ({type(exc).__name__})"
    if coding in ("", "identity"):
        return body, None
    return body, f"its coding {coding!r} is not read"


def _inflate(body: bytes, wbits: int, limit: int) -> tuple[bytes, str | None]:
    decoder = zlib.decompressobj(wbits)
    out = decoder.decompress(body, limit)
    if not decoder.eof:
        return out, "its compressed stream is cut short"
    return out, None


def response_headers(stream0: bytes) -> list[str]:
    """The response's header lines from its pickled ``HttpResponseInfo``: the counted
    string (a 32-bit length before it) that opens with ``HTTP/``, its lines apart by NULs."""
    at = stream0.find(b"HTTP/")
    while at >= 4:
        length = int.from_bytes(stream0[at - 4 : at], "little")
        if at + length <= len(stream0):
            raw = stream0[at : at + length]
            return [ln.decode("latin-1") for ln in raw.split(b"\0") if ln]
        at = stream0.find(b"HTTP/", at + 1)
    return []


def body_name(url: str, headers: list[str], used: set[str]) -> str:
    """The child's name: the URL's last path step, its type's extension added."""
    try:
        path = urlsplit(url).path
    except ValueError:
        path = ""
    step = unquote(path.rstrip("/").rsplit("/", 1)[-1]) or "body"
    kind = _header(headers, "content-type").split(";")[0].strip().lower()
    if not _EXTENSION.search(step) and kind in _EXTENSIONS:
        step += _EXTENSIONS[kind]
    return safe_name(step, 1, used)


def _header(headers: list[str], name: str) -> str:
    for line in headers[1:]:
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == name:
            return value.strip()
    return ""


class ChromeCacheExtractor(Extractor):
    """A Simple Cache entry: its body a child file, its URL and headers as text."""

    id: ClassVar[str] = "chrome-cache"
    types: ClassVar[frozenset[str]] = frozenset({"chrome-cache"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "cache entry")
        if not is_simple_cache(data):
            raise ExtractError("no Simple Cache entry header")
        key_length = struct.unpack_from("<I", data, 12)[0]
        key_end = HEADER_SIZE + key_length
        if key_end + EOF_SIZE > len(data):
            raise ExtractError(f"a key of {key_length} bytes past the end of the file")
        key = data[HEADER_SIZE:key_end].decode("utf-8", errors="replace")
        url = key.rsplit(" ", 1)[-1]
        if url.startswith("1/0/"):  # (a key without the site: ``1/0/<URL>``)
            url = url[4:]
        last = _Eof(data, len(data) - EOF_SIZE)
        end0 = len(data) - EOF_SIZE - (32 if last.flags & HAS_KEY_SHA256 else 0)
        start0 = end0 - last.size
        notes: list[str] = []
        if start0 - EOF_SIZE >= key_end and data[start0 - EOF_SIZE : start0 - 16] == FINAL_MAGIC:
            first = _Eof(data, start0 - EOF_SIZE)
            body = data[key_end : start0 - EOF_SIZE]
            headers = response_headers(data[start0:end0])
            if first.flags & HAS_CRC32 and zlib.crc32(body) != first.crc:
                notes.append("the body's CRC-32 does not match")
        else:  # (an entry of stream 2 alone, ``_1``: its data up to the record)
            body, headers = data[key_end : len(data) - EOF_SIZE], []
        text = "\n".join([url, *headers])
        yield from cut_text(Location(source.path, part="headers"), text, config.max_text_unit_chars)
        if body:
            coding = _header(headers, "content-encoding")
            decoded, why = decode_body(body, coding, config.batch_bytes)
            if why is not None:
                notes.append(f"the body is kept as received: {why}")
            yield ChildFile(body_name(url, headers, set()), decoded)
        for note in notes:
            yield Note(Location(source.path), note)
