"""CSV/TSV: dialects, encodings, headers below titles, physical line numbers, both paths."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source, Span
from breachscope.extract.chunking import column_names
from breachscope.extract.csv import CsvExtractor
from breachscope.extract.csvsniff import rejoined, split_quoted_row
from breachscope.extract.header import find_header, is_data, title_rows
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

pytestmark = pytest.mark.timeout(120)


def extract(
    data: bytes, fast: bool = True, config: Config | None = None, kind: str = "csv"
) -> list[Extracted]:
    source = Source("x.csv", kind, len(data), lambda: io.BytesIO(data))
    return list(CsvExtractor(fast=fast).extract(source, config or Config()))


def cells(items: list[Extracted]) -> dict[tuple[int, str], str]:
    """``{(row, column): value}`` of all non-empty cells."""
    out: dict[tuple[int, str], str] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            rows = unit.data.column("__row__").to_pylist()
            for i, name in enumerate(unit.columns):
                for row, value in zip(rows, unit.data.column(f"c{i}").to_pylist(), strict=True):
                    if value:
                        assert (row, name) not in out
                        out[(row, name)] = value
    return out


def _word(cell: str) -> bool:
    return bool(cell.strip()) and not is_data(cell.strip())


def reference(text: str, delimiter: str, header_line: int) -> dict[tuple[int, str], str]:
    """What the csv module reads: cells by physical start line and header text; a line
    of text among the records (one cell, a word) in a column of its own (``column1``)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: dict[tuple[int, str], str] = {}
    header: list[str] = []
    before = 0
    for row in reader:
        start, before = before + 1, reader.line_num
        if start == header_line:
            header = row
        elif start > header_line and len(row) == 1 < len(header) and _word(row[0]):
            out[(start, "column1")] = row[0]
        elif start > header_line:
            for i, value in enumerate(row):
                if value:
                    name = header[i] if i < len(header) else f"column{i + 1}"
                    out[(start, name)] = value
    return out


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
@pytest.mark.parametrize("fast", [True, False])
def test_delimiter_is_sniffed(delimiter: str, fast: bool) -> None:
    text = (
        f"BSN{delimiter}Naam{delimiter}Opmerking\n"
        f'123456782{delimiter}"Jansen, J."{delimiter}"a;b|c"\n'
        f"111222333{delimiter}de Vries{delimiter}x\n"
    )
    got = cells(extract(text.encode(), fast=fast))
    assert got == reference(text, delimiter, 1)
    assert got[(2, "Naam")] == "Jansen, J."


@pytest.mark.parametrize("fast", [True, False])
def test_a_json_object_unquoted_in_its_line_is_one_cell(fast: bool) -> None:
    """A Kafka console consumer's ``key<TAB>value``: the commas of the JSON value are
    no delimiter (they had made its first line a header of JSON fragments)."""
    text = (
        '111222333\t{"naam": "A. de Vries", "uitslag": {"hpv": "positief", "pap": "Pap 1"}}\n'
        '123456782\t{"naam": "B. Jansen", "uitslag": {"hpv": "negatief", "pap": null}}\n'
    )
    got = cells(extract(text.encode(), fast=fast))
    lines = text.splitlines()
    assert got == {
        (n, column): cell
        for n, line in enumerate(lines, 1)
        for column, cell in zip(("column1", "column2"), line.split("\t"), strict=True)
    }


@pytest.mark.parametrize("fast", [True, False])
def test_title_lines_quoted_newlines_blank_and_ragged_rows_keep_physical_lines(fast: bool) -> None:
    text = (
        "Rapportage uitslagen;;;\r\n"
        "\r\n"
        "BSN;Naam;Uitslag;Datum\r\n"
        '123456782;"Jansen,\r\nMarieke";"regel 1\nregel 2\rregel 3";2024-01-01\r\n'
        "\r\n"
        "111222333;de Vries;negatief;2024-01-02;extra\r\n"
        ";;;\r\n"
        "012345672;Bakker\r\n"
        '999999999;"x";"y";"z"\r\n'
    )
    got = cells(extract(text.encode(), fast=fast))
    assert got == reference(text, ";", 3)
    assert got[(4, "BSN")] == "123456782"
    assert got[(9, "BSN")] == "111222333"
    assert got[(9, "column5")] == "extra"
    assert got[(12, "BSN")] == "999999999"


