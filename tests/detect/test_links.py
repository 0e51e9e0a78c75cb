"""Rows that refer to another table's row by key take that row's record: a results
table's rows join their patient's mention (``breachscope.detect.links``)."""

from __future__ import annotations

import io
import json

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
from breachscope.extract.csv import CsvExtractor
from breachscope.extract.json import JsonExtractor
from breachscope.extract.sql import SqlExtractor
from breachscope.extract.units import TableUnit, Unit
from breachscope.location import Location


@pytest.mark.parametrize(
    ("name", "word"),
    [("patient", "patient"), ("Patienten", "patient"), ("tbl_monsters", "monster"),
     ("lims.patients", "patient"), ("uitslag", "uitslag"), ("dbo.Order", "order"),
     ("Patiënten", "patient"), ("huisarts", "huisarts"), ("Huisartsen", "huisarts"),
     ("Cliënten", "patient"), ("deelnemers", "patient"), ("samples", "monster"),
     ("resultaten", "uitslag"), ("aanvragers", "huisarts"), ("personeel", "personeel")],
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
        ("monster", 4, "huisarts"),
        ("uitslag", 0, None),
        ("uitslag", 1, "monster"),
        ("patient", 0, None),
        ("huisarts", 0, None),
    }  # fmt: skip  (id; patient_id, huisarts_id; id; monster_id; id; id)
    first = next(k for k in keys if k["refers"] == "monster")
    assert (first["prefix"], first["row"], first["value"]) == ("db.sql#part=uitslag", 1, "10")
    csv = TableUnit.build(Location("e/uitslag_2024-01.csv"), ["id", "patient_id"], [["1", "2"]],
                          [2])  # fmt: skip
    got = keys_of([csv]).to_pylist()  # a whole file's table: named by its file, digits left out
    assert {(k["word"], k["prefix"], k["refers"], k["value"]) for k in got} == {
        ("uitslag", "e/uitslag_2024-01.csv", None, "1"),
        ("uitslag", "e/uitslag_2024-01.csv", "patient", "2"),
    }


@pytest.mark.parametrize(
    ("path", "part", "word"),
    [("export/patient.csv", None, "patient"), ("x/Patienten_2024-03.csv", None, "patient"),
     ("uitslagen_deel2.tsv", None, "uitslag"), ("a.zip!/db/tbl_monsters.csv", None, "monster"),
     ("Patienten.xlsx", "Blad1", "patient"), ("Patienten.xlsx", "Sheet 2", "patient"),
     ("lims.xlsx", "Patienten", "patient"), ("db.sql", "lims.uitslag", "uitslag"),
     ("Observation.ndjson", None, "observation"), ("2024.csv", None, "2024")],
)  # fmt: skip
def test_file_table(path: str, part: str | None, word: str) -> None:
    assert links.file_table(path, part) == word


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


def test_a_reference_takes_the_key_column_that_holds_its_values() -> None:
    """A sheet's row count ``Nr`` and its ``Patiëntnummer`` both hold distinct values:
    the results' ``Patiëntnummer`` refers to the column of its own header (all of its
    values are in both), and ``patient_id`` to the column that holds them."""
    patients = TableUnit.build(
        Location("w.xlsx", "Patiënten"), ["Nr", "Patiëntnummer", "Naam", "BSN"],
        [["1", "3", "P. Jansen", "123456782"], ["2", "1", "M. de Vries", "111222333"],
         ["3", "2", "A. Bakker", "010000008"]], [2, 3, 4])  # fmt: skip
    results = TableUnit.build(
        Location("w.xlsx", "Uitslagen"), ["Patiëntnummer", "hrHPV"],
        [["1", "positief"], ["3", "negatief"]], [2, 3])  # fmt: skip
    health = {r["value"]: r["record"] for r in _linked([patients, results])
              if r["data_class"] == "health"}  # fmt: skip
    assert health == {
        "positief": "w.xlsx#part=Pati%C3%ABnten&row=3",  # number 1: M. de Vries
        "negatief": "w.xlsx#part=Pati%C3%ABnten&row=2",
    }
    results = TableUnit.build(
        Location("w.xlsx", "Uitslagen"), ["patient_id", "hrHPV"],
        [["101", "positief"], ["103", "negatief"]], [2, 3])  # fmt: skip
    patients = TableUnit.build(
        Location("w.xlsx", "Patiënten"), ["Nr", "id", "Naam", "BSN"],
        [["1", "103", "P. Jansen", "123456782"], ["2", "101", "M. de Vries", "111222333"]],
        [2, 3])  # fmt: skip
    health = {r["value"]: r["record"] for r in _linked([results, patients])
              if r["data_class"] == "health"}  # fmt: skip
    assert health == {
        "positief": "w.xlsx#part=Pati%C3%ABnten&row=3",
        "negatief": "w.xlsx#part=Pati%C3%ABnten&row=2",
    }


