"""Fiddler's session archives (``.saz``: a developer's capture of a web application's
traffic, saved from Fiddler Classic or Fiddler Everywhere and attached to a ticket).

A ``.saz`` is a zip: for each session ``N`` (numbered from 1, padded with zeros to the
width of the largest number: ``raw/01_c.txt``) the request as it was sent
(``raw/N_c.txt``: its request line, headers, a blank line and its body), the response as
it was received (``raw/N_s.txt``) and the session's metadata (``raw/N_m.xml``: its
timers and ``SessionFlag`` elements, the client's process and address, a user's
comment); ``_index.htm`` and ``[Content_Types].xml`` beside them are not read.

Each session's request line and headers, its response's status line and headers, and its
flags (``name: value``) are the text of part ``session-N``. Each body is a child file
read as its own type, named by the session, its side and its URL's last path step with
its ``Content-Type``'s extension (``1-response-zoek.json``), as
:mod:`breachscope.extract.curltrace` names the bodies of a trace: a chunked body
(``Transfer-Encoding: chunked``) unchunked and a body decoded by its
``Content-Encoding`` (gzip, deflate, Brotli, zstd) with the same readers
(:func:`~breachscope.extract.curltrace.unchunk`,
:func:`~breachscope.extract.chromecache.decode_body`); a body that does not decode is
handed on as it is, with a note. The members together are read up to
``Config.batch_bytes`` (the rest noted). An archive saved with a password (its members
encrypted) is skipped, ``encrypted``.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import urljoin

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
from breachscope.extract.chromecache import body_name, decode_body
from breachscope.extract.chunking import cut_text
from breachscope.extract.curltrace import unchunk
from breachscope.extract.email import safe_name
from breachscope.location import Location

SESSION_MEMBER = re.compile(r"raw/(\d{1,9})_([csm])\.(?:txt|xml)")
"""A session's member: its number and kind (client request, server response, metadata)."""
_FLAG = re.compile(r"<SessionFlag\s+N=\"([^\"]*)\"\s+V=\"([^\"]*)\"")
_REQUEST = re.compile(r"([A-Z]{3,12}) (\S+) HTTP/\d")
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    OSError,
    RuntimeError,  # (a member encrypted)
    ValueError,  # (a header that does not parse)
)


def _split(message: bytes) -> tuple[list[str], bytes]:
    """An HTTP message's start line and header lines, and its body."""
    for blank in (b"\r\n\r\n", b"\n\n"):
        head, sep, body = message.partition(blank)
        if sep:
            return head.decode("latin-1").splitlines(), body
    return message.decode("latin-1").splitlines(), b""


def _header(lines: list[str], name: str) -> str:
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == name:
            return value.strip()
    return ""


def _url(request: list[str]) -> str:
    """The request's URL: absolute as Fiddler writes it, else joined to its ``Host``."""
    found = _REQUEST.match(request[0]) if request else None
    if found is None:
        return ""
    target = found[2]
    if "://" in target:
        return target
    host = _header(request, "host")
    return urljoin(f"https://{host}/", target) if host else target


class FiddlerSazExtractor(Extractor):
    """A Fiddler ``.saz``: each session's headers as text, its bodies as files."""

    id: ClassVar[str] = "fiddler-saz"
    types: ClassVar[frozenset[str]] = frozenset({"saz"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        sessions: dict[int, dict[str, bytes]] = {}
        notes: list[str] = []
        with source.open() as fh:
            try:
                with zipfile.ZipFile(fh) as archive:
                    left = config.batch_bytes
                    members = []
                    for info in archive.infolist():
                        found = SESSION_MEMBER.fullmatch(info.filename)
                        if found is not None and not info.is_dir():
                            if info.flag_bits & 0x1:  # (saved with a password)
                                raise SkipFile("encrypted")
                            members.append((int(found[1]), found[2], info))
                    for number, kind, info in sorted(members, key=lambda m: (m[0], m[1])):
                        if left <= 0:
                            notes.append(f"sessions from {number} on beyond the size limit")
                            break
                        with archive.open(info) as member:
                            data = member.read(left + 1)
                        if len(data) > left:
                            notes.append(f"session {number}'s {kind} member cut at the limit")
                            data = data[:left]
                        left -= len(data)
                        sessions.setdefault(number, {})[kind] = data
            except _BROKEN as exc:
                if not sessions:
                    kind = type(exc).__name__
                    raise ExtractError(f"corrupt or truncated .saz ({kind})") from None
                notes.append(f"the archive read up to a break ({type(exc).__name__})")
        if not sessions:
            raise ExtractError("no sessions (no raw/N_c.txt or raw/N_s.txt members)")
        used: set[str] = set()
        for number, parts in sorted(sessions.items()):
            request, request_body = _split(parts.get("c", b""))
            response, response_body = _split(parts.get("s", b""))
            url = _url(request)
            lines = [*request, *([""] if request and response else []), *response]
            flags = _FLAG.findall(parts.get("m", b"").decode("utf-8", errors="replace"))
            if flags:
                lines += ["", *(f"{html.unescape(k)}: {html.unescape(v)}" for k, v in flags)]
            text = "\n".join(lines).strip("\n")
            if text:
                location = Location(source.path, part=f"session-{number}")
                yield from cut_text(location, text, config.max_text_unit_chars)
            for role, headers, body in (
                ("request", request, request_body),
                ("response", response, response_body),
            ):
                if not body:
                    continue
                data, why = _body(headers, body, config.batch_bytes)
                if why is not None:
                    notes.append(f"session {number}'s {role} body is kept as sent: {why}")
                name = body_name(url or "/body", headers or [""], set())
                yield ChildFile(safe_name(f"{number}-{role}-{name}", 1, used), data)
        for note in notes:
            yield Note(Location(source.path), note)


def _body(headers: list[str], body: bytes, limit: int) -> tuple[bytes, str | None]:
    """A body as its sender meant it: unchunked, its content coding undone."""
    why = None
    if "chunked" in _header(headers, "transfer-encoding").lower():
        joined = unchunk(body)
        if joined is None:
            why = "its chunks do not add up"
        else:
            body = joined
    coding = _header(headers, "content-encoding")
    if coding and why is None:
        body, why = decode_body(body, coding, limit)
    return body, why
