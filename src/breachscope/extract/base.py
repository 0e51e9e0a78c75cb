"""The extractor contract.

One module per file format in this package; each defines a subclass of :class:`Extractor`
and is found automatically. An extractor reads one file's bytes and yields units
(:mod:`breachscope.extract.units`) and, for containers such as e-mails, child files that
the ingest stage feeds back through the pipeline. It never writes to disk and never
executes anything it reads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.units import Unit
from breachscope.location import Location

MAX_COMPANION_BYTES = 1024**2
"""Largest companion file handed to an extractor (a bcp format file or a COBOL copybook
is a few kilobytes; a larger file of the name is treated as absent)."""


def plain_name(name: str) -> bool:
    """Whether ``name`` is a plain file name: one step, no separator, no ``.`` or ``..``,
    no NUL, at most 255 characters (the only names a companion may be asked by)."""
    return (
        0 < len(name) <= 255
        and name not in (".", "..")
        and not any(c in name for c in "/\\\x00")
        and "!/" not in name
    )


MAX_COMPANION_NAMES = 64
"""Most names :meth:`Source.companions_ending` gives."""


def no_companion(name: str) -> bytes | None:
    """The companion reader of a file that has none (a single file scanned alone)."""
    return None


def no_companion_names(suffixes: tuple[str, ...]) -> list[str]:
    """The companion lister of a file that has none."""
    return []


class ExtractError(Exception):
    """The file could not be read: the scan records it as ``failed`` with this reason."""


class SkipFile(Exception):  # a signal, not an error
    """The file is deliberately not read (e.g. ``needs OCR``): recorded as ``skipped``."""


@dataclass(frozen=True, slots=True)
class Span:
    """Part ``index`` of ``count`` of a large file that several workers read at once:
    the records starting in the bytes ``[start, end)``, whose first physical line is
    ``line`` (1-based). Part 0 starts at byte 0 and holds the header; every part reads
    the header and dialect from the start of the file. Only extractors that set
    :attr:`Extractor.reads_spans` are handed one (see :mod:`breachscope.engine.split`).
    """

    index: int
    count: int
    start: int
    end: int
    line: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Source:
    """One file handed to an extractor."""

    path: str
    """Path inside the dump (archive members joined with ``!/``); used in every location."""
    detected_type: str
    size: int
    open: Callable[[], BinaryIO]
    """Opens the bytes for reading (seekable); the caller closes what it opens."""
    span: Span | None = None
    """Read only this part of the file (``None``: all of it)."""
    companion: Callable[[str], bytes | None] = no_companion
    """Reads a companion of this file by its plain name (a bcp data file's format file, a
    data set's copybook): a file beside it in the same folder of the dump, or a member of
    the same archive folder (or attachment of the same parent). ``None`` where there is
    none, it is larger than :data:`MAX_COMPANION_BYTES`, or cannot be read. Use
    :meth:`read_companion`; the companion is also scanned as a file of its own."""
    companion_names: Callable[[tuple[str, ...]], list[str]] = no_companion_names
    """The names of the files beside it (as for :attr:`companion`) that end with one of
    the suffixes given, in any case (a data set's ``.cpy``): sorted, at most
    :data:`MAX_COMPANION_NAMES`. Use :meth:`companions_ending`."""

    @contextmanager
    def open_sized(self) -> Iterator[tuple[BinaryIO, int]]:
        """Opens the bytes (as :attr:`open`, closed again) with their size as the end of
        the opened file gives it; the file is left at its start."""
        with self.open() as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(0)
            yield fh, size

    def read_bytes(self, limit: int | None = None) -> bytes:
        with self.open() as fh:
            return fh.read() if limit is None else fh.read(limit)

    def read_companion(self, name: str) -> bytes | None:
        """The bytes of the companion file ``name`` (a plain name, else ``None``)."""
        if not plain_name(name):
            return None
        data = self.companion(name)
        return data if data is not None and len(data) <= MAX_COMPANION_BYTES else None

    def companions_ending(self, *suffixes: str) -> list[str]:
        """The plain names of the files beside it that end with one of ``suffixes``."""
        names = self.companion_names(tuple(s.lower() for s in suffixes))
        return [n for n in names if plain_name(n)][:MAX_COMPANION_NAMES]

    def read_document(self, limit: int, what: str) -> bytes:
        """The whole file, read at once: an :class:`ExtractError` when it is larger than
        ``limit`` bytes (``what``: the document's name in the message), a
        :class:`SkipFile` when it holds nothing but white space."""
        if self.size > limit:
            raise ExtractError(f"{what} larger than {limit} bytes")
        data = self.read_bytes(limit + 1)
        if not data.strip():
            raise SkipFile("empty file")
        return data


@dataclass(frozen=True, slots=True)
class ChildFile:
    """A file found inside another (an e-mail attachment): scanned like any other file."""

    name: str
    """Name within the parent; the child's path is ``parent.path + '!/' + name``."""
    data: bytes


@dataclass(frozen=True, slots=True)
class Note:
    """A part of an otherwise read file that was skipped or cut short (an image-only PDF
    page without OCR, an over-long CSV line, JSON nested too deep). The file still counts
    as ``extracted``; the manifest's reason lists the notes. Never holds a value."""

    location: Location
    reason: str


Extracted = Unit | ChildFile | Note


class Extractor(ABC):
    """Reads one file format. Subclasses set the class constants and implement ``extract``."""

    id: ClassVar[str]
    """Stable id recorded in the manifest (e.g. ``csv``, ``pdf``); never rename."""
    types: ClassVar[frozenset[str]]
    """Detected types (see :mod:`breachscope.ingest.filetype`) this extractor reads."""
    reads_spans: ClassVar[bool] = False
    """Whether it honours :attr:`Source.span` (reads one part of a large file)."""
    structured: ClassVar[bool] = False
    """Whether its files hold records in named fields (tables, messages): a scan reads
    them first, and searches the surnames of their name columns in every other file's
    free text (the name register, see ``docs/detectors.md``)."""

    @abstractmethod
    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        """Yield the units (and child files) of ``source``.

        Raise :class:`ExtractError` for unreadable input and :class:`SkipFile` for input
        deliberately left alone; any other exception is a bug, still recorded as ``failed``.
        """