FHIR = {
    "resourceType": "Bundle", "type": "transaction",
    "entry": [
        {"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
         "resource": {"resourceType": "Patient", "id": "p1",
                      "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/bsn",
                                      "value": "123456782"}],
                      "name": [{"family": "Jansen", "given": ["Petra"]}],
                      "birthDate": "1978-03-12",
                      "generalPractitioner": [
                          {"reference": "urn:uuid:88ebe359-bfdc-4613-8bf2-c5e300945f0b"}]}},
        {"fullUrl": "urn:uuid:88ebe359-bfdc-4613-8bf2-c5e300945f0b",
         "resource": {"resourceType": "Practitioner", "id": "gp1",
                      "name": [{"family": "Bakker", "given": ["Jan"], "prefix": ["dr."]}]}},
        {"fullUrl": "urn:uuid:99ebe359-bfdc-4613-8bf2-c5e300945f0c",
         "resource": {"resourceType": "Observation", "id": "o1", "status": "final",
                      "code": {"coding": [{"code": "77379-6", "display": "HPV high risk DNA"}]},
                      "subject": {"reference": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
                      "performer": [
                          {"reference": "urn:uuid:88ebe359-bfdc-4613-8bf2-c5e300945f0b"}],
                      "valueString": "positief"}},
        {"resource": {"resourceType": "Observation", "id": "o2",
                      "code": {"text": "Natrium"},
                      "subject": {"reference": "https://fhir.lab.example/fhir/Patient/p1"},
                      "valueQuantity": {"value": 140}}},
    ],
}  # fmt: skip


def test_a_fhir_observation_joins_the_patient_it_is_about() -> None:
    """An Observation's row refers to its subject by ``fullUrl`` or ``Patient/p1``, and
    to its performer: the GP's row is a provider's (a Practitioner), so the patient is
    the one person it leads to; and the patient's ``generalPractitioner`` gives her the
    GP's name."""
    data = json.dumps(FHIR).encode()
    source = Source("b.json", "json", len(data), lambda: io.BytesIO(data))
    units = [u for u in JsonExtractor().extract(source, Config()) if isinstance(u, TableUnit)]
    rows = _linked(units)
    patient = "b.json#part=entry&row=1"
    health = {(r["value"], r["record"]) for r in rows if r["data_class"] == "health"}
    assert health == {("positief", patient), ("140", patient)}
    gp = {(r["kind"], r["value"], r["record"]) for r in rows if r["location"].startswith(
        "b.json#part=entry&row=2")}  # fmt: skip
    assert gp == {
        (kind, value, record)
        for kind, value in (("provider_surname", "Bakker"), ("provider_given_names", "Jan"))
        for record in (None, patient)  # the GP's row, and through whom: the patient's GP
    }
    assert not [r for r in rows if r["location"].endswith(".reference")]  # (no names)


@pytest.mark.parametrize(
    ("reference", "target"),
    [("Patient/p1", "Patient/p1"), ("https://x.nl/fhir/Patient/p1", "Patient/p1"),
     ("urn:uuid:61ebe359", "urn:uuid:61ebe359"), ("#contained-1", None), (None, None),
     ("Patient/p1/_history/2", None)],
)  # fmt: skip
def test_fhir_reference_targets(reference: str | None, target: str | None) -> None:
    assert links._fhir_target(reference) == target


NORMALISED = b"""
CREATE TABLE `huisarts` (`id` int, `agb` char(8), `achternaam` varchar(80),
  `voorletters` varchar(10));
INSERT INTO `huisarts` VALUES (1,'01012345','Bakker','J.'),(2,'01054321','Visser','A.M.');
CREATE TABLE `monster` (`id` int, `patient_id` int, `huisarts_id` int, `afname` date);
INSERT INTO `monster` VALUES (10,1,2,'2024-05-02'),(11,2,1,'2024-05-03'),(12,1,2,'2024-09-01');
CREATE TABLE `patient` (`id` int, `bsn` char(9), `achternaam` varchar(80),
  `voorletters` varchar(20));
INSERT INTO `patient` VALUES (1,'123456782','Jansen','P.'),(2,'111222333','Vries','M.');
"""  # (the samples name their GP by id only)


