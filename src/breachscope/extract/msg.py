"""Outlook ``.msg`` (an OLE2 compound file of MAPI properties), read with olefile (BSD).

The same parts as an ``.eml``: ``header`` (``From``/``To``/``Cc``/``Bcc``/``Subject``, and
``Date`` from the transport headers when present), ``body`` (``PR_BODY``) and ``body-html``
(``PR_HTML`` as text); attachments (``PR_ATTACH_DATA_BIN``) are child files, named by
their long file name. Embedded messages are noted, not read. A body kept only as compressed
RTF (older Outlook, rich-text mode) is decompressed (compressed-rtf, MIT) and read as RTF
(:mod:`.rtf`) into ``part=body``; one that cannot be read is noted.
"""

from __future__ import annotations

import email
from collections.abc import Iterator
from email import policy
from typing import Any, ClassVar

import compressed_rtf

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.extract.email import safe_name
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.htmltext import html_to_text
from breachscope.extract.ole import read_ole
from breachscope.extract.rtf import rtf_text
from breachscope.location import Location

SUBJECT, SENDER_NAME, SENDER_SMTP, SENDER_EMAIL = "0037", "0C1A", "5D01", "0C1F"
DISPLAY_TO, DISPLAY_CC, DISPLAY_BCC = "0E04", "0E03", "0E02"
HEADERS, BODY, HTML, RTF = "007D", "1000", "1013", "1009"
RECIP_NAME, RECIP_SMTP, RECIP_EMAIL, RECIP_TYPE = "3001", "39FE", "3003", "0C15"
ATTACH_DATA, ATTACH_LONG_NAME, ATTACH_NAME = "3701", "3707", "3704"
MAX_STREAMS = 20_000
"""Most attachments or recipients read from one message."""


class _Props:
    """String and binary properties of one storage (the message, a recipient, an attachment)."""

    def __init__(self, ole: Any, prefix: str, limit: int) -> None:
        self._ole = ole
        self._prefix = prefix
        self._limit = limit

    def raw(self, prop: str, kind: str) -> bytes | None:
        path = f"{self._prefix}__substg1.0_{prop}{kind}"
        if not self._ole.exists(path):
            return None
        if self._ole.get_size(path) > self._limit:
            raise ExtractError(f"msg property larger than {self._limit} bytes")
        with self._ole.openstream(path) as stream:
            data: bytes = stream.read()
        return data

    def long(self, prop: str, header: int = 8) -> int | None:
        """A 32-bit property from the fixed-size ``__properties_version1.0`` stream."""
        path = f"{self._prefix}__properties_version1.0"
        if not self._ole.exists(path) or self._ole.get_size(path) > self._limit:
            return None
        with self._ole.openstream(path) as stream:
            data: bytes = stream.read()
        wanted = int(prop, 16)
        for pos in range(header, len(data) - 15, 16):
            tag = int.from_bytes(data[pos : pos + 4], "little")
            if tag >> 16 == wanted and tag & 0xFFFF == 0x0003:
                return int.from_bytes(data[pos + 8 : pos + 12], "little")
        return None

    def text(self, prop: str) -> str | None:
        data = self.raw(prop, "001F")
        if data is not None:
            return data.decode("utf-16-le", errors="replace").rstrip("\x00")
        data = self.raw(prop, "001E")
        if data is not None:
            return decode_bytes(data).rstrip("\x00")
        data = self.raw(prop, "0102")
        return None if data is None else decode_bytes(data).rstrip("\x00")


