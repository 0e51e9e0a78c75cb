"""The export series: a corpus's bulk export cut into daily files, byte for byte."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import Corpus, CorpusSpec
from benchmarks.series import DAY_ROWS, ensure_series


def test_the_bulk_export_is_cut_into_days(tmp_path: Path) -> None:
    bulk = tmp_path / "dump" / "lims" / "historie"
    bulk.mkdir(parents=True)
    header = b"achternaam;bsn\r\n"
    rows = [f"Naam{i};{i:09d}\r\n".encode() for i in range(2 * DAY_ROWS + 150)]
    (bulk / "uitslagen_historie_001.csv").write_bytes(header + b"".join(rows))
    corpus = Corpus(CorpusSpec(1, len(rows), 1), tmp_path, {})
    folder = ensure_series(corpus)
    files = sorted(folder.glob("*.csv"))
    assert [f.name for f in files] == [
        "uitslagen_dag_0001.csv",
        "uitslagen_dag_0002.csv",
        "uitslagen_dag_0003.csv",
    ]
    parts = [f.read_bytes() for f in files]
    assert all(p.startswith(header) for p in parts)
    assert b"".join(p[len(header) :] for p in parts) == b"".join(rows)
    assert [p.count(b"\n") - 1 for p in parts] == [DAY_ROWS, DAY_ROWS, 150]
    files[0].write_bytes(b"changed")
    assert ensure_series(corpus) == folder  # written once
    assert files[0].read_bytes() == b"changed"


def test_a_corpus_without_bulk_export_gives_an_empty_series(tmp_path: Path) -> None:
    (tmp_path / "dump").mkdir()
    folder = ensure_series(Corpus(CorpusSpec(1, 0, 1), tmp_path, {}))
    assert not list(folder.glob("*.csv"))
