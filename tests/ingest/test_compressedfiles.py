"""Unix ``compress``, lzip and lzop files as archives: sniffed, the file inside read as a
file and a tar inside as a tar, bombs stopped by the ratio, damaged files a reasoned
:class:`ArchiveError` (the members before the damage kept); and each container's own
checks (lzip's trailer, lzop's header and block checksums)."""

from __future__ import annotations

import io
import random
import struct
import tarfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import (
    ArchiveError,
    ArchiveText,
    Budget,
    inner_name,
    iter_members,
)
from breachscope.ingest.blob import BytesBlob, LimitExceededError
from breachscope.ingest.filetype import ARCHIVE_TYPES, FileType, sniff_bytes
from breachscope.ingest.lzipfile import LzipError, lzip_chunks
from breachscope.ingest.lzopfile import LzopError, lzop_chunks
from breachscope.ingest.members import Member

from .lzowriter import lzip_member, lzop_file
from .lzwwriter import compress_z, zeros_z

CSV = "naam;bsn;postcode\nPetra Jansen;111222333;2611 AB\nKees de Vries;123456782;7513 HJ\n"
WRITERS: dict[str, Callable[[bytes], bytes]] = {
    FileType.COMPRESS: compress_z,
    FileType.LZIP: lzip_member,
    FileType.LZOP: lzop_file,
}


