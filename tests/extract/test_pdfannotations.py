"""PDF annotations: the notes on a page (sticky notes, free text, popups) as text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.annotations import FreeText, Text

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.pdf import PdfExtractor
from breachscope.extract.units import TextUnit

from .samples import BSN, NAMES
from .test_pdfobjects import first_revision, revision

pytestmark = pytest.mark.timeout(60)


def run(data: bytes) -> list[Extracted]:
    source = Source("review.pdf", "pdf", len(data), lambda: io.BytesIO(data))
    return list(PdfExtractor().extract(source, Config()))


def texts(units: list[Extracted]) -> dict[str, str]:
    return {u.location.part or "": u.text for u in units if isinstance(u, TextUnit)}


def utf16(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def reviewed(annots: list[bytes], pages: int = 1) -> bytes:
    """A PDF whose first page holds ``annots`` (objects 10 on)."""
    objects = first_revision()
    refs = b" ".join(b"%d 0 R" % (10 + i) for i in range(len(annots)))
    objects[3] = objects[3].replace(b" >> >> >>", b" >> >> /Annots [" + refs + b"] >>")
    for i, body in enumerate(annots):
        objects[10 + i] = body
    if pages == 2:
        objects[2] = b"<< /Type /Pages /Kids [7 0 R 3 0 R] /Count 2 >>"
        objects[7] = objects[3].split(b" /Annots")[0] + b" >>"
    out = bytearray(b"%PDF-1.6\n")
    revision(out, objects, b"/Size %d /Root 1 0 R /Info 6 0 R" % (10 + len(annots)))
    return bytes(out)


def test_sticky_note_free_text_and_popup() -> None:
    rich = (
        '<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml"><p>'
        f"Formulier 12: {NAMES[0]} &amp; BSN {BSN[0]}</p><p>geb. 01-02-1970</p></body>"
    )
    data = reviewed(
        [
            b"<< /Type /Annot /Subtype /Text /Rect [0 0 20 20] /T (dr. A. Smit) /Subj (Opmerking)"
            b" /Contents " + utf16(f"Formulier 11: Zoë Çelik, BSN {BSN[1]}") + b" /Popup 11 0 R >>",
            b"<< /Type /Annot /Subtype /Popup /Parent 10 0 R /Rect [0 0 90 90] >>",
            b"<< /Type /Annot /Subtype /FreeText /Rect [0 0 90 90] /DA (/Helv 9 Tf)"
            b" /Contents (Formulier 12: \\(zie\\) notitie) /RC " + utf16(rich) + b" >>",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] >>",
        ],
        pages=2,
    )
    parts = texts(run(data))
    assert "page-1/annotations" not in parts
    notes = parts["page-2/annotations"]
    assert notes.split("\n\n") == [
        f"T: dr. A. Smit\nSubj: Opmerking\nContents: Formulier 11: Zoë Çelik, BSN {BSN[1]}",
        f"Contents: Formulier 12: (zie) notitie\nRC: Formulier 12: {NAMES[0]} & BSN {BSN[0]}"
        " geb. 01-02-1970",
    ]


def test_rich_text_said_once_and_repeated_block_once() -> None:
    body = b"/Contents (Jansen) /RC (<body><p>Jansen</p></body>) /T (X)"
    data = reviewed([
        b"<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] " + body + b" >>",
        b"<< /Type /Annot /Subtype /Popup /Rect [0 0 1 1] " + body + b" >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (naam) /Rect [0 0 1 1] /Contents (Veld) >>",
    ])  # fmt: skip
    assert texts(run(data))["page-1/annotations"] == "T: X\nContents: Jansen"


def test_annotations_written_by_pypdf() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_annotation(0, Text(rect=(50, 550, 70, 570), text=f"{NAMES[2]} BSN {BSN[2]}"))
    writer.add_annotation(0, FreeText(text="Ayşe Karagöz, geb. 02-08-1980", rect=(1, 1, 90, 90)))
    out = io.BytesIO()
    writer.write(out)
    notes = texts(run(out.getvalue()))["page-1/annotations"]
    assert f"Contents: {NAMES[2]} BSN {BSN[2]}" in notes
    assert "Contents: Ayşe Karagöz, geb. 02-08-1980" in notes


def test_image_only_page_with_notes_not_skipped() -> None:
    """A scanned page without text: its notes are read, the page noted as needing OCR."""
    objects = first_revision()
    image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
    image += b" /BitsPerComponent 8 /Length 1 >>\nstream\n\x00\nendstream"
    objects[4] = b"<< /Length 33 >>\nstream\nq 10 0 0 10 0 0 cm /Im1 Do Q\nendstream"
    objects[3] = (
        objects[3]
        .replace(b"/Font << /F1 5 0 R >>", b"/XObject << /Im1 7 0 R >>")
        .replace(b" >> >> >>", b" >> >> /Annots [8 0 R] >>")
    )
    objects[7] = image
    objects[8] = b"<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /Contents (BSN 111222333) >>"
    out = bytearray(b"%PDF-1.6\n")
    revision(out, objects, b"/Size 9 /Root 1 0 R")
    units = run(bytes(out))
    assert texts(units)["page-1/annotations"] == "Contents: BSN 111222333"
    assert any(isinstance(u, Note) and "needs OCR" in u.reason for u in units)
