"""Rows that refer to another table's row by key take that row's record: a results
table's rows join their patient's mention (``breachscope.detect.links``)."""

from __future__ import annotations

import io

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.assemble import assemble
from breachscope.config import Config
from breachscope.detect import links
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.detect.links import (
    KEYS_INSERT,
    keys_of,
    link_records,
    linked,
    referred,
    table_word,
)
from breachscope.extract.base import Source
from breachscope.extract.sql import SqlExtractor
from breachscope.extract.units import TableUnit, Unit
from breachscope.location import Location


@pytest.mark.parametrize(
    ("name", "word"),
    [("patient", "patient"), ("Patienten", "patient"), ("tbl_monsters", "monster"),
     ("lims.patients", "patient"), ("uitslag", "uitslag"), ("dbo.Order", "order"),
     ("Patiënten", "patient")],
)  # fmt: skip
def test_table_word(name: str, word: str) -> None:
    assert table_word(name) == word


@pytest.mark.parametrize(
    ("header", "table"),
    [("patient_id", "patient"), ("PatientId", "patient"), ("id_patient", "patient"),
     ("patient_nr", "patient"), ("monsterId", "monster"), ("patientnummer", "patient"),
     ("id", None), ("naam", None), ("bsn", None), ("huisnummer", "huis")],
)  # fmt: skip
def test_referred(header: str, table: str | None) -> None:
    assert referred(header) == table


@given(st.from_regex(r"[a-z]{3,12}", fullmatch=True))
def test_a_key_header_names_its_table(word: str) -> None:
    """``<table>_id`` always names the table a ``<table>`` part is read as."""
    assert referred(f"{word}_id") == table_word(word)


DUMP = b"""
CREATE TABLE `monster` (`id` int, `patient_id` int, `afname` date, `hpv` varchar(20),
  `huisarts_id` int, `huisarts_agb` char(8));
INSERT INTO `monster` VALUES (10,1,'2024-05-02','positief',1,'01012345'),
  (11,2,'2024-05-03','negatief',2,'01054321');
CREATE TABLE `uitslag` (`id` int, `monster_id` int, `test` varchar(20), `cytologie` varchar(20));
INSERT INTO `uitslag` VALUES (100,10,'cyto','Pap 3a1'),(101,11,'cyto','Pap 1');
CREATE TABLE `patient` (`id` int, `bsn` char(9), `achternaam` varchar(80),
  `voorletters` varchar(20), `geboortedatum` date);
INSERT INTO `patient` VALUES (1,'123456782','Jansen','P.','1978-03-12'),
  (2,'111222333','Vries','M.','1965-11-02');
CREATE TABLE `huisarts` (`id` int, `agb` char(8), `achternaam` varchar(80));
INSERT INTO `huisarts` VALUES (1,'01012345','Bakker'),(2,'01054321','Visser');
"""  # (results first, as mysqldump orders tables by name; a GP table with ids 1 and 2)


def _units(data: bytes) -> list[Unit]:
    source = Source("db.sql", "sql", len(data), lambda: io.BytesIO(data))
    return [u for u in SqlExtractor().extract(source, Config()) if isinstance(u, TableUnit)]


def _linked(units: list[Unit]) -> list[dict[str, object]]:
    """The written-out findings of ``units``, linked as a scan links them."""
    return written_out(linked(detect_units(units, Config(workers=1)), keys_of(units))).to_pylist()


def _links(units: list[Unit]) -> dict[str, tuple[str, int]]:
    """record -> (linked record, steps), as ``link_records`` writes them for ``units``."""
    con = _case_like(units)
    try:
        n = link_records(con)
        got = {r: (to, hops) for r, to, hops in con.sql("FROM record_links").fetchall()}
        assert n == len(got)
        assert con.sql("SELECT count(*) FROM record_keys").fetchall() == [(0,)]  # (used up)
        return got
    finally:
        con.close()


def test_keys_of_a_dump_are_its_tables_keys_and_references() -> None:
    keys = keys_of(_units(DUMP)).to_pylist()
    assert {(k["word"], k["position"], k["refers"]) for k in keys} == {
        ("monster", 0, None),
        ("monster", 1, "patient"),
        ("monster", 4, "huisart"),
        ("uitslag", 0, None),
        ("uitslag", 1, "monster"),
        ("patient", 0, None),
        ("huisart", 0, None),
    }  # fmt: skip  (id; patient_id, huisarts_id; id; monster_id; id; id)
    first = next(k for k in keys if k["refers"] == "monster")
    assert (first["prefix"], first["row"], first["value"]) == ("db.sql#part=uitslag", 1, "10")
    csv = TableUnit.build(Location("x.csv"), ["id", "patient_id"], [["1", "2"]], [2])
    assert keys_of([csv]).num_rows == 0  # a table that is no part of its file


def test_chains_of_keys_lead_to_the_patient() -> None:
    assert _links(_units(DUMP)) == {
        "db.sql#part=monster&row=1": ("db.sql#part=patient&row=1", 1),  # not the GP's row
        "db.sql#part=monster&row=2": ("db.sql#part=patient&row=2", 1),
        "db.sql#part=uitslag&row=1": ("db.sql#part=patient&row=1", 2),  # via its sample
        "db.sql#part=uitslag&row=2": ("db.sql#part=patient&row=2", 2),
    }