def test_through_whom_a_patients_gp_by_key() -> None:
    """A sample refers to its patient and to its GP's row in the GP directory: the
    patient's mention gets that GP (her two samples, one GP: once), the GP's row stays a
    provider's."""
    units = _units(NORMALISED)
    found = linked(detect_units(units, Config(workers=1)), keys_of(units))
    rows = written_out(found).to_pylist()
    agb = sorted((r["value"], r["record"] or "") for r in rows if r["kind"] == "provider_agb")
    assert agb == [
        ("01012345", ""), ("01012345", "db.sql#part=patient&row=2"),
        ("01054321", ""), ("01054321", "db.sql#part=patient&row=1"),
    ]  # fmt: skip
    mentions = {m["surname"]: m for m in assemble(found).mentions.to_pylist()}
    assert set(mentions) == {"Jansen", "Vries"}
    assert (mentions["Jansen"]["provider_agb"], mentions["Jansen"]["provider_name"]) == (
        "01054321", "A.M. Visser")  # fmt: skip
    assert mentions["Vries"]["provider_agb"] == "01012345"


def test_a_patients_own_row_names_her_gp_by_key() -> None:
    """No row to link, only the patient's ``huisarts_id``: she still gets her GP."""
    dump = NORMALISED.split(b"CREATE TABLE `monster`")[0] + (
        b"CREATE TABLE `patient` (`id` int, `bsn` char(9), `achternaam` varchar(80),\n"
        b"  `huisarts_id` int);\n"
        b"INSERT INTO `patient` VALUES (1,'123456782','Jansen',2);\n"
    )
    units = _units(dump)
    rows = written_out(linked(detect_units(units, Config(workers=1)), keys_of(units))).to_pylist()
    mine = {(r["kind"], r["value"]) for r in rows if r["record"] == "db.sql#part=patient&row=1"}
    assert ("provider_agb", "01054321") in mine and ("provider_surname", "Visser") in mine


def _file_units(files: dict[str, bytes]) -> list[Unit]:
    """The table units of ``files`` (path in the dump -> bytes), each read by its kind."""
    readers = {"csv": CsvExtractor(), "sql": SqlExtractor(), "ndjson": JsonExtractor()}
    out: list[Unit] = []
    for path, data in files.items():
        kind = path.rsplit(".", 1)[-1]
        source = Source(path, kind, len(data), lambda data=data: io.BytesIO(data))  # type: ignore[misc]
        out += [u for u in readers[kind].extract(source, Config()) if isinstance(u, TableUnit)]
    return out


EXPORT = {
    "export/uitslag.csv": b"id,monster_id,test,cytologie\n100,10,cyto,Pap 3a1\n101,11,cyto,Pap 1\n",
    "export/monster.csv": b"id,patient_id,afname,huisarts_id\n10,1,2024-05-02,2\n"
    b"11,2,2024-05-03,1\n",
    "export/patient.csv": b"id,bsn,achternaam,voorletters\n1,123456782,Jansen,P.\n"
    b"2,111222333,Vries,M.\n",
    "export/huisarts.csv": b"id,agb,achternaam,voorletters\n1,01012345,Bakker,J.\n"
    b"2,01054321,Visser,A.\n",
}  # fmt: skip  (a database exported as one CSV per table)


def test_a_database_exported_as_one_csv_per_table_is_linked_across_its_files() -> None:
    rows = written_out(
        linked(detect_units(units := _file_units(EXPORT), Config(workers=1)), keys_of(units))
    ).to_pylist()
    health = {(r["value"], r["record"]) for r in rows if r["data_class"] == "health"}
    first, second = "export/patient.csv#row=2", "export/patient.csv#row=3"
    assert health == {("Pap 3a1", first), ("Pap 1", second)}
    agb = {(r["value"], r["record"]) for r in rows if r["kind"] == "provider_agb"}
    assert agb == {("01012345", None), ("01054321", None),  # the GP directory's rows
                   ("01054321", first), ("01012345", second)}  # fmt: skip
    assert _links(units) == {
        "export/monster.csv#row=2": ("export/patient.csv#row=2", 1),
        "export/monster.csv#row=3": ("export/patient.csv#row=3", 1),
        "export/uitslag.csv#row=2": ("export/patient.csv#row=2", 2),
        "export/uitslag.csv#row=3": ("export/patient.csv#row=3", 2),
    }  # fmt: skip


def test_tables_of_other_folders_are_not_linked() -> None:
    files = {p.replace("export/monster", "other/monster"): d for p, d in EXPORT.items()}
    assert _links(_file_units(files)) == {}


