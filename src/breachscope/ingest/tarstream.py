"""Tar archives (streamed, never seeked) and single compressed files (gzip, bzip2, xz,
zstd; Unix ``compress``, lzip and lzop, whose decoders are :mod:`.unixcompress`,
:mod:`.lzipfile` and :mod:`.lzopfile`), which may hold a tar; Android backups (a header,
then a tar, zlib compressed). Decompressed streams are guarded by ratio and size limits.
A tar's pax headers and a gzip file's member headers are also read as the archive's own
text (:class:`ArchiveText`)."""

from __future__ import annotations

import _compression
import base64
import binascii
import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote

import zstandard

from breachscope.config import ArchiveLimits
from breachscope.ingest.blob import (
    CHUNK,
    Blob,
    BytesBlob,
    LimitExceededError,
    Readable,
    read_into_blob,
)
from breachscope.ingest.chunkstream import ChunkStream
from breachscope.ingest.filetype import FileType, is_tar_header
from breachscope.ingest.lzipfile import lzip_chunks
from breachscope.ingest.lzopfile import lzop_chunks
from breachscope.ingest.members import (
    MAX_HEADER_BYTES,
    RATIO_FLOOR,
    ArchiveError,
    ArchiveSkippedError,
    ArchiveText,
    Budget,
    Member,
    describe_error,
    safe_member_name,
)
from breachscope.ingest.unixcompress import lzw_chunks

XZ_MEMLIMIT = 512 * 1024**2


