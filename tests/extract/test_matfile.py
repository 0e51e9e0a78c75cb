"""MATLAB files: levels 4 and 5 (written with scipy) and 7.3 (HDF5 in MATLAB's layout,
written by hand with h5py: no MATLAB here); objects as notes; damaged files fail."""

from __future__ import annotations

import contextlib
import io
import random

import h5py
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.io import savemat

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.matfile import MatFileExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part

pytestmark = pytest.mark.timeout(60)


def saved(variables: dict[str, object], **kwargs: object) -> bytes:
    buf = io.BytesIO()
    savemat(buf, variables, **kwargs)  # type: ignore[arg-type]
    return buf.getvalue()


def extract(data: bytes) -> list[Extracted]:
    source = Source("research/input.mat", "matlab", len(data), lambda: io.BytesIO(data))
    return list(MatFileExtractor().extract(source, Config()))


def texts(items: list[Extracted]) -> dict[str | None, str]:
    return {u.location.part: u.text for u in items if isinstance(u, TextUnit)}


def test_level_5_variables_by_their_names() -> None:
    """A struct array a row per element, a cell array under its header row, a scalar
    struct a row of its plain fields (a nested struct's at dotted names, a vector at its
    own path), a struct of columns a table, a char matrix text, numbers."""
    people = np.array(
        [("Jansen-de Vries", 111222333, "1978-03-04"), ("Yılmaz", 123456782, "1990-01-15")],
        dtype=[("naam", "O"), ("bsn", "O"), ("geboren", "O")],
    )
    cells = np.array([["naam", "bsn"], ["Visser", "111222333"]], dtype=object)
    study = {
        "leider": "dr. K. de Groot",
        "adres": {"postcode": "1234AB"},
        "ct": np.array([31.5, 28.0]),
    }
    columns = {
        "naam": np.array(["Bakker", "Smit"], dtype=object),
        "bsn": np.array([111222333, 123456782]),
    }
    data = saved(
        {
            "deelnemers": people,
            "lijst": cells,
            "studie": study,
            "kolommen": columns,
            "notitie": np.array(["regel een", "regel twee"]),
            "m": np.array([[1, 2.5], [3, 4]]),
            "n": 7.0,
        }
    )
    assert sniff_bytes(data, "input.mat") is FileType.MATLAB
    items = extract(data)
    assert rows_by_part(items) == {
        "deelnemers": {
            1: {"naam": "Jansen-de Vries", "bsn": "111222333", "geboren": "1978-03-04"},
            2: {"naam": "Yılmaz", "bsn": "123456782", "geboren": "1990-01-15"},
        },
        "lijst": {2: {"naam": "Visser", "bsn": "111222333"}},
        "studie": {1: {"leider": "dr. K. de Groot", "adres.postcode": "1234AB"}},
        "studie.ct": {1: {"studie.ct": "31.5"}, 2: {"studie.ct": "28"}},
        "kolommen": {
            1: {"naam": "Bakker", "bsn": "111222333"},
            2: {"naam": "Smit", "bsn": "123456782"},
        },
        "m": {1: {"column1": "1", "column2": "2.5"}, 2: {"column1": "3", "column2": "4"}},
    }
    assert texts(items) == {"notitie": "regel een\nregel twee", "info": "n: 7"}


def test_a_cell_of_structs_is_read_at_its_places() -> None:
    cell = np.empty((1, 2), dtype=object)
    cell[0, 0] = {"naam": "Bos"}
    cell[0, 1] = "los"
    items = extract(saved({"c": cell}))
    assert rows_by_part(items) == {"c{1}": {1: {"naam": "Bos"}}}
    assert texts(items) == {"info": "c{2}: los"}


def test_level_4_is_read() -> None:
    data = saved({"x": np.array([[1.0, 2.0], [3.0, 4.5]]), "naam": "Jan"}, format="4")
    assert sniff_bytes(data, "oud.mat") is FileType.MATLAB
    items = extract(data)
    assert rows_by_part(items) == {
        "x": {1: {"column1": "1", "column2": "2"}, 2: {"column1": "3", "column2": "4.5"}}
    }
    assert texts(items) == {"naam": "Jan"}


def _char(where: h5py.Group, name: str, text: str) -> h5py.Dataset:
    """A char row as MATLAB 7.3 stores it: UTF-16 code units, transposed (N by 1)."""
    codes = np.array([[ord(c)] for c in text], dtype=np.uint16)
    ds = where.create_dataset(name, data=codes)
    ds.attrs["MATLAB_class"] = np.bytes_("char")
    ds.attrs["MATLAB_int_decode"] = np.int32(2)
    return ds


