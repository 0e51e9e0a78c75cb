"""Protocol Buffers messages without their schema: a Jetpack DataStore's preferences read
by its schema, any other message at paths of field numbers, a length-delimited stream a
record per message; the ambiguous length-delimited values decided by the module's rules;
damage, random bytes and hostile lengths and depths bounded."""

from __future__ import annotations

import io
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.protobuf import ProtobufExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.ingest.protowire import (
    MAX_DEPTH,
    Budget,
    TooManyFields,
    WireError,
    scan,
    varint,
)

from . import protowriter as pw
from .rows import rows_by_number, rows_by_part

pytestmark = pytest.mark.timeout(60)


def extract(
    data: bytes, path: str = "files/datastore/registratie.preferences_pb"
) -> list[Extracted]:
    source = Source(path, "protobuf", len(data), lambda: io.BytesIO(data))
    return list(ProtobufExtractor().extract(source, Config()))


def notes(items: list[Extracted]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Note)]


def one(data: bytes) -> dict[str, str]:
    """The cells of the one record a message reads as."""
    rows = rows_by_number(extract(data, "dump/bericht.proto.bin"))
    assert list(rows) == [1]
    return rows[1]


PREFS = [
    ("patient_naam", "string", "Anouk de Wit-Bakker"),
    ("patient_bsn", "string", "111222333"),
    ("patient_geboortedatum_ms", "long", 196214400000),
    ("voor_1970_ms", "long", -40608000000),
    ("aantal_monsters", "integer", 27),
    ("correctie", "integer", -3),
    ("offline", "boolean", False),
    ("sync_aan", "boolean", True),
    ("helderheid", "float", 0.8),
    ("temperatuur", "double", 37.2),
    ("recente_patienten", "string_set", ["Kaya, A.", "Öztürk, E."]),
    ("notitie", "bytes", b"Dorpsstraat 12A, 1234 AB"),
    ("sleutel", "bytes", bytes(range(200, 216))),
    ("wachtrij", "string", '[{"naam": "M. Jansen", "bsn": "123456782"}, {"naam": "P. Kok"}]'),
]


def test_a_datastore_is_one_record_of_its_keys() -> None:
    """Every ``Value`` type of ``preferences.proto``; a long below zero (a birth before
    1970), an int32 below zero (ten bytes on the wire), a float as its shortest writing, a
    set's strings, bytes as text, binary bytes left with a note, a JSON text at its paths."""
    data = pw.preference_map(PREFS)
    assert sniff_bytes(data, "registratie.preferences_pb") is FileType.PROTOBUF
    items = extract(data)
    assert rows_by_number(items) == {
        1: {
            "patient_naam": "Anouk de Wit-Bakker",
            "patient_bsn": "111222333",
            "patient_geboortedatum_ms": "196214400000",
            "voor_1970_ms": "-40608000000",
            "aantal_monsters": "27",
            "correctie": "-3",
            "offline": "false",
            "sync_aan": "true",
            "helderheid": "0.8",
            "temperatuur": "37.2",
            "recente_patienten.0": "Kaya, A.",
            "recente_patienten.1": "Öztürk, E.",
            "notitie": "Dorpsstraat 12A, 1234 AB",
            "wachtrij.0.naam": "M. Jansen",
            "wachtrij.0.bsn": "123456782",
            "wachtrij.1.naam": "P. Kok",
        }
    }
    assert notes(items) == ["1 bytes values (no text, message or file) left out"]


def test_a_datastore_is_read_by_its_schema_whatever_its_name() -> None:
    data = pw.preference_map([("naam", "string", "J. Visser"), ("bsn", "long", 123456782)])
    assert rows_by_number(extract(data, "cache/instellingen.pb")) == {
        1: {"naam": "J. Visser", "bsn": "123456782"}
    }


def test_a_map_entry_of_other_fields_is_no_datastore() -> None:
    """A value field that is not the schema's (9) makes the message a plain one."""
    entry = pw.blob(1, pw.blob(1, "naam") + pw.blob(2, pw.blob(9, "J. Visser")))
    assert one(entry) == {"1.1": "naam", "1.2.9": "J. Visser"}


def test_nested_and_repeated_fields_are_dotted_paths() -> None:
    naam = pw.blob(1, "Jansen-de Vries") + pw.blob(2, "M.")
    adres = pw.blob(1, "Dorpsstraat 12A") + pw.blob(2, pw.blob(1, "1234 AB"))
    data = (
        pw.blob(1, naam) + pw.uint(2, 123456782) + pw.blob(3, adres)
        + pw.blob(4, "0612345678") + pw.blob(4, "020-1234567")
        + pw.group(5, pw.blob(1, "Bakker") + pw.uint(2, 7))
    )  # fmt: skip
    assert one(data) == {
        "1.1": "Jansen-de Vries",
        "1.2": "M.",
        "2": "123456782",
        "3.1": "Dorpsstraat 12A",
        "3.2.1": "1234 AB",
        "4.0": "0612345678",
        "4.1": "020-1234567",
        "5.1": "Bakker",
        "5.2": "7",
    }


