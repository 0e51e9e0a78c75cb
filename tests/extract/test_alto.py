"""ALTO OCR files: a page a part, a line of words a line, a block ends with an empty line,
a hyphenated word whole where it starts."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.alto import AltoExtractor
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import alto, alto_sample, alto_string, found_at

pytestmark = pytest.mark.timeout(60)


def _items(data: bytes) -> list[Extracted]:
    source = Source("scan_alto.xml", "alto", len(data), lambda: io.BytesIO(data))
    return list(AltoExtractor().extract(source, Config(workers=1)))


def test_the_type_is_alto_not_xml() -> None:
    assert sniff_bytes(alto_sample().data, "scan.xml") == FileType.ALTO
    v3 = b'<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"/>'
    assert sniff_bytes(v3, "scan.xml") == FileType.ALTO
    assert sniff_bytes(b"<?xml version='1.0'?><Patienten/>", "p.xml") == FileType.XML


def test_a_line_hyphen_without_a_whole_word_is_kept() -> None:
    block = [[alto_string("colpo", 1) + "<HYP CONTENT='-'/>"], [alto_string("scopie", 1)]]
    (unit,) = _items(alto([block]))
    assert isinstance(unit, TextUnit) and unit.text == "colpo-\nscopie"


def test_a_document_cut_short_is_read_up_to_its_end() -> None:
    data = alto_sample().data
    items = _items(data[: data.index(b"</Page>") + 7])
    assert [u.location.part for u in items if isinstance(u, TextUnit)] == ["page-1"]
    assert any(isinstance(i, Note) for i in items)
    with pytest.raises(ExtractError, match="not well-formed"):
        _items(data[:60])


def test_a_bsn_after_its_label_on_a_scanned_line() -> None:
    units = [u for u in _items(alto_sample().data) if isinstance(u, TextUnit)]
    found = found_at(units)
    assert ("bsn", "123456782", "part=page-1&start=40&end=49") in found
    assert ("date_of_birth", "1990-01-15", "part=page-2&start=20&end=30") in found
