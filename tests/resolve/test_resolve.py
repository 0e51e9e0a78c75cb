from __future__ import annotations

import pyarrow as pa
import pytest

from breachscope.config import ResolveSettings
from breachscope.evaluate.people import bcubed, pairwise
from breachscope.resolve import TIERS, resolve
from breachscope.resolve.simulate import Simulated, simulate

pytestmark = pytest.mark.slow  # Splink trains a model per test (seconds each)

SEEDS = (101, 102)


@pytest.fixture(scope="module", params=SEEDS)
def simulated(request: pytest.FixtureRequest) -> tuple[Simulated, object]:
    sim = simulate(400, request.param)
    return sim, resolve(sim.mentions)


def test_people_are_found_with_few_errors(simulated: tuple[Simulated, object]) -> None:
    sim, result = simulated
    pred = result.mentions["person_id"].to_pylist()  # type: ignore[attr-defined]
    pw, b3 = pairwise(pred, sim.truth), bcubed(pred, sim.truth)
    assert pw.precision >= 0.99 and pw.recall >= 0.95, pw
    assert b3.f1 >= 0.98, b3
    true_people = len(set(sim.truth))
    assert abs(len(set(pred)) - true_people) / true_people <= 0.06


def test_every_mention_gets_a_person_and_persons_are_consistent(
    simulated: tuple[Simulated, object],
) -> None:
    sim, result = simulated
    mentions, persons = result.mentions, result.persons  # type: ignore[attr-defined]
    assert mentions.num_rows == sim.mentions.num_rows
    assert mentions["person_id"].null_count == 0
    assert set(mentions["person_id"].to_pylist()) == set(persons["person_id"].to_pylist())
    assert sum(persons["n_mentions"].to_pylist()) == mentions.num_rows
    assert set(persons["tier"].to_pylist()) <= set(TIERS)
    # confirmed people carry a valid BSN; their BSN is unique over persons
    confirmed = [p for p in persons.to_pylist() if p["tier"] == "confirmed"]
    assert all(p["bsn"] for p in confirmed)
    assert len({p["bsn"] for p in confirmed}) == len(confirmed)


def test_count_range_is_ordered(simulated: tuple[Simulated, object]) -> None:
    _sim, result = simulated
    s = result.summary  # type: ignore[attr-defined]
    totals = [s.by_threshold[k]["total"] for k in ("0.5", "0.9", "0.99")]
    assert totals == sorted(totals)
    assert s.count_low <= s.persons <= s.count_high
    assert s.count_low == s.tiers["confirmed"]


def test_person_ids_are_stable_across_runs_and_input_order() -> None:
    sim = simulate(120, 103)
    first = resolve(sim.mentions)
    again = resolve(sim.mentions)
    assert first.persons["person_id"].to_pylist() == again.persons["person_id"].to_pylist()
    flipped = sim.mentions.take(pa.array(range(sim.mentions.num_rows - 1, -1, -1)))
    other = resolve(flipped)
    assert set(other.persons["person_id"].to_pylist()) == set(
        first.persons["person_id"].to_pylist()
    )


def test_a_stricter_threshold_never_merges_more() -> None:
    sim = simulate(150, 104)
    loose = resolve(sim.mentions, ResolveSettings(match_threshold=0.5))
    strict = resolve(sim.mentions, ResolveSettings(match_threshold=0.99))
    assert strict.summary.persons >= loose.summary.persons


def test_evidence_covers_every_data_class_of_every_person() -> None:
    sim = simulate(80, 105)
    result = resolve(sim.mentions)
    evidence: dict[str, set[str]] = {}
    for row in result.person_evidence.to_pylist():
        evidence.setdefault(row["person_id"], set()).add(row["data_class"])
    for p in result.persons.to_pylist():
        assert set(p["data_classes"]) == evidence[p["person_id"]]
