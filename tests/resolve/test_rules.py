"""The deterministic rules around the model, on hand-made mentions (no Splink)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from breachscope.assemble.schema import MENTIONS_SCHEMA
from breachscope.resolve.cluster import WeakMentions, cluster
from breachscope.resolve.features import FEATURES_TABLE, build_features
from breachscope.resolve.rules import (
    apply_bsn_keys,
    contact_links,
    same_document_links,
    weak_mentions,
)
from breachscope.resolve.run import connect_memory


def _mention(i: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(MENTIONS_SCHEMA.names)
    row.update(mention_id=f"M{i:03d}", record=f"f{i}.csv#row=2", path=f"f{i}.csv",
               source="table", bsn_valid=False, data_classes=["name"], other_values=[],
               evidence=[])  # fmt: skip
    row.update(values)
    return row


def _features(rows: list[dict[str, Any]]) -> Any:
    con = connect_memory(1)
    table = pa.Table.from_pylist(rows, schema=MENTIONS_SCHEMA).drop(["person_id"])
    con.register("m_in", table.append_column("unique_id", pa.array(range(len(rows)), pa.int64())))
    build_features(con, "m_in")
    return con


def test_features_fold_names_into_surname_cores() -> None:
    con = _features([_mention(0, surname="Jansen-de Vries", birth_surname="de Vries",
                              partner_surname="Jansen", given_names="Marieke Johanna",
                              date_of_birth="1975-03-12")])  # fmt: skip
    row = con.sql(f"SELECT sn_key, sn_parts, fn1, inits, dob_y, dob_m, dob_d "
                  f"FROM {FEATURES_TABLE}").fetchall()[0]  # fmt: skip
    assert row == ("jansen vries", ["jansen", "vries"], "marieke", "mj", 1975, 3, 12)


def test_bsn_with_contradicting_dob_is_unkeyed() -> None:
    con = _features([
        _mention(0, bsn="111222333", bsn_valid=True, date_of_birth="1975-03-12"),
        _mention(1, bsn="111222333", bsn_valid=True, date_of_birth="1975-03-12"),
        _mention(2, bsn="111222333", bsn_valid=True, date_of_birth="2024-02-08"),
    ])  # fmt: skip
    assert apply_bsn_keys(con) == ["111222333", "111222333", None]
    flags = con.sql(f"SELECT bsn_ok FROM {FEATURES_TABLE} ORDER BY unique_id").fetchall()
    assert [f[0] for f in flags] == [True, True, False]


@pytest.mark.parametrize(
    ("other", "linked"),
    [
        ({"surname": "Jansen", "initials": "M."}, True),  # "mevrouw M. Jansen" in the subject
        ({"surname": "Jansen", "initials": "K."}, False),  # another Jansen
        ({"surname": "Bakker", "initials": "M.J."}, False),
        ({"surname": "Jansen", "initials": "M.", "date_of_birth": "1980-01-01"}, False),
    ],
)
def test_same_document_links(other: dict[str, Any], linked: bool) -> None:
    text = {"source": "text", "path": "mail/1.eml"}
    con = _features([
        _mention(0, surname="Jansen-de Vries", partner_surname="Jansen", initials="M.J.",
                 date_of_birth="1975-03-12", **{**text, "record": "mail/1.eml#part=body"}),
        _mention(1, **other, **{**text, "record": "mail/1.eml#part=header"}),
    ])  # fmt: skip
    assert bool(same_document_links(con)) is linked


@pytest.mark.parametrize(
    ("first", "other", "linked"),
    [
        ({"email": "m.jansen@example.org"}, {"email": "m.jansen@example.org"}, True),
        ({"email": "m.jansen@example.org"},  # married name, same first initial
         {"surname": "de Vries", "initials": "M.", "email": "m.jansen@example.org"}, True),
        ({"email": "m.jansen@example.org"},
         {"surname": "Bakker", "initials": "P.", "email": "m.jansen@example.org"}, False),
        ({"phone": "+31612345678"}, {"surname": "Jansen", "phone": "+31612345678"}, True),
        ({"phone": "+31201234567"}, {"surname": "Jansen", "phone": "+31201234567"}, False),
    ],
)  # fmt: skip
def test_contact_links(first: dict[str, Any], other: dict[str, Any], linked: bool) -> None:
    con = _features([_mention(0, surname="Jansen", initials="M.", **first),
                     _mention(1, **other)])  # fmt: skip
    assert bool(contact_links(con)) is linked


def test_a_bare_name_joins_the_only_person_it_fits() -> None:
    rows = [
        _mention(
            0,
            surname="Boer",
            initials="R.S.",
            date_of_birth="1981-03-09",
            bsn="111222333",
            bsn_valid=True,
        ),
        _mention(1, surname="Boer", initials="R.S.", source="text"),  # signature
        _mention(2, surname="Boer", given_names="Rosalie", source="text"),
        _mention(3, surname="Vos", initials="K.", source="text"),  # no one else fits
        _mention(4, surname="Vos", initials="K.", source="text"),
    ]
    con = _features(rows)
    weak = weak_mentions(con)
    assert weak.nodes == {1, 2, 3, 4}
    keys = apply_bsn_keys(con)
    labels = cluster(keys, [r["date_of_birth"] for r in rows], [], [0.9], weak).labels[0.9]
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[0]


def test_a_bare_name_that_fits_two_people_stays_apart() -> None:
    dobs = ["1981-03-09", "1990-01-01", None]
    weak = WeakMentions(frozenset({2}), {2: [0, 1]}, {})
    labels = cluster(["111222333", "123456782", None], dobs, [], [0.5], weak).labels[0.5]
    assert len(set(labels)) == 3


@pytest.mark.parametrize(
    ("path", "patient", "partner", "child", "again"),
    [
        ("a.hl7", "a.hl7#row=1", "a.hl7#part=NK1&row=1", "a.hl7#part=NK1[2]&row=1",
         "a.hl7#row=2"),
        ("b.json", "b.json#part=entry&row=1", "b.json#part=entry/contact&row=1",
         "b.json#part=entry/contact[2]&row=1", "b.json#part=entry&row=2"),
        ("c.json", "c.json#row=1", "c.json#part=contact&row=1", "c.json#part=contact[2]&row=1",
         "d.json#row=1"),
        ("e.csv", "e.csv#row=2", "e.csv#part=contact&row=2", "e.csv#part=contact[2]&row=2",
         "f.csv#row=7"),
    ],
)  # fmt: skip
def test_a_patient_and_the_other_people_of_her_record_are_never_one_person(
    path: str, patient: str, partner: str, child: str, again: str
) -> None:
    """The partner of an HL7 NK1 segment, a FHIR Patient.contact or a table's contact
    person columns shares the patient's surname and address; only the record says they
    are two. Its second one too."""
    from breachscope.resolve import resolve

    address = {"street": "Kerkstraat", "house_number": "12", "postcode": "1234AB",
               "city": "Utrecht", "path": path}  # fmt: skip
    rows = [
        _mention(0, record=patient, surname="Jansen-de Vries", given_names="Anna",
                 initials="A.", date_of_birth="1978-03-03", phone="+31612345678", **address),
        _mention(1, record=partner, surname="Jansen", given_names="Peter", initials="P.",
                 phone="+31687654321", **address),
        _mention(2, record=child, surname="Jansen", initials="A.",
                 **address),  # a daughter who shares the mother's initial
        _mention(3, record=again, surname="Jansen-de Vries", given_names="Anna", initials="A.",
                 date_of_birth="1978-03-03", **address),
    ]  # fmt: skip
    result = resolve(pa.Table.from_pylist(rows, schema=MENTIONS_SCHEMA))
    person = dict(zip(result.mentions["record"].to_pylist(),
                      result.mentions["person_id"].to_pylist(), strict=True))  # fmt: skip
    assert person[patient] == person[again]  # the patient in two records
    assert len({person[patient], person[partner], person[child]}) == 3
