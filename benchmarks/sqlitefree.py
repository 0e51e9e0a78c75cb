"""What reading a SQLite database's deleted rows costs: synthetic patient databases (one
with rows deleted, a table dropped and pages churned without ``VACUUM``; one with nothing
deleted) read by the SQLite extractor, timed (median of N), with or without the deleted
rows; ``--profile`` prints cProfile's top items, ``--rows FILE`` writes the rows found
(the parts ``deleted/...``) for comparing two versions of the reader.

    PYTHONPATH=src python -m benchmarks.sqlitefree --scale 1.0 --repeat 3
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

FIRST = ("Jan", "Marieke", "Pieter", "Sanne", "Willem", "Fatima", "Mohamed", "Anouk", "Bram")
LAST = ("de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Bos")
TOWNS = ("Utrecht", "Zwolle", "Deventer", "Amersfoort", "Haarlem", "Leiden", "Breda")
TESTS = ("HbA1c", "Hb", "TSH", "hrHPV", "CRP", "eGFR", "LDL")


def bsn(rng: random.Random) -> str:
    """A nine-digit number that passes the elfproef."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def person(rng: random.Random) -> tuple[str, ...]:
    name = f"{rng.choice(LAST)}, {rng.choice(FIRST)}"
    return (
        name,
        bsn(rng),
        f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-{rng.randint(1935, 2015)}",
        f"Dorpsstraat {rng.randint(1, 300)}",
        f"{rng.randint(1000, 9999)} {rng.choice('BCDHJKLMNPRSTVXZ')}{rng.choice('ABEHKLNPRST')}",
        rng.choice(TOWNS),
        f"06{rng.randint(10_000_000, 99_999_999)}",
    )


SCHEMA = [
    "CREATE TABLE patient (id INTEGER PRIMARY KEY, naam TEXT, bsn TEXT, geb TEXT,"
    " adres TEXT, postcode TEXT, plaats TEXT, tel TEXT)",
    "CREATE INDEX patient_bsn ON patient (bsn)",
    "CREATE TABLE afspraak (id INTEGER PRIMARY KEY, patient INTEGER, datum TEXT,"
    " arts TEXT, notitie TEXT)",
    "CREATE TABLE uitslag (id INTEGER PRIMARY KEY, patient INTEGER, test TEXT,"
    " waarde REAL, opmerking TEXT)",
    "CREATE TABLE import_oud (naam TEXT, bsn TEXT, geb TEXT, tel TEXT)",
    "CREATE TABLE sessie (token TEXT PRIMARY KEY, naam TEXT, tijd TEXT) WITHOUT ROWID",
]


