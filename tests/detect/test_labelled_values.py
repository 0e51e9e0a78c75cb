"""Values read under the label their row gives them: an HL7 observation's value under
its identifier (``OBX-3`` beside ``OBX-5``), a FHIR Observation's value under its code."""

from __future__ import annotations

import io
import json

import pytest

from breachscope.config import Config
from breachscope.detect.detectors.health import HealthDetector, label_kind
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.extract.base import Extractor, Source
from breachscope.extract.csv import CsvExtractor
from breachscope.extract.hl7 import Hl7Extractor
from breachscope.extract.json import JsonExtractor
from breachscope.extract.units import TableUnit
from breachscope.extract.xml import XmlExtractor
from breachscope.location import Location


def _health(extractor: Extractor, data: bytes, kind: str) -> set[tuple[str, str, str]]:
    source = Source(f"m.{kind}", kind, len(data), lambda: io.BytesIO(data))
    units = [u for u in extractor.extract(source, Config()) if isinstance(u, TableUnit)]
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()
    return {
        (str(Location.parse(str(r["location"])).column), str(r["kind"]), str(r["value"]))
        for r in rows
        if r["data_class"] == "health"
    }


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("HPV^hrHPV", "hpv"), ("HPV high risk DNA", "hpv"), ("GENO^HPV genotype", "genotype"),
        ("CYTO", "cytology"), ("Cytologie", "cytology"), ("KOPAC-B", "kopac"), ("Pap", "pap"),
        ("Urinekweek", "test_result"), ("Chlamydia trachomatis PCR", "test_result"),
        ("Hemoglobine", None), ("Natrium", None), ("Opmerking", None),
    ],
)  # fmt: skip
def test_label_kind(label: str, kind: str | None) -> None:
    assert label_kind(label) == kind


ORU = (
    b"MSH|^~\\&|GLIMS|LAB|HIS|ZH|20250902101500||ORU^R01|1|P|2.5\r"
    b"PID|1||123456782^^^NLMINBIZA^NNNLD||Jansen^Petra^^^^^L||19780312|F\r"
    b"OBR|1||T25-004512|HPV^hrHPV screening\r"
    b"OBX|1|ST|HPV^hrHPV||positief||||||F\r"
    b"OBX|2|ST|GENO^HPV genotype||16||||||F\r"
    b"OBX|3|ST|CYTO^Cytologie||Pap 2||||||F\r"
    b"OBX|4|NM|HB^Hemoglobine||7.5|mmol/l|||||F\r"
    b"OBX|5|ST|OPM^Opmerking||16||||||F\r"
)


def test_an_observation_has_the_kind_its_identifier_names() -> None:
    """``positief`` under ``hrHPV`` is an HPV result, not a bare one; a genotype's bare
    ``16`` is read; a haemoglobin is a result (a lab value is health data, whatever was
    measured), a remark's number is none."""
    assert _health(Hl7Extractor(), ORU, "hl7") == {
        ("OBX-5", "hpv", "positief"),
        ("OBX[2]-5", "genotype", "16"),
        ("OBX[3]-5", "pap", "Pap 2"),
        ("OBX[4]-5", "result", "7.5"),
    }


def test_a_coded_value_is_its_text_reported_once() -> None:
    """A coded result (HL7 CE: code, text, coding system) is read by its text, and its
    components repeat it: the field is reported once."""
    oru = ORU.replace(b"||positief||", b"||POS^positief^L||").replace(b"||16||", b"||^16^L||")
    assert _health(Hl7Extractor(), oru, "hl7") == {
        ("OBX-5", "hpv", "positief"),
        ("OBX[2]-5", "genotype", "16"),
        ("OBX[3]-5", "pap", "Pap 2"),
        ("OBX[4]-5", "result", "7.5"),
    }


@pytest.mark.parametrize(
    ("label", "value", "read"),
    [
        ("NA^Natrium", "140", ("result", "140")),
        ("GLU^Glucose nuchter", "8.2 mmol/L", ("result", "8.2 mmol/L")),
        ("ZW^Zwanger", "ja", ("result", "ja")),
        ("HB^Hemoglobine", "-", None),
        ("HB^Hemoglobine", "n.v.t.", None),
        ("OPM^Opmerking", "16", None),
        ("DAT^Datum afname", "2024-05-02", None),
        ("LABNR^Labnummer", "T25-004512", None),
        ("VERSL^Verslag", "Het uitstrijkje toont " + "normale cellen " * 5, None),
        ("HPV^hrHPV", "onbekend", None),
        # a coded value is its text, else its code; a power of ten is no code's mark
        ("HPV^hrHPV", "POS^positief^L", ("hpv", "positief")),
        ("HPV^hrHPV", "POS^^L", ("hpv", "POS")),
        ("UK^Urinekweek", "E. coli 10^5 kve/ml", ("test_result", "E. coli 10^5 kve/ml")),
    ],
)  # fmt: skip
def test_a_value_under_a_test_of_no_kind_of_ours(
    label: str, value: str, read: tuple[str, str] | None
) -> None:
    """Under a measurement of no kind of ours, a short value is a ``result``; under a
    remark, a date or a number it is none, and a report's text is read as text."""
    assert HealthDetector().labelled(label, value) == read


