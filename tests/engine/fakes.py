"""Test extractors for the engine: each misbehaves on a keyword in the file.

They do not subclass ``Extractor`` on purpose, so that extractor discovery elsewhere in
the test session never finds them; the engine only needs ``id``, ``types`` and
``extract``.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.engine.registry import Merge, Registry
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.units import TableUnit, TextUnit, Unit
from breachscope.location import Location

SECRET = "999999990"


class FakeText:
    id = "fake-text"
    types = frozenset({"text"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_bytes()
        text = data.decode("utf-8", "replace")
        if b"CRASH" in data:
            raise ValueError(f"cannot parse {SECRET}")
        if b"EXTRACTERR" in data:
            raise ExtractError("bad header line")
        if b"SKIPME" in data:
            raise SkipFile("needs OCR")
        if b"LOOP" in data:
            while True:
                pass
        if b"KILL" in data:
            os.kill(os.getpid(), signal.SIGKILL)
        if b"SEGV" in data:
            ctypes.string_at(0)
        if b"SLOW" in data:
            time.sleep(0.3)
        if b"PANDAS" in data:  # what a worker's first numpy conversion loads
            pa.array(np.arange(3))
            if "pandas" in sys.modules:
                raise ValueError("pandas is loaded")
        if b"HANG" in data:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(3600)
        yield TextUnit(Location(source.path), text)
        if b"ATTACH" in data:
            yield ChildFile("inner.txt", b"hello from the attachment")
            yield ChildFile("../../evil.txt", b"another attachment")
            yield ChildFile("", b"a nameless attachment")
        if b"NOTE" in data:
            yield Note(Location(source.path, part="page-2"), "needs OCR")


class FakeTable:
    """``*.csv`` files: a comma-separated header line, then rows."""

    id = "fake-table"
    types = frozenset({"csv"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        lines = source.read_bytes().decode("utf-8").splitlines()
        header = lines[0].split(",")
        rows: list[list[str | None]] = [list(line.split(",")) for line in lines[1:]]
        yield TableUnit.build(Location(source.path), header, rows, list(range(2, 2 + len(rows))))


def fake_detect(units: Sequence[Unit], config: Config) -> pa.Table:
    """One 'name' finding per text unit and per table row (the value is a fixed fake); a
    table cell ``CRASH`` crashes it."""
    found = []
    for u in units:
        if isinstance(u, TextUnit):
            loc = u.location.with_span(0, 1)
            found.append(Finding("name", "surname", "fake", "Jansen", loc, 0.9, "test"))
        elif isinstance(u, TableUnit):
            cells = u.data.column("c0").to_pylist()
            if "CRASH" in cells:
                raise ValueError(f"cannot read {SECRET}")
            for row in u.data.column("__row__").to_pylist():
                loc = u.cell(row, 0)
                found.append(Finding("name", "surname", "fake", "Jansen", loc, 0.9, "test"))
    return findings_to_arrow(found)


def fake_detect_files(files: Sequence[Sequence[Unit]], config: Config) -> list[pa.Table]:
    """:func:`fake_detect` of each file; a table cell ``MERGEKILL`` kills the process
    when several files are detected together (alone it is harmless)."""
    cells = [
        c for f in files for u in f if isinstance(u, TableUnit) for c in u.data["c0"].to_pylist()
    ]
    if len(files) > 1 and "MERGEKILL" in cells:
        os.kill(os.getpid(), signal.SIGKILL)
    return [fake_detect(f, config) for f in files]


def _table_only(unit: Unit) -> bool:
    return isinstance(unit, TableUnit)


def make_registry() -> Registry:
    return Registry([FakeText()], fake_detect)  # type: ignore[list-item]


def make_merging_registry() -> Registry:
    """Text and tables; small tables of several files detected together."""
    return Registry(
        [FakeText(), FakeTable()],  # type: ignore[list-item]
        fake_detect,
        Merge(_table_only, fake_detect_files),
    )


def kill_detect(units: Sequence[Unit], config: Config) -> pa.Table:
    """:func:`fake_detect`, but a table cell ``KILL`` kills the process."""
    for u in units:
        if isinstance(u, TableUnit) and "KILL" in u.data.column("c0").to_pylist():
            os.kill(os.getpid(), signal.SIGKILL)
    return fake_detect(units, config)


def make_csv_registry() -> Registry:
    """The real CSV extractor (it reads parts of files) with :func:`kill_detect`."""
    from breachscope.extract.csv import CsvExtractor

    return Registry([CsvExtractor()], kill_detect)


def _tagging(tag: str) -> Callable[[Sequence[Unit], Config], pa.Table]:
    def detect(units: Sequence[Unit], config: Config) -> pa.Table:
        """One finding per text unit, its value ``tag pid`` (which registry, which
        worker process)."""
        found = [
            Finding("name", "surname", tag, f"{tag} {os.getpid()}", u.location, 0.9, "test")
            for u in units
            if isinstance(u, TextUnit)
        ]
        return findings_to_arrow(found)

    return detect


def make_registry_a() -> Registry:
    return Registry([FakeText()], _tagging("A"))  # type: ignore[list-item]


def make_registry_b() -> Registry:
    return Registry([FakeText()], _tagging("B"))  # type: ignore[list-item]


def die_once_then_b(marker: str) -> Registry:
    """:func:`make_registry_b`, but the first worker to build it (the one that removes the
    file ``marker``) is killed while it builds."""
    try:
        os.unlink(marker)
    except FileNotFoundError:
        return make_registry_b()
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")