def _tar(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _read(
    data: bytes, ftype: str, spool: Path, name: str, limits: ArchiveLimits | None = None
) -> list[tuple[str, bytes]]:
    out = []
    for m in iter_members(BytesBlob(data), ftype, name, Budget(limits or ArchiveLimits()), spool):
        if isinstance(m, Member) and m.load is not None:
            with m.load() as blob, blob.open() as fh:
                out.append((m.name, fh.read()))
    return out


@pytest.mark.parametrize("ftype", list(WRITERS))
def test_sniffed_as_an_archive(ftype: str) -> None:
    assert sniff_bytes(WRITERS[ftype](CSV.encode("cp1252")), "x") == ftype
    assert ftype in ARCHIVE_TYPES


@pytest.mark.parametrize(
    ("head", "ftype"),
    [
        (b"\x1f\x9d\x88abc", FileType.UNKNOWN),  # 8-bit codes: no compress file
        (b"LZIP\x02\x0c", FileType.UNKNOWN),  # version 2
        (b"LZIP\x01\x0b", FileType.UNKNOWN),  # 2 KiB dictionary
        (b"\x89LZO\x00\r\n\x1a\n\x10\x30", FileType.LZOP),
    ],
)
def test_sniffing_needs_a_valid_header(head: bytes, ftype: str) -> None:
    got = sniff_bytes(head, "x")
    assert (got == ftype) if ftype == FileType.LZOP else got not in WRITERS


@pytest.mark.parametrize("ftype", list(WRITERS))
def test_single_file_and_tar(ftype: str, tmp_path: Path) -> None:
    write = WRITERS[ftype]
    data = CSV.encode("cp1252")
    suffix = {FileType.COMPRESS: ".Z", FileType.LZIP: ".lz", FileType.LZOP: ".lzo"}[ftype]
    assert _read(write(data), ftype, tmp_path, f"backup/lims{suffix}") == [("lims", data)]
    tar = _tar({"export/a.csv": data, "export/b.txt": b"Jansen"})
    assert _read(write(tar), ftype, tmp_path, f"backup{suffix}") == [
        ("export/a.csv", data),
        ("export/b.txt", b"Jansen"),
    ]


@pytest.mark.parametrize(
    ("ftype", "name", "inner"),
    [
        (FileType.COMPRESS, "backup/2019/export.csv.Z", "export.csv"),
        (FileType.COMPRESS, "home.taz", "home.tar"),
        (FileType.LZIP, "huisartsen.tsv.lz", "huisartsen.tsv"),
        (FileType.LZIP, "etc.tlz", "etc.tar"),
        (FileType.LZOP, "patienten.csv.lzo", "patienten.csv"),
        (FileType.LZOP, "nightly.tzo", "nightly.tar"),
    ],
)
def test_inner_name(ftype: str, name: str, inner: str) -> None:
    assert inner_name(ftype, name) == inner


def _zero_bomb(ftype: str) -> bytes:
    if ftype == FileType.COMPRESS:
        return zeros_z(4000)  # 8 MB
    if ftype == FileType.LZIP:
        return lzip_member(bytes(8 * 1024**2))
    return lzop_file(bytes(8 * 1024**2), block=1024**2)


@pytest.mark.parametrize("ftype", list(WRITERS))
def test_bomb_stops_on_ratio(ftype: str, tmp_path: Path) -> None:
    with pytest.raises(LimitExceededError, match="compression ratio"):
        _read(_zero_bomb(ftype), ftype, tmp_path, "bomb")


@pytest.mark.parametrize("ftype", list(WRITERS))
def test_damaged_tar_keeps_the_members_before(ftype: str, tmp_path: Path) -> None:
    """A file cut short in its tar's second member: the first member is read; the second
    fails (as the engine records a member that does not load) and the tar with it."""
    noise = random.Random(1).randbytes(200_000)
    tar = _tar({"a.csv": CSV.encode(), "b.bin": noise})
    packed = lzop_file(tar, block=65536) if ftype == FileType.LZOP else WRITERS[ftype](tar)
    got: dict[str, bytes | str] = {}
    with pytest.raises(ArchiveError, match="corrupt tar"):
        for m in iter_members(
            BytesBlob(packed[: len(packed) // 2]), ftype, "x", Budget(ArchiveLimits()), tmp_path
        ):
            if isinstance(m, ArchiveText):
                continue  # the lzop header's name, kept before the damage
            assert m.load is not None
            try:
                with m.load() as blob, blob.open() as fh:
                    got[m.name] = fh.read()
            except (OSError, EOFError, tarfile.TarError) as exc:
                got[m.name] = type(exc).__name__
    assert got["a.csv"] == CSV.encode()
    assert isinstance(got["b.bin"], str)


@pytest.mark.parametrize("ftype", list(WRITERS))
def test_damaged_head_is_an_archive_error(ftype: str, tmp_path: Path) -> None:
    packed = WRITERS[ftype](CSV.encode())
    cut = {FileType.COMPRESS: b"\x1f\x9d\x90\x41\xfe\x03", FileType.LZIP: packed[:20]}
    with pytest.raises(ArchiveError, match=f"corrupt {ftype}"):
        _read(cut.get(ftype, packed[:30]), ftype, tmp_path, "x")


def test_lzip_members_one_after_the_other() -> None:
    data = lzip_member(b"Jansen;") + lzip_member(b"", 12) + lzip_member(b"Delft\n", 29)
    assert b"".join(lzip_chunks(io.BytesIO(data + b"\0\0 trailing"))) == b"Jansen;Delft\n"


def _lzip_trailer(field: int, delta: int) -> bytes:
    member = bytearray(lzip_member(CSV.encode()))
    at = len(member) - 20 + (0, 4, 12)[field]
    member[at] ^= delta
    return bytes(member)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"LZIQ\x01\x0c", "not an lzip file"),
        (b"LZIP\x00\x0c" + bytes(30), "version 0"),
        (b"LZIP\x01\x1e" + bytes(30), "2\\^30"),
        (_lzip_trailer(0, 1), "CRC32"),
        (_lzip_trailer(1, 1), "decoded to"),
        (_lzip_trailer(2, 1), "size in its trailer"),
        (lzip_member(CSV.encode())[:-5], "inside an lzip member trailer"),
        (lzip_member(CSV.encode())[:-25], "before the end of an lzip member"),
        (lzip_member(b"a") + b"LZIP\x01", "inside an lzip member header"),
    ],
)
def test_lzip_damage(data: bytes, match: str) -> None:
    with pytest.raises((LzipError, EOFError), match=match):
        b"".join(lzip_chunks(io.BytesIO(data)))


