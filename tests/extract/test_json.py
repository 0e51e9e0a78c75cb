"""JSON and NDJSON: dotted paths, row numbers, streaming, depth bound, bad lines."""

from __future__ import annotations

import io
import json

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.json import (
    MAX_DEPTH,
    JsonExtractor,
    attached_files,
    field_titles,
    flatten,
)
from breachscope.extract.units import TableUnit


def extract(data: bytes, kind: str = "json", config: Config | None = None) -> list[Extracted]:
    source = Source("a.json", kind, len(data), lambda: io.BytesIO(data))
    return list(JsonExtractor().extract(source, config or Config()))


def cells(items: list[Extracted]) -> dict[tuple[int, str], str | None]:
    out: dict[tuple[int, str], str | None] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            for record in unit.data.to_pylist():
                for i, name in enumerate(unit.columns):
                    if record[f"c{i}"] is not None or (record["__row__"], name) not in out:
                        out.setdefault((record["__row__"], name), record[f"c{i}"])
    return out


def test_flatten_paths_and_scalars() -> None:
    record, deep = flatten(
        {
            "patient": {"name": {"family": "Jansen"}, "ids": ["1", {"bsn": "123456782"}]},
            "ok": True,
            "none": None,
            "n": "1.50",
        }
    )
    assert record == {
        "patient.name.family": "Jansen",
        "patient.ids.0": "1",
        "patient.ids.1.bsn": "123456782",
        "ok": "true",
        "none": None,
        "n": "1.50",
    }
    assert not deep
    assert flatten("x") == ({"$": "x"}, False)


def test_a_date_written_as_its_year_month_and_day_is_one_value() -> None:
    """Java's ``LocalDate`` as Jackson writes it by default (a Kafka event's
    ``geboortedatum``); three numbers that make no date stay a list."""
    record, _ = flatten(
        {"geb": ["1996", "3", "11"], "x": [2024, 13, 1], "y": ["1", "2", "3"], "z": [1996, 3]}
    )
    assert record == {
        "geb": "1996-03-11",
        "x.0": "2024", "x.1": "13", "x.2": "1",
        "y.0": "1", "y.1": "2", "y.2": "3",
        "z.0": "1996", "z.1": "3",
    }  # fmt: skip


def test_a_date_written_as_an_object_of_its_parts_is_one_value() -> None:
    """A protobuf's ``google.type.Date`` in JSON; a Dutch API's ``jaar``, ``maand``,
    ``dag``; an object with more keys, or parts that make no date, stay an object."""
    record, _ = flatten(
        {
            "geb": {"year": "1989", "month": "5", "day": "29"},
            "d": {"jaar": 1975, "maand": 12, "dag": 1},
            "x": {"year": "2024", "month": "13", "day": "1"},
            "y": {"year": "1989", "month": "5", "day": "29", "tz": "UTC"},
        }
    )
    assert record == {
        "geb": "1989-05-29",
        "d": "1975-12-01",
        "x.year": "2024", "x.month": "13", "x.day": "1",
        "y.year": "1989", "y.month": "5", "y.day": "29", "y.tz": "UTC",
    }  # fmt: skip


def test_array_rows_and_number_text() -> None:
    data = b'[{"bsn": "123456782", "score": 1.50, "n": 12345678}, {"naam": "de Vries"}, 7]'
    got = cells(extract(data))
    assert got[(1, "score")] == "1.50" and got[(1, "n")] == "12345678"
    assert got[(2, "naam")] == "de Vries"
    assert got[(3, "$")] == "7"


def test_a_large_array_is_streamed() -> None:
    records = [{"i": i, "pad": "x" * 100} for i in range(30_000)]
    got = cells(extract(json.dumps(records).encode(), config=Config(max_table_rows_per_unit=7000)))
    assert got[(30_000, "i")] == "29999"


def test_object_document_is_row_one_and_concatenated_values_are_lines() -> None:
    assert cells(extract(b'{"a": {"b": "x"}}'))[(1, "a.b")] == "x"
    got = cells(extract(b'{"a": 1}\n\n{"a": 2}\n'))
    assert got == {(1, "a"): "1", (3, "a"): "2"}


