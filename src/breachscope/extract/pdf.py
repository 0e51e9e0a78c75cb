"""PDF: the text layer of every page with pypdfium2 (``part=page-N``), the notes readers
left on it (``part=page-N/annotations``, see :func:`_annotation_text`), and the values
filled in to the form fields of a fillable form (``part=form``: one line ``field name:
value`` per text field, combo or list box with a value, in page order; a request form's
patient data lies there, not in the text layer).

Pages without text but with images need OCR. With ``Config.ocr`` and a ``tesseract``
binary on the PATH (Debian: ``tesseract-ocr tesseract-ocr-nld``) such a page is rendered
at 300 dpi and read with ``tesseract - - -l nld``; its unit's offsets are then characters
of the OCR text. Otherwise: if no page of the file has text, the file is skipped with
``needs OCR``; if some have, those are extracted and every image-only page gets a
:class:`Note` (``needs OCR``), so the manifest still says what was not read.
Encrypted and unreadable PDFs fail with the reason. Files attached to the document (a
PDF portfolio's, a list's CSV behind its cover page) are child files
(``brief.pdf!/adressen.csv``), scanned as any other. The document's information
dictionary, its XMP metadata and its outline (bookmarks) are the text parts ``info``,
``xmp`` and ``outline`` (:mod:`breachscope.extract.pdfmeta`), after the pages; the text
of the objects an incremental update replaced (an "anonymised" page's old content stream,
an old title), which no viewer shows, the parts ``revision-N`` after them
(:mod:`breachscope.extract.pdfobjects`).
"""

from __future__ import annotations

import ctypes
import html
import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any, ClassVar

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.extract.email import safe_name
from breachscope.extract.header import MIN_TABLE_CELLS
from breachscope.extract.pdfmeta import metadata_units
from breachscope.extract.pdfobjects import revision_units
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
                attached = list(_attachments(doc, source.path, config.batch_bytes))
                yield from attached
                yield from self._pages(doc, source.path, config, bool(form or attached))
                if form:
                    location = Location(source.path, part="form")
                    yield from cut_text(location, form, config.max_text_unit_chars)
                yield from metadata_units(
                    doc, fh, source.path, config.max_text_unit_chars, config.batch_bytes
                )
                yield from revision_units(
                    fh, source.path, config.max_text_unit_chars, config.batch_bytes
                )
            finally:
                doc.close()

    def _pages(
        self, doc: pdfium.PdfDocument, path: str, config: Config, form: bool
    ) -> Iterator[Extracted]:
        """The pages' units; ``form``: the document has form values or attached files (read
        apart), so it is not skipped when no page has text."""
        tesseract = shutil.which("tesseract") if config.ocr else None
        with_text = annotated = 0
        need_ocr: list[int] = []
        for index in range(len(doc)):
            number = index + 1
            location = Location(path, part=f"page-{number}")
            try:
                text, has_image = _page_text(doc, index)
            except pdfium.PdfiumError:
                yield Note(location, "unreadable page")
                text, has_image = "", False
            if not text.strip() and has_image:
                if tesseract is None:
                    need_ocr.append(number)
                else:
                    ocr_text = _ocr(doc, index, tesseract, config.file_timeout_s)
                    if ocr_text is None:
                        yield Note(location, "OCR failed")
                    text = ocr_text or ""
            if text.strip():
                with_text += 1
                yield from cut_text(location, text, config.max_text_unit_chars)
            notes_at = Location(path, part=f"page-{number}/annotations")
            try:
                notes = _annotation_text(doc, index)
            except pdfium.PdfiumError:
                yield Note(notes_at, "unreadable annotations")
                continue
            if notes:
                annotated += 1
                yield from cut_text(notes_at, notes, config.max_text_unit_chars)
        if need_ocr and not with_text and not form and not annotated:
            raise SkipFile(f"needs OCR ({len(need_ocr)} image-only pages)")
        for number in need_ocr:
            yield Note(Location(path, part=f"page-{number}"), "needs OCR: image-only page")


def _attachments(doc: pdfium.PdfDocument, path: str, limit: int) -> Iterator[ChildFile | Note]:
    """The files attached to the document (a PDF portfolio's, a sent list's CSV behind its
    cover page), each a child file scanned as any other, named as attached; one larger
    than ``limit`` bytes, or unreadable, a note."""
    used: set[str] = set()
    for index in range(doc.count_attachments()):
        where = Location(path, part=f"attachment-{index + 1}")
        try:
            attachment = doc.get_attachment(index)
            name = attachment.get_name()
            data = bytes(attachment.get_data())
        except pdfium.PdfiumError:
            yield Note(where, "unreadable attached file")
            continue
        if len(data) > limit:
            yield Note(where, f"attached file larger than {limit} bytes")
            continue
        yield ChildFile(safe_name(name, index + 1, used), data)


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


