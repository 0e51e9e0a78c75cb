"""Windows minidumps (``.dmp``: what Windows Error Reporting's LocalDumps wrote when an
application crashed, ``CrashDumps/CytoScan.Client.exe.7312.dmp``, its memory holding the
patients on screen), read by the format (``minidumpapiset.h``: ``MINIDUMP_HEADER``,
``MINIDUMP_DIRECTORY``, the module and memory lists), with the standard library.

A dump opens with ``MDMP`` and a version whose low word is ``0xA793``, the count of its
streams and where their directory lies; each directory entry is a stream's type, size
and place (its RVA: an offset in the file). Read are:

* the module list (type 4) and the unloaded modules (14): each module's name, a
  ``MINIDUMP_STRING`` (a length in bytes and UTF-16LE) at its RVA, a line each in the
  part ``modules``;
* the comment streams (10: ANSI, 11: UTF-16LE) in the part ``comment``;
* the memory: the memory list (5: each range's data at its own RVA) and the 64-bit
  memory list of a full dump (9: the ranges' data one after another from one base
  RVA): its runs of text, UTF-16LE (a .NET or Windows string: a character of Latin-1,
  Latin Extended, Greek or Cyrillic, at least :data:`MIN_WIDE` of them, half of them
  Latin-1's) and ASCII or
  UTF-8 (a buffer, a JSON answer: at least :data:`MIN_NARROW` characters), each kept
  where it holds a letter or six digits (a BSN held alone), in the part ``strings``, a
  run a line, each once, in the order found.

Other streams (threads, their stacks' contexts, handles, system information) are passed
over. Bounded: every count, size and RVA is checked against the file's size; memory is
read :data:`WINDOW` bytes at a time (a run a window cuts is carried into the next, at
most :data:`MAX_RUN` bytes); the strings kept come to at most ``Config.batch_bytes``
characters (a note says the reading stopped there). A damaged stream ends its reading
with a note, the others still read.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

MAGIC = b"MDMP\x93\xa7"
MAX_STREAMS = 4096
MAX_MODULES = 100_000
MAX_RANGES = 10_000_000
MAX_NAME = 64 * 1024
"""Longest module name or comment read, in bytes."""
WINDOW = 4 * 1024 * 1024
MAX_RUN = 256 * 1024
"""Longest run of text carried from one window into the next."""
MIN_WIDE = 4
MIN_NARROW = 6
MIN_DIGITS = 6

_WIDE = re.compile(
    rb"(?:[\x09\x0a\x0d\x20-\x7e\xa0-\xff]\x00|[\x00-\xff][\x01-\x04]){%d,}" % MIN_WIDE
)
"""A run of UTF-16LE characters: Latin-1's printable ones and U+0100 to U+04FF."""
_NARROW = re.compile(
    rb"(?:[\x09\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}){%d,}" % MIN_NARROW
)
"""A run of ASCII or UTF-8 (two- and three-byte) characters."""
_LETTER = re.compile(r"[^\W\d_]")
_MODULES, _MEMORY, _MEMORY64, _COMMENT_A, _COMMENT_W, _UNLOADED = 4, 5, 9, 10, 11, 14


class DumpError(ValueError):
    """Bytes that are not a minidump's (the message names places, never a value)."""


class _Stop(Exception):
    """The strings kept have reached the bound."""