def _parts(items: list[Extracted]) -> dict[tuple[str | None, int, str], str | None]:
    out: dict[tuple[str | None, int, str], str | None] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            for record in unit.data.to_pylist():
                for i, name in enumerate(unit.columns):
                    if record[f"c{i}"] is not None:
                        out[(unit.location.part, record["__row__"], name)] = record[f"c{i}"]
    return out


def test_a_wrapped_array_of_records_gives_a_record_per_element() -> None:
    """A FHIR bundle: each entry its own record (one patient each), in part ``entry``;
    the bundle's own values are record 1."""
    bundle = {
        "resourceType": "Bundle",
        "entry": [
            {"resource": {"name": [{"family": "Jansen"}], "birthDate": "1975-03-12"}},
            {"resource": {"name": [{"family": "Bakker"}], "birthDate": "1980-01-01"}},
        ],
    }
    got = _parts(extract(json.dumps(bundle).encode()))
    assert got == {
        (None, 1, "resourceType"): "Bundle",
        ("entry", 1, "resource.name.0.family"): "Jansen",
        ("entry", 1, "resource.birthDate"): "1975-03-12",
        ("entry", 2, "resource.name.0.family"): "Bakker",
        ("entry", 2, "resource.birthDate"): "1980-01-01",
    }


def test_arrays_of_records_that_together_hold_the_document_are_parts_of_their_own() -> None:
    """A help desk's export: its tickets and the users who asked them, neither holding
    most of the document's values alone: each array its own part of records."""
    export = {
        "tickets": [{"id": 1, "subject": "Uitslag"}, {"id": 2, "subject": "Brief"}],
        "users": [
            {"id": 7, "name": "Noëlle den Hartog", "phone": "0647452815"},
            {"id": 8, "name": "Hanane Ait Taleb", "phone": "0658137530"},
        ],
        "count": 2,
    }
    got = _parts(extract(json.dumps(export).encode()))
    assert got[("users", 2, "name")] == "Hanane Ait Taleb"
    assert got[("tickets", 1, "subject")] == "Uitslag"
    assert got[(None, 1, "count")] == "2"
    one = {"tickets": [{"id": 1}, {"id": 2}], "a": 1, "b": 2, "c": 3, "d": 4}  # (too little)
    assert ("tickets", 1, "id") not in _parts(extract(json.dumps(one).encode()))


def test_custom_fields_are_read_under_their_titles() -> None:
    """A help desk export's ticket holds its custom fields as ``{id, value}`` pairs; the
    export defines each id's title elsewhere (``ticket_fields``)."""
    export = {
        "ticket_fields": [{"id": 36001, "title": "BSN cliënt"}, {"id": 36002, "title": "Geb"}],
        "tickets": [
            {
                "id": 1,
                "custom_fields": [
                    {"id": 36001, "value": "123456782"},
                    {"id": 36002, "value": None},
                ],
            },
            {
                "id": 2,
                "custom_fields": [{"id": 36001, "value": "111222333"}, {"id": 99, "value": "x"}],
            },
        ],
    }
    got = _parts(extract(json.dumps(export).encode()))
    assert got[("tickets", 1, "custom_fields.BSN cliënt")] == "123456782"
    assert got[("tickets", 2, "custom_fields.0.value")] == "111222333"  # (an id no title names)
    assert field_titles({"users": [{"id": 7, "title": "dr."}, {"id": 8}]}) == {}


def test_a_records_own_short_lists_stay_in_it() -> None:
    """One patient with two telecom entries: one record, not three."""
    patient = {
        "name": "Jansen",
        "birthDate": "1975-03-12",
        "address": {"line": "Kerkstraat 1", "postalCode": "1234 AB", "city": "Utrecht"},
        "telecom": [{"value": "0612345678"}, {"value": "j@example.nl"}],
    }
    got = _parts(extract(json.dumps(patient).encode()))
    assert {part for part, _, _ in got} == {None}
    assert got[(None, 1, "telecom.1.value")] == "j@example.nl"