ANNOTATION_KEYS = ("T", "Subj", "Contents", "RC")
"""The strings of an annotation read (PDF 32000-1, 12.5.2 and 12.5.6.2): its author
(``/T``), subject, text and rich text (XHTML)."""
_MARKUP = re.compile(r"<[^>]*>")


def _annotation_text(doc: pdfium.PdfDocument, index: int) -> str:
    """The page's annotations (sticky notes, free text, stamps, ink, highlights and the
    popups that show them; form widgets are read as fields), a block each: ``key:
    value`` per string of :data:`ANNOTATION_KEYS` that it has, pdfium decoding them
    (UTF-16BE with its byte-order mark or PDFDocEncoding, literal or hex); the rich
    text's markup stripped and its entities decoded, left out where it says what
    ``Contents`` says; a block said already (a popup repeating its note) once."""
    page = doc[index]
    blocks: dict[str, None] = {}
    try:
        for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
            if not annot:
                continue
            try:
                if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET:
                    continue
                values: dict[str, str] = {}
                for key in ANNOTATION_KEYS:
                    value = _annot_string(annot, key)
                    if key == "RC":
                        value = html.unescape(_MARKUP.sub(" ", value))
                    value = " ".join(value.split())
                    if value and not (key == "RC" and value == values.get("Contents")):
                        values[key] = value
                if "Contents" in values or "RC" in values:
                    blocks["\n".join(f"{k}: {v}" for k, v in values.items())] = None
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)
    finally:
        page.close()
    return "\n\n".join(blocks)


def _annot_string(annot: Any, key: str) -> str:
    """An annotation's string value (UTF-16LE from pdfium, sized by a first call)."""
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key.encode(), None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pointer = ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
    pdfium_c.FPDFAnnot_GetStringValue(annot, key.encode(), pointer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _page_text(doc: pdfium.PdfDocument, index: int) -> tuple[str, bool]:
    """The page's text layer and whether it holds images."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            text = _tabbed(textpage, textpage.get_text_range())
        finally:
            textpage.close()
        has_image = False
        if not text.strip():
            objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)
            has_image = next(iter(objects), None) is not None
        return text, has_image
    finally:
        page.close()


COLUMN_GAP = 1.2
"""A gap between two runs of text on one line at least this many times the font size
sets apart two table cells (words are a quarter to a half of it apart, justified ones
seldom more than one)."""


def _tabbed(textpage: pdfium.PdfTextPage, text: str) -> str:
    """``text`` with the space pdfium puts between two cells of a table row made a tab,
    one character for another (offsets stay): a table drawn cell by cell reads as
    ``Naam BSN`` otherwise, its columns lost (tables inside text are read as tables,
    see :mod:`breachscope.detect.texttables`). A cell is a run of text (pdfium's text
    rectangles) far (:data:`COLUMN_GAP`) from the run before it on its line, on a line
    of at least ``MIN_TABLE_CELLS`` such cells (a label and its value keep their
    space). The runs are counted line by line, with one call each; only a line of
    enough runs has them read, and only its wide gaps are looked up by character."""
    raw = textpage.raw
    if pdfium_c.FPDFText_CountChars(raw) != len(text):
        return text
    box = [ctypes.c_double() for _ in range(4)]
    out = [ctypes.byref(v) for v in box]  # left, top, right, bottom
    tabs: list[int] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.count(" ") >= MIN_TABLE_CELLS - 1:
            count = pdfium_c.FPDFText_CountRects(raw, start, end - start)
            if count >= MIN_TABLE_CELLS:
                runs = []
                for i in range(count):  # the rectangles of the range just counted
                    pdfium_c.FPDFText_GetRect(raw, i, *out)
                    left, top, right, bottom = (v.value for v in box)
                    runs.append((left, bottom, right, top))
                tabs.extend(_column_gaps(textpage, text, runs))
        start = end + 1
    if not tabs:
        return text
    chars = list(text)
    for k in tabs:
        chars[k] = "\t"
    return "".join(chars)


def _column_gaps(
    textpage: pdfium.PdfTextPage, text: str, line: list[tuple[float, float, float, float]]
) -> list[int]:
    """The offsets of the spaces between the cells of a line of text runs ``(left,
    bottom, right, top)`` (in text order), if it has at least ``MIN_TABLE_CELLS`` cells
    on one line; else none."""
    gaps: list[int] = []
    for (_, b0, r0, t0), (left, bottom, _, top) in itertools.pairwise(line):
        if not (bottom < t0 and b0 < top):
            return []  # runs of a line that wraps: no table row
        if left - r0 < COLUMN_GAP * 0.5 * max(t0 - b0, top - bottom):
            continue  # too near for any font size its runs' heights allow
        first = textpage.get_index(left + 0.5, (bottom + top) / 2, 1.0, 1.0)
        if not first or first < 0 or text[first - 1] != " ":
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, first)
        if size > 0 and left - r0 >= COLUMN_GAP * size:
            gaps.append(first - 1)
    return gaps if len(gaps) >= MIN_TABLE_CELLS - 1 else []


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
