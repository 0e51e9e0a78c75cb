"""Windows shortcuts (``.lnk``, MS-SHLLINK: the ``Recent`` folder a forensic triage
copied, a desktop's links): the file a shortcut points to, by its full path, names a
patient as often as the file does (``C:\\Users\\...\\Downloads\\610924849_Wojcik.xlsx``),
and it stays after the file itself is deleted.

Read with ``struct`` (the parts a person needs, not the shell's item list): the header
(its size 0x4C and the ShellLink class id), the target's place (LinkInfo: its local base
path and common path suffix in the system's code page, or in UTF-16 where the link holds
that too; a network share's name), the string data (a description, the relative path,
the working folder, the arguments, the icon's place: UTF-16 or code page as the header's
flag says) and the environment-variable block's target. They are the text part
``shortcut``, a line each (``target: C:\\...``), characters of that text; the times of
the header (the target's when the link was made) are a line too. Offsets and lengths are
checked against the file; a link that does not parse is an error.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.ingest.filetype import LNK_HEADER
from breachscope.location import Location

MAX_LINK = 1024**2
"""Largest shortcut read (they are a few kB)."""
_HAS_ID_LIST, _HAS_INFO, _UNICODE = 0x1, 0x2, 0x80
_STRINGS = (
    (0x4, "description"), (0x8, "relative path"), (0x10, "working folder"),
    (0x20, "arguments"), (0x40, "icon"),
)  # fmt: skip
_ENVIRONMENT = 0xA0000001
_EPOCH = dt.datetime(1601, 1, 1)


class _Bad(Exception):
    """The link's bytes do not hold what their lengths say."""


def filetime(value: int) -> str | None:
    """A Windows FILETIME (100-nanosecond ticks since 1601) as an ISO instant (None where
    it is 0 or out of range)."""
    if not value:
        return None
    try:
        return (_EPOCH + dt.timedelta(microseconds=value // 10)).isoformat(timespec="seconds")
    except OverflowError:
        return None


def _cstring(data: bytes, at: int, wide: bool) -> str:
    """A NUL-ended string at ``at``: UTF-16 (``wide``) or the system's code page."""
    if not 0 < at < len(data):
        raise _Bad(f"a string at {at}")
    if wide:
        end = at
        while end + 1 < len(data) and data[end : end + 2] != b"\0\0":
            end += 2
        return data[at:end].decode("utf-16-le", "replace")
    end = data.find(b"\0", at)
    return data[at : end if end >= 0 else len(data)].decode("cp1252", "replace")


def _link_info(data: bytes, at: int) -> tuple[list[tuple[str, str]], int]:
    """The target's place from the LinkInfo at ``at``, and where the structure ends."""
    if at + 28 > len(data):
        raise _Bad("LinkInfo past the end")
    size, head, flags, _volume, local, network, suffix = struct.unpack_from("<7I", data, at)
    if size < head or at + size > len(data):
        raise _Bad(f"LinkInfo of {size} bytes")
    info = data[at : at + size]
    unicode_local = unicode_suffix = 0
    if head >= 0x24 and len(info) >= 0x24:
        unicode_local, unicode_suffix = struct.unpack_from("<2I", info, 28)
    path = ""
    if flags & 0x1 and local:
        path = (
            _cstring(info, unicode_local, True) if unicode_local else _cstring(info, local, False)
        )
    if flags & 0x2 and network and network + 20 <= len(info):
        share = struct.unpack_from("<I", info, network + 8)[0]
        path = _cstring(info, network + share, False) + ("\\" if path else "") + path
    tail = _cstring(info, unicode_suffix, True) if unicode_suffix else ""
    if not tail and suffix:
        tail = _cstring(info, suffix, False)
    joined = path + ("\\" if path and tail and not path.endswith("\\") else "") + tail
    return ([("target", joined)] if joined else []), at + size


def _strings(data: bytes, at: int, flags: int) -> tuple[list[tuple[str, str]], int]:
    """The string data after LinkInfo, each a count of characters and its characters."""
    out: list[tuple[str, str]] = []
    width = 2 if flags & _UNICODE else 1
    for flag, name in _STRINGS:
        if not flags & flag:
            continue
        if at + 2 > len(data):
            raise _Bad(f"{name} past the end")
        count = struct.unpack_from("<H", data, at)[0]
        raw = data[at + 2 : at + 2 + count * width]
        if len(raw) < count * width:
            raise _Bad(f"{name} of {count} characters")
        text = raw.decode("utf-16-le" if width == 2 else "cp1252", "replace")
        out.append((name, text))
        at += 2 + count * width
    return out, at


def _environment(data: bytes, at: int) -> list[tuple[str, str]]:
    """The target as the environment-variable block writes it (``%USERPROFILE%\\...``)."""
    while at + 8 <= len(data):
        size, signature = struct.unpack_from("<2I", data, at)
        if size < 8 or at + size > len(data):
            break
        if signature == _ENVIRONMENT and size >= 788:
            wide = _cstring(data, at + 268, True)
            return [("target (variables)", wide or _cstring(data, at + 8, False))]
        at += size
    return []


def read_link(data: bytes) -> list[tuple[str, str]]:
    """A shortcut's named values (see the module)."""
    if len(data) < 0x4C or not data.startswith(LNK_HEADER):
        raise _Bad("no shortcut header")
    flags = struct.unpack_from("<I", data, 0x14)[0]
    created, accessed, written = struct.unpack_from("<3Q", data, 0x1C)
    at = 0x4C
    if flags & _HAS_ID_LIST:
        if at + 2 > len(data):
            raise _Bad("item list past the end")
        at += 2 + struct.unpack_from("<H", data, at)[0]
        if at > len(data):
            raise _Bad("item list past the end")
    values: list[tuple[str, str]] = []
    if flags & _HAS_INFO:
        found, at = _link_info(data, at)
        values += found
    found, at = _strings(data, at, flags)
    values += found
    values += _environment(data, at)
    times = [(n, filetime(t)) for n, t in (("made", created), ("opened", accessed))]
    times.append(("changed", filetime(written)))
    values += [(f"target {n}", t) for n, t in times if t]
    return [(n, v) for n, v in values if v.strip()]


class ShellLinkExtractor(Extractor):
    """A Windows shortcut's target and strings as text."""

    id: ClassVar[str] = "lnk"
    types: ClassVar[frozenset[str]] = frozenset({"lnk"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        if source.size > MAX_LINK:
            raise ExtractError(f"shortcut larger than {MAX_LINK} bytes")
        try:
            values = read_link(source.read_bytes(MAX_LINK))
        except (_Bad, struct.error) as exc:
            raise ExtractError(f"unreadable shortcut ({exc})") from None
        if not values:
            raise SkipFile("shortcut without a target or strings")
        text = "\n".join(f"{name}: {value}" for name, value in values)
        yield from cut_text(
            Location(source.path, part="shortcut"), text, config.max_text_unit_chars
        )
