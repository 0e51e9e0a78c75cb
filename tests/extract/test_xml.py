"""XML: elements as JSON values, records found as in JSON, safe parsing, text fallback."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.extract.xml import XmlExtractor, parse

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("v.xml", "xml", len(data), lambda: io.BytesIO(data))
    return list(XmlExtractor().extract(source, config or Config()))


def rows(items: list[Extracted]) -> dict[tuple[str | None, int], dict[str, str]]:
    """``{(part, row): {column: value}}`` of the non-empty cells of the table units."""
    out: dict[tuple[str | None, int], dict[str, str]] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            numbers = unit.data.column("__row__").to_pylist()
            for i, name in enumerate(unit.columns):
                for row, value in zip(numbers, unit.data.column(f"c{i}").to_pylist(), strict=True):
                    if value:
                        out.setdefault((unit.location.part, row), {})[name] = value
    return out


def test_a_referral_is_one_record_named_by_its_elements() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<Verwijzing xmlns="urn:zorgdomein" versie="2">
  <Patient>
    <BSN>123456782</BSN><Achternaam>Jansen</Achternaam><Voorvoegsel>van</Voorvoegsel>
    <Adres><Straat>Kerkstraat</Straat><Huisnummer>12</Huisnummer></Adres>
  </Patient>
  <Verwijzer><Naam>dr. H. El Amrani</Naam><AGB>01123456</AGB></Verwijzer>
</Verwijzing>"""
    assert rows(extract(data)) == {
        (None, 1): {
            "@versie": "2",
            "Patient.BSN": "123456782",
            "Patient.Achternaam": "Jansen",
            "Patient.Voorvoegsel": "van",
            "Patient.Adres.Straat": "Kerkstraat",
            "Patient.Adres.Huisnummer": "12",
            "Verwijzer.Naam": "dr. H. El Amrani",
            "Verwijzer.AGB": "01123456",
        }
    }


def test_a_sections_text_is_named_by_its_title() -> None:
    """A CDA document's sections: each text under its section's title, as a form labels
    a field (``Vraagstelling``: the referral's question, her care); a title too long or
    holding a path's dot keeps the word ``text``."""
    data = b"""<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody>
<component><section><code code="42349-1"/><title>Reden van verwijzing</title>
<text><paragraph>hrHPV positief (HPV 16)</paragraph></text></section></component>
<component><section><title>Vraagstelling</title><text>verwijzing gynaecoloog</text></section>
</component>
<component><section><title>Zie ook 2.1</title><text>beleid</text></section></component>
</structuredBody></component></ClinicalDocument>"""
    got = rows(extract(data))
    top = "component.structuredBody.component"  # (the sections, records of their own)
    assert got[(top, 1)]["section.Reden van verwijzing.paragraph"] == "hrHPV positief (HPV 16)"
    assert got[(top, 1)]["section.title"] == "Reden van verwijzing"
    assert got[(top, 2)]["section.Vraagstelling"] == "verwijzing gynaecoloog"
    assert got[(top, 3)]["section.text"] == "beleid"


def test_repeated_elements_behind_wrappers_are_records() -> None:
    """An export's patients are rows of their own (a record is one person's mentions),
    found through the wrapper element; the export's other values are record 1."""
    patients = "".join(
        f"<lab:Patient><lab:Naam>Jansen {i}</lab:Naam><lab:Tel>06-1234567{i}</lab:Tel>"
        f"<lab:Tel>020-123456{i}</lab:Tel></lab:Patient>"
        for i in range(3)
    )
    data = (
        '<lab:Export xmlns:lab="urn:lab"><lab:Inhoud><lab:Datum>2024-03-01</lab:Datum>'
        f"<lab:Patienten>{patients}</lab:Patienten></lab:Inhoud></lab:Export>"
    ).encode()
    got = rows(extract(data))
    assert got[(None, 1)] == {"Inhoud.Datum": "2024-03-01"}
    assert got[("Inhoud.Patienten.Patient", 3)] == {
        "Naam": "Jansen 2",
        "Tel.0": "06-12345672",
        "Tel.1": "020-1234562",
    }
    assert len(got) == 4


