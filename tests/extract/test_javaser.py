"""Java serialisation streams: Tomcat's sessions a part each, other streams' objects as
JSON documents; the JDK's collections, dates, numbers and enums by their values; nothing
run, and hostile streams (huge lengths, deep nesting, dangling handles, reference
bombs) ending in an error or a note, never in a crash or a flood.

The fixtures were written by Java itself (``fixtures/javaser/make_fixtures.sh``); the
hostile streams are built here, by the grammar, with :class:`Writer`."""

from __future__ import annotations

import io
import struct
import time
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.javaser import JavaSerialExtractor, block_strings, java_time
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part

pytestmark = pytest.mark.timeout(60)

FIXTURES = Path(__file__).parent / "fixtures" / "javaser"
SESSION = "session-8E5556D9F9DA7E64F6F7020D1A2BE86A"


def extract(
    data: bytes, path: str = "work/Catalina/localhost/lims/SESSIONS.ser"
) -> list[Extracted]:
    source = Source(path, "java-ser", len(data), lambda: io.BytesIO(data))
    return list(JavaSerialExtractor().extract(source, Config()))


def notes(items: list[Extracted]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Note)]


class Writer:
    """A stream written by the grammar (chapter 6 of the specification), handle by handle:
    what a test needs of a hostile stream that Java would never write."""

    def __init__(self) -> None:
        self.out = bytearray(b"\xac\xed\x00\x05")
        self.handles = 0

    def raw(self, data: bytes) -> Writer:
        self.out += data
        return self

    def handle(self) -> int:
        self.handles += 1
        return self.handles - 1

    @staticmethod
    def utf(text: str) -> bytes:
        data = text.encode()
        return struct.pack(">H", len(data)) + data

    def string(self, text: str) -> Writer:
        self.handle()
        return self.raw(b"\x74" + self.utf(text))

    def ref(self, handle: int) -> Writer:
        return self.raw(b"\x71" + struct.pack(">i", 0x7E0000 + handle))

    def desc(
        self, name: str, fields: list[tuple[str, str, str]] | None = None, flags: int = 0x02
    ) -> int:
        """A new class descriptor without a superclass (its handle)."""
        self.raw(b"\x72" + self.utf(name) + bytes(8))
        own = self.handle()
        fields = fields or []
        self.raw(bytes([flags]) + struct.pack(">h", len(fields)))
        for code, field, kind in fields:
            self.raw(code.encode() + self.utf(field))
            if code in "L[":
                self.string(kind)
        self.raw(b"\x78\x70")  # (no annotation, no superclass)
        return own

    def obj(self, name: str, fields: list[tuple[str, str, str]], flags: int = 0x02) -> int:
        """``TC_OBJECT`` and a new descriptor: the caller writes the field values next."""
        self.raw(b"\x73")
        self.desc(name, fields, flags)
        return self.handle()

    def array(self, size: int, desc: int | None = None, name: str = "[Ljava.lang.Object;") -> int:
        """``TC_ARRAY`` of ``size`` elements: the caller writes them next."""
        self.raw(b"\x75")
        if desc is None:
            self.desc(name)
        else:
            self.ref(desc)
        own = self.handle()
        self.raw(struct.pack(">i", size))
        return own

    def box(self, name: str, code: str, value: bytes) -> Writer:
        self.obj(name, [(code, "value", "")])
        return self.raw(value)


# -- what is read ---------------------------------------------------------------------


