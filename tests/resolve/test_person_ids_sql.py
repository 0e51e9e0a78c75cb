"""Person ids computed in SQL (resolve_case) equal the Python definition."""

from __future__ import annotations

import random

import duckdb
import pyarrow as pa
import pytest

from breachscope.resolve.persons import person_ids, person_ids_sql


@pytest.mark.parametrize("seed, n, people", [(1, 1, 1), (2, 20, 5), (3, 200, 200), (4, 300, 7)])
def test_person_ids_sql_matches_python(seed: int, n: int, people: int) -> None:
    rng = random.Random(seed)
    labels = [rng.randrange(people) for _ in range(n)]
    mention_ids = [f"M{rng.getrandbits(64):016x}" for _ in range(n)]
    con = duckdb.connect()
    con.register("l", pa.table({"unique_id": range(n), "label": labels}))
    con.register("m", pa.table({"unique_id": range(n), "mention_id": mention_ids}))
    by_label = dict(con.sql(person_ids_sql("l", "m")).fetchall())
    assert [by_label[x] for x in labels] == person_ids(labels, mention_ids)
