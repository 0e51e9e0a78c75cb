"""NumPy array files (``.npy``, an ``.npz``'s members): records, rows and strings."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

import numpy as np
import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.npyfile import NpyExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff

from .samples import BSN, DOB, npy_sample

PATH = "research/cache/cohort.npz!/deelnemers.npy"


def saved(array: Any, version: tuple[int, int] | None = None) -> bytes:
    out = io.BytesIO()
    if version is None:
        np.save(out, array, allow_pickle=True)
    else:
        np.lib.format.write_array(out, array, version=version, allow_pickle=False)
    return out.getvalue()


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "npy", len(data), lambda: io.BytesIO(data))
    return list(NpyExtractor().extract(source, config or Config()))


def rows(items: list[Extracted]) -> list[dict[str, Any]]:
    out = []
    for unit in items:
        if isinstance(unit, TableUnit):
            for row in unit.data.to_pylist():
                out.append({"#": row.pop("__row__")} | {
                    unit.columns[int(k[1:])]: v for k, v in row.items()
                })  # fmt: skip
    return out


def text(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def test_sample_records_a_row_each_under_their_fields() -> None:
    items = run(npy_sample().data)
    units = [u for u in items if isinstance(u, TableUnit)]
    assert units[0].columns == ("naam", "bsn", "geboren", "adres", "uitslag")
    assert units[0].location.part is None
    got = rows(items)
    assert got[0] == {
        "#": 1, "naam": "Jansen-de Vries, M.", "bsn": BSN[0], "geboren": DOB[0],
        "adres": "Dorpsstraat 12A, 1234 AB", "uitslag": "hrHPV positief",
    }  # fmt: skip
    assert got[2]["bsn"] == BSN[2].lstrip("0") and got[2]["geboren"] is None
    assert got[2]["naam"] == "Ömer Yılmaz" and got[2]["uitslag"] == "Pap 2 één"
    assert got[2]["adres"] is None and not notes(items)


def test_sniffed_as_npy_and_an_npz_as_a_zip_of_them() -> None:
    data = npy_sample().data
    assert sniff(io.BytesIO(data), "x.npy") is FileType.NPY
    out = io.BytesIO()
    np.savez_compressed(out, deelnemers=np.arange(3), notities=np.array(["a"]))
    assert sniff(io.BytesIO(out.getvalue()), "x.npz") is FileType.ZIP
    with zipfile.ZipFile(out) as zf:
        member = zf.read("deelnemers.npy")
    assert sniff(io.BytesIO(member), "deelnemers.npy") is FileType.NPY


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", ["<f8", ">i4", "<u2", "|b1", "<U12"])
def test_2d_arrays_rows_under_positional_columns_in_either_order(order: str, dtype: str) -> None:
    values = np.arange(12).reshape(3, 4)
    array = np.asarray(values.astype(dtype) if dtype != "<U12" else values.astype(str), order=order)
    assert array.flags.f_contiguous == (order == "F")
    got = rows(run(saved(array)))
    assert [r["#"] for r in got] == [1, 2, 3]
    assert list(got[1]) == ["#", "column1", "column2", "column3", "column4"]
    expect = {
        "|b1": ["true", "true", "true", "true"],
        "<f8": ["4", "5", "6", "7"],
    }.get(dtype, ["4", "5", "6", "7"])
    assert [got[1][f"column{i}"] for i in range(1, 5)] == expect


def test_3d_array_later_axes_as_one() -> None:
    got = rows(run(saved(np.arange(8, dtype="<i2").reshape(2, 2, 2), (1, 0))))
    assert got[1] == {"#": 2, "column1": "4", "column2": "5", "column3": "6", "column4": "7"}


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
@pytest.mark.parametrize("dtype", ["<U40", ">U40", "S40"])
def test_string_arrays_are_text_a_line_each(version: tuple[int, int], dtype: str) -> None:
    notes_ = ["Jansen-de Vries gebeld\nop 0612345678", "", "BSN 111222333"]
    if dtype == "S40":
        array = np.array([n.encode() for n in notes_], dtype=dtype)
    else:
        array = np.array(notes_, dtype=dtype)
    items = run(saved(array, version))
    assert text(items) == "Jansen-de Vries gebeld op 0612345678\n\nBSN 111222333\n"
    assert all(u.location.part is None for u in items if isinstance(u, TextUnit))


def test_numbers_dates_and_times() -> None:
    got = rows(run(saved(np.array([1.5, float("nan"), 3.0], dtype=">f4"))))
    assert [r["value"] for r in got] == ["1.5", None, "3"]
    stamps = np.array(["1978-03-04T08:30", "NaT", "1985-11-30"], dtype="datetime64[m]")
    got = rows(run(saved(stamps)))
    assert [r["value"] for r in got] == ["1978-03-04T08:30:00", None, "1985-11-30"]
    got = rows(run(saved(np.array([3, 5], dtype="timedelta64[D]"))))
    assert [r["value"] for r in got] == ["3", "5"]


def test_nested_and_array_fields_are_columns() -> None:
    dtype = np.dtype([("adres", [("straat", "<U20"), ("postcode", "S7")]), ("ct", "<f4", (2,))])
    array = np.array([(("Dorpsstraat 12A", b"1234 AB"), (31.5, 28.0))], dtype=dtype)
    got = rows(run(saved(array)))
    assert got == [
        {"#": 1, "adres.straat": "Dorpsstraat 12A", "adres.postcode": "1234 AB",
         "ct.0": "31.5", "ct.1": "28"},
    ]  # fmt: skip


def test_padded_structured_dtype() -> None:
    dtype = np.dtype({"names": ["bsn", "naam"], "formats": ["<i8", "<U10"], "offsets": [0, 16],
                      "itemsize": 64})  # fmt: skip
    array = np.zeros(2, dtype=dtype)
    array["bsn"] = [int(BSN[0]), int(BSN[1])]
    array["naam"] = ["Jansen", "Berg"]
    got = rows(run(saved(array)))
    assert got[1] == {"#": 2, "bsn": BSN[1], "naam": "Berg"}


def test_scalar_array_is_text() -> None:
    assert text(run(saved(np.array("model hpvpers-v0.4.2")))) == "model hpvpers-v0.4.2\n"
    assert text(run(saved(np.array(int(BSN[0]))))) == f"{BSN[0]}\n"


def test_object_arrays_are_never_unpickled() -> None:
    data = saved(np.array([{"naam": "Jansen"}, None], dtype=object))
    items = run(data)
    assert not [u for u in items if not isinstance(u, Note)]
    assert "never unpickled" in notes(items)[0]


def test_data_cut_short_keep_the_rows_before() -> None:
    data = saved(np.arange(100, dtype="<i8"))
    items = run(data[: len(data) - 8 * 40 - 3])
    assert [r["value"] for r in rows(items)] == [str(i) for i in range(59)]
    assert "the data end after row 59 of 100" in notes(items)[0]


def test_fortran_data_cut_short_read_no_rows() -> None:
    data = saved(np.asfortranarray(np.arange(12, dtype="<i4").reshape(3, 4)))
    items = run(data[:-5])
    assert not rows(items) and "Fortran" in notes(items)[0]


def test_bound_on_bytes_read_ends_with_a_note() -> None:
    items = run(saved(np.arange(1000, dtype="<i8")), Config(batch_bytes=800))
    assert len(rows(items)) == 100
    assert "after row 100 of 1000" in notes(items)[0]


def header(text: str, version: int = 1) -> bytes:
    raw = text.encode("latin-1")
    size = len(raw).to_bytes(2 if version == 1 else 4, "little")
    return b"\x93NUMPY" + bytes([version, 0]) + size + raw


@pytest.mark.parametrize(
    "head",
    [
        "__import__('os').system('true')",
        "{'descr': '<i8', 'fortran_order': False}",
        "{'descr': 'nonsense', 'fortran_order': False, 'shape': (1,)}",
        "{'descr': '<i8', 'fortran_order': False, 'shape': (-1,)}",
        "{'descr': '<i8', 'fortran_order': 'no', 'shape': (1,)}",
        "[" * 5000,
        "{'descr': [('a', '<i8', (100000,))] , 'fortran_order': False, 'shape': (1,)}",
    ],
)
def test_bad_headers_fail(head: str) -> None:
    with pytest.raises(ExtractError):
        run(header(head) + bytes(64))


def test_hostile_lengths() -> None:
    with pytest.raises(ExtractError, match="header"):
        run(b"\x93NUMPY\x02\x00" + (2**31).to_bytes(4, "little") + bytes(100))
    data = header("{'descr': '<i8', 'fortran_order': False, 'shape': (1000000000000000, 9)}")
    items = run(data + bytes(16))
    assert not rows(items) and "the data end after row 0 of" in notes(items)[0]
    data = header("{'descr': '<i8', 'fortran_order': False, 'shape': (10, 100000000000)}")
    with pytest.raises(ExtractError, match="columns"):
        run(data + bytes(16))
    data = header("{'descr': '<U200000000', 'fortran_order': False, 'shape': (3,)}")
    items = run(data + bytes(16))
    assert not text(items) and notes(items)


def test_random_bytes_fail_and_empty_arrays_skip() -> None:
    with pytest.raises(ExtractError):
        run(random.Random(3).randbytes(4096))
    with pytest.raises(SkipFile):
        run(saved(np.zeros(0, dtype="<f8")))
