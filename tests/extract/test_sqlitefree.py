"""SQLite: rows deleted and tables dropped, read from the free space SQLite left."""

from __future__ import annotations

import io
import os
import random
import sqlite3
import struct
import tempfile

import pytest

from breachscope.config import Config
from breachscope.extract import sqlitefree
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.sqlite import SqliteExtractor
from breachscope.extract.sqlitefree import (
    Damaged,
    Database,
    Table,
    carved_cell,
    deleted_units,
    open_database,
    whole_cell,
)
from breachscope.extract.units import TableUnit

from .samples import BSN, NAMES

pytestmark = pytest.mark.timeout(120)

PEOPLE = [
    (NAMES[0], BSN[0], "17-9-1966", "0612345678"),
    (NAMES[1], BSN[1], "7-10-1970", "0687654321"),
    (NAMES[2], BSN[2], "23-7-1982", "0611122233"),
]


def database(statements: list[str], rows: list[tuple[str, tuple[object, ...]]]) -> bytes:
    """A database file that ``sqlite3`` wrote (secure_delete off, no auto-vacuum)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "d.db")
        con = sqlite3.connect(path)
        con.execute("PRAGMA secure_delete = OFF")
        for statement in statements:
            if statement.startswith("ROWS "):
                for sql, values in rows:
                    con.execute(sql, values)
            else:
                con.execute(statement)
        con.commit()
        con.close()
        with open(path, "rb") as fh:
            return fh.read()


def extract(data: bytes) -> list[Extracted]:
    source = Source("wachtrij.db", "sqlite", len(data), lambda: io.BytesIO(data))
    return list(SqliteExtractor().extract(source, Config()))


def tables(units: list[Extracted]) -> dict[str, list[dict[str, str | None]]]:
    """Each part's rows as ``{column: value}``."""
    out: dict[str, list[dict[str, str | None]]] = {}
    for unit in units:
        if isinstance(unit, TableUnit):
            for row in unit.data.to_pylist():
                values = [row[f"c{i}"] for i in range(len(unit.columns))]
                out.setdefault(unit.location.part or "", []).append(
                    dict(zip(unit.columns, values, strict=True))
                )
    return out


QUEUE = (
    "CREATE TABLE wachtrij (id INTEGER PRIMARY KEY, ticket TEXT, naam TEXT, bsn TEXT,"
    " geb TEXT, tel TEXT)"
)
INSERT = "INSERT INTO wachtrij VALUES (?, ?, ?, ?, ?, ?)"


def test_deleted_rows_of_a_live_table() -> None:
    rows = [(INSERT, (i + 1, f"T-{i}", *p)) for i, p in enumerate(PEOPLE)]
    rows.append((INSERT, (9, "T-9", "anoniem", None, None, None)))
    data = database([QUEUE, "ROWS ", "DELETE FROM wachtrij WHERE naam != 'anoniem'"], rows)
    found = tables(extract(data))
    assert [r["naam"] for r in found["wachtrij"]] == ["anoniem"]
    deleted = found["deleted/wachtrij"]
    assert sorted((r["naam"], r["bsn"], r["geb"], r["tel"]) for r in deleted) == sorted(PEOPLE)
    assert all(r["page"] == "2" and r["ticket"] for r in deleted)


def test_dropped_table_named_by_its_freed_create() -> None:
    create = "CREATE TABLE patient_import (id INTEGER PRIMARY KEY, naam TEXT, bsn TEXT, geb TEXT)"
    insert = "INSERT INTO patient_import (naam, bsn, geb) VALUES (?, ?, ?)"
    rows = [(insert, p[:3]) for p in PEOPLE]
    data = database([QUEUE, create, "ROWS ", "DROP TABLE patient_import"], rows)
    found = tables(extract(data))
    assert found["deleted/sqlite_master"][0]["name"] == "patient_import"
    dropped = sorted(found["deleted/patient_import"], key=lambda r: r["rowid"] or "")
    assert [(r["id"], r["naam"], r["bsn"], r["geb"]) for r in dropped] == [
        (str(i + 1), *p[:3]) for i, p in enumerate(PEOPLE)
    ]
    assert [r["rowid"] for r in dropped] == ["1", "2", "3"]
    assert all(r["page"] == "3" for r in dropped)


def test_large_dropped_table_over_many_pages() -> None:
    create = "CREATE TABLE oud (naam TEXT, bsn TEXT, opmerking TEXT)"
    insert = "INSERT INTO oud VALUES (?, ?, ?)"
    rows = [(insert, (f"{NAMES[i % 3]} {i}", BSN[i % 3], "x" * 60)) for i in range(600)]
    data = database([create, "ROWS ", "CREATE TABLE blijft (a TEXT)", "DROP TABLE oud"], rows)
    found = tables(extract(data))
    names = {r["naam"] for r in found["deleted/oud"]}
    assert len({n for n in names if n and n.split()[-1].isdigit()}) >= 590
    assert "deleted" not in found  # (every page's rows named, by the CREATE's width)


