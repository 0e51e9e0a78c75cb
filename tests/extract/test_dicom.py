"""DICOM files (a pathology report on a CD, its DICOMDIR) are a row of their elements:
her name, birth date and address, the BSN among her other IDs, the referring GP and his
AGB code, the report's headings and text; a DICOMDIR's patient with her report below."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.dicom import DicomExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import BSN, DICOM_CELLS, DOB, dicom_bytes

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("cd/SR000000", "dicom", len(data), lambda: io.BytesIO(data))
    return list(DicomExtractor().extract(source, Config()))


def found(items: list[Extracted]) -> set[tuple[str | None, int | None, str, str]]:
    units = [u for u in items if isinstance(u, TableUnit)]
    return {
        (f.location.part, f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }


def test_a_structured_report_is_a_row_of_its_elements() -> None:
    data = dicom_bytes()
    assert sniff_bytes(data, "SR000000") is FileType.DICOM
    items = extract(data)
    row = rows_by_number(items)[1]
    assert row == {k: v for k, v in DICOM_CELLS.items() if v is not None}
    assert found(items) >= {
        (None, 1, "name", "M. Jansen-de Vries"),
        (None, 1, "date_of_birth", DOB[0]),
        (None, 1, "bsn", BSN[0]),
        (None, 1, "address", "1234AB"),
        (None, 1, "provider", "01001234"),
        (None, 1, "provider", "Huisartsenpraktijk De Linde"),
    }
    assert any(c == "health" for _, _, c, _ in found(items))


def test_a_dicomdir_gives_each_patient_a_row_with_her_reports() -> None:
    items = extract(dicom_bytes(records=True))
    rows = rows_by_number([u for u in items if isinstance(u, TableUnit)])
    assert set(rows) == {1}  # (her report's record below hers: one row, not two)
    assert {"PatientName", "Conclusie", "OtherPatientIDsSequence.PatientID"} <= set(rows[1])
    assert all(u.location.part == "records" for u in items if isinstance(u, TableUnit))


def test_no_dicom_magic_is_an_error() -> None:
    with pytest.raises(ExtractError):
        extract(b"\0" * 132 + b"not a dataset")