BUNDLE = {
    "resourceType": "Bundle",
    "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1",
                      "name": [{"use": "official", "family": "Jansen",
                                "_family": {"extension": [{"url": "prefix", "valueString": "de"}]},
                                "given": ["Petra"]}],
                      "birthDate": "1978-03-12"}},
        {"resource": {"resourceType": "Observation", "id": "o1",
                      "code": {"coding": [{"code": "77379-6", "display": "HPV high risk DNA"}]},
                      "subject": {"reference": "Patient/p1", "display": "P. Jansen"},
                      "valueString": "positief"}},
        {"resource": {"resourceType": "Observation", "id": "o2",
                      "code": {"text": "Natrium"}, "valueQuantity": {"value": 140}}},
    ],
}  # fmt: skip


def test_a_fhir_observation_value_under_its_code() -> None:
    got = _health(JsonExtractor(), json.dumps(BUNDLE).encode(), "json")
    assert got == {
        ("resource.valueString", "hpv", "positief"),
        ("resource.valueQuantity.value", "result", "140"),
    }


RESULTS_CSV = (
    b"patientnr;naam;Test;waarde;eenheid\n"
    b"1001;M. de Jong;Glucose;7.8;mmol/L\n"
    b"1001;M. de Jong;HbA1c;58;mmol/mol\n"
    b"1002;P. Smit;Chlamydia PCR;positief;\n"
    b"1003;K. Vos;Afnamedatum;12-03-2024;\n"
    b"1003;K. Vos;Opmerking;zie brief;\n"
)


def test_a_results_export_value_under_its_test() -> None:
    """A results export writes one measurement a row, its test beside its value (the
    headers in any case): each value is health data of its kind; a date or a remark in
    the same column is none."""
    assert _health(CsvExtractor(), RESULTS_CSV, "csv") == {
        ("waarde", "result", "7.8"),
        ("waarde", "result", "58"),
        ("waarde", "test_result", "positief"),
    }


def test_a_json_events_value_under_its_test_in_one_object() -> None:
    """A Kafka topic's result event: ``uitslag.waarde`` under ``uitslag.bepaling`` (a
    row of HbA1c with no other health data had held her name back as no patient's)."""
    lines = [
        {"patient": {"achternaam": "Aydin", "telefoon": "+31641876351"},
         "uitslag": {"bepaling": "HbA1c", "waarde": "68 mmol/mol"}},
        {"patient": {"achternaam": "Hof"}, "uitslag": {"bepaling": "Glucose", "waarde": "7.8"}},
    ]  # fmt: skip
    data = "".join(json.dumps(line) + "\n" for line in lines).encode()
    assert _health(JsonExtractor(), data, "ndjson") == {
        ("uitslag.waarde", "result", "68 mmol/mol"),
        ("uitslag.waarde", "result", "7.8"),
    }


def test_a_fhir_component_under_its_own_code() -> None:
    """An Observation's ``component`` is read under its own ``code``, not the
    Observation's: a genotype written in words (``overige hrHPV-typen``)."""
    obs = {
        "resourceType": "Observation",
        "code": {"text": "hrHPV"},
        "valueCodeableConcept": {"text": "positief"},
        "component": [{"code": {"text": "HPV genotype"}, "valueString": "overige hrHPV-typen"}],
    }
    assert _health(JsonExtractor(), json.dumps(obs).encode(), "json") == {
        ("valueCodeableConcept.text", "hpv", "positief"),
        ("component.0.valueString", "genotype", "overige hrHPV-typen"),
    }


CDA = (
    b'<ClinicalDocument xmlns="urn:hl7-org:v3">'
    b'<entry><observation><code code="HPV" displayName="hrHPV"/>'
    b'<value code="POS" displayName="Positief"/></observation></entry>'
    b"</ClinicalDocument>"
)


def test_a_cda_coded_value_under_its_code() -> None:
    """An HL7 v3 (CDA) observation's coded value (``<value displayName=...>``) is read
    under its ``<code displayName=...>``; the code attributes themselves are no result."""
    assert _health(XmlExtractor(), CDA, "xml") == {
        ("entry.observation.value.@displayName", "hpv", "Positief"),
    }


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("16", "16"), ("16 en 18", "16 en 18"), ("overige hrHPV-typen", "overige hrHPV-typen"),
        ("andere hoog-risico typen", "andere hoog-risico typen"), ("non-16/18", "non-16/18"),
        ("niet 16 of 18", "niet 16 of 18"), ("overig", "overig"),
        ("niet", None), ("niet uitgevoerd", None), ("onbekend", None), ("17", None),
    ],
)  # fmt: skip
def test_a_genotype_in_words_under_its_label(value: str, read: str | None) -> None:
    got = HealthDetector().labelled("HPV genotype", value)
    assert got == (None if read is None else ("genotype", read))


