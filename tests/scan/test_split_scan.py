"""A large CSV export read in parts by two workers ends exactly as read whole: the same
manifest row and the same findings, with real extraction and detection."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from stdnum.nl import bsn

from breachscope.config import Config
from breachscope.scan import scan

from .test_resume import snapshot
from .test_scan import Recorder

SURNAMES = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"]
INITIALS = ["A.", "J.M.", "P.", "H.J.", "E."]


def _bsn(rng: random.Random) -> str:
    while True:  # one number in eleven passes the elfproef
        number = f"{rng.randint(10_000_000, 99_999_999)}{rng.randint(0, 9)}"
        if bsn.is_valid(number):
            return number


def build(dump: Path, rows: int) -> None:
    rng = random.Random(11)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["achternaam", "voorletters", "geboortedatum", "bsn", "opmerking"])
    for i in range(rows):
        note = f'Belt terug.\nZegt "graag per post" ({i})' if i % 7 == 0 else "geen"
        writer.writerow([
            rng.choice(SURNAMES), rng.choice(INITIALS),
            f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1950, 2000)}",
            _bsn(rng), note,
        ])  # fmt: skip
    dump.mkdir(parents=True)
    (dump / "historie.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    (dump / "brief.txt").write_text("Geachte mevrouw Jansen,\n", encoding="utf-8")


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_file_read_in_parts_ends_as_read_whole(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    build(dump, 12_000)
    split = Recorder()
    config = Config(workers=2, batch_bytes=64 * 1024)  # a batch per file
    scan(dump, tmp_path / "split", config.with_(split_bytes=128 * 1024), split)
    scan(dump, tmp_path / "whole", config.with_(split_bytes=0))
    assert [n for n in split.notes if n[0] == "file_split"] == [
        ("file_split", {"path": "historie.csv", "parts": 2})
    ]
    assert split.done.count("historie.csv") == 1
    exclude = ("seconds", "units")  # units: the blocks a file was read in, one per part
    files, findings = snapshot(tmp_path / "split", exclude)
    assert (files, findings) == snapshot(tmp_path / "whole", exclude)
    assert len(findings) > 12_000 * 3, "too few findings: the comparison would be weak"
    row = next(f for f in files if f[0] == "historie.csv")
    assert row[7] == "extracted" and row[4]  # status, sha256
