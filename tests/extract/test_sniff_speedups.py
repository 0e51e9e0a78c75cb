"""The faster CSV sniffing and small-file reading give exactly what the plain code gave.

``_Old`` below is the sniffing code as it was before it was made faster (csv module run once
per candidate delimiter, header search over all rows); every property compares the current
code with it on generated CSV-ish input.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.extract import csvsniff, header
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.csv import CsvExtractor
from breachscope.extract.csvfast import BLOCK_BYTES, Bounded, _has_value, _has_value_arrow
from breachscope.extract.csvsniff import Layout
from breachscope.extract.encoding import Encoding
from breachscope.extract.units import TableUnit

pytestmark = pytest.mark.timeout(300)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Old:
    """The reference: csvsniff as it was (SNIFF_RECORDS read at call time), and the header
    rules searched for over all rows."""

    DATA_LIKE = re.compile(r"^[\d\s.,:;/+\-()]+$|@")
    # line splitting did not change: the reference uses the module's own
    physical_lines = staticmethod(csvsniff.physical_lines)
    text_lines = staticmethod(csvsniff.text_lines)

    @staticmethod
    def records(
        lines: list[str], delimiter: str, complete: bool
    ) -> list[tuple[int, int, list[str]]]:
        out: list[tuple[int, int, list[str]]] = []
        reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True)
        before = 0
        try:
            for row in reader:
                if row:
                    out.append((before + 1, reader.line_num, row))
                before = reader.line_num
                if len(out) >= csvsniff.SNIFF_RECORDS:
                    return out
        except csv.Error:
            return out
        if not complete and out and out[-1][1] >= len(lines):
            out.pop()
        return out

    @staticmethod
    def read_lines(lines: list[str]) -> list[str]:
        """The lines up to the ``SNIFF_RECORDS``-th that is not blank (all where fewer)."""
        seen = 0
        for n, line in enumerate(lines, 1):
            seen += bool(line.rstrip("\r\n"))
            if seen >= csvsniff.SNIFF_RECORDS:
                return lines[:n]
        return lines

    @classmethod
    def choose_delimiter(cls, lines: list[str], preferred: str | None, complete: bool) -> str:
        best: tuple[int, int, int] = (-1, -1, -1)
        choice = preferred or ";"
        quoted = any('"' in line for line in cls.read_lines(lines))  # (JSON has quotes)
        for rank, delim in enumerate(csvsniff.DELIMITERS):
            widths = Counter(
                len(r)
                for _, _, r in cls.records(lines, delim, complete)
                if not (quoted and any(c.count("{") > c.count("}") for c in r))
            )
            consistent = [(n, w) for w, n in widths.items() if w > 1]
            count, width = max(consistent, default=(0, 1))
            score = (count, width, 1 if delim == preferred else -rank)
            if score > best:
                best, choice = score, delim
        return choice

    @staticmethod
    def width(row: Sequence[str]) -> int:
        n = len(row)
        while n and not (row[n - 1] and row[n - 1].strip()):
            n -= 1
        return n

    @classmethod
    def typical_width(cls, rows: Sequence[Sequence[str]]) -> int:
        widths = Counter(cls.width(r) for r in rows if cls.width(r) > 0)
        if not widths:
            return 0
        return max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]

    @classmethod
    def find_header(cls, rows: Sequence[Sequence[str]]) -> int | None:
        """The header rules of :func:`.header.find_header` stated plainly, over all rows:
        the first row filling half the typical width, unless it holds data; a row naming
        a column twice only over data; generic names (``Column1``) giving way to a header
        right below; a row of groups over a header (``Patiënt | | | Uitslag``) giving way
        to it."""
        width = cls.typical_width(rows)
        if width == 0:
            return None
        need = max(1, min(2, width), math.ceil(width / 2))
        full = [
            (i, cells)
            for i, row in enumerate(rows)
            if len(cells := [c.strip() for c in row if c and c.strip()]) >= need
        ]
        if not full or full[0][0] >= header.SCAN_ROWS:
            return None
        i, cells = full[0]

        def data_like(cells: list[str]) -> bool:
            return any(cls.DATA_LIKE.search(c) or len(c) > header.MAX_HEADER_CHARS for c in cells)

        def lettered(cells: list[str]) -> bool:
            return any(any(ch.isalpha() for ch in c) for c in cells)

        def generic(cells: list[str]) -> bool:
            return all(header._GENERIC.fullmatch(c) for c in cells)

        if data_like(cells) or not lettered(cells):
            return None
        below = full[1] if len(full) > 1 and full[1][0] <= header.SCAN_ROWS + 1 else None
        if len(set(cells)) != len(cells):
            return i if below is not None and data_like(below[1]) else None
        if not generic(cells):
            return i + 1 if header._groups_over(cells, rows[i + 1 : i + 3]) else i
        if below is None:
            return i
        j, named = below
        unique = len(set(named)) == len(named)
        real = not data_like(named) and lettered(named) and unique and not generic(named)
        return j if real else i

    @classmethod
    def sniff(cls, head: bytes, complete: bool, enc: Encoding, detected_type: str) -> Layout:
        if enc.ascii_compatible:
            raw = cls.physical_lines(head, complete)
            lines = [x.decode(enc.codec, errors="replace") for x in raw]
        else:
            decoder = codecs.getincrementaldecoder(enc.codec)("replace")
            raw = []
            lines = cls.text_lines(decoder.decode(head, final=complete), complete)
        preferred = "\t" if detected_type == "tsv" else None
        delimiter = cls.choose_delimiter(lines, preferred, complete)
        recs = cls.records(lines, delimiter, complete)
        index = cls.find_header([r for _, _, r in recs])
        if index is None:
            widths = Counter(len(r) for _, _, r in recs)
            width = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0] if widths else 1
            rows = [r for _, _, r in recs]
            titles = header.title_rows(rows, cls.typical_width(rows))
            if not titles:
                return Layout(delimiter, None, 0, 0, enc.bom_len if raw else -1, width)
            data_line = recs[titles][0]
            offset = enc.bom_len + sum(len(x) for x in raw[: data_line - 1]) if raw else -1
            return Layout(delimiter, None, data_line - 1, data_line, offset, width)
        first_line, end_line, cells = recs[index]
        offset = enc.bom_len + sum(len(x) for x in raw[:end_line]) if raw else -1
        return Layout(delimiter, tuple(cells), end_line, first_line, offset, len(cells))


# -- generated input ----------------------------------------------------------------------

_CHARS = [
    *"aZ09 -./@:{}",
    *";,\t|",
    '"',
    "\r",
    "\n",
    "é",
    "€",
    "ï",
    "\x00",
    "\x0b",
    "\x1c",
    "\x85",
    "\xa0",
    "\u2028",
    "\u3000",
    "\udc80",
]
_TERMINATORS = ["\n", "\r\n", "\r"]


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@st.composite
def csvish(draw: st.DrawFn) -> str:
    """Text that looks like a delimited file, or loosely so (mixed delimiters, stray and
    unbalanced quotes, quoted line breaks, blank and title lines, any line endings)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(alphabet=st.sampled_from(_CHARS), max_size=300))
    delimiter = draw(st.sampled_from(csvsniff.DELIMITERS))
    width = draw(st.integers(1, 6))
    cell = st.text(alphabet=st.sampled_from(_CHARS), max_size=6)
    plain_cell = st.text(alphabet=st.sampled_from([*"aZ09 -.é\xa0\u3000"]), max_size=6)
    quoting = draw(st.sampled_from(["none", "some", "stray"]))
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 4))):  # title lines
        parts.append(draw(plain_cell) + draw(st.sampled_from(_TERMINATORS)))
    if draw(st.booleans()):
        names = draw(
            st.lists(
                st.sampled_from(["BSN", "Naam", "Datum", "Adres", "x"]),
                min_size=width,
                max_size=width,
            )
        )
        parts.append(delimiter.join(names) + draw(st.sampled_from(_TERMINATORS)))
    for _ in range(draw(st.integers(0, 45))):
        kind = draw(st.integers(0, 11))
        if kind == 0:
            parts.append(draw(st.sampled_from(_TERMINATORS)))  # blank line
            continue
        n = width if kind > 2 else draw(st.integers(1, 8))  # some ragged rows
        cells: list[str] = []
        for _ in range(n):
            if quoting == "some" and draw(st.booleans()):
                cells.append(_quoted(draw(cell)))
            elif quoting == "stray":
                cells.append(draw(cell))
            else:
                cells.append(draw(plain_cell))
        if kind == 1:
            cells.append(draw(st.sampled_from(["", " ", "\u3000"])))  # blank trailing cell
        parts.append(delimiter.join(cells) + draw(st.sampled_from(_TERMINATORS)))
    text = "".join(parts)
    if draw(st.booleans()):  # drop the final line break
        text = text.rstrip("\r\n")
    return text


