"""OCR with a real tesseract: a scanned form, as a PNG and as an image-only PDF, read end
to end by a scan with ``ocr`` on (CI installs tesseract with Dutch; elsewhere skipped)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from breachscope.case import Case
from breachscope.config import Config
from breachscope.scan import scan

LINES = (
    "Aanvraagformulier cytologie",
    "Patiënt: Mevr. A. de Vries",
    "Geboortedatum: 12-03-1971",
    "BSN: 111222333",
    "Adres: Lindenlaan 14, 3581 TK Utrecht",
)


def _has_dutch_tesseract() -> bool:
    tool = shutil.which("tesseract")
    if tool is None:
        return False
    done = subprocess.run([tool, "--list-langs"], capture_output=True, text=True, check=False)
    return "nld" in done.stdout.split()


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _has_dutch_tesseract(), reason="tesseract with Dutch not installed"),
]


def _scan_image(folder: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1400, 460), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)  # (Pillow's own scalable font)
    for i, line in enumerate(LINES):
        draw.text((40, 30 + 80 * i), line, fill=0, font=font)
    image.save(folder / "scan.png")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(folder / "scan.pdf"))  # the scan at 300 dpi, as OCR renders it
    width, height = (n * 72 / 300 for n in image.size)
    pdf.drawImage(ImageReader(folder / "scan.png"), 72, 842 - 72 - height, width, height)
    pdf.save()


def test_a_scanned_form_is_read_by_ocr(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    _scan_image(dump)
    scan(dump, tmp_path / "case", Config(workers=1, ocr=True))
    with Case.open(tmp_path / "case", read_only=True) as case:
        status = dict(case.con.execute("SELECT path, status FROM files").fetchall())
        found = case.con.execute(
            "SELECT path, data_class, value FROM findings WHERE data_class IN "
            "('name', 'date_of_birth', 'bsn', 'address') ORDER BY ALL"
        ).fetchall()
    assert status == {"scan.pdf": "extracted", "scan.png": "extracted"}
    for path in ("scan.pdf", "scan.png"):
        values = {(c, v) for p, c, v in found if p == path}
        assert {
            ("name", "A. de Vries"),
            ("date_of_birth", "1971-03-12"),
            ("bsn", "111222333"),
            ("address", "3581TK"),
        } <= values, path
