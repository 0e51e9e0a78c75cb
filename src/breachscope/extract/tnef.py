"""TNEF (``winmail.dat``: how Outlook wraps a rich-text message for other mail systems):
its attachments as child files (``winmail.dat!/NAME``, scanned as any file), and its body
as text (``part=body``).

Read after Microsoft's MS-OXTNEF: a signature, a key, then attributes (level, id, length,
value, checksum). An attachment starts at ``attAttachRenddata``; its bytes are
``attAttachData`` and its name ``attAttachTitle``, or the long file name among its MAPI
properties (``attAttachment``). The body is ``attBody``, else ``PR_BODY`` among the
message's MAPI properties (``attMsgProps``), else its compressed RTF (``PR_RTF_COMPRESSED``)
read as the RTF reader reads a file. Checksums are not checked (a leaked file is read as
far as it goes); a file cut short keeps what was read before the cut, with a note.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.email import safe_name
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.msg import rtf_body
from breachscope.location import Location

SIGNATURE = b"\x78\x9f\x3e\x22"
ATT_BODY = 0x0001800C
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACH_RENDDATA = 0x00069002
ATT_MSG_PROPS = 0x00069003
ATT_ATTACHMENT = 0x00069005
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_ATTACH_DATA_BIN = 0x3701
PR_ATTACH_LONG_FILENAME = 0x3707

_FIXED = {0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000A: 4,
          0x000B: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16}  # fmt: skip
"""MAPI property types of a fixed size (as TNEF writes them, padded to four bytes)."""
_STRING8, _UNICODE, _OBJECT, _BINARY = 0x001E, 0x001F, 0x000D, 0x0102
_MULTI = 0x1000
_VARIABLE = (_STRING8, _UNICODE, _OBJECT, _BINARY)


class _Cut(Exception):
    """The data ends inside a value."""


@dataclass
class _Attachment:
    title: str | None = None
    long_name: str | None = None
    data: bytes | None = None


@dataclass
class _Message:
    body: str | None = None
    mapi_body: str | None = None
    rtf: bytes | None = None
    attachments: list[_Attachment] = field(default_factory=list)
    cut: bool = False


def _u32(data: bytes, at: int) -> int:
    if at + 4 > len(data):
        raise _Cut
    return int(struct.unpack_from("<I", data, at)[0])


def mapi_properties(data: bytes) -> dict[int, bytes | str]:
    """The string and binary MAPI properties of an ``attMsgProps`` / ``attAttachment``
    value, by property id (the first value of each; fixed-size ones are skipped)."""
    out: dict[int, bytes | str] = {}
    count = _u32(data, 0)
    at = 4
    for _ in range(count):
        if at + 4 > len(data):
            raise _Cut
        ptype, pid = struct.unpack_from("<HH", data, at)
        at += 4
        if pid >= 0x8000:  # a named property: a GUID, then an id or a name
            kind = _u32(data, at + 16)
            at += 20
            if kind == 0:
                at += 4
            else:
                at += 4 + ((_u32(data, at) + 3) & ~3)
        base = ptype & ~_MULTI
        values = 1
        if ptype & _MULTI or base in _VARIABLE:  # (a count of values comes first)
            values = _u32(data, at)
            at += 4
        for n in range(values):
            if base in _FIXED:
                at += (_FIXED[base] + 3) & ~3
                if at > len(data):  # (a forged count of values ends here, not in a long loop)
                    raise _Cut
                continue
            if base not in _VARIABLE:
                raise ValueError(f"MAPI property type {base:#06x}")
            size = _u32(data, at)
            at += 4
            if at + size > len(data):
                raise _Cut
            raw = data[at : at + size]
            at += (size + 3) & ~3
            if n or pid in out:
                continue
            if base == _UNICODE:
                out[pid] = raw.decode("utf-16-le", errors="replace").rstrip("\0")
            elif base == _STRING8:
                out[pid] = raw.decode("cp1252", errors="replace").rstrip("\0")
            else:
                out[pid] = raw[16:] if base == _OBJECT else raw
    return out


def read_tnef(data: bytes) -> _Message:
    """The body and attachments of a TNEF stream (:class:`ExtractError` for no TNEF)."""
    if not data.startswith(SIGNATURE):
        raise ExtractError("not TNEF (no signature)")
    message = _Message()
    at = 6  # signature and key
    attachment: _Attachment | None = None
    while at < len(data):
        if at + 9 > len(data):
            message.cut = True
            break
        level = data[at]
        attr, size = struct.unpack_from("<II", data, at + 1)
        if level not in (1, 2):
            raise ExtractError(f"not TNEF (attribute level {level} at byte {at})")
        value = data[at + 9 : at + 9 + size]
        if len(value) < size:
            message.cut = True
        at += 9 + size + 2
        if attr == ATT_ATTACH_RENDDATA:
            attachment = _Attachment()
            message.attachments.append(attachment)
        elif attr == ATT_BODY and level == 1:
            message.body = decode_bytes(value.rstrip(b"\0"))
        elif attr == ATT_MSG_PROPS and level == 1:
            props = _props(value, message)
            if isinstance(body := props.get(PR_BODY), str):
                message.mapi_body = body
            if isinstance(rtf := props.get(PR_RTF_COMPRESSED), bytes):
                message.rtf = rtf
        elif attachment is not None and level == 2:
            if attr == ATT_ATTACH_TITLE:
                attachment.title = value.split(b"\0", 1)[0].decode("cp1252", errors="replace")
            elif attr == ATT_ATTACH_DATA:
                attachment.data = value
            elif attr == ATT_ATTACHMENT:
                props = _props(value, message)
                if isinstance(name := props.get(PR_ATTACH_LONG_FILENAME), str):
                    attachment.long_name = name
                if attachment.data is None and isinstance(
                    blob := props.get(PR_ATTACH_DATA_BIN), bytes
                ):
                    attachment.data = blob
    return message


def _props(value: bytes, message: _Message) -> dict[int, bytes | str]:
    try:
        return mapi_properties(value)
    except _Cut:
        message.cut = True
    except ValueError:
        pass  # a property type this reader does not know: the legacy attributes stand
    return {}


class TnefExtractor(Extractor):
    """``winmail.dat``: the attachments and the body of an Outlook rich-text message."""

    id: ClassVar[str] = "tnef"
    types: ClassVar[frozenset[str]] = frozenset({"tnef"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        message = read_tnef(source.read_document(config.batch_bytes, "TNEF file"))
        if message.cut:
            yield Note(Location(source.path), "TNEF cut short: read up to its end")
        body = message.body or message.mapi_body or (rtf_body(message.rtf) if message.rtf else None)
        if body:
            yield from cut_text(
                Location(source.path, part="body"), body, config.max_text_unit_chars
            )
        used: set[str] = set()
        for i, attachment in enumerate(message.attachments, 1):
            if attachment.data is not None:
                name = safe_name(attachment.long_name or attachment.title, i, used)
                yield ChildFile(name, attachment.data)
