"""Images: OCR when it is on and tesseract is there, else a skip that says why; the text
in their metadata either way (PNG text chunks)."""

from __future__ import annotations

import io
import os
import random
import stat
import struct
import zlib
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract import imagemeta
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.image import ImageExtractor
from breachscope.extract.units import TextUnit

from .samples import image_sample


def plain_png() -> bytes:
    """A PNG without text in its metadata."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (60, 20), 200).save(buf, format="PNG")
    return buf.getvalue()


def extract(data: bytes, config: Config) -> list[Extracted]:
    source = Source("s.png", "image", len(data), lambda: io.BytesIO(data))
    return list(ImageExtractor().extract(source, config))


def _tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "tesseract"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")


def test_ocr_off_skips_with_the_reason() -> None:
    with pytest.raises(SkipFile, match="needs OCR: image \\(OCR is off"):
        extract(plain_png(), Config())


def test_ocr_reads_the_image_bytes_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(
        tmp_path,
        monkeypatch,
        '[ "$1 $2 $3 $4" = "- - -l nld" ] || exit 2\n'
        "head -c 4 | grep -q PNG || exit 3\n"
        "echo 'Mevr. A. de Vries, BSN 111222333'\n",
    )
    items = extract(plain_png(), Config(ocr=True))
    assert [u.text for u in items if isinstance(u, TextUnit)] == [
        "Mevr. A. de Vries, BSN 111222333\n"
    ]


def test_a_failing_ocr_fails_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(tmp_path, monkeypatch, "cat > /dev/null\nexit 1\n")
    with pytest.raises(ExtractError, match="exit status 1"):
        extract(plain_png(), Config(ocr=True))


def chunk(kind: bytes, body: bytes) -> bytes:
    """A PNG chunk by the specification: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(*chunks: bytes, end: bool = True) -> bytes:
    """A PNG file of ``plain_png``'s header and pixels with ``chunks`` after its pixels."""
    plain = plain_png()
    body = plain[: -len(chunk(b"IEND", b""))]
    return body + b"".join(chunks) + (chunk(b"IEND", b"") if end else b"")


def texts(items: list[Extracted]) -> dict[str | None, str]:
    out: dict[str | None, str] = {}
    for unit in items:
        if isinstance(unit, TextUnit):
            assert unit.base_offset == len(out.get(unit.location.part, ""))
            out[unit.location.part] = out.get(unit.location.part, "") + unit.text
    return out


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def test_png_text_chunks_are_read_without_ocr_with_a_note() -> None:
    items = extract(image_sample().data, Config())
    assert texts(items) == {
        "metadata": "Author: Mevr. A. de Vries-\u00d6lmez\n"
        "Comment: Aanvraag BSN 111222333\nDorpsstraat 12A\n"
        "Description (nl: Beschrijving): Uitslag Jansen: hrHPV positief\n"
    }
    assert notes(items) == ["needs OCR: image (OCR is off (Config.ocr))"]
    assert all(n.location.part is None for n in items if isinstance(n, Note))


def test_png_text_after_the_pixels_and_an_uncompressed_itxt() -> None:
    data = png(
        chunk(b"tEXt", b"Title\x00Etiket M. Jansen \xe9\xe9n"),
        chunk(b"iTXt", b"Naam\x00\x00\x00\x00\x00" + "Jo\u00eblle Kuipers".encode()),
        chunk(b"tEXt", b"Leeg\x00  "),
    )
    assert texts(extract(data, Config())) == {
        "metadata": "Title: Etiket M. Jansen \u00e9\u00e9n\nNaam: Jo\u00eblle Kuipers\n"
    }


def test_png_with_text_and_ocr_gives_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tool(tmp_path, monkeypatch, "cat > /dev/null\necho 'scan'\n")
    got = texts(extract(png(chunk(b"tEXt", b"Author\x00J. Pietersen")), Config(ocr=True)))
    assert got == {None: "scan\n", "metadata": "Author: J. Pietersen\n"}


def test_a_failing_ocr_keeps_the_metadata_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(tmp_path, monkeypatch, "cat > /dev/null\nexit 1\n")
    items = extract(png(chunk(b"tEXt", b"Author\x00J. Pietersen")), Config(ocr=True))
    assert texts(items) == {"metadata": "Author: J. Pietersen\n"}
    assert notes(items) == ["OCR failed (tesseract exit status 1)"]


def test_a_compressed_text_is_inflated_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imagemeta, "VALUE_LIMIT", 1000)
    bomb = zlib.compress(b"A" * 10_000_000, 9)
    items = extract(png(chunk(b"zTXt", b"Comment\x00\x00" + bomb)), Config())
    assert texts(items) == {"metadata": "Comment: " + "A" * 1000 + "\n"}
    assert "cut at 1000 bytes" in notes(items)[0]


