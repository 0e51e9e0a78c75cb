"""Word 2003 XML documents: sniffed by Word's processing instruction or root element,
read as a DOCX body is; a DTD refused; a document cut short read up to its end."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.units import TextUnit
from breachscope.extract.wordml import NS, WordMlExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import wordml_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("brief.xml", "wordml", len(data), lambda: io.BytesIO(data))
    return list(WordMlExtractor().extract(source, Config()))


def test_sniffed_by_its_processing_instruction_or_its_root() -> None:
    assert sniff_bytes(wordml_sample().data, "brief.xml") is FileType.WORDML
    root = f'<?xml version="1.0"?>\n<w:wordDocument xmlns:w="{NS}"><w:body/></w:wordDocument>'
    assert sniff_bytes(root.encode(), "brief.xml") is FileType.WORDML
    other = '<?xml version="1.0"?>\n<brief><naam>Jansen</naam></brief>'
    assert sniff_bytes(other.encode(), "brief.xml") is FileType.XML


def test_a_dtd_is_refused_and_a_document_cut_short_is_read_to_its_end() -> None:
    with pytest.raises(ExtractError, match="DTD"):
        extract(b'<!DOCTYPE x [<!ENTITY a "b">]><w:wordDocument xmlns:w="' + NS.encode() + b'"/>')
    data = wordml_sample().data
    items = extract(data[: data.index(b"<w:br")])
    texts = [u.text for u in items if isinstance(u, TextUnit)]
    assert texts and texts[0].startswith("Mevr. M. Jansen-de Vries\n")
    assert any(isinstance(i, Note) and "read up to byte" in i.reason for i in items)
    with pytest.raises(ExtractError, match="malformed Word XML"):
        extract(b"<w:wordDocument xmlns:w='" + NS.encode() + b"'><w:body><w:p>")


def test_the_letters_people_are_found() -> None:
    units = [u for u in extract(wordml_sample().data) if isinstance(u, TextUnit)]
    found = {
        (f.data_class, f.value) for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        ("name", "M. Jansen-de Vries"),
        ("bsn", "123456782"),
        ("phone", "+31612345678"),
        ("name", "Ö. Yılmaz"),
        ("bsn", "012345672"),
    }