@st.composite
def samples(draw: st.DrawFn) -> tuple[bytes, bool, Encoding]:
    """Encoded text (sometimes with bytes invalid in its encoding), maybe cut short."""
    text = draw(csvish())
    codec = draw(st.sampled_from(["utf-8", "cp1252", "utf-16-le"]))
    data = text.encode(codec, errors="replace")
    if codec != "utf-16-le" and data and draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\x81"])) + data[at:]
        )
    cut = draw(st.integers(0, len(data)))
    complete = draw(st.booleans())
    return (data if complete and draw(st.booleans()) else data[:cut]), complete, Encoding(codec)


def _lines(text: str, complete: bool) -> list[str]:
    return _Old.text_lines(text, complete)


@contextmanager
def sniff_records(n: int) -> Iterator[None]:
    with mock.patch.object(csvsniff, "SNIFF_RECORDS", n):
        yield


@contextmanager
def field_limit(n: int) -> Iterator[None]:
    old = csv.field_size_limit(n)
    try:
        yield
    finally:
        csv.field_size_limit(old)


# -- properties ---------------------------------------------------------------------------


@SETTINGS
@given(sample=samples(), tsv=st.booleans(), cap=st.sampled_from([200, 3, 1]))
# a one-cell row over three names over data: a row of groups over the header
@example(sample=(b"Z\nZ;a;0Z;\n\n\n\n\n\n0;\n", True, Encoding("utf-8")), tsv=False, cap=200)
def test_sniff_is_unchanged(sample: tuple[bytes, bool, Encoding], tsv: bool, cap: int) -> None:
    head, complete, enc = sample
    kind = "tsv" if tsv else "csv"
    with sniff_records(cap):
        assert csvsniff.sniff(head, complete, enc, kind) == _Old.sniff(head, complete, enc, kind)


