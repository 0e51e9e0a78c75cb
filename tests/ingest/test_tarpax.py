"""A tar's pax extended headers and GNU long names read as the archive's own text."""

from __future__ import annotations

import base64
import gzip
import io
import tarfile
from pathlib import Path

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveText, Budget, iter_members
from breachscope.ingest.blob import BytesBlob

from .readmembers import member_bytes

PDF = b"%PDF-1.4\n% scan\n%%EOF\n"
LONG = (
    "scans/2024-05-13/ontvangst/batch_B388026/"
    "aanvraagformulier cervixcytologie - Petra Jansen-de Vries - geboren 19-08-1980.pdf"
)


def _tar(fmt: int, members: list[tuple[tarfile.TarInfo, bytes]], **kwargs: object) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt, **kwargs) as tf:  # type: ignore[call-overload]
        for info, data in members:
            info.size = len(data) if info.isreg() else 0
            tf.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return buf.getvalue()


def _info(
    name: str, pax: dict[str, str] | None = None, kind: bytes = tarfile.REGTYPE
) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mtime = 1715587200
    info.pax_headers = pax or {}
    return info


def read(
    data: bytes, spool: Path, ftype: str = "tar"
) -> tuple[dict[str, str], list[tuple[str, bytes | None]]]:
    texts: dict[str, str] = {}
    members = []
    for m in iter_members(BytesBlob(data), ftype, "a.tar", Budget(ArchiveLimits()), spool):
        if isinstance(m, ArchiveText):
            texts[m.part] = m.text
            continue
        members.append((m.name, member_bytes(m)))
    return texts, members


def test_pax_records_are_text_of_the_archive(tmp_path: Path) -> None:
    xattr = "BSN 111222333; tel. 06 12 34 56 78"
    libarchive = base64.b64encode(b"Jansen, P. (19-08-1980)").decode()
    data = _tar(
        tarfile.PAX_FORMAT,
        [
            (
                _info(
                    LONG,
                    {
                        "SCHILY.xattr.user.xdg.comment": xattr,
                        "LIBARCHIVE.xattr.user.pts%2Epatient": libarchive,
                        "comment": "Gescand door de balie",
                        "SCHILY.dev": "2049",
                        "atime": "1715587200.5",
                    },
                ),
                PDF,
            ),
            (_info("scans/Jansen, Petra", {"comment": "map van de patiënt"}, tarfile.DIRTYPE), b""),
            (_info("kort.txt"), b"hallo"),
        ],
    )
    texts, members = read(data, tmp_path)
    assert members == [(LONG, PDF), ("kort.txt", b"hallo")]
    assert texts == {
        f"pax/{LONG}": (
            f"SCHILY.xattr.user.xdg.comment: {xattr}\n"
            "xattr.user.pts.patient: Jansen, P. (19-08-1980)\ncomment: Gescand door de balie"
        ),
        "pax/scans/Jansen, Petra": "comment: map van de patiënt",
    }


def test_global_header_once_and_bytes_not_utf8(tmp_path: Path) -> None:
    data = _tar(
        tarfile.PAX_FORMAT,
        [(_info("a.txt", {"comment": "caf\udce9 bij Jansen"}), b"a"), (_info("b.txt"), b"b")],
        pax_headers={"comment": "Back-up van Jansen, P.", "uname": "secretariaat"},
    )
    texts, members = read(data, tmp_path)
    assert [m[0] for m in members] == ["a.txt", "b.txt"]
    assert texts == {
        "pax-global": "comment: Back-up van Jansen, P.\nuname: secretariaat",
        "pax/a.txt": "comment: café bij Jansen",
    }


def test_gnu_long_names_and_links(tmp_path: Path) -> None:
    link = _info("laatste-" + "x" * 100, kind=tarfile.SYMTYPE)
    link.linkname = LONG
    data = _tar(tarfile.GNU_FORMAT, [(_info(LONG), PDF), (link, b""), (_info("kort.txt"), b"k")])
    texts, members = read(data, tmp_path)
    assert members[0] == (LONG, PDF) and members[2] == ("kort.txt", b"k")
    assert texts == {
        f"pax/laatste-{'x' * 100}": f"linkpath: {LONG}",  # the long names are the members'
    }


def test_gzipped_pax_tar(tmp_path: Path) -> None:
    data = _tar(tarfile.PAX_FORMAT, [(_info("a.pdf", {"comment": "BSN 123456782"}), PDF)])
    texts, members = read(gzip.compress(data), tmp_path, "gzip")
    assert members == [("a.pdf", PDF)]
    assert texts == {"pax/a.pdf": "comment: BSN 123456782"}


def test_technical_records_give_no_text(tmp_path: Path) -> None:
    data = _tar(tarfile.PAX_FORMAT, [(_info("a.txt", {"mtime": "1.5", "uid": "3000000"}), b"a")])
    texts, members = read(data, tmp_path)
    assert texts == {} and members == [("a.txt", b"a")]
