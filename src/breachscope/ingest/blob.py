"""Bytes of one file or archive member: on disk in the dump, in memory, or spooled.

Dump files are opened only as regular files (``O_NOFOLLOW | O_NONBLOCK``, checked with
``fstat``), so a FIFO or device swapped in after the inventory can never block a worker.
Archive members are held in memory up to :data:`MEMORY_BYTES` and spooled to a file in
the spool folder (inside the case folder) above that; spool files are removed on close.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Protocol

MEMORY_BYTES = 16 * 1024**2
"""Members up to this size are held in memory; larger ones are spooled to disk."""
CHUNK = 1024**2


class Readable(Protocol):
    """Anything with ``read(size)`` returning bytes (files, decompressors, members)."""

    def read(self, size: int = -1, /) -> bytes: ...


class NotRegularFileError(OSError):
    """The path is no longer a regular file (replaced by a FIFO, device, link...)."""


class LimitExceededError(Exception):
    """Reading stopped because a size, ratio or count limit was reached."""


def open_regular(fs_path: str) -> BinaryIO:
    """Open a regular file for reading without following a final symlink or blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    fd = os.open(fs_path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFileError(f"{fs_path!r} is not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb", buffering=CHUNK)


class Blob(ABC):
    """Re-openable, seekable bytes of known size."""

    size: int

    @abstractmethod
    def open(self) -> BinaryIO:
        """A fresh seekable reader; the caller closes it."""

    def close(self) -> None:  # noqa: B027 - blobs in memory or in the dump hold nothing
        """Release what the blob holds (spool files)."""

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def __enter__(self) -> Blob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FileBlob(Blob):
    """A regular file of the dump."""

    def __init__(self, fs_path: str, size: int) -> None:
        self.fs_path = fs_path
        self.size = size

    def open(self) -> BinaryIO:
        return open_regular(self.fs_path)


class BytesBlob(Blob):
    """Bytes held in memory."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.size = len(data)

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data)

    def close(self) -> None:
        self.data = b""


class SpoolBlob(Blob):
    """A spool file written by this process; deleted on close."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size

    def open(self) -> BinaryIO:
        return open(self.path, "rb")

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


class ByteRanges:
    """Ranges of ``fh``'s bytes, ``(offset, length)``, read one after the other (``read``
    as :func:`read_into_blob` wants): a member stored in place in its archive (a cpio or
    ar entry's data, an ISO 9660 file's extents). Each read seeks first, so that the
    archive's reader may use ``fh`` between reads; a range cut short by the file's end
    ends the bytes there."""

    def __init__(self, fh: BinaryIO, ranges: Sequence[tuple[int, int]]) -> None:
        self.fh = fh
        self.ranges = [(at, size) for at, size in ranges if size > 0]

    def read(self, size: int = -1, /) -> bytes:
        parts: list[bytes] = []
        wanted = size
        while self.ranges and wanted != 0:
            at, left = self.ranges[0]
            count = left if wanted < 0 else min(wanted, left)
            self.fh.seek(at)
            data = self.fh.read(count)
            if len(data) < left:
                self.ranges[0] = (at + len(data), left - len(data))
            else:
                self.ranges.pop(0)
            if not data:
                self.ranges.clear()
            parts.append(data)
            wanted = wanted - len(data) if wanted > 0 else wanted
        return b"".join(parts)


def read_into_blob(
    stream: Readable,
    spool_dir: Path,
    *,
    limit: int,
    memory_bytes: int = MEMORY_BYTES,
) -> Blob:
    """Copy ``stream`` to memory or a spool file; raise LimitExceededError beyond ``limit``."""
    head = stream.read(min(memory_bytes, limit) + 1)
    if len(head) <= min(memory_bytes, limit):
        return BytesBlob(head)
    if len(head) > limit:
        raise LimitExceededError(f"member larger than the limit of {limit} bytes")
    spool_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="member-", dir=spool_dir)
    path = Path(name)
    total = 0
    try:
        with os.fdopen(fd, "wb") as out:
            chunk = head
            while chunk:
                total += len(chunk)
                if total > limit:
                    raise LimitExceededError(f"member larger than the limit of {limit} bytes")
                out.write(chunk)
                chunk = stream.read(CHUNK)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return SpoolBlob(path, total)
