"""cpio archives in their four header formats, written by the format (``cpio(5)``)."""

from __future__ import annotations

import contextlib
import random
import stat
import struct
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveError, Budget, iter_members
from breachscope.ingest.blob import BytesBlob
from breachscope.ingest.filetype import FileType, sniff_bytes

from . import readmembers

HL7 = b"MSH|^~\\&|GLIMS|||\rPID|1||123456782^^^NLMINBIZA^NNNLD||Jansen^Petra||19800819|F\r"
CSV = b"bestand;labnr\nORU_1.hl7;C24-81869\n"
REG, DIR, LNK, FIFO = stat.S_IFREG | 0o644, stat.S_IFDIR | 0o755, stat.S_IFLNK | 0o777, stat.S_IFIFO
Entry = tuple[str, int, bytes]


def _pad(data: bytes, align: int) -> bytes:
    return data + bytes(-len(data) % align)


def newc(entries: list[Entry], magic: bytes = b"070701", trailer: bool = True) -> bytes:
    """A new ASCII (``newc``) archive: 13 hexadecimal fields, name and data padded to 4."""
    out = b""
    for ino, (name, mode, data) in enumerate(
        [*entries, *([("TRAILER!!!", 0, b"")] if trailer else [])]
    ):
        raw = name.encode() + b"\0"
        fields = [
            ino,
            mode,
            0,
            0,
            1,
            1715600000,
            len(data),
            0,
            0,
            0,
            0,
            len(raw),
            sum(data) & 0xFFFFFFFF,
        ]
        out += _pad(magic + b"".join(b"%08X" % f for f in fields) + raw, 4) + _pad(data, 4)
    return out


def odc(entries: list[Entry]) -> bytes:
    """An old portable ASCII (``odc``) archive: octal fields, nothing padded."""
    out = b""
    for ino, (name, mode, data) in enumerate([*entries, ("TRAILER!!!", 0, b"")]):
        raw = name.encode() + b"\0"
        out += (
            b"070707"
            + b"%06o" % 0
            + b"%06o" % ino
            + b"%06o" % mode
            + b"%06o%06o%06o%06o" % (0, 0, 1, 0)
        )
        out += b"%011o" % 1715600000 + b"%06o" % len(raw) + b"%011o" % len(data) + raw + data
    return out


def binary(entries: list[Entry], order: str) -> bytes:
    """An old binary archive in byte ``order``: 16-bit words, name and data padded to 2."""
    out = b""
    for ino, (name, mode, data) in enumerate([*entries, ("TRAILER!!!", 0, b"")]):
        raw = name.encode() + b"\0"
        size = len(data)
        words = (
            0o070707,
            0,
            ino,
            mode,
            0,
            0,
            1,
            0,
            0x6642,
            0x1234,
            len(raw),
            size >> 16,
            size & 0xFFFF,
        )
        out += _pad(struct.pack(f"{order}13H", *words) + raw, 2) + _pad(data, 2)
    return out


ENTRIES: list[Entry] = [
    ("spool", DIR, b""),
    ("spool/in/ORU_1.hl7", REG, HL7),
    ("spool/index.csv", REG, CSV * 3),
    ("spool/laatste", LNK, b"in/ORU_1.hl7"),
    ("spool/pijp", FIFO, b""),
]
EXPECTED = [
    ("spool/in/ORU_1.hl7", "file", None, HL7),
    ("spool/index.csv", "file", None, CSV * 3),
    ("spool/laatste", "symlink", "symlink member (not materialised)", None),
    ("spool/pijp", "fifo", "fifo member (not materialised)", None),
]


def read_all(
    data: bytes, spool: Path, limits: ArchiveLimits | None = None
) -> list[tuple[str, str, str | None, bytes | None]]:
    return readmembers.read_all(data, "cpio", spool, "a.cpio", limits)