def test_fhir_primitives_are_their_value_attribute() -> None:
    data = (
        b'<Patient xmlns="http://hl7.org/fhir"><name><family value="Jansen"/>'
        b'<given value="Maria"/></name><birthDate value="1980-05-04"/></Patient>'
    )
    assert rows(extract(data)) == {
        (None, 1): {
            "resourceType": "Patient",  # as FHIR JSON has it
            "name.family": "Jansen",
            "name.given": "Maria",
            "birthDate": "1980-05-04",
        }
    }


def test_an_element_of_a_name_and_a_value_is_the_value_under_its_name() -> None:
    data = (
        b'<ODM><ClinicalData><SubjectData SubjectKey="HPVZ-100-3273"><ItemGroupData>'
        b'<ItemData ItemOID="I_ACHTERNAAM" Value="Postma"/>'
        b'<ItemData ItemOID="I_BSN" Value="791364240"/>'
        b'<ItemData ItemOID="I_BSN" Value="000000000"/>'  # (a name again: kept in order)
        b'<ItemData ItemOID="I_PC" Value="7551 AB" Unit="x"/>'  # (three attributes)
        b"</ItemGroupData></SubjectData></ClinicalData>"
        b'<field name="roepnaam" value="Sophie"/></ODM>'
    )
    assert rows(extract(data)) == {
        (None, 1): {
            "ClinicalData.SubjectData.@SubjectKey": "HPVZ-100-3273",
            "ClinicalData.SubjectData.ItemGroupData.I_ACHTERNAAM": "Postma",
            "ClinicalData.SubjectData.ItemGroupData.I_BSN": "791364240",
            "ClinicalData.SubjectData.ItemGroupData.ItemData.0.@ItemOID": "I_BSN",
            "ClinicalData.SubjectData.ItemGroupData.ItemData.0.@Value": "000000000",
            "ClinicalData.SubjectData.ItemGroupData.ItemData.1.@ItemOID": "I_PC",
            "ClinicalData.SubjectData.ItemGroupData.ItemData.1.@Value": "7551 AB",
            "ClinicalData.SubjectData.ItemGroupData.ItemData.1.@Unit": "x",
            "roepnaam": "Sophie",
        }
    }


def test_names_and_values_as_visio_windows_and_java_write_them() -> None:
    """A Visio shape data row (its cells a name and a value with a unit, the row named
    with its label beside), a Windows event's ``Data Name``, a Java properties file's
    ``entry key``: each value under its name. A name with a space (a person's, in a
    ``name`` attribute) names no field: its text stays a value of its own."""
    data = (
        b'<Shapes><Shape ID="1"><Cell N="PinX" V="1.20"/><Section N="Property">'
        b'<Row N="Prop.Postcode"><Cell N="Value" V="7606 LG" U="STR"/>'
        b'<Cell N="Label" V="Postcode"/></Row>'
        b'<Row N="Prop.BSN"><Cell N="Value" V="123456782" U="STR"/></Row></Section>'
        b'<EventData><Data Name="TargetUserName">a.jansen</Data></EventData>'
        b'<entry key="patient.bsn">111222333</entry>'
        b'<author name="A. Jansen">Belde om 9 uur</author></Shape></Shapes>'
    )
    assert rows(extract(data)) == {
        (None, 1): {
            "Shape.@ID": "1",
            "Shape.PinX": "1.20",
            "Shape.Section.@N": "Property",
            "Shape.Section.Prop.Postcode": "7606 LG",
            "Shape.Section.Prop.BSN": "123456782",
            "Shape.EventData.TargetUserName": "a.jansen",
            "Shape.patient.bsn": "111222333",
            "Shape.author.@name": "A. Jansen",
            "Shape.author.#text": "Belde om 9 uur",
        }
    }


def test_text_beside_children_and_mixed_content() -> None:
    assert parse(b"<a x='1'>tekst<b>Jansen</b> meer</a>") == (
        "a",
        {"@x": "1", "b": "Jansen", "#text": "tekst meer"},
    )


