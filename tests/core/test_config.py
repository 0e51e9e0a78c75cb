from __future__ import annotations

import json
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits, Config


def test_config_round_trips_through_json(tmp_path: Path) -> None:
    cfg = Config(workers=3, archive=ArchiveLimits(max_depth=4))
    path = tmp_path / "c.json"
    path.write_text(cfg.to_json())
    assert Config.load(path) == cfg


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown configuration keys"):
        Config.from_dict({"workerz": 2})


def test_config_is_immutable_and_derivable() -> None:
    cfg = Config(workers=1)
    assert cfg.with_(workers=2).workers == 2
    assert cfg.workers == 1
    assert json.loads(cfg.to_json())["archive"]["max_depth"] == cfg.archive.max_depth
