"""Microsoft Cabinet files: stored and MSZIP folders read member by member, the rest
skipped with a reason, damage ending the reading."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveError, Budget, iter_members
from breachscope.ingest.blob import BytesBlob
from breachscope.ingest.cabinet import block_checksum
from breachscope.ingest.filetype import FileType, sniff_bytes

from . import readmembers
from .cabwriter import CabFile, CabFolder, cabinet

CSV = "Naam;Geboortedatum;BSN\r\nJansen-de Vries;19-08-1980;111222333\r\n".encode("cp1252")
NOTES = "Notities: Jeroen Bakker (BSN 123456782) wil uitslag per post.\r\n".encode("cp1252")


def read_all(
    data: bytes, spool: Path, limits: ArchiveLimits | None = None
) -> list[tuple[str, str | None, bytes | None]]:
    members = readmembers.read_all(data, "cab", spool, "a.cab", limits)
    return [(name, skip, body) for name, _, skip, body in members]


def test_sniffed_as_cab() -> None:
    data = cabinet([CabFolder(1, [CabFile(b"a.csv", CSV)])])
    assert sniff_bytes(data, "x.bin") == FileType.CAB
    assert sniff_bytes(b"MSCF" + bytes(40), "x") != FileType.CAB  # no version 1.3


def test_stored_folder_names_by_their_encoding(tmp_path: Path) -> None:
    data = cabinet(
        [
            CabFolder(
                0,
                [
                    CabFile(b"Backup\\Terugbellijst.csv", CSV),
                    CabFile("Notities \u00e9\u00e9n.txt".encode("cp1252"), NOTES),
                    CabFile("Caf\u00e9/b.txt".encode(), b"x", attributes=0xA0),
                ],
            )
        ]
    )
    assert read_all(data, tmp_path) == [
        ("Backup/Terugbellijst.csv", None, CSV),
        ("Notities \u00e9\u00e9n.txt", None, NOTES),
        ("Caf\u00e9/b.txt", None, b"x"),
    ]


def test_mszip_window_carried_across_blocks(tmp_path: Path) -> None:
    rng = random.Random(7)
    words = [f"Patient {rng.randrange(10**6)} Jansen {i % 50};".encode() for i in range(4000)]
    big = b"".join(words) * 2  # repeats reach back across the 32 KB blocks
    assert len(big) > 4 * 32768
    data = cabinet([CabFolder(1, [CabFile(b"a.csv", CSV), CabFile(b"big.txt", big)])])
    assert len(data) < len(big) // 2
    rows = read_all(data, tmp_path)
    assert rows == [("a.csv", None, CSV), ("big.txt", None, big)]


def test_unread_member_is_passed_over(tmp_path: Path) -> None:
    data = cabinet([CabFolder(1, [CabFile(b"a.csv", CSV * 900), CabFile(b"b.txt", NOTES)])])
    members = iter_members(BytesBlob(data), "cab", "a.cab", Budget(ArchiveLimits()), tmp_path)
    first = next(members)
    assert first.name == "a.csv"  # not loaded
    second = next(members)
    assert second.load is not None and second.load().open().read() == NOTES


def test_two_folders_reserve_and_neighbours(tmp_path: Path) -> None:
    data = cabinet(
        [CabFolder(0, [CabFile(b"a.csv", CSV)]), CabFolder(1, [CabFile(b"b.txt", NOTES)])],
        reserve=(6, 3, 2),
        neighbours=True,
    )
    assert read_all(data, tmp_path) == [("a.csv", None, CSV), ("b.txt", None, NOTES)]


def test_lzx_folder_and_continued_files_skipped(tmp_path: Path) -> None:
    data = cabinet(
        [
            CabFolder(3 | (21 << 8), [CabFile(b"lzx.txt", NOTES)]),
            CabFolder(1, [CabFile(b"deel.txt", b"abc", folder=0xFFFD), CabFile(b"b.txt", NOTES)]),
        ]
    )
    rows = read_all(data, tmp_path)
    assert rows[0] == ("lzx.txt", "LZX-compressed cabinet folder (no decoder)", None)
    assert rows[1] == ("b.txt", None, NOTES)  # after the continued file's bytes
    assert rows[2] == ("deel.txt", "continued in another cabinet of the set (not read)", None)


def test_unsafe_names_skipped(tmp_path: Path) -> None:
    data = cabinet([CabFolder(0, [CabFile(b"..\\..\\x.csv", CSV), CabFile(b"b.txt", NOTES)])])
    rows = read_all(data, tmp_path)
    assert rows[0][1] is not None and "unsafe path" in rows[0][1]
    assert rows[1] == ("b.txt", None, NOTES)
    assert list(tmp_path.iterdir()) == []


def test_damaged_block_ends_reading_after_earlier_members(tmp_path: Path) -> None:
    data = bytearray(
        cabinet(
            [CabFolder(0, [CabFile(b"a.csv", CSV)]), CabFolder(1, [CabFile(b"b.txt", NOTES * 50)])]
        )
    )
    pos = data.rindex(b"CK")
    data[pos + 2 : pos + 12] = b"\xff" * 10
    got: list[str] = []
    with pytest.raises(ArchiveError, match="corrupt cabinet"):
        for m in iter_members(
            BytesBlob(bytes(data)), "cab", "a", Budget(ArchiveLimits()), tmp_path
        ):
            got.append(m.name)
            if m.load is not None:
                m.load()
    assert got[0] == "a.csv"


@pytest.mark.parametrize("cut", [20, 40, 60, 90, 120, -5])
def test_truncated_cabinet(tmp_path: Path, cut: int) -> None:
    data = cabinet([CabFolder(1, [CabFile(b"a.csv", CSV), CabFile(b"b.txt", NOTES)])])
    with pytest.raises(ArchiveError):
        read_all(data[:cut], tmp_path)


def test_random_and_hostile(tmp_path: Path) -> None:
    rng = random.Random(3)
    for _ in range(200):
        head = bytearray(cabinet([CabFolder(1, [CabFile(b"a.csv", CSV)])]))
        for _ in range(rng.randrange(1, 8)):
            head[rng.randrange(len(head))] = rng.randrange(256)
        with contextlib.suppress(ArchiveError):
            read_all(bytes(head), tmp_path)
    many = bytearray(cabinet([CabFolder(0, [CabFile(b"a.csv", CSV)])]))
    many[28:30] = b"\xff\xff"  # 65535 files claimed
    with pytest.raises(ArchiveError, match="too many entries"):
        read_all(bytes(many), tmp_path, ArchiveLimits(max_entries=1000))
    with pytest.raises(ArchiveError, match="corrupt cabinet"):
        read_all(bytes(many), tmp_path)


def test_checksums(tmp_path: Path) -> None:
    for checked in (True, False):
        data = bytearray(cabinet([CabFolder(0, [CabFile(b"a.csv", CSV)])], checksums=checked))
        data[data.index(b"111222333")] = ord("7")
        if checked:
            with pytest.raises(ArchiveError, match="checksum does not match"):
                read_all(bytes(data), tmp_path)
        else:  # no checksum stored: read as it is
            assert read_all(bytes(data), tmp_path)[0][2] == CSV.replace(b"111", b"711", 1)
    assert block_checksum(b"abcdefg", b"\x07\x00\x07\x00") == (0x64636261 ^ 0x656667 ^ 0x00070007)


def test_overlapping_files_skipped(tmp_path: Path) -> None:
    data = bytearray(cabinet([CabFolder(0, [CabFile(b"a.csv", CSV), CabFile(b"b.txt", NOTES)])]))
    at = data.index(b"b.txt\0") - 12
    data[at : at + 4] = (2).to_bytes(4, "little")  # b.txt starts inside a.csv
    rows = read_all(bytes(data), tmp_path)
    assert rows[0] == ("a.csv", None, CSV)
    assert rows[1][1] == "overlaps the file before it in its folder (not read)"


def test_declared_size_over_the_limits(tmp_path: Path) -> None:
    data = bytearray(cabinet([CabFolder(0, [CabFile(b"a.csv", CSV)])]))
    at = data.index(b"a.csv\0") - 16
    data[at : at + 4] = (3 * 1024**3).to_bytes(4, "little")  # 3 GB declared
    [(_name, skip, content)] = read_all(bytes(data), tmp_path)
    assert content is None and skip is not None and "compression ratio" in skip