def texts(items: list[Extracted]) -> list[tuple[Location, str]]:
    return [(u.location, u.text) for u in items if isinstance(u, TextUnit)]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_title_lines_are_free_text_with_the_files_offsets(fast: bool, codec: str) -> None:
    """The lines above the header are read as text (a name or a date of birth in a title
    is not lost), with the offsets of the file's text; the header and records are not."""
    title = "# LIMS export, mevrouw P. Jansen\r\n\r\nOverzicht geb. 03-03-1978;;\r\n"
    text = title + '"BSN";"Naam";"Uitslag"\r\n123456782;Jansen;negatief\r\n'
    got = extract(text.encode(codec), fast=fast)
    assert texts(got) == [(Location("x.csv"), title)]
    assert cells(got) == reference(text, ";", 4)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
@pytest.mark.parametrize("quoted", [False, True])
def test_title_lines_above_a_table_with_no_header_are_free_text(
    fast: bool, codec: str, quoted: bool
) -> None:
    """A list with a title and no header: the title is text, not a first record (which
    joined the rows' columns and hid the surnames among them)."""
    title = "Patiëntenlijst GP-praktijk\r\n\r\n"
    name = '"de Vries"' if quoted else "de Vries"
    rows = f"Jansen;Petra;506332433\r\n{name};Marieke;220269634\r\n"
    got = extract((title + rows).encode(codec), fast=fast)
    assert texts(got) == [(Location("x.csv"), title)]
    assert cells(got) == {
        (3, "column1"): "Jansen", (3, "column2"): "Petra", (3, "column3"): "506332433",
        (4, "column1"): "de Vries", (4, "column2"): "Marieke", (4, "column3"): "220269634",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "titles"),
    [
        ([["Lijst"], [], ["a", "b", "c"], ["d", "e", "f"]], 2),
        ([["Lijst", ""], ["a", "b", "c"]], 1),
        ([["a", "b", ""], ["d", "e", "f"]], 0),  # two of three cells: a first row
        ([["a", "b", "c"]], 0),
        ([["Lijst"]], 0),  # no row of data below it
    ],
)
def test_title_rows(rows: list[list[str]], titles: int) -> None:
    assert title_rows(rows, 3) == titles


@pytest.mark.parametrize(
    "text",
    [
        "BSN;Naam;Uitslag\n123456782;Jansen;negatief\n",  # the header first
        "123456782;Jansen;negatief\n111222333;Bakker;positief\n",  # no header
        "\n\nBSN;Naam;Uitslag\n123456782;Jansen;negatief\n",  # blank lines only
    ],
)
def test_no_title_no_text(text: str) -> None:
    assert texts(extract(text.encode())) == []


def test_a_later_part_has_no_title() -> None:
    """Only the part of a split file that starts at the top reads its title lines."""
    text = "Overzicht mevrouw P. Jansen\nBSN;Naam\n123456782;Jansen\n111222333;Bakker\n"
    data = text.encode()
    later = Span(1, 2, data.index(b"111"), len(data), 4)
    source = Source("x.csv", "csv", len(data), lambda: io.BytesIO(data), span=later)
    got = list(CsvExtractor().extract(source, Config()))
    assert texts(got) == []
    assert cells(got) == {(4, "BSN"): "111222333", (4, "Naam"): "Bakker"}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    ("text", "header_rows"),
    [
        ("Overzicht\n\nnaam;bsn\nJansen;123456782\n", [3]),  # its own line, titles above
        ("naam;bsn\n\n\nJansen;123456782\n", [1]),  # blank lines below it
        ("123456782;Jansen\n111222333;Bakker\n", [None]),  # no header
    ],
)
def test_the_first_unit_carries_the_headers_row(
    text: str, header_rows: list[int | None], fast: bool
) -> None:
    """The header's own line (a table on its side holds its first field there), on the
    first unit only."""
    got = [u for u in extract(text.encode(), fast) if isinstance(u, TableUnit)]
    assert [u.header_row for u in got] == header_rows
    more = "naam;bsn\n" + "Jansen;123456782\n" * 5
    config = Config(max_table_rows_per_unit=2)
    units = [u for u in extract(more.encode(), fast, config) if isinstance(u, TableUnit)]
    assert [u.header_row for u in units] == [1, None, None]


