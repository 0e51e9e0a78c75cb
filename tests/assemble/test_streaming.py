"""Assemble on a case streams findings in batches and still matches the pure function."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from breachscope.assemble import assemble, assemble_case, stream
from breachscope.assemble.store import key_ranges, query_arrow, retry_out_of_memory
from breachscope.case import Case
from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.engine.store import insert_findings
from breachscope.location import Location

SURNAMES = ["Jansen", "de Vries", "Bakker", "van Dijk", "Visser", "Smit"]


def _findings(seed: int) -> list[Finding]:
    """Table rows in several files and free-text parts with several people each."""
    rng = random.Random(seed)
    out: list[Finding] = []
    for f in range(3):
        path = f"lims/export_{f}.csv"
        for row in rng.sample(range(1, 200), 40):
            rec = str(Location(path, None, row))
            out.append(Finding("name", "surname", "t", rng.choice(SURNAMES),
                               Location(path, None, row, "naam"), 0.9, "x", rec))  # fmt: skip
            if rng.random() < 0.8:
                out.append(Finding("bsn", "bsn", "t", "111222333",
                                   Location(path, None, row, "bsn"), 0.9, "x", rec))  # fmt: skip
            out.append(Finding("health", "hpv", "t", "positief",
                               Location(path, None, row, "hpv"), 0.8, "x", rec))  # fmt: skip
    for d in range(4):
        for part in ("body", "page-1", "page-2"):
            path = f"mail/{d}.eml"
            for k in range(rng.randint(0, 4)):
                start = 500 * k + rng.randint(0, 50)
                name = f"M. {rng.choice(SURNAMES)}"
                loc = Location(path, part, None, None, start, start + len(name))
                out.append(Finding("name", "full_name", "t", name, loc, 0.9, "x"))
                dob = Location(path, part, None, None, start + 30, start + 40)
                out.append(Finding("date_of_birth", "date_of_birth", "t", "12-03-1975", dob, 0.9,
                                   "x"))  # fmt: skip
            far = Location(path, part, None, None, 9000, 9010)
            out.append(Finding("phone", "phone", "t", "0201234567", far, 0.7, "x"))
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_case_assemble_equals_pure_assemble_with_small_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    findings = _findings(seed)
    expected = assemble(findings_to_arrow(sorted(findings, key=_case_order)))
    monkeypatch.setattr(stream, "BATCH_ROWS", 7)  # groups straddle batches
    with Case.init(tmp_path / "case") as case:
        insert_findings(case.con, findings_to_arrow(findings))
        summary = assemble_case(case)
        mentions = query_arrow(case.con, "SELECT * FROM mentions")
        lost = query_arrow(case.con, "SELECT * FROM unattributed_evidence")
        leftovers = case.con.sql("SELECT count(*) FROM duckdb_tables() "
                                 "WHERE table_name LIKE '__staged%'").fetchall()  # fmt: skip
    assert summary.mentions == expected.mentions.num_rows > 0
    assert summary.unattributed == expected.unattributed.num_rows > 0
    assert mentions.to_pylist() == expected.mentions.to_pylist()
    assert lost.to_pylist() == expected.unattributed.to_pylist()
    assert leftovers == [(0,)]


def _case_order(f: Finding) -> tuple[str, str, str, str, str]:
    return (f.location.path, str(f.location), f.kind, f.detector, f.value)


def test_pure_assemble_accepts_dictionary_strings() -> None:
    table = findings_to_arrow(_findings(4))
    fields = [
        pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type, f.nullable)
        for f in table.schema
    ]
    plain = table.cast(pa.schema(fields))
    labels = ("data_class", "kind", "detector", "path", "explanation", "record")
    encoded = plain
    for name in labels:
        i = encoded.schema.get_field_index(name)
        encoded = encoded.set_column(i, name, pc.dictionary_encode(encoded[name]))
    assert assemble(encoded).mentions.equals(assemble(plain).mentions)


@pytest.mark.parametrize("n, rows", [(0, 3), (1, 3), (10, 3), (10, 10), (25, 4)])
def test_key_ranges_cover_every_key_once_in_order(n: int, rows: int) -> None:
    con = duckdb.connect()
    keys = [f"k{i:03d}'" for i in random.Random(n).sample(range(1000), n)]
    con.execute("CREATE TABLE t AS SELECT unnest(?::VARCHAR[]) AS k", [keys])
    got: list[str] = []
    for where in key_ranges(con, "t", "k", "k", rows=rows):
        chunk = [r[0] for r in con.sql(f"SELECT k FROM t WHERE {where} ORDER BY k").fetchall()]
        assert 0 < len(chunk) <= rows
        got += chunk
    assert got == sorted(keys)


def test_out_of_memory_is_retried_with_twice_the_limit() -> None:
    con = duckdb.connect()
    calls: list[str] = []

    def step() -> str:
        calls.append(con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0])
        if len(calls) < 3:
            raise RuntimeError("step failed") from duckdb.OutOfMemoryException("no memory")
        return "done"

    assert retry_out_of_memory(con, 100, step) == "done"
    assert len(calls) == 3 and calls[1] != calls[2]

    def other() -> None:
        raise ValueError("not memory")

    with pytest.raises(ValueError):
        retry_out_of_memory(con, 100, other)


def test_a_commit_that_finds_no_memory_is_retried_with_twice_the_limit() -> None:
    """An insert's commit that finds no block within the limit fails with a transaction
    error, not an out-of-memory one (a 10,000-person synth dump's assemble did so)."""
    con = duckdb.connect()
    calls: list[str] = []

    def step() -> str:
        calls.append(con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0])
        if len(calls) < 2:
            raise duckdb.TransactionException(
                "TransactionContext Error: Failed to commit: could not allocate block of "
                "size 256.0 KiB (91.5 MiB/91.5 MiB used)"
            )
        return "done"

    assert retry_out_of_memory(con, 100, step) == "done"
    assert len(calls) == 2 and calls[0] != calls[1]

    def conflict() -> None:
        raise duckdb.TransactionException("TransactionContext Error: Conflict on update")

    with pytest.raises(duckdb.TransactionException):
        retry_out_of_memory(con, 100, conflict)