def test_repeated_messages_that_hold_the_values_are_records() -> None:
    """An app's answer of patients (field 2, repeated): a part of records, as a JSON
    document's array; the message's other field record 1."""
    patients = [
        pw.blob(1, "Lotte Smit") + pw.uint(2, 111222333) + pw.blob(3, "1985-11-30"),
        pw.blob(1, "Daan de Graaf") + pw.uint(2, 123456782) + pw.blob(3, "1990-01-15"),
        pw.blob(1, "Fatima el Idrissi") + pw.blob(3, "1978-03-04"),
    ]
    data = pw.blob(1, "praktijk") + b"".join(pw.blob(2, p) for p in patients)
    parts = rows_by_part(extract(data, "export/patienten.pb"))
    assert parts[None] == {1: {"1": "praktijk"}}
    assert parts["2"] == {
        1: {"1": "Lotte Smit", "2": "111222333", "3": "1985-11-30"},
        2: {"1": "Daan de Graaf", "2": "123456782", "3": "1990-01-15"},
        3: {"1": "Fatima el Idrissi", "3": "1978-03-04"},
    }


def test_numbers() -> None:
    """Varints unsigned, signed where they read as a negative int64; fixed-width fields a
    double or float where their bits make a plausible one, else integers (signed where the
    top bit is set); packed varints a list (a date's parts read as the date)."""
    data = (
        pw.uint(1, 2**63 - 1) + pw.uint(2, -2) + pw.uint(3, 1)
        + pw.fixed64(4, 1715590231554) + pw.fixed64(5, -5) + pw.double(6, 52.370216)
        + pw.float32(7, 0.5) + pw.fixed32(8, 123456782) + pw.fixed32(9, -1)
        + pw.double(10, 0.1 + 0.2) + pw.packed(11, [2, 5, 300]) + pw.packed(12, [1985, 11, 30])
        + pw.fixed32(13, 1_000_000_000)
    )  # fmt: skip
    assert one(data) == {
        "1": str(2**63 - 1),
        "2": "-2",
        "3": "1",
        "4": "1715590231554",
        "5": "-5",
        "6": "52.370216",
        "7": "0.5",
        "8": "123456782",
        "9": "-1",
        "10": str(struct.unpack("<q", struct.pack("<d", 0.1 + 0.2))[0]),  # (17 digits)
        "11.0": "2",
        "11.1": "5",
        "11.2": "300",
        "12": "1985-11-30",
        "13": "1000000000",  # (as a float 0.0047237873: too many digits)
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(b"Jansen", {"1": "Jansen"}, id="text"),
        pytest.param(b"08", {"1": "08"}, id="text-that-scans-as-a-message"),
        pytest.param(
            b"\n(" + b"Gezien door Dr. A. van Dijk op 13-05-2024"[:40],
            {"1.1": "Gezien door Dr. A. van Dijk op 13-05-202"},
            id="text-of-a-message",
        ),
        pytest.param(pw.blob(1, "Jansen"), {"1.1": "Jansen"}, id="message"),
        pytest.param(
            pw.blob(1, "Uitstrijkje afgenomen, door huisarts") + pw.uint(2, 5),
            {"1.1": "Uitstrijkje afgenomen, door huisarts", "1.2": "5"},
            id="text-of-a-message-with-a-number",
        ),
        pytest.param(b"\x00\x01\x02", {"1.0": "0", "1.1": "1", "1.2": "2"}, id="packed"),
        pytest.param("Ömer Yılmaz\tPap 2\r\n".encode(), {"1": "Ömer Yılmaz\tPap 2\r\n"}, id="utf8"),
        pytest.param(b"", {"1": ""}, id="empty"),
    ],
)
def test_a_length_delimited_value(value: bytes, expected: dict[str, str]) -> None:
    assert one(pw.blob(1, value) + pw.uint(2, 9)) == {**expected, "2": "9"}


def test_bytes_that_are_none_of_them_are_left_with_a_note() -> None:
    blob = bytes(range(0x80, 0xC0))  # (no UTF-8, no message, varints of two bytes)
    items = extract(pw.blob(1, "Jansen") + pw.blob(2, blob), "a.pb")
    assert rows_by_number(items) == {1: {"1": "Jansen"}}
    assert notes(items) == ["1 bytes values (no text, message or file) left out"]


def test_a_file_in_a_bytes_field_is_a_child_file() -> None:
    pdf = b"%PDF-1.4\n" + bytes(range(256)) + b"\n%%EOF\n"
    stream = pw.delimited([pw.blob(1, "Jansen"), pw.blob(1, "Bakker") + pw.blob(2, pdf)])
    items = extract(stream, "queue/uploads.pb")
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("message2-field-2", pdf)
    ]


def test_a_delimited_stream_is_a_record_per_message() -> None:
    messages = [
        pw.blob(1, "ZA4499031475") + pw.blob(2, pw.blob(1, "Jansen")),
        b"",  # (an empty message: no record)
        pw.blob(1, "ZA4499031476") + pw.uint(3, 123456782),
    ]
    data = pw.delimited(messages)
    assert sniff_bytes(data, "offline_queue.pb") is FileType.PROTOBUF
    assert rows_by_number(extract(data, "offline_queue.pb")) == {
        1: {"1": "ZA4499031475", "2.1": "Jansen"},
        3: {"1": "ZA4499031476", "3": "123456782"},
    }


