"""PDF objects read from the bytes: the text of what an incremental update replaced."""

from __future__ import annotations

import base64
import io
import os
import zlib

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.pdf import PdfExtractor
from breachscope.extract.pdfobjects import (
    Lexer,
    content_text,
    decode_stream,
    lzw_decode,
    revision_units,
    run_length_decode,
    scan,
    text_string,
    unused,
)
from breachscope.extract.units import TextUnit

from .samples import BSN, NAMES

pytestmark = pytest.mark.timeout(60)

PAGE_TEXT = b"BT /F1 12 Tf 72 700 Td 14 TL ([geanonimiseerd]) Tj ET"
OLD_TEXT = (
    b"BT /F1 10 Tf 50 790 Td 14 TL (Overzicht) Tj T*"
    b" (Ren\\351e de Vries   geb. 29-01-1982   BSN " + BSN[0].encode() + b") Tj T*"
    b" [(Jan) -300 (Jansen)] TJ 0 -14 Td <426572672c20412e> Tj"
    b" 1 0 0 1 50 700 Tm (tel. 06-12345678) ' ET"
)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def revision(
    out: bytearray, objects: dict[int, bytes], trailer: bytes, prev: int | None = None
) -> int:
    """Appends ``objects`` (by number), a cross-reference section and a trailer; where
    the section starts."""
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    if prev is None:
        out += b"0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    extra = b"" if prev is None else b" /Prev %d" % prev
    out += b"trailer\n<< " + trailer + extra + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return xref


def first_revision(content: bytes = PAGE_TEXT, info: bytes | None = None) -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(zlib.compress(content), b"/Filter /FlateDecode"),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        6: info or b"<< /Title (Uitslagen) >>",
    }


def anonymised() -> bytes:
    """A list whose page and title an update replaced."""
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    title = b"<< /Title (Uitslagen - " + NAMES[1].encode("latin-1") + b") /Author (R. Stol)"
    title += b" /CreationDate (D:20240502101500+02'00') /ID <0102> >>"
    prev = revision(out, first_revision(OLD_TEXT, title), b"/Size 7 /Root 1 0 R /Info 6 0 R")
    revision(
        out,
        {
            4: stream(zlib.compress(PAGE_TEXT), b"/Filter /FlateDecode"),
            6: b"<< /Title (Uitslagen - geanonimiseerd) >>",
        },
        b"/Size 7 /Root 1 0 R /Info 6 0 R",
        prev,
    )
    return bytes(out)


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("lijst.pdf", "pdf", len(data), lambda: io.BytesIO(data))
    return list(PdfExtractor().extract(source, config or Config()))


def texts(units: list[Extracted]) -> dict[str, str]:
    return {u.location.part or "": u.text for u in units if isinstance(u, TextUnit)}


def units_of(data: bytes, batch_bytes: int = 10**8) -> list[TextUnit | Note]:
    return list(revision_units(io.BytesIO(data), "x.pdf", 10**6, batch_bytes))


def test_replaced_page_and_title_read_as_revision_1() -> None:
    parts = texts(run(anonymised()))
    assert parts["page-1"].strip() == "[geanonimiseerd]"
    old = parts["revision-1"]
    assert "Renée de Vries   geb. 29-01-1982   BSN " + BSN[0] in old
    assert "Jan Jansen\nBerg, A.\ntel. 06-12345678" in old
    assert f"Title: Uitslagen - {NAMES[1]}" in old
    assert "CreationDate: 2024-05-02T10:15:00+02:00" in old
    assert "ID:" not in old and "[geanonimiseerd]" not in old
    assert "revision-2" not in parts


def test_object_no_longer_referred_to_is_read() -> None:
    """An update that points the page at a new content object leaves the old unused."""
    out = bytearray(b"%PDF-1.6\n")
    prev = revision(out, first_revision(OLD_TEXT), b"/Size 7 /Root 1 0 R /Info 6 0 R")
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>"
    )
    revision(out, {3: page, 7: stream(PAGE_TEXT)}, b"/Size 8 /Root 1 0 R /Info 6 0 R", prev)
    parts = texts(units_of(bytes(out)))
    assert list(parts) == ["revision-1"]
    assert BSN[0] in parts["revision-1"]
    assert "Uitslagen" not in parts["revision-1"]  # (the title is still used)