def test_long_rowids_and_values_carved() -> None:
    """Rowids of two bytes and a long text (a serial type of two bytes) move the record
    header: the carver's other hypotheses."""
    long = "monster afgegeven, " * 12
    rows = [(INSERT, (5000 + i, f"T-{i}", p[0], p[1], p[2], long)) for i, p in enumerate(PEOPLE)]
    data = database([QUEUE, "ROWS ", "DELETE FROM wachtrij WHERE id = 5001"], rows)
    deleted = tables(extract(data))["deleted/wachtrij"]
    assert [(r["naam"], r["bsn"], r["tel"]) for r in deleted] == [(PEOPLE[1][0], BSN[1], long)]


def test_secure_delete_and_fresh_database_give_nothing() -> None:
    rows = [(INSERT, (i + 1, f"T-{i}", *p)) for i, p in enumerate(PEOPLE)]
    fresh = database([QUEUE, "ROWS "], rows)
    assert not [p for p in tables(extract(fresh)) if p.startswith("deleted")]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "s.db")
        con = sqlite3.connect(path)
        con.execute("PRAGMA secure_delete = ON")
        con.execute(QUEUE)
        con.executemany(INSERT, [r[1] for r in rows])
        con.commit()
        con.execute("DELETE FROM wachtrij")
        con.commit()
        con.close()
        with open(path, "rb") as fh:
            wiped = fh.read()
    assert not [p for p in tables(extract(wiped)) if p.startswith("deleted")]


def test_utf16_database() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "u.db")
        con = sqlite3.connect(path)
        con.execute("PRAGMA encoding = 'UTF-16le'")
        con.execute("PRAGMA secure_delete = OFF")
        con.execute(QUEUE)
        con.executemany(INSERT, [(i + 1, f"T-{i}", *p) for i, p in enumerate(PEOPLE)])
        con.commit()
        con.execute("DELETE FROM wachtrij WHERE id = 2")
        con.commit()
        con.close()
        with open(path, "rb") as fh:
            data = fh.read()
    deleted = tables(extract(data))["deleted/wachtrij"]
    assert [(r["naam"], r["bsn"]) for r in deleted] == [PEOPLE[1][:2]]


def test_carving_by_the_spec() -> None:
    """A freeblock over a cell: [next, size] over its payload size, rowid, header length
    and first serial type (the rowid column's NULL)."""
    record = [0, 13 + 2 * 6, 13 + 2 * 9]
    values = b"Jansen" + BSN[0].encode()
    cell = bytes([1 + len(record) + len(values), 7, 1 + len(record), *record]) + values
    freed = b"\x00\x00" + struct.pack(">H", len(cell)) + cell[4:]
    db = Database(freed, 4096, 4096, "utf-8", 1)
    table = Table("t", ["id", "naam", "bsn"], 0)
    assert carved_cell(db, 0, len(freed), table) == ([None, "Jansen", BSN[0]], len(freed))
    unknown = carved_cell(db, 0, len(freed), None)
    assert unknown == ([None, "Jansen", BSN[0]], len(freed))
    with pytest.raises(Damaged):
        carved_cell(Database(b"\x00" * 40, 4096, 4096, "utf-8", 1), 0, 40, None)


def test_hostile_pages_end_quietly() -> None:
    rows = [(INSERT, (i + 1, f"T-{i}", *p)) for i, p in enumerate(PEOPLE)]
    data = database(
        [QUEUE, "ROWS ", "DELETE FROM wachtrij WHERE id = 2", "DROP TABLE wachtrij"], rows
    )
    rng = random.Random(7)
    schema = [("wachtrij", 2, QUEUE)]
    for _ in range(300):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            mutated[rng.randrange(100, len(data))] = rng.randrange(256)
        try:
            for unit in deleted_units(bytes(mutated), schema, "x.db", 1000):
                assert isinstance(unit, TableUnit | Note)
        except (Damaged, struct.error, IndexError):
            pass
    cyclic = bytearray(data)
    page = 4096
    struct.pack_into(">H", cyclic, page + 1, 200)  # a freeblock chain that loops
    struct.pack_into(">HH", cyclic, page + 200, 200, 64)
    struct.pack_into(">II", cyclic, 32, 2, 1)  # a freelist trunk that lists itself
    struct.pack_into(">II", cyclic, page, 2, 10**9)
    list(deleted_units(bytes(cyclic), schema, "x.db", 1000))
    with pytest.raises(Damaged):
        open_database(b"SQLite format 3\x00" + b"\x00\x03" + b"\x00" * 90)


