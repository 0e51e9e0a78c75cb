"""ASTM E1394 records in a text (a middleware's trace of an instrument's messages): each
patient's records a row, her fields named by the standard; no header record, no rows."""

from __future__ import annotations

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.textastm import astm_records
from breachscope.extract.units import TextUnit
from breachscope.location import Location

TRACE = (
    "2024-05-13 09:12:44.138 [COM3] <- <ENQ>\n"
    "2024-05-13 09:12:44.177 [COM3] <- <STX>1H|\\^&|||cobas 6800^1.4|||||LIS||P|1|20240513"
    "<CR><ETX>28<CR><LF>\n"
    "2024-05-13 09:12:44.234 [COM3] <- <STX>2P|1||C24-10325|123456782|van Leeuwen-de Graaf"
    "^Noëlle||19600419|F||Lindenlaan 210^Oldenzaal^^7577BX^NL||0651538040|01082195^"
    "Huisartsenpraktijk Berghuizen<CR><ETX>92<CR><LF>\n"
    "2024-05-13 09:12:44.289 [COM3] -> <ACK>\n"
    "2024-05-13 09:12:44.348 [COM3] <- <STX>3O|1|C24-10325||^^^HPV^cobas HPV^^1|R<CR><ETX>\n"
    "2024-05-13 09:12:44.421 [COM3] <- <STX>4R|1|^^^HPV16/HR^HPV16^^1|POS|||||F<CR><ETX>66\n"
    "2024-05-13 09:12:44.457 [COM3] <- <STX>5R|2|^^^HPV18/HR^HPV18^^1|NEG|||||F<CR><ETX>6B\n"
    "2024-05-13 09:12:44.719 [COM3] <- <STX>6P|2||C24-42639|111222333|BRUIJN^EP^^DE||"
    "19650606|F<CR><ETX>0A\n"
    "2024-05-13 09:12:45.900 [COM3] <- <STX>7L|1|N<CR><ETX>05\n"
)


def test_each_patients_records_are_a_row() -> None:
    rest, tables = astm_records(TextUnit(Location("trace.log"), TRACE))
    rows = {
        (row, name): value
        for t in tables
        for i, name in enumerate(t.columns)
        for row, value in zip(
            t.data.column("__row__").to_pylist(), t.data.column(f"c{i}").to_pylist(), strict=True
        )
        if value
    }
    assert rows[(3, "P-6 naam")] == "van Leeuwen-de Graaf, Noëlle"
    assert rows[(3, "P-5 id 3 (bsn)")] == "123456782"
    assert rows[(3, "P-8 geboortedatum")] == "19600419"
    assert rows[(3, "P-11.4 postcode")] == "7577BX"
    assert rows[(3, "R-4 uitslag")] == "POS" and rows[(3, "R[2]-4 uitslag")] == "NEG"
    assert rows[(8, "P-6 naam")] == "BRUIJN, EP DE"
    assert "Lindenlaan" not in rest.text and "<ENQ>" in rest.text  # (the records blanked)


def test_the_patients_are_found() -> None:
    found = {
        (f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(
            detect_units([TextUnit(Location("trace.log"), TRACE)], Config(workers=1))
        )
    }
    assert found >= {
        (3, "bsn", "123456782"),
        (3, "date_of_birth", "1960-04-19"),
        (3, "address", "7577BX"),
        (3, "phone", "+31651538040"),
        (3, "provider", "Huisartsenpraktijk Berghuizen"),
        (8, "bsn", "111222333"),
        (8, "date_of_birth", "1965-06-06"),
    }


def test_no_header_record_no_rows() -> None:
    for text in (
        TRACE.replace("H|\\^&", "X|\\^&"),
        "Zie veld P|1 in de handleiding en H|\\^& voor de scheidingstekens.",
    ):
        unit = TextUnit(Location("t.txt"), text)
        assert astm_records(unit) == (unit, [])
