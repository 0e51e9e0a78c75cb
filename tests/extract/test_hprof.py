"""Java heap dumps (HPROF): the strings an application held, as text."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.hprof import HprofExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff

from . import hprofwriter as w
from .samples import BSN, HPROF_STRINGS, hprof_sample

PATH = "dumps/java_pid1.hprof"


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "hprof", len(data), lambda: io.BytesIO(data))
    return list(HprofExtractor().extract(source, config or Config()))


def text(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def dump(body: bytes, id_size: int = 8, segment: bool = True, version: bytes = b"1.0.2") -> bytes:
    names = w.utf8(1, "java/lang/String", id_size) + w.utf8(2, "patientNaam", id_size)
    return w.header(id_size, version) + names + w.heap(body, segment) + w.end()


def test_sample_strings_in_order_each_once_names_and_short_numbers_left_out() -> None:
    items = run(hprof_sample().data)
    units = [u for u in items if isinstance(u, TextUnit)]
    assert {u.location.part for u in units} == {"strings"}
    lines = text(items).splitlines()
    assert lines == [s.replace("\n", " ") for s in HPROF_STRINGS]
    assert "java.lang.String" not in lines and "4096" not in lines
    assert not notes(items)
    start = units[0].text.index(BSN[1])
    loc = units[0].span(start, start + len(BSN[1]))
    assert (loc.part, loc.start) == ("strings", text(items).index(BSN[1]))


@pytest.mark.parametrize("id_size", [4, 8])
@pytest.mark.parametrize("segment", [True, False])
@pytest.mark.parametrize("version", [b"1.0.1", b"1.0.2", b"1.0.3"])
def test_ids_records_and_versions(id_size: int, segment: bool, version: bytes) -> None:
    body = w.root(5, id_size) + w.chars(7, "Jansen-de Vries", id_size)
    body += w.octets(8, "Mevr. Ömer Yılmaz".encode("utf-16-le"), id_size)
    body += w.octets(9, "Café Kerkstraat".encode(), id_size)
    body += w.octets(10, "Café Noord".encode("latin-1"), id_size)
    data = dump(body, id_size, segment, version)
    assert sniff(io.BytesIO(data)) is FileType.HPROF
    want = "Jansen-de Vries\nMevr. Ömer Yılmaz\nCafé Kerkstraat\nCafé Noord\n"
    assert text(run(data)) == want


def test_names_of_classes_and_fields_left_out() -> None:
    body = w.chars(1, "java.lang.String") + w.chars(2, "patientNaam") + w.chars(3, "Piet Bakker")
    body += w.chars(4, "org.apache.catalina.session.StandardSession")
    assert text(run(dump(body))) == "Piet Bakker\n"


def test_control_bytes_and_binary_arrays_left_out() -> None:
    body = (
        w.octets(1, bytes(range(256))) + w.octets(2, b"\x01\x02ab") + w.chars(3, "Noor\r\nJacobs")
    )
    assert text(run(dump(body))) == "Noor Jacobs\n"


def test_strings_bounded_by_batch_bytes() -> None:
    body = b"".join(w.chars(i, f"patient nummer {i:04}") for i in range(100))
    items = run(dump(body), Config().with_(batch_bytes=200))
    assert 0 < len(text(items)) <= 200
    assert any("reached 200 characters" in n for n in notes(items))


def test_truncated_keeps_the_strings_before() -> None:
    data = dump(w.chars(1, "Piet Bakker") + w.chars(2, "Kerkstraat 1"))
    items = run(data[:-15])
    assert text(items) == "Piet Bakker\n"
    assert any("stopped" in n for n in notes(items))


def test_unknown_sub_record_ends_the_reading_with_a_note() -> None:
    items = run(dump(w.chars(1, "Piet Bakker") + b"\x77" + bytes(30)))
    assert text(items) == "Piet Bakker\n"
    assert any("unknown heap sub-record 0x77" in n for n in notes(items))


def test_hostile_lengths() -> None:
    huge = w.primitive_array(1, w.CHAR, b"ab", 0x7FFFFFFF)
    items = run(dump(w.chars(2, "Piet Bakker") + huge))
    assert text(items) == "Piet Bakker\n" and notes(items)
    record = w.header() + struct.pack(">BII", 0x1C, 0, 0xFFFFFFF0) + bytes(20)
    with pytest.raises(ExtractError):
        run(record)


def test_bad_headers_and_random_bytes() -> None:
    for data in (
        b"",
        b"JAVA PROFILE 1.0.2\0\0\0",
        w.header(id_size=3),
        random.Random(3).randbytes(4096),
    ):
        with pytest.raises(ExtractError):
            run(data)
    with pytest.raises(SkipFile):
        run(dump(w.primitive_array(1, w.INT, bytes(8), 2)))