def test_not_well_formed_xml_is_read_as_text() -> None:
    data = b"<Jansen> belde op 06-12345678 over <haar uitslag"
    items = extract(data)
    notes = [i for i in items if isinstance(i, Note)]
    assert len(notes) == 1 and notes[0].reason.startswith("not well-formed XML")
    assert "".join(u.text for u in items if isinstance(u, TextUnit)) == data.decode()


def test_entity_declarations_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
    )
    with pytest.raises(ExtractError, match="entity"):
        extract(bomb)


def test_external_entities_are_never_loaded(tmp_path: object) -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "file:///etc/passwd"><a><b>x</b></a>'
    assert rows(extract(data)) == {(None, 1): {"b": "x"}}


def test_size_is_bounded() -> None:
    data = b"<a>" + b"<b>x</b>" * 20_000 + b"</a>"
    with pytest.raises(ExtractError, match="larger than"):
        extract(data, Config(batch_bytes=10_000))


def test_a_document_cut_short_is_read_up_to_its_end() -> None:
    """A leaked export is often truncated: the records before the cut are records."""
    patients = "".join(
        f"<Patient><Naam>Jansen {i}</Naam><BSN>12345678{i}</BSN></Patient>" for i in range(3)
    )
    data = f"<Export><Patienten>{patients}<Patient><Naam>Bak".encode()
    items = extract(data)
    got = rows(items)
    assert got[("Patienten.Patient", 3)] == {"Naam": "Jansen 2", "BSN": "123456782"}
    assert got[("Patienten.Patient", 4)] == {"Naam": "Bak"}
    notes = [n.reason for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and notes[0].startswith("XML cut short")


def test_a_fhir_bundle_reads_as_fhir_json_and_a_contact_is_no_patient() -> None:
    """A Patient's one contact (her partner) is a row of its own, as in FHIR JSON."""
    patient = (
        '<Patient><name><family value="Jansen"/><given value="Maria"/></name>'
        '<contact><name><family value="Bakker"/></name></contact></Patient>'
    )
    data = (
        '<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>'
        f"<entry><resource>{patient}</resource></entry>"
        f"<entry><resource>{patient.replace('Maria', 'Els')}</resource></entry></Bundle>"
    ).encode()
    got = rows(extract(data))
    assert got[("entry", 2)] == {
        "resource.resourceType": "Patient",
        "resource.name.family": "Jansen",
        "resource.name.given": "Els",
    }
    assert got[("entry/contact", 2)] == {"resource.contact.0.name.family": "Bakker"}


LARGE = Config(batch_bytes=64)
"""Every test document is 'larger than a batch' under this configuration."""
EXPORT = (
    '<lab:Export xmlns:lab="urn:lab"><lab:Inhoud><lab:Datum>2024-03-01</lab:Datum>'
    "<lab:Patienten>"
    + "".join(
        f"<lab:Patient><lab:Naam>Jansen {i}</lab:Naam><lab:Adres><lab:Pc>1234AB</lab:Pc>"
        f"</lab:Adres><lab:Adres><lab:Pc>5678CD</lab:Pc></lab:Adres></lab:Patient>"
        for i in range(3)
    )
    + "</lab:Patienten></lab:Inhoud></lab:Export>"
).encode()


def test_a_large_document_is_read_as_it_is_parsed_as_a_small_one() -> None:
    """Records found as they close, the other values record 1: the same rows as the
    document read whole (the addresses repeated inside the first patient are no
    records: the patients repeat more)."""
    assert rows(extract(EXPORT, LARGE)) == rows(extract(EXPORT))
    assert rows(extract(EXPORT, LARGE))[("Inhoud.Patienten.Patient", 3)] == {
        "Naam": "Jansen 2",
        "Adres.0.Pc": "1234AB",
        "Adres.1.Pc": "5678CD",
    }


def test_a_large_fhir_bundle_reads_as_a_small_one() -> None:
    patient = '<Patient><name><family value="Jansen"/><given value="Maria"/></name></Patient>'
    data = (
        '<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>'
        + f"<entry><resource>{patient}</resource></entry>" * 3
        + "</Bundle>"
    ).encode()
    assert rows(extract(data, LARGE)) == rows(extract(data))


def test_a_large_documents_records_across_wrappers_are_rows_of_their_own() -> None:
    """Patients in a wrapper per day: each patient a record, whichever day holds her."""
    day = "<Dag>" + "<Patient><Naam>P{}</Naam></Patient>" * 2 + "</Dag>"
    data = ("<Export>" + day.format(1, 2) + day.format(3, 4) + "</Export>").encode()
    got = rows(extract(data, LARGE))
    assert sorted(got) == [("Dag.Patient", n) for n in range(1, 5)]


def test_a_large_document_cut_short_keeps_what_was_read() -> None:
    data = EXPORT[: EXPORT.index(b"Jansen 2") + 4]
    items = extract(data, LARGE)
    got = rows(items)
    assert got[("Inhoud.Patienten.Patient", 2)]["Naam"] == "Jansen 1"
    assert got[("Inhoud.Patienten.Patient", 3)] == {"Naam": "Jans"}
    assert got[(None, 1)] == {"Inhoud.Datum": "2024-03-01"}
    notes = [n.reason for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and "read up to there" in notes[0]


def test_a_large_document_refuses_entities() -> None:
    data = b'<!DOCTYPE a [<!ENTITY x "y">]><a>' + b"<b><c>1</c></b>" * 10 + b"</a>"
    with pytest.raises(ExtractError, match="entity"):
        extract(data, LARGE)


def test_records_read_before_the_record_element_is_known_are_kept() -> None:
    """The record element is fixed after the first chunk (1 MiB) of a large document:
    the records read until then, in wrappers already closed or still open, are records
    too, each once and in order."""
    days = []
    for d in range(6):
        patients = "".join(
            f"<Patient><Naam>P{d}-{i}</Naam><Adres><Pc>1234AB</Pc></Adres>"
            f"<Adres><Pc>5678CD</Pc></Adres></Patient>"
            for i in range(2500)
        )
        days.append(f"<Dag><Datum>{d}</Datum>{patients}</Dag>")
    data = ("<Export><Link><a>x</a></Link><Link><a>y</a></Link>" + "".join(days)).encode()
    data += b"</Export>"
    assert len(data) > 1 << 20  # (more than the first chunk)
    got = rows(extract(data, Config(batch_bytes=1 << 20)))
    records = sorted((row, v["Naam"]) for (part, row), v in got.items() if part == "Dag.Patient")
    names = [name for _, name in records]
    assert names == [f"P{d}-{i}" for d in range(6) for i in range(2500)]
    assert got[(None, 1)]["Link.1.a"] == "y" and got[(None, 1)]["Dag.5.Datum"] == "5"


def test_markup_that_is_not_well_formed_xml_is_read_as_html() -> None:
    """Confluence's storage format never declares its ``ac:`` prefix: not well-formed XML,
    but HTML's markup, read as HTML (its table's rows and a date in an attribute), not as
    text with its tags."""
    data = (
        b'<ac:structured-macro ac:name="info"><p>Casuistiek</p></ac:structured-macro>'
        b"<table><tbody><tr><th><p>Naam</p></th><th><p>Geb.datum</p></th></tr>"
        b'<tr><td><p>Fatma Kaya</p></td><td><p><time datetime="1994-02-22" /></p></td></tr>'
        b"</tbody></table>"
    )
    items = extract(data)
    assert any(isinstance(i, Note) and "read as HTML" in i.reason for i in items)
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert "Fatma Kaya\t1994-02-22" in text and "<td>" not in text
    plain = extract(b"<a><b>Jansen</b></c>")  # (no HTML markup: as text)
    assert any(isinstance(i, Note) and "read as text" in i.reason for i in plain)


def test_a_document_held_in_base64_is_a_child_file() -> None:
    """A UBL invoice's attachment (``EmbeddedDocumentBinaryObject`` with its file's
    name), an HL7 CDA's ``nonXMLBody``: the file they hold, wrapped in lines."""
    import base64

    from breachscope.extract.base import ChildFile

    csv = b"naam;adres;geboortedatum\r\nBrinke, K.J. ten;Van Woustraat 67;21-05-1957\r\n"
    body = base64.encodebytes(csv).decode()
    data = (
        "<Invoice><ID>F-1</ID><AdditionalDocumentReference><Attachment>"
        f'<EmbeddedDocumentBinaryObject mimeCode="text/csv" filename="specificatie.csv">{body}'
        "</EmbeddedDocumentBinaryObject></Attachment></AdditionalDocumentReference></Invoice>"
    ).encode()
    items = extract(data)
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("row1-specificatie.csv", csv)
    ]


def test_an_html_table_in_a_value_is_a_child_html_file() -> None:
    """A draw.io shape's label in HTML (escaped in its ``value``): its table is read as an
    HTML file's, each cell under its header; a label of plain markup is read as its
    text."""
    from breachscope.extract.base import ChildFile

    table = (
        '<table border="1"><tr><th>Naam</th><th>Geb.</th></tr>'
        "<tr><td>Boukhari, H.</td><td>1985-11-29</td></tr></table>"
    )
    escaped = table.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    data = (
        f'<mxGraphModel><root><mxCell id="2" value="{escaped}" vertex="1"/>'
        '<mxCell id="3" value="&lt;b&gt;Casus&lt;/b&gt;: mw. B. Koç" vertex="1"/>'
        "</root></mxGraphModel>"
    ).encode()
    items = extract(data)
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("row1-@value.html", table.encode())
    ]
    cells = [u for u in items if isinstance(u, TableUnit)]
    values = [v for u in cells for col in u.data.columns for v in col.to_pylist()]
    assert "Casus: mw. B. Koç" in values and table not in values


