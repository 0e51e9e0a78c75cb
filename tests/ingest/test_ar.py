"""Unix ``ar`` archives and Debian packages, written by the format (``ar(5)``, ``deb(5)``)
and, where the machine has them, by GNU ``ar`` and ``dpkg-deb``."""

from __future__ import annotations

import contextlib
import io
import lzma
import random
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveError, ArchiveText, Budget, iter_members
from breachscope.ingest.blob import BytesBlob
from breachscope.ingest.filetype import FileType, sniff_bytes

YAML = b"patienten:\n  - naam: Sanne de Wit\n    bsn: '123456782'\n    geboortedatum: 1984-03-12\n"
CSV = b"naam;bsn\nPieter Bakker;111222333\n"


def header(name: bytes, size: int, mode: bytes = b"100644") -> bytes:
    """An entry's 60-byte header: name, mtime, uid, gid, mode, size and the mark."""
    fields = [(name, 16), (b"1715600000", 12), (b"0", 6), (b"0", 6), (mode, 8), (b"%d" % size, 10)]
    return b"".join(value.ljust(width) for value, width in fields) + b"`\n"


def entry(name: bytes, data: bytes) -> bytes:
    """A header and its data, padded with a newline to an even length."""
    return header(name, len(data)) + data + (b"\n" if len(data) % 2 else b"")


def gnu(files: list[tuple[str, bytes]], symbols: bool = False) -> bytes:
    """A GNU archive: names ending in ``/``, longer ones in the ``//`` table."""
    table = b""
    entries = []
    for name, data in files:
        raw = name.encode()
        if len(raw) > 15:
            entries.append(entry(b"/%d" % len(table), data))
            table += raw + b"/\n"
        else:
            entries.append(entry(raw + b"/", data))
    out = b"!<arch>\n"
    if symbols:
        out += entry(b"/", b"\x00\x00\x00\x01\x00\x00\x00\x44main\x00")
    if table:
        out += entry(b"//", table)
    return out + b"".join(entries)


def bsd(files: list[tuple[str, bytes]]) -> bytes:
    """A BSD archive: names longer than 15 bytes (or with spaces) before the data."""
    out = b"!<arch>\n" + entry(b"#1/20", b"__.SYMDEF SORTED\0\0\0\0" + bytes(8))
    for name, data in files:
        raw = name.encode()
        if len(raw) > 15 or b" " in raw:
            padded = raw + bytes(-len(raw) % 4)
            out += entry(b"#1/%d" % len(padded), padded + data)
        else:
            out += entry(raw, data)
    return out


FILES = [
    ("debian-binary", b"2.0\n"),
    ("een_heel_lange_naam_patienten.csv", CSV),
    ("oneven", b"abc"),
    ("naam met spatie.yml", YAML),
]


def read_all(
    data: bytes, spool: Path, limits: ArchiveLimits | None = None
) -> list[tuple[str, str | None, bytes | None]]:
    out = []
    for m in iter_members(BytesBlob(data), "ar", "a.deb", Budget(limits or ArchiveLimits()), spool):
        assert not isinstance(m, ArchiveText)
        content = None
        if m.load is not None:
            with m.load() as loaded, loaded.open() as fh:
                content = fh.read()
        out.append((m.name, m.skip, content))
    return out


@pytest.mark.parametrize(("kind", "data"), [("gnu", gnu(FILES, True)), ("bsd", bsd(FILES))])
def test_gnu_and_bsd_names_read_and_sniffed(tmp_path: Path, kind: str, data: bytes) -> None:
    assert sniff_bytes(data, "pakket.deb") == FileType.AR
    assert read_all(data, tmp_path) == [(n, None, d) for n, d in FILES]


def test_not_sniffed_as_ar() -> None:
    assert sniff_bytes(b"!<arch>\nhet is tekst, geen archief\n" * 3, "a.txt") != FileType.AR


def test_empty_archive_and_thin_archive(tmp_path: Path) -> None:
    assert read_all(b"!<arch>\n", tmp_path) == []
    thin = b"!<thin>\n" + entry(b"//", b"lib/een_lange_naam.o/\n") + header(b"/0", 4000)
    assert sniff_bytes(thin, "libx.a") == FileType.AR
    assert read_all(thin, tmp_path) == [
        ("lib/een_lange_naam.o", "thin ar archive: the member's bytes lie outside it", None)
    ]


def _tar_xz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return lzma.compress(buffer.getvalue())


def _nested(data: bytes, ftype: str, name: str, spool: Path) -> dict[str, bytes]:
    """The members of a member (its type sniffed), as the engine reads them."""
    assert sniff_bytes(data, name) == ftype
    out = {}
    for m in iter_members(BytesBlob(data), ftype, name, Budget(ArchiveLimits()), spool):
        assert not isinstance(m, ArchiveText) and m.load is not None
        with m.load() as loaded, loaded.open() as fh:
            out[m.name] = fh.read()
    return out