class _SafeTarInfo(tarfile.TarInfo):
    """Refuses extended headers too large to hold in memory."""

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        header_types = (
            tarfile.GNUTYPE_LONGNAME,
            tarfile.GNUTYPE_LONGLINK,
            tarfile.XHDTYPE,
            tarfile.XGLTYPE,
            tarfile.SOLARIS_XHDTYPE,
        )
        if self.type in header_types and self.size > MAX_HEADER_BYTES:
            raise tarfile.HeaderError(f"extended header of {self.size} bytes")
        result: tarfile.TarInfo = super()._proc_member(tarfile_)  # type: ignore[misc]
        return result

    def _proc_gnulong(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        """A GNU long name (``L``) or link name (``K``): the member after it, which also
        keeps the long values (:data:`LONG_NAMES`) for the archive's text."""
        result: tarfile.TarInfo = super()._proc_gnulong(tarfile_)  # type: ignore[misc]
        if self.type == tarfile.GNUTYPE_LONGNAME:
            field, value = "path", result.name
        else:
            field, value = "linkpath", result.linkname
        longs: dict[str, str] = dict(getattr(result, LONG_NAMES, {}))
        longs.setdefault(field, value)
        setattr(result, LONG_NAMES, longs)
        return result


LONG_NAMES = "gnu_long_names"
"""Attribute of a member read after GNU long name records: their values by pax keyword."""
TECHNICAL_KEYS = frozenset(
    {
        "atime",
        "ctime",
        "mtime",
        "size",
        "uid",
        "gid",
        "hdrcharset",
        "SCHILY.dev",
        "SCHILY.ino",
        "SCHILY.nlink",
        "SCHILY.devmajor",
        "SCHILY.devminor",
        "SCHILY.fflags",
        "SCHILY.filetype",
        "SCHILY.realsize",
        "SCHILY.archtype",
        "LIBARCHIVE.creationtime",
        "LIBARCHIVE.symlinktype",
    }
)
"""pax keywords of numbers and flags, never text: left out of a member's pax text (as
are ``GNU.sparse.*``)."""


def _clean(value: str) -> str:
    """A pax value as text: tarfile keeps bytes that are not UTF-8 as surrogates; those
    are read as cp1252."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogateescape")
        return raw.decode("cp1252", "replace")
    return value


def _pax_value(key: str, value: str) -> str:
    """A pax value as text: libarchive's ``LIBARCHIVE.xattr.*`` values are base64 of the
    attribute's bytes, read as UTF-8 (else cp1252) where they decode."""
    if key.startswith("LIBARCHIVE.xattr."):
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return _clean(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", "replace")
    return _clean(value)


def pax_text(headers: Mapping[str, str], known: Mapping[str, str]) -> str:
    """The text of pax records ``headers`` (``keyword: value`` lines, technical keywords
    left out), less those ``known`` already holds with the same value."""
    lines = []
    for key, value in headers.items():
        if key in TECHNICAL_KEYS or key.startswith("GNU.sparse.") or known.get(key) == value:
            continue
        name = unquote(key[len("LIBARCHIVE.") :]) if key.startswith("LIBARCHIVE.") else key
        lines.append(f"{_clean(name)}: {_pax_value(key, value)}")
    return "\n".join(lines)


def member_text(ti: tarfile.TarInfo, globals_: dict[str, str], name: str) -> ArchiveText | None:
    """A member's pax extended header (less the global one's records) and GNU long link
    name as the archive's text, part ``pax/<member>``; None where it holds no text.

    A ``path`` record and a GNU long name are the member's own name, which it is listed
    under and which the scan reads as a path (:mod:`breachscope.detect.paths`): left out
    here, so that a name in them is found once, as the path's."""
    text = pax_text({k: v for k, v in ti.pax_headers.items() if k != "path"}, globals_)
    longs: dict[str, str] = getattr(ti, LONG_NAMES, {})
    extra = [f"{key}: {_clean(value)}" for key, value in longs.items() if key != "path"]
    joined = "\n".join([text, *extra] if text else extra)
    return ArchiveText(f"pax/{name}", joined) if joined else None


def _tar_kind(ti: tarfile.TarInfo) -> str:
    if ti.issym():
        return FileType.SYMLINK
    if ti.islnk():
        return FileType.HARDLINK
    if ti.ischr() or ti.isblk():
        return FileType.DEVICE
    if ti.isfifo():
        return FileType.FIFO
    return "file"


def tar_members(
    opener: Callable[[], BinaryIO], budget: Budget, spool_dir: Path
) -> Iterator[Member | ArchiveText]:
    """The members of the tar stream ``opener`` opens, each after its pax extended
    header's and GNU long names' text (:func:`member_text`); a global pax header's text
    (part ``pax-global``, ``pax-global-2``...) where one comes."""
    limits = budget.limits
    count = seen_globals = 0
    globals_: dict[str, str] = {}
    with opener() as raw:
        try:
            tf = tarfile.open(fileobj=raw, mode="r|", tarinfo=_SafeTarInfo)  # noqa: SIM115
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
            raise ArchiveError(f"corrupt tar: {describe_error(exc)}") from exc
        with tf:
            while True:
                try:
                    ti = tf.next()
                except LimitExceededError as exc:
                    raise ArchiveError(str(exc)) from exc
                except (
                    tarfile.TarError,
                    EOFError,
                    OSError,
                    zlib.error,
                    lzma.LZMAError,
                    zstandard.ZstdError,
                ) as exc:
                    raise ArchiveError(f"corrupt tar: {describe_error(exc)}") from exc
                if ti is None:
                    return
                tf.members.clear()  # type: ignore[attr-defined] # stream mode keeps every header
                if tf.pax_headers != globals_:
                    text = pax_text(tf.pax_headers, globals_)
                    globals_ = dict(tf.pax_headers)
                    if text:
                        seen_globals += 1
                        part = "pax-global" + (f"-{seen_globals}" if seen_globals > 1 else "")
                        yield ArchiveText(part, text)
                name, unsafe = safe_member_name(ti.name)
                if (text_ := member_text(ti, globals_, name)) is not None:
                    yield text_
                if ti.isdir() or ti.type in (tarfile.XGLTYPE,):
                    continue
                count += 1
                if count > limits.max_entries:
                    raise ArchiveError(f"stopped after {limits.max_entries} entries (entry limit)")
                kind = _tar_kind(ti)
                if kind != "file":
                    yield Member(name, kind, ti.size, f"{kind} member (not materialised)")
                elif not ti.isreg():
                    yield Member(name, "file", ti.size, f"unsupported tar member type {ti.type!r}")
                elif unsafe:
                    yield Member(name, "file", ti.size, unsafe)
                elif over := budget.over_budget(ti.size):
                    yield Member(name, "file", ti.size, over)
                else:
                    yield Member(
                        name, "file", ti.size, None, _tar_loader(tf, ti, budget, spool_dir)
                    )


def _tar_loader(
    tf: tarfile.TarFile, ti: tarfile.TarInfo, budget: Budget, spool_dir: Path
) -> Callable[[], Blob]:
    def load() -> Blob:
        member = tf.extractfile(ti)
        if member is None:
            return BytesBlob(b"")
        with member:
            return budget.charge(read_into_blob(member, spool_dir, limit=budget.member_limit()))

    return load


class _CountingReader(io.RawIOBase):
    """Counts the compressed bytes consumed."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        closer = getattr(self.raw, "close", None)
        if closer is not None:
            closer()
        super().close()


class _GuardReader(io.RawIOBase):
    """Stops a decompressed stream that grows beyond the ratio or total-size limits."""

    def __init__(self, inner: io.IOBase, counter: _CountingReader, limits: ArchiveLimits) -> None:
        self.inner = inner
        self.counter = counter
        self.limits = limits
        self.expanded = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.expanded += n
        if self.expanded > RATIO_FLOOR:
            ratio = self.expanded / max(self.counter.count, 1)
            if ratio > self.limits.max_ratio:
                raise LimitExceededError(
                    f"compression ratio {ratio:.0f} above the limit of {self.limits.max_ratio:g}"
                )
        if self.expanded > self.limits.max_total_bytes:
            raise LimitExceededError("total expanded-size limit of the archive reached")
        return n

    def close(self) -> None:
        self.inner.close()
        super().close()


def _gzip(raw: _CountingReader) -> io.IOBase:
    return gzip.GzipFile(fileobj=raw, mode="rb")


GZIP_FEXTRA, GZIP_FNAME, GZIP_FCOMMENT, GZIP_FHCRC = 4, 8, 16, 2
MAX_GZIP_FIELD = 64 * 1024
"""Longest gzip member name or comment read (the format sets no limit)."""


@dataclass(frozen=True, slots=True)
class GzipHeader:
    """A gzip member's name (``FNAME``) and comment (``FCOMMENT``), as RFC 1952 has
    them: ISO-8859-1, NUL-terminated."""

    name: str | None
    comment: str | None


def _gzip_field(fp: Readable) -> str:
    """A NUL-terminated header field, read byte by byte (ISO-8859-1)."""
    out = bytearray()
    while (byte := fp.read(1)) not in (b"", b"\0"):
        out += byte
        if len(out) > MAX_GZIP_FIELD:
            raise gzip.BadGzipFile("a header field longer than the limit")
    return out.decode("latin-1")


def _exact(fp: Readable, count: int) -> bytes:
    data = fp.read(count)
    if len(data) < count:
        raise EOFError("compressed file ended before the end of a gzip header")
    return data


def read_gzip_header(fp: Readable) -> tuple[int, GzipHeader] | None:
    """A gzip member's header, as RFC 1952 sets it out (magic, method 8, flags, mtime,
    extra flags, OS; then the extra field, the name, the comment and the header's CRC
    where the flags say): its mtime and its name and comment; None at the end."""
    magic = fp.read(2)
    if magic == b"":
        return None
    if magic != b"\x1f\x8b":
        raise gzip.BadGzipFile("not a gzipped file")
    method, flags, mtime = struct.unpack("<BBIxx", _exact(fp, 8))
    if method != 8:
        raise gzip.BadGzipFile("unknown compression method")
    if flags & GZIP_FEXTRA:
        (length,) = struct.unpack("<H", _exact(fp, 2))
        _exact(fp, length)
    name = _gzip_field(fp) if flags & GZIP_FNAME else None
    comment = _gzip_field(fp) if flags & GZIP_FCOMMENT else None
    if flags & GZIP_FHCRC:
        _exact(fp, 2)
    return mtime, GzipHeader(name, comment)


class _HeaderKeepingReader(gzip._GzipReader):
    """Python's gzip reader (every member, one after the other), which also keeps each
    member's header (:func:`read_gzip_header`) in ``headers``."""

    def __init__(self, fp: Readable, headers: list[GzipHeader]) -> None:
        super().__init__(fp)  # type: ignore[arg-type]
        self.headers = headers

    def _read_gzip_header(self) -> bool:
        read = read_gzip_header(self._fp)  # type: ignore[attr-defined]
        if read is None:
            return False
        self._last_mtime, header = read
        self.headers.append(header)
        return True


def _gzip_keeping(headers: list[GzipHeader], raw: _CountingReader) -> io.IOBase:
    """A gzip stream's reader that keeps its members' headers in ``headers``."""
    return io.BufferedReader(_HeaderKeepingReader(raw, headers))


def gzip_text(
    headers: list[GzipHeader], inner: str, part: str = "gzip-headers"
) -> ArchiveText | None:
    """The gzip members' names and comments as the file's own text, part
    ``gzip-headers``: ``name: ...`` and ``comment: ...`` lines, members a blank line
    apart; a name that is the member's own (``a.csv`` in ``a.csv.gz``, read as a path) left
    out. None where no header holds one. An lzop file's original name is read the same
    way, part ``lzop-header``."""
    blocks = []
    for header in headers:
        lines = []
        if header.name and header.name != PurePosixPath(inner).name:
            lines.append(f"name: {header.name}")
        if header.comment:
            lines.append(f"comment: {header.comment}")
        if lines:
            blocks.append("\n".join(lines))
    return ArchiveText(part, "\n\n".join(blocks)) if blocks else None


def _bzip2(raw: _CountingReader) -> io.IOBase:
    return bz2.BZ2File(raw, mode="rb")


def _xz(raw: _CountingReader) -> io.IOBase:
    reader = _compression.DecompressReader(
        raw, lzma.LZMADecompressor, trailing_error=lzma.LZMAError, memlimit=XZ_MEMLIMIT
    )
    return io.BufferedReader(reader)


def _zstd(raw: _CountingReader) -> io.IOBase:
    reader = zstandard.ZstdDecompressor().stream_reader(
        raw,  # type: ignore[arg-type] # any object with read() will do
        read_across_frames=True,
    )
    return io.BufferedReader(reader)


def _compress(raw: _CountingReader) -> io.IOBase:
    return io.BufferedReader(ChunkStream(lzw_chunks(raw), raw))


def _lzip(raw: _CountingReader) -> io.IOBase:
    return io.BufferedReader(ChunkStream(lzip_chunks(raw), raw))


def _lzop(raw: _CountingReader, names: list[str] | None = None) -> io.IOBase:
    return io.BufferedReader(ChunkStream(lzop_chunks(raw, names), raw))


DECOMPRESSORS: dict[str, Callable[[_CountingReader], io.IOBase]] = {
    FileType.GZIP: _gzip,
    FileType.BZIP2: _bzip2,
    FileType.XZ: _xz,
    FileType.ZSTD: _zstd,
    FileType.COMPRESS: _compress,
    FileType.LZIP: _lzip,
    FileType.LZOP: _lzop,
}
_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    FileType.GZIP: ((".tgz", ".tar"), (".gz", ""), (".gzip", ""), (".z", "")),
    FileType.BZIP2: ((".tbz2", ".tar"), (".tbz", ".tar"), (".bz2", ""), (".bz", "")),
    FileType.XZ: ((".txz", ".tar"), (".xz", "")),
    FileType.ZSTD: ((".tzst", ".tar"), (".zst", ""), (".zstd", "")),
    FileType.COMPRESS: ((".taz", ".tar"), (".tz", ".tar"), (".z", "")),
    FileType.LZIP: ((".tlz", ".tar"), (".lz", "")),
    FileType.LZOP: ((".tzo", ".tar"), (".lzo", "")),
}
_STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zstandard.ZstdError, ValueError)


