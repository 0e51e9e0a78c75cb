"""CPython bytecode caches: their constants, and their names apart, read without marshal."""

from __future__ import annotations

import importlib.util
import io
import marshal
import random
import struct
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.pycfile import PycExtractor
from breachscope.extract.pycrecords import const_records, opcodes
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff

from .rows import note_reasons as notes
from .rows import text_parts as parts
from .samples import BSN, pyc_sample

PATH = "dev/tests/__pycache__/test_matching.cpython-311.pyc"


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "pyc", len(data), lambda: io.BytesIO(data))
    return list(PycExtractor().extract(source, config or Config()))


def current(code: object, flags: int = 0) -> bytes:
    return importlib.util.MAGIC_NUMBER + struct.pack("<I", flags) + bytes(8) + marshal.dumps(code)


def test_sample_constants_and_names() -> None:
    sample = pyc_sample()
    items = run(sample.data)
    found = parts(items)
    assert found["strings"] == sample.info["strings"] and not notes(items)
    lines = found["strings"].splitlines()
    assert {BSN[0], BSN[2], BSN[2].lstrip("0"), "Ömer Yılmaz", "uitslag: Pap 2", "37.5"} <= set(
        lines
    )
    assert "-12345678901234567890123" in lines
    names = found["names"].splitlines()
    assert {"GEVALLEN", "test_dubbele_naam", "TestMatching.test_dubbele_naam", "self"} <= set(names)
    assert "/home/dev/lims-koppeling/tests/test_matching.py" in names
    assert "None" not in lines and "True" not in lines


@pytest.mark.parametrize("flags", [0, 1, 3])
def test_sniffed_with_each_header(flags: int) -> None:
    data = current(compile("x = 'Jansen'", "t.py", "exec"), flags)
    assert sniff(io.BytesIO(data), "t.pyc") is FileType.PYC
    assert parts(run(data))["strings"] == "Jansen\n"
    assert sniff(io.BytesIO(data[:4] + b"\x07" + data[5:]), "t.pyc") is not FileType.PYC


def w_str(text: str, kind: bytes = b"u") -> bytes:
    raw = text.encode("utf-8", "surrogatepass")
    if kind in (b"z", b"Z"):
        return kind + bytes([len(raw)]) + raw
    return kind + struct.pack("<i", len(raw)) + raw


def w_tuple(*items: bytes) -> bytes:
    return b")" + bytes([len(items)]) + b"".join(items)


def old_pyc(magic: int, consts: bytes, names: bytes, ints: int) -> bytes:
    """A code object in 3.6 and 3.7's layout (5 counts) or 3.8 to 3.10's (6), by hand."""
    body = b"\xe3" + bytes(4 * ints) + b"s\x02\x00\x00\x00d\x00" + consts + names
    body += w_tuple() + w_tuple() + w_tuple() + w_str("/src/t.py", b"a") + w_str("<module>", b"z")
    body += struct.pack("<i", 1) + b"s\x00\x00\x00\x00"
    head = struct.pack("<H", magic) + b"\r\n" + bytes(8 if magic < 3390 else 12)
    return head + body


@pytest.mark.parametrize(("magic", "ints"), [(3379, 5), (3394, 5), (3413, 6), (3425, 6), (3439, 6)])
def test_older_layouts(magic: int, ints: int) -> None:
    consts = w_tuple(
        w_str("Jansen-de Vries", b"Z"),
        b"i" + struct.pack("<i", int(BSN[1])),
        b"l" + struct.pack("<i", -2) + struct.pack("<HH", 1, 1),
        b"g" + struct.pack("<d", 1.25),
        b"f\x041.50",
        b"\xc1" + w_str("Dorpsstraat 12A", b"A")[1:],  # (interned, a reference kept)
        b"r" + struct.pack("<i", 1),
        b"N", b"T", b"F", b".",
    )  # fmt: skip
    data = old_pyc(magic, consts, w_tuple(w_str("datetime", b"t")), ints)
    assert sniff(io.BytesIO(data), "t.pyc") is FileType.PYC
    found = parts(run(data))
    assert found["strings"] == f"Jansen-de Vries\n{BSN[1]}\n-32769\n1.25\n1.5\nDorpsstraat 12A\n"
    assert found["names"] == "datetime\n/src/t.py\n<module>\n"


def test_containers_references_and_surrogates() -> None:
    code = compile(
        f"d = {{'naam': 'Jansen', 'bsn': {BSN[0]}}}\ns = {{'1234 AB'}}\n"
        "t = ('x\\udcff', b'\\xff\\xfe')\n",
        "t.py",
        "exec",
    )
    found = parts(run(current(code)))
    lines = found["strings"].splitlines()
    assert {"naam", "Jansen", "bsn", BSN[0], "1234 AB"} <= set(lines)
    assert "x\ufffd" in lines


def test_cut_short_keeps_what_came_before() -> None:
    data = pyc_sample().data
    items = run(data[: data.index(b"Dorpsstraat") + 5])
    assert "Jansen-de Vries\n" in parts(items)["strings"]
    assert "end inside an object" in notes(items)[0]


