from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.evaluate.people import bcubed, pairwise


@pytest.mark.parametrize(
    ("pred", "truth", "p", "r"),
    [
        (["a", "a", "b"], ["x", "x", "y"], 1.0, 1.0),
        (["a", "a", "a"], ["x", "x", "y"], 1 / 3, 1.0),  # one true pair of three predicted
        (["a", "b", "c"], ["x", "x", "y"], 1.0, 0.0),  # nothing linked: precision vacuous
        (["a", "a", "b", "b"], ["x", "x", "x", "x"], 1.0, 2 / 6),
    ],
)
def test_pairwise(pred: list[str], truth: list[str], p: float, r: float) -> None:
    got = pairwise(pred, truth)
    assert got.precision == pytest.approx(p) and got.recall == pytest.approx(r)


def test_bcubed_known_values() -> None:
    # item precision: a-cluster {x,x,y}: 2/3, 2/3, 1/3; b: 1 -> mean 2/3
    got = bcubed(["a", "a", "a", "b"], ["x", "x", "y", "y"])
    assert got.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert got.recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)


@given(st.lists(st.integers(0, 5), min_size=1, max_size=30))
def test_a_perfect_clustering_scores_one(labels: list[int]) -> None:
    names = [f"c{i}" for i in labels]
    assert pairwise(names, names).f1 == 1.0
    assert bcubed(names, names).f1 == pytest.approx(1.0)


def test_a_row_of_a_table_in_a_text_part_maps_to_the_part() -> None:
    from breachscope.evaluate.people import _truth_locator

    at = {"b.docx#part=body": ["P1"], "a.csv#row=2": ["P2"], "l.log": ["P3"]}
    assert _truth_locator("b.docx#part=body&row=7", at) == "b.docx#part=body"
    assert _truth_locator("l.log#row=4", at) == "l.log"
    assert _truth_locator("a.csv#row=2", at) == "a.csv#row=2"
    assert _truth_locator("a.csv#row=3", at) == "a.csv#row=3"  # a table's row stays its own