def inner_name(ftype: str, name: str) -> str:
    """Name of the single file inside a compressed file (``a.csv.gz`` -> ``a.csv``)."""
    base = PurePosixPath(name.replace("!/", "/")).name or "data"
    lower = base.lower()
    for suffix, replacement in _SUFFIXES.get(ftype, ()):
        if lower.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)] + replacement
    return base


def _stream_head(open_stream: Callable[[], BinaryIO], what: str) -> bytes:
    """The first 512 bytes of the stream ``open_stream`` opens (a tar's header block, if
    it holds a tar); an :class:`ArchiveError` naming ``what`` where it breaks."""
    try:
        with open_stream() as stream:
            return stream.read(512)
    except LimitExceededError as exc:
        raise ArchiveError(str(exc)) from exc
    except _STREAM_ERRORS as exc:
        raise ArchiveError(f"corrupt {what}: {describe_error(exc)}") from exc


def stream_members(
    blob: Blob, ftype: str, name: str, budget: Budget, spool_dir: Path
) -> Iterator[Member | ArchiveText]:
    """The file inside a compressed file ``blob`` (a member named by :func:`inner_name`),
    or the members of the tar it holds; a gzip file's members' names and comments
    (:func:`gzip_text`) after them, those of the last reading (an lzop file's name, too)."""
    decompress = DECOMPRESSORS[ftype]
    headers: list[GzipHeader] = []
    lzop_names: list[str] = []
    inner = inner_name(ftype, name)

    def header_text() -> ArchiveText | None:
        if ftype == FileType.LZOP:
            return gzip_text([GzipHeader(n, None) for n in lzop_names], inner, "lzop-header")
        return gzip_text(headers, inner)

    def open_stream() -> BinaryIO:
        counter = _CountingReader(blob.open())
        if ftype == FileType.GZIP:
            headers.clear()
            stream = _gzip_keeping(headers, counter)
        elif ftype == FileType.LZOP:
            lzop_names.clear()
            stream = _lzop(counter, lzop_names)
        else:
            stream = decompress(counter)
        return io.BufferedReader(_GuardReader(stream, counter, budget.limits))

    head = _stream_head(open_stream, str(ftype))
    if len(head) == 512 and is_tar_header(head):
        try:
            yield from tar_members(open_stream, budget, spool_dir)
        except (ArchiveError, LimitExceededError):
            if (text := header_text()) is not None:
                yield text  # what the headers read so far hold, before the damage
            raise
        if (text := header_text()) is not None:
            yield text
        return

    def load() -> Blob:
        with open_stream() as stream:
            return budget.charge(read_into_blob(stream, spool_dir, limit=budget.member_limit()))

    yield Member(inner, "file", None, None, load)
    if (text := header_text()) is not None:
        yield text


