"""Python pickles: read from what they hold, without anything in them run or imported; a
pandas data frame (of pandas 1.5 to 3) as a table, other values as JSON's."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import os
import pickle
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.inertpickle import Inert, load_all, qualname
from breachscope.extract.pickled import PickleExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part as parts

pytestmark = pytest.mark.timeout(120)

FIXTURES = Path(__file__).parent / "fixtures" / "pickles"


def extract(data: bytes) -> list[Extracted]:
    source = Source("cache/cohort.pkl", "pickle", len(data), lambda: io.BytesIO(data))
    return list(PickleExtractor().extract(source, Config()))


COHORT = {
    1: {"bsn": "123456782", "achternaam": "Jansen-de Vries", "geboortedatum": "1978-03-04T00:00:00",
        "uitslag": "hrHPV positief", "aantal": "2", "verzonden": "2024-05-13T09:30:00",
        "gezien": "2024-05-01", "score": "1.5"},
    2: {"bsn": "111222333", "achternaam": "van der Berg", "geboortedatum": "1985-11-30T00:00:00",
        "uitslag": "Pap 2", "verzonden": "2024-05-13T23:15:00"},
    3: {"bsn": "12345672", "uitslag": "hrHPV positief", "aantal": "1",
        "verzonden": "2024-05-14T00:05:00", "gezien": "2024-05-03", "score": "2"},
}  # fmt: skip
"""What ``fixtures/make_pickles.py``'s data frame reads as: its row index (the BSN, a number
that lost its leading zero) first, a category as its label, a time in its zone's local time,
a missing value as no cell."""


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.pkl")))
def test_a_data_frame_of_each_pandas_is_a_table_of_its_rows(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert sniff_bytes(data, name) is FileType.PICKLE
    items = extract(data)
    assert not [i for i in items if isinstance(i, Note)]
    assert parts(items) == {
        None: COHORT,
        "values": {1: {"query": "SELECT * FROM cohort -- excl. K. Bakker"}},
    }
    units = [u for u in items if isinstance(u, TableUnit)]
    found = {(f.location.row, f.data_class, f.value)
             for f in findings_from_arrow(detect_units(units, Config(workers=1)))}  # fmt: skip
    assert {(1, "bsn", "123456782"), (3, "bsn", "012345672"), (1, "date_of_birth", "1978-03-04"),
            (1, "health", "hrHPV positief")} <= found  # fmt: skip


def test_the_fixtures_cover_pandas_1_to_3() -> None:
    assert {p.name.split("_")[0] for p in FIXTURES.glob("*.pkl")} == {
        "pandas1.5", "pandas2.3", "pandas3.1"
    }  # fmt: skip


def test_a_data_frame_written_by_the_installed_pandas() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"naam": ["Jansen", "Bakker"], "postcode": ["3511 AB", None]})
    series = pd.Series(["hrHPV negatief", "Pap 3a"], name="uitslag")
    for protocol in (2, 4, 5):
        buffer = io.BytesIO()
        pd.to_pickle({"frame": frame, "serie": series}, buffer, compression=None, protocol=protocol)
        assert parts(extract(buffer.getvalue())) == {
            "frame": {1: {"naam": "Jansen", "postcode": "3511 AB"}, 2: {"naam": "Bakker"}},
            "serie": {1: {"uitslag": "hrHPV negatief"}, 2: {"uitslag": "Pap 3a"}},
        }


class Patient:
    """A script's own class (pickled by its module's name: never imported back)."""

    def __init__(self, naam: str, bsn: str | None, geboren: dt.date) -> None:
        self.naam = naam
        self.bsn = bsn
        self.geboren = geboren


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_a_list_of_records_is_a_row_each(protocol: int) -> None:
    records = [
        Patient("Jansen, M.", "123456782", dt.date(1978, 3, 4)),
        {"naam": "Bakker", "bsn": 111222333, "gezien": dt.datetime(2024, 5, 13, 9, 30)},
        {"naam": "Vos", "id": uuid.UUID(int=7), "saldo": decimal.Decimal("12.50"), "tags": {"a"}},
    ]
    assert parts(extract(pickle.dumps(records, protocol=protocol))) == {
        "values": {
            1: {"naam": "Jansen, M.", "bsn": "123456782", "geboren": "1978-03-04"},
            2: {"naam": "Bakker", "bsn": "111222333", "gezien": "2024-05-13T09:30:00"},
            3: {"naam": "Vos", "id": "00000000-0000-0000-0000-000000000007", "saldo": "12.50",
                "tags.0": "a"},
        }
    }  # fmt: skip


class _Run:
    """A pickle that would run a command when loaded the usual way."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return os.system, (f"touch {self.marker}",)


class _Import:
    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return __import__, ("antigravity",)