def test_a_results_row_joins_its_patients_mention() -> None:
    units = _units(DUMP)
    found = linked(detect_units(units, Config(workers=1)), keys_of(units))
    rows = written_out(found).to_pylist()
    health = {(r["value"], r["record"], r["location"]) for r in rows if r["data_class"] == "health"}
    assert health == {
        ("positief", "db.sql#part=patient&row=1", "db.sql#part=monster&row=1&col=hpv"),
        ("negatief", "db.sql#part=patient&row=2", "db.sql#part=monster&row=2&col=hpv"),
        ("Pap 3a1", "db.sql#part=patient&row=1", "db.sql#part=uitslag&row=1&col=cytologie"),
        ("Pap 1", "db.sql#part=patient&row=2", "db.sql#part=uitslag&row=2&col=cytologie"),
    }
    assert found.column("cell").null_count == found.num_rows - sum(
        1 for r in rows if r["record"] and r["location"].startswith(r["record"] + "&")
    )  # a moved finding's location is written out; the others keep their cells
    agb = {(r["value"], r["record"]) for r in rows if r["kind"] == "provider_agb"}
    assert ("01012345", "db.sql#part=patient&row=1") in agb  # through whom: her GP
    result = assemble(found)
    classes = {m["surname"]: set(m["data_classes"]) for m in result.mentions.to_pylist()}
    assert "health" in classes["Jansen"] and "health" in classes["Vries"]
    assert not [r for r in result.unattributed.to_pylist() if r["data_class"] == "health"]


def test_no_link_where_keys_do_not_match_or_the_row_names_someone() -> None:
    units = [
        TableUnit.build(Location("w.xlsx", "Patienten"), ["id", "naam", "bsn"],
                        [["1", "P. Jansen", "123456782"]], [2]),
        TableUnit.build(Location("w.xlsx", "Uitslagen"), ["patient_id", "naam", "hpv"],
                        [["1", "A. de Boer", "positief"], ["7", None, "negatief"],
                         ["8", None, "negatief"]], [2, 3, 4]),
    ]  # fmt: skip
    assert _links(units) == {}  # 1 of 3 values is a key: no reference
    units[1] = TableUnit.build(Location("w.xlsx", "Uitslagen"), ["patient_id", "naam", "hpv"],
                               [["1", "A. de Boer", "positief"]], [2])  # fmt: skip
    rows = _linked(units)
    mine = {r["record"] for r in rows if r["data_class"] == "health"}
    assert mine == {"w.xlsx#part=Uitslagen&row=2"}  # she is named in her own row


def test_the_nearest_person_is_the_one() -> None:
    """An order points at its patient, the patient at her GP: the order is hers; a row
    that points at two people equally near is no one's."""
    units = [
        TableUnit.build(Location("d.sql", "patient"), ["id", "naam", "bsn", "huisarts_id"],
                        [["1", "P. Jansen", "123456782", "9"]], [1]),
        TableUnit.build(Location("d.sql", "huisarts"), ["id", "agb"], [["9", "01012345"]], [1]),
        TableUnit.build(Location("d.sql", "partner"), ["id", "naam", "bsn"],
                        [["1", "A. de Boer", "111222333"]], [1]),
        TableUnit.build(Location("d.sql", "order"), ["id", "patient_id", "hpv"],
                        [["5", "1", "positief"]], [1]),
        TableUnit.build(Location("d.sql", "contact"), ["patient_id", "partner_id", "hpv"],
                        [["1", "1", "negatief"]], [1]),
    ]  # fmt: skip
    rows = _linked(units)
    health = {r["value"]: r["record"] for r in rows if r["data_class"] == "health"}
    assert health == {
        "positief": "d.sql#part=patient&row=1",
        "negatief": "d.sql#part=contact&row=1",
    }


def _case_like(units: list[Unit]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("_f", detect_units(units, Config(workers=1)))
    con.execute("CREATE TABLE finding_rows AS SELECT * FROM _f")
    con.register("_k", keys_of(units))
    con.execute(f"CREATE TABLE record_keys AS SELECT {KEYS_INSERT} FROM _k")
    con.execute("CREATE TABLE record_links (record VARCHAR, linked VARCHAR, hops INTEGER)")
    return con


def _state(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[object, ...]], ...]:
    return tuple(
        con.sql(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
        for t in ("finding_rows", "record_links", "record_keys")
    )


def test_linking_in_chunks_and_after_an_interruption_ends_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The findings move in chunks of rows, each chunk its own transaction; stopped
    before the links are written, linking again ends as an uninterrupted run."""
    whole = _case_like(_units(DUMP))
    assert link_records(whole) == 4
    monkeypatch.setattr(links, "CHUNK_ROWS", 1)  # rows 1 and 2: two chunks
    stopped = _case_like(_units(DUMP))
    ends = links._END_SQL
    monkeypatch.setattr(links, "_END_SQL", ("SELECT error('stopped')", *ends))
    with pytest.raises(duckdb.Error, match="stopped"):
        link_records(stopped)
    moved = stopped.sql(
        "SELECT count(*) FROM finding_rows WHERE record LIKE '%part=patient%' "
        "AND location LIKE '%part=monster%'"
    ).fetchall()
    assert moved == [(4,)] and _state(stopped)[1:] == ([], _state(_case_like(_units(DUMP)))[2])
    monkeypatch.setattr(links, "_END_SQL", ends)
    assert link_records(stopped) == 4
    assert _state(stopped) == _state(whole)
    assert link_records(stopped) == 0  # (nothing left to link)
