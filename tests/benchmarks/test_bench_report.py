"""The report's header: the shared-machine warning reads the load before the run only."""

from __future__ import annotations

from benchmarks.report import _load_note


def test_load_note_reads_the_load_before_the_run() -> None:
    own = {"cores": 2, "load_average_start": [0.9, 1.0, 1.2], "load_average_end": [2.2, 2.0, 1.6]}
    assert _load_note(own) == []  # the run's own last steps load both cores
    busy = {**own, "load_average_start": [3.1, 2.5, 2.0]}
    assert "shared with other jobs" in _load_note(busy)[0]
    assert _load_note({"cores": 2}) == []
