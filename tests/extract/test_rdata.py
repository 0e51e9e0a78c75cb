"""R data files: a data frame saved with saveRDS (or save) is a table of its rows, its
factors read as their labels and its dates as dates; the people in it found."""

from __future__ import annotations

import gzip
import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.rdata import RDataExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import BSN, DOB, RDS_COLUMNS, rds_bytes

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("cohort.rds", "rdata", len(data), lambda: io.BytesIO(data))
    return list(RDataExtractor().extract(source, Config()))


def test_a_data_frame_is_a_table_of_its_rows() -> None:
    data = rds_bytes(RDS_COLUMNS)
    assert sniff_bytes(data, "cohort.rds") is FileType.RDATA
    assert sniff_bytes(gzip.compress(data), "cohort.rds") is FileType.GZIP  # (opened first)
    items = extract(data)
    assert rows_by_number(items) == {
        1: {"bsn": BSN[0], "achternaam": "Jansen-de Vries", "geboortedatum": DOB[0],
            "uitslag": "hrHPV positief", "aantal": "2", "herinnerd": "TRUE"},
        2: {"bsn": "12345672", "achternaam": "van der Berg", "uitslag": "Pap 2",
            "herinnerd": "FALSE"},
        3: {"geboortedatum": DOB[2], "uitslag": "hrHPV positief", "aantal": "1"},
    }  # fmt: skip
    units = [u for u in items if isinstance(u, TableUnit)]
    found = {(f.location.row, f.data_class, f.value)
             for f in findings_from_arrow(detect_units(units, Config(workers=1)))}  # fmt: skip
    assert {(1, "bsn", BSN[0]), (2, "bsn", BSN[2]), (1, "date_of_birth", DOB[0]),
            (1, "health", "hrHPV positief")} <= found  # fmt: skip


def test_an_rdata_files_objects_are_parts() -> None:
    frame = rds_bytes({"naam": ("str", ["Jansen, P."]), "bsn": ("str", [BSN[0]])})
    body = frame[len(b"X\n") + 4 * 4 + 5 :]  # (the data frame, after the header)
    header = frame[: len(frame) - len(body)]

    def tagged(name: str, value: bytes, last: bool) -> bytes:
        raw = name.encode()
        sym = (
            (1).to_bytes(4, "big")
            + (9 | 8 << 12).to_bytes(4, "big")
            + len(raw).to_bytes(4, "big")
            + raw
        )
        return (
            (2 | 1 << 10).to_bytes(4, "big")
            + sym
            + value
            + ((254).to_bytes(4, "big") if last else b"")
        )

    data = b"RDX3\n" + header + tagged("cohort", body, False) + tagged("controle", body, True)
    assert sniff_bytes(data, "studie.RData") is FileType.RDATA
    parts = {u.location.part for u in extract(data) if isinstance(u, TableUnit)}
    assert parts == {"cohort", "controle"}


@pytest.mark.parametrize("data", [b"X\n\0\0\0\x09", b"X\n\0\0\0\x03\0\0\0\x01", b"A\n3\n"])
def test_no_r_data_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data + b"\0" * 8)


def test_a_compact_value_of_a_broken_shape_is_an_error() -> None:
    import struct

    def i32(v: int) -> bytes:
        return struct.pack(">i", v)

    name = b"compact_intseq"
    info = i32(2) + i32(1) + i32(9 | 8 << 12) + i32(len(name)) + name + i32(254)
    state = i32(14) + i32(1) + struct.pack(">d", 5.0)  # (one number where R writes three)
    header = b"X\n" + i32(3) + i32(0x040300) + i32(0x030500) + i32(5) + b"UTF-8"
    with pytest.raises(ExtractError):
        extract(header + i32(238) + info + state + i32(254))
