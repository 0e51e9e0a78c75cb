"""Archives of written files, with deterministic bytes and re-emitted truth mentions.

API (called by ``synth.generate``):

* ``pack_zip(members) -> WrittenFile`` and ``pack_targz(members) -> WrittenFile``:
  ``members`` is a sequence of ``(path inside the archive, WrittenFile)``; paths use
  ``/``, are relative, unique and free of ``..`` and ``!/``. Members are stored in sorted
  order with a fixed timestamp (``ARCHIVE_TIME``), fixed owner and mode; a tar.gz also
  holds the implied directories and has a fixed gzip header.
* ``pack_nested(members, inner="export.tar.gz", extra=()) -> WrittenFile``: a zip holding
  a tar.gz of ``members`` (plus the ``extra`` members directly in the zip).
* ``normalise_zip(data) -> bytes``: the same zip with every member's timestamp fixed
  in place (order and compressed data kept; makes python-docx output deterministic).

Every member mention is re-emitted with ``member`` = the member path, nested members
joined with ``!/`` (``inner.tar.gz!/lims/2024.csv``), as in docs/locations.md.
"""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath

from breachscope.location import ARCHIVE_SEP
from breachscope.synth.formats.mentions import under_member
from breachscope.synth.writer import TruthMention, WrittenFile

ARCHIVE_TIME = datetime(2025, 7, 3, 2, 14, 0, tzinfo=UTC)
"""Timestamp of every member (the night the intruders packed the data)."""
_ZIP_TIME = ARCHIVE_TIME.timetuple()[:6]
_EPOCH = int(ARCHIVE_TIME.timestamp())
_DOS_TIME = (ARCHIVE_TIME.hour << 11) | (ARCHIVE_TIME.minute << 5) | (ARCHIVE_TIME.second // 2)
_DOS_DATE = ((ARCHIVE_TIME.year - 1980) << 9) | (ARCHIVE_TIME.month << 5) | ARCHIVE_TIME.day


def _check(members: Sequence[tuple[str, WrittenFile]]) -> list[tuple[str, WrittenFile]]:
    names = [name for name, _ in members]
    if len(set(names)) != len(names):
        raise ValueError("archive member paths must be unique")
    for name in names:
        path = PurePosixPath(name)
        if (
            not name
            or path.is_absolute()
            or ".." in path.parts
            or ARCHIVE_SEP in name
            or name.endswith("/")
            or "\\" in name
        ):
            raise ValueError(f"bad archive member path {name!r}")
    return sorted(members, key=lambda m: m[0])


def _mentions(members: Sequence[tuple[str, WrittenFile]]) -> tuple[TruthMention, ...]:
    return tuple(m for name, written in members for m in under_member(name, written))


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def pack_zip(members: Sequence[tuple[str, WrittenFile]]) -> WrittenFile:
    """A zip of ``members`` (sorted, fixed timestamps)."""
    ordered = _check(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, written in ordered:
            archive.writestr(_zip_info(name), written.data)
    return WrittenFile(buffer.getvalue(), _mentions(ordered))


def _tar_info(name: str, size: int, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = _EPOCH
    info.mode = 0o755 if directory else 0o644
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.uid = info.gid = 1000
    info.uname = info.gname = "lims"
    return info


def pack_targz(members: Sequence[tuple[str, WrittenFile]]) -> WrittenFile:
    """A gzip-compressed tar of ``members`` (sorted, with their directories)."""
    ordered = _check(members)
    directories = sorted(
        {str(parent) for name, _ in ordered for parent in PurePosixPath(name).parents} - {"."}
    )
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for directory in directories:
            tar.addfile(_tar_info(directory, 0, directory=True))
        for name, written in ordered:
            tar.addfile(_tar_info(name, len(written.data)), io.BytesIO(written.data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=_EPOCH) as gz:
        gz.write(raw.getvalue())
    return WrittenFile(packed.getvalue(), _mentions(ordered))


def pack_nested(
    members: Sequence[tuple[str, WrittenFile]],
    inner: str = "export.tar.gz",
    extra: Sequence[tuple[str, WrittenFile]] = (),
) -> WrittenFile:
    """A zip holding ``inner`` (a tar.gz of ``members``) and the ``extra`` members."""
    return pack_zip([(inner, pack_targz(members)), *extra])


def normalise_zip(data: bytes) -> bytes:
    """``data`` (a zip) with every member's timestamp set to ``ARCHIVE_TIME``.

    Patches the DOS time and date fields of the local and central headers in place, so
    nothing is decompressed or recompressed and all other bytes are kept.
    """
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("not a zip archive")
    count, _, pos = struct.unpack_from("<HII", out, end + 10)
    for _ in range(count):
        if out[pos : pos + 4] != b"PK\x01\x02":
            raise ValueError("bad zip central directory")
        struct.pack_into("<HH", out, pos + 12, _DOS_TIME, _DOS_DATE)
        (local,) = struct.unpack_from("<I", out, pos + 42)
        if out[local : local + 4] != b"PK\x03\x04":
            raise ValueError("bad zip local header")
        struct.pack_into("<HH", out, local + 10, _DOS_TIME, _DOS_DATE)
        names, extra, comment = struct.unpack_from("<HHH", out, pos + 28)
        pos += 46 + names + extra + comment
    return bytes(out)
