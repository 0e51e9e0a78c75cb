"""PDF: the text layer of every page with pypdfium2 (``part=page-N``), and the values
filled in to the form fields of a fillable form (``part=form``: one line ``field name:
value`` per text field, combo or list box with a value, in page order; a request form's
patient data lies there, not in the text layer).

Pages without text but with images need OCR. With ``Config.ocr`` and a ``tesseract``
binary on the PATH (Debian: ``tesseract-ocr tesseract-ocr-nld``) such a page is rendered
at 300 dpi and read with ``tesseract - - -l nld``; its unit's offsets are then characters
of the OCR text. Otherwise: if no page of the file has text, the file is skipped with
``needs OCR``; if some have, those are extracted and every image-only page gets a
:class:`Note` (``needs OCR``), so the manifest still says what was not read.
Encrypted and unreadable PDFs fail with the reason.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any, ClassVar

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

OCR_DPI = 300
OCR_LANGUAGE = "nld"
_VALUE_FIELDS = frozenset(
    {
        pdfium_c.FPDF_FORMFIELD_TEXTFIELD,
        pdfium_c.FPDF_FORMFIELD_COMBOBOX,
        pdfium_c.FPDF_FORMFIELD_LISTBOX,
    }
)
"""Form fields whose value is text (check boxes and radio buttons hold only on/off)."""


class PdfExtractor(Extractor):
    """Text per PDF page; image-only pages OCR'd (optional) or recorded as needing OCR."""

    id: ClassVar[str] = "pdf"
    types: ClassVar[frozenset[str]] = frozenset({"pdf"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            if not fh.read(1):
                raise SkipFile("empty file")
            fh.seek(0)
            try:
                doc = pdfium.PdfDocument(fh, autoclose=False)
            except pdfium.PdfiumError as exc:
                raise ExtractError(_open_reason(exc)) from None
            try:
                try:
                    form = _form_text(doc)  # (before any page is loaded, as pdfium asks)
                except pdfium.PdfiumError:
                    form = None
                    yield Note(Location(source.path, part="form"), "unreadable form fields")
                yield from self._pages(doc, source.path, config, bool(form))
                if form:
                    location = Location(source.path, part="form")
                    yield from cut_text(location, form, config.max_text_unit_chars)
            finally:
                doc.close()

    def _pages(
        self, doc: pdfium.PdfDocument, path: str, config: Config, form: bool
    ) -> Iterator[Extracted]:
        """The pages' units; ``form``: the document has form values (read apart), so it
        is not skipped when no page has text."""
        tesseract = shutil.which("tesseract") if config.ocr else None
        with_text = 0
        need_ocr: list[int] = []
        for index in range(len(doc)):
            number = index + 1
            location = Location(path, part=f"page-{number}")
            try:
                text, has_image = _page_text(doc, index)
            except pdfium.PdfiumError:
                yield Note(location, "unreadable page")
                continue
            if not text.strip() and has_image:
                if tesseract is None:
                    need_ocr.append(number)
                    continue
                ocr_text = _ocr(doc, index, tesseract, config.file_timeout_s)
                if ocr_text is None:
                    yield Note(location, "OCR failed")
                    continue
                text = ocr_text
            if text.strip():
                with_text += 1
                yield from cut_text(location, text, config.max_text_unit_chars)
        if need_ocr and not with_text and not form:
            raise SkipFile(f"needs OCR ({len(need_ocr)} image-only pages)")
        for number in need_ocr:
            yield Note(Location(path, part=f"page-{number}"), "needs OCR: image-only page")


def _open_reason(exc: pdfium.PdfiumError) -> str:
    message = str(exc).lower()
    if "password" in message:
        return "encrypted PDF (password required)"
    if "format" in message or "not found" in message:
        return "not a readable PDF (corrupt or truncated)"
    return "unreadable PDF"


def _form_text(doc: pdfium.PdfDocument) -> str:
    """``name: value`` of each form field with a text value, one line each, in page and
    widget order (a field shown on several pages once)."""
    if doc.get_formtype() == pdfium_c.FORMTYPE_NONE:
        return ""
    doc.init_forms()
    handle = doc.formenv.raw
    lines: dict[str, None] = {}
    for index in range(len(doc)):
        page = doc[index]
        try:
            for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
                annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
                try:
                    if (
                        pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET
                        or pdfium_c.FPDFAnnot_GetFormFieldType(handle, annot) not in _VALUE_FIELDS
                    ):
                        continue
                    value = _wide(pdfium_c.FPDFAnnot_GetFormFieldValue, handle, annot).strip()
                    if value:
                        name = _wide(pdfium_c.FPDFAnnot_GetFormFieldName, handle, annot).strip()
                        lines[f"{name}: {value}"] = None
                finally:
                    pdfium_c.FPDFPage_CloseAnnot(annot)
        finally:
            page.close()
    return "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")


def _wide(getter: Any, handle: Any, annot: Any) -> str:
    """A UTF-16 string that pdfium writes into a buffer sized by a first call."""
    size = getter(handle, annot, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    getter(handle, annot, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _page_text(doc: pdfium.PdfDocument, index: int) -> tuple[str, bool]:
    """The page's text layer and whether it holds images."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
        has_image = False
        if not text.strip():
            objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)
            has_image = next(iter(objects), None) is not None
        return text, has_image
    finally:
        page.close()


def _ocr(doc: pdfium.PdfDocument, index: int, tesseract: str, timeout: float) -> str | None:
    """Text of a rendered page, read by tesseract from a PGM image on its stdin."""
    page = doc[index]
    try:
        bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
        try:
            pixels = np.ascontiguousarray(bitmap.to_numpy())
        finally:
            bitmap.close()
    finally:
        page.close()
    if pixels.ndim == 3:
        pixels = np.ascontiguousarray(pixels[..., 0])
    height, width = pixels.shape[:2]
    image = f"P5\n{width} {height}\n255\n".encode() + pixels.astype(np.uint8).tobytes()
    try:
        done = subprocess.run(
            [tesseract, "-", "-", "-l", OCR_LANGUAGE],
            input=image,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")
