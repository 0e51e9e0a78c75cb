"""OpenDocument text: body, page headers and footers, properties; frames and spaces."""

from __future__ import annotations

import io
import zipfile

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.odt import OdtExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

pytestmark = pytest.mark.timeout(60)
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)


def odt(content: str, styles: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr(
            "content.xml", f"<office:document-content {NS}>{content}</office:document-content>"
        )
        if styles is not None:
            zf.writestr(
                "styles.xml", f"<office:document-styles {NS}>{styles}</office:document-styles>"
            )
        zf.writestr("settings.xml", f"<office:document-settings {NS}/>")
    return buf.getvalue()


def parts(data: bytes) -> dict[str | None, str]:
    source = Source("b.odt", "odt", len(data), lambda: io.BytesIO(data))
    items: list[Extracted] = list(OdtExtractor().extract(source, Config()))
    return {u.location.part: u.text for u in items if isinstance(u, TextUnit)}


def test_a_frame_is_read_before_its_paragraph_and_spaces_kept() -> None:
    body = (
        "<office:body><office:text><text:p>Voor<draw:frame><draw:text-box>"
        "<text:p>Mevr. A. de Vries</text:p><text:p>Kerkstraat 12</text:p>"
        "</draw:text-box></draw:frame> na<text:s text:c='3'/>x<text:tab/>y<text:line-break/>z"
        "</text:p></office:text></office:body>"
    )
    assert parts(odt(body)) == {"body": "Mevr. A. de Vries\nKerkstraat 12\nVoor na   x\ty\nz"}


def test_only_page_headers_and_footers_of_the_styles_are_read() -> None:
    styles = (
        "<office:styles><style:style style:name='Standaard'/></office:styles>"
        "<office:master-styles><style:master-page><style:header>"
        "<text:p>Betreft: mevr. A. de Vries</text:p></style:header>"
        "<style:footer><text:p>Lab Oost</text:p></style:footer></style:master-page>"
        "</office:master-styles>"
    )
    got = parts(odt("<office:body><office:text/></office:body>", styles))
    assert got == {"headers": "Betreft: mevr. A. de Vries\nLab Oost"}


def test_the_type_is_odt_not_zip() -> None:
    assert sniff_bytes(odt("<office:body/>"), "b.zip") == FileType.ODT


def test_entity_declarations_are_refused() -> None:
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", bomb)
    with pytest.raises(ExtractError, match="entity"):
        parts(buf.getvalue())


def test_an_openoffice_1_writer_document_is_read_as_odt() -> None:
    """OpenOffice.org 1.x's ``.sxw``: the same elements in its 2000 namespaces, its DOCTYPE,
    a tab as ``text:tab-stop``."""
    ns = (
        'xmlns:office="http://openoffice.org/2000/office" '
        'xmlns:text="http://openoffice.org/2000/text"'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.sun.xml.writer")
        zf.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE office:document-content PUBLIC '
            '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "office.dtd">'
            f"<office:document-content {ns}><office:body><text:p>I. Aarts</text:p>"
            "<text:p>Julianalaan 171<text:tab-stop/>3569 KG  UTRECHT</text:p>"
            "</office:body></office:document-content>",
        )
    data = buf.getvalue()
    assert sniff_bytes(data, "brieven_1999.sxw") is FileType.ODT
    assert parts(data)["body"] == "I. Aarts\nJulianalaan 171\t3569 KG  UTRECHT"
