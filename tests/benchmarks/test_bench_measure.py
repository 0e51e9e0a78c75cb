"""The measurement machinery: wall time, peak memory, time-outs, failures."""

from __future__ import annotations

import sys

import pytest
from benchmarks.measure import (
    PROBE_SAMPLE_INTERVAL_S,
    SAMPLE_INTERVAL_S,
    MeasureError,
    measure,
)


@pytest.mark.parametrize("mib", [64, 256])
def test_peak_rss_is_the_commands_own(mib: int) -> None:
    run = measure(
        [sys.executable, "-c", f"x = bytearray({mib} * 2**20); x[::4096] = b'1' * len(x[::4096])"]
    )
    assert mib <= run.peak_rss_mb < mib + 80
    assert run.peak_tree_rss_mb >= run.peak_rss_mb


def test_small_command_does_not_inherit_the_runners_memory() -> None:
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"1" * len(ballast[::4096])
    run = measure([sys.executable, "-S", "-c", "pass"])
    assert run.peak_rss_mb < 100
    del ballast


def test_tree_memory_sums_child_processes() -> None:
    code = (
        "import multiprocessing as mp, time\n"
        "def f(_):\n"
        "    x = bytearray(150 * 2**20); x[::4096] = b'1' * len(x[::4096]); time.sleep(0.6)\n"
        "if __name__ == '__main__':\n"
        "    ps = [mp.Process(target=f, args=(i,)) for i in range(2)]\n"
        "    [p.start() for p in ps]; [p.join() for p in ps]\n"
    )
    run = measure([sys.executable, "-c", code])
    assert run.peak_tree_rss_mb >= 300
    assert run.peak_rss_mb < 300


def test_wall_time_and_exit_codes() -> None:
    run = measure([sys.executable, "-c", "import time; time.sleep(0.3)"])
    assert 0.3 <= run.wall_s < 3
    failed = measure([sys.executable, "-c", "import sys; sys.exit(3)"], check=False)
    assert failed.returncode == 3
    with pytest.raises(MeasureError):
        measure([sys.executable, "-c", "raise SystemExit(2)"])


def test_timeout_kills_the_command() -> None:
    run = measure([sys.executable, "-c", "import time; time.sleep(30)"], timeout_s=0.5, check=False)
    assert run.returncode != 0
    assert run.wall_s < 10


def test_memory_is_read_at_the_interval_asked() -> None:
    """A probe that times its own passes is read every 250 ms, a scan every 50 ms."""
    sleep = [sys.executable, "-S", "-c", "import time; time.sleep(1.0)"]
    slow = measure(sleep, sample_interval_s=PROBE_SAMPLE_INTERVAL_S)
    fast = measure(sleep, sample_interval_s=SAMPLE_INTERVAL_S)
    assert len(slow.timeline) <= 1.0 / PROBE_SAMPLE_INTERVAL_S + 2
    assert len(fast.timeline) > len(slow.timeline)
