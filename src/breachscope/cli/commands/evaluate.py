"""``breachscope evaluate``: score a scanned case against a synthetic truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from breachscope.case import CaseError
from breachscope.cli.evaluate_people import run_people_evaluation
from breachscope.evaluate.detection import DetectionEvaluation, evaluate_case_detection


def detection_table(result: DetectionEvaluation) -> Table:
    table = Table(title="Detection per data class (record locator x class)")
    for col in ("class", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col == "class" else "right")
    for c in (*result.classes, result.total):
        table.add_row(
            c.data_class,
            str(c.true_positives),
            str(c.false_positives),
            str(c.false_negatives),
            f"{c.precision:.4f}",
            f"{c.recall:.4f}",
            f"{c.f1:.4f}",
        )
    return table


def value_table(result: DetectionEvaluation) -> Table:
    table = Table(title="Values in true records: each a value of a person the record mentions")
    for col in ("class", "kind", "checked", "wrong", "precision"):
        table.add_column(col, justify="left" if col in ("class", "kind") else "right")
    for v in result.values:
        table.add_row(v.data_class, v.kind, str(v.checked), str(v.wrong), f"{v.precision:.4f}")
    return table


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate(
        case: Annotated[Path, typer.Option("--case", help="Scanned case folder.")],
        truth: Annotated[Path, typer.Option("--truth", help="Synth truth folder.")],
        json_out: Annotated[Path | None, typer.Option("--json", help="Write JSON here.")] = None,
    ) -> None:
        """Score a scanned synthetic leak against its truth: detection and people.

        Detection: precision and recall per data class, and whether each date of birth,
        BSN, e-mail address, phone number and postcode found is one of the record's people's.
        People: recall, precision, count error, pairwise and B-cubed F1, per-class recall,
        provider accuracy.
        """
        try:
            detection = evaluate_case_detection(case, truth)
        except (CaseError, FileNotFoundError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        Console().print(detection_table(detection))
        if detection.values:
            Console().print(value_table(detection))
        # --- people part (resolve owner): breachscope.cli.evaluate_people ---
        try:
            people = run_people_evaluation(case, truth, Console())
        except (CaseError, FileNotFoundError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        # --- end of people part ---
        if json_out is not None:
            report = {"version": 1, "detection": detection.to_dict()}
            if people is not None:
                report["people"] = people
            json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