@pytest.mark.parametrize(
    "body",
    [
        b"(" + struct.pack("<i", 2**31 - 1),
        b"u" + struct.pack("<i", -5),
        b"r" + struct.pack("<i", 7),
        b"(\x01\x00\x00\x00" * 1000 + b"N",
        b"l" + struct.pack("<i", 1) + b"\xff\xff",
        b"Q",
    ],
)
def test_hostile_bodies_fail(body: bytes) -> None:
    head = importlib.util.MAGIC_NUMBER + bytes(12)
    with pytest.raises(ExtractError):
        run(head + b"\xe3" + bytes(20) + body)


def test_huge_integer_left_out_and_bound_on_characters() -> None:
    found = parts(run(current(compile(f"x = ('Jansen', {2**3000})", "t.py", "exec"))))
    assert found["strings"] == "Jansen\n"
    source = "x = (" + ", ".join(f"'Patient {i:05d}'" for i in range(200)) + ")"
    items = run(current(compile(source, "t.py", "exec")), Config(batch_bytes=300))
    assert len(parts(items)["strings"]) <= 300 and "reached 300" in notes(items)[0]


def test_random_empty_and_no_constants() -> None:
    with pytest.raises(ExtractError):
        run(random.Random(1).randbytes(4096))
    with pytest.raises(ExtractError):
        run(b"")
    with pytest.raises(SkipFile):
        run(importlib.util.MAGIC_NUMBER + bytes(12) + b"N")


FIXTURES = Path(__file__).parent / "fixtures" / "pyc"
"""``patients.cpython-3X.pyc`` of Python 3.6 to 3.13, written by ``make_pyc.py`` there."""


@pytest.mark.parametrize("version", ["36", "37", "38", "39", "310", "311", "312", "313"])
def test_a_list_of_dictionaries_is_a_table_of_records(version: str) -> None:
    data = (FIXTURES / f"patients.cpython-{version}.pyc").read_bytes()
    tables = {u.location.part: u for u in run(data) if isinstance(u, TableUnit)}
    assert set(tables) == {"records", "records-2"}
    contact, patients = tables["records"], tables["records-2"]
    assert tuple(contact.columns) == ("naam", "telefoon")
    assert tuple(patients.columns) == (
        "naam",
        "bsn",
        "geboortedatum",
        "adres.straat",
        "adres.postcode",
    )
    rows = [[r[f"c{i}"] for i in range(5)] for r in patients.data.to_pylist()]
    assert rows == [
        ["Anna de Vries", "111222333", "1981-03-14", "Kerkstraat 12", "3511 AB"],
        ["Fatma Yilmaz", "123456782", "1975-06-02", "Dorpsweg 3", "7556 AB"],
    ]


def test_the_records_bsns_are_found() -> None:
    path = FIXTURES / "patients.cpython-311.pyc"
    config = Config(workers=1)
    found = findings_from_arrow(detect_units(units_of_file(path, config), config))
    bsns = {
        (f.value, str(f.location).split("#")[1].split("&start")[0])
        for f in found
        if f.data_class == "bsn"
    }
    assert {b for b in bsns if "records" in b[1]} == {
        ("111222333", "part=records-2&row=1&col=bsn"),
        ("123456782", "part=records-2&row=2&col=bsn"),
    }


OPS_311 = opcodes((3, 11))


def _code(*ops: tuple[int, int]) -> bytes:
    return b"".join(bytes(op) for op in ops)


@pytest.mark.parametrize(
    ("code", "consts", "records"),
    [
        # LOAD_CONST 0, LOAD_CONST 1, LOAD_CONST 2 (the keys), BUILD_CONST_KEY_MAP 2
        (_code((100, 0), (100, 1), (100, 2), (156, 2)), ("A", 1, ("a", "b")), [{"a": "A", "b": 1}]),
        # a CACHE entry between passes over
        (
            _code((100, 0), (0, 0), (100, 1), (100, 2), (156, 2)),
            ("A", 1, ("a", "b")),
            [{"a": "A", "b": 1}],
        ),
        # another instruction (LOAD_NAME) ends the run: a value is not a constant
        (_code((100, 0), (101, 0), (100, 1), (100, 2), (156, 2)), ("A", 1, ("a", "b")), []),
        # the keys' tuple does not match the count, or is no tuple of texts
        (_code((100, 0), (100, 1), (100, 2), (156, 3)), ("A", 1, ("a", "b")), []),
        (_code((100, 0), (100, 1), (100, 2), (156, 2)), ("A", 1, ("a", 7)), []),
        # a constant's index past the constants: no value, no record
        (_code((100, 0), (100, 9), (100, 2), (156, 2)), ("A", 1, ("a", "b")), []),
        # EXTENDED_ARG widens the index: constant 256 holds the keys
        (
            _code((100, 0), (100, 1), (144, 1), (100, 0), (156, 2)),
            ("A", *range(1, 256), ("a", "b")),
            [{"a": "A", "b": 1}],
        ),
        # cut in the middle of a word
        (_code((100, 0), (100, 1), (100, 2))[:-1], ("A", 1, ("a", "b")), []),
    ],
)
def test_const_records(
    code: bytes, consts: tuple[object, ...], records: list[dict[str, object]]
) -> None:
    assert const_records(code, consts, OPS_311) == records
