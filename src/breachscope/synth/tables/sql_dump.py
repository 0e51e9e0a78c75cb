"""SQL dumps of the screening database: ``CREATE TABLE`` plus multi-row ``INSERT``; and
the same database exported one CSV per table (:func:`csv_tables`).

Two dialects: ``mysql`` (backquoted names, backslash escapes, ``ENGINE=InnoDB``) and
``ansi`` (double-quoted names, quotes doubled). Tables: ``huisarts`` (GPs: providers, no
mentions), ``patient_uitslag`` (one row per record; its mentions), ``audit_log`` (noise),
and the newer normalised schema, every :data:`NORMALISED_EVERY`-th record: ``patient``
(who: its mentions), ``monster`` (a sample: ``patient_id``, lab number, sample date, the
GP's ``huisarts_id`` and AGB code) and ``uitslag`` (a result: ``monster_id`` and the
result columns), written before ``patient`` as mysqldump orders tables by name. Mentions
are ``part='patient_uitslag'`` or ``part='patient'``, ``row=N``: the 1-based index of the
row among that table's inserted rows; a ``patient`` row's mention exposes what its
sample's and result's rows hold too (the GP, the result), which name no one themselves.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from breachscope.synth.formats.mentions import exposed
from breachscope.synth.model import GP, Rendered
from breachscope.synth.tables.common import result_cells
from breachscope.synth.writer import TruthMention, WrittenFile

TABLE = "patient_uitslag"
ROWS_PER_INSERT = 50
NORMALISED_EVERY = 3
"""Every third record is written to the normalised tables (``patient``, ``monster``,
``uitslag``) instead of ``patient_uitslag``."""
_PATIENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "INT NOT NULL"),
    ("bsn", "VARCHAR(9)"),
    ("achternaam", "VARCHAR(80) NOT NULL"),
    ("tussenvoegsel", "VARCHAR(20)"),
    ("voorletters", "VARCHAR(20)"),
    ("geboortedatum", "DATE"),
    ("straat", "VARCHAR(80)"),
    ("huisnummer", "VARCHAR(12)"),
    ("postcode", "VARCHAR(7)"),
    ("woonplaats", "VARCHAR(60)"),
    ("telefoon", "VARCHAR(20)"),
    ("email", "VARCHAR(120)"),
    ("labnummer", "CHAR(9)"),
    ("barcode", "VARCHAR(16)"),
    ("afnamedatum", "DATE"),
    ("onderzoek", "VARCHAR(20)"),
    ("hpv", "VARCHAR(10)"),
    ("genotype", "VARCHAR(10)"),
    ("pap", "VARCHAR(10)"),
    ("kopac_b", "VARCHAR(24)"),
    ("uitslag", "VARCHAR(200)"),
    ("huisarts_id", "INT"),
    ("huisarts_agb", "CHAR(8)"),
)
_PATIENT_FIELDS = frozenset(
    {
        "bsn",
        "surname",
        "prefix",
        "given",
        "date_of_birth",
        "street",
        "house",
        "postcode",
        "city",
        "phone",
        "email",
        "gp_agb",
    }
)
_WHO = slice(0, 12)
_SAMPLE = (slice(12, 15), slice(21, 23))
_RESULT = slice(15, 21)
"""Where the normalised tables' columns stand among :data:`_PATIENT_COLUMNS` (and their
values in a ``patient_uitslag`` row): the patient's ``id`` to ``email``; the sample's lab
number, barcode and date, and its GP; the result's test and result columns."""
_WHO_COLUMNS = _PATIENT_COLUMNS[_WHO]
_SAMPLE_COLUMNS = (
    ("id", "INT NOT NULL"),
    ("patient_id", "INT NOT NULL"),
    *(c for part in _SAMPLE for c in _PATIENT_COLUMNS[part]),
)
_RESULT_COLUMNS = (
    ("id", "INT NOT NULL"),
    ("monster_id", "INT NOT NULL"),
    *_PATIENT_COLUMNS[_RESULT],
)
_GP_COLUMNS = (
    ("id", "INT NOT NULL"),
    ("agb", "CHAR(8) NOT NULL"),
    ("voorletters", "VARCHAR(20)"),
    ("tussenvoegsel", "VARCHAR(20)"),
    ("achternaam", "VARCHAR(80)"),
    ("praktijk", "VARCHAR(120)"),
    ("postcode", "VARCHAR(7)"),
    ("plaats", "VARCHAR(60)"),
    ("telefoon", "VARCHAR(20)"),
)
_AUDIT_COLUMNS = (
    ("id", "INT NOT NULL"),
    ("tijdstip", "DATETIME"),
    ("gebruiker", "VARCHAR(40)"),
    ("actie", "VARCHAR(40)"),
    ("object_id", "INT"),
)
_USERS = ("svc_lims", "svc_screenit", "analist01", "analist07", "patholoog03", "admin")
_ACTIONS = ("LOGIN", "EXPORT", "VIEW_RESULT", "UPDATE_STATUS", "PRINT_LABEL", "LOGOUT")

