"""A scan of a synthetic dump has a manifest row for every file and member of the truth."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from breachscope.case import Case
from breachscope.config import Config
from breachscope.engine.registry import Registry
from breachscope.scan import scan

synth = pytest.importorskip("breachscope.synth")


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_every_truth_file_has_a_manifest_row(tmp_path: Path) -> None:
    synth.generate(tmp_path / "synth", 200, 3)
    with (tmp_path / "synth" / "truth" / "files.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    summary = scan(tmp_path / "synth" / "dump", tmp_path / "case", Config(workers=2))
    with Case.open(tmp_path / "case", read_only=True) as case:
        rows = {
            r[0]: r[1:]
            for r in case.con.execute(
                "SELECT path, detected_type, extractor, status, units FROM files"
            ).fetchall()
        }
    registry = Registry.discover()
    assert summary.files == len(rows)
    for entry in truth:
        path = entry["path"]
        parent = path.rsplit("!/", 1)[0] if "!/" in path else None
        if parent is not None and parent in rows and rows[parent][1] is None:
            continue  # a container nobody can open yet (no extractor): its children cannot exist
        assert path in rows, path
        detected, extractor, status, units = rows[path]
        if registry.extractor_for(detected) is not None:
            assert (status, extractor) == ("extracted", registry.extractor_for(detected).id), path
            if int(entry.get("n_mentions") or 0) > 0:
                assert units > 0, path
        elif detected in {"zip", "gzip", "tar", "7z"}:
            assert (status, extractor) == ("extracted", "archive"), path
