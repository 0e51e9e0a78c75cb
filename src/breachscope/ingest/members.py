"""What every archive reader yields: members and the archive's own text, the expansion
budget, and the errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from breachscope.config import ArchiveLimits
from breachscope.ingest.blob import Blob, ByteRanges, read_into_blob

RATIO_FLOOR = 1024**2
"""The compression ratio is only judged once a member expands beyond this many bytes."""
MAX_HEADER_BYTES = 1024**2
"""Largest tar extended (pax / GNU long name) header read into memory."""

ENCRYPTED = "encrypted"


class ArchiveError(Exception):
    """The archive itself could not be read (corrupt, truncated, over a limit)."""


class ArchiveSkippedError(Exception):
    """The archive is deliberately not opened (e.g. encrypted headers)."""


@dataclass(frozen=True, slots=True)
class Member:
    """One entry of an archive. ``load`` (None when skipped) must be called before the
    next member is requested; it returns the bytes or raises LimitExceededError."""

    name: str
    kind: str = "file"
    size: int | None = None
    skip: str | None = None
    load: Callable[[], Blob] | None = None


@dataclass(frozen=True, slots=True)
class ArchiveText:
    """Text an archive holds beside its members' bytes (a tar member's pax extended
    header, a gzip member's name and comment, a zip file's comments): read as the
    archive's own text, its location ``part`` (``pax/scans/aanvraag.pdf``)."""

    part: str
    text: str


class Budget:
    """Expanded bytes still allowed for one top-level file and everything inside it."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.used = 0

    @property
    def remaining(self) -> int:
        return max(0, self.limits.max_total_bytes - self.used)

    def member_limit(self) -> int:
        return min(self.limits.max_member_bytes, self.remaining)

    def over_budget(self, size: int) -> str | None:
        if size > self.limits.max_member_bytes:
            return f"member larger than the limit of {self.limits.max_member_bytes} bytes"
        if size > self.remaining:
            return "total expanded-size limit of the archive reached"
        return None

    def charge(self, blob: Blob) -> Blob:
        self.used += blob.size
        return blob


def range_loader(
    fh: BinaryIO, ranges: Sequence[tuple[int, int]], budget: Budget, spool_dir: Path
) -> Callable[[], Blob]:
    """The loader of a member stored in place in its archive: its bytes, the ranges
    ``(offset, length)`` of ``fh``, copied into memory or a spool file and charged."""

    def load() -> Blob:
        stream = ByteRanges(fh, ranges)
        return budget.charge(read_into_blob(stream, spool_dir, limit=budget.member_limit()))

    return load


def safe_member_name(raw: str) -> tuple[str, str | None]:
    """Normalise a member name; return (name, reason) where reason marks an unsafe one."""
    name = raw.replace("\x00", "\ufffd")
    slashed = name.replace("\\", "/")
    if slashed.startswith("/") or re.match(r"^[A-Za-z]:/", slashed):
        return name, "unsafe path: absolute member name"
    parts = [p for p in slashed.split("/") if p not in ("", ".")]
    if ".." in parts:
        return name, "unsafe path: parent traversal (..) in member name"
    if not parts:
        return name, "unsafe path: empty member name"
    return "/".join(parts), None


_DATA_ERRORS = (ValueError, LookupError, TypeError, AttributeError, AssertionError)
"""Generic errors whose messages quote the data they choked on: shown by type only."""
_QUOTED = re.compile(r"""b?'(?:[^'\\]|\\.)*'?|b?"(?:[^"\\]|\\.)*"?""")
_LONG_NUMBER = re.compile(r"\d[\d\-./ ]{4,}\d")
MAX_ERROR_TEXT = 120


def describe_error(exc: BaseException) -> str:
    """A short, value-free description of an archive library error: the type, plus the
    library's own message with quoted fragments and long numbers cut out (never data)."""
    kind = type(exc).__name__
    if isinstance(exc, UnicodeError):
        where = getattr(exc, "start", None)
        encoding = getattr(exc, "encoding", None)
        return f"{kind}: {encoding} at offset {where}" if encoding else kind
    if isinstance(exc, _DATA_ERRORS):
        return kind
    lines = str(exc).splitlines()
    text = _QUOTED.sub("…", lines[0]) if lines else ""
    text = _LONG_NUMBER.sub("#", text)[:MAX_ERROR_TEXT].strip()
    return f"{kind}: {text}" if text else kind
