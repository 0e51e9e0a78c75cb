"""Column classification asks headers first and values only where they can still win:
the owner must be exactly what asking every detector in order gives."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.base import CellFindings, ColumnSample, ColumnVerdict, Detector
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.tables import sample_of

HEADERS = [
    "bsn", "burgerservicenummer", "telefoon", "mobiel", "email", "iban", "rekeningnummer",
    "naam", "achternaam", "huisarts", "adres", "postcode", "geboortedatum", "labnummer",
    "barcode", "fax", "opmerking", "kolom_7", "PID-13", "agb_huisarts", "",
    "huisarts naam", "aanvrager", "PAT_NM", "PatientName", "woonplaats", "straat",
    "Geslachtsnaam", "geslacht",
]  # fmt: skip
VALUES = [
    "111222333", "123456782", "0612345678", "06-12345678", "+31 20 123 4567", "020-1234567",
    "a.jansen@example.nl", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "Jansen",
    "de Vries", "12-03-1978", "1978-03-12", "Kerkstraat 12", "1234 AB", "hrHPV negatief",
    "huisarts Van Leeuwen", "01377879", "x", "12", "BVO9270359633", "237748763",
    "Dr. P. Willems", "Huisartsenpraktijk De Vaart", "Utrecht", "Kerkstraat",
]  # fmt: skip


Owner = tuple[str, ColumnVerdict] | None


def naive(dset: DetectorSet, header: str, sample: Sequence[str]) -> Owner:
    best: tuple[Detector, ColumnVerdict] | None = None
    for det in dset.detectors:
        v = det.claim_column(header, sample)
        if v is not None and (best is None or v.score > best[1].score):
            best = (det, v)
    return None if best is None else (best[0].id, best[1])


def ours(dset: DetectorSet, header: str, sample: Sequence[str]) -> Owner:
    got = dset.classify(header, sample)
    return None if got is None else (got[0].id, got[1])


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("value", VALUES)
def test_uniform_columns(dset: DetectorSet, header: str, value: str) -> None:
    sample = [value] * 20
    assert ours(dset, header, sample) == naive(dset, header, sample)


@settings(max_examples=300, deadline=None)
@given(
    header=st.sampled_from(HEADERS),
    sample=st.lists(st.sampled_from(VALUES), min_size=0, max_size=40),
)
def test_mixed_columns(dset: DetectorSet, header: str, sample: list[str]) -> None:
    assert ours(dset, header, sample) == naive(dset, header, sample)


def test_a_fully_valid_sample_of_an_earlier_detector_ties_a_header_claim(
    dset: DetectorSet,
) -> None:
    """``bsn`` comes before ``phone``: 9-digit valid BSNs under a phone header go to
    whichever claim the in-order rule picks, and the two ways agree."""
    sample = ["111222333", "123456782"] * 10
    assert ours(dset, "telefoon", sample) == naive(dset, "telefoon", sample)


CELLS = st.one_of(
    st.sampled_from(VALUES),
    st.sampled_from(["", "  ", " 123456782 ", "-", "#N/B", "000000000", "7.15344E+08"]),
)


@pytest.mark.parametrize("column", ["short", "sample"])
def test_placeholders_count_neither_way_in_a_header_claim(dset: DetectorSet, column: str) -> None:
    """A spreadsheet's error, a number it showed in E notation and a filler of zeros are
    no BSN, but no evidence against the column either: the one real BSN claims it."""
    cells = ["7.15344E+08", "506855004", None, "000000000", "#N/B"]
    sample = sample_of(pa.array(cells, pa.string()), 200)
    claim = dset.classify("bsn", sample if column == "short" else list(sample))
    assert claim is not None and claim[0].id == "bsn"
    assert dset.classify("bsn", ["#N/B", "000000000", "n.v.t."]) is None


@settings(max_examples=300, deadline=None)
@given(
    header=st.sampled_from(HEADERS),
    cells=st.lists(st.one_of(st.none(), CELLS), min_size=0, max_size=60),
    size=st.sampled_from([3, 200]),
)
def test_a_short_column_read_whole_claims_as_its_sample(
    dset: DetectorSet, header: str, cells: list[str | None], size: int
) -> None:
    """A header claim on a short column reads the whole column once: it decides as the
    sample alone does, and the cells it hands on are the detector's cells."""
    column = pa.array(cells, pa.string())
    sample = sample_of(column, size)
    assert isinstance(sample, ColumnSample) and sample.short_column() is not None
    for det in dset.detectors:
        whole = det.claim_column(header, sample)
        alone = det.claim_column(header, list(sample))
        assert whole == alone, det.id
        if whole is not None and isinstance(whole.sample_read, CellFindings):
            read, cells_now = whole.sample_read, det.cells(column, alone or whole)
            assert read.index.to_pylist() == cells_now.index.to_pylist(), det.id
            assert read.value.to_pylist() == cells_now.value.to_pylist(), det.id
