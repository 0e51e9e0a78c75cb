"""dcmdump output: one row per image header, elements under their keywords."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ExtractError, Source
from breachscope.extract.dicomdump import DicomDumpExtractor, element_value, person_name
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import dicom_dump_sample


@pytest.mark.parametrize(
    ("dicom", "written"),
    [
        ("HOOGERVORST-VAN 'T HOF^KIRSTEN", "KIRSTEN HOOGERVORST-VAN 'T HOF"),
        ("Ooms^M.E.^^dr.", "dr. M.E. Ooms"),
        ("Martina^Sharline^^mw.", "mw. Sharline Martina"),
        ("Yamada^Tarou=山田^太郎=やまだ^たろう", "Tarou Yamada"),
        ("Jansen^Petra\\de Vries^Anna", "Petra Jansen \\ Anna de Vries"),
        ("Jansen", "Jansen"),
    ],
)
def test_person_names_in_a_letters_order(dicom: str, written: str) -> None:
    assert person_name(dicom) == written


@pytest.mark.parametrize(
    ("vr", "raw", "value"),
    [
        ("DA", "[19940708]", "19940708"),
        ("US", "3", "3"),
        ("UI", "[1.2.826.0.1.3680043]", None),
        ("UI", "=JPEGBaseline", None),
        ("OB", "00\\01", None),
        ("LO", "(no value available)", None),
        ("LO", "[]", None),
        ("SQ", "(Sequence with explicit length #=1)", None),
    ],
)
def test_element_values(vr: str, raw: str, value: str | None) -> None:
    assert element_value(vr, raw) == value


def test_an_image_a_row_a_keyword_a_column() -> None:
    sample = dicom_dump_sample()
    units = [
        u
        for u in DicomDumpExtractor().extract(sample.source(), Config())
        if isinstance(u, TableUnit)
    ]
    assert [r["__row__"] for r in units[0].data.to_pylist()] == [6, 25]
    columns = units[0].columns
    assert "PixelData" not in columns and "MediaStorageSOPClassUID" not in columns
    assert "RequestedProcedureDescription" in columns  # (inside a sequence)


def test_a_dump_with_no_element_ends_in_an_error() -> None:
    data = b"# dcmdump: nothing\n"
    source = Source("a.txt", "dicom-dump", len(data), lambda: io.BytesIO(data))
    with pytest.raises(ExtractError, match="no DICOM element"):
        list(DicomDumpExtractor().extract(source, Config()))


def test_sniffed() -> None:
    assert sniff_bytes(dicom_dump_sample().data, "dump.txt") == FileType.DICOM_DUMP
    assert sniff_bytes(b"(0010,0010) hoi\nnee\n", "a.txt") == FileType.TEXT
