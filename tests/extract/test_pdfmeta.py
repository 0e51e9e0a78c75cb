"""PDF metadata and outlines: the information dictionary, XMP and bookmarks as text."""

from __future__ import annotations

import io
import zlib

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.pdf import PdfExtractor
from breachscope.extract.pdfmeta import iso_date, xmp_streams, xmp_text
from breachscope.extract.units import TextUnit

from .rows import text_parts as parts
from .samples import BSN, NAMES

pytestmark = pytest.mark.timeout(60)

XMP = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Keywords="{BSN[0]}">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Uitslag {NAMES[0]}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Lab</rdf:li><rdf:li>Lab</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()


def build(objects: list[bytes], root: int = 1, info: int | None = None) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    return bytes(out + b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def letter(xmp: bytes | None = b"", flate: bool = False, outline: bool = True) -> bytes:
    """A page, an information dictionary, an XMP stream and a two-level outline."""
    text = b"BT /F1 12 Tf 72 700 Td (Geachte mevrouw) Tj ET"
    packet = XMP if xmp == b"" else xmp
    meta = b"null"
    if packet is not None:
        body = zlib.compress(packet) if flate else packet
        meta = stream(
            body, b"/Type /Metadata /Subtype /XML" + (b" /Filter /FlateDecode" if flate else b"")
        )
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R"
    catalog += b" /Outlines 8 0 R >>" if outline else b" >>"
    title = NAMES[1].encode("latin-1")
    return build([
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        meta,
        b"<< /Title (Uitslagbrief " + title + b") /Author (Jansen-de Vries) /Keywords ("
        + BSN[2].encode() + b") /Creator (untitled) /CreationDate (D:20240510113000+02'00') >>",
        b"<< /Type /Outlines /First 9 0 R /Last 10 0 R /Count 3 >>",
        b"<< /Title (Patient 1) /Parent 8 0 R /Next 10 0 R /First 11 0 R /Last 11 0 R"
        b" /Count 1 /Dest [3 0 R /Fit] >>",
        b"<< /Title (Patient 2) /Parent 8 0 R /Prev 9 0 R /Dest [3 0 R /Fit] >>",
        b"<< /Title (BSN " + BSN[1].encode() + b") /Parent 9 0 R /Dest [3 0 R /Fit] >>",
    ], info=7)  # fmt: skip


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("brief.pdf", "pdf", len(data), lambda: io.BytesIO(data))
    return list(PdfExtractor().extract(source, config or Config()))


def test_info_xmp_and_outline_are_parts_of_their_own() -> None:
    found = parts(run(letter()))
    assert found["page-1"].strip() == "Geachte mevrouw"
    assert found["info"] == (
        f"Title: Uitslagbrief {NAMES[1]}\nAuthor: Jansen-de Vries\nKeywords: {BSN[2]}\n"
        "CreationDate: 2024-05-10T11:30:00+02:00"
    )
    assert found["xmp"] == f"Keywords: {BSN[0]}\ntitle: Uitslag {NAMES[0]}\ncreator: Lab"
    assert found["outline"] == f"Patient 1\n  BSN {BSN[1]}\nPatient 2"


def test_pages_unchanged() -> None:
    with_meta = [
        u for u in run(letter()) if isinstance(u, TextUnit) and u.location.part == "page-1"
    ]
    without = [u for u in run(letter(None, outline=False)) if isinstance(u, TextUnit)]
    assert [u.text for u in with_meta] == [u.text for u in without if u.location.part == "page-1"]
    assert "xmp" not in parts(run(letter(None, outline=False)))
    assert "outline" not in parts(run(letter(None, outline=False)))


def test_compressed_xmp() -> None:
    assert parts(run(letter(flate=True)))["xmp"].startswith(f"Keywords: {BSN[0]}")


def test_xmp_without_a_catalog_reference_is_found_by_its_type() -> None:
    data = b"%PDF-1.5\n12 0 obj\n" + stream(XMP, b"/Type /Metadata /Subtype /XML") + b"\nendobj\n"
    assert xmp_streams(data) == [XMP]
    other = stream(b"abc", b"/Type /Metadata /Filter /DCTDecode")
    assert xmp_streams(b"1 0 obj\n" + other + b"\nendobj\n") == []


def test_damaged_xmp_keeps_what_came_before_with_a_note() -> None:
    items = run(letter(XMP[: XMP.index(b"<dc:creator>")] + b"<dc:creator><b>"))
    assert parts(items)["xmp"] == f"Keywords: {BSN[0]}\ntitle: Uitslag {NAMES[0]}"
    assert any(isinstance(n, Note) and n.location.part == "xmp" for n in items)
    text, stopped = xmp_text(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    assert text == "" and stopped is not None and "DTD" in stopped


def test_xmp_not_looked_for_in_a_file_past_batch_bytes() -> None:
    items = run(letter(), Config().with_(batch_bytes=200))
    assert any(isinstance(n, Note) and "not looked for" in n.reason for n in items)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20240510113000+02'00'", "2024-05-10T11:30:00+02:00"),
        ("D:20240510113000Z", "2024-05-10T11:30:00Z"),
        ("D:20240510", "2024-05-10"),
        ("10 mei 2024", "10 mei 2024"),
    ],
)
def test_dates(raw: str, iso: str) -> None:
    assert iso_date(raw) == iso