@pytest.mark.parametrize(
    ("flags", "version", "store"),
    [
        (0x03000001, 0x1030, False),  # Adler-32 of the data (lzop's default)
        (0x03000003, 0x1030, False),  # and of the compressed bytes
        (0x03000301, 0x1030, False),  # CRC-32s too
        (0x03001100, 0x1030, False),  # CRC-32 of the header and data
        (0x03000000, 0x1030, True),  # no checksums, stored blocks
        (0x00000001, 0x0920, False),  # an old lzop's header (no level, no mtime high)
    ],
)
def test_lzop_headers_and_blocks(flags: int, version: int, store: bool) -> None:
    data = (CSV * 400).encode()
    packed = lzop_file(data, block=4096, flags=flags, version=version, store=store)
    assert b"".join(lzop_chunks(io.BytesIO(packed))) == data


def _lzop_with(at: int, value: bytes) -> bytes:
    packed = bytearray(lzop_file((CSV * 50).encode(), block=1024, flags=0x03000003))
    packed[at : at + len(value)] = value
    return bytes(packed)


HEADER_END = 9 + 2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + 1 + len(b"a.csv") + 4


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (_lzop_with(9, b"\x08\x00"), "version 0x800"),
        (_lzop_with(15, b"\x80"), "method 128"),
        (_lzop_with(17, b"\x03\x00\x08\x01"), "filter"),
        (_lzop_with(HEADER_END - 1, b"\x00"), "header checksum"),
        (_lzop_with(HEADER_END, b"\x05\x00\x00\x00"), "at most 64 MiB"),
        (_lzop_with(HEADER_END + 4, b"\x00\x00\x08\x00"), "1024"),
        (_lzop_with(HEADER_END + 8, b"\x00\x00"), "block 0's checksum"),
        (_lzop_with(HEADER_END + 12, b"\x00\x00"), "compressed checksum"),
        (_lzop_with(HEADER_END, b"\x00\x00\x04\x00\x00\x00\x00\x00"), "0 bytes to 1024"),
        (lzop_file(b"Jansen")[:-6], "ended inside lzop block 0"),
    ],
)
def test_lzop_damage(data: bytes, match: str) -> None:
    with pytest.raises((LzopError, EOFError), match=match):
        b"".join(lzop_chunks(io.BytesIO(data)))


def test_lzop_block_past_its_size_is_an_lzo_error() -> None:
    packed = bytearray(lzop_file(b"Jansen;" * 300, flags=0x03000000))
    struct.pack_into(">I", packed, HEADER_END, 100)  # the decoded size, now too small
    with pytest.raises(OSError, match="past the block"):
        b"".join(lzop_chunks(io.BytesIO(bytes(packed))))
    assert zlib.adler32(b"") == 1


@pytest.mark.parametrize(
    ("stored", "file_name", "text"),
    [
        ("brief_P_Jansen.txt", "brief.txt.lzo", "name: brief_P_Jansen.txt"),
        ("brief.txt", "brief.txt.lzo", None),  # the member's own name: read as its path
        ("", "brief.txt.lzo", None),  # lzop -c from stdin writes no name
    ],
)
def test_lzop_name_is_the_file_s_own_text(
    stored: str, file_name: str, text: str | None, tmp_path: Path
) -> None:
    packed = lzop_file(CSV.encode(), name=stored)
    items = list(
        iter_members(BytesBlob(packed), "lzop", file_name, Budget(ArchiveLimits()), tmp_path)
    )
    member = items[0]
    assert isinstance(member, Member) and member.load is not None
    member.load()
    texts = [(t.part, t.text) for t in items[1:] if isinstance(t, ArchiveText)]
    assert texts == ([("lzop-header", text)] if text else [])
