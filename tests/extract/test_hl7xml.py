"""HL7 v2.xml: sniffed by its namespace, read as the same messages in the pipe encoding
are; each patient of a message that reports on several a row of her own."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.hl7 import Hl7Extractor, patient_groups
from breachscope.extract.hl7xml import Hl7XmlExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import hl7xml_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("oru.xml", "hl7-xml", len(data), lambda: io.BytesIO(data))
    return list(Hl7XmlExtractor().extract(source, Config()))


def test_sniffed_by_its_namespace() -> None:
    assert sniff_bytes(hl7xml_sample().data, "oru.xml") is FileType.HL7_XML
    v3 = b'<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>'
    assert sniff_bytes(v3, "cda.xml") is FileType.XML


def test_each_patient_of_a_message_is_a_row_of_her_own() -> None:
    units = [u for u in extract(hl7xml_sample().data) if isinstance(u, TableUnit)]
    found = {
        (f.location.part, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        (None, "bsn", "123456782"),
        (None, "name", "Marieke Jansen-de Vries"),
        (None, "date_of_birth", "1978-03-04"),
        (None, "phone", "+31612345678"),
        ("PID[2]", "bsn", "012345672"),
        ("PID[2]", "name", "Ömer Yılmaz"),
        ("PID[2]", "date_of_birth", "1990-01-15"),
    }
    assert not {f for f in found if f[0] is None and f[2] in ("012345672", "1990-01-15")}


def test_the_pipe_encoding_splits_its_patients_too() -> None:
    segments = ["MSH|^~\\&|LIS", "PID|1||123456782^^^NLMINBIZA^NNNLD||Jansen^M.",
                "OBX|1|ST|HPV||positief", "PID|2||012345672^^^NLMINBIZA^NNNLD||Bakker^A.",
                "OBX|1|ST|HPV||negatief", "PIDX|not a PID"]  # fmt: skip
    assert [len(g) for g in patient_groups(segments)] == [3, 3]
    data = "\r".join(segments).encode()
    source = Source("oru.hl7", "hl7", len(data), lambda: io.BytesIO(data))
    rows = {
        (u.location.part, name): value
        for u in Hl7Extractor().extract(source, Config())
        if isinstance(u, TableUnit)
        for i, name in enumerate(u.columns)
        for value in u.data.column(f"c{i}").to_pylist()
        if value
    }
    assert rows[(None, "OBX-5")] == "positief"
    assert rows[("PID[2]", "PID-5.1")] == "Bakker"
    assert rows[("PID[2]", "OBX-5")] == "negatief"
    assert rows[("PID[2]", "MSH-3")] == "LIS"


def test_bad_documents() -> None:
    with pytest.raises(ExtractError, match="DTD"):
        extract(b'<!DOCTYPE x [<!ENTITY a "b">]><ORU_R01 xmlns="urn:hl7-org:v2xml"/>')
    with pytest.raises(ExtractError, match="no HL7 segment"):
        extract(b'<ORU_R01 xmlns="urn:hl7-org:v2xml"><foo.bar/></ORU_R01>')
    data = hl7xml_sample().data
    items = extract(data[: data.index(b"<ORU_R01.PATIENT_RESULT>", 300)])
    assert any(isinstance(i, Note) and "read up to byte" in i.reason for i in items)
    assert any(isinstance(i, TableUnit) for i in items)
