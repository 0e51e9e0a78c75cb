"""XPS print output: sniffed by its document parts, each page's runs set in lines, the
pages in the document's order (else their names'); the letters' people found."""

from __future__ import annotations

import io
import zipfile

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, Source
from breachscope.extract.units import TextUnit
from breachscope.extract.xps import XpsExtractor, page_text, pages
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import xps_bytes, xps_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("brieven.xps", "xps", len(data), lambda: io.BytesIO(data))
    return list(XpsExtractor().extract(source, Config()))


def test_sniffed_by_its_document_parts() -> None:
    assert sniff_bytes(xps_sample().data, "brieven.xps") is FileType.XPS
    assert sniff_bytes(xps_bytes([[(1, 1, "x")]], sequence=False), "b") is FileType.XPS


def test_runs_are_set_in_lines_by_baseline_then_left() -> None:
    runs = [(300.0, 400.0, "123456782"), (300.5, 96.0, "BSN:"), (280.0, 96.0, "Mevr. Kok")]
    assert page_text(runs) == "Mevr. Kok\nBSN:  123456782"


def test_pages_in_the_documents_order_else_their_names() -> None:
    two = [[(96, 100, "eerste")], [(96, 100, "tweede")]]
    with zipfile.ZipFile(io.BytesIO(xps_bytes(two))) as archive:
        assert [p for p, _ in pages(archive)] == ["page-1", "page-2"]
    texts = [u.text for u in extract(xps_bytes(two)) if isinstance(u, TextUnit)]
    assert texts == ["eerste", "tweede"]  # (the sequence names 2.fpage first)
    bare = [u.text for u in extract(xps_bytes(two, sequence=False)) if isinstance(u, TextUnit)]
    assert bare == ["tweede", "eerste"]  # (by name: 1.fpage holds the second)


def test_the_letters_people_are_found() -> None:
    units = [u for u in extract(xps_sample().data) if isinstance(u, TextUnit)]
    found = {
        (f.location.part, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        ("page-1", "name", "M. Jansen-de Vries"),
        ("page-1", "bsn", "123456782"),
        ("page-1", "address", "1234AB"),
        ("page-2", "bsn", "012345672"),
    }
