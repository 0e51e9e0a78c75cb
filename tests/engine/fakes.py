"""Test extractors for the engine: each misbehaves on a keyword in the file.

They do not subclass ``Extractor`` on purpose, so that extractor discovery elsewhere in
the test session never finds them; the engine only needs ``id``, ``types`` and
``extract``.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from collections.abc import Iterator, Sequence

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.engine.registry import Registry
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.units import TextUnit, Unit
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


def fake_detect(units: Sequence[Unit], config: Config) -> pa.Table:
    """One 'name' finding per text unit (the value is a fixed fake)."""
    found = [
        Finding("name", "surname", "fake", "Jansen", u.location.with_span(0, 1), 0.9, "test")
        for u in units
        if isinstance(u, TextUnit)
    ]
    return findings_to_arrow(found)


def make_registry() -> Registry:
    return Registry([FakeText()], fake_detect)  # type: ignore[list-item]