def test_a_fhir_patients_contact_persons_are_rows_of_their_own() -> None:
    """Patient.contact (a partner, a parent) holds other people: part ``contact``
    (``contact[2]`` for the second), numbered as their patient; in a bundle, part
    ``entry/contact``. Another record's ``contact`` is its own contact details."""
    partner = {"relationship": [{"text": "Echtgenoot"}], "name": {"family": "Jansen"},
               "telecom": [{"value": "0687654321"}]}  # fmt: skip
    parent = {"name": {"family": "Bakker", "given": ["Els"]}}
    patient = {"resourceType": "Patient", "name": [{"family": "Jansen-de Vries"}],
               "contact": [partner, parent]}  # fmt: skip
    got = _parts(extract(json.dumps(patient).encode()))
    assert got == {
        (None, 1, "resourceType"): "Patient",
        (None, 1, "name.0.family"): "Jansen-de Vries",
        ("contact", 1, "contact.0.relationship.0.text"): "Echtgenoot",
        ("contact", 1, "contact.0.name.family"): "Jansen",
        ("contact", 1, "contact.0.telecom.0.value"): "0687654321",
        ("contact[2]", 1, "contact.1.name.family"): "Bakker",
        ("contact[2]", 1, "contact.1.name.given.0"): "Els",
    }
    bundle = {"resourceType": "Bundle", "entry": [{"resource": patient}, {"resource": patient}]}
    got = _parts(extract(json.dumps(bundle).encode()))
    assert got[("entry/contact", 2, "resource.contact.0.name.family")] == "Jansen"
    assert got[("entry", 2, "resource.name.0.family")] == "Jansen-de Vries"
    assert not any(k.startswith("resource.contact") for part, _, k in got if part == "entry")
    own = {"name": "Jansen", "contact": [{"phone": "0612345678"}, {"email": "j@example.nl"}]}
    assert {part for part, _, _ in _parts(extract(json.dumps(own).encode()))} == {None}


def test_contact_persons_beyond_the_cap_stay_in_the_patient() -> None:
    from breachscope.extract.otherpeople import MAX_OTHER_PEOPLE, split_fhir_people

    contacts = [{"name": {"family": f"Kin{i}"}} for i in range(MAX_OTHER_PEOPLE + 3)]
    record, _ = flatten({"resourceType": "Patient", "contact": contacts})
    own, people = split_fhir_people(record)
    assert len(people) == MAX_OTHER_PEOPLE
    assert own[f"contact.{MAX_OTHER_PEOPLE}.name.family"] == f"Kin{MAX_OTHER_PEOPLE}"


def test_ndjson_lines_bad_lines_are_noted() -> None:
    data = b'{"bsn": "123456782"}\n{broken\n\n{"bsn": "111222333"}\r\n'
    items = extract(data, "ndjson")
    assert cells(items) == {(1, "bsn"): "123456782", (4, "bsn"): "111222333"}
    assert [(n.location.row, n.reason) for n in items if isinstance(n, Note)] == [
        (2, "invalid JSON line")
    ]


