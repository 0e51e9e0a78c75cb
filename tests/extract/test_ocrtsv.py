"""Tesseract's TSV output read as each page's lines of words."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.ocrtsv import OcrTsvExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import found_at, ocr_tsv, ocr_tsv_sample

pytestmark = pytest.mark.timeout(60)


def _items(data: bytes) -> list[Extracted]:
    source = Source("scan.tsv", "ocr-tsv", len(data), lambda: io.BytesIO(data))
    return list(OcrTsvExtractor().extract(source, Config(workers=1)))


def test_the_type_is_ocr_tsv_not_tsv() -> None:
    assert sniff_bytes(ocr_tsv_sample().data, "scan.tsv") == FileType.OCR_TSV
    assert sniff_bytes(b"level\tnaam\tbsn\n1\tJansen\t123456782\n", "a.tsv") == FileType.TSV


def test_a_short_row_is_noted_and_the_rest_read() -> None:
    data = ocr_tsv([[["Naam: Jansen"]]]) + "5\t1\t1\n"
    items = _items(data.encode())
    assert [u.text for u in items if isinstance(u, TextUnit)] == ["Naam: Jansen"]
    assert [n.reason for n in items if isinstance(n, Note)] == ["1 rows with fewer than 12 fields"]


def test_a_bsn_and_a_birth_date_after_their_labels() -> None:
    units = [u for u in _items(ocr_tsv_sample().data) if isinstance(u, TextUnit)]
    found = found_at(units)
    assert ("bsn", "123456782", "part=page-1&start=78&end=87") in found
    assert ("date_of_birth", "1978-03-04", "part=page-1&start=64&end=72") in found
    assert ("bsn", "012345672", "part=page-2&start=31&end=40") in found
