"""HDF5 files: records, columns stored apart, 2-D arrays, pandas' fixed and table formats
(written by hand in PyTables' layout: PyTables is not installed), attributes and scalars
as ``info``; damaged files and huge claimed shapes."""

from __future__ import annotations

import io
import pickle
import random
from collections.abc import Callable
from typing import Any

import h5py
import numpy as np
import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.hdf5 import Hdf5Extractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part

pytestmark = pytest.mark.timeout(60)


def written(build: Callable[[h5py.File], None], **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    with h5py.File(buf, "w", **kwargs) as f:
        build(f)
    return buf.getvalue()


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("research/cohort.h5", "hdf5", len(data), lambda: io.BytesIO(data))
    return list(Hdf5Extractor().extract(source, config or Config()))


def info(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit) and u.location.part == "info")


def notes(items: list[Extracted]) -> dict[str | None, str]:
    return {n.location.part: n.reason for n in items if isinstance(n, Note)}


def test_a_compound_dataset_is_a_table_of_records() -> None:
    """Text (UTF-8 and Latin-1), a BSN as a number, a float, an enum by its name, a
    nested record and an array field."""
    result = h5py.enum_dtype({"negatief": 0, "positief": 1}, basetype="i1")
    adres = np.dtype([("straat", "S32"), ("postcode", "S8")])
    dtype = np.dtype(
        [
            ("naam", "S32"),
            ("bsn", "i8"),
            ("hb", "f8"),
            ("hpv", result),
            ("adres", adres),
            ("ct", "f4", (2,)),
        ]
    )
    records = np.array(
        [
            (b"Jansen-de Vries", 111222333, 8.0, 1, (b"Dorpsstraat 12A", b"1234AB"), (31.5, 28)),
            (b"M\xfcller", 123456782, 7.25, 0, (b"Kade 3", b"9999ZZ"), (np.nan, 30)),
        ],
        dtype=dtype,
    )
    items = extract(written(lambda f: f.create_dataset("cohort/patienten", data=records)))
    assert rows_by_part(items) == {
        "/cohort/patienten": {
            1: {
                "naam": "Jansen-de Vries",
                "bsn": "111222333",
                "hb": "8",
                "hpv": "positief",
                "adres.straat": "Dorpsstraat 12A",
                "adres.postcode": "1234AB",
                "ct.0": "31.5",
                "ct.1": "28",
            },
            2: {
                "naam": "Müller",
                "bsn": "123456782",
                "hb": "7.25",
                "hpv": "negatief",
                "adres.straat": "Kade 3",
                "adres.postcode": "9999ZZ",
                "ct.1": "30",
            },
        }
    }


def test_columns_stored_apart_are_one_table_at_the_groups_path() -> None:
    """Datasets of one length side by side (variable-length and fixed text, numbers); one
    of another length is a table of its own, a one-element one a line of ``info``."""

    def build(f: h5py.File) -> None:
        f["patienten/naam"] = np.array(["Bakker", "de Boer"], dtype=h5py.string_dtype())
        f["patienten/postcode"] = np.array([b"1234AB", b"9876ZX"])
        f["patienten/geboren"] = np.array([19840312, 19901101])
        f["patienten/codes"] = np.array([1, 2, 3])
        f["patienten/versie"] = np.array([b"v2"])

    items = extract(written(build))
    assert rows_by_part(items) == {
        "/patienten": {
            1: {"naam": "Bakker", "postcode": "1234AB", "geboren": "19840312"},
            2: {"naam": "de Boer", "postcode": "9876ZX", "geboren": "19901101"},
        },
        "/patienten/codes": {1: {"codes": "1"}, 2: {"codes": "2"}, 3: {"codes": "3"}},
    }
    assert info(items) == "/patienten/versie: v2"