def test_single_revision_reads_nothing_twice() -> None:
    out = bytearray(b"%PDF-1.4\n")
    revision(out, first_revision(OLD_TEXT), b"/Size 7 /Root 1 0 R /Info 6 0 R")
    assert units_of(bytes(out)) == []


def test_object_streams_read_for_what_is_used() -> None:
    """A PDF 1.5 file whose objects lie in an object stream: none read as unused; the
    replaced Info inside the old object stream read."""
    held = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Title (BSN " + BSN[1].encode() + b") >>",
    ]
    numbers = [1, 2, 3, 6]
    offsets, body = [], b""
    for item in held:
        offsets.append(len(body))
        body += item + b" "
    header = b" ".join(b"%d %d" % (n, o) for n, o in zip(numbers, offsets, strict=True)) + b" "
    objstm = stream(
        zlib.compress(header + body),
        b"/Type /ObjStm /N 4 /First %d /Filter /FlateDecode" % len(header),
    )
    out = bytearray(b"%PDF-1.5\n")
    objects = {4: stream(PAGE_TEXT), 7: objstm}
    prev = revision(out, objects, b"/Size 8 /Root 1 0 R /Info 6 0 R")
    assert units_of(bytes(out)) == []
    revision(out, {6: b"<< /Title (Lijst) >>"}, b"/Size 8 /Root 1 0 R /Info 6 0 R", prev)
    parts = texts(units_of(bytes(out)))
    assert parts == {"revision-1": f"Title: BSN {BSN[1]}"}


def test_unfound_root_reads_only_replaced_objects() -> None:
    out = bytearray(b"%PDF-1.6\n")
    prev = revision(out, first_revision(OLD_TEXT), b"/Size 7 /Root 9 0 R")
    revision(out, {4: stream(PAGE_TEXT)}, b"/Size 7 /Root 9 0 R", prev)
    parts = texts(units_of(bytes(out)))
    assert BSN[0] in parts["revision-1"]
    assert "Uitslagen" not in parts["revision-1"]


def test_encrypted_file_not_read() -> None:
    data = anonymised().replace(
        b"/Root 1 0 R /Info 6 0 R /Prev", b"/Root 1 0 R /Encrypt 6 0 R /Prev"
    )
    assert units_of(data) == []


def test_annotation_and_utf16_strings_of_replaced_objects() -> None:
    name = "Zoë Çelik".encode("utf-16-be")
    out = bytearray(b"%PDF-1.6\n")
    objects = first_revision()
    objects[3] = objects[3].replace(b" >> >> >>", b" >> >> /Annots [7 0 R] >>")
    objects[7] = (
        b"<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /T (Controle) /Contents <FEFF"
        + name.hex().encode()
        + b'> /RC (<?xml version="1.0"?><body><p>geb. 01-02-1970</p></body>) >>'
    )
    prev = revision(out, objects, b"/Size 8 /Root 1 0 R /Info 6 0 R")
    page = objects[3].replace(b" /Annots [7 0 R]", b"")
    revision(out, {3: page}, b"/Size 8 /Root 1 0 R /Info 6 0 R", prev)
    text = texts(units_of(bytes(out)))["revision-1"]
    assert "Contents: Zoë Çelik" in text
    assert "T: Controle" in text
    assert "RC: geb. 01-02-1970" in text
    assert "Type" not in text  # (names are not strings)


def test_string_escapes_and_encodings() -> None:
    lexer = Lexer(b"(a\\(b\\)c\\\\ \\101\\0611 (nest) \\\nline\r\nend)")
    assert lexer.value() == b"a(b)c\\ A11 (nest) line\nend"
    assert text_string(b"\xfe\xff\x00B\x00e") == "Be"
    assert text_string(b"\x80 \x84 \xa0 \xe9") == "\u2022 \u2014 \u20ac é"
    assert text_string(b"\xef\xbb\xbfZo\xc3\xab") == "Zoë"
    assert Lexer(b"<4a 6F6>").value() == b"Jo`"
    assert Lexer(b"/A#20B").value() == "A B"


def test_content_operators() -> None:
    body = (
        b"BT 1 0 0 1 10 10 Tm (Naam:) Tj 1 0 0 1 80 10 Tm (Jansen) Tj"
        b' 0 0 (dubbel) " <FEFF005A006F00EB> Tj <005A006F00EB> Tj'
        b" BI /W 1 /H 1 /BPC 8 /CS /G ID \x00(Tj)EI\n EI ET"
        b" BT 100 0 Td (rechts) Tj ET"
    )
    assert content_text(body) == "Naam: Jansen\ndubbelZoëZoë\nrechts"