@SETTINGS
@given(text=csvish(), complete=st.booleans(), preferred=st.sampled_from([None, "\t"]))
def test_choose_delimiter_and_records_are_unchanged(
    text: str, complete: bool, preferred: str | None
) -> None:
    lines = _lines(text, complete)
    for cap in (200, 2):
        with sniff_records(cap):
            got = csvsniff.choose_delimiter(lines, preferred, complete)
            assert got == _Old.choose_delimiter(lines, preferred, complete)
            for delimiter in csvsniff.DELIMITERS:
                want = _Old.records(lines, delimiter, complete)
                assert csvsniff.records(lines, delimiter, complete) == want


@pytest.mark.parametrize(
    "lines",
    [
        ["a;b\rc;d\n", "e;f\n"],
        ["a;b", "c;d\n"],
        ["", "a;b\n", "c;d\n"],
        ["a;b\n\n", "c;d\r\n"],
        ["a;b\n", "c;\ud800\n"],
    ],
)
def test_lines_split_elsewhere_read_as_before(lines: list[str]) -> None:
    """Lines not split at line breaks as this module does are read as the csv module does."""
    for complete in (True, False):
        for delimiter in csvsniff.DELIMITERS:
            want = _Old.records(lines, delimiter, complete)
            assert csvsniff.records(lines, delimiter, complete) == want
        assert csvsniff.choose_delimiter(lines, None, complete) == _Old.choose_delimiter(
            lines, None, complete
        )


@pytest.mark.parametrize("cap", [1, 2])
@pytest.mark.parametrize(
    "text",
    [
        '"a\nb";c\nx\ny\n',  # the delimiter only after the first lines, in a quoted record
        'a,b\n"c\nd";e;f\n"g\nh";i;j\nk,l\n',
        'a|b\n"c\r\n\r\nd"|e\n',
    ],
)
def test_records_spanning_lines_read_as_before(text: str, cap: int) -> None:
    lines = _lines(text, True)
    data = text.encode()
    with sniff_records(cap):
        assert csvsniff.choose_delimiter(lines, None, True) == _Old.choose_delimiter(
            lines, None, True
        )
        enc = Encoding("utf-8")
        assert csvsniff.sniff(data, True, enc, "csv") == _Old.sniff(data, True, enc, "csv")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=csvish(), complete=st.booleans(), limit=st.integers(1, 12))