Value = str | int | None


class _Dialect:
    def __init__(self, name: str) -> None:
        self.name = name

    def ident(self, name: str) -> str:
        return f"`{name}`" if self.name == "mysql" else f'"{name}"'

    def literal(self, value: Value) -> str:
        if value is None or value == "":
            return "NULL"
        if isinstance(value, int):
            return str(value)
        if self.name == "mysql":
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + value.replace("'", "''") + "'"


def _table(
    d: _Dialect, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Value]]
) -> str:
    kind = "DATETIME" if d.name == "mysql" else "TIMESTAMP"
    cols = ",\n".join(f"  {d.ident(c)} {t.replace('DATETIME', kind)}" for c, t in columns)
    tail = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" if d.name == "mysql" else ""
    parts = [
        f"DROP TABLE IF EXISTS {d.ident(name)};",
        f"CREATE TABLE {d.ident(name)} (\n{cols},\n  PRIMARY KEY ({d.ident('id')})\n){tail};",
    ]
    for i in range(0, len(rows), ROWS_PER_INSERT):
        values = ",\n".join(
            "(" + ",".join(d.literal(v) for v in row) + ")" for row in rows[i : i + ROWS_PER_INSERT]
        )
        parts.append(f"INSERT INTO {d.ident(name)} VALUES\n{values};")
    return "\n".join(parts) + "\n\n"


def _gp_row(i: int, gp: GP) -> list[Value]:
    a = gp.address
    return [
        i,
        gp.agb,
        gp.initials,
        gp.prefix,
        gp.surname,
        gp.practice,
        a.postcode,
        a.city,
        gp.phone,
    ]


def _patient_row(i: int, r: Rendered, gp_ids: dict[str, int]) -> list[Value]:
    s = r.sample
    res = result_cells(s)
    return [
        i,
        r.bsn,
        r.surname,
        r.prefix,
        r.given,
        r.date_of_birth,
        r.street,
        r.house,
        r.postcode,
        r.city,
        r.phone,
        r.email,
        s.lab_number if s else None,
        s.barcode if s else None,
        r.sample_date,
        res["test"],
        res["hpv"],
        res["genotype"],
        res["pap"],
        res["kopac"],
        res["text"],
        gp_ids.get(r.gp_agb),
        r.gp_agb,
    ]


def write(
    records: Sequence[Rendered], rng: random.Random, *, dialect: str = "mysql"
) -> WrittenFile:
    """A dump of the three tables; records must carry ISO dates (noise family ``sql``)."""
    d = _Dialect(dialect)
    gp_ids, gp_rows = _gp_table(records)
    base = rng.randint(1000, 90000)
    flat = [r for i, r in enumerate(records) if i % NORMALISED_EVERY != NORMALISED_EVERY - 1]
    normal = [r for i, r in enumerate(records) if i % NORMALISED_EVERY == NORMALISED_EVERY - 1]
    rows = [_patient_row(base + i, r, gp_ids) for i, r in enumerate(flat)]
    who, samples, results = _normalised(normal, base, gp_ids)
    moment = datetime(2025, 7, 3, 1, 0) + timedelta(minutes=rng.randint(0, 600))
    audit: list[list[Value]] = []
    for i in range(rng.randint(20, 60)):
        moment += timedelta(seconds=rng.randint(1, 900))
        audit.append(
            [
                i + 1,
                moment.strftime("%Y-%m-%d %H:%M:%S"),
                rng.choice(_USERS),
                rng.choice(_ACTIONS),
                base + rng.randrange(max(1, len(records))),
            ]
        )
    if dialect == "mysql":
        head = (
            "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n"
            "-- Host: lims-db01    Database: screening\n"
            "-- ------------------------------------------------------\n"
            "/*!40101 SET NAMES utf8mb4 */;\nSET FOREIGN_KEY_CHECKS=0;\n\n"
        )
    else:
        head = "-- screening database export\nBEGIN;\n\n"
    text = (
        head
        + _table(d, "huisarts", _GP_COLUMNS, gp_rows)
        + _table(d, "monster", _SAMPLE_COLUMNS, samples)
        + _table(d, "patient", _WHO_COLUMNS, who)
        + _table(d, TABLE, _PATIENT_COLUMNS, rows)
        + _table(d, "uitslag", _RESULT_COLUMNS, results)
        + _table(d, "audit_log", _AUDIT_COLUMNS, audit)
        + ("SET FOREIGN_KEY_CHECKS=1;\n" if dialect == "mysql" else "COMMIT;\n")
    )
    mentions = tuple(
        TruthMention(
            r.person_id,
            exposed(r, _PATIENT_FIELDS, health=r.sample is not None),
            part=TABLE,
            row=n,
        )
        for n, r in enumerate(flat, start=1)
    ) + _patient_mentions(normal, part="patient", first=1)
    return WrittenFile(text.encode("utf-8"), mentions)