def test_nothing_in_a_pickle_is_run_or_imported(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    data = pickle.dumps({"naam": "Jansen", "run": _Run(marker), "import": _Import()})
    assert "antigravity" not in sys.modules
    items = extract(data)
    assert not marker.exists()
    assert "antigravity" not in sys.modules
    # (what the call would have been given is data like any other)
    assert parts(items)["values"][1]["run"] == f"touch {marker}"
    loaded = load_all(data)[0]
    assert isinstance(loaded["run"], Inert)
    assert qualname(loaded["run"]) in ("posix.system", "nt.system")


def test_a_pickle_loaded_in_a_fresh_process_imports_none_of_its_modules() -> None:
    data = pickle.dumps([Patient("Jansen", None, dt.date(1970, 1, 1))])
    code = (
        "import sys; from breachscope.extract.inertpickle import load_all; "
        f"load_all({data!r}); "
        "print(sorted(m for m in sys.modules if m.startswith(('tests', 'datetime', 'pandas'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "tests" not in done.stdout and "pandas" not in done.stdout


def test_a_memo_index_far_beyond_the_pickle_costs_nothing() -> None:
    # LONG_BINPUT 2**30: the C unpickler would allocate and clear an array that long
    data = b"\x80\x04" + b"X\x04\x00\x00\x00naam" + b"r" + (2**30).to_bytes(4, "little") + b"."
    assert parts(extract(data)) == {"values": {1: {"$": "naam"}}}


def test_values_shared_beyond_the_files_size_are_an_error() -> None:
    # each level a pair of the level below: 2**60 leaves from a few hundred bytes
    body = [b"\x80\x04", b"X\x01\x00\x00\x00a", b"\x94"]  # (memo 0: "a")
    for level in range(60):
        body.append(b"h" + bytes([level]) + b"h" + bytes([level]) + b"\x86\x94")  # (x, x)
    body.append(b".")
    with pytest.raises(ExtractError, match="refer to each other"):
        extract(b"".join(body))


def test_a_value_holding_itself_is_read_once() -> None:
    loop: list[object] = ["Jansen"]
    loop.append(loop)
    assert parts(extract(pickle.dumps({"a": loop}))) == {"values": {1: {"a.0": "Jansen"}}}


def test_pickles_one_after_another_are_read_up_to_one_that_is_not() -> None:
    data = pickle.dumps({"naam": "Jansen"}) + pickle.dumps({"naam": "Bakker"}) + b"\x80\x05garbage"
    items = extract(data)
    assert parts(items) == {"values": {1: {"naam": "Jansen"}, 2: {"naam": "Bakker"}}}
    notes = [i.reason for i in items if isinstance(i, Note)]
    assert notes and "pickle 3 at byte" in notes[0] and "garbage" not in notes[0]


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps({"naam": "Jansen"})[:-5],  # cut short
        b"\x80\x05\x95\x10\x00\x00\x00\x00\x00\x00\x00}q\x00(X\xff\xff\xff\x7fabc",
        b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03b.",  # BUILD a call
        b"\x80\x02P1\n.",  # (a persistent id)
    ],
)
def test_a_pickle_that_does_not_load_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="unreadable pickle"):
        extract(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pickle.dumps({"a": [1, 2, "x"]}, protocol=0), FileType.PICKLE),
        (pickle.dumps([{"a": "b" * 5000}] * 40, protocol=0), FileType.PICKLE),  # (head cut)
        (pickle.dumps({"a": 1}, protocol=1), FileType.PICKLE),
        (pickle.dumps(Patient("a", None, dt.date(2000, 1, 1)), protocol=2), FileType.PICKLE),
        (pickle.dumps(["a"], protocol=5), FileType.PICKLE),
        (b"cat\ndog\nall\nlll.", FileType.TEXT),  # (a global's two lines, then no pickle)
        (b"(dp is what the note says.", FileType.TEXT),
        (b"\x80\x02" + bytes(range(256)) * 4, FileType.BINARY),
    ],
)
def test_sniff(data: bytes, expected: FileType) -> None:
    assert sniff_bytes(data, "a") is expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(p.name for p in FIXTURES.glob("*.pkl"))),
    at=st.integers(0, 4000),
    byte=st.integers(0, 255),
    cut=st.booleans(),
)
def test_a_damaged_pickle_is_read_or_an_error(name: str, at: int, byte: int, cut: bool) -> None:
    data = bytearray((FIXTURES / name).read_bytes())
    at %= len(data)
    damaged = bytes(data[:at]) if cut else bytes(data[:at]) + bytes([byte]) + bytes(data[at + 1 :])
    try:
        items = extract(damaged)
    except (ExtractError, SkipFile):
        return
    assert all(isinstance(i, TableUnit | Note) for i in items)


def test_an_ordered_dict_filled_with_any_key_is_read() -> None:
    # SETITEMS on an OrderedDict with a list as a key: no dict could hold it
    data = (
        b"\x80\x04\x8c\x0bcollections\x8c\x0bOrderedDict\x93)R(]\x8c\x01aa\x8c\x06Jansen"
        b"\x8c\x04naam\x8c\x06Bakkeru."
    )
    assert parts(extract(data)) == {"values": {1: {"list": "Jansen", "naam": "Bakker"}}}
    keyed = pickle.dumps({("2024", 3): "Pap 2", 7: "Jansen"})
    assert parts(extract(keyed)) == {"values": {1: {"2024.3": "Pap 2", "7": "Jansen"}}}