def test_a_table_exported_in_parts_and_one_sql_file_per_table() -> None:
    """The patients in a series of two CSVs, the samples in an SQL file of their own."""
    files = {
        "db/patient_deel1.csv": b"id;bsn;achternaam\n1;123456782;Jansen\n",
        "db/patient_deel2.csv": b"id;bsn;achternaam\n2;111222333;Vries\n",
        "db/monster.sql": b"CREATE TABLE monster (id int, patient_id int, hpv varchar(20));\n"
        b"INSERT INTO monster VALUES (10,2,'positief'),(11,1,'negatief');\n",
    }
    assert _links(_file_units(files)) == {
        "db/monster.sql#part=monster&row=1": ("db/patient_deel2.csv#row=2", 1),
        "db/monster.sql#part=monster&row=2": ("db/patient_deel1.csv#row=2", 1),
    }


def test_backups_side_by_side_keep_to_their_own_rows() -> None:
    """Two dumps of one database in one folder, the same ids for other people: each
    sample takes its own file's patient (the other file's table is its own file's)."""

    def dump(name: bytes, bsn: bytes) -> bytes:
        return (b"CREATE TABLE patient (id int, bsn char(9), achternaam varchar(20));\n"
                b"INSERT INTO patient VALUES (1,'" + bsn + b"','" + name + b"');\n"
                b"CREATE TABLE monster (id int, patient_id int, hpv varchar(20));\n"
                b"INSERT INTO monster VALUES (10,1,'positief');\n")  # fmt: skip

    files = {"b/maandag.sql": dump(b"Jansen", b"123456782"),
             "b/dinsdag.sql": dump(b"Vries", b"111222333")}  # fmt: skip
    assert _links(_file_units(files)) == {
        "b/maandag.sql#part=monster&row=1": ("b/maandag.sql#part=patient&row=1", 1),
        "b/dinsdag.sql#part=monster&row=1": ("b/dinsdag.sql#part=patient&row=1", 1),
    }


def test_a_fhir_bulk_export_links_its_resource_files() -> None:
    """``Observation.ndjson`` refers to ``Patient/p1`` of ``Patient.ndjson``."""
    patients = [{"resourceType": "Patient", "id": f"p{i}", "birthDate": "1971-03-04",
                 "name": [{"family": family, "given": ["Petra"]}]}
                for i, family in ((1, "Jansen"), (2, "Vries"))]  # fmt: skip
    observations = [{"resourceType": "Observation", "id": f"o{i}", "code": {"text": "hrHPV"},
                     "subject": {"reference": f"Patient/p{3 - i}"}, "valueString": "positief"}
                    for i in (1, 2)]  # fmt: skip
    files = {
        f"bulk/{kind}.ndjson": "".join(json.dumps(r) + "\n" for r in rows).encode()
        for kind, rows in (("Patient", patients), ("Observation", observations))
    }
    assert _links(_file_units(files)) == {
        "bulk/Observation.ndjson#row=1": ("bulk/Patient.ndjson#row=2", 1),
        "bulk/Observation.ndjson#row=2": ("bulk/Patient.ndjson#row=1", 1),
    }


def test_one_table_by_other_words() -> None:
    """A sample's ``patient_id`` names the ``clienten`` table, its ``huisarts_id`` the
    ``Huisartsen`` table (plural and singular of one word)."""
    files = {
        "x/clienten.csv": b"id;bsn;achternaam\n7;123456782;Jansen\n",
        "x/monsters.csv": b"id;patient_id;huisarts_id;hpv\n10;7;3;positief\n",
        "x/Huisartsen.csv": b"id;agb;achternaam\n3;01012345;Bakker\n",
    }
    units = _file_units(files)
    assert _links(units) == {"x/monsters.csv#row=2": ("x/clienten.csv#row=2", 1)}
    rows = written_out(linked(detect_units(units, Config(workers=1)), keys_of(units))).to_pylist()
    assert ("01012345", "x/clienten.csv#row=2") in {
        (r["value"], r["record"]) for r in rows if r["kind"] == "provider_agb"
    }


def test_no_reference_to_a_table_there_links_nothing() -> None:
    """A CSV's ``huisnummer`` names no table of the keys given: the findings come back
    as they are, without a database (``breachscope detect FILE`` on a CSV)."""
    units = _file_units({"x.csv": b"naam;bsn;huisnummer\nJansen;123456782;12\n"})
    found = detect_units(units, Config(workers=1))
    keys = keys_of(units)
    assert keys.column("refers").to_pylist() == ["huis"]
    assert linked(found, keys) is found