@pytest.mark.parametrize("fast", [True, False])
def test_a_delimiter_a_person_typed_in_a_cell_is_joined_again(fast: bool) -> None:
    """``Jansen, A.`` unquoted in a comma file splits its row over one more cell: joined
    again where exactly the extra cells start with a space after a cell that ends in
    none; a row otherwise too wide keeps its cells (positional columns)."""
    text = (
        "naam,geboortedatum,bsn\n"
        "Jansen, A.,03-03-1978,471415200\n"
        "Bakker,04-04-1980,268866582\n"
        "de Vries, B., M.,12-05-1980,111222333\n"  # two extra cells, two split off
        "Smit, C.,01-01-1970,123456782,extra\n"  # one split off, two extra: as it is
    )
    got = cells(extract(text.encode(), fast=fast))
    assert got[(2, "naam")] == "Jansen, A."
    assert got[(2, "bsn")] == "471415200"
    assert got[(3, "naam")] == "Bakker"
    assert got[(4, "naam")] == "de Vries, B., M."
    assert got[(4, "bsn")] == "111222333"
    assert got[(5, "naam")] == "Smit"
    assert got[(5, "column5")] == "extra"


@pytest.mark.parametrize(
    ("row", "joined"),
    [
        (["Jansen", " A.", "03-03-1978"], ["Jansen, A.", "03-03-1978"]),
        (["Jansen", "A.", "03-03-1978"], ["Jansen", "A.", "03-03-1978"]),  # no space: a cell
        (["Jansen ", " A.", "x"], ["Jansen ", " A.", "x"]),  # spaces on both sides
        (["", " A.", "x"], ["", " A.", "x"]),  # after an empty cell
        (["a", " b", " c"], ["a", " b", " c"]),  # two candidates, one cell too many
        (["a", "b"], ["a", "b"]),
        # a bracket a cell opens and a later one closes: a formula's arguments, a remark
        (["=CONCATENATE(B2", " ", "A2)", "123456782"], ["=CONCATENATE(B2, ,A2)", "123456782"]),
        (["zie (brief", " 3 maart)", "x"], ["zie (brief, 3 maart)", "x"]),
        (["=SOM(A1", "A2", "x"], ["=SOM(A1", "A2", "x"]),  # never closed: as it is
    ],
)
def test_rejoined(row: list[str], joined: list[str]) -> None:
    assert rejoined(row, 2, ",") == joined


@pytest.mark.parametrize("fast", [True, False])
def test_a_formula_left_in_an_export_keeps_the_columns_after_it(fast: bool) -> None:
    text = (
        "achternaam;volledige naam;bsn\n"
        'Jansen;=CONCATENATE(B2;" ";A2);123456782\n'
        "Bakker;Anna Bakker;012345672\n"
    )
    got = cells(extract(text.encode(), fast=fast))
    assert got[(2, "volledige naam")] == "=CONCATENATE(B2; ;A2)"
    assert got[(2, "bsn")] == "123456782"
    assert got[(3, "bsn")] == "012345672"


def test_headerless_file_gets_positional_columns() -> None:
    text = "123456782;Jansen;1978-03-04\n111222333;de Vries;1985-11-30\n"
    got = cells(extract(text.encode()))
    assert got[(1, "column1")] == "123456782"
    assert got[(2, "column3")] == "1985-11-30"