FORMATS = {
    "newc": newc(ENTRIES),
    "crc": newc(ENTRIES, b"070702"),
    "odc": odc(ENTRIES),
    "binary-le": binary(ENTRIES, "<"),
    "binary-be": binary(ENTRIES, ">"),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_formats_read_and_sniffed(tmp_path: Path, fmt: str) -> None:
    data = FORMATS[fmt] + bytes(512)  # block padding after the trailer
    assert sniff_bytes(data, "archief") == FileType.CPIO
    assert read_all(data, tmp_path) == EXPECTED


def test_not_sniffed_as_cpio() -> None:
    assert sniff_bytes(b"070701 is een nummer\n", "a.txt") != FileType.CPIO
    assert sniff_bytes(b"\xc7\x71" + bytes(60), "a") != FileType.CPIO


def test_hard_links_and_unicode_names(tmp_path: Path) -> None:
    data = newc([("één.txt", REG, b""), ("twee.txt", REG, HL7)])
    assert read_all(data, tmp_path) == [
        ("één.txt", "file", None, b""),
        ("twee.txt", "file", None, HL7),
    ]


def test_missing_trailer_ends_at_the_last_entry(tmp_path: Path) -> None:
    assert read_all(newc(ENTRIES[:2], trailer=False), tmp_path) == EXPECTED[:1]


def test_unsafe_name_skipped(tmp_path: Path) -> None:
    rows = read_all(newc([("../../etc/x", REG, HL7), ("b.csv", REG, CSV)]), tmp_path)
    assert rows[0][2] is not None and "unsafe path" in rows[0][2]
    assert rows[1] == ("b.csv", "file", None, CSV)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_truncated_keeps_members_before(tmp_path: Path, fmt: str) -> None:
    data = FORMATS[fmt]
    cut = data.index(b"spool/index.csv") + 20
    got = []
    with pytest.raises(ArchiveError, match="corrupt cpio"):
        for m in iter_members(
            BytesBlob(data[:cut]), "cpio", "a", Budget(ArchiveLimits()), tmp_path
        ):
            got.append(m.name)
    assert got == ["spool/in/ORU_1.hl7"]


def test_hostile_headers(tmp_path: Path) -> None:
    big = bytearray(newc([("a.csv", REG, CSV)]))
    big[6 + 48 : 6 + 56] = b"7FFFFFFF"  # data past the end
    with pytest.raises(ArchiveError, match="past the end"):
        read_all(bytes(big), tmp_path)
    name = bytearray(newc([("a.csv", REG, CSV)]))
    name[6 + 88 : 6 + 96] = b"FFFFFFFF"
    with pytest.raises(ArchiveError, match="a name of"):
        read_all(bytes(name), tmp_path)
    digits = bytearray(newc([("a.csv", REG, CSV)]))
    digits[16:18] = b"zz"  # in the mode
    with pytest.raises(ArchiveError, match="not a number"):
        read_all(bytes(digits), tmp_path)
    signed = bytearray(odc([("a.csv", REG, CSV)]))
    signed[18:24] = b"-00001"  # a sign int() would take
    with pytest.raises(ArchiveError, match="not a number"):
        read_all(bytes(signed), tmp_path)
    many = newc([(f"f{i}", REG, b"x") for i in range(20)])
    with pytest.raises(ArchiveError, match="entry limit"):
        read_all(many, tmp_path, ArchiveLimits(max_entries=5))
    with pytest.raises(ArchiveError, match="no header magic"):
        read_all(newc(ENTRIES, trailer=False) + b"rommel", tmp_path)


def test_random_damage(tmp_path: Path) -> None:
    rng = random.Random(5)
    for fmt in FORMATS.values():
        for _ in range(60):
            data = bytearray(fmt)
            for _ in range(rng.randrange(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            with contextlib.suppress(ArchiveError):
                read_all(bytes(data), tmp_path)
    for _ in range(50):
        noise = bytes(rng.randrange(256) for _ in range(300))
        with contextlib.suppress(ArchiveError):
            read_all(b"070701" + noise, tmp_path)
