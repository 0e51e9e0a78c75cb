"""Scan phases: which pending files are structured (read first), and the registry that
searches the name register in the second phase."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from breachscope.detect.engine import detect_files, detect_units
from breachscope.engine.batch import ScanItem
from breachscope.engine.phases import is_structured, structured_items
from breachscope.engine.registry import (
    Registry,
    read_register,
    registry_with_register,
    write_register,
)

from .fakes import fake_detect, make_registry

FILES = {
    "export.dat": b"achternaam;voorletters;bsn\nJansen;J.;111222333\nBakker;P.;123456782\n",
    "lijst.csv": b"naam,plaats\nJansen,Delft\nBakker,Ede\n",
    "bericht.hl7": b"MSH|^~\\&|LAB|X|||20240101||ORU^R01|1|P|2.5\rPID|1||1^^^X||Jansen^J\r",
    "brief.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "notities.txt": b"Gisteren belde mevrouw Jansen over de uitslag.\n",
    "leeg.csv": b"",
}


def _items(root: Path) -> list[ScanItem]:
    items = []
    for name, data in FILES.items():
        (root / name).write_bytes(data)
        items.append(ScanItem(name, str(root / name), len(data)))
    return items


def test_structured_files_by_content(tmp_path: Path) -> None:
    types = Registry.discover().structured_types()
    assert {"csv", "tsv", "hl7", "edifact", "json", "ndjson", "xlsx", "sql"} <= types
    assert not {"text", "pdf", "eml", "docx"} & types
    found = [i.path for i in structured_items(_items(tmp_path), types)]
    # sniffed as workers do: a CSV without its extension counts
    assert found == ["export.dat", "lijst.csv", "bericht.hl7"]
    assert structured_items(_items(tmp_path), frozenset()) == []
    assert [i.path for i in structured_items(_items(tmp_path), types, threads=1)] == found


def test_sniffing_in_pages_keeps_the_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from breachscope.engine import phases

    monkeypatch.setattr(phases, "PAGE", 2)
    items = _items(tmp_path) * 3
    types = Registry.discover().structured_types()
    found = [i.path for i in structured_items(items, types, threads=3)]
    assert found == ["export.dat", "lijst.csv", "bericht.hl7"] * 3


def test_unreadable_files_go_to_the_second_phase(tmp_path: Path) -> None:
    types = Registry.discover().structured_types()
    gone = ScanItem("weg.csv", str(tmp_path / "weg.csv"), 10)
    assert not is_structured(gone, types)
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    assert not is_structured(ScanItem("pijp.csv", str(fifo), 0), types)  # never blocks


def test_register_file_round_trip(tmp_path: Path) -> None:
    words = frozenset({"Pauw", "Mulder-Bos", "Yılmaz"})
    write_register(tmp_path / "r.txt", words)
    assert read_register(tmp_path / "r.txt") == words


def test_registry_with_register_binds_detection(tmp_path: Path) -> None:
    write_register(tmp_path / "r.txt", frozenset({"Zwartkop"}))
    registry = registry_with_register(Registry.discover, str(tmp_path / "r.txt"))
    assert registry.detect is not None and registry.merge is not None
    assert registry.detect.keywords == {"register": frozenset({"Zwartkop"})}  # type: ignore[attr-defined]
    assert registry.detect.func is detect_units  # type: ignore[attr-defined]
    assert registry.merge.detect_files.func is detect_files  # type: ignore[attr-defined]
    # a detection function without a register parameter is kept as it is
    plain = registry_with_register(make_registry, str(tmp_path / "r.txt"))
    assert plain.detect is fake_detect


@pytest.mark.parametrize("words", [frozenset(), frozenset({"Jansen"})])
def test_structured_types_of_a_registry_without_structured_extractors(
    words: frozenset[str],
) -> None:
    registry = make_registry().with_register(words)
    assert registry.structured_types() == frozenset()