@pytest.mark.parametrize("fast", [True, False])
def test_a_header_naming_a_column_twice_is_the_header(fast: bool) -> None:
    """``naam`` for the patient and for her GP: the header stands (data follows it), and
    each column has a name of its own (``naam (2)``), as every location in it does."""
    text = "naam;naam;geboortedatum;naam\nBos;Smit;03-04-1978;Peters\nVos;Smit;30-11-1985;Dekker\n"
    got = cells(extract(text.encode(), fast=fast))
    assert got[(2, "naam")] == "Bos"
    assert got[(2, "naam (2)")] == "Smit"
    assert got[(3, "geboortedatum")] == "30-11-1985"
    assert got[(3, "naam (3)")] == "Dekker"


@pytest.mark.parametrize("fast", [True, False])
def test_rows_quoted_whole_are_split_again(fast: bool) -> None:
    """A tool that quoted whole lines: each record is one cell holding the row."""
    text = (
        '"naam;geboortedatum;bsn;postcode"\r\n'
        '"Jansen, P.;03-03-1978;506332433;1234 AB"\r\n'
        '"de Vries, M.;12-05-1980;220269634;2512 CE"\r\n'
        '"""Bakker, K."";01-01-1960;471415200;1000 AA"\r\n'
    )
    got = cells(extract(text.encode(), fast=fast))
    assert got[(2, "naam")] == "Jansen, P."
    assert got[(3, "bsn")] == "220269634"
    assert got[(4, "naam")] == "Bakker, K."
    assert got[(4, "postcode")] == "1000 AA"


@pytest.mark.parametrize("fast", [True, False])
def test_a_line_of_text_among_the_records(fast: bool) -> None:
    """A line with no delimiter that holds a word (a title, a note) is read as text in a
    column of its own; one that holds data stays a record of the first column."""
    text = (
        "naam;bsn;plaats\n" + "Bos;506332433;Ede\n" * 5 + "\nAanvragers\n220269634\n"
        "Totaal: 5 patiënten\n"
    )
    got = cells(extract(text.encode(), fast=fast))
    assert got[(8, "column1")] == "Aanvragers"
    assert got[(9, "naam")] == "220269634"
    assert got[(10, "column1")] == "Totaal: 5 patiënten"
    assert (8, "naam") not in got


def test_a_record_quoted_whole_that_does_not_split_stays_whole() -> None:
    """A line break inside a record's cell outside its inner quotes: the csv module
    cannot split it again, and the record stays one cell (the sniffer crashed here)."""
    assert split_quoted_row(['a;"b"\r;c'], ";") == ['a;"b"\r;c']
    text = '"naam;bsn;plaats"\n' + '"Bos;1;Ede"\n' * 10 + '"a\r;b;c"\n'
    got = cells(extract(text.encode(), fast=False))
    assert got[(2, "bsn")] == "1"
    assert got[(12, "column1")] == "a\r;b;c"  # (read as text, not lost)


@pytest.mark.parametrize(
    ("text", "columns"),
    [  # one column whose values hold a comma; a file quoted cell by cell
        ('"adres"\n"Kerkstraat 1, Utrecht"\n"Dorpsstraat 2, Ede"\n', {"adres"}),
        ('"naam";"bsn";"plaats"\n"Jansen, P.";"506332433";"Ede"\n', {"naam", "bsn", "plaats"}),
    ],
)
def test_what_is_not_rows_quoted_whole(text: str, columns: set[str]) -> None:
    got = cells(extract(text.encode(), fast=False))
    assert {name for _, name in got} == columns
    assert got[(2, sorted(columns)[0])] in text


