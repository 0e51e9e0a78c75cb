"""CPython bytecode caches: their constants, and their names apart, read without marshal."""

from __future__ import annotations

import importlib.util
import io
import marshal
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.pycfile import PycExtractor
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
