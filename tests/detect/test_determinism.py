"""Detection is deterministic: bounded regex windows, and a guard timeout that raises
(the scan records the file) instead of silently dropping a finding."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.detect import textrules
from breachscope.detect.context import MAX_WINDOW, DetectionTimeoutError, TextView, match, search
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import clear_cache, detect_units
from breachscope.engine.batch import ScanItem, scan_batch
from breachscope.engine.registry import Registry
from breachscope.extract.base import Source
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

from .helpers import detector, found

LETTER = (
    "Patiënt: mevr. J.M. de Vries\nGeb. datum 03-03-1978\nBSN 111222333\n"
    "Adres Kerkstraat 12, 1234 AB Utrecht\nUitslag hrHPV positief\n"
    "Aanvrager: Dr. P. Willems (AGB 01315326)\nMet vriendelijke groet,\nA. Bakker\n"
)


class _Hanging:
    """Stands in for a compiled pattern whose every call runs past its timeout."""

    def _raise(self, *args: object, **kwargs: object) -> NoReturn:
        raise TimeoutError("regex timed out")

    search = match = fullmatch = finditer = _raise


class _TextExtractor:
    """One text unit per file (not an ``Extractor`` subclass: discovery never sees it)."""

    id = "test-text"
    types = frozenset({"text"})

    def extract(self, source: Source, config: Config) -> Iterator[TextUnit]:
        yield TextUnit(Location(source.path), source.read_bytes().decode())


def _bsns(n: int) -> list[str]:
    """``n`` distinct numbers passing the BSN eleven-test."""
    out: list[str] = []
    k = 100000000
    while len(out) < n:
        k += 1
        d = [int(c) for c in str(k)]
        if (sum(w * x for w, x in zip(range(9, 1, -1), d[:8], strict=True)) - d[8]) % 11 == 0:
            out.append(str(k))
    return out


def _units() -> list[TextUnit | TableUnit]:
    dense = "".join(f"BSN {b}\n" for b in _bsns(300))  # one run of hits > MAX_WINDOW
    return [
        TextUnit(Location("letter.pdf", "page-1"), LETTER),
        TextUnit(Location("dense.txt"), dense),
        TableUnit.build(
            Location("lims.csv"),
            ["Naam", "Geboortedatum", "BSN", "Uitslag"],
            [["de Vries, J.", "03-03-1978", "111222333", "Pap 2"]],
            [2],
        ),
    ]


def _rows(table: pa.Table) -> list[dict[str, object]]:
    return sorted(table.to_pylist(), key=lambda r: json.dumps(r, sort_keys=True, default=str))


# -- bounded windows ------------------------------------------------------------------


def test_dense_hits_are_split_but_none_is_lost(dset: DetectorSet) -> None:
    numbers = _bsns(300)
    text = "".join(f"BSN {b}\n" for b in numbers)
    assert len(text) > 2 * MAX_WINDOW
    wins = list(TextView.windows(list(range(10, len(text), 14)), 12, 8))
    assert len(wins) > 1 and all(b - a <= MAX_WINDOW for a, b in wins)
    assert found(dset, text, "bsn") == numbers


def test_oversized_windows_are_refused() -> None:
    view = TextView("x" * (MAX_WINDOW + 10))
    with pytest.raises(ValueError, match="exceeds"):
        list(view.finditer(textrules._CLOSING, 0, MAX_WINDOW + 1))
    with pytest.raises(ValueError, match="exceeds"):
        list(view.finditer_at(textrules._CLOSING, [0], 0, MAX_WINDOW + 1))
    for call in (search, match):
        with pytest.raises(ValueError, match="exceeds"):
            call(textrules._CLOSING, view.text, 0, MAX_WINDOW + 1)
    assert search(textrules._CLOSING, view.text, 0, MAX_WINDOW) is None  # (at the limit)
    with pytest.raises(ValueError, match="exceeds"):
        list(TextView.windows([5], MAX_WINDOW, 1))


# -- a timeout is never silent --------------------------------------------------------


def test_window_timeout_raises(dset: DetectorSet, monkeypatch: pytest.MonkeyPatch) -> None:
    bsn = type(detector(dset, "bsn"))
    monkeypatch.setattr(bsn, "_compiled", _Hanging(), raising=False)
    assert dset.text_hits("Geen nummers hier.") == []  # no hit, no regex call
    with pytest.raises(DetectionTimeoutError, match="detection timed out"):
        dset.text_hits("BSN 111222333")


def test_anchored_timeout_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textrules, "_CLOSING", _Hanging())
    assert textrules.closing_blocks("geen afsluiting") == []
    with pytest.raises(DetectionTimeoutError):
        textrules.closing_blocks("Met vriendelijke groet,\nA. Bakker")


def test_fallback_prefilter_timeout_raises(
    fallback_dset: DetectorSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    pre = fallback_dset.prefilter
    assert pre._regexes, "the fallback prefilter has patterns"
    monkeypatch.setattr(pre, "_regexes", [(pid, _Hanging()) for pid, _ in pre._regexes])
    with pytest.raises(DetectionTimeoutError):
        fallback_dset.text_hits("BSN 111222333")


def test_scan_records_a_detection_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    files = {"a.txt": LETTER.encode(), "b.txt": b"Geen persoonsgegevens in dit bestand.\n"}
    items = []
    for name, data in files.items():
        (dump / name).write_bytes(data)
        items.append(ScanItem(name, str(dump / name), len(data)))
    registry = Registry([_TextExtractor()], detect_units)  # type: ignore[list-item]
    monkeypatch.setattr(Registry, "discover", staticmethod(lambda: registry))
    clear_cache()
    manifest, findings = scan_batch(items, Config(workers=1))
    rows = {r["path"]: r for r in manifest.to_pylist()}
    assert rows["a.txt"]["status"] == "extracted" and findings.num_rows > 0

    from breachscope.detect.detectors.bsn import BsnDetector

    monkeypatch.setattr(BsnDetector, "_compiled", _Hanging(), raising=False)
    manifest, findings = scan_batch(items, Config(workers=1))
    rows = {r["path"]: r for r in manifest.to_pylist()}
    assert (rows["a.txt"]["status"], rows["a.txt"]["reason"]) == ("failed", "detection timed out")
    assert (rows["b.txt"]["status"], rows["b.txt"]["reason"]) == ("extracted", None)
    clear_cache()


# -- same units, same findings --------------------------------------------------------

_CHILD = """
import json, pickle, sys
from breachscope.config import Config
from breachscope.detect.engine import detect_units
rows = detect_units(pickle.load(sys.stdin.buffer), Config(workers=1)).to_pylist()
json.dump(sorted(rows, key=lambda r: json.dumps(r, sort_keys=True)), sys.stdout)
"""


@pytest.mark.slow
def test_same_units_same_findings_across_runs() -> None:
    units = _units()
    first = _rows(detect_units(units, Config(workers=1)))
    clear_cache()
    second = _rows(detect_units(units, Config(workers=1)))
    assert first == second
    assert sum(1 for r in first if r["data_class"] == "bsn") == 300 + 1 + 1
    data = pickle.dumps(units)
    for seed in ("1", "2"):  # another process, another string-hash order
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _CHILD], input=data, env=env, capture_output=True, check=True
        )
        assert json.loads(out.stdout) == json.loads(json.dumps(first))
