"""The people part of ``breachscope evaluate`` (called from ``cli/commands/evaluate.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from breachscope.evaluate.people import PeopleEvaluation, evaluate_case_people

PEOPLE_JSON = "people_evaluation.json"
"""Written into the case folder on every run."""


def people_table(e: PeopleEvaluation) -> Table:
    table = Table(title="People (resolved persons against the truth)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("true people", str(e.true_persons)),
        ("predicted people", str(e.predicted_persons)),
        ("count error", f"{e.count_error:+.4f}"),
        ("person precision", f"{e.precision:.4f}"),
        ("person recall", f"{e.recall:.4f}"),
        ("duplicates / spurious", f"{e.duplicates} / {e.spurious}"),
        ("pairwise P / R / F1",
         f"{e.pairwise.precision:.4f} / {e.pairwise.recall:.4f} / {e.pairwise.f1:.4f}"),
        ("B-cubed P / R / F1",
         f"{e.bcubed.precision:.4f} / {e.bcubed.recall:.4f} / {e.bcubed.f1:.4f}"),
        ("mentions mapped", f"{e.mapped_mentions} / {e.mentions}"),
        ("provider accuracy", f"{e.provider_accuracy:.4f} ({e.provider_support})"),
    ]  # fmt: skip
    rows += [(f"recall {c}", f"{r:.4f} ({e.class_support[c]})") for c, r in e.class_recall.items()]
    for name, value in rows:
        table.add_row(name, value)
    return table


def run_people_evaluation(case: Path, truth: Path, console: Console) -> dict[str, Any] | None:
    """Score the case's persons if it has been resolved; print and save the result."""
    from breachscope.assemble.store import query_arrow
    from breachscope.case import Case

    with Case.open(case, read_only=True) as opened:
        resolved = query_arrow(opened.con, "SELECT count(*) AS n FROM persons")["n"][0].as_py()
    if not resolved:
        console.print("[dim]no persons yet: run 'breachscope resolve' for the people part")
        return None
    result = evaluate_case_people(case, truth)
    console.print(people_table(result))
    report = result.to_dict()
    (case / PEOPLE_JSON).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report
