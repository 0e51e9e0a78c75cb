"""Archive members: normal reading, and every hostile shape ending as a reasoned skip."""

from __future__ import annotations

import bz2
import gzip
import lzma
import random
import stat
import tarfile
from pathlib import Path

import py7zr
import pytest
import zstandard

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import (
    ArchiveError,
    ArchiveSkippedError,
    Budget,
    inner_name,
    iter_members,
    safe_member_name,
)
from breachscope.ingest.blob import BytesBlob, FileBlob, LimitExceededError

from .hostile import (
    encrypt_flag,
    overlapping_zip,
    tar_bytes,
    tar_entry,
    write_zero_gzip,
    write_zero_zip,
    zip_bytes,
)
from .readmembers import read_all

CSV = b"naam,plaats\nJansen,Delft\n"


def test_zip_members_are_read(tmp_path: Path) -> None:
    data = zip_bytes({"a.csv": CSV, "dir/./b.txt": b"hallo"})
    assert read_all(data, "zip", tmp_path) == [
        ("a.csv", "file", None, CSV),
        ("dir/b.txt", "file", None, b"hallo"),
    ]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("../../x.csv", "parent traversal"),
        ("a/../../x.csv", "parent traversal"),
        ("..\\..\\x.csv", "parent traversal"),
        ("/etc/x.csv", "absolute"),
        ("C:\\x.csv", "absolute"),
    ],
)
def test_unsafe_member_names(tmp_path: Path, raw: str, reason: str) -> None:
    assert reason in (safe_member_name(raw)[1] or "")
    [(name, _kind, skip, content)] = read_all(zip_bytes({raw: CSV}), "zip", tmp_path)
    assert skip is not None and "unsafe path" in skip and content is None and name == raw
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("raw", ["a.csv", "dir/a.csv", "./a.csv", "x..y/a.csv"])
def test_safe_member_names(raw: str) -> None:
    assert safe_member_name(raw)[1] is None


def test_encrypted_zip_member(tmp_path: Path) -> None:
    [(_n, _k, skip, content)] = read_all(encrypt_flag(zip_bytes({"a.csv": CSV})), "zip", tmp_path)
    assert (skip, content) == ("encrypted", None)


def test_zip_symlink_member_not_materialised(tmp_path: Path) -> None:
    data = zip_bytes({"link": b"/etc/passwd", "a.csv": CSV}, modes={"link": stat.S_IFLNK | 0o777})
    rows = read_all(data, "zip", tmp_path)
    assert rows[0][1:] == ("symlink", "symlink member (not materialised)", None)
    assert rows[1][3] == CSV


