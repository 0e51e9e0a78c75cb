"""Numbered records of keys and values (a ``.properties`` file's test patients) are read
as table rows (``breachscope.detect.keyrecords``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.keyrecords import key_records
from breachscope.extract.units import TextUnit
from breachscope.location import Location

PROPERTIES = (
    "#Testpati\\u00ebnten voor de HL7-koppeling\n"
    "hl7.endpoint=https\\://hl7-acc.example.nl\\:8443/oru\n"
    "testpatient.1.bsn=648623221\n"
    "testpatient.1.naam=L. Bos-Hoekstra\n"
    "testpatient.1.geboortedatum=19830716\n"
    "testpatient.1.opmerking=Testcase TC-11, \\\n"
    "    Pati\\u00ebnte is zwanger (31 weken).\n"
    "testpatient.2.bsn=218638401\n"
    "testpatient.2.naam=M. van Wijk-Wi\\u015bniewska\n"
    "testpatient.2.geboortedatum=19851224\n"
)


def _found(text: str) -> set[tuple[str, str, str]]:
    unit = TextUnit(Location("t.properties"), text)
    return {
        (f.data_class, f.value, str(f.location))
        for f in findings_from_arrow(detect_units([unit], Config(workers=1)))
    }


def test_a_properties_files_test_patients_are_rows() -> None:
    """Each numbered record a row of its prefix's table, its fields columns (a BSN and a
    birth date under keys that no text would read as labels), values unescaped."""
    found = _found(PROPERTIES)
    part = "t.properties#part=testpatient"
    assert ("bsn", "648623221", f"{part}&row=3&col=bsn") in found
    assert ("date_of_birth", "1985-12-24", f"{part}&row=8&col=geboortedatum") in found
    assert ("name", "M. van Wijk-Wiśniewska", f"{part}&row=8&col=naam") in found
    assert any(c == "health" and "zwanger" in v and "row=3" in loc for c, v, loc in found)


def test_the_records_lines_are_blanked_and_other_keys_stay_text() -> None:
    rest, tables = key_records(TextUnit(Location("t.properties"), PROPERTIES))
    assert [t.num_rows for t in tables] == [2]
    assert tables[0].columns == ("bsn", "naam", "geboortedatum", "opmerking")
    assert "hl7.endpoint" in rest.text and "648623221" not in rest.text
    assert len(rest.text) == len(PROPERTIES) and rest.text.count("\n") == PROPERTIES.count("\n")


def test_bracketed_numbers_and_colons() -> None:
    text = "".join(
        f"patient[{n}].{k}: {v}\n"
        for n, bsn in ((0, "123456782"), (1, "111222333"))
        for k, v in (("bsn", bsn), ("achternaam", "Jansen"), ("postcode", "1234 AB"))
    )
    _, (table,) = key_records(TextUnit(Location("a.yml"), text))
    assert table.location.part == "patient" and table.num_rows == 2


def test_a_list_of_single_values_is_no_record() -> None:
    """Two fields a number shares are a setting's list, not a person's record."""
    text = "server.1.host=a.example.nl\nserver.1.port=8080\nserver.2.host=b\nport=1\n"
    unit = TextUnit(Location("app.properties"), text)
    assert key_records(unit) == (unit, [])


@given(st.text(alphabet="ab.1=:\\\n []u0", max_size=60))
def test_any_text_keeps_its_length_and_lines(text: str) -> None:
    rest, _ = key_records(TextUnit(Location("x"), text))
    assert len(rest.text) == len(text) and rest.text.count("\n") == text.count("\n")


def test_a_dummys_record_gives_nothing() -> None:
    text = "t.1.naam=Test Testpatiënt\nt.1.bsn=999999990\nt.1.geboortedatum=01-01-1970\n"
    assert _found(text) == set()


PSQL = (
    "lims=> \\x\nExpanded display is on.\n"
    "-[ RECORD 1 ]-+------------------------\n"
    "bsn           | 691399402\n"
    "naam          | Bruijn, M. de\n"
    "geboortedatum | 1966-12-21\n"
    "postcode      | 3060 NG\n"
    "-[ RECORD 2 ]-+------------------------\n"
    "bsn           | 249244056\n"
    "naam          | Meer, S. van der\n"
    "geboortedatum | 1973-02-01\n"
    "\n(2 rows)\n"
)
MYSQL = (
    "mysql> SELECT * FROM patient WHERE id=7\\G\n"
    "*************************** 1. row ***************************\n"
    "           bsn: 691399402\n"
    "          naam: Bruijn, M. de\n"
    " geboortedatum: 1966-12-21\n"
    "1 row in set (0.00 sec)\n"
)


def test_psqls_expanded_records_are_rows() -> None:
    found = _found(PSQL)
    part = "t.properties#part=record"
    assert ("address", "3060NG", f"{part}&row=4&col=postcode") in found
    assert ("date_of_birth", "1973-02-01", f"{part}&row=9&col=geboortedatum") in found
    assert ("name", "M. de Bruijn", f"{part}&row=4&col=naam") in found


def test_mysqls_vertical_rows_are_rows() -> None:
    rest, (table,) = key_records(TextUnit(Location("ticket.txt"), MYSQL))
    assert table.location.part == "row" and table.columns == ("bsn", "naam", "geboortedatum")
    assert "691399402" not in rest.text and "1 row in set" in rest.text
