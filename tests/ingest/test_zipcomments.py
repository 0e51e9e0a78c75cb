"""A zip file's comment and its entries' comments read as the archive's own text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveText, Budget, iter_members, zip_text
from breachscope.ingest.blob import BytesBlob

CSV = b"studienummer;uitslag\nPS12463;positief\n"


def _zip(entries: list[tuple[str, bytes, bytes]], comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, note in entries:
            info = zipfile.ZipInfo(name)
            info.comment = note
            zf.writestr(info, data)
        zf.comment = comment
    return buf.getvalue()


def read(data: bytes, spool: Path) -> list[tuple[str, str]]:
    out = []
    for m in iter_members(BytesBlob(data), "zip", "a.zip", Budget(ArchiveLimits()), spool):
        out.append(("text:" + m.part, m.text) if isinstance(m, ArchiveText) else ("member", m.name))
    return out


def test_archive_and_entry_comments(tmp_path: Path) -> None:
    key = (
        "SLEUTEL\r\nPS12463 = B\u00fc\u015fra \u00d6zt\u00fcrk, geb. 23-01-1962, BSN 111222333\r\n"
    )
    data = _zip(
        [
            ("uitslagen.csv", CSV, b""),
            ("casus/PS12463.txt", b"casus", "B. \u00d6zt\u00fcrk, tel 06-37388351".encode()),
            ("casus/", b"", "map van M\u00fcller".encode("cp437")),
            ("caf\u00e9/PS2.txt", b"x", "R\u00e9n\u00e9e Smit".encode()),  # UTF-8 flag set
            ("leeg.txt", b"y", b"   "),
        ],
        key.encode(),
    )
    assert read(data, tmp_path) == [
        ("text:zip-comment", key),
        ("member", "uitslagen.csv"),
        ("text:comment/casus/PS12463.txt", "B. \u00d6zt\u00fcrk, tel 06-37388351"),
        ("member", "casus/PS12463.txt"),
        ("text:comment/casus", "map van M\u00fcller"),
        ("text:comment/caf\u00e9/PS2.txt", "R\u00e9n\u00e9e Smit"),
        ("member", "caf\u00e9/PS2.txt"),
        ("member", "leeg.txt"),
    ]


def test_comment_decoding() -> None:
    assert zip_text("M\u00fcller".encode("cp437"), utf8=False) == "M\u00fcller"
    assert zip_text("M\u00fcller".encode(), utf8=False) == "M\u00fcller"
    assert zip_text(b"M\x81ller", utf8=True) == "M\ufffdller"


def test_no_comments_no_text(tmp_path: Path) -> None:
    assert read(_zip([("a.csv", CSV, b"")]), tmp_path) == [("member", "a.csv")]
