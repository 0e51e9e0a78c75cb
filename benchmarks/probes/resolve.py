"""Probes ``simulate_mentions``, ``resolve_ours`` and ``resolve_splink``.

Both resolvers get the same mentions table: synthetic mentions with known people from
:func:`breachscope.resolve.simulate.simulate` (assembled exactly as a scan would, without
writing and scanning a dump of a million rows), stored once as Parquet with the true
person id in an extra column that neither resolver sees.

Splink runs with its quick-start style settings, as a user new to the data would set it
up: a plain Fellegi-Sunter model on first name, surname, date of birth and postcode
(``NameComparison``, ``JaroAtThresholds``, ``DateOfBirthComparison``, ``ExactMatch`` with
term-frequency adjustment), blocking on pairs of those columns, u by random sampling, m by
EM, clusters at the same match probability our resolver uses (0.9) - and none of our Dutch
comparisons (surname parts, Partner-Birth forms, initials, BSN keys, moves).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.timing import since

TRUTH_COLUMN = "__true_person__"
SPLINK_THRESHOLD = 0.9


def simulate_mentions(args: dict[str, Any], started: float) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from breachscope.resolve.simulate import simulate

    t0 = time.perf_counter()
    sim = simulate(int(args["people"]), int(args["seed"]))
    table = sim.mentions.append_column(TRUTH_COLUMN, pa.array(sim.truth, pa.string()))
    pq.write_table(table, args["out"])
    return {"elapsed_s": since(t0), "mentions": table.num_rows, "people": len(set(sim.truth))}


def _load(path: str) -> tuple[Any, int]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    truth = table.column(TRUTH_COLUMN)
    true_people = len(set(truth.to_pylist()))
    return table.drop_columns([TRUTH_COLUMN]), true_people


def _error(predicted: int, true: int) -> float:
    return (predicted - true) / true if true else 0.0


def resolve_ours(args: dict[str, Any], started: float) -> dict[str, Any]:
    from breachscope.resolve.run import resolve

    mentions, true_people = _load(args["mentions"])
    startup = since(started)
    t0 = time.perf_counter()
    result = resolve(mentions, threads=int(args.get("threads", 2)))
    seconds = since(t0)
    persons = int(result.summary.persons)
    return {
        "startup_s": startup, "seconds": seconds, "mentions": mentions.num_rows,
        "true_people": true_people, "people": persons,
        "count_error": _error(persons, true_people), "phases": result.summary.seconds,
    }  # fmt: skip


def _splink_input(mentions: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    given = mentions.column("given_names")
    first = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(
        given, 0, 64)))  # fmt: skip
    first = pc.list_element(pc.split_pattern(first, " "), 0)
    first = pc.if_else(pc.equal(first, ""), pa.scalar(None, pa.string()), first)
    return pa.table({
        "unique_id": pa.array(range(mentions.num_rows), pa.int64()),
        "first_name": first,
        "surname": pc.utf8_lower(mentions.column("surname")),
        "dob": mentions.column("date_of_birth"),
        "postcode": mentions.column("postcode"),
    })  # fmt: skip


def resolve_splink(args: dict[str, Any], started: float) -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from breachscope.resolve.run import connect_memory

    mentions, true_people = _load(args["mentions"])
    startup = since(started)
    t0 = time.perf_counter()
    con = connect_memory(int(args.get("threads", 2)))  # also sets duckdb 2.x lambda syntax
    db_api = DuckDBAPI(connection=con)
    df = db_api.register(_splink_input(mentions))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.JaroAtThresholds("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode", "dob"),
        ],
    )
    linker = Linker(df, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7)  # fmt: skip
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname"))  # fmt: skip
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, SPLINK_THRESHOLD)  # fmt: skip
    row = con.execute(f"SELECT count(DISTINCT cluster_id) FROM {clusters.physical_name}").fetchone()
    seconds = since(t0)
    persons = int(row[0]) if row else 0
    return {
        "startup_s": startup, "seconds": seconds, "mentions": mentions.num_rows,
        "true_people": true_people, "people": persons,
        "count_error": _error(persons, true_people),
    }  # fmt: skip


def mentions_file(work: Path, people: int, seed: int, fingerprint: str) -> Path:
    return work / "mentions" / f"sim-p{people}-s{seed}-{fingerprint}.parquet"