def csv_tables(
    records: Sequence[Rendered], rng: random.Random, *, delimiter: str = ","
) -> list[tuple[str, WrittenFile]]:
    """The normalised tables of ``records`` exported one CSV per table (``huisarts.csv``,
    ``monster.csv``, ``patient.csv``, ``uitslag.csv``), as a database's export tool
    writes them: a header line, ISO dates, empty cells for NULL. The mentions are
    ``patient.csv``'s rows (``row`` its line), exposing what the rows that point at
    them hold; the other tables name no one."""
    gp_ids, gp_rows = _gp_table(records)
    who, samples, results = _normalised(records, rng.randint(1000, 90000), gp_ids)
    tables = (("huisarts", _GP_COLUMNS, gp_rows), ("monster", _SAMPLE_COLUMNS, samples),
              ("patient", _WHO_COLUMNS, who), ("uitslag", _RESULT_COLUMNS, results))  # fmt: skip
    out = []
    for name, columns, rows in tables:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([c for c, _ in columns])
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        mentions = _patient_mentions(records, part=None, first=2) if name == "patient" else ()
        out.append((f"{name}.csv", WrittenFile(buf.getvalue().encode("utf-8"), mentions)))
    return out


def _patient_mentions(
    records: Sequence[Rendered], *, part: str | None, first: int
) -> tuple[TruthMention, ...]:
    """The mentions of the normalised ``patient`` table's rows (numbered from ``first``):
    each exposes its sample's GP and its result, held in the rows that point at it."""
    return tuple(
        TruthMention(
            r.person_id,
            exposed(r, _PATIENT_FIELDS if r.sample else _PATIENT_FIELDS - {"gp_agb"},
                    health=r.sample is not None),
            part=part,
            row=n,
        )
        for n, r in enumerate(records, start=first)
    )  # fmt: skip


def _gp_table(records: Sequence[Rendered]) -> tuple[dict[str, int], list[list[Value]]]:
    """The GPs of ``records``' samples: their ids by AGB code, and their rows."""
    gps: dict[str, GP] = {}
    for r in records:
        if r.sample is not None:
            gps.setdefault(r.sample.gp.agb, r.sample.gp)
    gp_ids = {agb: i for i, agb in enumerate(sorted(gps), start=1)}
    return gp_ids, [_gp_row(gp_ids[agb], gps[agb]) for agb in sorted(gps)]


def _normalised(
    records: Sequence[Rendered], base: int, gp_ids: dict[str, int]
) -> tuple[list[list[Value]], list[list[Value]], list[list[Value]]]:
    """The ``patient``, ``monster`` and ``uitslag`` rows of ``records``: a sample and
    its result for each record with a sample, each pointing at its row by key."""
    who: list[list[Value]] = []
    samples: list[list[Value]] = []
    results: list[list[Value]] = []
    for i, r in enumerate(records):
        row = _patient_row(base + 500_000 + i, r, gp_ids)
        who.append(row[_WHO])
        s = r.sample
        if s is None:
            continue
        sample_id = base + 700_000 + len(samples)
        samples.append([sample_id, row[0], *(v for part in _SAMPLE for v in row[part])])
        results.append([len(results) + 1, sample_id, *row[_RESULT]])
    return who, samples, results
