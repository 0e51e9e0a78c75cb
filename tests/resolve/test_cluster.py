from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.resolve.cluster import bsn_keys, cluster, dob_compatible


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("1975-03-12", "1975-03-12", True),
        ("1975-03-12", "1975-12-03", True),  # day and month swapped
        ("1975-03-12", "1957-03-12", True),  # year typo
        ("1975-03-12", "1975-04-12", True),  # month off
        ("1975-03-12", "1975-03-21", True),  # day digits swapped
        ("1975-03-12", "1976-04-12", False),  # two fields
        ("1975-03-12", "1980-07-01", False),
    ],
)
def test_dob_compatible(a: str, b: str, ok: bool) -> None:
    assert dob_compatible(a, b) is ok
    assert dob_compatible(b, a) is ok


def test_bsn_key_is_dropped_for_a_contradicting_date_of_birth() -> None:
    bsns = ["111222333", "111222333", "111222333", None]
    dobs = ["1975-03-12", "1975-03-12", "1990-08-30", "1975-03-12"]
    assert bsn_keys(bsns, dobs) == ["111222333", "111222333", None, None]


def test_a_mention_without_bsn_joins_one_bsn_person_only() -> None:
    # 0 and 1 are different people (different BSNs); 2 looks like both
    bsns = ["111222333", "123456782", None]
    dobs = ["1975-03-12", "1975-03-12", "1975-03-12"]
    pairs = [(0, 2, 0.97), (1, 2, 0.95)]
    result = cluster(bsns, dobs, pairs, [0.5])
    labels = result.labels[0.5]
    assert labels[2] == labels[0] != labels[1]


def test_mentions_kept_apart_are_never_chained() -> None:
    # 0 (a patient) and 1 (her partner in the same message) are apart; 2 looks like both,
    # 3 like the partner: 2 joins the patient (its best link), 3 the partner
    bsns: list[str | None] = [None, None, None, None]
    dobs: list[str | None] = ["1978-03-03", None, None, None]
    apart = ["a.hl7#row=1", "a.hl7#row=1", None, None]
    pairs = [(0, 2, 0.99), (1, 2, 0.98), (0, 1, 0.97), (1, 3, 0.96)]
    labels = cluster(bsns, dobs, pairs, [0.5], apart=apart).labels[0.5]
    assert labels[0] == labels[2] != labels[1] == labels[3]


def test_established_dates_of_birth_are_never_chained() -> None:
    # two people, each seen twice with the same DOB, no BSN; one vague mention links both
    dobs = ["1975-03-12", "1975-03-12", "1988-10-01", "1988-10-01", None]
    pairs = [(0, 1, 0.999), (2, 3, 0.999), (0, 4, 0.95), (2, 4, 0.94)]
    labels = cluster([None] * 5, dobs, pairs, [0.5]).labels[0.5]
    assert labels[0] == labels[1] == labels[4] != labels[2] == labels[3]


def test_a_single_contradicting_dob_does_not_block_a_strong_link() -> None:
    dobs = ["1975-03-12", "1975-03-12", "1980-01-01"]
    labels = cluster([None] * 3, dobs, [(0, 1, 0.99), (1, 2, 0.995)], [0.5]).labels[0.5]
    assert len(set(labels)) == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([None, "111222333", "123456782", "100000009"]), min_size=2, max_size=25
    ),
    st.data(),
)
def test_no_cluster_ever_holds_two_bsns(bsns: list[str | None], data: st.DataObject) -> None:
    n = len(bsns)
    pairs = data.draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.floats(0.5, 1.0)),
            max_size=60,
        )
    )
    pairs = [(a, b, p) for a, b, p in pairs if a != b]
    result = cluster(bsns, [None] * n, pairs, [0.5, 0.9, 0.99])
    previous = None
    for t in (0.5, 0.9, 0.99):
        members: dict[int, set[str]] = defaultdict(set)
        for label, bsn in zip(result.labels[t], bsns, strict=True):
            if bsn:
                members[label].add(bsn)
        assert all(len(v) == 1 for v in members.values())
        # same valid BSN always ends in one person
        by_bsn: dict[str, set[int]] = defaultdict(set)
        for i, b in enumerate(bsns):
            if b:
                by_bsn[b].add(result.labels[t][i])
        assert all(len(v) == 1 for v in by_bsn.values())
        count = len(set(result.labels[t]))
        assert previous is None or count >= previous  # stricter threshold, more people
        previous = count