def test_tomcat_sessions_are_a_part_each_a_search_list_a_part_of_its_own() -> None:
    """Tomcat 9's ``SESSIONS.ser`` as ``StandardManager`` wrote it (by Java): each
    session's id, times and attributes; the search result list a record per patient;
    the second session's user a reference to the first's."""
    items = extract((FIXTURES / "SESSIONS.ser").read_bytes())
    assert not notes(items)
    parts = rows_by_part(items)
    assert set(parts) == {
        SESSION,
        f"{SESSION}/zoekResultaten",
        "session-0C41D7A2B39E5F6A7B8C9D0E1F2A3B4C.node1",
    }
    first = parts[SESSION][1]
    assert {k: first[k] for k in ("id", "creationTime", "maxInactiveInterval", "isNew")} == {
        "id": "8E5556D9F9DA7E64F6F7020D1A2BE86A",
        "creationTime": "2024-06-03T08:56:40.000Z",
        "maxInactiveInterval": "1800",
        "isNew": "false",
    }
    patient = {k.removeprefix("attributes.patient."): v for k, v in first.items()
               if k.startswith("attributes.patient.")}  # fmt: skip
    assert patient == {
        "@class": "nl.example.lims.Patient",
        "voornaam": "Maria",
        "achternaam": "Jansen-de Vries",
        "bsn": "123456782",
        "geboortedatum": "1978-03-04",
        "geslacht": "VROUW",
        "adres.@class": "nl.example.lims.Adres",
        "adres.straat": "Dorpsstraat 12A",
        "adres.postcode": "1234 AB",
        "adres.woonplaats": "Zwolle",
        "telefoons.0": "0612345678",
        "telefoons.1": "038-4567890",
        "leeftijd": "46",
        "patientnummer": "100234",
        "overleden": "false",
    }
    assert first["attributes.laatsteUitslag.afgenomen"] == "2024-05-13T07:30:00.000Z"
    assert first["attributes.laatsteUitslag.ontvangen"] == "2024-05-14"  # (java.sql.Date)
    assert first["attributes.laatsteUitslag.hoeveelheid"] == "-12.50"  # (BigDecimal)
    assert first["attributes.laatsteUitslag.patient.bsn"] == "123456782"  # (a reference)
    found = parts[f"{SESSION}/zoekResultaten"]
    assert [found[r]["bsn"] for r in (1, 2, 3)] == ["123456782", "111222333", "012345672"]
    assert found[3]["voornaam"] == "Ömer" and found[3]["achternaam"] == "Yılmaz"
    assert "adres.straat" not in found[3]  # (null)
    second = parts["session-0C41D7A2B39E5F6A7B8C9D0E1F2A3B4C.node1"][1]
    assert second["attributes.gebruiker"] == "r.stoltenborg"
    assert second["attributes.zoekFilter.postcode"] == "1234 AB"
    assert second["attributes.zoekFilter.maxResultaten"] == "50"


def test_an_export_of_several_objects_is_a_part_each() -> None:
    """An app's export (by Java): a list of patients (part ``object-1``, a record per
    patient), a map of values of many kinds and an enum (records 2 and 3 of part
    ``objects``: each object read as one record, by its place)."""
    items = extract((FIXTURES / "export.ser").read_bytes(), "export/patienten.ser")
    assert not notes(items)
    parts = rows_by_part(items)
    assert set(parts) == {"object-1", "objects"}
    assert [parts["object-1"][r]["bsn"] for r in (1, 2)] == ["123456782", "111222333"]
    assert parts["objects"][3] == {"$": "MAN"}
    record = parts["objects"][2]
    assert {k: v for k, v in record.items() if k.startswith("meer.") and "blokkerend" not in k} == {
        "meer.cowSet.0": "c1",
        "meer.concurrent.k": "v",
        "meer.enumMap.VROUW": "v",
        "meer.prioriteit.0": "p1",
        "meer.lijstVan.0": "l1",
        "meer.lijstVan.1": "l2",
        "meer.mapVan.m": "n",
        "meer.setVan.0": "s1",
        "meer.kalender": "1978-03-03T23:00:00.000Z",  # (midnight in Amsterdam)
        "meer.bouwer": "Van Dijk",
        "meer.groot": "123456782",
        "meer.wachtrij.0": "w1",
        "meer.duur": "PT90.5S",
        "meer.periode": "P1Y2M3D",
    }
    assert record["meer.blokkerend.items.0"] == "q1"  # (an ArrayBlockingQueue's fields)
    assert {k: v for k, v in record.items() if not k.startswith("meer.")} == {
        "int": "7",
        "long": "123456782",
        "double": "2.5",
        "boolean": "true",
        "char": "J",
        "namen.0": "Fatima el Amrani",
        "namen.1": "Kees Bakker",
        "getallen.0": "1",
        "getallen.1": "2",
        "getallen.2": "3",
        "tekstBytes": "Wilhelminastraat 5",  # (byte[] as UTF-8)
        "tekens": "De Wit",  # (char[])
        "geslacht": "VROUW",
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "boom.a": "een",
        "boom.b": "twee",
        "verzameling.0": "x",
        "gekoppeld.0": "eerste",
        "gekoppeld.1": "tweede",
        "vector.0": "v1",
        "tabel.1": "een",
        "lokaleDatum": "1978-03-04",
        "lokaleTijd": "2024-05-13T09:30:15",
        "gezoneerd": "2024-05-13T09:30:00+02:00",
        "moment": "2024-05-13T07:30:00.000Z",
        "tijdstempel": "2024-05-13T07:30:00.500Z",
        "onaanpasbaar.0": "u",
        "rijtje.0": "r1",
        "rijtje.1": "r2",
        "notitie.@class": "nl.example.lims.Notitie",
        "notitie.auteur": "dr. Haverkamp",
        "notitie.@data.0": "Mevr. Jansen belt terug",  # (its own writeObject's writeUTF)
    }