def test_zip_bomb_is_skipped_by_declared_size(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    write_zero_zip(bomb, 10 * 1024**3)
    assert bomb.stat().st_size < 20 * 1024**2
    [(_n, _k, skip, content)] = read_all(bomb, "zip", tmp_path / "spool")
    assert content is None and skip is not None and "larger than the limit" in skip


def test_zip_bomb_is_skipped_by_ratio(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    write_zero_zip(bomb, 64 * 1024**2)
    [(_n, _k, skip, _c)] = read_all(bomb, "zip", tmp_path / "spool")
    assert skip is not None and "compression ratio" in skip


def test_overlapping_zip_entries(tmp_path: Path) -> None:
    rows = read_all(overlapping_zip(), "zip", tmp_path)
    assert [r[2] for r in rows] == ["overlapping zip entries (bomb)"] * 2


def test_zip_entry_limit(tmp_path: Path) -> None:
    data = zip_bytes({f"f{i}.txt": b"x" for i in range(20)})
    with pytest.raises(ArchiveError, match="too many entries"):
        read_all(data, "zip", tmp_path, limits=ArchiveLimits(max_entries=10))


def test_zip_total_budget(tmp_path: Path) -> None:
    data = zip_bytes({f"f{i}.txt": bytes([i]) * 1000 for i in range(5)})
    rows = read_all(data, "zip", tmp_path, limits=ArchiveLimits(max_total_bytes=2500))
    assert [r[2] is None for r in rows] == [True, True, False, False, False]
    assert "total expanded-size limit" in (rows[2][2] or "")


def test_corrupt_zip(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="corrupt zip"):
        read_all(b"PK\x03\x04" + b"\x00" * 100, "zip", tmp_path)


def test_tar_special_members(tmp_path: Path) -> None:
    entries = [
        tar_entry("a.csv"),
        tar_entry("link", tarfile.SYMTYPE, "/etc/passwd"),
        tar_entry("loop", tarfile.SYMTYPE, "loop"),
        tar_entry("hard", tarfile.LNKTYPE, "a.csv"),
        tar_entry("dev", tarfile.CHRTYPE),
        tar_entry("blk", tarfile.BLKTYPE),
        tar_entry("fifo", tarfile.FIFOTYPE),
        tar_entry("../../escape.csv"),
        tar_entry("/abs.csv"),
        tar_entry("sub", tarfile.DIRTYPE),
    ]
    data = tar_bytes(entries, {"a.csv": CSV, "../../escape.csv": CSV, "/abs.csv": CSV})
    rows = {r[0]: r[1:] for r in read_all(data, "tar", tmp_path)}
    assert rows["a.csv"] == ("file", None, CSV)
    assert rows["link"][:2] == ("symlink", "symlink member (not materialised)")
    assert rows["loop"][0] == "symlink"
    assert rows["hard"][:2] == ("hardlink", "hardlink member (not materialised)")
    assert rows["dev"][0] == rows["blk"][0] == "device"
    assert rows["fifo"][0] == "fifo"
    assert "parent traversal" in (rows["../../escape.csv"][1] or "")
    assert "absolute" in (rows["/abs.csv"][1] or "")
    assert "sub" not in rows
    assert all(content is None for name, (_k, _s, content) in rows.items() if name != "a.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("compress", "ftype"),
    [
        (gzip.compress, "gzip"),
        (bz2.compress, "bzip2"),
        (lzma.compress, "xz"),
        (zstandard.ZstdCompressor().compress, "zstd"),
    ],
)
def test_compressed_tar_and_single_file(tmp_path: Path, compress, ftype: str) -> None:  # type: ignore[no-untyped-def]
    tar = tar_bytes([tar_entry("in/a.csv")], {"in/a.csv": CSV})
    assert read_all(compress(tar), ftype, tmp_path, "x.tar") == [("in/a.csv", "file", None, CSV)]
    [(name, _k, skip, content)] = read_all(compress(CSV), ftype, tmp_path, "dir/a.csv.gz")
    assert (skip, content) == (None, CSV)
    assert name in {"a.csv", "a.csv.gz"}


@pytest.mark.parametrize(
    ("ftype", "name", "inner"),
    [
        ("gzip", "x/a.csv.gz", "a.csv"),
        ("gzip", "a.tgz", "a.tar"),
        ("bzip2", "b.sql.bz2", "b.sql"),
        ("xz", "c.json.xz", "c.json"),
        ("zstd", "d.log.zst", "d.log"),
        ("gzip", "noext", "noext"),
        ("gzip", "outer.zip!/in.csv.gz", "in.csv"),
    ],
)
def test_inner_name(ftype: str, name: str, inner: str) -> None:
    assert inner_name(ftype, name) == inner


def test_gzip_bomb_stops_on_ratio(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.gz"
    write_zero_gzip(bomb, 10 * 1024**3)
    members = iter_members(
        FileBlob(str(bomb), bomb.stat().st_size),
        "gzip",
        "bomb.gz",
        Budget(ArchiveLimits()),
        tmp_path / "spool",
    )
    member = next(members)
    assert member.load is not None
    with pytest.raises(LimitExceededError, match="compression ratio"):
        member.load()
    assert not any((tmp_path / "spool").glob("*"))


def test_corrupt_gzip(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="corrupt gzip"):
        read_all(b"\x1f\x8b\x08\x00" + b"\xff" * 50, "gzip", tmp_path)


def test_oversized_pax_header(tmp_path: Path) -> None:
    info = tar_entry("a.csv")
    info.pax_headers = {"comment": "x" * (2 * 1024**2)}
    data = tar_bytes([info], {"a.csv": CSV})
    with pytest.raises(ArchiveError, match="corrupt tar"):
        read_all(data, "tar", tmp_path)


def test_7z_members(tmp_path: Path) -> None:
    path = tmp_path / "a.7z"
    with py7zr.SevenZipFile(path, "w") as archive:
        archive.writestr(CSV, "a.csv")
        archive.writestr(b"x" * 100, "dir/b.txt")
    rows = read_all(path, "7z", tmp_path / "spool")
    assert sorted(rows) == [("a.csv", "file", None, CSV), ("dir/b.txt", "file", None, b"x" * 100)]


def test_7z_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "e.7z"
    with py7zr.SevenZipFile(path, "w", password="secret") as archive:
        archive.writestr(CSV, "a.csv")
    rows = read_all(path, "7z", tmp_path / "spool")
    assert [r[2] for r in rows] == ["encrypted"]
    hidden = tmp_path / "h.7z"
    with py7zr.SevenZipFile(hidden, "w", password="secret", header_encryption=True) as archive:
        archive.writestr(CSV, "a.csv")
    with pytest.raises(ArchiveSkippedError, match="encrypted"):
        read_all(hidden, "7z", tmp_path / "spool")


def test_large_member_is_spooled_inside_spool_dir(tmp_path: Path) -> None:
    big = random.Random(1).randbytes(20 * 1024**2)  # above the in-memory bound
    spool = tmp_path / "spool"
    blob = BytesBlob(zip_bytes({"big.bin": big}))
    members = iter_members(blob, "zip", "a", Budget(ArchiveLimits()), spool)
    member = next(members)
    assert member.load is not None
    loaded = member.load()
    assert [p.parent for p in spool.iterdir()] == [spool]
    with loaded.open() as fh:
        assert fh.read() == big
    loaded.close()
    assert list(spool.iterdir()) == []