def test_depth_is_bounded_and_noted() -> None:
    deep: object = "bottom"
    for _ in range(MAX_DEPTH + 5):
        deep = {"k": deep}
    items = extract(json.dumps([deep]).encode())
    notes = [n for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and notes[0].location.row == 1
    ((key, value),) = [(k, v) for k, v in cells(items).items()]
    assert key[1] == ".".join(["k"] * MAX_DEPTH) and value is not None and "bottom" in value


@pytest.mark.parametrize(
    "data",
    [b"[" * 200_000, b'{"a":' * 200_000, b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", b"[1, 2"],
)
def test_hostile_json_fails_with_a_reason(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)


def test_no_valid_line_fails() -> None:
    with pytest.raises(ExtractError, match="no valid JSON line"):
        extract(b"{nope\n{nope\n", "ndjson")


def test_records_below_wrapper_objects_are_rows_of_their_own() -> None:
    """An API response's patients (``{"result": {"patienten": [...]}}``) are records, not
    one record holding every patient (which would merge them into one person)."""
    patients = [{"achternaam": n, "bsn": b} for n, b in (("Jansen", "123456782"),
                                                        ("de Vries", "111222333"))]  # fmt: skip
    doc = {"status": "ok", "result": {"count": 2, "patienten": patients}}
    items = extract(json.dumps(doc).encode())
    parts = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            for record in unit.data.to_pylist():
                values = {n: record[f"c{i}"] for i, n in enumerate(unit.columns)}
                parts[(unit.location.part, record["__row__"])] = {
                    k: v for k, v in values.items() if v is not None
                }
    assert parts == {
        (None, 1): {"status": "ok", "result.count": "2"},
        ("result.patienten", 1): {"achternaam": "Jansen", "bsn": "123456782"},
        ("result.patienten", 2): {"achternaam": "de Vries", "bsn": "111222333"},
    }


LARGE = Config(batch_bytes=8, max_text_unit_chars=1000)
"""Every object document is 'too large to read whole' under this configuration."""


@pytest.mark.parametrize(
    "doc",
    [
        {
            "resourceType": "Bundle",
            "entry": [
                {"resource": {"name": [{"family": "Jansen"}], "birthDate": "1975-03-12"}},
                {"resource": {"name": [{"family": "Bakker"}], "birthDate": "1980-01-01"}},
            ],
        },
        {
            "status": "ok",
            "result": {
                "count": 3,
                "patienten": [
                    {"achternaam": "Jansen", "bsn": "123456782"},
                    {"achternaam": "de Vries", "n": 1.50},
                    {"achternaam": "Bakker", "bsn": None},
                ],
            },
        },
    ],
)
def test_a_large_object_document_is_read_piece_by_piece_as_a_small_one(doc: object) -> None:
    """An object larger than a batch is never read whole; its records and other values
    come out as they do from the document read whole."""
    data = json.dumps(doc, indent=1).encode()
    assert _parts(extract(data, config=LARGE)) == _parts(extract(data))


def test_a_large_object_documents_arrays_of_objects_are_all_records() -> None:
    doc = {"meta": {"links": [{"href": "x"}]}, "data": [{"a": "1"}, {"a": "2"}], "ids": [1, 2]}
    got = _parts(extract(json.dumps(doc).encode(), config=LARGE))
    assert got == {
        ("meta.links", 1, "href"): "x",
        ("data", 1, "a"): "1",
        ("data", 2, "a"): "2",
        (None, 1, "ids.0"): "1",
        (None, 1, "ids.1"): "2",
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"a": [{"b": 1}, {"b": 2}', "truncated JSON array"),
        (b'{"a": 1, "b": ', "truncated JSON"),
        (b'{"a": 1 "b": 2}', "invalid JSON object"),
        (b'{"a": [{"b": 1}} ', "invalid JSON array"),
        (b'{"a": 1} trailing', "data after its object"),
        (b'{"a":' * 200_000, "JSON"),
        (b'{"a": "' + b"x" * 3_000_000, "longer than"),
    ],
)
def test_a_large_object_document_fails_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(data, config=LARGE)


NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "cells": [
        {"cell_type": "markdown", "source": ["# Verwijzingen\n", "Q4"]},
        {
            "cell_type": "code",
            "source": ["df = pd.read_csv('export.csv')\n", "df.head()"],
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["geladen: 2 rijen\n"]},
                {
                    "output_type": "execute_result",
                    "data": {
                        "text/plain": [
                            "   naam           bsn        geb_datum\n",
                            "0  Anna Jansen    123456782  1978-03-03\n",
                            "1  Piet Bakker    111222333  1980-05-05",
                        ],
                        "text/html": ["<table><tr><td>Anna Jansen</td></tr></table>"],
                    },
                },
                {
                    "output_type": "display_data",
                    "data": {"text/html": ["<p>Anna <b>Jansen</b></p>"]},
                },
            ],
        },
    ],
}


def test_a_notebooks_cells_and_outputs_are_texts_of_their_own() -> None:
    from breachscope.extract.units import TextUnit

    items = extract(json.dumps(NOTEBOOK).encode(), "json")
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert texts == {
        "cell-1": "# Verwijzingen\nQ4",
        "cell-2": "df = pd.read_csv('export.csv')\ndf.head()",
        "cell-2-out-1": "geladen: 2 rijen\n",
        "cell-2-out-2": (
            "   naam           bsn        geb_datum\n"
            "0  Anna Jansen    123456782  1978-03-03\n"
            "1  Piet Bakker    111222333  1980-05-05"
        ),
        "cell-2-out-3": "Anna Jansen",
    }
    assert not any(isinstance(u, TableUnit) for u in items)  # (no record of its JSON)