def test_a_2d_array_is_a_table_named_by_its_header_row_or_attribute() -> None:
    def build(f: h5py.File) -> None:
        f["lijst"] = np.array([[b"naam", b"bsn"], [b"Visser", b"111222333"]])
        f["cijfers"] = np.array([[1.5, 2.0], [3.0, 4.0]])
        f["cijfers"].attrs["columns"] = ["hb", "crp"]
        f["kaal"] = np.array([[b"Visser", b"Smit"], [b"Dekker", b"Bos"]])

    items = extract(written(build))
    assert rows_by_part(items) == {
        "/lijst": {2: {"naam": "Visser", "bsn": "111222333"}},
        "/cijfers": {1: {"hb": "1.5", "crp": "2"}, 2: {"hb": "3", "crp": "4"}},
        "/kaal": {
            1: {"column1": "Visser", "column2": "Smit"},
            2: {"column1": "Dekker", "column2": "Bos"},
        },
    }
    lijst = next(u for u in items if isinstance(u, TableUnit) and u.location.part == "/lijst")
    assert lijst.header_row == 1


def test_attributes_name_a_2d_arrays_columns_and_rows() -> None:
    def build(f: h5py.File) -> None:
        f["genotypes"] = np.array([[1, 0], [0, 1]], dtype="u1")
        f["genotypes"].attrs["kolommen"] = ["HPV16", "HPV18"]
        f["genotypes"].attrs["rijen"] = ["HPVP-2074", "HPVP-1921"]

    assert rows_by_part(extract(written(build))) == {
        "/genotypes": {
            1: {"rijen": "HPVP-2074", "HPV16": "1", "HPV18": "0"},
            2: {"rijen": "HPVP-1921", "HPV16": "0", "HPV18": "1"},
        }
    }


def test_attributes_and_scalars_are_info_lines() -> None:
    def build(f: h5py.File) -> None:
        f.attrs["bron"] = "LIMS export 2024-03"
        f.create_group("cohort").attrs["onderzoeker"] = "dr. A. Smit"
        f["cohort/aantal"] = 412
        f["cohort/titel"] = "HPV persistentie"
        f["cohort/titel"].attrs["CLASS"] = b"ARRAY"  # (PyTables' own: left out)

    items = extract(written(build))
    assert info(items).splitlines() == [
        "@bron: LIMS export 2024-03",
        "/cohort@onderzoeker: dr. A. Smit",
        "/cohort/aantal: 412",
        "/cohort/titel: HPV persistentie",
    ]


def _pandas_fixed(f: h5py.File) -> None:
    """A DataFrame as ``to_hdf(format='fixed')`` writes it: the column names in
    ``axis0``, the index in ``axis1``, a block of dates (int64 nanoseconds, transposed to
    rows by columns) and a block of text (an object array PyTables pickled)."""
    g = f.create_group("uitslagen")
    g.attrs.update({"pandas_type": b"frame", "pandas_version": b"0.15.2", "nblocks": 2})
    g["axis0"] = np.array([b"naam", b"bsn", b"afname"])
    g["axis1"] = np.array([10, 11])
    g["block0_items"] = np.array([b"afname"])
    dates = np.array(["2024-03-12", "2024-04-01T10:30"], dtype="datetime64[ns]").astype("i8")
    g["block0_values"] = dates.reshape(2, 1)
    g["block0_values"].attrs["value_type"] = b"datetime64[ns]"
    g["block1_items"] = np.array([b"naam", b"bsn"])
    text = np.array([["de Vries", "Smit"], ["111222333", "123456782"]], dtype=object).T
    values = g.create_dataset("block1_values", (1,), dtype=h5py.vlen_dtype(np.uint8))
    values[0] = np.frombuffer(pickle.dumps(text, 2), dtype=np.uint8)
    values.attrs.update({"CLASS": b"VLARRAY", "PSEUDOATOM": b"object", "transposed": 1})


def _pandas_table(f: h5py.File) -> None:
    """A DataFrame as ``to_hdf(format='table')`` writes it: a compound ``table`` whose
    ``values_block_N`` fields are named by pickled lists in its attributes."""
    dtype = np.dtype(
        [("index", "i8"), ("values_block_0", "S16", (2,)), ("values_block_1", "i8", (1,))]
    )
    table = np.zeros(2, dtype=dtype)
    table["index"] = [0, 1]
    table["values_block_0"] = [[b"Bakker", b"1234AB"], [b"Mulder", b"5678CD"]]
    born = np.array(["1970-05-04", "1985-12-31"], dtype="datetime64[ns]").astype("i8")
    table["values_block_1"] = born.reshape(2, 1)
    g = f.create_group("deelnemers")
    g.attrs.update({"pandas_type": b"frame_table", "table_type": b"appendable_frame"})
    ds = g.create_dataset("table", data=table)
    ds.attrs["values_block_0_kind"] = np.bytes_(pickle.dumps(["naam", "postcode"], 0))
    ds.attrs["values_block_1_kind"] = np.bytes_(pickle.dumps(["geboortedatum"], 0))
    ds.attrs["values_block_1_dtype"] = b"datetime64[ns]"


