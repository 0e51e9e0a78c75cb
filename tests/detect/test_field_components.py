"""HL7 and EDIFACT component columns: a field is reported once, by its own column, and
code components (name type, authority, qualifiers) never read as values."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.columns import field_parents, repeating_parents
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.extract.base import Source
from breachscope.extract.edifact import EdifactExtractor
from breachscope.extract.hl7 import Hl7Extractor
from breachscope.extract.units import TableUnit, Unit
from breachscope.location import Location


@pytest.mark.parametrize(
    ("header", "parents"),
    [
        ("PNA+PAT-5.1", ("PNA+PAT-5", "PNA+PAT")),
        ("PNA+PAT-5", ("PNA+PAT",)),
        ("RFF+SRI-1.2", ("RFF+SRI-1", "RFF+SRI")),
        ("NAD+PAT[2]-8", ("NAD+PAT[2]",)),
        ("PID-5.7", ("PID-5", "PID")),
        ("PID-13(2).4", ("PID-13(2)", "PID-13", "PID")),
        ("PID-3(2)", ("PID-3", "PID")),
        ("OBR-16.9", ("OBR-16", "OBR")),
        ("ADR-2.2", ("ADR-2", "ADR")),  # a segment with no qualifier: its tag's column
        ("ADR+1-2", ("ADR+1",)),
        ("ADR[2]-2.2", ("ADR[2]-2", "ADR[2]")),
        ("PNA+PAT", ()),
        ("PID-5", ("PID",)),
        ("OBX[2]-5", ("OBX[2]",)),
        ("telefoon-1", ()),  # a plain header with a number: no field id
        ("adres 1", ()),
        ("", ()),
    ],
)
def test_field_parents(header: str, parents: tuple[str, ...]) -> None:
    assert field_parents(header) == parents


def _units(extractor: Hl7Extractor | EdifactExtractor, data: bytes, kind: str) -> list[Unit]:
    source = Source(f"m.{kind}", kind, len(data), lambda: io.BytesIO(data))
    return [u for u in extractor.extract(source, Config()) if isinstance(u, TableUnit)]


def _findings(units: list[Unit]) -> set[tuple[str, str, str, str]]:
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()
    return {
        (
            str(Location.parse(str(r["location"])).column),
            str(r["data_class"]),
            str(r["kind"]),
            str(r["value"]),
        )
        for r in rows
    }


MEDLAB = (
    b"UNA:+.? '\n"
    b"UNB+UNOC:3+LAB:ZZ+ZORGMAIL:ZZ+220721:0600+1'\n"
    b"UNH+1+MEDLAB:1:1:NL'\n"
    b"NAD+PO+01947859::AGB++Van Meer::huisarts'\n"
    b"NAD+PAT+DL9595407::LAB+++Lijsterstraat:3+Groningen++9718XW+NL'\n"
    b"PNA+PAT++++SU:VRIES-NIJHUIS+VV:DE+VN:VP'\n"
    b"DTM+329:19410816:102'\n"
    b"RFF+SRI:111222333'\n"
    b"COM+EM:v.devries@example.nl'\n"
    b"RES+HPV+negatief'\n"
    b"UNT+9+1'\n"
    b"UNZ+1+1'\n"
)


def test_medlab_message_alone() -> None:
    """One message (too few values for any column to be claimed on its values): every
    value comes from its field's header, once, without the qualifiers."""
    got = _findings(_units(EdifactExtractor(), MEDLAB, "edifact"))
    values = {(cls, kind, value) for _, cls, kind, value in got}
    assert ("name", "full_name", "V.P. de Vries-Nijhuis") in values
    assert ("bsn", "bsn", "111222333") in values  # RFF+SRI holds the BSN
    assert ("provider", "provider_name", "van Meer") in values  # "surname::title"
    assert ("provider", "provider_agb", "01947859") in values  # "id::AGB"
    assert ("email", "email", "v.devries@example.nl") in values  # not "em:v.devries@..."
    assert ("health", "hpv", "negatief") in values  # not "HPV+negatief"; RES+HPV: an HPV result
    names = [v for _, cls, _, v in got if cls == "name"]
    assert names == ["V.P. de Vries-Nijhuis"]  # no "Su", "Vv", "Vn:vp" from the qualifiers
    for cls in ("bsn", "date_of_birth", "email", "provider"):
        kinds = [(k, v) for _, c, k, v in got if c == cls]
        assert len(kinds) == len(set(kinds)), f"{cls} reported more than once: {kinds}"