def test_one_object_is_a_document_a_list_a_record_per_element() -> None:
    w = Writer()
    w.array(2)
    w.string("Jansen").string("Bakker")
    assert rows_by_part(extract(bytes(w.out))) == {None: {1: {"$": "Jansen"}, 2: {"$": "Bakker"}}}


@pytest.mark.parametrize("auth", [b"", b"\x70\x70", b"\x74\x00\x04FORM\x70\x74\x00\x03XYZ\x70"])
def test_a_session_with_or_without_its_authentication(auth: bytes) -> None:
    """Tomcat 7's layout (no authentication), 8.5's (its type and principal), a newer
    one's keeping the authentication's notes too; a ``FileStore``'s one session without
    a count before it."""
    w = Writer()
    for name, code, value in [
        ("java.lang.Long", "J", struct.pack(">q", 1_700_000_000_000)),
        ("java.lang.Long", "J", struct.pack(">q", 1_700_000_060_000)),
        ("java.lang.Integer", "I", struct.pack(">i", 1800)),
        ("java.lang.Boolean", "Z", b"\x00"),
        ("java.lang.Boolean", "Z", b"\x01"),
        ("java.lang.Long", "J", struct.pack(">q", 1_700_000_060_000)),
    ]:
        w.box(name, code, value)
    w.string("ABC123").raw(auth)
    w.handles += auth.count(b"\x74")
    w.box("java.lang.Integer", "I", struct.pack(">i", 1))
    w.string("bsn").string("111222333")
    record = rows_by_part(extract(bytes(w.out)))["session-ABC123"][1]
    assert record["attributes.bsn"] == "111222333"
    assert record["creationTime"] == "2023-11-14T22:13:20.000Z"
    if len(auth) > 2:
        assert record["authType"] == "FORM" and record["expectedSessionId"] == "XYZ"


def test_a_cut_session_file_keeps_what_came_before() -> None:
    data = (FIXTURES / "SESSIONS.ser").read_bytes()
    items = extract(data[:1200])
    rows = rows_by_part(items)
    assert rows[SESSION][1]["attributes.patient.bsn"] == "123456782"
    assert len(notes(items)) == 1 and notes(items)[0].startswith("reading stopped at item")


def test_streams_one_after_another_are_read_in_turn() -> None:
    """A cache's entries, each written by an ``ObjectOutputStream`` of its own, with stale
    bytes between two of them."""
    one = Writer().string("Jansen").out
    two = Writer().string("Bakker").out
    items = extract(bytes(one + two + b"\x00\x01\x02" + two))
    assert rows_by_part(items) == {
        "objects": {1: {"$": "Jansen"}, 2: {"$": "Bakker"}, 3: {"$": "Bakker"}}
    }
    assert notes(items) == [
        f"3 bytes between streams skipped in 1 places (the first at byte {len(one + two)}): "
        "no object there"
    ]


def test_a_jcs_cache_file_is_its_records_each_after_its_length() -> None:
    """A JCS disk cache's ``.data``: each entry its length and a stream; an entry that
    does not read is skipped to the next."""
    entries = [bytes(Writer().string(name).out) for name in ("Jansen", "Bakker")]
    broken = b"\xac\xed\x00\x05\x73\x71\x00\x7e\x00\x09"  # (a dangling handle)
    data = b"".join(struct.pack(">i", len(e)) + e for e in (entries[0], broken, entries[1]))
    assert sniff_bytes(data, "patientCache.data") is FileType.JAVA_SER
    items = extract(data, "jcs/patientCache.data")
    assert rows_by_part(items) == {"objects": {1: {"$": "Jansen"}, 2: {"$": "Bakker"}}}
    assert notes(items) == [
        "item 2 skipped to the next stream at byte 35: a reference at byte 26 to a handle no "
        "object has",
        "8 bytes between streams skipped in 2 places (the first at byte 0): no object there",
    ]


