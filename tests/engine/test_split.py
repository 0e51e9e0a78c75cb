"""Large CSV files cut into parts: boundaries lie between records, and the parts read
together give exactly the rows, cells and physical lines of the whole file."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.engine.batch import ScanItem
from breachscope.engine.split import SplitRule, plan_split, split_batches
from breachscope.engine.store import pending_cost
from breachscope.extract.base import Note, Source, Span
from breachscope.extract.csv import CsvExtractor
from breachscope.extract.units import TableUnit

pytestmark = pytest.mark.timeout(120)

Cells = dict[tuple[int, str], str]


def read(path: Path, span: Span | None, fast: bool = True) -> Cells:
    """``{(physical line, column): value}`` of the non-empty cells the extractor reads."""
    data = path.read_bytes()
    source = Source("x.csv", "csv", len(data), lambda: io.BytesIO(data), span)
    out: Cells = {}
    for unit in CsvExtractor(fast=fast).extract(source, Config()):
        if isinstance(unit, TableUnit):
            rows = unit.data.column("__row__").to_pylist()
            for i, name in enumerate(unit.columns):
                for row, value in zip(rows, unit.data.column(f"c{i}").to_pylist(), strict=True):
                    if value:
                        assert (row, name) not in out, "a cell was read twice"
                        out[(row, name)] = value
    return out


def read_parts(path: Path, spans: tuple[Span, ...], fast: bool = True) -> Cells:
    out: Cells = {}
    for span in spans:
        part = read(path, span, fast)
        assert not part.keys() & out.keys(), "two parts read the same cell"
        out |= part
    return out


def check_plan(path: Path, parts: int) -> tuple[Span, ...] | None:
    plan = plan_split(str(path), path.name, path.stat().st_size, parts)
    if plan is None:
        return None
    spans = plan.spans
    data = path.read_bytes()
    assert [s.index for s in spans] == list(range(len(spans)))
    assert {s.count for s in spans} == {len(spans)}
    assert 2 <= len(spans) <= parts
    assert spans[0].start == 0 and spans[0].line == 1 and spans[-1].end == len(data)
    for a, b in itertools.pairwise(spans):
        assert a.end == b.start and data[b.start - 1 : b.start] == b"\n"
        before = data[: b.start]
        assert b.line == 1 + before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")
    whole = read(path, None)
    assert read_parts(path, spans) == whole
    assert read_parts(path, spans, fast=False) == read(path, None, fast=False) == whole
    return spans


def write_rows(path: Path, rows: list[list[str]], terminator: str = "\n") -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator=terminator)
    writer.writerow(["naam", "bsn", "opmerking"])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def test_quoted_values_with_line_breaks_and_doubled_quotes_are_never_cut(
    tmp_path: Path,
) -> None:
    rows = [
        [f"Jansen {i}", "123456782", f'zie "brief"\r\nregel {i}\nslot' if i % 3 else "kort"]
        for i in range(400)
    ]
    path = tmp_path / "x.csv"
    write_rows(path, rows, "\r\n")
    for parts in (2, 3, 5, 8):
        spans = check_plan(path, parts)
        assert spans is not None and len(spans) == parts
        for s in spans[1:]:
            assert path.read_bytes()[s.start : s.start + 6] == b"Jansen"


def test_a_file_with_a_bom_and_cp1252_text_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    body = "".join(f"Müller {i};123456782;café\r\n" for i in range(300))
    path.write_bytes(codecs.BOM_UTF8 + ("naam;bsn;x\r\n" + body).encode("utf-8"))
    assert check_plan(path, 3) is not None
    path.write_bytes(("naam;bsn;x\r\n" + body).encode("cp1252"))
    assert check_plan(path, 3) is not None


def test_a_stray_quote_leaves_the_rest_of_the_file_whole(tmp_path: Path) -> None:
    """After an unmatched quote in an unquoted value, quote counting no longer tells where
    records end: no cut falls after it."""
    lines = ["naam;lengte;x"] + [f"Jansen;{i};y" for i in range(300)]
    lines[10] = "Jansen;5'11\";y"
    path = tmp_path / "x.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert check_plan(path, 4) is None
    lines[290] = 'Jansen;"";y'  # still odd before it, so no cut in between either
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert check_plan(path, 4) is None


@pytest.mark.parametrize(
    "body",
    [
        ';;\n;0"éé;0000;"\n;;\n' * 3,  # a literal quote, then one opening a value to the end
        "a;5'11\";b\n" + "x;y;z\n" * 40 + 'c;"d;e\n' + "x;y;z\n" * 40,  # ... at a value's end
    ],
)
def test_literal_quotes_never_lead_to_a_cut_inside_a_value(tmp_path: Path, body: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text("naam;bsn;opmerking\n" + body, encoding="utf-8")
    for parts in range(2, 7):
        check_plan(path, parts)


def test_a_fully_quoted_export_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    rows = [
        [f"Jansen {i}", "12345678" + str(i % 10), 'met ""quotes""\nen regels'] for i in range(300)
    ]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL).writerows([["naam", "bsn", "x"], *rows])
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    spans = check_plan(path, 4)
    assert spans is not None and len(spans) == 4


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.csv", ("naam;bsn\r\n" + "Jansen;1\r\n" * 500).encode("utf-16")),
        ("x.txt", b"Een brief aan mevrouw Jansen.\n" * 500),
        ("x.csv", b"naam\n" + b"Jansen\n" * 500),  # one column: nothing to check a cut by
        ("x.csv", b"naam;bsn\r" + b"Jansen;1\r" * 500),  # old Mac line ends: no line feed
    ],
)
def test_files_that_are_not_cut(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert plan_split(str(path), name, len(data), 4) is None


def test_one_part_or_a_missing_file_is_no_plan(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_rows(path, [["Jansen", "1", "x"]] * 100)
    assert plan_split(str(path), "x.csv", path.stat().st_size, 1) is None
    assert plan_split(str(tmp_path / "gone.csv"), "gone.csv", 1000, 4) is None


MB = 1024**2


@pytest.mark.parametrize(
    ("size", "split_bytes", "workers", "share", "parts"),
    [
        (100 * MB, 10 * MB, 4, 0, 4),  # one part per worker
        (100 * MB, 10 * MB, 1, 0, 1),  # one worker: no point
        (100 * MB, 0, 4, 0, 1),  # cutting off
        (19 * MB, 10 * MB, 4, 0, 1),  # not twice the part size
        (20 * MB, 10 * MB, 4, 0, 2),
        (35 * MB, 10 * MB, 8, 0, 3),  # parts of at least split_bytes
        (100 * MB, 1 * MB, 8, 101 * MB, 1),  # no more than a worker's share: not cut
        (100 * MB, 1 * MB, 8, 60 * MB, 2),  # a part per share it costs
        (100 * MB, 1 * MB, 8, 30 * MB, 4),
        (100 * MB, 1 * MB, 3, 30 * MB, 3),
    ],
)
def test_split_rule(size: int, split_bytes: int, workers: int, share: int, parts: int) -> None:
    assert SplitRule(split_bytes, workers, share).parts(size) == parts


def test_a_file_is_cut_only_when_it_is_more_than_a_workers_share() -> None:
    """Twenty small files cost more than one of 8 MB (a file's fixed cost): the other
    worker has enough to do, so the large file is read whole."""
    rule = SplitRule.for_pending(2 * MB, workers=2, cost=pending_cost(21, 9 * MB))
    assert rule.parts(8 * MB) == 1
    in_series = SplitRule.for_pending(2 * MB, workers=2, cost=pending_cost(21, 9 * MB, runs=4))
    assert in_series.parts(8 * MB) == 1  # 4 runs of exports still cost more than 8 MB
    alone = SplitRule.for_pending(2 * MB, workers=2, cost=pending_cost(2, 9 * MB))
    assert alone.parts(8 * MB) == 2


def test_split_batches_cuts_only_lone_large_unpoisoned_files(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_rows(path, [[f"Jansen {i}", "1", "x"] for i in range(2000)])
    size = path.stat().st_size
    big = ScanItem("x.csv", str(path), size)
    small = ScanItem("y.csv", str(path), 10)
    rule = SplitRule(size // 3, workers=3, share=0)
    out = list(split_batches([[big], [big, small]], rule))
    assert len(out) == 2 and out[1] == [big, small]
    parts = out[0]
    assert [p.span.index for p in parts if p.span] == [0, 1, 2]
    assert {p.path for p in parts} == {"x.csv"} and len({p.sha256 for p in parts}) == 1
    assert sum(p.read_bytes for p in parts) == size
    poisoned = ScanItem("x.csv", str(path), size, poison=(("x.csv", "died"),))
    assert list(split_batches([[poisoned]], rule)) == [[poisoned]]
    assert list(split_batches([[big]], SplitRule(size // 3, 1, 0))) == [[big]]


def _cell(delimiter: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.sampled_from([*'aZ09 "\n\r-é', delimiter]), max_size=8)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), parts=st.integers(2, 6))
def test_parts_read_together_equal_the_whole_file(data: st.DataObject, parts: int) -> None:
    """Whatever the bytes (quoted by a csv writer, or raw lines with stray quotes), a plan,
    when one is made, reads the same cells on the same lines as the whole file."""
    rows = data.draw(st.lists(st.lists(_cell(";"), min_size=3, max_size=3), max_size=60))
    terminator = data.draw(st.sampled_from(["\n", "\r\n"]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        if data.draw(st.booleans()):
            write_rows(path, rows, terminator)
        else:
            lines = ["naam;bsn;opmerking"] + [";".join(r) for r in rows]
            path.write_text(terminator.join(lines) + terminator, encoding="utf-8", newline="")
        check_plan(path, parts)


def _notes(path: Path, span: Span | None, config: Config) -> list[str]:
    data = path.read_bytes()
    source = Source("x.csv", "csv", len(data), lambda: io.BytesIO(data), span)
    return [str(n.location) for n in CsvExtractor().extract(source, config) if isinstance(n, Note)]


def test_a_part_falls_back_to_the_exact_path_and_keeps_its_lines(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 after the sniffed head stop the fast path inside a part;
    the exact path reads on from there, and an over-long line is skipped with a note
    that names its line in the whole file."""
    lines = ["naam;bsn;opmerking"] + [f"Jansen {i};123456782;kort" for i in range(30_000)]
    lines[25_000] = "Jansen;123456782;caf\xe9"  # cp1252 in a UTF-8 file
    lines[26_000] = "Jansen;123456782;" + "x" * 5000
    path = tmp_path / "x.csv"
    path.write_bytes(
        "\n".join(lines[:25_000]).encode() + b"\n"
        + "\n".join(lines[25_000:]).encode("cp1252") + b"\n"
    )  # fmt: skip
    spans = check_plan(path, 2)
    assert spans is not None and spans[1].line < 25_001
    config = Config(max_text_unit_chars=1000)
    whole = _notes(path, None, config)
    assert whole == ["x.csv#row=26001"]
    assert [n for s in spans for n in _notes(path, s, config)] == whole


def test_a_fifo_in_place_of_the_file_is_not_opened(tmp_path: Path) -> None:
    """A FIFO swapped in after the inventory must never block the driver."""
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    assert plan_split(str(fifo), "x.csv", 10 * 1024**2, 4) is None