def v73() -> bytes:
    """A level 7.3 file: a char row, numbers, a 3-by-2 cell of texts (references into
    ``#refs#``), a scalar struct (a group), a struct array (references per field), a
    function handle and an empty array."""
    buf = io.BytesIO()
    with h5py.File(buf, "w", userblock_size=512) as f:
        _char(f, "titel", "HPV cohort Jansen")
        ct = f.create_dataset("ct", data=np.array([[31.5, 28.0, 30.25]]).T)
        ct.attrs["MATLAB_class"] = np.bytes_("double")
        refs = f.create_group("#refs#")
        words = ["naam", "bsn", "Jan Visser", "111222333", "Els Smit", "123456782"]
        grid = np.array(
            [_char(refs, f"w{i}", w).ref for i, w in enumerate(words)], dtype=h5py.ref_dtype
        )
        cell = f.create_dataset("patienten", data=grid.reshape(3, 2).T)
        cell.attrs["MATLAB_class"] = np.bytes_("cell")
        study = f.create_group("studie")
        study.attrs["MATLAB_class"] = np.bytes_("struct")
        _char(study, "leider", "dr. K. de Groot")
        array = f.create_group("deelnemers")
        array.attrs["MATLAB_class"] = np.bytes_("struct")
        for field, values in (("naam", ["Bakker", "Mulder"]), ("postcode", ["1234AB", "5678CD"])):
            made = [_char(refs, f"{field}{i}", v).ref for i, v in enumerate(values)]
            array.create_dataset(field, data=np.array([made], dtype=h5py.ref_dtype).T)
        handle = f.create_dataset("fh", data=np.zeros((1, 1), dtype=np.uint32))
        handle.attrs["MATLAB_class"] = np.bytes_("function_handle")
        empty = f.create_dataset("leeg", data=np.array([0, 0], dtype=np.uint64))
        empty.attrs["MATLAB_class"] = np.bytes_("double")
        empty.attrs["MATLAB_empty"] = np.uint8(1)
    data = bytearray(buf.getvalue())
    head = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Apr  8 10:00:00 2024"
    data[:116] = head.ljust(116)
    data[116:128] = b"\x00" * 8 + b"\x00\x02IM"
    return bytes(data)


def test_level_7_3_by_matlabs_conventions() -> None:
    data = v73()
    assert sniff_bytes(data, "input.mat") is FileType.MATLAB
    items = extract(data)
    assert rows_by_part(items) == {
        "ct": {1: {"ct": "31.5"}, 2: {"ct": "28"}, 3: {"ct": "30.25"}},
        "patienten": {
            2: {"naam": "Jan Visser", "bsn": "111222333"},
            3: {"naam": "Els Smit", "bsn": "123456782"},
        },
        "studie": {1: {"leider": "dr. K. de Groot"}},
        "deelnemers": {
            1: {"naam": "Bakker", "postcode": "1234AB"},
            2: {"naam": "Mulder", "postcode": "5678CD"},
        },
    }
    assert texts(items) == {"titel": "HPV cohort Jansen"}
    found = {n.location.part: n.reason for n in items if isinstance(n, Note)}
    assert found == {"fh": "MATLAB object of class function_handle not read"}
    assert all(u.location.part != "#refs#" for u in items if isinstance(u, TableUnit))


@pytest.mark.parametrize("cut", [10, 200, 400])
def test_a_truncated_file_fails(cut: int) -> None:
    data = saved({"x": np.arange(50.0), "naam": "Jan"})
    with pytest.raises(ExtractError):
        extract(data[:cut])


def test_a_variable_cut_short_ends_the_reading_with_a_note() -> None:
    data = saved({"naam": "Jan Visser", "x": np.arange(50.0)}, do_compression=True)
    items = extract(data[:-20])
    assert texts(items) == {"naam": "Jan Visser"}
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "MATLAB reading stopped (an element longer than the bytes left)"
    ]


def test_a_header_without_variables_is_a_note() -> None:
    items = extract(saved({"x": 1.0})[:128])
    assert [n.reason for n in items if isinstance(n, Note)] == ["MATLAB file holds no variables"]


def test_random_and_nul_bytes_fail() -> None:
    for data in (random.Random(5).randbytes(4096), b"\x00" * 4096, v73()[:2000]):
        with pytest.raises(ExtractError):
            extract(data)


def test_random_bytes_are_no_level_4_file() -> None:
    rng = random.Random(11)
    assert all(sniff_bytes(rng.randbytes(256), "x.bin") is not FileType.MATLAB for _ in range(2000))


def test_date_numbers_by_their_column_and_a_text_in_a_cell() -> None:
    """``gebdatum`` holds MATLAB date numbers (``datenum``): ISO dates, a part of a day a
    time; ``aantal`` is no date by its name; a text in a cell of its own is the text."""
    genotype = np.empty((1, 1), dtype=object)
    genotype[0, 0] = "HPV 16"
    people = np.array(
        [(718170.0, 3.0, genotype), (725348.5, 718170.0, np.empty((0, 0), dtype=object))],
        dtype=[("gebdatum", "O"), ("aantal", "O"), ("genotypes", "O")],
    )
    assert rows_by_part(extract(saved({"p": people}))) == {
        "p": {
            1: {"gebdatum": "1966-04-13", "aantal": "3", "genotypes": "HPV 16"},
            2: {"gebdatum": "1985-12-07T12:00:00", "aantal": "718170"},
        }
    }


_FUZZED = saved(
    {"naam": "Jan Visser", "c": np.array([["a", "b"]], dtype=object), "s": {"x": np.arange(3.0)}},
    do_compression=False,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_level_5_files_end_in_a_signal_or_a_note(data: st.DataObject) -> None:
    """Bytes flipped and cut (level 5 is read by our own reader: scipy's crashes the
    process on some of these): an ExtractError, a note, or units; never another error."""
    raw = bytearray(_FUZZED)
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    with contextlib.suppress(ExtractError):
        extract(bytes(raw[: cut or len(raw)]))