def test_a_stream_cut_short_keeps_the_messages_before() -> None:
    data = pw.delimited([pw.blob(1, "Lotte Smit"), pw.blob(1, "Daan de Graaf")])
    items = extract(data[:-4], "q.pb")
    assert rows_by_number(items) == {1: {"1": "Lotte Smit"}}
    assert notes(items) == ["stream reading stopped (message 2: length past the end at byte 13)"]


def test_a_datastore_cut_short_keeps_the_entries_before() -> None:
    data = pw.preference_map(PREFS[:4])
    items = extract(data[:-6])
    assert rows_by_number(items) == {
        1: {
            "patient_naam": "Anouk de Wit-Bakker",
            "patient_bsn": "111222333",
            "patient_geboortedatum_ms": "196214400000",
        }
    }
    assert notes(items) == ["message cut short (length past the end at byte 104)"]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(4096), id="nul"),
        pytest.param(b"\x0a\xff\xff\xff\xff\x0f" + b"Jansen", id="length-past-the-end"),
        pytest.param(b"\x08" + b"\xff" * 11, id="varint-of-eleven-bytes"),
        pytest.param(b"\x0e\x00\x0f\x00", id="wire-types-6-7"),
        pytest.param(pw.uint(19000, 1) + pw.uint(19001, 2), id="reserved-numbers"),
        pytest.param(pw.tag(7, 3) + pw.blob(1, "Jansen"), id="group-not-closed"),
        pytest.param(pw.blob(1, "Jansen") + pw.tag(7, 4), id="end-without-start"),
    ],
)
def test_no_message_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="no Protocol Buffers message"):
        extract(data, "x.pb")


def test_random_bytes_are_an_error() -> None:
    import random

    rng = random.Random(11)
    for _ in range(200):
        data = rng.randbytes(rng.choice([300, 4096]))
        with pytest.raises(ExtractError):
            extract(data, "x.pb")
        assert sniff_bytes(data, "x.pb") is not FileType.PROTOBUF


def test_depth_is_bounded() -> None:
    """Messages nested far deeper than read: the value at the deepest level tried is left
    with a note, and text there is read; groups too deep are an error."""
    inner = pw.blob(1, "Jansen") + pw.blob(2, bytes(range(0x80, 0x90)))
    for _ in range(200):
        inner = pw.blob(1, inner)
    assert notes(extract(inner, "diep.pb")) == [
        f"1 values deeper than {MAX_DEPTH} not read as messages"
    ]
    inner = b"Jansen-de Vries, Dorpsstraat 12A"
    for _ in range(MAX_DEPTH):
        inner = pw.blob(1, inner)
    ((path, value),) = rows_by_number(extract(inner, "diep.pb"))[1].items()
    assert path.count(".") < MAX_DEPTH and "Jansen-de Vries" in value
    deep = b"Jansen"
    for _ in range(MAX_DEPTH + 1):
        deep = pw.group(1, deep)
    with pytest.raises(ExtractError):
        extract(deep, "diep.pb")


def test_the_fields_scanned_are_bounded() -> None:
    data = pw.uint(1, 1) * 20
    with pytest.raises(TooManyFields):
        scan(data, 0, len(data), Budget(10))
    with pytest.raises(WireError, match="length past the end"):
        scan(b"\x0a\x05abc", 0, 5, Budget())
    assert varint(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 0, 10) == (2**64 - 1, 10)
    with pytest.raises(WireError, match="over 64 bits"):
        varint(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 0, 10)


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (pw.preference_map(PREFS), "settings.preferences_pb", FileType.PROTOBUF),
        (pw.blob(1, "Jansen") + pw.uint(2, 3), "user.pb", FileType.PROTOBUF),
        (pw.blob(1, "Jansen") + pw.uint(2, 3), "dump.proto.bin", FileType.PROTOBUF),
        (pw.blob(1, "Jansen") + pw.uint(2, 3), "capture.protobuf", FileType.PROTOBUF),
        (pw.blob(1, "Jansen") + pw.uint(2, 3), "bericht.bin", FileType.TEXT),
        (pw.preference_map(PREFS), "settings", FileType.BINARY),
        (b"Jansen, M.\nBakker, P.\n", "namen.pb", FileType.TEXT),
        (b'{"naam": "Jansen"}', "naam.pb", FileType.JSON),
    ],
)
def test_sniff(data: bytes, name: str, expected: FileType) -> None:
    assert sniff_bytes(data, name) is expected


def test_a_large_file_is_sniffed_by_its_head() -> None:
    """A file larger than the sniffed head: its fields up to the one the head cuts."""
    data = pw.preference_map(
        [(f"patient_{i}", "string", "Jansen-de Vries" * 40) for i in range(200)]
    )
    assert len(data) > 64 * 1024
    assert sniff_bytes(data, "groot.preferences_pb") is FileType.PROTOBUF
    assert len(rows_by_number(extract(data))[1]) == 200
