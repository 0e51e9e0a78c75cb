"""Companion files: what an extractor may read beside its file, and what it may not."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from pathlib import Path

import py7zr
import pytest

from breachscope.config import ArchiveLimits
from breachscope.engine.companions import (
    MAX_PASSES,
    ArchiveCompanions,
    children_companion,
    folder_companion,
)
from breachscope.extract.base import MAX_COMPANION_BYTES, ChildFile, Source, plain_name
from breachscope.ingest.blob import BytesBlob


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("patient.xml", True),
        ("PATIENT.FMT", True),
        ("", False),
        (".", False),
        ("..", False),
        ("../patient.xml", False),
        ("sub/patient.xml", False),
        ("sub\\patient.xml", False),
        ("/etc/passwd", False),
        ("a\x00b", False),
        ("x" * 256, False),
    ],
)
def test_plain_name(name: str, plain: bool) -> None:
    assert plain_name(name) is plain


def _dump(tmp_path: Path) -> Path:
    dump = tmp_path / "dump"
    (dump / "export").mkdir(parents=True)
    (dump / "export" / "patient.dat").write_bytes(b"data")
    (dump / "export" / "patient.xml").write_bytes(b"<BCPFORMAT/>")
    (dump / "top.xml").write_bytes(b"top")
    (tmp_path / "outside.xml").write_bytes(b"outside")
    return dump


def test_folder_sibling(tmp_path: Path) -> None:
    dump = _dump(tmp_path)
    read = folder_companion(str(dump / "export" / "patient.dat"), str(dump))
    assert read("patient.xml") == b"<BCPFORMAT/>"
    assert read("missing.xml") is None
    assert read("../top.xml") is None
    assert read("..") is None
    assert read(str(dump / "top.xml")) is None


def test_folder_sibling_bounded_and_no_links(tmp_path: Path) -> None:
    dump = _dump(tmp_path)
    folder = dump / "export"
    (folder / "big.xml").write_bytes(b"x" * (MAX_COMPANION_BYTES + 1))
    os.symlink(tmp_path / "outside.xml", folder / "link.xml")
    os.mkfifo(folder / "fifo.xml")
    read = folder_companion(str(folder / "patient.dat"), str(dump))
    assert read("big.xml") is None
    assert read("link.xml") is None
    assert read("fifo.xml") is None  # never opened for reading (would block)


def test_no_companions_outside_a_dump_folder(tmp_path: Path) -> None:
    dump = _dump(tmp_path)
    # a dump that is one file: its folder is no part of the dump
    assert folder_companion(str(dump / "export" / "patient.dat"), None)("patient.xml") is None
    # a file that is not under the dump root
    read = folder_companion(str(tmp_path / "x.dat"), str(dump))
    assert read("outside.xml") is None


def test_source_read_companion_refuses_paths() -> None:
    asked: list[str] = []

    def companion(name: str) -> bytes | None:
        asked.append(name)
        return b"x" * (MAX_COMPANION_BYTES + 1) if name == "big" else b"ok"

    source = Source("a.dat", "bcp", 1, lambda: io.BytesIO(b"x"), None, companion)
    assert source.read_companion("a.xml") == b"ok"
    assert source.read_companion("../a.xml") is None
    assert source.read_companion("big") is None
    assert asked == ["a.xml", "big"]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.comment = b"levering 2024-05-10"  # (the archive's own text: no member)
    return buf.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(  # type: ignore[call-overload]
        fileobj=buf, mode=mode, format=tarfile.PAX_FORMAT
    ) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.pax_headers = {"comment": "scan 13-05"}  # (a pax header: the archive's text)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return bytes(buf.getvalue())


def _7z(members: dict[str, bytes], tmp_path: Path) -> bytes:
    path = tmp_path / "a.7z"
    with py7zr.SevenZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return path.read_bytes()


MEMBERS = {
    "export/patient.dat": b"data",
    "export/patient.xml": b"<BCPFORMAT/>",
    "other/patient.fmt": b"elsewhere",
    "readme.txt": b"top",
    "export/big.xml": os.urandom(MAX_COMPANION_BYTES + 1),
}


@pytest.mark.parametrize("kind", ["zip", "gzip", "tar", "7z"])
def test_archive_members(kind: str, tmp_path: Path) -> None:
    if kind == "zip":
        data = _zip(MEMBERS)
    elif kind == "7z":
        data = _7z(MEMBERS, tmp_path)
    else:
        data = _tar(MEMBERS, "w:gz" if kind == "gzip" else "w")
    companions = ArchiveCompanions(BytesBlob(data), kind, "a", ArchiveLimits(), tmp_path / "spool")
    read = companions.reader("export/patient.dat")
    assert read("patient.xml") == b"<BCPFORMAT/>"
    assert read("patient.fmt") is None  # another folder's
    assert read("readme.txt") is None
    assert read("big.xml") is None
    assert read("../readme.txt") is None
    assert companions.reader("readme.txt")("readme.txt") == b"top"
    assert companions.passes <= 3  # misses answered from the names of the first pass


def test_archive_passes_are_bounded(tmp_path: Path) -> None:
    members = {f"f{i}.xml": b"x" for i in range(MAX_PASSES + 5)}
    companions = ArchiveCompanions(
        BytesBlob(_tar(members, "w")), "tar", "a", ArchiveLimits(), tmp_path
    )
    read = companions.reader("f0.dat")
    found = [read(f"f{i}.xml") for i in range(MAX_PASSES + 5)]
    assert found[:MAX_PASSES] == [b"x"] * MAX_PASSES
    assert found[MAX_PASSES:] == [None] * 5


def test_damaged_archive_gives_no_companion(tmp_path: Path) -> None:
    data = _zip(MEMBERS)
    companions = ArchiveCompanions(
        BytesBlob(data[: len(data) // 2]), "zip", "a", ArchiveLimits(), tmp_path
    )
    assert companions.reader("export/patient.dat")("patient.xml") is None


def test_children_siblings() -> None:
    children = [ChildFile("a.dat", b"data"), ChildFile("a.xml", b"fmt")]
    read = children_companion(children, ["a.dat", "a.xml"])
    assert read("a.xml") == b"fmt"
    assert read("b.xml") is None
    assert read("../a.xml") is None


def test_folder_names_by_suffix(tmp_path: Path) -> None:
    dump = _dump(tmp_path)
    folder = dump / "export"
    (folder / "BVOUITS.CPY").write_bytes(b"01 R.")
    (folder / "ander.cbl").write_bytes(b"01 R.")
    (folder / "sub.cpy").mkdir()
    os.symlink(tmp_path / "outside.xml", folder / "link.cpy")
    beside = folder_companion(str(folder / "patient.dat"), str(dump))
    assert beside.names((".cpy", ".cbl")) == ["BVOUITS.CPY", "ander.cbl"]
    assert beside.names((".xml",)) == ["patient.xml"]
    assert folder_companion(str(folder / "patient.dat"), None).names((".xml",)) == []


@pytest.mark.parametrize("kind", ["zip", "tar", "7z"])
def test_archive_names_by_suffix(kind: str, tmp_path: Path) -> None:
    if kind == "zip":
        data = _zip(MEMBERS)
    elif kind == "7z":
        data = _7z(MEMBERS, tmp_path)
    else:
        data = _tar(MEMBERS, "w")
    companions = ArchiveCompanions(BytesBlob(data), kind, "a", ArchiveLimits(), tmp_path / "s")
    beside = companions.reader("export/patient.dat")
    assert beside.names((".xml",)) == ["big.xml", "patient.xml"]  # this folder's only
    assert beside.names((".fmt",)) == []
    assert companions.reader("readme.dat").names((".txt",)) == ["readme.txt"]
    assert companions.passes == 1


def test_children_names() -> None:
    children = [ChildFile("a.dat", b"data"), ChildFile("A.CPY", b"01 R.")]
    beside = children_companion(children, ["a.dat", "A.CPY"])
    assert beside.names((".cpy",)) == ["A.CPY"]
    source = Source("p", "ebcdic", 1, lambda: io.BytesIO(b"x"), None, beside.read, beside.names)
    assert source.companions_ending(".CPY") == ["A.CPY"]