def test_a_printed_table_in_a_notebook_is_read_row_by_row() -> None:
    from breachscope.detect.engine import detect_units
    from breachscope.detect.finding import findings_from_arrow

    items = extract(json.dumps(NOTEBOOK).encode(), "json")
    units = [u for u in items if not isinstance(u, Note)]
    found = findings_from_arrow(detect_units(units, Config(workers=1)))
    values = {(f.data_class, f.value) for f in found if f.location.part == "cell-2-out-2"}
    assert {("bsn", "123456782"), ("date_of_birth", "1978-03-03")} <= values


def test_a_json_document_that_only_looks_like_a_notebook_is_records() -> None:
    items = extract(json.dumps({"cells": [{"naam": "Jansen"}]}).encode(), "json")
    assert any(isinstance(u, TableUnit) for u in items)


def test_a_list_of_one_texts_lines_is_one_value() -> None:
    assert flatten({"a": ["regel 1\n", "regel 2"], "b": ["x", "y"]})[0] == {
        "a": "regel 1\nregel 2",
        "b.0": "x",
        "b.1": "y",
    }


def test_mongodb_extended_json_is_read_as_its_values() -> None:
    doc = {
        "_id": {"$oid": "1cd334a48327efbfc68fd7ad"},
        "bsn": {"$numberLong": "517877235"},
        "geboortedatum": {"$date": {"$numberLong": "-96768000000"}},
        "afspraak": {"$date": "2024-06-22T15:30:00.000Z"},
        "duur": {"$numberInt": "30"},
        "relaxed": {"$date": 0},
        "other": {"$where": "x"},
    }
    assert flatten(doc)[0] == {
        "_id": "1cd334a48327efbfc68fd7ad",
        "bsn": "517877235",
        "geboortedatum": "1966-12-08T00:00:00.000Z",
        "afspraak": "2024-06-22T15:30:00.000Z",
        "duur": "30",
        "relaxed": "1970-01-01T00:00:00.000Z",
        "other.$where": "x",
    }


def test_a_chat_messages_runs_are_one_text() -> None:
    text = ["1) ", {"type": "bold", "text": "Kok, L."}, " BSN ", {"type": "phone", "text": "06-1"}]
    assert flatten({"text": text})[0] == {"text": "1) Kok, L. BSN 06-1"}
    entities = [{"type": "plain", "text": "mw "}, {"type": "italic", "text": "Zineb"}]
    assert flatten({"e": entities})[0] == {"e": "mw Zineb"}
    records = [{"type": "a", "text": "x", "extra": {"k": 1}}, {"type": "b", "text": "y"}]
    assert flatten({"r": records})[0] == {"r.0.type": "a", "r.0.text": "x", "r.0.extra.k": "1",
                                          "r.1.type": "b", "r.1.text": "y"}  # fmt: skip
    assert flatten({"one": [{"type": "bold", "text": "Kok"}]})[0] == {
        "one.0.type": "bold", "one.0.text": "Kok"
    }  # fmt: skip


def test_a_messages_entities_that_repeat_its_text_are_read_once() -> None:
    """Telegram writes each message twice, as ``text`` (runs) and as ``text_entities``:
    the person in it is read once. Entities that say something else stay."""
    text = ["mw ", {"type": "bold", "text": "Kok, L."}, " BSN 123456782"]
    entities = [{"type": "plain", "text": "mw "}, {"type": "bold", "text": "Kok, L."},
                {"type": "plain", "text": " BSN 123456782"}]  # fmt: skip
    assert flatten({"text": text, "text_entities": entities})[0] == {
        "text": "mw Kok, L. BSN 123456782"
    }
    assert flatten({"text": "hoi", "text_entities": [{"type": "plain", "text": "hoi"}]})[0] == {
        "text": "hoi"
    }
    other = {"text": "hoi", "text_entities": [{"type": "plain", "text": "Jansen"}]}
    assert "text_entities.0.text" in flatten(other)[0]


