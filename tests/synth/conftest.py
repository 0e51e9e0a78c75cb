"""A generated dump shared by the synth tests (the size of the issue's acceptance run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.synth import generate


@pytest.fixture(scope="session")
def synth_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``synth OUT --people 2000 --seed 11`` plus a small bulk part."""
    out = tmp_path_factory.mktemp("synth") / "s"
    generate(out, people=2000, seed=11, bulk_rows=3000)
    return out