class _Strings:
    """The runs of text found, each once, up to ``limit`` characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: dict[str, None] = {}
        self.chars = 0

    def add(self, text: str, counted: bool = False) -> None:
        """Keep ``text`` where it reads as text (``counted``: a .NET string, after its
        length: kept where it holds a letter or six digits)."""
        text = " ".join(text.split())
        if len(text) < MIN_WIDE or text in self.found:
            return
        if not _LETTER.search(text) and sum(c.isdigit() for c in text) < MIN_DIGITS:
            return
        if not counted and not plausible(text):
            return
        if self.chars + len(text) + 1 > self.limit:
            raise _Stop
        self.found[text] = None
        self.chars += len(text) + 1

    def scan(self, data: bytes, final: bool) -> int:
        """Keep the runs in ``data``; where one reaches its end and more follows, the
        offset it starts at (the caller carries the rest), else ``len(data)``."""
        carry = len(data)
        for pattern, codec in ((_WIDE, "utf-16-le"), (_NARROW, "utf-8")):
            for match in pattern.finditer(data):
                if not final and match.end() == len(data) and len(data) - match.start() < MAX_RUN:
                    carry = min(carry, match.start())
                    continue
                raw = match.group()
                if codec == "utf-16-le":
                    text = raw[: len(raw) // 2 * 2].decode(codec, "replace")
                    if sum(c < "\u0100" for c in text) * 2 < len(text):
                        continue  # (numbers of 16 bits, not a string: few Latin-1 letters)
                    start = match.start()
                    counted = start >= 4 and int.from_bytes(
                        data[start - 4 : start], "little"
                    ) == len(text)
                    self.add(text, counted)
                else:
                    self.add(raw.decode(codec, "replace"))
        return carry


_PUNCTUATION = frozenset(" .,:;-/()'+@&#_\"{}[]=?!%*<>\\|~$")
_SEPARATORS = re.compile(r"[\s.,:;\-/()'+@&#_\"{}\[\]=?!%*<>\\|~$]+")
_SHORT_PUNCTUATION = frozenset(" .,-'/:=")
SHORT_RUN = 8
"""Fewest characters of a short run kept where no length before it counts them."""
_NUMBERED = re.compile(r"\d+[A-Za-z]{1,2}|[A-Z]{1,2}\d+")
"""A house number with its letters (``12A``), a code (``C24``)."""
LONG_RUN = 32
"""Length from which a run is text where nearly all of it is letters, digits, white
space and punctuation (a JSON answer): random bytes make no run so long."""


def plausible(text: str) -> bool:
    """Whether a run found in memory reads as text rather than bytes that happen to be
    printable: a long one of letters, digits and punctuation (nine in ten characters);
    a short one (:data:`SHORT_RUN` characters at least) of letters, digits, spaces and
    ``.,-'/:=`` alone, two in three characters letters or digits, of words that are
    digits (``12A``, ``C24`` too), a word in lower case after a capital, or in capitals,
    with a word of three letters or six digits among them."""
    if len(text) >= LONG_RUN:
        usual = sum(c.isalnum() or c in _PUNCTUATION for c in text)
        return usual * 10 >= len(text) * 9
    if len(text) < SHORT_RUN or any(not c.isalnum() and c not in _SHORT_PUNCTUATION for c in text):
        return False
    words = [w for w in _SEPARATORS.split(text) if w]
    if not words or sum(c.isalnum() for c in text) * 3 < len(text) * 2:
        return False
    for word in words:
        if word.isdigit() or _NUMBERED.fullmatch(word):
            continue
        if not word.isalpha() or not (word[1:].islower() or word.isupper() or len(word) == 1):
            return False
    return any((len(w) >= 3 and w.isalpha()) or len(w) >= MIN_DIGITS for w in words)


def _read(fh: BinaryIO, size: int, rva: int, length: int, what: str) -> bytes:
    """``length`` bytes at ``rva`` (:class:`DumpError` where they pass the file's end)."""
    if rva < 0 or length < 0 or rva + length > size:
        raise DumpError(f"{what} at byte {rva} runs past the file's end")
    fh.seek(rva)
    return fh.read(length)


def _string(fh: BinaryIO, size: int, rva: int) -> str:
    """A ``MINIDUMP_STRING``: a length in bytes and UTF-16LE."""
    (length,) = struct.unpack("<I", _read(fh, size, rva, 4, "string"))
    if length > MAX_NAME:
        raise DumpError(f"string at byte {rva} of {length} bytes")
    return _read(fh, size, rva + 4, length, "string").decode("utf-16-le", "replace")


def directory(fh: BinaryIO, size: int) -> list[tuple[int, int, int]]:
    """The streams' types, sizes and RVAs (:class:`ExtractError` for no minidump)."""
    head = fh.read(32)
    if not head.startswith(MAGIC):
        raise ExtractError("not a minidump (no 'MDMP' and its version)")
    if len(head) < 32:
        raise ExtractError("minidump cut short in its header")
    count, rva = struct.unpack_from("<II", head, 8)
    if count > MAX_STREAMS or rva + 12 * count > size:
        raise ExtractError("minidump's stream directory runs past the file's end")
    fh.seek(rva)
    raw = fh.read(12 * count)
    return [struct.unpack_from("<III", raw, 12 * i) for i in range(count)]


def module_names(fh: BinaryIO, size: int, kind: int, length: int, rva: int) -> list[str]:
    """The names of a module list's (or unloaded module list's) modules."""
    data = _read(fh, size, rva, length, "module list")
    if kind == _MODULES:
        (count,) = struct.unpack_from("<I", data) if len(data) >= 4 else (0,)
        entry, first, name_at = 108, 4, 20
    else:
        header, entry, count = struct.unpack_from("<III", data) if len(data) >= 12 else (12, 24, 0)
        first, name_at = header, 20
        if entry < 24:
            raise DumpError(f"unloaded module list at byte {rva} with entries of {entry} bytes")
    if count > MAX_MODULES or first + count * entry > len(data):
        raise DumpError(f"module list at byte {rva} longer than its stream")
    names = []
    for i in range(count):
        (name_rva,) = struct.unpack_from("<I", data, first + i * entry + name_at)
        names.append(_string(fh, size, name_rva))
    return names


def memory_ranges(
    fh: BinaryIO, size: int, kind: int, length: int, rva: int
) -> Iterator[tuple[int, int]]:
    """A memory list's ranges: where each one's data lie in the file, and their size."""
    data = _read(fh, size, rva, min(length, 16), "memory list")
    if kind == _MEMORY:
        (count,) = struct.unpack_from("<I", data) if len(data) >= 4 else (0,)
        if count > MAX_RANGES or 4 + 16 * count > length:
            raise DumpError(f"memory list at byte {rva} longer than its stream")
        table = _read(fh, size, rva + 4, 16 * count, "memory list")
        for i in range(count):
            _, data_size, data_rva = struct.unpack_from("<QII", table, 16 * i)
            yield data_rva, data_size
        return
    if len(data) < 16:
        raise DumpError(f"memory list at byte {rva} cut short")
    count, base = struct.unpack_from("<QQ", data)
    if count > MAX_RANGES or 16 + 16 * count > length:
        raise DumpError(f"memory list at byte {rva} longer than its stream")
    table = _read(fh, size, rva + 16, 16 * count, "memory list")
    for i in range(count):
        _, data_size = struct.unpack_from("<QQ", table, 16 * i)
        yield base, data_size
        base += data_size


def scan_range(fh: BinaryIO, size: int, rva: int, length: int, strings: _Strings) -> None:
    """Keep the runs of text in ``length`` bytes of memory at ``rva``."""
    if rva + length > size:
        raise DumpError(f"memory at byte {rva} runs past the file's end")
    fh.seek(rva)
    left = length
    carry = b""
    while left > 0:
        chunk = fh.read(min(WINDOW, left))
        if not chunk:
            break
        left -= len(chunk)
        data = carry + chunk
        cut = strings.scan(data, final=left <= 0)
        carry = data[cut:]
    if carry:
        strings.scan(carry, final=True)


class MinidumpExtractor(Extractor):
    """A Windows minidump's module names and the text in its memory."""

    id: ClassVar[str] = "minidump"
    types: ClassVar[frozenset[str]] = frozenset({"minidump"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        modules: dict[str, None] = {}
        comments: list[str] = []
        strings = _Strings(config.batch_bytes)
        notes: list[str] = []
        with source.open_sized() as (fh, size):
            streams = directory(fh, size)
            for kind, length, rva in streams:
                try:
                    if kind in (_MODULES, _UNLOADED):
                        for name in module_names(fh, size, kind, length, rva):
                            modules.setdefault(name.strip("\0 "), None)
                    elif kind in (_COMMENT_A, _COMMENT_W):
                        raw = _read(fh, size, rva, min(length, MAX_NAME), "comment")
                        codec = "utf-16-le" if kind == _COMMENT_W else "cp1252"
                        comments.append(raw.decode(codec, "replace").strip("\0 \r\n"))
                    elif kind in (_MEMORY, _MEMORY64):
                        for at, count in memory_ranges(fh, size, kind, length, rva):
                            scan_range(fh, size, at, count, strings)
                except DumpError as exc:
                    notes.append(f"stream of type {kind}: {exc}")
                except _Stop:
                    notes.append(f"the strings reached {config.batch_bytes} characters")
                    break
        texts = {
            "modules": "".join(f"{m}\n" for m in modules if m),
            "comment": "".join(f"{c}\n" for c in comments if c),
            "strings": "".join(f"{s}\n" for s in strings.found),
        }
        if not any(texts.values()):
            if notes:
                raise ExtractError(f"unreadable minidump ({notes[0]})")
            raise SkipFile("minidump holds no module names or text")
        for part, text in texts.items():
            yield from cut_text(Location(source.path, part), text, config.max_text_unit_chars)
        for note in notes:
            yield Note(where, f"minidump reading stopped ({note})")