def test_a_json_document_held_in_a_string_is_read_at_its_paths() -> None:
    """A Postman collection saves each request's body as text: the document it holds is
    read as values below the string's path, numbers as written; text that only looks like
    JSON, an empty one and a string over the limit stay text."""
    body = json.dumps(
        {"patient": {"bsn": "123456782", "huisnummer": 12}, "aanvrager": {"naam": "Dr. Bos"}},
        indent=2,
    )
    doc = {
        "item": [
            {"name": "Post uitslag", "request": {"body": {"raw": body}}},
            {"request": {"body": {"raw": "{niet: json}"}}},
            {"request": {"body": {"raw": " [ ] "}}},
            {"request": {"body": {"raw": '["a", {"b": "1"}]'}}},
        ]
    }
    got = cells(extract(json.dumps(doc).encode()))
    assert got[(1, "request.body.raw.patient.bsn")] == "123456782"
    assert got[(1, "request.body.raw.patient.huisnummer")] == "12"
    assert got[(1, "request.body.raw.aanvrager.naam")] == "Dr. Bos"
    assert got.get((1, "request.body.raw")) is None
    assert got[(2, "request.body.raw")] == "{niet: json}"
    assert got[(3, "request.body.raw")] == " [ ] "
    assert got[(4, "request.body.raw.0")] == "a" and got[(4, "request.body.raw.1.b")] == "1"


def test_a_json_string_inside_strings_counts_toward_the_depth() -> None:
    deep: object = "bottom"
    for _ in range(5):  # (each level escapes the one inside it: its size doubles)
        deep = json.dumps({"k": deep})
    record, hit = flatten(json.loads(deep), max_depth=6)
    assert hit and len(record) == 1
    record, hit = flatten(json.loads(deep))
    assert record == {".".join(["k"] * 5): "bottom"} and not hit


def test_html_with_a_table_in_a_value_is_a_child_html_file() -> None:
    """A CMS page's body in an export (``<p>...</p><table>...``) is read as HTML, its table
    under its header; markup without a table is read as its text, and text naming a
    table stays as it is."""
    body = "<p>Terugbellen:</p><table><tbody><tr><th>Naam</th></tr><tr><td>Bakker</td></tr>"
    doc = {"pagina": {"body": body, "intro": "<p>Zie <b>tabel</b></p>", "x": "de <table> tag"}}
    items = extract(json.dumps(doc).encode())
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("row1-pagina.body.html", body.encode())
    ]
    got = cells(items)
    assert got[(1, "pagina.body")] is None and got[(1, "pagina.intro")] == "Zie tabel"
    assert got[(1, "pagina.x")] == "de <table> tag"


def test_a_file_held_in_base64_is_a_child_file_named_by_its_neighbour() -> None:
    """A value that is nothing but base64 of a file (an API's attachment, a FHIR
    Binary's ``data``) is read as that file; its name beside it names it."""
    import base64

    csv = b"naam;bsn\nJansen, P.;123456782\nBakker, A.;111222333\n"
    pdf = b"%PDF-1.4\n" + b"0" * 40
    doc = {
        "bijlage": {"bestandsnaam": "lijst.csv", "inhoud": base64.b64encode(csv).decode()},
        "rapport": base64.encodebytes(pdf).decode(),  # (wrapped in lines)
        "token": base64.b64encode(b"a single line of text, no file").decode(),
    }
    items = extract(json.dumps(doc).encode())
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("row1-lijst.csv", csv),
        ("row1-rapport", pdf),
    ]
    got = cells(items)
    assert got[(1, "bijlage.inhoud")] is None and got[(1, "rapport")] is None
    assert got[(1, "bijlage.bestandsnaam")] == "lijst.csv" and (1, "token") in got


@pytest.mark.parametrize(
    ("value", "read"),
    [
        (
            "<html><body><p>Patiënt <b>Monique Yilmaz</b> (14-05-1960)</p><p>Groet,<br>Marja</p>"
            "</body></html>",
            "Patiënt Monique Yilmaz (14-05-1960)\nGroet,\nMarja",
        ),
        ("<p>Bel <i>mw. Jansen</i> terug</p>", "Bel mw. Jansen terug"),
        ("<Jansen> schreef: dat klopt", "<Jansen> schreef: dat klopt"),  # no markup
        ("<b>vet zonder einde", "<b>vet zonder einde"),  # no closing tag: as written
    ],
)
def test_a_value_of_html_markup_is_read_as_its_text(value: str, read: str) -> None:
    record: dict[str, str | None] = {"email.OPFMessageCopyHTMLBody": value}
    assert not list(attached_files(record, 1))
    assert record == {"email.OPFMessageCopyHTMLBody": read}