def elfproef_bsn(rng: random.Random) -> str:
    """A synthetic nine-digit number that passes the elfproef."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


class Decodes:
    """Counts the values :mod:`sqlitefree` decodes (its ``value_text``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        decode = sqlitefree.value_text

        def counting(kind: int, raw: bytes, encoding: str) -> str | None:
            self.count += 1
            return decode(kind, raw, encoding)

        monkeypatch.setattr(sqlitefree, "value_text", counting)


def test_churned_database_read_decoding_little_beyond_its_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A clinic's database after deletes, a dropped table and appointments churned
    without VACUUM: every deleted patient found is one that was deleted, nearly all are
    found, and the values decoded to find them are few beyond the values found (candidate
    cells fail the checks that need no decoding first)."""
    rng = random.Random(74)
    first = ("Sanne", "Pieter", "Marieke", "Willem", "Fatima", "Bram")
    last = ("de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Meijer")
    people = [
        (i + 1, f"{rng.choice(last)}, {rng.choice(first)} {i}", elfproef_bsn(rng), f"06{i:08}")
        for i in range(800)
    ]
    gone = {p[0] for p in rng.sample(people, 80)}
    patient = "CREATE TABLE patient (id INTEGER PRIMARY KEY, naam TEXT, bsn TEXT, tel TEXT)"
    visit = "CREATE TABLE afspraak (id INTEGER PRIMARY KEY, patient INTEGER, notitie TEXT)"
    rows: list[tuple[str, tuple[object, ...]]] = [
        ("INSERT INTO patient VALUES (?, ?, ?, ?)", p) for p in people
    ]
    rows += [
        ("INSERT INTO afspraak VALUES (?, ?, ?)", (i + 1, i % 800, "controle " + "." * (i % 40)))
        for i in range(1600)
    ]
    churn = [
        f"DELETE FROM afspraak WHERE id % 5 = {r}; INSERT INTO afspraak (patient, notitie)"
        f" SELECT patient, 'herhaling' FROM afspraak WHERE id % 7 = {r}"
        for r in range(4)
    ]
    statements = [patient, visit, "CREATE TABLE oud (naam TEXT, bsn TEXT)", "ROWS "]
    statements += [f"DELETE FROM patient WHERE id IN ({', '.join(map(str, sorted(gone)))})"]
    statements += [s for c in churn for s in c.split("; ")]
    statements += ["INSERT INTO oud SELECT naam, bsn FROM patient WHERE id < 300"]
    statements += ["DROP TABLE oud"]
    data = database(statements, rows)
    decodes = Decodes(monkeypatch)
    units = extract(data)
    found = tables(units)
    assert len(found["patient"]) == 720
    wanted = {(p[1], p[2]): str(p[0]) for p in people if p[0] in gone}
    deleted = {(r["naam"], r["bsn"]): r["id"] for r in found["deleted/patient"]}
    assert all(key in wanted and id_ in (None, wanted[key]) for key, id_ in deleted.items())
    assert len(deleted) >= 76
    copied = {(p[1], p[2]) for p in people if p[0] < 300 and p[0] not in gone}
    dropped = {(r["naam"], r["bsn"]) for r in found["deleted/oud"]}
    assert dropped <= copied
    assert len(dropped) >= 0.95 * len(copied)
    values = sum(
        len(unit.columns) * unit.data.num_rows
        for unit in units
        if isinstance(unit, TableUnit) and (unit.location.part or "").startswith("deleted")
    )
    assert decodes.count <= 5 * values  # (3 here; 49 where every count was decoded)


def _freed_cell(columns: int) -> bytes:
    """A freeblock over a cell of ``columns`` values (the first the rowid column's NULL,
    the rest texts), its first 4 bytes (payload size, rowid, header length) overwritten."""
    texts = [f"{NAMES[i % 3]} {BSN[i % 3]}".encode() for i in range(columns - 1)]
    record = [0, *(13 + 2 * len(t) for t in texts)]
    body = b"".join(texts)
    size = 1 + len(record) + len(body)  # (a varint of 2 bytes)
    cell = bytes([0x80 | size >> 7, size & 0x7F, 7, 1 + len(record), *record]) + body
    return b"\x00\x00" + struct.pack(">H", len(cell)) + cell[4:]


@pytest.mark.parametrize("columns", [6, 12, 20])
def test_carving_an_unknown_width_decodes_few_values(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """A carved cell of a table not known: a column count (2 to 64) whose serial types
    do not fill the free space is left undecoded (they were decoded for every count)."""
    freed = _freed_cell(columns)
    decodes = Decodes(monkeypatch)
    _, stop = carved_cell(Database(freed, 4096, 4096, "utf-8", 1), 0, len(freed), None)
    assert stop == len(freed)
    assert decodes.count <= 2 * columns


def test_unallocated_text_searched_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unallocated space that holds text where no cell parses: no place of it gets a
    value decoded (a record's serial types must fill its payload first)."""
    text = (f"{NAMES[0]}, BSN {BSN[0]}, Dorpsstraat 12A, 1234 AB Utrecht; " * 70).encode()
    db = Database(text[:4000], 4096, 4096, "utf-8", 1)
    decodes = Decodes(monkeypatch)
    for pos in range(3996):
        with pytest.raises(Damaged):
            whole_cell(db, pos, 4000)
    assert decodes.count == 0
