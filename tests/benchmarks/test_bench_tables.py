"""The CSV probe hands out the scan's batches as the scan's runner does: in the order
they are made, each to the first free worker, memo caches emptied once per pass."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from benchmarks.probes import detect

ROWS = "".join(f"Anna de Vries;{i:09d}\n" for i in range(40))


def _files(root: Path, names: list[str]) -> list[detect.FileRow]:
    rows: list[detect.FileRow] = []
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("naam;kenmerk\n" + ROWS, encoding="utf-8")
        rows.append((str(path), name, "csv", path.stat().st_size, None))
    return rows


def test_batches_come_costliest_first_with_series_kept_together(tmp_path: Path) -> None:
    """As the scan's first phase hands them out: path order within a batch, the series
    (six files, one batch) before the lone files, those in path order."""
    names = [f"exp/dag_{d:02d}.csv" for d in range(1, 7)] + ["a.csv", "z/lijst.csv"]
    files = _files(tmp_path, names)
    batches = detect._batches(files[::-1], 2)
    assert [[f[1] for f in b] for b in batches] == [sorted(names)[1:7], ["a.csv"], ["z/lijst.csv"]]


def test_a_pass_empties_each_workers_memo_caches_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cleared: list[int] = []
    monkeypatch.setattr(detect, "clear_memo_caches", lambda: cleared.append(1))
    monkeypatch.setattr(detect, "_worker_pass", {})
    batch = _files(tmp_path, ["a.csv"])
    first = detect._pass_task((0, batch))
    assert detect._pass_task((0, batch))[1:4] == first[1:4]
    detect._pass_task((1, batch))
    assert len(cleared) == 2
    pid, size, rows, findings, seconds = first
    assert pid == os.getpid()
    assert size == batch[0][3] and rows == 40 and findings >= 40 and seconds > 0
