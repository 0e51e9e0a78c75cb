"""The free-text sample, ratios and floors, the scan log, README markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks.freetext import TextFile, sample, unit_key

from benchmarks import floors, ratios, report


def _files(sizes: list[int]) -> list[TextFile]:
    return [TextFile(f"{i:06d}.txt", f"d/{i}.eml", "body", "eml", s) for i, s in enumerate(sizes)]


def test_sample_respects_budget_and_is_deterministic() -> None:
    files = _files([100] * 50)
    one = sample(files, 1_000)
    assert sum(f.bytes for f in one) == 1_000
    assert one == sample(list(reversed(files)), 1_000)
    assert sample(files, 10**9) == sorted(files, key=lambda f: f.file)


def test_sample_skips_empty_files_and_keeps_one_oversized() -> None:
    got = sample(_files([0, 5_000]), 1_000)
    assert [f.bytes for f in got] == [5_000]


def test_unit_key() -> None:
    assert unit_key("a/b.pdf", "page-2") == "a/b.pdf#part=page-2"
    assert unit_key("a/log.txt", None) == "a/log.txt"


FLOORS = {"text_vs_ripgrep": 0.02, "count_error_vs_splink": 1.0}
CEILINGS = {"time_per_mb_growth": 1.5, "memory_growth": 1.5}


def _results(ours: float, rg: float, status: str = "ok") -> dict[str, Any]:
    return {
        "stages": {
            "detect_text": {"status": status, "bytes": int(ours * 1e6), "best_pass_s": 1.0},
            "ripgrep_text": {"status": "ok", "j1": {"mb_s": rg}},
        }
    }


@pytest.mark.parametrize(
    ("ours", "rg", "ok"),
    [(10.0, 100.0, True), (1.0, 100.0, False), (2.0, 100.0, True), (1.99, 100.0, False)],
)
def test_ratio_floor(ours: float, rg: float, ok: bool) -> None:
    r = _results(ours, rg)
    ratios.derive(r)
    ratios.compute(r, FLOORS, CEILINGS)
    check = next(c for c in r["checks"] if c["name"] == "text_vs_ripgrep")
    assert check["ok"] is ok
    assert r["ratios"]["text_vs_ripgrep"]["value"] == pytest.approx(ours / rg)
    assert ("text_vs_ripgrep" in ratios.failed(r)) is (not ok)


def test_unavailable_stage_skips_check_unless_strict() -> None:
    r = _results(10.0, 100.0, status="unavailable")
    ratios.derive(r)
    ratios.compute(r, FLOORS, CEILINGS)
    assert "text_vs_ripgrep" not in ratios.failed(r)
    assert "text_vs_ripgrep" in ratios.failed(r, strict=True)


def test_erroring_stage_fails_its_check() -> None:
    r = _results(10.0, 100.0, status="error")
    ratios.derive(r)
    ratios.compute(r, FLOORS, CEILINGS)
    assert "text_vs_ripgrep" in ratios.failed(r)


@pytest.mark.parametrize(
    ("wall", "rss", "failing"),
    [
        ((1.0, 2.0), (100.0, 110.0), set()),
        ((1.0, 4.0), (100.0, 110.0), {"time_per_mb_growth"}),
        ((1.0, 2.0), (100.0, 200.0), {"memory_growth"}),
    ],
)
def test_scaling_ceilings(
    wall: tuple[float, float], rss: tuple[float, float], failing: set[str]
) -> None:
    rows = [
        {"scale": s, "subject": "scan", "files": 1, "bytes": s * 10**7, "wall_s": w,
         "peak_tree_rss_mb": m, "peak_rss_mb": m}
        for s, w, m in zip((1, 2), wall, rss, strict=True)
    ]  # fmt: skip
    r: dict[str, Any] = {"stages": {}, "scaling": rows}
    ratios.derive(r)
    ratios.compute(r, FLOORS, CEILINGS)
    assert set(ratios.failed(r)) == failing


README = "# x\n\nintro\n"


def test_readme_markers_added_then_replaced(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    report.update_readme(readme, "| t | 1 |\n")
    first = readme.read_text(encoding="utf-8")
    assert first.startswith(README)
    assert first.count(report.START_MARK) == 1 and "| t | 1 |" in first
    readme.write_text(first + "\n## After\n", encoding="utf-8")
    report.update_readme(readme, "| t | 2 |\n")
    second = readme.read_text(encoding="utf-8")
    assert "| t | 2 |" in second and "| t | 1 |" not in second
    assert second.startswith(README) and second.endswith("\n## After\n")
    assert report.REPRODUCE in second


def test_readme_created_when_missing(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    report.update_readme(readme, "body\n")
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(report.START_MARK) and text.rstrip().endswith(report.END_MARK)


SCAN_LOG = "\n".join([
    '{"ts": "2026-01-01T00:00:00.000+00:00", "event": "phase", "phase": "inventory"}',
    '{"ts": "2026-01-01T00:00:00.500+00:00", "event": "phase", "phase": "scanning"}',
    '{"ts": "2026-01-01T00:00:01.000+00:00", "event": "file", "path": "a/b.csv", "bytes": 9}',
    "not json at all",
    '{"ts": "2026-01-01T00:00:03.500+00:00", "event": "phase", "phase": "resolve"}',
    '{"ts": "2026-01-01T00:00:04.000+00:00", "event": "summary", "files": 3, "findings": 7,'
    ' "seconds": 4.0, "note": "text"}',
    "read 3 files",
])  # fmt: skip


def test_scan_log_phases_and_summary() -> None:
    from benchmarks.suite import scan_log

    log = scan_log(SCAN_LOG)
    assert log.seconds() == [("inventory", 0.5), ("scanning", 3.0), ("resolve", 0.5)]
    assert log.summary == {"files": 3, "findings": 7, "seconds": 4.0}
    assert "a/b.csv" not in repr(log)
    assert scan_log("").phases == [] and scan_log("").summary == {}


def test_peak_between_splits_memory_by_time() -> None:
    from benchmarks.measure import Run

    run = Run((), 1.0, 1.0, 1.0, 1.0, 0, timeline=((10.0, 1024), (11.0, 4096), (12.0, 2048)))
    assert run.peak_between(9.0, 10.5) == 1.0
    assert run.peak_between(10.5, 12.0) == 4.0
    assert run.peak_between(20.0, 30.0) is None


@pytest.mark.parametrize(
    ("ours", "splink", "ok"),
    [(0.01, 0.12, True), (0.0, 0.12, True), (-0.05, 0.05, True), (0.2, 0.12, False),
     (-0.2, 0.12, False)],
)  # fmt: skip
def test_count_error_ratio(ours: float, splink: float, ok: bool) -> None:
    r: dict[str, Any] = {"stages": {"resolve": {"status": "ok", "count_error": ours},
                                    "splink": {"status": "ok", "count_error": splink}}}  # fmt: skip
    ratios.compute(r, FLOORS, CEILINGS)
    check = next(c for c in r["checks"] if c["name"] == "count_error_vs_splink")
    assert check["ok"] is ok


def test_shipped_floors_file_is_valid() -> None:
    data = floors.load()
    gated = {x.key for x in ratios.RATIOS if x.gated}
    got_floors, got_ceilings = floors.gates(data)
    assert set(got_floors) == gated
    assert all(v > 0 for v in got_floors.values())
    assert set(got_ceilings) == {"time_per_mb_growth", "memory_growth"}


@pytest.mark.parametrize(
    ("measured", "floor"),
    [(0.9, 0.3), (0.0123, 0.0041), (3.0, 1.0), (0.00299, 0.00099)],
)
def test_update_floors_divides_by_margin_and_rounds_down(measured: float, floor: float) -> None:
    data = {"version": 1, "floors": {"text_vs_ripgrep": 0.5}, "fixed_floors": {"x": 1.0}}
    got = floors.updated(data, {"ratios": {"text_vs_ripgrep": {"value": measured}}}, margin=3.0)
    assert got["floors"]["text_vs_ripgrep"] == pytest.approx(floor)
    assert got["floors"]["text_vs_ripgrep"] <= measured / 3.0
    assert got["fixed_floors"] == {"x": 1.0}
    assert got["calibrated"]["measured"] == {"text_vs_ripgrep": measured}


def test_update_floors_keeps_floor_without_measurement() -> None:
    data = {"version": 1, "floors": {"text_vs_ripgrep": 0.5}}
    assert floors.updated(data, {"ratios": {}})["floors"] == {"text_vs_ripgrep": 0.5}
