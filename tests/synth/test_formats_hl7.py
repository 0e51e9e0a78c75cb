from __future__ import annotations

import random
import re

import hl7  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.synth.formats import hl7 as hl7_writer
from breachscope.synth.model import Rendered

from .format_factory import BIRTH_DATES, by_id, records, rendered


def _messages(data: bytes) -> list[hl7.Message]:
    """Split and parse with python-hl7, decoding as MSH-18 says."""
    charset = re.search(rb"MSH\|[^\r]*\|(8859/1|UNICODE UTF-8)\r", data)
    assert charset, "MSH-18 names the character set"
    text = data.decode("utf-8" if charset[1] == b"UNICODE UTF-8" else "latin-1")
    assert "\n" not in text, "segments end with CR only"
    return [hl7.parse(m) for m in hl7.split_file(text)]


def _get(msg: hl7.Message, seg: str, field: int, rep: int = 1, comp: int = 1, sub: int = 1) -> str:
    try:
        return str(msg.extract_field(seg, 1, field, rep, comp, sub))
    except (IndexError, KeyError):
        return ""


def _reps(msg: hl7.Message, field: int) -> list[list[str]]:
    """Repetitions of a PID field as lists of components 1-4."""
    out = []
    for rep in range(1, 5):
        comps = [_get(msg, "PID", field, rep, c) for c in range(1, 5)]
        if any(comps):
            out.append(comps)
    return out


def _shown(msg: hl7.Message, record: Rendered) -> set[str]:
    """Data classes present in a message, each checked against the record's value."""
    shown = set()
    family, given_name = _get(msg, "PID", 5, 1, 1, 1), _get(msg, "PID", 5, 1, 2)
    if family or given_name:
        expected = " ".join(p for p in (record.prefix, record.surname) if p) or record.name
        assert (family, given_name) == (expected, record.given)
        shown.add("name")
        if _get(msg, "PID", 5, 1, 1, 2):  # Dutch subcomponents: prefix and own surname
            assert _get(msg, "PID", 5, 1, 1, 2) == record.prefix
            assert _get(msg, "PID", 5, 1, 1, 3) == record.surname
    if _get(msg, "PID", 7):
        assert _get(msg, "PID", 7) == BIRTH_DATES[record.person_id].strftime("%Y%m%d")
        shown.add("date_of_birth")
    for value, _, _, authority in _reps(msg, 3):
        if authority == "NLMINBIZA":
            assert value == record.bsn
            shown.add("bsn")
    street, postcode = _get(msg, "PID", 11, 1, 1, 1), _get(msg, "PID", 11, 1, 5)
    if (street and record.house and street.endswith(record.house)) or postcode:
        assert street == f"{record.street} {record.house}".strip()
        assert postcode == record.postcode
        assert _get(msg, "PID", 11, 1, 3) == record.city
        shown.add("address")
    for number, use, _, address in _reps(msg, 13):
        if use == "PRN":
            assert number == record.phone
            shown.add("phone")
        if use == "NET":
            assert address == record.email
            shown.add("email")
    agb, gp_family = _get(msg, "ORC", 12, 1, 1), _get(msg, "ORC", 12, 1, 2)
    if agb or gp_family:
        assert agb == record.gp_agb
        assert gp_family in record.gp_name
        assert msg.segment("OBR")[16] == msg.segment("ORC")[12]
        shown.add("provider")
    try:
        values = [str(msg.extract_field("OBX", n, 5)) for n in range(1, len(msg["OBX"]) + 1)]
    except KeyError:
        values = []
    if values:
        assert record.sample is not None and record.sample.result_text in values
        shown.add("health")
    return shown


@pytest.mark.parametrize("seed", range(6))
def test_each_message_shows_exactly_the_claimed_classes(seed: int) -> None:
    recs = records()
    written = hl7_writer.write(recs, random.Random(seed))
    messages = _messages(written.data)
    assert len(messages) == len(recs) == len(written.mentions)
    people = by_id(recs)
    for mention in written.mentions:
        assert mention.row is not None and mention.part is None and mention.member is None
        msg = messages[mention.row - 1]
        assert str(msg.extract_field("MSH", 1, 9, 1, 1)) == "ORU"
        assert str(msg.extract_field("MSH", 1, 12)) == "2.5"
        assert _shown(msg, people[mention.person_id]) == set(mention.classes)


def test_file_styles_vary_with_the_seed() -> None:
    outputs = [hl7_writer.write(records(), random.Random(s)).data for s in range(12)]
    assert any(b"&de&Vries^" in o for o in outputs)  # Dutch name subcomponents
    assert any(b"|de Vries^" in o for o in outputs)  # whole family name in PID-5.1
    assert any(o.startswith(b"BHS|") for o in outputs)
    assert any(b"|8859/1\r" in o for o in outputs) and any(b"UNICODE UTF-8" in o for o in outputs)


def test_bsn_has_assigning_authority_and_sex_follows_the_test() -> None:
    messages = _messages(hl7_writer.write(records(), random.Random(2)).data)
    assert "123456782^^^NLMINBIZA^NNNLD" in str(messages[0].segment("PID")[3])
    assert str(messages[0].segment("PID")[8]) == "F"
    assert str(messages[2].segment("PID")[8]) == "U"  # urine culture: sex not implied
    assert "OBX" not in str(messages[3])  # no sample yet: pending order, no results


def test_latin1_file_falls_back_to_utf8_when_needed() -> None:
    record = rendered(surname="ĳzerman", prefix="", name="")
    for seed in range(10):
        data = hl7_writer.write([record], random.Random(seed)).data
        assert b"|8859/1\r" not in data
        assert _get(_messages(data)[0], "PID", 5, 1, 1, 1) == "ĳzerman"


def test_deterministic_bytes() -> None:
    recs = records()
    assert (
        hl7_writer.write(recs, random.Random(5)).data
        == hl7_writer.write(recs, random.Random(5)).data
    )


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("de Vries", "de Vries"),
        ("A|B", "A\\F\\B"),
        ("A^B&C~D\\E", "A\\S\\B\\T\\C\\R\\D\\E\\E"),
        ("line\rbreak", "line\\X0D\\break"),
    ],
)
def test_escape_table(raw: str, escaped: str) -> None:
    assert hl7_writer.escape(raw) == escaped


DUTCH = "abcdeijklmnorstuvzABDEGIJKMNSVWZéëèïöüáçĳĲ'’- .|^&~\\"
names = st.text(alphabet=DUTCH, min_size=1, max_size=24).filter(lambda s: s == s.strip())
prefixes = st.sampled_from(["", "de", "van der", "'t", "van 't", "in 't", "d'", "ter"])


@settings(max_examples=150, deadline=None)
@given(surname=names, prefix=prefixes, given_name=names, seed=st.integers(0, 2**16))
def test_names_survive_escaping(surname: str, prefix: str, given_name: str, seed: int) -> None:
    record = rendered(surname=surname, prefix=prefix, given=given_name, name="")
    msg = _messages(hl7_writer.write([record], random.Random(seed)).data)[0]
    family = f"{prefix} {surname}" if prefix else surname
    assert _get(msg, "PID", 5, 1, 1, 1) == family
    assert _get(msg, "PID", 5, 1, 2) == given_name
    if prefix and _get(msg, "PID", 5, 1, 1, 2):
        assert _get(msg, "PID", 5, 1, 1, 2) == prefix
        assert _get(msg, "PID", 5, 1, 1, 3) == surname
