"""A scan of a dump holding Unix ``compress``, lzip and lzop files: each read as an
archive, the file inside (or the tar's members) read as files of their own; a damaged
one recorded as failed, with its reason."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from breachscope.config import Config
from breachscope.scan import scan
from engine.fakes import make_registry
from ingest.lzowriter import lzip_member, lzop_file
from ingest.lzwwriter import compress_z

from .test_scan import rows

TEXT = b"Petra Jansen woont in Delft.\n"


def _tar(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_compressed_files_are_opened(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "lims.txt.Z").write_bytes(compress_z(TEXT + b"Kees Bakker ook.\n"))
    (dump / "huisartsen.txt.lz").write_bytes(lzip_member(TEXT + b"Anouk Smit ook.\n"))
    (dump / "patienten.txt.lzo").write_bytes(lzop_file(TEXT + b"Daan Visser ook.\n"))
    (dump / "nightly.tar.lzo").write_bytes(lzop_file(_tar({"export/a.txt": TEXT})))
    (dump / "kapot.txt.lz").write_bytes(lzip_member(TEXT)[:-4])
    scan(dump, tmp_path / "case", Config(workers=1), registry=make_registry)
    got = {
        path: (row["detected_type"], row["status"]) for path, row in rows(tmp_path / "case").items()
    }
    assert got["lims.txt.Z"] == ("compress", "extracted")
    assert got["huisartsen.txt.lz"] == ("lzip", "extracted")
    assert got["patienten.txt.lzo"] == ("lzop", "extracted")
    assert got["nightly.tar.lzo"] == ("lzop", "extracted")
    for child in (
        "lims.txt.Z!/lims.txt",
        "huisartsen.txt.lz!/huisartsen.txt",
        "patienten.txt.lzo!/patienten.txt",
        "nightly.tar.lzo!/export/a.txt",
    ):
        assert got[child][1] == "extracted", child
    damaged = rows(tmp_path / "case")["kapot.txt.lz"]
    assert damaged["status"] == "failed"
    assert damaged["reason"].startswith("corrupt lzip: EOFError") and "trailer" in damaged["reason"]