def test_a_debian_package_s_tars_are_nested_archives(tmp_path: Path) -> None:
    control = _tar_xz({"./control": b"Package: lims-testdata\nMaintainer: J. Smit <j@x.nl>\n"})
    data_tar = _tar_xz({"./usr/share/lims/patienten.yml": YAML})
    deb = gnu([("debian-binary", b"2.0\n"), ("control.tar.xz", control), ("data.tar.xz", data_tar)])
    members = {name: content for name, _, content in read_all(deb, tmp_path)}
    assert list(members) == ["debian-binary", "control.tar.xz", "data.tar.xz"]
    xz = _nested(members["data.tar.xz"] or b"", FileType.XZ, "p.deb!/data.tar.xz", tmp_path)
    assert xz == {"usr/share/lims/patienten.yml": YAML}


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="no dpkg-deb")
def test_a_package_dpkg_deb_built(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "DEBIAN" / "control").write_text(
        "Package: lims-testdata\nVersion: 1.4-2\nArchitecture: all\n"
        "Maintainer: Jan Smit <jan.smit@example.nl>\nDescription: testgegevens\n"
    )
    (root / "usr/share/lims").mkdir(parents=True)
    (root / "usr/share/lims/patienten.yml").write_bytes(YAML)
    deb = tmp_path / "lims-testdata_1.4-2_all.deb"
    subprocess.run(
        ["dpkg-deb", "-Zxz", "--root-owner-group", "--build", str(root), str(deb)],
        check=True,
        capture_output=True,
    )
    data = deb.read_bytes()
    assert sniff_bytes(data, deb.name) == FileType.AR
    members = {name: content for name, _, content in read_all(data, tmp_path / "s")}
    assert list(members) == ["debian-binary", "control.tar.xz", "data.tar.xz"]
    files = _nested(members["data.tar.xz"] or b"", FileType.XZ, "data.tar.xz", tmp_path / "s")
    assert files["usr/share/lims/patienten.yml"] == YAML


@pytest.mark.skipif(shutil.which("ar") is None, reason="no ar")
def test_an_archive_gnu_ar_wrote(tmp_path: Path) -> None:
    names = {"kort.csv": CSV, "een_naam_langer_dan_vijftien.yml": YAML, "b.txt": b"x"}
    for name, data in names.items():
        (tmp_path / name).write_bytes(data)
    subprocess.run(["ar", "rc", "lib.a", *names], cwd=tmp_path, check=True)
    got = read_all((tmp_path / "lib.a").read_bytes(), tmp_path / "s")
    assert got == [(n, None, d) for n, d in names.items()]


def test_damage_ends_the_reading_the_members_before_kept(tmp_path: Path) -> None:
    data = gnu(FILES)
    cut = data.index(CSV) + 5
    got = []
    with pytest.raises(ArchiveError, match="past the end"):
        for m in iter_members(BytesBlob(data[:cut]), "ar", "a", Budget(ArchiveLimits()), tmp_path):
            assert not isinstance(m, ArchiveText)
            got.append(m.name)
    assert got == ["debian-binary"]
    with pytest.raises(ArchiveError, match="not a number"):
        read_all(b"!<arch>\n" + header(b"a/", 4).replace(b"4 ", b"x "), tmp_path)
    with pytest.raises(ArchiveError, match="end mark"):
        read_all(b"!<arch>\n" + header(b"a/", 0)[:-2] + b"!!", tmp_path)
    with pytest.raises(ArchiveError, match="without a name table"):
        read_all(b"!<arch>\n" + entry(b"/0", b"ab"), tmp_path)
    with pytest.raises(ArchiveError, match="past its name table"):
        read_all(b"!<arch>\n" + entry(b"//", b"a/\n") + entry(b"/99", b"ab"), tmp_path)
    with pytest.raises(ArchiveError, match="a name of"):
        read_all(b"!<arch>\n" + entry(b"#1/99", b"ab"), tmp_path)
    with pytest.raises(ArchiveError, match="cut short"):
        read_all(gnu(FILES) + b"rommel", tmp_path)
    many = gnu([(f"f{i}", b"x") for i in range(20)])
    with pytest.raises(ArchiveError, match="entry limit"):
        read_all(many, tmp_path, ArchiveLimits(max_entries=5))


def test_unsafe_names_and_the_budget(tmp_path: Path) -> None:
    data = gnu([("../../etc/passwd", b"x"), ("groot.csv", CSV)])
    rows = read_all(data, tmp_path, ArchiveLimits(max_member_bytes=10))
    assert rows[0][1] is not None and "unsafe path" in rows[0][1]
    assert rows[1][1] is not None and "larger than the limit" in rows[1][1]


def test_random_damage(tmp_path: Path) -> None:
    rng = random.Random(7)
    for archive in (gnu(FILES, True), bsd(FILES)):
        assert len(read_all(archive, tmp_path)) == len(FILES)  # (undamaged: all of it)
        for _ in range(80):
            data = bytearray(archive)
            for _ in range(rng.randrange(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            with contextlib.suppress(ArchiveError):
                read_all(bytes(data), tmp_path)