# -- values named by the field name beside them ----------------------------------------


def _found(extractor: Extractor, data: bytes, kind: str) -> set[tuple[str, str, str]]:
    source = Source(f"m.{kind}", kind, len(data), lambda: io.BytesIO(data))
    units = [u for u in extractor.extract(source, Config()) if isinstance(u, TableUnit)]
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()
    out = set()
    for r in rows:
        loc = Location.parse(str(r["location"]))
        out.add((str(r["data_class"]), str(r["value"]), f"{loc.row}/{loc.column}"))
    return out


JIRA = """<rss version="0.92"><channel><item><title>[SCREEN-1] Brieven</title>
<customfields>
 <customfield id="customfield_11001" key="com.atlassian.jira:textfield">
  <customfieldname>Betrokkene(n) BSN</customfieldname>
  <customfieldvalues><customfieldvalue>290990208; 713.704.469</customfieldvalue></customfieldvalues>
 </customfield>
 <customfield id="customfield_11002" key="com.atlassian.jira:datepicker">
  <customfieldname>Geboortedatum patiënt</customfieldname>
  <customfieldvalues><customfieldvalue>1989-04-15</customfieldvalue></customfieldvalues>
 </customfield>
 <customfield id="customfield_11003" key="com.atlassian.jira:select">
  <customfieldname>Prioriteit</customfieldname>
  <customfieldvalues><customfieldvalue>Hoog</customfieldvalue></customfieldvalues>
 </customfield>
</customfields></item></channel></rss>"""


def test_a_jira_issues_custom_fields_are_read_under_their_names() -> None:
    """A Jira export's custom field values, each beside its field's name: a BSN list
    typed into one field (read as text after its name), a birth date."""
    col = "customfieldvalues.customfieldvalue"
    assert _found(XmlExtractor(), JIRA.encode(), "xml") == {
        ("bsn", "290990208", f"1/{col}"),
        ("bsn", "713704469", f"1/{col}"),
        ("date_of_birth", "1989-04-15", f"2/{col}"),
    }


def test_an_apis_list_of_name_and_value_pairs() -> None:
    """An API's records with a list of ``{name, value}`` fields (columns
    ``fields.N.name`` beside ``fields.N.value``), and a list of ``{id, type, name,
    value}`` entries (a table of the document's list): its first row is no header, its
    field names nobody's, a value the name's own free text found is not found twice."""
    wide = [
        {"id": 1, "fields": [{"name": "achternaam", "value": "de Wit"},
                             {"name": "geboortedatum", "value": "12-03-1978"}]},
        {"id": 2, "fields": [{"name": "achternaam", "value": "Jansen"},
                             {"name": "geboortedatum", "value": "04-11-1987"}]},
    ]  # fmt: skip
    assert _found(JsonExtractor(), json.dumps(wide).encode(), "json") == {
        ("name", "de Wit", "1/fields.0.value"), ("name", "Jansen", "2/fields.0.value"),
        ("date_of_birth", "1978-03-12", "1/fields.1.value"),
        ("date_of_birth", "1987-11-04", "2/fields.1.value"),
    }  # fmt: skip
    entries = {"key": "T-1", "fields": [
        {"id": "cf_1", "type": "text", "name": "Naam patiënt", "value": "Petra de Wit"},
        {"id": "cf_2", "type": "date", "name": "Geboortedatum", "value": "12-03-1978"},
        {"id": "cf_3", "type": "text", "name": "Betrokkene BSN", "value": "123456782"},
    ]}  # fmt: skip
    assert _found(JsonExtractor(), json.dumps(entries).encode(), "json") == {
        ("name", "Petra de Wit", "1/value"),
        ("date_of_birth", "1978-03-12", "2/value"),
        ("bsn", "123456782", "3/value"),
    }


def test_a_tables_own_name_column_names_its_person_not_a_field() -> None:
    """A results table's ``naam`` beside ``waarde``: the name is the patient's, no
    field's; her value is not read under it."""
    data = b"naam,test,waarde\nPetra de Wit,Glucose,7.8\nAnna Bos,HbA1c,48\n"
    found = _found(CsvExtractor(), data, "csv")
    assert ("name", "Petra de Wit", "2/naam") in found
    assert not any(c.endswith("/waarde") and d != "health" for d, _, c in found)
