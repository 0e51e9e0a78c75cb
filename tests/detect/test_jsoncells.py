"""JSON held whole in a table's cells is read at its paths, in columns of the same row
(an app's SQLite ``uitslag.payload``), not as free text where its keys label nothing."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.jsoncells import MAX_PATHS, json_cells, query_fields
from breachscope.extract.units import TableUnit
from breachscope.location import Location


def _unit(headers: list[str], rows: list[list[str | None]]) -> TableUnit:
    cols = {f"c{i}": pa.array([r[i] for r in rows], pa.string()) for i in range(len(headers))}
    cols["__row__"] = pa.array(range(1, len(rows) + 1), pa.int64())
    return TableUnit(Location("app.db", "uitslag"), tuple(headers), pa.table(cols))


def _payload(name: str, bsn: str, genotype: str | None, pap: str | None) -> str:
    return json.dumps(
        {
            "patientNaam": name,
            "bsn": bsn,
            "resultaten": [
                {"code": "HPV", "waarde": "positief", "genotype": genotype},
                {"code": "CYTO", "waarde": pap},
            ],
        }
    )


def test_a_columns_json_documents_become_columns_of_their_paths() -> None:
    unit = _unit(
        ["_id", "payload"],
        [["1", '{"bsn": "111222333", "uitslag": {"hpv": "negatief"}}'],
         ["2", "[1] zie notitie"],  # only starts like JSON: stays text
         ["3", None],
         ["4", '["Pap 1", "Pap 2"]']],
    )  # fmt: skip
    got = json_cells(unit)
    assert got.columns == ("_id", "payload", "payload.bsn", "payload.uitslag.hpv",
                           "payload.0", "payload.1")  # fmt: skip
    assert got.data.to_pydict() == {
        "c0": ["1", "2", "3", "4"],
        "c1": [None, "[1] zie notitie", None, None],
        "c2": ["111222333", None, None, None],
        "c3": ["negatief", None, None, None],
        "c4": [None, None, None, "Pap 1"],
        "c5": [None, None, None, "Pap 2"],
        "__row__": [1, 2, 3, 4],
    }


def test_a_column_of_nothing_but_json_gives_way_to_its_paths() -> None:
    unit = _unit(["payload", "ontvangen"], [['  {"naam": "A. Jansen"}\n', "1709021814554"]])
    got = json_cells(unit)
    assert got.columns == ("payload.naam", "ontvangen")
    assert got.data.column("c0").to_pylist() == ["A. Jansen"]


def test_a_table_without_json_is_the_same_unit() -> None:
    unit = _unit(
        ["naam", "opmerking"], [["A. Jansen", "{niet: json}"], ["B. Smit", "[zie bijlage]"]]
    )
    assert json_cells(unit) is unit


def test_json_of_too_many_paths_stays_text() -> None:
    rows: list[list[str | None]] = [[json.dumps({f"veld{i}": "x"})] for i in range(MAX_PATHS + 1)]
    unit = _unit(["payload"], rows)
    assert json_cells(unit) is unit
    assert (
        json_cells(_unit(["payload"], rows[:MAX_PATHS])).columns[-1]
        == f"payload.veld{MAX_PATHS - 1}"
    )


def test_a_payloads_values_are_found_at_their_paths() -> None:
    """rt12's app database: the genotype in a result's object was a string among strings
    to free text (``overig hrHPV`` missed), and ``payload.resultaten`` was an address
    column to the header matcher (``payloADRESultaten``)."""
    unit = _unit(
        ["_id", "samenvatting", "payload"],
        [["1", "hrHPV positief", _payload("I.A. Vermeer", "827415473", "overig hrHPV", "Pap 3a1")],
         ["2", "hrHPV positief", _payload("A.M. ter Horst", "279213153", "HPV 16 en 18", "Pap 1")],
         ["3", "hrHPV negatief", _payload("H. Bos", "747653677", None, None)]],
    )  # fmt: skip
    found = findings_from_arrow(detect_units([unit], Config(workers=1)))
    got = {(str(f.location), f.data_class, f.value) for f in found}
    assert ("app.db#part=uitslag&row=1&col=payload.resultaten.0.genotype", "health",
            "overig hrHPV") in got  # fmt: skip
    assert ("app.db#part=uitslag&row=3&col=payload.bsn", "bsn", "747653677") in got
    assert ("app.db#part=uitslag&row=2&col=payload.resultaten.1.waarde", "health", "Pap 1") in got
    assert not [g for g in got if g[1] == "address"]


def test_a_query_string_in_a_cell_is_read_at_its_fields() -> None:
    query = "achternaam=de+Boer&voornaam=Kim&gebdat=05-09-1967&bsn=322524726&email=kim%40x.nl&bsn=1"
    unit = _unit(["cs-uri-stem", "cs-uri-query"], [["/zoek.aspx", query], ["/", "-"]])
    spread = json_cells(unit)
    assert spread.columns == (
        "cs-uri-stem",
        "cs-uri-query",
        "cs-uri-query.achternaam",
        "cs-uri-query.voornaam",
        "cs-uri-query.gebdat",
        "cs-uri-query.bsn",
        "cs-uri-query.email",
        "cs-uri-query.bsn (2)",
    )
    assert spread.data.column("c2").to_pylist() == ["de Boer", None]
    assert spread.data.column("c6").to_pylist() == ["kim@x.nl", None]
    assert spread.data.column("c1").to_pylist() == [None, "-"]  # (the cell that is no query)
    found = findings_from_arrow(detect_units([unit], Config(workers=1)))
    assert {(f.data_class, f.value) for f in found} >= {
        ("bsn", "322524726"),
        ("date_of_birth", "1967-09-05"),
        ("email", "kim@x.nl"),
    }


@pytest.mark.parametrize(
    "cell",
    [
        "bsn=322524726",  # one field: a labelled value, read as text
        "naam=Kim de Boer&bsn=322524726",  # white space: no query
        "https://portaal.nl/zoek?bsn=322524726&x=1",  # a URL, not a query alone
        "a==b&c",
    ],
)
def test_what_is_no_query_stays_in_its_cell(cell: str) -> None:
    assert query_fields(cell) is None
    unit = _unit(["q"], [[cell]])
    assert json_cells(unit) is unit