ADB_MAGIC = b"ANDROID BACKUP\n"
MAX_ADB_HEADER = 4096
"""Bytes an Android backup's text header may take (its encryption lines included)."""


@dataclass(frozen=True, slots=True)
class AdbHeader:
    """An Android backup's header: its version, whether its data is compressed, its
    encryption (``none`` or ``AES-256``) and where the data starts."""

    version: int
    compressed: bool
    encryption: str
    data_at: int


def read_adb_header(head: bytes) -> AdbHeader:
    """The header ``adb backup`` writes (Android's ``BackupManagerService``): the line
    ``ANDROID BACKUP``, the format version (1 to 5), ``1`` or ``0`` for a compressed
    stream, the encryption's name; an encrypted backup's five lines of salts, rounds,
    IV and master key blob follow, which are not read."""
    if not head.startswith(ADB_MAGIC):
        raise ArchiveError("not an Android backup (no ANDROID BACKUP line)")
    lines = head[len(ADB_MAGIC) :].split(b"\n", 3)
    if len(lines) < 4:
        raise ArchiveError("corrupt Android backup: cut short in its header")
    version, compressed, encryption = (line.decode("ascii", "replace") for line in lines[:3])
    if not version.isdigit() or compressed not in ("0", "1"):
        raise ArchiveError("corrupt Android backup: its version or compression flag")
    data_at = len(ADB_MAGIC) + sum(len(line) + 1 for line in lines[:3])
    return AdbHeader(int(version), compressed == "1", encryption, data_at)


