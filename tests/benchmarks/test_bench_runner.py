"""The quick mode's machinery end to end, on a tiny corpus (slow: it runs every probe)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from benchmarks.cli import main

from benchmarks import ripgrep


@pytest.mark.slow
def test_quick_runner_on_tiny_corpus(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "work"
    readme = tmp_path / "README.md"
    readme.write_text("# project\n", encoding="utf-8")
    code = main([
        "run", "--quick", "--people", "40", "--bulk-rows", "300", "--scales", "1,2",
        "--mentions", "1500", "--out", str(out), "--work", str(work), "--readme", str(readme),
    ])  # fmt: skip
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    checks = results["checks"]
    assert code == (
        1
        if any(c["ok"] is False for c in checks)
        or any(s["status"] == "error" for s in results["stages"].values())
        else 0
    )
    for c in checks:
        if c["ok"] is not None and "floor" in c:
            assert c["ok"] == (c["value"] is not None and c["value"] >= c["floor"])

    assert results["machine"]["cores"] >= 1 and results["machine"]["cpu"]
    corpus = results["corpus"]
    assert corpus["bytes"] > 0 and corpus["files"] > 0
    stages = results["stages"]
    assert stages["extract"]["status"] == "ok"
    assert stages["extract"]["bytes"] == corpus["bytes"]
    assert stages["pipeline"]["status"] == "ok"
    assert stages["detect_tables_series"]["status"] == "ok"
    assert stages["detect_tables_series"]["files"] >= 1
    assert stages["pipeline"]["run"]["peak_rss_mb"] > 10
    assert stages["ripgrep_dump"]["status"] == ("ok" if ripgrep.available() else "unavailable")
    if ripgrep.available():
        assert stages["ripgrep_dump"]["j1"]["bytes"] == corpus["bytes"]
    assert stages["resolve"]["status"] == "ok" and stages["splink"]["status"] == "ok"
    assert stages["resolve"]["mentions"] == stages["splink"]["mentions"] > 1000
    rows = results["scaling"]
    assert [r["scale"] for r in rows] == [1, 2]
    assert rows[1]["bytes"] > rows[0]["bytes"]

    md = (out / "results.md").read_text(encoding="utf-8")
    assert "| Comparison |" in md and "| Scaling" in md
    assert md in readme.read_text(encoding="utf-8")

    # Results are figures only: no personal value of the synthetic truth leaks into them.
    written = (out / "results.json").read_text(encoding="utf-8") + md
    corpus_root = next((work / "corpora").iterdir())
    with (corpus_root / "truth" / "persons.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for field in ("bsn", "email", "phone"):
                if row[field]:
                    assert row[field] not in written


def test_report_renders_an_earlier_run(tmp_path: Path) -> None:
    """``report`` re-renders results.md and the README table from a results.json."""
    from benchmarks.recall import CLASSES
    from benchmarks.report import END_MARK, START_MARK

    results = {
        "mode": "quick",
        "machine": {"cores": 2, "load_average_start": [0.5], "load_average_end": [0.5]},
        "recall": {"ours": {c: {"truth": 10, "recall": 0.6} for c in CLASSES}},
        "targets": [{"label": "Free-text detection per core", "unit": "MB/s", "goal": 50.0,
                     "at_most": False, "value": 1.25, "met": False}],
    }  # fmt: skip
    source = tmp_path / "results.json"
    source.write_text(json.dumps(results), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n\n{START_MARK}\nold\n{END_MARK}\n\nrest\n", encoding="utf-8")
    assert main(["report", "--results", str(source), "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and text.startswith("intro") and text.rstrip().endswith("rest")
    assert "Free-text detection per core 1.2" in text and "distinct spans per record" in text
    assert (tmp_path / "results.md").read_text(encoding="utf-8") in text
    assert main(["report", "--results", str(tmp_path / "missing.json")]) == 2