def test_a_byte_array_holding_a_stream_is_read_as_it() -> None:
    inner = bytes(Writer().string("Dorpsstraat 12A").out)
    w = Writer()
    w.obj("net.sf.ehcache.Element", [("[", "value", "[B")])
    w.array(len(inner), name="[B")
    w.raw(inner)
    assert rows_by_part(extract(bytes(w.out)))[None][1]["value"] == "Dorpsstraat 12A"


def test_block_data_of_an_unknown_writeobject_keeps_its_strings() -> None:
    w = Writer()
    w.obj("nl.example.Kaart", [("L", "naam", "Ljava/lang/String;")], flags=0x03)
    w.string("Jansen")
    text = b"Bakker, Pieter"
    block = struct.pack(">i", 42) + struct.pack(">H", len(text)) + text + b"\x01\x02 BSN 111222333"
    w.raw(b"\x77" + bytes([len(block)]) + block + b"\x78")
    record = rows_by_part(extract(bytes(w.out)))[None][1]
    assert record == {
        "@class": "nl.example.Kaart",
        "naam": "Jansen",
        "@data.0": "Bakker, Pieter",
        "@data.1": "BSN 111222333",
    }


def test_an_object_holding_itself_is_read_once() -> None:
    w = Writer()
    own = w.obj(
        "nl.example.Knoop",
        [("L", "naam", "Ljava/lang/String;"), ("L", "volgende", "Lnl/example/Knoop;")],
    )
    w.string("Jansen").ref(own)
    assert rows_by_part(extract(bytes(w.out)))[None][1] == {
        "@class": "nl.example.Knoop",
        "naam": "Jansen",
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x03" + struct.pack(">i", 1978) + b"\x03\x04", "1978-03-04"),
        (b"\x04\x09\xe1", "09:30:00"),  # (an hour, a minute's complement)
        (b"\x08\x08", "+0200"),
        (b"\x0c" + struct.pack(">i", 2024) + b"\x05", "2024-05"),
        (b"\x03\x00", None),  # (cut short)
    ],
)
def test_java_time(data: bytes, expected: str | None) -> None:
    found = java_time(data)
    assert (found.isoformat() if hasattr(found, "isoformat") else found) == expected


def test_block_strings() -> None:
    assert block_strings(b"\x00\x06Jansen\x00\x00\x00\x2a") == ["Jansen"]
    assert block_strings(b"\x01\x02\x03Bakker\xff") == ["Bakker"]
    assert block_strings(b"\x00\x00\x00\x07") == []


# -- hostile and broken ---------------------------------------------------------------


