"""Companion files: a second file an extractor may read beside the one it is handed.

Some files cannot be read alone: a SQL Server ``bcp`` native data file needs its format
file, a mainframe data set its COBOL copybook. An extractor asks for such a companion by
a plain file name through :attr:`~breachscope.extract.base.Source.companion`; the engine
answers from what the worker already holds, so the reading stays a pure function of the
batch (the same in a local process or a Spark task):

* a top-level file of a dump folder: the regular file of that name in the same folder
  (the file's own ``fs_path`` and the dump root of its :class:`ScanItem`), opened as
  the dump's files are (never following a link, never blocking); a dump that is a single
  file has no companions, its folder is no part of the dump;
* an archive member: the member of that name in the same folder of the same archive,
  found by reading the archive's bytes again (a zip's directory, a tar's headers as a
  stream, a 7z's list; only the companion is decompressed), each answer cached per
  archive, at most :data:`MAX_PASSES` passes over one archive;
* a file an extractor handed on (an e-mail's attachment): another of its parent's
  children, by its name.

Every answer is at most :data:`~breachscope.extract.base.MAX_COMPANION_BYTES` long (a
larger file is no companion), read-only, never executed; the companion is still scanned
as a file of its own, with its own manifest row.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from breachscope.config import ArchiveLimits
from breachscope.extract.base import (
    MAX_COMPANION_BYTES,
    MAX_COMPANION_NAMES,
    ChildFile,
    no_companion,
    no_companion_names,
    plain_name,
)
from breachscope.ingest.archives import ArchiveText, Budget, iter_members
from breachscope.ingest.blob import Blob, open_regular
from breachscope.ingest.filetype import FileType
from breachscope.ingest.sevenzip import sevenzip_member

Reader = Callable[[str], bytes | None]
Lister = Callable[[tuple[str, ...]], list[str]]


@dataclass(frozen=True, slots=True)
class Companion:
    """What a file's extractor may read beside it: a reader of a companion by its name
    (also the object's call) and a lister of the names ending with given suffixes."""

    read: Reader = no_companion
    names: Lister = no_companion_names

    def __call__(self, name: str) -> bytes | None:
        return self.read(name)


NO_COMPANION = Companion()


def _ending(names: Iterable[str], suffixes: tuple[str, ...]) -> list[str]:
    """The plain names among ``names`` that end with one of ``suffixes`` (lower case)."""
    found = sorted(n for n in names if plain_name(n) and n.lower().endswith(suffixes))
    return found[:MAX_COMPANION_NAMES]


MAX_PASSES = 64
"""Most times one archive's bytes are read again for companions (a miss is answered
from the member names of the first pass and costs none)."""


def folder_companion(fs_path: str, dump_root: str | None) -> Companion:
    """Companions of a dump folder's top-level file at ``fs_path``: files beside it."""
    if dump_root is None:
        return NO_COMPANION
    folder = os.path.dirname(fs_path)
    root = os.path.normpath(dump_root)
    if os.path.commonpath([os.path.normpath(folder), root]) != root:
        return NO_COMPANION

    def read(name: str) -> bytes | None:
        if not plain_name(name):
            return None
        try:
            with open_regular(os.path.join(folder, name)) as fh:
                data = fh.read(MAX_COMPANION_BYTES + 1)
        except OSError:
            return None
        return data if len(data) <= MAX_COMPANION_BYTES else None

    def names(suffixes: tuple[str, ...]) -> list[str]:
        try:
            listed = [n for n in os.listdir(folder) if n.lower().endswith(suffixes)]
        except OSError:
            return []
        regular = []
        for name in sorted(listed)[: 4 * MAX_COMPANION_NAMES]:
            try:
                if stat.S_ISREG(os.lstat(os.path.join(folder, name)).st_mode):
                    regular.append(name)
            except OSError:
                continue
        return _ending(regular, suffixes)

    return Companion(read, names)


def children_companion(children: Sequence[ChildFile], names: Sequence[str]) -> Companion:
    """Companions of a file an extractor handed on: its parent's other children, by the
    names they are scanned under (``names``, one per child)."""

    def read(name: str) -> bytes | None:
        if not plain_name(name):
            return None
        for child, own in zip(children, names, strict=True):
            if own == name:
                return child.data if len(child.data) <= MAX_COMPANION_BYTES else None
        return None

    return Companion(read, lambda suffixes: _ending(names, suffixes))


@dataclass
class ArchiveCompanions:
    """Companions among the members of one archive (its bytes ``blob`` of type ``ftype``)."""

    blob: Blob
    ftype: str
    name: str
    limits: ArchiveLimits
    spool_dir: Path
    cache: dict[str, bytes | None] = field(default_factory=dict)
    names: set[str] | None = None
    """The archive's member names, once a pass has read them all."""
    passes: int = 0

    def reader(self, member: str) -> Companion:
        """The companion reader of the member ``member`` (its folder in the archive)."""
        folder = PurePosixPath(member).parent

        def read(name: str) -> bytes | None:
            if not plain_name(name):
                return None
            return self.find(name if str(folder) == "." else f"{folder}/{name}")

        def names(suffixes: tuple[str, ...]) -> list[str]:
            if self.names is None:
                self.find("")  # a pass that reads the member names (no member is named so)
            beside = (PurePosixPath(n) for n in self.names or ())
            return _ending((p.name for p in beside if p.parent == folder), suffixes)

        return Companion(read, names)

    def find(self, target: str) -> bytes | None:
        """The member named ``target``'s bytes (``None``: none, too large, unreadable)."""
        if target in self.cache:
            return self.cache[target]
        if self.names is not None and target not in self.names:
            return None
        if self.passes >= MAX_PASSES:
            return None
        self.passes += 1
        try:
            data = self._pass(target)
        except Exception:  # a damaged archive: the extractor reads without its companion
            data = None
        if data is not None and len(data) > MAX_COMPANION_BYTES:
            data = None
        self.cache[target] = data
        return data

    def _pass(self, target: str) -> bytes | None:
        if self.ftype == FileType.SEVEN_Z:
            data, names = sevenzip_member(self.blob, target, MAX_COMPANION_BYTES, self.spool_dir)
            self.names = names
            return data
        budget = Budget(replace(self.limits, max_member_bytes=MAX_COMPANION_BYTES))
        seen: set[str] = set()
        found: bytes | None = None
        members = iter_members(self.blob, self.ftype, self.name, budget, self.spool_dir)
        try:
            for member in members:
                if isinstance(member, ArchiveText):
                    continue  # (an archive's own text: no member)
                seen.add(member.name)
                if member.name != target or found is not None:
                    continue
                if member.skip is None and member.load is not None:
                    with member.load() as blob, blob.open() as fh:
                        found = fh.read(MAX_COMPANION_BYTES + 1)
                if self.names is not None:
                    return found  # the names are known: no need to read on
        finally:
            close = getattr(members, "close", None)
            if close is not None:
                close()
        self.names = seen
        return found
