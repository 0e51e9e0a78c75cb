"""Apache Arrow IPC (Feather) and ORC files: a table of their rows, a struct's fields as
columns, the schema's metadata as text; the people in them found."""

from __future__ import annotations

import datetime as dt
import io

import pyarrow as pa
import pyarrow.feather as feather
import pytest
from pyarrow import orc

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.arrowfile import ArrowFileExtractor
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number

pytestmark = pytest.mark.timeout(60)


def _table() -> pa.Table:
    """A dashboard's call-back list: a BSN as int64 (its leading zero lost), a practice
    dictionary-encoded, a birth date, an address struct, results as a list; a query
    naming a patient in the schema's metadata."""
    table = pa.table(
        {
            "bsn": pa.array([656564143, 12345672, None], pa.int64()),
            "naam": ["Çelik, E.", "Ziani, M.", "Bakker, A."],
            "huisarts": pa.array(["HA De Maten", "HA De Maten", None]).dictionary_encode(),
            "geboortedatum": pa.array(
                [dt.date(1978, 9, 21), dt.date(1972, 4, 13), None], pa.date32()
            ),
            "adres": pa.array(
                [{"straat": "Kerkstraat 1", "postcode": "7522EC"}, None, None],
                pa.struct([("straat", pa.string()), ("postcode", pa.string())]),
            ),
            "uitslagen": [["hrHPV positief", "Pap 2"], [], None],
        }
    )
    return table.replace_schema_metadata({"query": "-- incl. C. Schröder", "pandas": "{}"})


ROWS = {
    1: {"bsn": "656564143", "naam": "Çelik, E.", "huisarts": "HA De Maten",
        "geboortedatum": "1978-09-21", "adres.straat": "Kerkstraat 1", "adres.postcode": "7522EC",
        "uitslagen": '["hrHPV positief", "Pap 2"]'},
    2: {"bsn": "12345672", "naam": "Ziani, M.", "huisarts": "HA De Maten",
        "geboortedatum": "1972-04-13", "uitslagen": "[]"},
    3: {"naam": "Bakker, A."},
}  # fmt: skip


def _feather() -> bytes:
    buf = io.BytesIO()
    feather.write_feather(_table(), buf, chunksize=2)
    return buf.getvalue()


def _orc() -> bytes:
    buf = io.BytesIO()
    orc.write_table(_table().cast(_table().schema.set(2, pa.field("huisarts", pa.string()))), buf)
    return buf.getvalue()


def extract(data: bytes, kind: str) -> list[Extracted]:
    source = Source("dwh/cache/lijst", kind, len(data), lambda: io.BytesIO(data))
    return list(ArrowFileExtractor().extract(source, Config(max_table_rows_per_unit=2)))


@pytest.mark.parametrize(("make", "kind"), [(_feather, FileType.ARROW), (_orc, FileType.ORC)])
def test_a_file_is_a_table_of_its_rows(make: object, kind: FileType) -> None:
    data = make()  # type: ignore[operator]
    assert sniff_bytes(data, "000000_0") is kind
    items = extract(data, kind.value)
    assert rows_by_number(items) == ROWS
    units = [u for u in items if isinstance(u, TableUnit)]
    assert [len(u.data) for u in units] == [2, 1]  # (cut to the unit's rows)
    found = {(f.location.row, f.data_class, f.value)
             for f in findings_from_arrow(detect_units(units, Config(workers=1)))}  # fmt: skip
    assert {(1, "bsn", "656564143"), (2, "bsn", "012345672"),
            (1, "date_of_birth", "1978-09-21")} <= found  # fmt: skip


def test_the_schemas_metadata_is_text_without_pandas_blob() -> None:
    items = extract(_feather(), "arrow")
    assert [u.text for u in items if isinstance(u, TextUnit)] == ["query: -- incl. C. Schröder"]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"ARROW1\x00\x00garbage-ARROW1", "arrow"),
        (_feather()[:-20] + b"ARROW1", "arrow"),
        (b"ORC" + b"\x00" * 20 + b"\x04ORC\x03", "orc"),
    ],
)
def test_a_broken_file_is_an_error(data: bytes, kind: str) -> None:
    with pytest.raises(ExtractError, match="unreadable"):
        extract(data, kind)


@pytest.mark.parametrize("data", [b"ARROW1 is a word", b"ORCHESTRA\n", b"ORC"])
def test_sniff_negatives(data: bytes) -> None:
    assert sniff_bytes(data, "a") not in (FileType.ARROW, FileType.ORC)
