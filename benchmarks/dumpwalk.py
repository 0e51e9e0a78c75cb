"""Walk a synth dump through breachscope's own file typing and extractors.

Used by the probes that measure one stage on one kind of input (free text, CSV, PDF)
and by the free-text export that hands every tool the same bytes. Child files (e-mail
attachments, archive members, when an extractor yields them) are followed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from breachscope.config import Config
from breachscope.extract.base import ChildFile, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.units import TableUnit, TextUnit, Unit

ARCHIVE_SEP = "!/"


@dataclass(frozen=True, slots=True)
class DumpFile:
    """A regular file of the dump with its content-detected type."""

    fs_path: Path
    path: str
    """Path inside the dump (``/``-separated, relative to the dump root)."""
    detected_type: str
    size: int


def _opener(fs_path: Path) -> BinaryIO:
    return open(fs_path, "rb")


def inventory(dump: Path) -> list[DumpFile]:
    """Every regular file under ``dump`` with its detected type, in path order."""
    from breachscope.ingest.filetype import sniff_path

    found: list[DumpFile] = []
    for root, dirs, files in os.walk(dump):
        dirs.sort()
        for name in sorted(files):
            fs = Path(root) / name
            if not fs.is_file() or fs.is_symlink():
                continue
            rel = fs.relative_to(dump).as_posix()
            ftype = str(sniff_path(partial(_opener, fs), rel))
            found.append(DumpFile(fs, rel, ftype, fs.stat().st_size))
    return found


class Extractors:
    """breachscope's extractors, looked up by detected type."""

    def __init__(self) -> None:
        import breachscope.extract as extract_pkg
        from breachscope.plugins import discover

        self.by_type: dict[str, Extractor] = {}
        for cls in discover(extract_pkg, Extractor):  # type: ignore[type-abstract]
            inst = cls()
            for t in cls.types:
                self.by_type.setdefault(t, inst)

    def units(self, source: Source, config: Config) -> Iterator[Unit]:
        """The units of ``source`` and of every child file inside it."""
        for unit, _ in self.sourced_units(source, config):
            yield unit

    def sourced_units(
        self, source: Source, config: Config, depth: int = 0
    ) -> Iterator[tuple[Unit, bool]]:
        """:meth:`units`, each with whether a structured file's extractor gave it (a text
        unit then holds the title lines above a table's header, not a document's text)."""
        from breachscope.ingest.filetype import sniff_bytes

        extractor = self.by_type.get(source.detected_type)
        if extractor is None:
            return
        try:
            for item in extractor.extract(source, config):
                if isinstance(item, ChildFile):
                    if depth >= config.archive.max_depth:
                        continue
                    child = _memory_source(
                        source.path + ARCHIVE_SEP + item.name,
                        str(sniff_bytes(item.data, item.name)),
                        item.data,
                    )
                    yield from self.sourced_units(child, config, depth + 1)
                elif isinstance(item, TextUnit | TableUnit):
                    yield item, extractor.structured
        except (ExtractError, SkipFile):
            return


def _memory_source(path: str, detected_type: str, data: bytes) -> Source:
    return Source(path, detected_type, len(data), lambda: io.BytesIO(data))


def file_source(f: DumpFile) -> Source:
    return Source(f.path, f.detected_type, f.size, partial(_opener, f.fs_path))


def sources(files: Iterable[DumpFile]) -> Iterator[Source]:
    for f in files:
        yield file_source(f)