def lzw_encode(data: bytes) -> bytes:
    """LZW as PDF's encoder writes it (9-12 bit codes, early change)."""
    table = {bytes([i]): i for i in range(256)}
    codes, width, current = [256], 9, b""
    widths = [9]
    for byte in data:
        candidate = current + bytes([byte])
        if candidate in table:
            current = candidate
            continue
        codes.append(table[current])
        widths.append(width)
        table[candidate] = len(table) + 2
        if len(table) + 2 >= (1 << width) - 1 + 1 and width < 12:
            width += 1
        current = bytes([byte])
    codes += [table[current], 257]
    widths += [width, width]
    bits = "".join(format(c, f"0{w}b") for c, w in zip(codes, widths, strict=True))
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_filters() -> None:
    text = b"BT (Jansen " + BSN[0].encode() + b") Tj ET " * 200
    assert lzw_decode(lzw_encode(text), 10**6) == text
    assert run_length_decode(b"\x02abc\xfdz\x80ignored", 100) == b"abczzzz"
    assert decode_stream(text.hex().encode() + b">", {"Filter": "ASCIIHexDecode"}) == text
    a85 = base64.a85encode(zlib.compress(text)) + b"~>"
    assert decode_stream(a85, {"Filter": ["ASCII85Decode", "FlateDecode"]}) == text
    assert decode_stream(b"x", {"Filter": "DCTDecode"}) is None
    flate = zlib.compress(text)
    parms = {"Predictor": 12, "Columns": 4}
    assert decode_stream(flate, {"Filter": "FlateDecode", "DecodeParms": parms}) is None
    assert decode_stream(flate, {"Filter": "FlateDecode"}, limit=10) == text[:10]


def test_hostile_length_and_stream_contents_not_objects() -> None:
    """A /Length past the end is not trusted; 'n 0 obj' inside a stream is no object."""
    inner = b"9 0 obj << /Title (niet) >> endobj"
    out = bytearray(b"%PDF-1.6\n")
    objects = first_revision()
    objects[4] = b"<< /Length 99999999 >>\nstream\n" + inner + b"\nendstream"
    revision(out, objects, b"/Size 7 /Root 1 0 R /Info 6 0 R")
    found = scan(bytes(out))
    assert 9 not in {o.number for o in found.objects}
    assert unused(found) == []


def test_damaged_and_random_input_ends_quietly() -> None:
    data = anonymised()
    for cut in range(0, len(data), 37):
        for unit in units_of(data[:cut]):
            assert isinstance(unit, TextUnit | Note)
    rng = os.urandom(50_000)
    assert all(isinstance(u, TextUnit | Note) for u in units_of(rng))
    deep = b"1 0 obj " + b"[" * 10_000 + b" endobj"
    assert units_of(deep) == []


def test_large_file_noted() -> None:
    found = units_of(anonymised(), batch_bytes=100)
    assert len(found) == 1 and isinstance(found[0], Note)
    assert "larger than 100 bytes" in found[0].reason


def test_incremental_update_by_pypdf() -> None:
    """pypdf's incremental writer appends the changed Info: the old title is read, a
    library's placeholders are not."""
    from pypdf import PdfWriter

    first = PdfWriter()
    first.add_blank_page(595, 842)
    first.add_metadata({"/Title": f"Uitslag {NAMES[0]}", "/Author": "anonymous"})
    buf = io.BytesIO()
    first.write(buf)
    update = PdfWriter(io.BytesIO(buf.getvalue()), incremental=True)
    update.add_metadata({"/Title": "geanonimiseerd"})
    out = io.BytesIO()
    update.write(out)
    parts = texts(units_of(out.getvalue()))
    assert f"Title: Uitslag {NAMES[0]}" in parts["revision-1"]
    assert "anonymous" not in parts["revision-1"]


def test_streams_of_other_kinds_not_read_as_content() -> None:
    """An unused stream with keys no content stream has (a hint stream's /S, a font's
    /Length1) is not read for text operators."""
    out = bytearray(b"%PDF-1.6\n")
    objects = first_revision()
    objects[7] = stream(OLD_TEXT, b"/S 36")
    objects[8] = stream(OLD_TEXT, b"/Length1 10")
    revision(out, objects, b"/Size 9 /Root 1 0 R /Info 6 0 R")
    assert units_of(bytes(out)) == []
