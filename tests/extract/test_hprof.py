"""Java heap dumps (HPROF): the objects of the application's classes as tables, the strings
it held as text."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract import hprof
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.hprof import HprofExtractor
from breachscope.extract.units import TableUnit, TextUnit
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


def tables(items: list[Extracted]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """The tables by part: each row's number and its non-empty cells."""
    out: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            rows = unit.data.column("__row__").to_pylist()
            for i, row in enumerate(rows):
                cells = {
                    name: unit.data.column(f"c{c}")[i].as_py()
                    for c, name in enumerate(unit.columns)
                }
                kept = {k: v for k, v in cells.items() if v is not None}
                out.setdefault(str(unit.location.part), []).append((row, kept))
    return out


NAMES = [
    "java/lang/Object", "java/lang/String", "value", "coder", "hash", "java/lang/Number",
    "java/lang/Long", "java/time/LocalDate", "year", "month", "day", "java/util/Date",
    "fastTime", "cdate", "java/lang/Enum", "name", "ordinal", "nl/pts/lims/model/Persoon",
    "naam", "geboortedatum", "nl/pts/lims/model/Patient", "bsn", "adres", "leeftijd",
    "partner", "geslacht", "nl/pts/lims/model/Adres", "straat", "bewoner",
    "nl/pts/lims/model/Geslacht", "aangemaakt", "id", "java/lang/Integer", "actief",
]  # fmt: skip
N = {name: i + 1 for i, name in enumerate(NAMES)}
"""Name ids of the object dumps' names."""
C = {
    "java/lang/Object": 0x10, "java/lang/String": 0x11, "java/lang/Number": 0x12,
    "java/lang/Long": 0x13, "java/time/LocalDate": 0x14, "java/util/Date": 0x15,
    "java/lang/Enum": 0x16, "nl/pts/lims/model/Persoon": 0x17, "nl/pts/lims/model/Patient": 0x18,
    "nl/pts/lims/model/Adres": 0x19, "nl/pts/lims/model/Geslacht": 0x1A, "java/lang/Integer": 0x1B,
}  # fmt: skip
"""Class ids."""


def classes(id_size: int, java8: bool) -> bytes:
    """The class dumps: the JDK's the objects need, and the application's (a patient, a
    person her super class, an address, an enum)."""
    o, b, i = w.OBJECT, w.BYTE, w.INT
    string = [(N["value"], o), (N["hash"], i)] if java8 else [(N["value"], o), (N["coder"], b)]
    dumps = [
        ("java/lang/Object", [], 0),
        ("java/lang/String", string, "java/lang/Object"),
        ("java/lang/Number", [], "java/lang/Object"),
        ("java/lang/Long", [(N["value"], w.LONG)], "java/lang/Number"),
        ("java/lang/Integer", [(N["value"], i)], "java/lang/Number"),
        ("java/time/LocalDate", [(N["year"], i), (N["month"], w.SHORT), (N["day"], w.SHORT)],
         "java/lang/Object"),
        ("java/util/Date", [(N["fastTime"], w.LONG), (N["cdate"], o)], "java/lang/Object"),
        ("java/lang/Enum", [(N["name"], o), (N["ordinal"], i)], "java/lang/Object"),
        ("nl/pts/lims/model/Persoon", [(N["naam"], o), (N["geboortedatum"], o), (N["id"], i)],
         "java/lang/Object"),
        ("nl/pts/lims/model/Patient", [(N["bsn"], o), (N["adres"], o), (N["leeftijd"], i),
         (N["partner"], o), (N["geslacht"], o), (N["aangemaakt"], o), (N["id"], w.LONG),
         (N["actief"], w.BOOLEAN)], "nl/pts/lims/model/Persoon"),
        ("nl/pts/lims/model/Adres", [(N["straat"], o), (N["bewoner"], o)], "java/lang/Object"),
        ("nl/pts/lims/model/Geslacht", [], "java/lang/Enum"),
    ]  # fmt: skip
    out = b""
    for name, fields, parent in dumps:
        super_id = C[parent] if isinstance(parent, str) else 0
        out += w.class_dump(C[name], fields, id_size, super_id)
    return out


def names(id_size: int) -> bytes:
    """The UTF8 records and each class's LOAD CLASS."""
    out = b"".join(w.utf8(number, name, id_size) for name, number in N.items())
    return out + b"".join(
        w.load_class(k, cid, N[name], id_size) for k, (name, cid) in enumerate(C.items(), 1)
    )


