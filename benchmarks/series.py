"""An export series made from a corpus's bulk results export: the same rows cut into
files of one day's size, each with the export's header.

A leaking lab writes such series (one file a day, the same columns); each file is small,
so its fixed costs (classifying its columns, one pass of Arrow calls per column) weigh
more than its rows. ``breachscope scan`` detects the small tables of one header in a batch
together; this folder lets the benchmark time that on its own. The bulk export is
written by ``breachscope synth`` without quotes, one record per line, so it is cut at
line ends, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import Corpus

FOLDER = "series"
BULK = "lims/historie"
DAY_ROWS = 400
"""Rows per file: a day of a screening lab's results."""
DONE = ".complete"


def ensure_series(corpus: Corpus) -> Path:
    """The folder holding the export series of ``corpus`` (written once)."""
    folder = corpus.root / FOLDER
    if (folder / DONE).is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    day = 0
    for bulk in sorted((corpus.dump / BULK).glob("*.csv")):
        with bulk.open("rb") as src:
            header = src.readline()
            rows: list[bytes] = []
            for line in src:
                rows.append(line)
                if len(rows) == DAY_ROWS:
                    day = _write(folder, day, header, rows)
                    rows = []
            if rows:
                day = _write(folder, day, header, rows)
    (folder / DONE).write_text(f"{day}\n", encoding="utf-8")
    return folder


def _write(folder: Path, day: int, header: bytes, rows: list[bytes]) -> int:
    (folder / f"uitslagen_dag_{day + 1:04d}.csv").write_bytes(header + b"".join(rows))
    return day + 1
