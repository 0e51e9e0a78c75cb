"""An HL7 message's next of kin (NK1) is a person of their own: their name, address and
phone number are found under NK1's field ids and make a mention apart from the patient's."""

from __future__ import annotations

import io

from breachscope.assemble import assemble
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.extract.base import Source
from breachscope.extract.hl7 import Hl7Extractor
from breachscope.extract.units import TableUnit

MESSAGE = (
    "MSH|^~\\&|HIS|HA|LIMS|LAB|202406011200||ORM^O01|1|P|2.5\r"
    "PID|1||123456782^^^NLMINBIZA^NNNLD||Jansen^Anna^J^^^^L||19780303|F|||"
    "Kerkstraat 12^^Utrecht^^1234AB^NL||0612345678\r"
    "NK1|1|de Boer^Peter^^^^^L|SPO^Echtgenoot|Dorpsweg 3^^Ede^^6711AB^NL|0687654321"
    + "|"
    * 11  # NK1-6 to NK1-15 empty: NK1-16 is the date of birth
    + "19750101\r"
    "PV1|1|O\r"
)


def test_next_of_kin_is_a_mention_apart_from_the_patient() -> None:
    data = MESSAGE.encode()
    source = Source("m.hl7", "hl7", len(data), lambda: io.BytesIO(data))
    units = [u for u in Hl7Extractor().extract(source, Config()) if isinstance(u, TableUnit)]
    findings = detect_units(units, Config(workers=1))
    people = {r["record"]: r for r in assemble(findings).mentions.to_pylist()}
    assert set(people) == {"m.hl7#row=1", "m.hl7#part=NK1&row=1"}
    patient, partner = people["m.hl7#row=1"], people["m.hl7#part=NK1&row=1"]
    assert (patient["given_names"], patient["phone"], patient["postcode"]) == (
        "Anna", "+31612345678", "1234AB",
    )  # fmt: skip
    assert (partner["surname"], partner["given_names"], partner["date_of_birth"]) == (
        "de Boer", "Peter", "1975-01-01",
    )  # fmt: skip
    assert (partner["phone"], partner["street"], partner["postcode"]) == (
        "+31687654321", "Dorpsweg", "6711AB",
    )  # fmt: skip
    assert "+31687654321" not in str(patient)  # not even among the patient's other values