@pytest.mark.parametrize("fast", [True, False])
def test_generic_names_above_the_header_are_a_title(fast: bool) -> None:
    """Power Query's ``Column1;Column2`` above the file's own header: the header is the
    file's, and the generic names a title line."""
    text = "Column1;Column2;Column3\nNaam;Geb.datum;BSN\nBos, P.;03-03-1978;123456782\n"
    got = cells(extract(text.encode(), fast=fast))
    assert got[(3, "BSN")] == "123456782"
    assert got[(3, "Naam")] == "Bos, P."


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        ([["naam", "naam", "bsn"], ["Bos", "Smit", "123456782"]], 0),
        ([["titel"], ["naam", "naam", "bsn"], ["", "", ""], ["Bos", "Smit", "1"]], 1),
        ([["ja", "ja", "nee"], ["nee", "ja", "ja"]], None),  # a first record, no header
        ([["naam", "naam", "bsn"]], None),  # nothing after it to tell
        ([["naam", "plaats", "bsn"], ["Bos", "Ede", "123456782"]], 0),
        ([["naam", "plaats", "bsn"]], 0),
        # generic names a query wrote above the file's own header, or above its data
        ([["Column1", "Column2", "Column3"], ["Naam", "Geb.datum", "BSN"], ["Bos", "x", "1"]], 1),
        ([["Kolom1", "Kolom2", "Kolom3"], ["", "", ""], ["naam", "plaats", "bsn"]], 2),
        ([["Unnamed: 0", "F2", "Column 3"], ["Bos", "03-03-1978", "123456782"]], 0),
        ([["Column1", "Column2", "Column3"]], 0),
        ([["Column1", "naam", "bsn"], ["naam", "plaats", "bsn"]], 0),  # not only generic
        # a row of groups over the header (merged cells above it): the header is below
        (
            [
                ["Patiënt", "", "", "Uitslag", "", "Aanvrager"],
                ["Naam", "Geb.datum", "BSN", "HPV", "Cytologie", "Huisarts"],
                ["S. Meijer", "09-09-1959", "594260930", "neg", "Pap 1", "W. Prins"],
            ],
            1,
        ),
        # a header with a blank column over a first record of words, or of data: it stays
        (
            [
                ["Naam", "", "Uitslag", "", "Arts", ""],
                ["Bos", "x", "negatief", "ja", "Smit", "Ede"],
            ],
            0,
        ),
        (
            [["Naam", "", "BSN", "", "Arts", ""], ["Bos", "Ede", "123456782", "ja", "Smit", "nee"]],
            0,
        ),
    ],
)
def test_find_header(rows: list[list[str]], header: int | None) -> None:
    assert find_header(rows) == header


def test_a_repeated_column_name_is_numbered() -> None:
    assert column_names(["naam", "naam", "bsn", "naam (2)", "naam"], 7) == [
        "naam", "naam (3)", "bsn", "naam (2)", "naam (4)", "column6", "column7",
    ]  # fmt: skip