def test_pandas_fixed_and_table_formats_are_tables_by_their_column_names() -> None:
    def build(f: h5py.File) -> None:
        _pandas_fixed(f)
        _pandas_table(f)

    items = extract(written(build))
    assert rows_by_part(items) == {
        "/uitslagen": {
            1: {"index": "10", "naam": "de Vries", "bsn": "111222333", "afname": "2024-03-12"},
            2: {"index": "11", "naam": "Smit", "bsn": "123456782", "afname": "2024-04-01T10:30:00"},
        },
        "/deelnemers/table": {
            1: {
                "index": "0",
                "naam": "Bakker",
                "postcode": "1234AB",
                "geboortedatum": "1970-05-04",
            },
            2: {
                "index": "1",
                "naam": "Mulder",
                "postcode": "5678CD",
                "geboortedatum": "1985-12-31",
            },
        },
    }
    assert not notes(items)
    assert info(items) == ""


def test_a_user_block_is_sniffed_and_skipped() -> None:
    data = bytearray(written(lambda f: f.create_dataset("x", data=[1, 2]), userblock_size=1024))
    data[:16] = b"eigen kop tekst\n"
    assert sniff_bytes(bytes(data), "data.h5") is FileType.HDF5
    assert rows_by_part(extract(bytes(data))) == {"/x": {1: {"x": "1"}, 2: {"x": "2"}}}


def test_references_are_paths_and_links_are_not_followed() -> None:
    def build(f: h5py.File) -> None:
        f["doel"] = np.array([1.0, 2.0])
        f["wijzers"] = np.array([f["doel"].ref, f["doel"].ref], dtype=h5py.ref_dtype)
        f["zacht"] = h5py.SoftLink("/doel")
        f["extern"] = h5py.ExternalLink("/etc/passwd.h5", "/geheim")

    items = extract(written(build))
    parts = rows_by_part(items)
    assert parts["/"] == {
        1: {"doel": "1", "wijzers": "/doel"},
        2: {"doel": "2", "wijzers": "/doel"},
    }
    assert notes(items) == {"/extern": "external link not followed"}


def test_a_huge_claimed_shape_is_not_read() -> None:
    """A chunked dataset of 2**40 elements, none written: a note, not an allocation."""

    def build(f: h5py.File) -> None:
        f.create_dataset("groot", shape=(2**40,), dtype="f8", chunks=(1024,))
        f.create_dataset("kubus", data=np.zeros((2, 2, 2)))
        f["klein"] = np.array([1, 2])

    items = extract(written(build))
    assert rows_by_part(items) == {"/klein": {1: {"klein": "1"}, 2: {"klein": "2"}}}
    reasons = notes(items)
    assert "larger than" in reasons["/groot"]
    assert "3 dimensions" in reasons["/kubus"]


def test_large_datasets_are_read_in_slices_and_units() -> None:
    values = np.arange(25, dtype="i8")
    items = extract(
        written(lambda f: f.create_dataset("n", data=values)), Config(max_table_rows_per_unit=10)
    )
    tables = [u for u in items if isinstance(u, TableUnit)]
    assert [t.num_rows for t in tables] == [10, 10, 5]
    assert tables[-1].data.column("__row__").to_pylist()[-1] == 25


@pytest.mark.parametrize("cut", [8, 100, 1000, -200])
def test_a_truncated_file_fails(cut: int) -> None:
    data = written(lambda f: f.create_dataset("x", data=np.arange(100)))
    with pytest.raises(ExtractError):
        extract(data[:cut])


def test_random_and_nul_bytes_fail() -> None:
    for data in (
        random.Random(3).randbytes(4096),
        b"\x00" * 4096,
        b"\x89HDF\r\n\x1a\n" + b"\x00" * 100,
    ):
        with pytest.raises(ExtractError):
            extract(data)