def build(path: Path, scale: float, deleted: bool, seed: int = 74) -> None:
    """A clinic's database: ``scale`` 1.0 holds 40,000 patients and about 25 MB; with
    ``deleted`` a tenth of the patients deleted, a table dropped, appointments churned."""
    rng = random.Random(seed)
    n = int(40_000 * scale)
    con = sqlite3.connect(path)
    con.execute("PRAGMA secure_delete = OFF")
    con.execute("PRAGMA auto_vacuum = NONE")
    for statement in SCHEMA:
        con.execute(statement)
    con.executemany(
        "INSERT INTO patient VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((i + 1, *person(rng)) for i in range(n)),
    )
    con.executemany(
        "INSERT INTO afspraak VALUES (?, ?, ?, ?, ?)",
        (
            (
                i + 1,
                rng.randint(1, n),
                f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
                f"dr. {rng.choice(LAST)}",
                "controle na " + rng.choice(TESTS) + " " * rng.randint(0, 40),
            )
            for i in range(n * 2)
        ),
    )
    con.executemany(
        "INSERT INTO uitslag VALUES (?, ?, ?, ?, ?)",
        (
            (i + 1, rng.randint(1, n), rng.choice(TESTS), rng.random() * 100, "x" * 80)
            for i in range(n)
        ),
    )
    con.executemany(
        "INSERT INTO import_oud VALUES (?, ?, ?, ?)",
        ((p[0], p[1], p[2], p[6]) for p in (person(rng) for _ in range(n // 4))),
    )
    con.executemany(
        "INSERT INTO sessie VALUES (?, ?, ?)",
        ((f"tok{i:08x}", person(rng)[0], "2024-05-01") for i in range(n // 10)),
    )
    con.commit()
    if deleted:
        gone = rng.sample(range(1, n + 1), n // 10)
        con.executemany("DELETE FROM patient WHERE id = ?", ((i,) for i in gone))
        con.execute("DELETE FROM uitslag WHERE id % 7 = 0")
        con.execute("DROP TABLE import_oud")
        con.commit()
        for round_ in range(5):  # churn: appointments deleted and added, no VACUUM
            con.execute("DELETE FROM afspraak WHERE id % 5 = ?", (round_,))
            con.executemany(
                "INSERT INTO afspraak (patient, datum, arts, notitie) VALUES (?, ?, ?, ?)",
                (
                    (rng.randint(1, n), "2025-01-02", f"dr. {rng.choice(LAST)}", "herhaling")
                    for _ in range(n // 4)
                ),
            )
            con.commit()
        con.execute("DELETE FROM sessie WHERE token < 'tok00000400'")
        con.commit()
    con.close()


def units(data: bytes, name: str) -> list[object]:
    from breachscope.config import Config
    from breachscope.extract.base import Source
    from breachscope.extract.sqlite import SqliteExtractor

    source = Source(name, "sqlite", len(data), lambda: io.BytesIO(data))
    return list(SqliteExtractor().extract(source, Config()))


def deleted_only(data: bytes, path: Path) -> list[object]:
    """The deleted rows' units alone (:func:`deleted_units`, the schema read first)."""
    from breachscope.extract.sqlitefree import deleted_units

    con = sqlite3.connect(path)
    try:
        schema = [
            (str(r[0]), r[1], str(r[2] or ""))
            for r in con.execute(
                "SELECT name, rootpage, sql FROM sqlite_master WHERE type = 'table'"
            )
        ]
    finally:
        con.close()
    return list(deleted_units(data, schema, path.name, 10_000))


def deleted_rows(found: list[object]) -> Iterator[str]:
    """Each row of a part ``deleted...`` as one line (part, then values)."""
    from breachscope.extract.base import Note
    from breachscope.extract.units import TableUnit

    for unit in found:
        if isinstance(unit, TableUnit) and (unit.location.part or "").startswith("deleted"):
            for row in unit.data.to_pylist():
                values = [row[f"c{i}"] for i in range(len(unit.columns))]
                yield json.dumps([unit.location.part, values], ensure_ascii=False)
        elif isinstance(unit, Note):
            yield json.dumps(["note", str(unit.location), unit.message])


def timed(work: Callable[[], list[object]], repeat: int) -> tuple[list[object], float, float]:
    """What ``work`` returns (its first run's) and the median wall and CPU seconds of
    ``repeat`` runs (CPU time: a shared machine's other work slows the wall clock)."""
    walls, cpus, first = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        found = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        first = found if first is None else first
    return first or [], statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="folder for the databases (built there once)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--split", action="store_true", help="time the deleted rows alone too")
    parser.add_argument("--rows", help="file to write the deleted rows found to")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        lines: list[str] = []
        for name, deleted in (("kliniek-churn.db", True), ("kliniek-schoon.db", False)):
            path = folder / f"{args.scale}-{name}"
            if not path.exists():
                build(path, args.scale, deleted)
            data = path.read_bytes()
            found, wall, cpu = timed(lambda data=data, name=name: units(data, name), args.repeat)
            rows = sorted(deleted_rows(found))
            lines += rows
            print(
                f"{name}: {len(data) / 1e6:.1f} MB, {wall:.2f} s wall, {cpu:.2f} s CPU"
                f" (median of {args.repeat}), {len(rows)} deleted rows and notes"
            )
            if args.split:
                _, wall, cpu = timed(
                    lambda data=data, path=path: deleted_only(data, path), args.repeat
                )
                print(f"  of which the deleted rows: {wall:.3f} s wall, {cpu:.3f} s CPU")
            if args.profile:
                profile = cProfile.Profile()
                profile.runcall(units, data, name)
                pstats.Stats(profile).sort_stats("tottime").print_stats(12)
        if args.rows:
            Path(args.rows).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