def test_a_drawio_page_deflated_in_base64_is_a_child_file() -> None:
    """draw.io keeps each page's diagram URL-encoded, raw-deflated and in base64."""
    import base64
    import urllib.parse
    import zlib

    from breachscope.extract.base import ChildFile

    model = (
        '<mxGraphModel><root><mxCell id="2" value="Casus: mw. B. Koç, geb. 07-08-1968, '
        'BSN 529340185" vertex="1"/></root></mxGraphModel>'
    )
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflate.compress(urllib.parse.quote(model).encode()) + deflate.flush()
    page = base64.b64encode(packed).decode()
    data = f'<mxfile><diagram id="a" name="Uitslagroute">{page}</diagram></mxfile>'.encode()
    children = [c for c in extract(data) if isinstance(c, ChildFile)]
    assert [c.data for c in children] == [model.encode()]


def test_a_text_with_a_table_typed_in_it_is_a_text_file_of_its_own() -> None:
    """A MediaWiki export's revision holds a wiki table: the text is a child file (read
    as text, its table under its header), not a cell; a text without one stays a cell."""
    wikitext = (
        "== Casussen ==\n{| class=&quot;wikitable&quot;\n! Patiënt !! Geb.datum\n|-\n"
        "| Elif Kaya || 21-01-1961\n|-\n| S. Jacobs || 20 april 1978\n|}"
    )
    data = (
        "<mediawiki><page><title>Casussen</title><revision><id>7</id>"
        f'<text xml:space="preserve">{wikitext}</text></revision>'
        '<revision><id>8</id><text xml:space="preserve">Zie DPO-2024-017.</text>'
        "</revision></page></mediawiki>"
    ).encode()
    items = extract(data)
    children = [i for i in items if isinstance(i, ChildFile)]
    assert [c.name for c in children] == ["row1-text.txt"]
    assert children[0].data.decode().startswith('== Casussen ==\n{| class="wikitable"')
    cells = rows(items)
    assert "20 april 1978" not in str(cells) and "Zie DPO-2024-017." in str(cells)
