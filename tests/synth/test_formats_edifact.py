from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.synth.formats import edifact
from breachscope.synth.model import Rendered

from .format_factory import BIRTH_DATES, by_id, records, rendered

Segment = list[list[str]]
"""A segment as elements of components; element 0 is ``[tag]``."""


def _split(data: bytes) -> list[Segment]:
    """An independent EDIFACT reader: UNA service string, release char, separators."""
    head = data[:9].decode("ascii")
    assert head.startswith("UNA")
    comp, elem, release, term = head[3], head[4], head[6], head[8]
    syntax = data[9:40].decode("ascii", "replace").lstrip().split(elem)[1].split(comp)[0]
    text = data[9:].decode({"UNOC": "latin-1", "UNOW": "utf-8"}[syntax])
    segments: list[Segment] = []
    element: list[str] = []
    current: list[list[str]] = []
    buf: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            buf.append(char)
            escaped = False
        elif char == release:
            escaped = True
        elif char == comp:
            element.append("".join(buf))
            buf = []
        elif char == elem:
            current.append([*element, "".join(buf)])
            element, buf = [], []
        elif char == term:
            current.append([*element, "".join(buf)])
            segments.append(current)
            current, element, buf = [], [], []
        elif char == "\n" and not buf and not current and not element:
            continue
        else:
            buf.append(char)
    assert not buf and not current, "file ends with a segment terminator"
    return segments


def _messages(segments: list[Segment]) -> list[list[Segment]]:
    assert segments[0][0] == ["UNB"] and segments[-1][0] == ["UNZ"]
    messages: list[list[Segment]] = []
    for seg in segments[1:-1]:
        if seg[0] == ["UNH"]:
            messages.append([])
        messages[-1].append(seg)
    assert int(segments[-1][1][0]) == len(messages)
    assert segments[-1][2] == segments[0][5]  # interchange reference
    for number, message in enumerate(messages, start=1):
        assert message[0][1] == [str(number)] and message[0][2][0] == "MEDLAB"
        assert message[-1][0] == ["UNT"]
        assert message[-1][1] == [str(len(message))] and message[-1][2] == [str(number)]
    return messages


def _find(message: list[Segment], tag: str, qualifier: str) -> list[Segment]:
    return [s for s in message if s[0] == [tag] and len(s) > 1 and s[1][0] == qualifier]


def _at(seg: Segment, element: int, comp: int = 0) -> str:
    return seg[element][comp] if element < len(seg) and comp < len(seg[element]) else ""


def _shown(message: list[Segment], record: Rendered) -> set[str]:
    shown = set()
    for pna in _find(message, "PNA", "PAT"):
        parts = {e[0]: e[1] for e in pna[5:]}
        family = " ".join(p for p in (parts.get("VV", ""), parts.get("SU", "")) if p)
        expected = " ".join(p for p in (record.prefix, record.surname) if p) or record.name
        assert (family, parts.get("VN", "")) == (expected, record.given)
        shown.add("name")
    for dtm in _find(message, "DTM", "329"):
        assert dtm[1][1:] == [BIRTH_DATES[record.person_id].strftime("%Y%m%d"), "102"]
        shown.add("date_of_birth")
    for rff in _find(message, "RFF", "SRI"):
        assert rff[1][1] == record.bsn
        shown.add("bsn")
    for nad in _find(message, "NAD", "PAT"):
        street, postcode = " ".join(nad[5]) if len(nad) > 5 else "", _at(nad, 8)
        if postcode or (record.street and record.house and street):
            assert street == f"{record.street} {record.house}".strip()
            assert postcode == record.postcode and _at(nad, 6) == record.city
            shown.add("address")
    for com in _find(message, "COM", "TE"):
        assert com[1][1] == record.phone
        shown.add("phone")
    for com in _find(message, "COM", "EM"):
        assert com[1][1] == record.email
        shown.add("email")
    for nad in _find(message, "NAD", "PO"):
        assert _at(nad, 2) == record.gp_agb
        assert _at(nad, 4) in record.gp_name
        shown.add("provider")
    results = [s[2][0] for s in message if s[0] == ["RES"]]
    if results:
        assert record.sample is not None and record.sample.result_text in results
        shown.add("health")
    return shown


@pytest.mark.parametrize("seed", range(6))
def test_each_message_shows_exactly_the_claimed_classes(seed: int) -> None:
    recs = records()
    written = edifact.write(recs, random.Random(seed))
    messages = _messages(_split(written.data))
    assert len(messages) == len(recs) == len(written.mentions)
    people = by_id(recs)
    for mention in written.mentions:
        assert mention.row is not None and mention.part is None and mention.member is None
        assert _shown(messages[mention.row - 1], people[mention.person_id]) == set(mention.classes)


def test_apostrophes_in_values_are_released() -> None:
    data = edifact.write(records(), random.Random(1)).data.decode("latin-1")
    assert "VV:?'t" in data and "Van ?'t Hofflaan" in data
    assert "COM+TE:?+31 6 87654321" in data


def test_syntax_and_layout_vary() -> None:
    outputs = [edifact.write(records(), random.Random(s)).data for s in range(15)]
    assert any(b"UNB+UNOC:3" in o for o in outputs) and any(b"UNB+UNOW:4" in o for o in outputs)
    assert any(b"'\n" in o for o in outputs) and any(b"'\n" not in o for o in outputs)


def test_deterministic_bytes() -> None:
    recs = records()
    assert edifact.write(recs, random.Random(4)).data == edifact.write(recs, random.Random(4)).data


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("de Vries", "de Vries"), ("'t Hart", "?'t Hart"), ("a+b:c?d", "a?+b?:c??d")],
)
def test_escape_table(raw: str, escaped: str) -> None:
    assert edifact.escape(raw) == escaped


DUTCH = "abcdeijklmnorstuvzABDEGIJKMNSVWZéëèïöüáçĳĲ'’- .+:?\n"
names = st.text(alphabet=DUTCH, min_size=1, max_size=24).filter(lambda s: s == s.strip())
prefixes = st.sampled_from(["", "de", "van der", "'t", "van 't", "in 't", "d'", "ter"])


@settings(max_examples=150, deadline=None)
@given(surname=names, prefix=prefixes, given_name=names, seed=st.integers(0, 2**16))
def test_names_survive_escaping(surname: str, prefix: str, given_name: str, seed: int) -> None:
    record = rendered(surname=surname, prefix=prefix, given=given_name, name="")
    message = _messages(_split(edifact.write([record], random.Random(seed)).data))[0]
    (pna,) = _find(message, "PNA", "PAT")
    parts = {e[0]: e[1] for e in pna[5:]}
    assert parts["SU"] == surname and parts.get("VV", "") == prefix
    assert parts["VN"] == given_name