class MsgExtractor(Extractor):
    """Outlook messages."""

    id: ClassVar[str] = "msg"
    types: ClassVar[frozenset[str]] = frozenset({"msg"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        yield from read_ole(
            source, config, "msg file", lambda ole: list(self._read(ole, source.path, config))
        )

    def _read(self, ole: Any, path: str, config: Config) -> Iterator[Extracted]:
        props = _Props(ole, "", config.batch_bytes)
        if not any(
            ole.exists(f"__substg1.0_{p}001F") or ole.exists(f"__substg1.0_{p}001E")
            for p in (SUBJECT, BODY, SENDER_NAME, DISPLAY_TO)
        ):
            raise ExtractError("not an Outlook message (no message properties)")
        limit = config.max_text_unit_chars
        header = _header(ole, props, config.batch_bytes)
        if header:
            yield from cut_text(Location(path, part="header"), header, limit)
        body = props.text(BODY)
        if body:
            yield from cut_text(Location(path, part="body"), body, limit)
        html = props.text(HTML)
        if html:
            yield from cut_text(Location(path, part="body-html"), html_to_text(html), limit)
        rtf = props.raw(RTF, "0102") if not body and not html else None
        if rtf is not None:
            text = rtf_body(rtf)
            if text is None:
                yield Note(Location(path, part="body"), "RTF-only body unreadable")
            elif text.strip():
                yield from cut_text(Location(path, part="body"), text, limit)
        yield from _attachments(ole, path, config.batch_bytes)


def rtf_body(data: bytes) -> str | None:
    """The text of a compressed RTF body (``PR_RTF_COMPRESSED``), or None if it cannot
    be decompressed or is no RTF."""
    try:
        rtf = compressed_rtf.decompress(data)
    except Exception:  # the library raises bare Exceptions (bad header, CRC)
        return None
    if not rtf.lstrip().startswith(b"{\\rtf"):
        return None
    return rtf_text(rtf)[0]


def _storages(ole: Any, prefix: str) -> list[str]:
    names = {entry[0] for entry in ole.listdir(streams=True, storages=True) if entry}
    return sorted(n for n in names if n.startswith(prefix))[:MAX_STREAMS]


def _header(ole: Any, props: _Props, limit: int) -> str:
    lines: list[str] = []
    name, smtp = props.text(SENDER_NAME), props.text(SENDER_SMTP) or props.text(SENDER_EMAIL)
    if name or smtp:
        lines.append(f"From: {name} <{smtp}>" if name and smtp else f"From: {name or smtp}")
    to: list[str] = []
    cc: list[str] = []
    bcc: list[str] = []
    for storage in _storages(ole, "__recip_version1.0_#"):
        recip = _Props(ole, storage + "/", limit)
        rname = recip.text(RECIP_NAME)
        address = recip.text(RECIP_SMTP) or recip.text(RECIP_EMAIL)
        text = f"{rname} <{address}>" if rname and address else (rname or address or "")
        if text:
            {2: cc, 3: bcc}.get(recip.long(RECIP_TYPE) or 1, to).append(text)
    displays = ((DISPLAY_TO, "To", to), (DISPLAY_CC, "Cc", cc), (DISPLAY_BCC, "Bcc", bcc))
    for prop, label, found in displays:
        shown = ", ".join(found) or props.text(prop)
        if shown:
            lines.append(f"{label}: {shown}")
    subject = props.text(SUBJECT)
    if subject:
        lines.append(f"Subject: {subject}")
    transport = props.text(HEADERS)
    if transport:
        date = email.message_from_string(transport, policy=policy.compat32).get("Date")
        if date:
            lines.append(f"Date: {date}")
    return "\n".join(lines)


def _attachments(ole: Any, path: str, limit: int) -> Iterator[Extracted]:
    used: set[str] = set()
    for index, storage in enumerate(_storages(ole, "__attach_version1.0_#"), start=1):
        attach = _Props(ole, storage + "/", limit)
        name = attach.text(ATTACH_LONG_NAME) or attach.text(ATTACH_NAME)
        data = attach.raw(ATTACH_DATA, "0102")
        if data is None:
            where = Location(path, part=f"attachment-{index}")
            yield Note(where, "embedded message or object not read")
            continue
        yield ChildFile(safe_name(name, index, used), data)