def test_damaged_chunks_end_the_walk_with_a_note_what_came_before_kept() -> None:
    good = chunk(b"tEXt", b"Author\x00J. Pietersen")
    bad = bytearray(chunk(b"tEXt", b"Title\x00BSN 123456782"))
    bad[-1] ^= 0xFF
    items = extract(png(good, bytes(bad)), Config())
    assert texts(items) == {"metadata": "Author: J. Pietersen\n"}
    assert "wrong CRC" in notes(items)[0]
    hostile = png(good, struct.pack(">I", 0xFFFFFFF0) + b"tEXt" + b"x" * 20, end=False)
    assert "runs past the end" in notes(extract(hostile, Config()))[0]
    cut = png(good, end=False)
    assert "without its IEND" in notes(extract(cut, Config()))[0]
    broken = png(good, chunk(b"zTXt", b"Comment\x00\x00not zlib"), chunk(b"iTXt", b"x"))
    items = extract(broken, Config())
    assert texts(items) == {"metadata": "Author: J. Pietersen\n"}
    assert notes(items)[0].endswith("its compressed text is damaged")
    assert notes(items)[1].endswith("has no keyword")


def test_truncated_and_random_images() -> None:
    data = image_sample().data
    for size in (8, 20):
        with pytest.raises(SkipFile, match="needs OCR"):
            extract(data[:size], Config())
    items = extract(data[: data.index(b"zTXt") + 8], Config())
    assert texts(items) == {"metadata": "Author: Mevr. A. de Vries-\u00d6lmez\n"}
    assert "runs past the end" in notes(items)[0]
    rng = random.Random(7)
    with pytest.raises(SkipFile, match="needs OCR"):
        extract(bytes(rng.randrange(256) for _ in range(4096)), Config())


def exif_block() -> bytes:
    """EXIF as Pillow writes it: IFD0 text and Windows tags, the Exif directory's comment
    (UTF-16LE in a big-endian block, as a phone wrote it), a date left out."""
    from PIL import Image

    exif = Image.Exif()
    exif[270] = "Aanvraag M. Jansen, geb. 12-03-1971"
    exif[315] = "Koerier Route Hengelo-Noord"
    exif[306] = "2024:05:13 08:34:12"
    exif[0x9C9D] = "Jo\u00eblle Kuipers".encode("utf-16-le") + b"\x00\x00"
    exif[0x9C9F] = tuple("BSN 111222333".encode("utf-16-le"))
    sub = exif.get_ifd(0x8769)
    sub[0x9286] = b"UNICODE\x00" + "Let op: Mevr. de Vries".encode("utf-16-le")
    sub[0xA420] = "ABC123"
    sub[0x9003] = "2024:05:13 08:34:12"
    return exif.tobytes()


EXIF_TEXT = (
    "ImageDescription: Aanvraag M. Jansen, geb. 12-03-1971\n"
    "Artist: Koerier Route Hengelo-Noord\n"
    "XPAuthor: Jo\u00eblle Kuipers\n"
    "XPSubject: BSN 111222333\n"
    "ImageUniqueID: ABC123\n"
    "UserComment: Let op: Mevr. de Vries\n"
)


def saved(fmt: str, **params: object) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 200, 200)).save(buf, format=fmt, **params)
    return buf.getvalue()


def test_jpeg_exif_and_comment() -> None:
    data = saved("JPEG", exif=exif_block(), comment=b"Scan van J. Pietersen")
    got = texts(extract(data, Config()))["metadata"]
    assert got == EXIF_TEXT + "Comment: Scan van J. Pietersen\n"


def test_webp_tiff_and_png_exif() -> None:
    for data in (
        saved("WEBP", exif=exif_block()),
        png(chunk(b"eXIf", exif_block()[6:])),
    ):
        assert texts(extract(data, Config())) == {"metadata": EXIF_TEXT}
    tiff = saved("TIFF", tiffinfo={269: "uitslag_jansen.doc", 285: "Pagina 1 - M. Jansen"})
    got = texts(extract(tiff, Config()))["metadata"]
    assert "DocumentName: uitslag_jansen.doc\nPageName: Pagina 1 - M. Jansen\n" in got


def test_user_comment_codes() -> None:
    text = "Mevr. \u00d6lmez"
    assert imagemeta.user_comment(b"ASCII\x00\x00\x00BSN 123456782\x00", ">") == "BSN 123456782\x00"
    assert imagemeta.user_comment(b"UNICODE\x00" + text.encode("utf-16-be"), ">") == text
    assert imagemeta.user_comment(b"UNICODE\x00" + text.encode("utf-16"), ">") == text
    assert imagemeta.user_comment(b"\x00" * 8 + text.encode("cp1252"), "<") == text
    assert imagemeta.user_comment(b"JIS\x00\x00\x00\x00\x00" + b"abc", "<") == "abc"


def test_damaged_or_hostile_exif_yields_no_text() -> None:
    damaged = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff" + b"\x01" * 40
    hostile = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x0e\x00\x02\x7f\xff\xff\xff\x00\x00"
    for data in (saved("JPEG", exif=damaged), saved("JPEG", exif=hostile), saved("JPEG")[:100]):
        with pytest.raises(SkipFile, match="needs OCR"):
            extract(data, Config())


XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">\n'
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"\n'
    '    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"\n'
    '    xmlns:lab="http://example.org/lab/"\n'
    '    xmp:CreatorTool="Scanner J. Pietersen" xmp:CreateDate="2024-05-13"'
    ' xmpMM:DocumentID="uuid:1234">\n'
    '   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Uitslag M. Jansen</rdf:li>'
    "</rdf:Alt></dc:title>\n"
    '   <dc:description><rdf:Alt><rdf:li xml:lang="nl">BSN 111222333 &amp; Pap 3b</rdf:li>'
    "</rdf:Alt></dc:description>\n"
    "   <dc:creator><rdf:Seq><rdf:li>Dr. A. Bakker</rdf:li></rdf:Seq></dc:creator>\n"
    "   <dc:subject><rdf:Bag><rdf:li>Jo\u00eblle Kuipers</rdf:li><rdf:li>Hengelo</rdf:li>"
    "</rdf:Bag></dc:subject>\n"
    '   <Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource">'
    "<Iptc4xmpCore:CiAdrCity>Enschede</Iptc4xmpCore:CiAdrCity>"
    "</Iptc4xmpCore:CreatorContactInfo>\n"
    "   <lab:BirthDate>1971-03-12</lab:BirthDate>\n"
    "  </rdf:Description>\n"
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n"
    '<?xpacket end="w"?>'
)
XMP_TEXT = (
    "xmp:CreatorTool: Scanner J. Pietersen\n"
    "dc:title: Uitslag M. Jansen\n"
    "dc:description: BSN 111222333 & Pap 3b\n"
    "dc:creator: Dr. A. Bakker\n"
    "dc:subject: Jo\u00eblle Kuipers\n"
    "dc:subject: Hengelo\n"
    "Iptc4xmpCore:CiAdrCity: Enschede\n"
    "BirthDate: 1971-03-12\n"
)


def test_xmp_in_jpeg_png_tiff_and_webp() -> None:
    from PIL.PngImagePlugin import PngInfo

    packet = XMP.encode()
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP)
    for data in (
        saved("JPEG", xmp=packet),
        saved("PNG", pnginfo=info),
        saved("TIFF", tiffinfo={700: packet}),
        saved("WEBP", xmp=packet),
    ):
        assert texts(extract(data, Config())) == {"metadata": XMP_TEXT}, data[:4]


def test_damaged_and_hostile_xmp_keep_what_came_before_with_a_note() -> None:
    cut = XMP[: XMP.index("<dc:creator>") + 20]
    items = extract(saved("JPEG", xmp=cut.encode()), Config())
    assert texts(items)["metadata"].endswith("dc:description: BSN 111222333 & Pap 3b\n")
    assert notes(items)[0].startswith("XMP packet not well formed")
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&a;</x:xmpmeta>'
    items = extract(saved("JPEG", xmp=bomb.encode(), comment=b"J. Pietersen"), Config())
    assert texts(items) == {"metadata": "Comment: J. Pietersen\n"}
    assert notes(items)[0] == "XMP packet declares a DTD (refused)"


def multipage_tiff(pages: list[dict[int, str | bytes]]) -> bytes:
    """A TIFF file of a page per dict of tags, as Pillow writes several pages."""
    from PIL import Image, TiffImagePlugin

    buf = io.BytesIO()
    with TiffImagePlugin.AppendingTiffWriter(buf, new=True) as writer:
        for tags in pages:
            Image.new("1", (32, 16), 1).save(writer, format="TIFF", tiffinfo=tags)
            writer.newFrame()
    return buf.getvalue()


def test_a_multipage_tiff_gives_a_part_per_page() -> None:
    data = multipage_tiff(
        [
            {269: "fax000412", 285: "Pagina 1 - M. Jansen", 315: "+31 53 4081342"},
            {269: "fax000412", 270: "BSN 111222333", 306: "2024:05:13 08:34:12"},
            {700: XMP.encode()},
        ]
    )
    assert texts(extract(data, Config())) == {
        "page-1 metadata": "DocumentName: fax000412\nArtist: +31 53 4081342\n"
        "PageName: Pagina 1 - M. Jansen\n",
        "page-2 metadata": "DocumentName: fax000412\nImageDescription: BSN 111222333\n",
        "page-3 metadata": XMP_TEXT,
    }


def test_a_looping_broken_or_long_page_chain_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(saved("TIFF", tiffinfo={285: "Pagina 1 - M. Jansen"}))
    (first,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, first)
    struct.pack_into("<I", data, first + 2 + 12 * count, first)
    looping = extract(bytes(data), Config())  # (Pillow ends a chain that loops)
    assert texts(looping) == {"metadata": "PageName: Pagina 1 - M. Jansen\n"}
    struct.pack_into("<I", data, first + 2 + 12 * count, len(data) + 1000)
    assert texts(extract(bytes(data), Config())) == {"metadata": "PageName: Pagina 1 - M. Jansen\n"}
    monkeypatch.setattr(imagemeta, "MAX_PAGES", 2)
    three = multipage_tiff([{285: "1"}, {285: "2"}, {285: "3"}])
    items = extract(three, Config())
    assert list(texts(items)) == ["page-1 metadata", "page-2 metadata"]
    assert notes(items)[0] == "TIFF pages after the first 2 not read"
