"""A gzip file's members' names and comments (RFC 1952's FNAME, FCOMMENT) read as the
file's own text; every member's data read."""

from __future__ import annotations

import io
import struct
import tarfile
import zlib
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveError, ArchiveText, Budget, iter_members
from breachscope.ingest.blob import BytesBlob

from .readmembers import member_bytes

LETTER = b"Uitslagbrief\nLabnummer: C24-40567\n"


def member(
    data: bytes,
    name: bytes | None = None,
    comment: bytes | None = None,
    extra: bytes | None = None,
    hcrc: bool = False,
) -> bytes:
    """A gzip member by RFC 1952: header (flags for the fields given), raw deflate, CRC-32
    and size."""
    flags = (4 if extra is not None else 0) | (8 if name is not None else 0)
    flags |= (16 if comment is not None else 0) | (2 if hcrc else 0)
    head = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", 1715600000) + b"\x00\x03"
    if extra is not None:
        head += struct.pack("<H", len(extra)) + extra
    head += name + b"\0" if name is not None else b""
    head += comment + b"\0" if comment is not None else b""
    if hcrc:
        head += struct.pack("<H", zlib.crc32(head) & 0xFFFF)
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    return head + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def read(
    data: bytes, spool: Path, name: str = "brieven.txt.gz"
) -> tuple[list[str], list[tuple[str, bytes | None]]]:
    texts: list[str] = []
    members = []
    for m in iter_members(BytesBlob(data), "gzip", name, Budget(ArchiveLimits()), spool):
        if isinstance(m, ArchiveText):
            assert m.part == "gzip-headers"
            texts.append(m.text)
            continue
        members.append((m.name, member_bytes(m)))
    return texts, members


def test_every_member_s_name_and_comment(tmp_path: Path) -> None:
    data = (
        member(
            LETTER,
            "Jansen_P_19081980_111222333.txt".encode("latin-1"),
            b"tel 0612345678; pc 3531DB",
        )
        + member(LETTER, "Dani\u00ebls_R.txt".encode("latin-1"), extra=b"AB\x02\x00xy", hcrc=True)
        + member(LETTER, comment="R\u00e9sultat: hrHPV positief".encode("latin-1"))
        + member(LETTER)
    )
    texts, members = read(data, tmp_path)
    assert members == [("brieven.txt", LETTER * 4)]
    assert texts == [
        "name: Jansen_P_19081980_111222333.txt\ncomment: tel 0612345678; pc 3531DB\n\n"
        "name: Dani\u00ebls_R.txt\n\ncomment: R\u00e9sultat: hrHPV positief"
    ]


def test_own_name_left_out_and_none_without_fields(tmp_path: Path) -> None:
    texts, members = read(member(LETTER, b"brieven.txt"), tmp_path)
    assert texts == [] and members == [("brieven.txt", LETTER)]


def test_gzipped_tar_header_text(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        info = tarfile.TarInfo("a.txt")
        info.size = len(LETTER)
        tf.addfile(info, io.BytesIO(LETTER))
    data = member(buf.getvalue(), b"export.tar", b"archief van Jansen, P.")
    texts, members = read(data, tmp_path, "export.tgz")
    assert members == [("a.txt", LETTER)]
    assert texts == ["comment: archief van Jansen, P."]  # export.tar is its own name


def test_damaged_second_member_keeps_the_first_header(tmp_path: Path) -> None:
    first = member(LETTER, b"Jansen_P.txt")
    lines = "".join(f"regel {i}: Labnummer C24-{i * 7919 % 99991}\n" for i in range(3000))
    second = member(lines.encode(), b"Bakker_R.txt")
    texts = []
    members = iter_members(
        BytesBlob(first + second[: len(second) // 2]),
        "gzip",
        "a.gz",
        Budget(ArchiveLimits()),
        tmp_path,
    )
    for m in members:
        if isinstance(m, ArchiveText):
            texts.append(m.text)
        else:
            assert m.load is not None
            with pytest.raises(EOFError):
                m.load()
    assert texts == ["name: Jansen_P.txt\n\nname: Bakker_R.txt"]


def test_hostile_headers(tmp_path: Path) -> None:
    endless = b"\x1f\x8b\x08\x08" + bytes(6) + b"x" * (70 * 1024)
    with pytest.raises(ArchiveError, match="corrupt gzip"):
        read(endless, tmp_path)
    with pytest.raises(ArchiveError, match="corrupt gzip"):
        read(b"\x1f\x8b\x08\x04" + bytes(6) + b"\xff\xff" + b"ab", tmp_path)
    with pytest.raises(ArchiveError, match="corrupt gzip"):
        read(b"\x1f\x8b\x07\x00" + bytes(6), tmp_path)
