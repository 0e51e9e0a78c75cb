"""7z archives (py7zr): members decompressed in one pass into memory or spool files."""

from __future__ import annotations

import io
import lzma
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import py7zr
import py7zr.exceptions
import py7zr.io

from breachscope.ingest.blob import (
    MEMORY_BYTES,
    Blob,
    BytesBlob,
    LimitExceededError,
    SpoolBlob,
)
from breachscope.ingest.filetype import FileType
from breachscope.ingest.members import (
    ENCRYPTED,
    RATIO_FLOOR,
    ArchiveError,
    ArchiveSkippedError,
    Budget,
    Member,
    describe_error,
    safe_member_name,
)


class _SpoolFactory(py7zr.io.WriterFactory):
    """Receives the 7z members: in memory while the total stays small, else spooled."""

    def __init__(self, limit: int, spool_dir: Path) -> None:
        self.limit = limit
        self.spool_dir = spool_dir
        self.in_memory = 0
        self.writers: dict[str, _SpoolWriter] = {}

    def create(self, filename: str) -> py7zr.io.Py7zIO:
        writer = _SpoolWriter(self)
        self.writers[PurePosixPath(filename).as_posix()] = writer
        return writer


class _SpoolWriter(py7zr.io.Py7zIO):
    def __init__(self, factory: _SpoolFactory) -> None:
        self.factory = factory
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.file: BinaryIO | None = None
        self.path: Path | None = None
        self.length = 0
        self.over = False

    def write(self, s: bytes | bytearray) -> int:
        self.length += len(s)
        if self.length > self.factory.limit:
            self.over = True
            self._drop()
            return len(s)
        if self.buffer is not None and self.factory.in_memory + len(s) > MEMORY_BYTES * 4:
            self._to_disk()
        if self.buffer is not None:
            self.buffer.write(s)
            self.factory.in_memory += len(s)
        elif self.file is not None:
            self.file.write(s)
        return len(s)

    def _to_disk(self) -> None:
        assert self.buffer is not None
        self.factory.spool_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="7z-", dir=self.factory.spool_dir)
        self.path = Path(name)
        self.file = open(fd, "wb")  # noqa: SIM115 - closed in close()/_drop()
        self.file.write(self.buffer.getvalue())
        self.factory.in_memory -= len(self.buffer.getvalue())
        self.buffer = None

    def _drop(self) -> None:
        if self.buffer is not None:
            self.factory.in_memory -= len(self.buffer.getvalue())
            self.buffer = None
        if self.file is not None:
            self.file.close()
            self.file = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self.length

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def blob(self) -> Blob:
        """Hand the bytes over (once); the writer lets go of them."""
        self.close()
        if self.over:
            raise LimitExceededError(f"member larger than the limit of {self.factory.limit} bytes")
        if self.path is not None:
            blob: Blob = SpoolBlob(self.path, self.length)
            self.path = None
            return blob
        data = self.buffer.getvalue() if self.buffer is not None else b""
        self._drop()
        return BytesBlob(data)


_7Z_ERRORS = (
    py7zr.exceptions.ArchiveError,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    lzma.LZMAError,
    zlib.error,
)


def sevenzip_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    limits = budget.limits
    with blob.open() as fh:
        try:
            archive = py7zr.SevenZipFile(fh, mode="r")
        except py7zr.exceptions.PasswordRequired as exc:
            raise ArchiveSkippedError(ENCRYPTED) from exc
        except _7Z_ERRORS as exc:
            raise ArchiveError(f"corrupt 7z: {describe_error(exc)}") from exc
        with archive:
            try:
                infos = archive.list()
                encrypted = "7zAES" in archive.archiveinfo().method_names
            except _7Z_ERRORS as exc:
                raise ArchiveError(f"corrupt 7z: {describe_error(exc)}") from exc
            files = [i for i in infos if not i.is_directory]
            if len(files) > limits.max_entries:
                raise ArchiveError(f"too many entries ({len(files)} > limit {limits.max_entries})")
            plan: list[Member] = []
            targets: list[str] = []
            total = 0
            declared = sum(i.uncompressed for i in files if i.is_file)
            ratio = declared / max(blob.size, 1)
            for info in files:
                name, unsafe = safe_member_name(info.filename)
                size = int(info.uncompressed)
                if info.is_symlink:
                    plan.append(
                        Member(name, FileType.SYMLINK, size, "symlink member (not materialised)")
                    )
                elif not info.is_file:
                    plan.append(
                        Member(name, FileType.DEVICE, size, "special member (not materialised)")
                    )
                elif unsafe:
                    plan.append(Member(name, "file", size, unsafe))
                elif encrypted:
                    plan.append(Member(name, "file", size, ENCRYPTED))
                elif declared > RATIO_FLOOR and ratio > limits.max_ratio:
                    plan.append(
                        Member(
                            name,
                            "file",
                            size,
                            f"compression ratio {ratio:.0f} above the limit of "
                            f"{limits.max_ratio:g}",
                        )
                    )
                elif over := budget.over_budget(total + size):
                    plan.append(Member(name, "file", size, over))
                else:
                    total += size
                    targets.append(info.filename)
                    plan.append(Member(name, "file", size, None, None))
            factory = _SpoolFactory(budget.member_limit(), spool_dir)
            if targets:
                try:
                    archive.extract(targets=targets, factory=factory)
                except py7zr.exceptions.PasswordRequired as exc:
                    raise ArchiveSkippedError(ENCRYPTED) from exc
                except _7Z_ERRORS as exc:
                    raise ArchiveError(f"corrupt 7z: {describe_error(exc)}") from exc
            for member in plan:
                if member.skip is not None:
                    yield member
                    continue
                writer = factory.writers.pop(PurePosixPath(member.name).as_posix(), None)
                yield Member(member.name, "file", member.size, None, _7z_loader(writer, budget))


def _7z_loader(writer: _SpoolWriter | None, budget: Budget) -> Callable[[], Blob]:
    def load() -> Blob:
        if writer is None:
            raise ArchiveError("member missing from the 7z stream")
        return budget.charge(writer.blob())

    return load


def sevenzip_member(
    blob: Blob, wanted: str, limit: int, spool_dir: Path
) -> tuple[bytes | None, set[str]]:
    """The bytes of the one member named ``wanted`` (as :func:`safe_member_name` gives
    it), where it is a plain, unencrypted file of at most ``limit`` bytes, and the names
    of all the archive's files; only that member is decompressed (with what its solid
    block holds before it)."""
    with blob.open() as fh, py7zr.SevenZipFile(fh, mode="r") as archive:
        infos = archive.list()
        encrypted = archive.needs_password()
        names: set[str] = set()
        target = None
        for info in infos:
            if info.is_directory:
                continue
            name, unsafe = safe_member_name(info.filename)
            names.add(name)
            if name == wanted and not unsafe and info.is_file and not info.is_symlink:
                target = info
        if target is None or encrypted or int(target.uncompressed) > limit:
            return None, names
        factory = _SpoolFactory(limit, spool_dir)
        archive.extract(targets=[target.filename], factory=factory)
        writer = factory.writers.pop(PurePosixPath(target.filename).as_posix(), None)
        if writer is None or writer.over:
            return None, names
        with writer.blob() as member, member.open() as data:
            return data.read(limit + 1), names
