"""The one file a compressed wrapper holds (Brotli, LZ4, Snappy): its decompressed bytes
gathered up to ``Config.batch_bytes`` (:class:`Output`, a :class:`Cut` past them), the
wrapper's bytes read with every length checked (:class:`LengthReader`), its name (the
wrapper's without its suffix, :func:`strip_suffix`), and the child file and notes it
gives (:func:`wrapped_file`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.location import Location


class Cut(Exception):
    """The decompressed bytes passed ``batch_bytes``."""


def file_name(path: str) -> str:
    """The last step of ``path`` (past an archive's ``!/`` and any ``/`` or ``\\``)."""
    return path.rsplit("!/", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]


def strip_suffix(path: str, suffix: str, fallback: str) -> str:
    """The name of the file at ``path`` without its ``suffix`` (any case), or with
    ``fallback`` appended where the name is only the suffix or lacks it."""
    name = file_name(path)
    if name.lower().endswith(suffix.lower()) and len(name) > len(suffix):
        return name[: -len(suffix)]
    return f"{name}{fallback}"


class Output:
    """Decompressed bytes gathered up to ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()

    def add(self, piece: bytes) -> None:
        """Keep ``piece``; a :class:`Cut` where the bytes pass the limit (those up to
        it kept)."""
        room = self.limit - len(self.data)
        self.data += piece[:room]
        if len(piece) > room:
            raise Cut


class LengthReader:
    """A file's bytes, read on with every length checked against those left (``error``:
    the exception raised where fewer are left, the wrapper's own)."""

    def __init__(self, fh: BinaryIO, size: int, error: type[Exception]) -> None:
        self.fh = fh
        self.size = size
        self.error = error

    def left(self) -> int:
        """Bytes not read yet."""
        return self.size - self.fh.tell()

    def take(self, count: int, what: str) -> bytes:
        """The next ``count`` bytes (an ``error`` where fewer are left)."""
        if count > self.left():
            raise self.error(f"cut short in {what}")
        return self.fh.read(count)


def wrapped_file(
    source: Source,
    config: Config,
    what: str,
    error: type[Exception],
    read: Callable[[BinaryIO, Output], None],
    name: str,
) -> Iterator[Extracted]:
    """The file a compressed wrapper holds (LZ4, Snappy), decompressed by ``read`` into
    a child file ``name``: bytes past ``batch_bytes`` and a break (``error``) after some
    bytes end it with a note, what came before kept; a break before any is an
    :class:`ExtractError`, nothing but white space a :class:`SkipFile`."""
    if source.size == 0:
        raise SkipFile("empty file")
    out = Output(config.batch_bytes)
    note = None
    with source.open() as fh:
        try:
            read(fh, out)
        except Cut:
            note = f"{what} larger than {config.batch_bytes} bytes: read up to them"
        except error as exc:
            if not out.data:
                raise ExtractError(f"unreadable {what} ({exc})") from None
            note = f"{what} read in part ({exc})"
    if not out.data.strip():
        raise SkipFile("empty file")
    yield ChildFile(name, bytes(out.data))
    if note is not None:
        yield Note(Location(source.path), note)