def test_lines_longer_than_the_csv_field_limit_read_as_before(
    text: str, complete: bool, limit: int
) -> None:
    lines = _lines(text, complete)
    data = text.encode(errors="replace")
    with field_limit(limit):
        assert csvsniff.choose_delimiter(lines, None, complete) == _Old.choose_delimiter(
            lines, None, complete
        )
        for delimiter in csvsniff.DELIMITERS:
            assert csvsniff.records(lines, delimiter, complete) == _Old.records(
                lines, delimiter, complete
            )
        enc = Encoding("utf-8")
        assert csvsniff.sniff(data, complete, enc, "csv") == _Old.sniff(data, complete, enc, "csv")


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("quoted", [False, True])
def test_long_samples_read_as_before(seed: int, quoted: bool) -> None:
    """More than SNIFF_RECORDS records, and more than SCAN_ROWS title lines."""
    import random

    rnd = random.Random(seed)
    delimiter = rnd.choice(csvsniff.DELIMITERS)
    rows = ["titel\n"] * rnd.choice([0, 2, 40]) + [delimiter.join(["BSN", "Naam", "Plaats"]) + "\n"]
    for i in range(rnd.randint(150, 450)):
        cells = [str(100000000 + i), rnd.choice(["Jansen", "de Vries", "a,b", "x|y"]), "Utrecht"]
        if quoted and rnd.random() < 0.2:
            cells[1] = _quoted(cells[1] + rnd.choice(["", "\r\n2e regel", ';"']))
        cells = cells[: rnd.choice([3, 3, 3, 2, 1])]
        rows.append(delimiter.join(cells) + rnd.choice(_TERMINATORS) * rnd.choice([1, 1, 1, 2]))
    data = "".join(rows).encode()
    for cut in (len(data), len(data) // 2, len(data) // 3 + 1):
        for complete in (True, False):
            enc = Encoding("utf-8")
            got = csvsniff.sniff(data[:cut], complete, enc, "csv")
            assert got == _Old.sniff(data[:cut], complete, enc, "csv")


_WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()]


@SETTINGS
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from([*"ab1", *";,\t|", *_WHITESPACE]), max_size=3),
            max_size=6,
        ),
        max_size=30,
    ),
    delimiter=st.sampled_from(csvsniff.DELIMITERS),
    complete=st.booleans(),
)
def test_plain_sample_width_is_the_header_width_of_its_records(
    rows: list[list[str]], delimiter: str, complete: bool
) -> None:
    """Without quotes, widths come from the line text; rows often end in blank cells."""
    text = "".join(delimiter.join(r) + "\n" for r in rows)
    for codec in ("utf-8", "cp1252", None):
        if codec is None:
            lines = _lines(text, complete)
            sample = csvsniff._Sample.of_text(lines, complete)
        else:
            raw = csvsniff.physical_lines(text.encode(codec, errors="replace"), complete)
            lines = [x.decode(codec, errors="replace") for x in raw]
            sample = csvsniff._Sample(raw, complete, codec)
        assert sample.plain
        for d in csvsniff.DELIMITERS:
            recs = _Old.records(lines, d, complete)
            assert sample.typical_width(d) == _Old.typical_width([r for _, _, r in recs])
            assert sample.records(d) == recs


@SETTINGS
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from([*"ab1 @.", *_WHITESPACE]), max_size=4), max_size=7
        ),
        max_size=40,
    )
)
@example(rows=[["a"], ["a", "b", "ab"], ["1"]])
@example(rows=[["Column1", "Column2"], ["Naam", "BSN"], ["x", "1"]])
def test_header_search_is_unchanged(rows: list[list[str]]) -> None:
    assert header.typical_width(rows) == _Old.typical_width(rows)
    assert header.find_header(rows) == _Old.find_header(rows)


@pytest.mark.parametrize("titles", [0, 28, 29, 30, 31])
def test_header_below_title_rows_is_found_as_before(titles: int) -> None:
    rows = [["titel"]] * titles + [["BSN", "Naam", "Plaats"]] + [["1", "x", "y"]] * 40
    assert header.find_header(rows) == _Old.find_header(rows)
    text = "".join(";".join(r) + "\n" for r in rows)
    enc = Encoding("utf-8")
    layout = csvsniff.sniff(text.encode(), True, enc, "csv")
    assert layout == _Old.sniff(text.encode(), True, enc, "csv")
    assert (layout.header is not None) == (titles < header.SCAN_ROWS)


def test_whitespace_is_what_strip_removes() -> None:
    """The plain-sample width relies on ``rstrip()`` removing what ``strip()`` does."""
    for c in map(chr, range(0x110000)):
        assert (c.strip() == "") == (c.rstrip() == "") == c.isspace()


