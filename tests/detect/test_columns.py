"""Column headers: normalisation and keyword matching."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.columns import (
    CODE_ATTRIBUTES,
    MAX_HEADER_WORDS,
    header_hit,
    is_field_id,
    literal_trie,
    normalise_header,
)
from breachscope.detect.detectorset import DetectorSet


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("PatiëntGeboorteDatum", "patient geboorte datum"),
        ("patient_dob", "patient dob"),
        ("OBX[2]-5", "obx-5"),
        ("PID-3(2).1", "pid-3.1"),
        ("NAD+PAT", "nad+pat"),
        ("  E-mail adres ", "e mail adres"),
        ("naam (2)", "naam"),  # a repeated header's second column (extract.chunking)
        ("Geboortedatum [3]", "geboortedatum"),
        ("Adres 2", "adres 2"),
    ],
)
def test_normalise(header: str, expected: str) -> None:
    assert normalise_header(header) == expected


@pytest.mark.parametrize(
    ("header", "keywords", "hit"),
    [
        ("Geboortedatum", ("datum",), "datum"),  # inside a compound
        ("PID-5.1", ("pid-5",), "pid-5"),
        ("PID-51", ("pid-5",), None),
        ("PID-3", ("=pid-3",), "pid-3"),
        ("PID-3.1", ("=pid-3",), None),
        ("PAT_NM", ("nm",), "nm"),
        ("Omschrijving", ("nm",), None),  # short keywords are whole words only
        ("Export uit LIMS; uitsluitend voor intern gebruik.", ("uitsl",), None),  # a note
        # the path of a nested record is a column name however deep it is
        ("entry.0.resource.address.0.postalCode", ("postal code",), "postal code"),
        ("entry.0.resource.name.0.given.1", ("name",), "name"),
        # an XML attribute holding a code is named by no keyword of the path above it
        ("recordTarget.patientRole.addr.@use", ("patient",), None),
        ("patient.administrativeGenderCode.@code", ("patient",), None),
        ("patient.birthTime.@value", ("birth time",), "birth time"),
        ("patient.id.@extension", ("patient",), "patient"),
        # "~": whole words only, never inside a compound
        ("profile.lastName", ("~file",), None),
        ("file_name", ("~file",), "file"),
        ("Profile", ("file",), "file"),
        # a compound never runs across a path's steps, but across an abbreviation's dot
        ("payload.resultaten.0.genotype", ("adres",), None),
        ("payload.adres", ("adres",), "adres"),
        ("Geb.datum", ("gebdatum",), "gebdatum"),
        ("pat.geboortedatum", ("patgeboortedatum",), "patgeboortedatum"),
        # nor into a remark in brackets (the BRP's ``naamgebruik`` is no family name)
        ("Achternaam (gebruik)", ("naamgebruik",), None),
        ("Achternaam (gebruik)", ("achternaam",), "achternaam"),
        ("Naamgebruik", ("naamgebruik",), "naamgebruik"),
        # a path below a column with no header: the path names the values
        ("column3.patient.achternaam", ("column", "achternaam"), "achternaam"),
        ("column3", ("column",), "column"),
    ],
)
def test_hit(header: str, keywords: tuple[str, ...], hit: str | None) -> None:
    assert header_hit(header, keywords) == hit


def _reference_hit(header: str, keywords: tuple[str, ...]) -> str | None:
    """The keyword rules written out plainly, keyword by keyword (the specification the
    compiled matcher must equal)."""
    if re.match(r"column\d+\.", header) and header.split(".", 1)[1]:
        header = header.split(".", 1)[1]  # (a JSON cell's path below a column with no header)
    h = normalise_header(header)
    sentence = h.count(" ") >= MAX_HEADER_WORDS and any(c.isspace() for c in header.strip())
    code = header.rsplit(".", 1)[-1] in {f"@{a}" for a in CODE_ATTRIBUTES}
    if not keywords or not header or sentence or code:
        return None
    words, compact = f" {h} ", h.replace(" ", "")
    if "." in header or "(" in header:  # a path's steps and a bracket's remark apart, a
        # step of three characters or fewer joined
        steps = [normalise_header(step).replace(" ", "") for step in re.split(r"[.(]", header)]
        compact = steps[0]
        for before, step in itertools.pairwise(steps):
            compact += step if len(before) <= 3 else "\x00" + step
    for kw in keywords:
        if kw.startswith("="):
            if h == kw[1:]:
                return kw[1:]
        elif kw.startswith("~"):
            if f" {kw[1:]} " in words:
                return kw[1:]
        elif is_field_id(kw):
            if h == kw or h.startswith((kw + ".", kw + "+", kw + "-")):
                return kw
        elif f" {kw} " in words or (len(kw) >= 4 and kw.replace(" ", "") in compact):
            return kw
    return None


def _keyword_lists() -> list[tuple[str, ...]]:
    dset = DetectorSet.build(Config())
    lists = [tuple(d.header_keywords) for d in dset.detectors]
    lists += [tuple(d.header_negative) for d in dset.detectors]
    return [kws for kws in lists if kws]


KEYWORD_LISTS = _keyword_lists()
HEADER_PIECES = sorted({w for kws in KEYWORD_LISTS for kw in kws for w in kw.strip("=~").split()})
HEADERS = st.lists(
    st.one_of(st.sampled_from(HEADER_PIECES), st.text(alphabet="abcXYZ_-+.[]()1é ", max_size=6)),
    max_size=4,
).map("".join) | st.lists(st.sampled_from(HEADER_PIECES), max_size=3).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(HEADERS, st.sampled_from(KEYWORD_LISTS))
def test_compiled_matcher_equals_reference(header: str, keywords: tuple[str, ...]) -> None:
    assert header_hit(header, keywords) == _reference_hit(header, keywords)


@pytest.mark.parametrize("keywords", KEYWORD_LISTS[:8])
def test_every_keyword_names_its_own_header(keywords: tuple[str, ...]) -> None:
    for kw in keywords:
        header = kw.strip("=~")
        assert header_hit(header, keywords) == _reference_hit(header, keywords)


@settings(max_examples=300, deadline=None)
@given(HEADERS, st.sampled_from(KEYWORD_LISTS))
def test_a_list_names_a_header_by_its_first_keyword_that_does(
    header: str, keywords: tuple[str, ...]
) -> None:
    """One call over a list is the loop over its keywords one by one (the address claim
    finds its column kind so)."""
    first = next((kw.strip("=~") for kw in keywords if header_hit(header, (kw,))), None)
    assert header_hit(header, keywords) == first


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab.(|\\ \x00", min_size=1, max_size=4), min_size=1, max_size=6),
    st.text(alphabet="ab.(|\\ \x00", max_size=12),
)
def test_a_literal_trie_matches_where_one_of_its_words_does(words: list[str], text: str) -> None:
    found = re.search(literal_trie(words), text) is not None
    assert found == any(w in text for w in words)