class Heap:
    """Objects written one by one, each a new id."""

    def __init__(self, id_size: int = 8, java8: bool = False) -> None:
        self.id_size = id_size
        self.java8 = java8
        self.parts: list[bytes] = []
        self.next = 0x1000

    def new(self) -> int:
        self.next += 0x10
        return self.next

    def instance(self, cls: str, items: list[tuple[int, int | bool]], obj: int = 0) -> int:
        obj = obj or self.new()
        self.parts.append(w.instance(obj, C[cls], w.values(items, self.id_size), self.id_size))
        return obj

    def string(self, text: str, utf16: bool = False) -> int:
        """A string: Java 8's over a ``char[]``, Java 9's over a ``byte[]`` by its coder."""
        array = self.new()
        if self.java8:
            self.parts.append(w.chars(array, text, self.id_size))
            return self.instance("java/lang/String", [(w.OBJECT, array), (w.INT, 0)])
        data = text.encode("utf-16-le" if utf16 else "latin-1")
        self.parts.append(w.octets(array, data, self.id_size))
        return self.instance("java/lang/String", [(w.OBJECT, array), (w.BYTE, int(utf16))])

    def long(self, value: int) -> int:
        return self.instance("java/lang/Long", [(w.LONG, value)])

    def date(self, year: int, month: int, day: int) -> int:
        return self.instance(
            "java/time/LocalDate", [(w.INT, year), (w.SHORT, month), (w.SHORT, day)]
        )

    def dump(self, version: bytes = b"1.0.2") -> bytes:
        head = w.header(self.id_size, version) + names(self.id_size)
        return head + w.heap(classes(self.id_size, self.java8) + b"".join(self.parts)) + w.end()


def patients(heap: Heap) -> None:
    """Two patients (BSN a boxed Long and a string; a LocalDate and a java.util.Date of
    midnight in Amsterdam), partners of each other (a cycle; each a row of her own, never
    read into the other's), the first with an address that refers back to her (a cycle),
    an enum, a name that needs UTF-16."""
    o = w.OBJECT
    vrouw = heap.instance("nl/pts/lims/model/Geslacht", [(o, heap.string("VROUW")), (w.INT, 1)])
    first, second = heap.new(), heap.new()
    adres = heap.instance(
        "nl/pts/lims/model/Adres", [(o, heap.string("Dorpsstraat 12A")), (o, first)]
    )
    midnight = 502_153_200_000  # (1985-11-30 00:00 in Amsterdam, 23:00 UTC the day before)
    date = heap.instance("java/util/Date", [(w.LONG, midnight), (o, 0)])
    heap.instance(
        "nl/pts/lims/model/Patient",
        [(o, heap.long(123456782)), (o, adres), (w.INT, 46), (o, second), (o, vrouw), (o, 0),
         (w.LONG, 9_000_000_001), (w.BOOLEAN, True),
         (o, heap.string("Ömer Yılmaz", utf16=True)), (o, heap.date(1978, 3, 4)), (w.INT, 7)],
        first,
    )  # fmt: skip
    heap.instance(
        "nl/pts/lims/model/Patient",
        [(o, heap.string("111222333")), (o, 0), (w.INT, -1), (o, first), (o, 0), (o, date),
         (w.LONG, 2), (w.BOOLEAN, False), (o, heap.string("Jansen-de Vries")), (o, 0), (w.INT, 8)],
        second,
    )  # fmt: skip


def test_sample_patient_object_as_a_row_of_its_class() -> None:
    sample = hprof_sample()
    found = tables(run(sample.data))
    assert found == {
        "nl.pts.lims.model.Patient": [
            (1, {**sample.info["nl.pts.lims.model.Patient"], "leeftijd": "47"})
        ]
    }  # type: ignore[dict-item]


@pytest.mark.parametrize("id_size", [4, 8])
@pytest.mark.parametrize("java8", [False, True])
def test_objects_of_the_applications_classes_as_tables(id_size: int, java8: bool) -> None:
    heap = Heap(id_size, java8)
    patients(heap)
    items = run(heap.dump())
    found = tables(items)
    assert set(found) == {"nl.pts.lims.model.Patient", "nl.pts.lims.model.Adres"}
    first = {
        "bsn": "123456782", "adres.straat": "Dorpsstraat 12A", "leeftijd": "46",
        "geslacht": "VROUW", "id": "9000000001", "actief": "true", "naam": "Ömer Yılmaz",
        "geboortedatum": "1978-03-04", "id (2)": "7",
    }  # fmt: skip
    second = {
        "bsn": "111222333", "leeftijd": "-1", "aangemaakt": "1985-11-30", "id": "2",
        "actief": "false", "naam": "Jansen-de Vries", "id (2)": "8",
    }  # fmt: skip
    assert found["nl.pts.lims.model.Patient"] == [(1, first), (2, second)]
    bewoner = {f"bewoner.{k}": v for k, v in first.items() if not k.startswith("adres")}
    adres = {"straat": "Dorpsstraat 12A", **bewoner}
    assert found["nl.pts.lims.model.Adres"] == [(1, adres)]
    assert "123456782" not in text(items)  # (a boxed Long: a number, no string)
    assert "111222333\n" in text(items) and "Ömer Yılmaz\n" in text(items)
    assert not notes(items)


