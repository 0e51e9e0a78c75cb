from __future__ import annotations

import io
import random
import zipfile

import docx
import pytest

from breachscope.synth.formats import docx_letter
from breachscope.synth.formats.archive import ARCHIVE_TIME

from .format_checks import assert_mention_matches_text
from .format_factory import by_id, records


def _text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    lines += ["\t".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return "\n".join(lines)


@pytest.mark.parametrize(("audience", "table"), [("patient", False), ("gp", False), ("gp", True)])
@pytest.mark.parametrize("seed", range(3))
def test_body_shows_exactly_the_claimed_classes(audience: str, table: bool, seed: int) -> None:
    recs = records()
    written = docx_letter.write(recs, random.Random(seed), audience=audience, table=table)
    text = _text(written.data)
    people = by_id(recs)
    assert [m.person_id for m in written.mentions] == [r.person_id for r in recs]
    for mention in written.mentions:
        assert mention.part == "body" and mention.row is None and mention.member is None
        assert_mention_matches_text(mention, people[mention.person_id], text)


def test_patient_letter_omits_the_hpv_type_gp_letter_has_it() -> None:
    record = records()[0]
    patient = _text(docx_letter.write([record], random.Random(1), audience="patient").data)
    gp = _text(docx_letter.write([record], random.Random(1), audience="gp").data)
    assert "HPV16" not in patient and "Pap 2" in patient
    assert "HPV16" in gp and "K1 O1 P2 A1 C1 B1" in gp
    assert "Geachte mevrouw," in patient and "Geachte collega," in gp


def test_patient_letters_are_one_per_page() -> None:
    data = docx_letter.write(records()[:3], random.Random(2), audience="patient").data
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count('w:type="page"') == 2


def test_deterministic_bytes_and_fixed_metadata() -> None:
    recs = records()
    first = docx_letter.write(recs, random.Random(6)).data
    assert first == docx_letter.write(recs, random.Random(6)).data
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert "word/stylesWithEffects.xml" not in archive.namelist()
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
        assert 10_000 < archive.getinfo("word/styles.xml").file_size < 100_000
        assert {i.date_time for i in archive.infolist()} == {ARCHIVE_TIME.timetuple()[:6]}
    props = docx.Document(io.BytesIO(first)).core_properties
    assert props.created == props.modified and props.created.year == 2025
    assert props.revision == 1


def test_audience_is_drawn_when_not_given_and_checked_when_given() -> None:
    texts = {_text(docx_letter.write(records(), random.Random(s)).data) for s in range(8)}
    assert any("Geachte collega," in t for t in texts)
    assert any("Geachte collega," not in t for t in texts)
    with pytest.raises(ValueError):
        docx_letter.write(records(), random.Random(0), audience="insurer")


def test_a_gp_table_letter_holds_a_row_per_patient() -> None:
    recs = records()
    data = docx_letter.write(recs, random.Random(4), audience="gp", table=True).data
    (table,) = docx.Document(io.BytesIO(data)).tables
    assert [c.text for c in table.rows[0].cells][:3] == ["Naam", "Geboortedatum", "BSN"]
    assert len(table.rows) == 1 + len(recs)
