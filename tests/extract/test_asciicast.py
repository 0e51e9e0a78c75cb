"""asciinema recordings (asciicast v1, v2 and v3, written by the format's documentation)."""

from __future__ import annotations

import io
import json
import random

import pytest

from breachscope.config import Config
from breachscope.extract.asciicast import AsciicastExtractor, Terminal
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import CAST_PLAYED, CAST_TYPED, asciicast_events, asciicast_sample


def _read(data: bytes) -> list[Extracted]:
    source = Source("x.cast", "asciicast", len(data), lambda: io.BytesIO(data))
    return list(AsciicastExtractor().extract(source, Config()))


def _parts(items: list[Extracted]) -> dict[str | None, str]:
    out: dict[str | None, str] = {}
    for unit in items:
        if isinstance(unit, TextUnit):
            out[unit.location.part] = out.get(unit.location.part, "") + unit.text
    return out


def test_v2_events_are_played_into_the_terminals_text() -> None:
    sample = asciicast_sample()
    assert sniff_bytes(sample.data, "ssh.cast") is FileType.ASCIICAST
    parts = _parts(_read(sample.data))
    assert parts == {"output": CAST_PLAYED, "input": CAST_TYPED}


def test_v1_stdout_frames() -> None:
    frames = [[0.1, e[2]] for e in asciicast_events() if e[1] == "o"]
    data = json.dumps({"version": 1, "width": 80, "height": 24, "stdout": frames}).encode()
    assert sniff_bytes(data) is FileType.ASCIICAST
    assert _parts(_read(data)) == {"output": CAST_PLAYED}


def test_v3_header_and_exit_event() -> None:
    header = {"version": 3, "term": {"cols": 80, "rows": 24}, "timestamp": 1}
    events = [[0.1, "o", "BSN 111222333\r\n"], [0.1, "x", "0"]]
    data = "\n".join(json.dumps(x) for x in [header, *events]).encode()
    assert sniff_bytes(data) is FileType.ASCIICAST
    assert _parts(_read(data)) == {"output": "BSN 111222333"}


def test_carriage_return_overwrites_and_escapes_move_and_erase() -> None:
    term = Terminal()
    term.write("Laden... 10%\rLaden... 99%\r\x1b[KJansen\x1b[3D\x1b[1;31mvan\x1b[0m\n")
    term.write("a\tb\x1b[5Gc\x1b(B\x1b[?25l\n")
    assert term.lines == ["Janvan", "a   c   b"]
    assert term.text() == "Janvan\na   c   b"


def test_a_damaged_event_ends_the_reading_with_a_note() -> None:
    lines = asciicast_sample().data.decode().splitlines()
    data = "\n".join([*lines[:4], '[0.5, "o"', *lines[4:]]).encode()
    items = _read(data)
    assert any(isinstance(n, Note) and "line 5" in n.reason for n in items)
    assert _parts(items)["output"].startswith("consultant@lims-db01:~$ mysql lims")


def test_not_a_recording() -> None:
    with pytest.raises(ExtractError):
        _read(random.Random(1).randbytes(2048))
    with pytest.raises(ExtractError):
        _read(b'{"version": 7, "stdout": []}')
    assert sniff_bytes(b'{"version": 2, "naam": "Jansen"}\n{"a": 1}\n') is not FileType.ASCIICAST


def test_a_hostile_cursor_move_is_bounded() -> None:
    term = Terminal()
    term.write("\x1b[999999999C" * 100 + "x" + "\t" * 100000)
    assert len(term.text()) <= 65536