def test_the_columns_are_the_fields_so_a_table_reads_them() -> None:
    heap = Heap()
    patients(heap)
    units = [u for u in run(heap.dump()) if isinstance(u, TableUnit)]
    patient = next(u for u in units if u.location.part == "nl.pts.lims.model.Patient")
    assert patient.columns[:3] == ("bsn", "adres.straat", "leeftijd")
    assert patient.cell(2, 0).row == 2 and patient.cell(2, 0).column == "bsn"


def test_rows_bounded_per_class(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hprof, "MAX_ROWS_PER_CLASS", 1)
    heap = Heap()
    patients(heap)
    items = run(heap.dump())
    assert [row for row, _ in tables(items)["nl.pts.lims.model.Patient"]] == [1]
    assert any("nl.pts.lims.model.Patient past 1 left out" in n for n in notes(items))


def test_objects_index_bounded() -> None:
    heap = Heap()
    patients(heap)
    items = run(heap.dump(), Config().with_(batch_bytes=32 * 3))
    assert any("not indexed" in n for n in notes(items))


def test_truncated_dump_keeps_the_rows_before() -> None:
    heap = Heap()
    patients(heap)
    heap.instance(
        "nl/pts/lims/model/Adres", [(w.OBJECT, heap.string("Kerkstraat 1")), (w.OBJECT, 0)]
    )
    data = heap.dump()
    items = run(data[: data.rindex(b"Kerkstraat") + 4])
    assert len(tables(items)["nl.pts.lims.model.Patient"]) == 2
    assert "Kerkstraat" not in str(tables(items))
    assert any("stopped" in n for n in notes(items))


def test_an_instance_that_does_not_fit_its_class_is_left_out() -> None:
    heap = Heap()
    heap.instance("nl/pts/lims/model/Adres", [(w.OBJECT, heap.string("Kerkstraat 1"))])
    heap.instance("nl/pts/lims/model/Adres", [(w.OBJECT, heap.string("Laan 2")), (w.OBJECT, 0)])
    items = run(heap.dump())
    assert tables(items)["nl.pts.lims.model.Adres"] == [(2, {"straat": "Laan 2"})]
    assert any("1 objects that do not fit" in n for n in notes(items))


def test_a_super_class_cycle_and_missing_classes_end_in_a_note() -> None:
    heap = Heap()
    heap.instance("nl/pts/lims/model/Adres", [(w.OBJECT, 0), (w.OBJECT, 0)])
    data = heap.dump()
    looped = data.replace(  # (Adres's super class: Adres itself)
        w.class_dump(0x19, [(N["straat"], w.OBJECT), (N["bewoner"], w.OBJECT)], 8, 0x10),
        w.class_dump(0x19, [(N["straat"], w.OBJECT), (N["bewoner"], w.OBJECT)], 8, 0x19),
    )
    assert looped != data
    items = run(looped)
    assert not tables(items) and any("do not fit" in n for n in notes(items))
    jdk = data.replace(  # (java.lang.Object's super class: a class whose super it is)
        w.class_dump(0x10, [], 8, 0), w.class_dump(0x10, [], 8, 0x12)
    )
    assert jdk != data
    items = run(jdk)
    assert not tables(items) and any("do not fit" in n for n in notes(items))


def test_dates_and_values_read_as_text() -> None:
    assert hprof._instant(502_153_200_000) == "1985-11-30"
    assert hprof._instant(0) == "1970-01-01"
    assert hprof._instant(1_715_331_000_123) == "2024-05-10T08:50:00.123Z"
    assert hprof._instant(2**62) == str(2**62)
    assert hprof._decimal(12345, 2) == "123.45" and hprof._decimal(-5, 3) == "-0.005"
    assert hprof._decimal(7, -2) == "700"
    assert hprof._date(1978, 2, 30) is None


def test_objects_read_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hprof, "MAX_READS", 3)
    heap = Heap()
    patients(heap)
    items = run(heap.dump())
    assert any("the tables end there" in n for n in notes(items))
    assert "Ömer Yılmaz\n" in text(items)


def test_an_app_class_in_a_library_package_or_an_enum_is_no_table() -> None:
    heap = Heap()
    o = w.OBJECT
    heap.instance("nl/pts/lims/model/Geslacht", [(o, heap.string("MAN")), (w.INT, 0)])
    items = run(heap.dump())
    assert not tables(items) and text(items) == "MAN\n"
    assert hprof._Index(1).is_app(1) is False


def test_an_enum_that_names_itself_is_no_value() -> None:
    heap = Heap()
    o = w.OBJECT
    looped = heap.new()
    heap.instance("nl/pts/lims/model/Geslacht", [(o, looped), (w.INT, 0)], looped)
    heap.instance("nl/pts/lims/model/Adres", [(o, heap.string("Laan 2")), (o, looped)])
    assert tables(run(heap.dump()))["nl.pts.lims.model.Adres"] == [(1, {"straat": "Laan 2"})]
