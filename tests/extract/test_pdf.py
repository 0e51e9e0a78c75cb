"""PDF: text per page, image-only pages (OCR or recorded), encrypted and corrupt files."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.pdf import PdfExtractor
from breachscope.extract.units import TextUnit

from .samples import pdf_sample

pytestmark = pytest.mark.timeout(60)


META_PARTS = ("info", "xmp", "outline")


def extract_all(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("r.pdf", "pdf", len(data), lambda: io.BytesIO(data))
    return list(PdfExtractor().extract(source, config or Config()))


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    """What the reader gives for the pages, forms and attached files (its metadata parts
    left out: see the tests of them below)."""
    return [
        u
        for u in extract_all(data, config)
        if not (isinstance(u, TextUnit) and u.location.part in META_PARTS)
    ]


def make_pdf(pages: list[str | None], encrypt: str | None = None) -> bytes:
    """A PDF whose pages hold the given text, or (``None``) only an image."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, encrypt=encrypt)
    for text in pages:
        if text is None:
            c.drawImage(ImageReader(Image.new("L", (40, 20), 128)), 72, 600, 200, 100)
        else:
            c.drawString(72, 750, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pages_are_parts() -> None:
    units = [u for u in extract(pdf_sample(3).data) if isinstance(u, TextUnit)]
    assert [u.location.part for u in units] == ["page-1", "page-2", "page-3"]
    assert "111222333" in units[1].text


def test_image_only_pdf_needs_ocr() -> None:
    with pytest.raises(SkipFile, match="needs OCR"):
        extract(make_pdf([None, None]))


def test_mixed_pdf_notes_the_image_pages() -> None:
    items = extract(make_pdf(["BSN 123456782", None, ""]))
    assert [u.location.part for u in items if isinstance(u, TextUnit)] == ["page-1"]
    assert [(n.location.part, n.reason) for n in items if isinstance(n, Note)] == [
        ("page-2", "needs OCR: image-only page")
    ]


@pytest.fixture
def fake_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``tesseract`` that checks it got a PGM image on stdin."""
    script = tmp_path / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        '[ "$1 $2 $3 $4" = "- - -l nld" ] || exit 2\n'
        "head -c 2 | grep -q P5 || exit 3\n"
        "echo 'OCR BSN 123456782'\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    return script


def test_ocr_reads_image_pages_when_enabled(fake_tesseract: Path) -> None:
    items = extract(make_pdf(["tekst", None]), Config(ocr=True))
    units = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert units == {"page-1": "tekst", "page-2": "OCR BSN 123456782\n"}
    assert not [n for n in items if isinstance(n, Note)]


def test_ocr_off_ignores_tesseract(fake_tesseract: Path) -> None:
    with pytest.raises(SkipFile, match="needs OCR"):
        extract(make_pdf([None]), Config(ocr=False))


def test_encrypted_pdf_fails_with_reason() -> None:
    with pytest.raises(ExtractError, match="encrypted"):
        extract(make_pdf(["geheim 123456782"], encrypt="wachtwoord"))


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + b"\x00garbage" * 100, b"not a pdf at all"])
def test_corrupt_pdf_fails_with_reason(data: bytes) -> None:
    with pytest.raises(ExtractError, match="PDF"):
        extract(data)


def make_form(fields: list[tuple[str, str]], image_only: bool = False) -> bytes:
    """A fillable PDF: a text field per ``(name, value)`` on the first page, a check box,
    and the first field again on a second page (one field, two widgets)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    if image_only:
        c.drawImage(ImageReader(Image.new("L", (40, 20), 128)), 72, 600, 200, 100)
    else:
        c.drawString(72, 800, "Aanvraagformulier cytologie")
    for i, (name, value) in enumerate(fields):
        c.acroForm.textfield(name=name, value=value, x=200, y=760 - 30 * i, width=200, height=18)
    c.acroForm.checkbox(name="spoed", checked=True, x=200, y=500)
    c.showPage()
    c.drawString(72, 800, "Pagina 2")
    c.acroForm.textfield(name=fields[0][0], value=fields[0][1], x=200, y=700, width=200, height=18)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_form_field_values_are_a_part() -> None:
    """A request form's patient data lies in its fields, not in the text layer."""
    data = make_form([("naam", "Mevr. A. de Vries"), ("gebdat", "12-03-1971"), ("leeg", "")])
    items = extract(data)
    form = [u for u in items if isinstance(u, TextUnit) and u.location.part == "form"]
    assert [u.text for u in form] == ["naam: Mevr. A. de Vries\ngebdat: 12-03-1971"]
    pages = [u for u in items if isinstance(u, TextUnit) and u.location.part != "form"]
    assert [u.location.part for u in pages] == ["page-1", "page-2"]
    assert not any("de Vries" in u.text for u in pages)


def test_a_form_on_image_pages_is_read_and_the_pages_noted() -> None:
    items = extract(make_form([("bsn", "123456782")], image_only=True))
    assert [u.text for u in items if isinstance(u, TextUnit) and u.location.part == "form"] == [
        "bsn: 123456782"
    ]
    assert [n.location.part for n in items if isinstance(n, Note)] == ["page-1"]


def _drawn(lines: list[list[tuple[float, str]]], size: float = 10) -> bytes:
    """A page with each line's strings drawn at their x (points), a line per 14 points."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("Helvetica", size)
    for k, line in enumerate(lines):
        for x, s in line:
            c.drawString(x, 750 - 14 * k, s)
    c.showPage()
    c.save()
    return buf.getvalue()


def _page_text(data: bytes) -> str:
    (unit,) = [u for u in extract(data) if isinstance(u, TextUnit)]
    return unit.text


def test_a_table_drawn_cell_by_cell_keeps_its_columns_as_tabs() -> None:
    rows = [
        ["Naam", "Geboortedatum", "BSN"],
        ["P.J. Jansen", "03-03-1978", "123456782"],
        ["M. de Vries", "12-12-1965", "111222333"],
    ]
    text = _page_text(_drawn([[(72 + 120 * i, cell) for i, cell in enumerate(r)] for r in rows]))
    assert [line.rstrip("\r") for line in text.split("\n")] == ["\t".join(r) for r in rows]


def test_tabs_stand_in_for_spaces_one_for_one() -> None:
    """Offsets stay those of pdfium's text layer: only spaces between cells change, on
    lines of three or more cells (a label and its value far apart keep their space)."""
    import pypdfium2 as pdfium

    data = _drawn(
        [
            [(72, "Naam"), (200, "BSN"), (300, "Postcode")],
            [(72, "Naam:"), (300, "Jansen")],
            [(72, "Uitslag volgt, groet van de lab")],
        ]
    )
    doc = pdfium.PdfDocument(data)
    try:
        textpage = doc[0].get_textpage()
        raw = textpage.get_text_range()
        textpage.close()
    finally:
        doc.close()
    text = _page_text(data)
    assert len(text) == len(raw)
    assert [i for i, c in enumerate(text) if c != raw[i]] == [
        raw.index(" BSN"),
        raw.index(" Postcode"),
    ]
    assert text.replace("\t", " ") == raw


def test_words_of_a_line_drawn_one_by_one_stay_apart_by_spaces() -> None:
    """Justified text: words placed one by one, on a stretched line 0.8 em apart (a
    space is 0.28 em in Helvetica)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = ["Mevrouw", "A.", "de", "Vries", "belde", "over", "haar", "uitslag", "van", "maart"]
    x, line = 72.0, []
    for w in words:
        line.append((x, w))
        x += stringWidth(w, "Helvetica", 10) + 8
    text = _page_text(_drawn([line]))
    assert text == " ".join(words)


def _with_attachment(pages: list[str | None], files: dict[str, bytes]) -> bytes:
    """``make_pdf(pages)`` with ``files`` attached to the document."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(make_pdf(pages))
    for name, data in files.items():
        doc.new_attachment(name).set_data(data)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


def test_attached_files_are_child_files() -> None:
    csv = b"naam;bsn\nJansen;123456782\n"
    items = extract(_with_attachment(["Verzendlijst week 19"], {"adressen/lijst.csv": csv}))
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [("lijst.csv", csv)]
    assert [u.location.part for u in items if isinstance(u, TextUnit)] == ["page-1"]


def test_a_pdf_of_image_pages_with_an_attached_file_is_read() -> None:
    items = extract(_with_attachment([None], {"lijst.csv": b"naam;bsn\n"}))
    assert [c.name for c in items if isinstance(c, ChildFile)] == ["lijst.csv"]
    assert [(n.location.part, n.reason) for n in items if isinstance(n, Note)] == [
        ("page-1", "needs OCR: image-only page")
    ]