def test_a_blank_column_name_is_positional() -> None:
    assert column_names(["naam", "", " ", "column2"], 5) == [
        "naam", "column2", "column3", "column2 (2)", "column5",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        ("BSN;Naam\n123456782;Ünal\n".encode("utf-16"), "bom"),
        ("BSN;Naam\n123456782;Ünal\n".encode("utf-16-le"), "no bom"),
        ("BSN;Naam\n123456782;Ünal\n".encode("utf-8-sig"), "utf-8 bom"),
        ("BSN;Naam\n123456782;Ünal\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(data: bytes, codec: str) -> None:
    assert cells(extract(data)) == {(2, "BSN"): "123456782", (2, "Naam"): "Ünal"}, codec


def test_invalid_utf8_after_the_sample_falls_back_without_losing_rows() -> None:
    rows = "".join(f"{i};naam {i}\n" for i in range(20000))
    data = ("BSN;Naam\n" + rows).encode() + b"999;bad \xff byte\n"
    got = cells(extract(data, config=Config(max_table_rows_per_unit=1000)))
    assert len([k for k in got if k[1] == "BSN"]) == 20001
    assert got[(20002, "Naam")] == "bad \ufffd byte"


def test_units_are_cut_at_max_rows() -> None:
    text = "A;B\n" + "".join(f"{i};x\n" for i in range(25))
    units = [u for u in extract(text.encode(), config=Config(max_table_rows_per_unit=10))]
    assert [u.num_rows for u in units if isinstance(u, TableUnit)] == [10, 10, 5]


@pytest.mark.parametrize("fast", [True, False])
def test_an_enormous_line_is_skipped_with_a_note(fast: bool) -> None:
    data = b"A;B\n1;2\n" + b"x" * 3_000_000 + b";y\n3;4\n"
    items = extract(data, fast=fast, config=Config(max_text_unit_chars=1_000_000))
    notes = [i for i in items if isinstance(i, Note)]
    assert [n.location.row for n in notes] == [3]
    assert cells(items) == {(2, "A"): "1", (2, "B"): "2", (4, "A"): "3", (4, "B"): "4"}


def test_a_field_longer_than_a_text_unit_fails_with_a_reason() -> None:
    data = b'A;B\n1;"' + b"x\n" * 100_000 + b'"\n'
    with pytest.raises(ExtractError, match="field larger"):
        extract(data, fast=False, config=Config(max_text_unit_chars=100_000))


@pytest.mark.parametrize("fast", [True, False])
def test_a_cell_longer_than_the_csv_modules_default_limit_is_read(fast: bool) -> None:
    """A note of 1.3 MB (past pyarrow's block and the csv module's default 128 KiB limit)
    is one cell like any other: the rows around it are read too."""
    note = "Mevr. Bakker geboren 01-02-1980 " * 40_000
    short = "".join(f"Jansen {i},kort {i}\n" for i in range(10))
    data = f'naam,opmerking\n{short}de Vries,"{note}"\n{short}'.encode()
    got = cells(extract(data, fast=fast))
    assert len(got) == 42
    assert got[(12, "naam")] == "de Vries"
    assert got[(12, "opmerking")] == note
    assert got[(22, "opmerking")] == "kort 9"


@pytest.mark.parametrize("data", [b"", b"\n\r\n  \n", b"\x00\x00"])
def test_empty_files_are_skipped(data: bytes) -> None:
    with pytest.raises(SkipFile):
        extract(data)


def _cells(delimiter: str) -> st.SearchStrategy[str]:
    """Cell text holding the delimiter, quotes and line breaks, but no other candidate
    delimiter (sniffing is a heuristic, tested above; this tests reading)."""
    return st.text(alphabet=st.sampled_from([*"aZ09 \"'\n\r-é€", delimiter]), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), delimiter=st.sampled_from([";", ",", "\t"]))
def test_cells_round_trip_on_both_paths(data: st.DataObject, delimiter: str) -> None:
    rows = data.draw(st.lists(st.lists(_cells(delimiter), min_size=3, max_size=3), max_size=12))
    terminator = data.draw(st.sampled_from(["\n", "\r\n"]))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator)
    writer.writerow(["BSN", "Naam", "Opmerking"])
    writer.writerow(["123456782", "Jansen", "x"])
    writer.writerows(rows)
    text = out.getvalue()
    expected = reference(text, delimiter, 1)
    fast = cells(extract(text.encode(), fast=True))
    slow = cells(extract(text.encode(), fast=False))
    assert fast == slow == expected


@pytest.mark.parametrize("quote_at", [0, 35_000, 69_990])
def test_streamed_blocks_keep_physical_lines_wherever_the_first_quote_comes(
    quote_at: int,
) -> None:
    """A file of several blocks is read as a stream: until a quote has been read, each
    record is one line; a quoted value with line breaks in a later block shifts the lines
    after it (and the rows before it keep theirs)."""
    rows = [f"{100000000 + i};Naam{i};uitslag {i}\n" for i in range(70_000)]
    rows[quote_at] = f'{100000000 + quote_at};"Naam,\nmet\r\nregels";"a\rb"\n'
    text = "BSN;Naam;Uitslag\n" + "".join(rows)
    assert len(text) > 2 * (1 << 20)  # (more than one block of the fast reader)
    got = cells(extract(text.encode()))
    assert got == reference(text, ";", 1)
    assert got[(quote_at + 6, "BSN")] == str(100000000 + quote_at + 1)  # (3 breaks in it)
