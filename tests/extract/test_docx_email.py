"""DOCX (safe XML, tables, bounds) and e-mail (headers, bodies, attachments)."""

from __future__ import annotations

import io
import zipfile

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Source
from breachscope.extract.docx import DocxExtractor
from breachscope.extract.email import EmailExtractor, safe_name
from breachscope.extract.htmltext import html_to_text
from breachscope.extract.units import TextUnit

from .samples import csv_sample, docx_sample, eml_sample

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(
    extractor: DocxExtractor | EmailExtractor, data: bytes, kind: str, config: Config | None = None
) -> list[Extracted]:
    source = Source("f", kind, len(data), lambda: io.BytesIO(data))
    return list(extractor.extract(source, config or Config()))


def docx_with(xml: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def text_of(items: list[Extracted], part: str) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit) and u.location.part == part)


def test_docx_paragraphs_tables_breaks_and_deletions() -> None:
    xml = (
        f"<w:document {W}><w:body>"
        "<w:p><w:r><w:t>Geachte</w:t><w:tab/><w:t xml:space='preserve'> mevrouw</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>BSN</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>123456782</w:t></w:r></w:p><w:p><w:r><w:t>oud</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>binnen</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:tc></w:tr></w:tbl>"
        "<w:p><w:del><w:r><w:delText>Jansen</w:delText></w:r></w:del><w:r><w:br/><w:t>x</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    items = run(DocxExtractor(), docx_with(xml), "docx")
    assert text_of(items, "body") == "Geachte\t mevrouw\nBSN\t123456782 oud binnen\nJansen\nx"


MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_docx_text_box_is_read_once_beside_its_paragraph() -> None:
    """An address block in a text box: its lines come before the line of the paragraph
    that anchors it, which keeps its own text; the VML fallback copy is not read."""
    box = "<w:txbxContent><w:p><w:r><w:t>Mevr. A. de Vries</w:t></w:r></w:p>" + (
        "<w:p><w:r><w:t>Kerkstraat 12</w:t></w:r></w:p></w:txbxContent>"
    )
    xml = (
        f"<w:document {W} {MC}><w:body>"
        "<w:p><w:r><w:t>Voor </w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>na</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Geachte mevrouw</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    items = run(DocxExtractor(), docx_with(xml), "docx")
    assert text_of(items, "body") == "Mevr. A. de Vries\nKerkstraat 12\nVoor na\nGeachte mevrouw"


def test_docx_headers_footers_notes_and_comments_are_parts() -> None:
    def story(tag: str, text: str) -> str:
        return f"<w:{tag} {W}><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{tag}>"

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", f"<w:document {W}><w:body></w:body></w:document>")
        zf.writestr("word/header10.xml", story("hdr", "tien"))
        zf.writestr("word/header2.xml", story("hdr", "Betreft: mevr. A. de Vries, geb. 12-03-1971"))
        zf.writestr("word/footer1.xml", story("ftr", "Laboratorium Oost"))
        zf.writestr("word/comments.xml", story("comments", "belde op 06-12345678"))
        zf.writestr("word/footnotes.xml", story("footnotes", "voetnoot"))
        zf.writestr("word/styles.xml", story("styles", "geen tekst"))
    items = run(DocxExtractor(), buf.getvalue(), "docx")
    parts = [u.location.part for u in items if isinstance(u, TextUnit)]
    assert parts == ["comments", "footer1", "footnotes", "header2", "header10"]
    assert text_of(items, "header2") == "Betreft: mevr. A. de Vries, geb. 12-03-1971"
    assert text_of(items, "comments") == "belde op 06-12345678"


def test_docx_with_a_dtd_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(ExtractError, match="DTD"):
        run(DocxExtractor(), docx_with(bomb), "docx")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (docx_with(f"<w:document {W}><w:body><w:p>"), "malformed"),
        (docx_with("x" * 5000), "malformed"),
        (docx_sample().data[:3000], "corrupt or truncated"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted"),
    ],
)
def test_bad_docx_fails_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        run(DocxExtractor(), data, "docx")


def test_docx_size_is_bounded() -> None:
    xml = f"<w:document {W}><w:body>" + "<w:p/>" * 200_000 + "</w:body></w:document>"
    with pytest.raises(ExtractError, match="larger than"):
        run(DocxExtractor(), docx_with(xml), "docx", Config(batch_bytes=100_000))


def test_email_parts_and_attachments() -> None:
    items = run(EmailExtractor(), eml_sample().data, "eml")
    header = text_of(items, "header")
    assert "Subject: Uitslag BSN 123456782 – Jansen-de Vries" in header
    assert "To: Marieke Jansen-de Vries <m.jansen@example.nl>, huisarts@example.nl" in header
    assert "BSN 111222333, Dorpsstraat 12A" in text_of(items, "body")
    html = text_of(items, "body-html")
    assert "012345672 & Jansen-de Vries" in html and "alert" not in html and "p{}" not in html
    children = [c for c in items if isinstance(c, ChildFile)]
    assert [c.name for c in children] == ["lijst.csv", "lijst-2.csv", "attached.eml"]
    assert children[0].data == csv_sample().data
    assert b"binnenste bericht" in children[2].data


def test_email_rfc2047_and_latin1_body() -> None:
    raw = (
        b"From: =?utf-8?q?=C3=96mer_Y=C4=B1lmaz?= <o@example.nl>\r\n"
        b"Subject: =?iso-8859-1?q?Caf=E9?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"
        b"Caf\xe9 BSN 123456782\r\n"
    )
    items = run(EmailExtractor(), raw, "eml")
    assert text_of(items, "header") == "From: Ömer Yılmaz <o@example.nl>\nSubject: Café"
    assert text_of(items, "body") == "Café BSN 123456782\r\n"


MBOX = (
    b"From jansen@ziggo.nl Mon Mar 11 09:14:00 2024\n"
    b"From: Petra Jansen <p.jansen@ziggo.nl>\nSubject: uitslag\n\n"
    b"Mijn BSN is 123456782.\n>From the lab I heard nothing.\n\n"
    b"From the lab in 2024 nothing either.\n\n"
    b"From devries@kpn.nl Mon Mar 11 10:14:00 2024\r\n"
    b"From: Marie de Vries <m.devries@kpn.nl>\r\nSubject: vraag\r\n\r\n"
    b"Mijn BSN is 111222333.\r\n"
)


def test_mbox_messages_are_child_files() -> None:
    """A mailbox: every message a child e-mail of its own, the envelope lines and the
    blank line before each left out, escaped ``>From`` lines restored."""
    items = run(EmailExtractor(), MBOX, "eml")
    assert all(isinstance(c, ChildFile) for c in items)
    children = [c for c in items if isinstance(c, ChildFile)]
    assert [c.name for c in children] == ["message-00001.eml", "message-00002.eml"]
    first = run(EmailExtractor(), children[0].data, "eml")
    assert text_of(first, "body") == (
        "Mijn BSN is 123456782.\nFrom the lab I heard nothing.\n\n"
        "From the lab in 2024 nothing either.\n"
    )  # (an unescaped 'From' line in a body is no envelope)
    assert text_of(first, "header") == "From: Petra Jansen <p.jansen@ziggo.nl>\nSubject: uitslag"
    second = run(EmailExtractor(), children[1].data, "eml")
    assert "Marie de Vries" in text_of(second, "header")


def test_a_huge_mbox_message_fails_after_the_ones_before_it() -> None:
    big = MBOX + b"\nFrom x@y Mon Mar 11 11:00:00 2024\nFrom: x@y\n\n" + b"x" * 2000 + b"\n"
    source = Source("f", "eml", len(big), lambda: io.BytesIO(big))
    got: list[Extracted] = []
    with pytest.raises(ExtractError, match="mailbox message 3 larger than"):
        got.extend(EmailExtractor().extract(source, Config(batch_bytes=1000)))
    assert len(got) == 2


def test_not_an_email_fails() -> None:
    with pytest.raises(ExtractError, match="not an e-mail"):
        run(EmailExtractor(), b"just some text\nwithout headers\n", "eml")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\lijst.csv", "lijst.csv"),
        ("a!/b.pdf", "b.pdf"),
        ("..", "attachment-3"),
        (None, "attachment-3"),
        ("bad\x00name\n.txt", "bad_name_.txt"),
        ("x" * 500 + ".pdf", "x" * 109 + ".pdf"),
    ],
)
def test_attachment_names_are_safe(name: str | None, expected: str) -> None:
    assert safe_name(name, 3, set()) == expected


def test_attachment_names_are_unique() -> None:
    used: set[str] = set()
    assert [safe_name("a.csv", i, used) for i in range(3)] == ["a.csv", "a-2.csv", "a-3.csv"]


def test_html_to_text() -> None:
    html = "<p>Naam: <b>Jansen</b></p><table><tr><td>BSN</td><td>123&nbsp;456</td></tr></table>"
    assert html_to_text(html) == "Naam: Jansen\n\tBSN\t123\xa0456"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # a definition list's term is its value's label, on a line of their own
        (
            "<dl><dt>Naam</dt><dd>P. Jansen</dd><dt>Geboortedatum:</dt> <dd>9 januari 1993</dd>"
            "</dl><p>Adres</p>",
            "Naam: P. Jansen\nGeboortedatum: 9 januari 1993\nAdres",
        ),
        ("<dl><dt> </dt><dd>x</dd></dl>", "x"),  # (an empty term: no label)
        ("<form><legend>Patiënt</legend><fieldset>BSN 123</fieldset></form>", "Patiënt\nBSN 123"),
    ],
)
def test_html_blocks_and_definition_lists(html: str, text: str) -> None:
    assert html_to_text(html) == text