def huge_array(name: str) -> bytes:
    """An array that claims 2**31 - 1 elements and holds none."""
    w = Writer()
    w.array(2**31 - 1, name=name)
    return bytes(w.out)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00" * 64, "no stream header"),
        (b"\xac\xed\x00\x05\x7c" + struct.pack(">q", 2**62) + b"x", "runs past the end"),
        (huge_array("[I"), "runs past the end"),
        (huge_array("[Ljava.lang.Object;"), "runs past the end"),
        (bytes(Writer().ref(0x99).out), "a handle no object has"),
        (b"\xac\xed\x00\x05\x73\x71" + struct.pack(">i", 0x7E0000), "a handle no object has"),
        (b"\xac\xed\x00\x05\x73\x72" + struct.pack(">H", 60000) + b"a", "runs past the end"),
        (b"\xac\xed\x00\x05\x73\x72\x00\x01a" + bytes(8) + b"\x02\x7f\xff", "fields"),
        (b"\xac\xed\x00\x05\x40", "no object at byte 4"),
    ],
)
def test_hostile_lengths_and_handles_are_errors(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(data)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    w = Writer()
    w.array(1)
    for _ in range(5000):
        w.array(1, 0)  # (the first array's descriptor)
    w.raw(b"\x70")
    with pytest.raises(ExtractError, match="nested deeper than 100 levels"):
        extract(bytes(w.out))


def test_a_reference_bomb_is_read_within_a_budget() -> None:
    """An array of a thousand references to an array of a thousand references to ...,
    three deep, to a thousand strings (a thousand million values were they copied): the
    values read out stop at a budget, with a note."""
    w = Writer()

    def level(depth: int) -> int:
        own = w.array(1000, 0 if w.handles else None)  # (its descriptor: handle 0)
        if depth == 0:
            for i in range(1000):
                w.string(f"patient{i:04d}")
        else:
            inner = level(depth - 1)
            for _ in range(999):
                w.ref(inner)
        return own

    level(3)
    start = time.monotonic()
    items = extract(bytes(w.out))
    assert time.monotonic() - start < 20
    cells = sum(len(u.columns) * u.data.num_rows for u in items if isinstance(u, TableUnit))
    assert cells < 200_000
    assert "values referred to more often than the file is long: the rest left out" in notes(items)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xac\xed\x00\x05\x73\x72", FileType.JAVA_SER),
        (b"\xac\xed\x00\x05\x77\x04", FileType.JAVA_SER),
        (b"\xac\xed\x00\x05\x00\x00", None),
        (b"\xac\xed\x00\x04\x73\x72", None),
    ],
)
def test_sniff(head: bytes, expected: FileType | None) -> None:
    got = sniff_bytes(head + b"\x00" * 20, "SESSIONS.ser")
    assert got is expected if expected is not None else got is not FileType.JAVA_SER
    assert (
        sniff_bytes((FIXTURES / "SESSIONS.ser").read_bytes(), "SESSIONS.ser") is FileType.JAVA_SER
    )


def test_a_stream_without_objects_is_skipped() -> None:
    with pytest.raises(SkipFile, match="without objects"):
        extract(b"\xac\xed\x00\x05")


def test_a_reset_forgets_the_handles_before_it() -> None:
    """``TC_RESET`` (``ObjectOutputStream.reset``): handles count from 0x7e0000 again, so
    a reference after it to an object before it names nothing."""
    w = Writer().string("Jansen").raw(b"\x79")
    w.handles = 0
    w.string("Bakker").ref(0)
    assert rows_by_part(extract(bytes(w.out))) == {
        "objects": {1: {"$": "Jansen"}, 2: {"$": "Bakker"}, 3: {"$": "Bakker"}}
    }
    items = extract(bytes(Writer().string("Jansen").raw(b"\x79").ref(0).out))
    assert notes(items) == [
        "reading stopped at item 2: a reference at byte 14 to a handle no object has"
    ]


def test_an_apps_list_keeps_its_own_fields_beside_its_elements() -> None:
    """A class of the app's that extends ``ArrayList`` with a field of its own."""
    w = Writer()
    w.raw(b"\x73\x72" + w.utf("nl.example.Werklijst") + bytes(8))
    w.handle()
    w.raw(b"\x02\x00\x01L" + w.utf("titel")).string("Ljava/lang/String;").raw(b"\x78")
    w.raw(b"\x72" + w.utf("java.util.ArrayList") + bytes(8))
    w.handle()
    w.raw(b"\x03\x00\x01I" + w.utf("size") + b"\x78\x70")
    w.handle()
    w.raw(struct.pack(">i", 1) + b"\x77\x04" + struct.pack(">i", 1)).string("Jansen").raw(b"\x78")
    w.string("Spoed")
    assert rows_by_part(extract(bytes(w.out)))[None][1] == {
        "@class": "nl.example.Werklijst",
        "titel": "Spoed",
        "@values.0": "Jansen",
    }


def test_block_data_in_many_blocks_is_joined_at_the_cost_of_its_bytes() -> None:
    """Four megabytes of a writeObject's primitive data in blocks of 1,024 bytes (as Java
    cuts it), read in linear time."""
    w = Writer()
    w.obj("nl.example.Archief", [], flags=0x03)
    chunk = b"\x00\x0eBakker, Pieter" + b"\x00" * 1008
    w.raw((b"\x7a" + struct.pack(">i", len(chunk)) + chunk) * 4096 + b"\x78")
    start = time.monotonic()
    items = extract(bytes(w.out))
    assert time.monotonic() - start < 20
    assert rows_by_part(items)[None][1]["@data.4095"] == "Bakker, Pieter"
