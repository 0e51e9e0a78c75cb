"""HL7 v2 and EDIFACT: standard field ids, separators, escapes, one row per message."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ExtractError, Source
from breachscope.extract.edifact import EdifactExtractor, Syntax
from breachscope.extract.hl7 import Hl7Extractor, Separators, message_record
from breachscope.extract.units import TableUnit

from .samples import HL7_MESSAGES


def table(
    extractor: Hl7Extractor | EdifactExtractor, data: bytes, kind: str
) -> dict[tuple[int, str], str]:
    source = Source("m", kind, len(data), lambda: io.BytesIO(data))
    out: dict[tuple[int, str], str] = {}
    for unit in extractor.extract(source, Config()):
        assert isinstance(unit, TableUnit)
        for record in unit.data.to_pylist():
            for i, name in enumerate(unit.columns):
                if record[f"c{i}"] is not None:
                    out[(record["__row__"], name)] = record[f"c{i}"]
    return out


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a\\F\\b", "a|b"),
        ("a\\S\\b", "a^b"),
        ("a\\T\\b", "a&b"),
        ("a\\R\\b", "a~b"),
        ("a\\E\\b", "a\\b"),
        ("r1\\.br\\r2", "r1\nr2"),
        ("\\X41\\", "A"),
        ("\\H\\bold\\N\\", "bold"),
        ("no escape", "no escape"),
        ("dangling \\F", "dangling \\F"),
    ],
)
def test_hl7_escapes(raw: str, text: str) -> None:
    assert Separators().unescape(raw) == text


def test_hl7_field_component_repetition_and_segment_ids() -> None:
    data = ("\x0b" + "\r".join(HL7_MESSAGES[0].split("\r")) + "\x1c\r").encode()
    got = table(
        Hl7Extractor(),
        b"FHS|^~\\&|LIMS\rBHS|^~\\&\r" + data + b"\n" + HL7_MESSAGES[1].encode(),
        "hl7",
    )
    assert got[(1, "PID-3.1")] == "123456782"
    assert got[(1, "PID-3(2).1")] == "Z1234567"
    assert got[(1, "PID-5")] == "Jansen&de Vries^Marieke^^^mevr."
    assert got[(1, "PID-5.1")] == "Jansen&de Vries"
    assert got[(1, "PID-7")] == "19780304"
    assert got[(1, "PID-11.5")] == "1234 AB"
    assert got[(1, "PID-13.1")] == "0612345678"
    assert got[(1, "ORC-12.2")] == "Huisarts"
    assert got[(1, "OBR-16.1")] == "01234567"
    assert got[(1, "OBX-5")] == "positief (HPV16)"
    assert got[(1, "OBX[2]-5")] == "Pap 2\nKOPAC-B K1 O1 P2 A1 C1 B1"
    assert got[(1, "MSH-9")] == "ORU^R01^ORU_R01" and got[(1, "MSH-10")] == "MSG0001"
    assert got[(2, "PID-5.1")] == "van der Berg"
    assert (1, "FHS-3") not in got


def test_hl7_next_of_kin_is_a_row_of_its_own() -> None:
    """NK1 (a partner, a parent) is another person: rows in part NK1 (NK1[2] for a
    message's second), numbered by message, never in the patient's row."""
    msg = (
        "MSH|^~\\&|HIS|HA|LIMS|LAB|202406011200||ORM^O01|{n}|P|2.5\r"
        "PID|1||^^^^||Jansen^Anna^^^^^L||19780303|F\r"
        "NK1|1|Jansen^Peter|SPO^Echtgenoot|Kerkstraat 12^^Utrecht^^1234AB|0687654321\r"
        "{second}PV1|1|O\r"
    )
    data = (
        msg.format(n=1, second="")
        + msg.format(n=2, second="NK1|2|Bakker^Els|MTH^Moeder||0611111111\r")
    ).encode()
    source = Source("m.hl7", "hl7", len(data), lambda: io.BytesIO(data))
    rows: dict[tuple[str | None, int], dict[str, str]] = {}
    for unit in Hl7Extractor().extract(source, Config()):
        assert isinstance(unit, TableUnit)
        for record in unit.data.to_pylist():
            cells = {n: record[f"c{i}"] for i, n in enumerate(unit.columns) if record[f"c{i}"]}
            rows[(unit.location.part, record["__row__"])] = cells
    assert sorted(rows, key=str) == sorted(
        [(None, 1), (None, 2), ("NK1", 1), ("NK1", 2), ("NK1[2]", 2)], key=str
    )
    assert not any(k.startswith("NK1") for k in rows[(None, 1)])
    assert rows[(None, 2)]["PID-5.2"] == "Anna" and rows[(None, 2)]["PV1-2"] == "O"
    assert rows[("NK1", 1)]["NK1-2.2"] == "Peter"
    assert rows[("NK1", 1)]["NK1-5"] == "0687654321"
    assert rows[("NK1[2]", 2)]["NK1-2"] == "Bakker^Els"
    assert rows[("NK1[2]", 2)]["NK1-3.2"] == "Moeder"


def test_hl7_next_of_kin_beyond_the_cap_stay_in_the_message() -> None:
    """A hostile message with thousands of NK1 segments makes at most MAX_OTHER_PEOPLE
    parts; the rest stay in its row, as NK1[21]-2..."""
    from breachscope.extract.hl7 import person_records
    from breachscope.extract.otherpeople import MAX_OTHER_PEOPLE

    n = MAX_OTHER_PEOPLE + 5
    segments = ["MSH|^~\\&|A|B|C|D|202401010000||ORM^O01|1|P|2.5", "PID|1||x||Jansen^Anna"]
    segments += [f"NK1|{i}|Kin{i}^X" for i in range(1, n + 1)]
    parts = [part for part, _ in person_records(segments)]
    assert len(parts) == MAX_OTHER_PEOPLE and parts[-1] == f"NK1[{MAX_OTHER_PEOPLE}]"
    row = message_record(segments)
    assert f"NK1[{MAX_OTHER_PEOPLE + 1}]-2" in row and f"NK1[{MAX_OTHER_PEOPLE}]-2" not in row
    assert row["PID-5.1"] == "Jansen"


def test_hl7_separators_come_from_msh() -> None:
    record = message_record(["MSH#:~\\&#LIMS", "PID#1##123##Jansen:Marieke"])
    assert record["MSH-1"] == "#" and record["MSH-3"] == "LIMS"
    assert record["PID-5.2"] == "Marieke"


@pytest.mark.parametrize(
    ("field", "columns"),
    [
        ("0612345678~^NET^Internet^p@x.nl",  # a plain first repetition is its .1
         {"PID-13.1": "0612345678", "PID-13(2)": "^NET^Internet^p@x.nl",
          "PID-13(2).2": "NET", "PID-13(2).3": "Internet", "PID-13(2).4": "p@x.nl"}),
        ("0612345678~0201234567", {"PID-13.1": "0612345678", "PID-13(2)": "0201234567"}),
        ("0612345678", {}),  # one plain value: the field's column alone
        ("^PRN^PH^^^^^^^^^0612345678~0201234567",
         {"PID-13.2": "PRN", "PID-13.3": "PH", "PID-13.12": "0612345678",
          "PID-13(2)": "0201234567"}),
        ("~0201234567", {"PID-13(2)": "0201234567"}),
    ],
)  # fmt: skip
def test_hl7_repetitions(field: str, columns: dict[str, str]) -> None:
    record = message_record(["MSH|^~\\&|LIMS", f"PID|1||||||||||||{field}"])
    got = {k: v for k, v in record.items() if k.startswith("PID-13") and k != "PID-13"}
    assert got == columns
    assert record["PID-13"] == field


def test_hl7_without_msh_fails() -> None:
    with pytest.raises(ExtractError, match="MSH"):
        table(Hl7Extractor(), b"PID|1||123\r", "hl7")


def test_edifact_una_release_and_messages() -> None:
    from .samples import edifact_sample

    got = table(EdifactExtractor(), edifact_sample().data, "edifact")
    assert got[(1, "NAD+PAT-3.1")] == "Jansen+de Vries"
    assert got[(1, "DTM+329-1.2")] == "19780304"
    assert got[(1, "FTX+AAI-4")] == "Pap 2: controle over 12 maanden"
    assert got[(1, "FTX+AAI[2]")] == "AAI+++tel 0612345678"
    assert got[(2, "NAD+PAT-2.1")] == "111222333"
    assert not any(k[1].startswith(("UNB", "UNZ")) for k in got)


def test_edifact_custom_separators_and_default_syntax() -> None:
    data = b"UNA*;,! ~UNH;7;MEDLAB*1~NAD;PAT;123456782*ZZZ;Jansen!; de Vries~UNT;3;7~"
    got = table(EdifactExtractor(), data, "edifact")
    assert got[(1, "NAD+PAT-2.1")] == "123456782"
    assert got[(1, "NAD+PAT-3")] == "Jansen; de Vries"
    plain = table(EdifactExtractor(), b"UNH+1+X'RFF+SRI:ABC?'D'UNT+2+1'", "edifact")
    assert plain[(1, "RFF+SRI-1.2")] == "ABC'D"


def test_edifact_split_honours_release() -> None:
    syntax = Syntax()
    assert syntax.split("a?+b+c", "+") == ["a?+b", "c"]
    assert syntax.unrelease("a?+b??") == "a+b?"


def test_edifact_without_messages_fails() -> None:
    with pytest.raises(ExtractError, match="UNH"):
        table(EdifactExtractor(), b"UNB+UNOA:1+X+Y'UNZ+0+1'", "edifact")


def test_edifact_qualifier_gets_no_column() -> None:
    """``PNA+PAT-1`` would hold the constant ``PAT`` (read as a surname by a name column)."""
    data = b"UNH+1+X'PNA+PAT++++SU:Jansen'DTM+329:19780304:102'UNT+3+1'"
    got = table(EdifactExtractor(), data, "edifact")
    assert "PNA+PAT-1" not in {k[1] for k in got}
    assert "DTM+329-1.1" not in {k[1] for k in got}
    assert got[(1, "DTM+329-1.2")] == "19780304"
    assert got[(1, "PNA+PAT-5.2")] == "Jansen"
    assert got[(1, "PNA+PAT")] == "PAT++++SU:Jansen"
