"""Manifest reasons, --log-json lines and ``detect FILE`` errors never quote file content:
files are crafted so the parser error sits right next to a synthetic name and BSN."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

NAME = "Zwanenburg"
BSN = "123456782"
SECRETS = (NAME, BSN)


def _tar_with_pax(headers: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        info = tarfile.TarInfo("x.txt")
        info.size, info.pax_headers = 5, headers
        tf.addfile(info, io.BytesIO(b"hello"))
    return buf.getvalue()


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _bad_crc_zip() -> bytes:
    data = bytearray(_zip({"in.txt": f"{NAME} {BSN} " * 10}))
    at = data.find(b"in.txt") + len("in.txt")
    data[at : at + 4] = BSN.encode()[:4]  # the first bytes of the member's data
    return bytes(data)


CRAFTED: dict[str, bytes] = {
    "utf8.csv": f"naam;bsn\n{NAME};{BSN}".encode()
    + b"\xff\xfe\x80\n"
    + f'"{NAME}"x"{BSN}\n'.encode(),
    "doc.json": f'{{"naam": "{NAME}", "bsn": "{BSN}",,}}'.encode(),
    "lines.jsonl": f'{{"naam": "{NAME}"}}\n{{"bsn": {BSN} {NAME}}}\n'.encode(),
    "array.json": f'[{{"naam": "{NAME}"}}, {{"bsn": "{BSN}" {NAME}}}'.encode(),
    "quote.sql": (
        f"CREATE TABLE p (naam text, bsn text);\nINSERT INTO p VALUES ('{NAME}', '{BSN});\n"
    ).encode(),
    "token.sql": f"INSERT INTO p (naam, bsn) VALUES ({NAME}{BSN}, 'x'), (\"{NAME}\n".encode(),
    "mail.eml": (
        f'From: {NAME} <{NAME}@example.nl>\nContent-Type: multipart/mixed; boundary="{NAME}\n\n'
        f"--{NAME}\nbsn {BSN}"
    ).encode()
    + b"\xff",
    "sheet.xlsx": _zip(
        {"[Content_Types].xml": "<x/>", "xl/workbook.xml": f"<w><s n='{NAME}' i='{BSN}'/>"}
    ),
    "letter.docx": _zip({"word/document.xml": f"<w:document><w:body>{NAME} {BSN}</w:bod>"}),
    "broken.pdf": (
        f"%PDF-1.4\n1 0 obj << /Title ({NAME} {BSN}) >>\ntrailer << /Root 1 0 R >>\n"
    ).encode(),
    "msg.hl7": f"MSH|^~\\&|{NAME}|{BSN}\rPID|1||{BSN}".encode() + b"\xff",
    "msg.edi": f"UNA:+.? 'UNB+UNOC:3+{NAME}+{BSN}'UNH+1+{BSN}".encode() + b"\xff\xff",
    "size.tar": _tar_with_pax({"GNU.sparse.size": f"{NAME} {BSN}"}),
    "map.tar": _tar_with_pax(
        {"GNU.sparse.map": f"{BSN},{NAME}", "GNU.sparse.major": "0", "GNU.sparse.minor": "1"}
    ),
    "crc.zip": _bad_crc_zip(),
    "stream.gz": b"\x1f\x8b\x08\x00" + f"{NAME}{BSN}".encode() * 20,
}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "breachscope", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def scanned(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("privacy")
    dump = root / "dump"
    dump.mkdir()
    for name, data in CRAFTED.items():
        (dump / name).write_bytes(data)
    case = root / "case"
    result = _cli(
        "scan", str(dump), "--case", str(case), "--workers", "1", "--log-json", "--no-resolve"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return root, result


def test_manifest_reasons_quote_no_content(
    scanned: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    root, _ = scanned
    out = root / "files.csv"
    assert _cli("export", "files", "--case", str(root / "case"), "--out", str(out)).returncode == 0
    rows = {r["path"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert set(CRAFTED) <= set(rows)
    failed = [p for p, r in rows.items() if r["status"] == "failed"]
    # the crafted errors really fire (else this test would prove nothing)
    assert {"doc.json", "quote.sql", "size.tar", "map.tar", "crc.zip!/in.txt"} <= set(failed)
    for path, row in rows.items():
        for secret in SECRETS:
            assert secret not in row["reason"], (path, row["reason"])


def test_log_lines_quote_no_content(scanned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = scanned
    assert '"event": "file"' in result.stderr
    for secret in SECRETS:
        assert secret not in result.stderr
        assert secret not in result.stdout


@pytest.mark.parametrize(
    "name", ["doc.json", "array.json", "quote.sql", "letter.docx", "broken.pdf"]
)
def test_detect_file_errors_quote_no_content(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(CRAFTED[name])
    result = _cli("detect", str(path))
    assert result.returncode != 0
    assert "error: cannot read" in result.stderr
    assert "Traceback" not in result.stderr
    for secret in SECRETS:
        assert secret not in result.stderr + result.stdout
