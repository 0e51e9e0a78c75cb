"""Rows that refer to another table's row by key take that row's record: a results
table's rows join their patient's mention (``breachscope.detect.links``)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.assemble import assemble
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.detect.links import record_links, referred, table_word
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


def test_chains_of_keys_lead_to_the_patient() -> None:
    links = record_links(_units(DUMP))
    assert links["db.sql#part=monster&row=1"] == (
        ("db.sql#part=patient&row=1", "db.sql#part=huisarts&row=1"),  # (the GP's: no one's)
    )
    assert links["db.sql#part=uitslag&row=1"] == (
        ("db.sql#part=monster&row=1",),
        ("db.sql#part=patient&row=1", "db.sql#part=huisarts&row=1"),  # via its sample
    )


def test_a_results_row_joins_its_patients_mention() -> None:
    found = detect_units(_units(DUMP), Config(workers=1))
    rows = written_out(found).to_pylist()
    health = {(r["value"], r["record"], r["location"]) for r in rows if r["data_class"] == "health"}
    assert health == {
        ("positief", "db.sql#part=patient&row=1", "db.sql#part=monster&row=1&col=hpv"),
        ("negatief", "db.sql#part=patient&row=2", "db.sql#part=monster&row=2&col=hpv"),
        ("Pap 3a1", "db.sql#part=patient&row=1", "db.sql#part=uitslag&row=1&col=cytologie"),
        ("Pap 1", "db.sql#part=patient&row=2", "db.sql#part=uitslag&row=2&col=cytologie"),
    }
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
    assert record_links(units) == {}  # 1 of 3 values is a key: no reference
    units[1] = TableUnit.build(Location("w.xlsx", "Uitslagen"), ["patient_id", "naam", "hpv"],
                               [["1", "A. de Boer", "positief"]], [2])  # fmt: skip
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()
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
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()
    health = {r["value"]: r["record"] for r in rows if r["data_class"] == "health"}
    assert health == {
        "positief": "d.sql#part=patient&row=1",
        "negatief": "d.sql#part=contact&row=1",
    }