# -- the small-file path of the pyarrow reader --------------------------------------------


def _extract(data: bytes, whole: bool, kind: str = "csv") -> list[Extracted] | str:
    source = Source("x.csv", kind, len(data), lambda: io.BytesIO(data))
    config = Config(max_table_rows_per_unit=7)
    patch = mock.patch.object(Bounded, "read_whole", return_value=None)
    try:
        if whole:
            return list(CsvExtractor().extract(source, config))
        with patch:
            return list(CsvExtractor().extract(source, config))
    except (ExtractError, SkipFile) as exc:
        return f"{type(exc).__name__}: {exc}"


def _same(a: list[Extracted] | str, b: list[Extracted] | str) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert type(x) is type(y)
        if isinstance(x, TableUnit):
            assert isinstance(y, TableUnit)
            assert x.location == y.location
            assert x.columns == y.columns
            assert x.data.schema == y.data.schema
            assert x.data.equals(y.data)
        else:
            assert x == y


@SETTINGS
@given(
    text=csvish(), codec=st.sampled_from(["utf-8", "cp1252"]), bad=st.booleans(), tsv=st.booleans()
)
def test_small_files_read_as_through_the_stream(
    text: str, codec: str, bad: bool, tsv: bool
) -> None:
    data = text.encode(codec, errors="replace")
    if bad:  # a byte pyarrow cannot decode: both ways must give up at the same point
        data += b"\x81;\xff\n" if codec == "cp1252" else b"\xff;x\n"
    kind = "tsv" if tsv else "csv"
    _same(_extract(data, whole=True, kind=kind), _extract(data, whole=False, kind=kind))


def test_read_whole_hands_over_the_rest_or_nothing() -> None:
    fh = io.BytesIO(b"skip\na;b\n1;2\n")
    fh.seek(5)
    stream = Bounded(fh, 13)
    assert stream.read_whole() == b"a;b\n1;2\n"
    assert stream.read(100) == b""
    short = io.BytesIO(b"a;b\n1;2")
    stream = Bounded(short, 100)  # the file ends before the size it was said to have
    assert stream.read_whole() is None
    assert short.tell() == 0
    assert stream.read(100) == b"a;b\n"
    assert stream.read(100) == b"1;2"
    big = io.BytesIO(b"x\n" * BLOCK_BYTES)
    assert Bounded(big, 2 * BLOCK_BYTES).read_whole() is None
    assert big.tell() == 0


@SETTINGS
@given(
    columns=st.integers(1, 4).flatmap(
        lambda n: st.lists(
            st.lists(st.sampled_from(["", "", "a", " ", "é"]), min_size=n, max_size=n),
            min_size=1,
            max_size=30,
        )
    ),
    start=st.integers(0, 5),
)
def test_value_mask_is_read_from_the_offsets(columns: list[list[str]], start: int) -> None:
    names = [f"c{i}" for i in range(len(columns[0]))]
    table = pa.table(
        {n: pa.array([r[i] for r in columns], pa.string()) for i, n in enumerate(names)}
    )
    for batch in table.to_batches():
        batch = batch.slice(min(start, batch.num_rows - 1))  # offsets that do not start at 0
        want = _has_value_arrow(batch).to_pylist()
        got = _has_value(batch)
        assert isinstance(got, np.ndarray)
        assert got.tolist() == want
    with_nulls = pa.record_batch([pa.array(["a", None, ""])], names=["c0"])
    assert not isinstance(_has_value(with_nulls), np.ndarray)


@pytest.mark.parametrize("quoted", [False, True])
def test_a_small_cp1252_file_that_grows_past_a_block_reads_as_through_the_stream(
    quoted: bool,
) -> None:
    """Transcoded to UTF-8 it spans two pyarrow blocks, cut where pyarrow would cut it."""
    cell = '"Ééé ÉÉ\nèè"' if quoted else "ÉéèÉéèÉéèÉéè"
    rows = [f"{i};{cell};{'x;' * (i % 7 == 0)}ëë" for i in range(38_000)]
    text = "Nr;Naam;Extra\r\n" + "\r\n".join(rows) + "\r\n"
    data = text.encode("cp1252")
    assert len(data) < BLOCK_BYTES < len(text.encode("utf-8"))
    whole = _extract(data, whole=True)
    _same(whole, _extract(data, whole=False))
    assert not isinstance(whole, str) and len(whole) > 2