HL7 = (
    b"MSH|^~\\&|LIMS|LAB|HIS|GP|20230209120000||ORU^R01|1|P|2.5\r"
    b"PID|1||111222333^^^NLMINBIZA^NNNLD||Jansen^Marieke^^^^^L||19800304|F|||"
    b"Kerkstraat 12^^Utrecht^^3511AB^NL||"
    b"^PRN^PH^^^^^^^^^0612345678~^NET^Internet^m.jansen@example.nl\r"
    b"ORC|RE|||||||||||01053917^Dekker^B.^^^^^^Vektis\r"
    b"OBR|1|||HPV|||20230201|||||||||01053917^Dekker^B.^^^^^^Vektis\r"
    b"OBX|1|ST|HPV||hrHPV negatief\r"
)


def test_hl7_components_repeat_nothing() -> None:
    got = _findings(_units(Hl7Extractor(), HL7, "hl7"))
    values = {(cls, kind, value) for _, cls, kind, value in got}
    assert ("provider", "provider_agb", "01053917") in values  # a component of its own kind
    assert ("email", "email", "m.jansen@example.nl") in values
    assert not any(v in ("L", "Vektis", "Dekker", "B.") for _, _, _, v in got)
    assert not any("^" in v for _, _, _, v in got)
    names = {(col, v) for col, cls, _, v in got if cls == "name"}
    assert names == {("PID-5", "Marieke Jansen")}
    emails = [v for _, cls, _, v in got if cls == "email"]
    assert emails == ["m.jansen@example.nl"]


@pytest.mark.parametrize(
    ("pid5", "pid7", "name"),
    [
        ("Vries&de&Vries^Maria", "197803030000", "Maria de Vries"),  # XPN-1's FN parts
        ("Vries-Bakker&de&Vries&&Bakker^Maria^J", "197803031230", "Maria J. de Vries-Bakker"),
        ("Jansen^Maria^J^de", "19780303", "Maria J. de Jansen"),  # a prefix as its suffix
        ("de Vries^Maria^^^de", "19780303120000+0100", "Maria de Vries"),  # said once
    ],
)
def test_hl7_family_name_parts_and_a_birth_time(pid5: str, pid7: str, name: str) -> None:
    """As the red-team's messages write them: XPN-1's subcomponents (surname & own
    prefix & own surname & partner's prefix & partner's surname), and a PID-7 with a time
    (an HL7 TS), read for the patient."""
    data = (
        "MSH|^~\\&|A|B|C|D|20240312||ORU^R01|1|P|2.5\r"
        f"PID|1||628194821^^^NLMINBIZA^NNNLD||{pid5}||{pid7}|F\r"
    ).encode()
    got = {(cls, v) for _, cls, _, v in _findings(_units(Hl7Extractor(), data, "hl7"))}
    assert {("name", name), ("date_of_birth", "1978-03-03"), ("bsn", "628194821")} <= got


def test_edifact_identification_of_type_bsn() -> None:
    """A BSN in PNA's identification composite, its type after it (``385280841:BSN``);
    a number of another type there is no BSN (``PI``), but one whose type is a numbered
    code that passes the elfproef is."""
    data = (
        b"UNA:+.? 'UNB+UNOC:3+LAB:14+GP:14+240311:1600+1'UNH+1+MEDRPT:D:93A:UN'"
        b"PNA+PAT+385280841:BSN++++SU:JANSEN+VN:MARIA'UNT+3+1'UNZ+1+1'"
    )
    got = {(cls, v) for _, cls, _, v in _findings(_units(EdifactExtractor(), data, "edifact"))}
    assert ("bsn", "385280841") in got
    other = data.replace(b":BSN", b":PI")
    got = {(cls, v) for _, cls, _, v in _findings(_units(EdifactExtractor(), other, "edifact"))}
    assert not [v for cls, v in got if cls == "bsn"]
    coded = data.replace(b"PAT+385280841:BSN", b"PAT++385280841:100")  # (a numbered type)
    got = {(cls, v) for _, cls, _, v in _findings(_units(EdifactExtractor(), coded, "edifact"))}
    assert ("bsn", "385280841") in got
    wrong = coded.replace(b"385280841", b"385280842")  # (no elfproef)
    got = {(cls, v) for _, cls, _, v in _findings(_units(EdifactExtractor(), wrong, "edifact"))}
    assert not [v for cls, v in got if cls == "bsn"]


def test_components_without_their_field_stay() -> None:
    """A component whose field's column holds nothing of its kind keeps its findings."""
    unit = TableUnit.build(
        Location("m.hl7"), ["PID-5", "PID-5.1"], [[None, "Jansen"], ["12345", "de Vries"]], [1, 2]
    )
    got = _findings([unit])
    assert {v for col, cls, _, v in got if cls == "name" and col == "PID-5.1"} == {
        "Jansen",
        "de Vries",
    }