class _ZlibReader(io.RawIOBase):
    """A zlib stream's (RFC 1950) decompressed bytes, read as asked; bytes after the
    stream's end are left alone, a stream cut short an :class:`EOFError`."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.inflater = zlib.decompressobj()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.inflater.eof:
            data = self.inflater.unconsumed_tail or self.raw.read(CHUNK)
            if not data:
                raise EOFError("compressed stream ended before its end")
            out = self.inflater.decompress(data, len(buffer))
            if out:
                buffer[: len(out)] = out
                return len(out)
        return 0

    def close(self) -> None:
        closer = getattr(self.raw, "close", None)
        if closer is not None:
            closer()
        super().close()


def adb_members(
    blob: Blob, name: str, budget: Budget, spool_dir: Path
) -> Iterator[Member | ArchiveText]:
    """The members of an Android backup (``adb backup``: a header, then a tar, zlib
    compressed where the header says): the tar's members, as a gzipped tar's are; data
    that is not a tar is one member, ``<backup>.tar``. An encrypted backup is skipped
    (:class:`ArchiveSkippedError`): its key is the user's password."""
    with blob.open() as fh:
        header = read_adb_header(fh.read(MAX_ADB_HEADER))
    if header.encryption != "none":
        raise ArchiveSkippedError(f"encrypted Android backup ({header.encryption[:16]})")

    def open_stream() -> BinaryIO:
        raw = blob.open()
        raw.seek(header.data_at)
        counter = _CountingReader(raw)
        stream: io.IOBase = counter
        if header.compressed:
            stream = io.BufferedReader(_ZlibReader(counter))
        return io.BufferedReader(_GuardReader(stream, counter, budget.limits))

    head = _stream_head(open_stream, "Android backup")
    if len(head) == 512 and is_tar_header(head):
        yield from tar_members(open_stream, budget, spool_dir)
        return

    def load() -> Blob:
        with open_stream() as stream:
            return budget.charge(read_into_blob(stream, spool_dir, limit=budget.member_limit()))

    base = PurePosixPath(name.replace("!/", "/")).name or "backup.ab"
    yield Member(base.removesuffix(".ab") + ".tar", "file", None, None, load)
