"""Resolving overlapping hits run by run must keep exactly what ranking all hits at once
kept, in the same order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.base import TextMatch
from breachscope.detect.detectorset import DetectorSet, Hit, resolve_overlaps
from breachscope.detect.intervals import non_overlapping


def _ranked_globally(hits: list[Hit]) -> list[Hit]:
    """The rule as first written: rank every hit, keep greedily, sort by span."""
    ranked = sorted(
        hits,
        key=lambda h: (
            -h.detector.priority,
            -(h.match.end - h.match.start),
            -h.match.confidence,
            h.match.start,
        ),
    )
    kept = [ranked[i] for i in non_overlapping((h.match.start, h.match.end) for h in ranked)]
    kept.sort(key=lambda h: (h.match.start, h.match.end))
    return kept


spec = st.tuples(
    st.integers(0, 20),
    st.integers(0, 60),
    st.integers(0, 12),
    st.sampled_from([0.75, 0.85, 0.9]),
    st.text("abc", max_size=2),
)


@settings(max_examples=500, deadline=None)
@given(specs=st.lists(spec, max_size=25))
def test_run_by_run_equals_global_ranking(
    dset: DetectorSet, specs: list[tuple[int, int, int, float, str]]
) -> None:
    dets = dset.detectors
    hits = [
        Hit(dets[d % len(dets)], TextMatch(s, s + n, tag, "k", c, "e")) for d, s, n, c, tag in specs
    ]
    got = resolve_overlaps(list(hits))
    want = _ranked_globally(list(hits))
    assert [id(h) for h in got] == [id(h) for h in want]


def test_priority_then_length_wins(dset: DetectorSet) -> None:
    name = next(d for d in dset.detectors if d.id == "name")
    provider = next(d for d in dset.detectors if d.id == "provider")
    a = Hit(name, TextMatch(0, 12, "x", "k", 0.9, "e"))
    b = Hit(provider, TextMatch(5, 9, "y", "k", 0.9, "e"))
    c = Hit(name, TextMatch(20, 25, "z", "k", 0.9, "e"))
    want = [b, c] if provider.priority > name.priority else [a, c]
    assert resolve_overlaps([c, a, b]) == want