@pytest.mark.parametrize(
    ("header", "parents"),
    [
        ("PID-5(2).1", ("PID-5(2)",)),  # not PID-5: a second name is no repeat of the first
        ("PID-5(2)", ()),
        ("PID-5.1", ("PID-5", "PID")),
        ("PID-13(2).4", ("PID-13(2)",)),
        ("PNA+PAT-5.1", ("PNA+PAT-5", "PNA+PAT")),
        ("OBX[2]-5", ("OBX[2]",)),
    ],
)
def test_repeating_parents(header: str, parents: tuple[str, ...]) -> None:
    assert repeating_parents(header) == parents


REPEATED = (
    b"MSH|^~\\&|HIX|ZH|LAB|LN|20250902||ADT^A08|M2|P|2.5\r"
    b"PID|1||123456782^^^NLMINBIZA^NNNLD||Jansen^Petra^^^^^L~Jansen-de Vries^Petra^^^^^M||"
    b"19780312|F|||Kerkstraat 12^^Utrecht^^1234AB^NL||"
    b"^PRN^CP^^^^^^^^^0612345678~0201234567^PRN^PH~^NET^Internet^p.jansen@example.nl\r"
)


def test_a_repetition_is_read_on_its_own() -> None:
    """The birth name in ``PID-5``'s second repetition, and each of ``PID-13``'s phone
    numbers and e-mail address, once each (the field's column holds every repetition:
    the e-mail address it gives is not given again by ``PID-13(3)``)."""
    got = _findings(_units(Hl7Extractor(), REPEATED, "hl7"))
    names = {(col, v) for col, cls, _, v in got if cls == "name"}
    assert names == {("PID-5", "Petra Jansen"), ("PID-5(2)", "Petra Jansen-de Vries")}
    contacts = sorted(v for _, cls, _, v in got if cls in ("phone", "email"))
    assert contacts == ["+31201234567", "+31612345678", "p.jansen@example.nl"]


def test_a_plain_first_repetition_is_read_beside_an_e_mail_address() -> None:
    """``0612345678~^NET^Internet^p@x.nl``: the field's column is read as the e-mail
    address's; the phone number in its first repetition was lost."""
    plain = REPEATED.replace(b"^PRN^CP^^^^^^^^^0612345678~0201234567^PRN^PH~", b"0612345678~")
    got = _findings(_units(Hl7Extractor(), plain, "hl7"))
    contacts = sorted((v, col) for col, cls, _, v in got if cls in ("phone", "email"))
    assert contacts == [("+31612345678", "PID-13.1"), ("p.jansen@example.nl", "PID-13")]


_MEDLAB = (
    b"UNA:+.? '\nUNB+UNOC:3+LAB:14+GP:14+240311:1600+1'\nUNH+1+MEDLAB:1:1:NL'\n"
    b"PNA+PAT++++SU:JANSEN+VN:MARIA'\n%s'\nUNT+4+1'\nUNZ+1+1'\n"
)


@pytest.mark.parametrize(
    ("segment", "column", "expected"),
    [
        (b"ADR++1:Kerkstraat 12+Utrecht++3511 AB", "ADR",
         {"street": "Kerkstraat", "house_number": "12", "postcode": "3511AB", "city": "Utrecht"}),
        (b"ADR++1:Kerkstraat 12+Utrecht+3511 AB+NL", "ADR",
         {"street": "Kerkstraat", "house_number": "12", "postcode": "3511AB", "city": "Utrecht"}),
        (b"ADR+1+Laan van Meerdervoort 1042:2564 AZ:Den Haag", "ADR+1",
         {"street": "Laan van Meerdervoort", "house_number": "1042", "postcode": "2564AZ",
          "city": "Den Haag"}),
        (b"ADR+1+Postbus 12+Assen+9400 AA+NL", "ADR+1", {"postcode": "9400AA", "city": "Assen"}),
    ],
)  # fmt: skip
def test_edifact_adr_segment_is_an_address(
    segment: bytes, column: str, expected: dict[str, str]
) -> None:
    """An ``ADR`` segment (street line, town, postcode, country) is read as the patient's
    address, whatever its first element; its components repeat none of it, and a
    ``Postbus`` is no street. A country code is no town."""
    got = _findings(_units(EdifactExtractor(), _MEDLAB % segment, "edifact"))
    address = {(col, kind, value) for col, cls, kind, value in got if cls == "address"}
    assert address == {(column, kind, value) for kind, value in expected.items()}
