"""Mork databases (Thunderbird's ``abook.mab``, a folder's ``.msf``): rows as records
under their column names, a table per Mork table, dictionaries, escapes, groups and
updates followed; damage ends the reading with a note. Files written by the format."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.extract import mork
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile
from breachscope.extract.mork import MorkExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import BSN, MORK_CELLS, MORK_TEXT, Sample

pytestmark = pytest.mark.timeout(60)
HEAD = '// <!-- <mdb:mork:z v="1.4"/> -->\n< <(a=c)> (80=ns:msg:db:row:scope:msgs:all)\n'


def _read(text: str | bytes, config: Config | None = None) -> list[Extracted]:
    data = text.encode("latin-1") if isinstance(text, str) else text
    sample = Sample(data, "mork", "abook.mab")
    return list(MorkExtractor().extract(sample.source(), config or Config()))


def _cells(items: list[Extracted]) -> dict[tuple[str | None, int, str], str]:
    out: dict[tuple[str | None, int, str], str] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            rows = unit.data.column("__row__").to_pylist()
            for i, column in enumerate(unit.columns):
                for row, value in zip(rows, unit.data.column(f"c{i}").to_pylist(), strict=True):
                    if value is not None:
                        out[(unit.location.part, row, column)] = value
    return out


def test_the_address_book_reads_as_its_cards() -> None:
    assert sniff_bytes(MORK_TEXT.encode(), "abook.mab") == FileType.MORK
    items = _read(MORK_TEXT)
    assert _cells(items) == MORK_CELLS
    assert not [n for n in items if isinstance(n, Note)]


def test_a_summary_files_rows_with_literal_columns_scopes_and_meta_rows() -> None:
    text = HEAD + (
        "  (81=subject)(82=sender)>\n"
        "<(90=Uitslag Jansen)(91=lab@example.nl)>\n"
        "{1:^80 {(k^82:c)(s=9u)} [1:^80(^81^90)(^82^91)(message-id=a@b)[(x=meta)]]\n"
        "  [2(^81=Tweede$E9)(^82^91:a)]}\n"
        "{2:^80 1 2 -1}\n"
        "/* een commentaar */ [7(^81=los)]\n"
    )
    cells = _cells(_read(text))
    part = "1:ns:msg:db:row:scope:msgs:all"
    assert cells[(part, 1, "subject")] == "Uitslag Jansen"
    assert cells[(part, 1, "message-id")] == "a@b"
    assert cells[(part, 2, "subject")] == "Tweede\u00e9"  # (a byte that is no UTF-8: cp1252)
    assert cells[(part, 2, "sender")] == "lab@example.nl"
    # row 1 taken out of table 2 again: row 2 is its first
    assert cells[("2:ns:msg:db:row:scope:msgs:all", 1, "subject")] == "Tweede\u00e9"
    assert ("2:ns:msg:db:row:scope:msgs:all", 2, "subject") not in cells
    assert cells[("rows", 1, "subject")] == "los"


def test_updates_replace_cells_a_cut_row_all_of_them_a_cut_table_its_rows() -> None:
    text = HEAD + (
        ">\n{1:^80 [1(naam=Jansen)(bsn=" + BSN[0] + ")] [2(naam=Berg)]}\n"
        "@$${1{@{1:^80 [-1(naam=Jansen-de Vries)]}@$$}1}@\n"
        "{-1:^80 [2(bsn=" + BSN[1] + ")]}\n"
    )
    cells = _cells(_read(text))
    part = "1:ns:msg:db:row:scope:msgs:all"
    assert cells == {
        (part, 1, "naam"): "Berg",
        (part, 1, "bsn"): BSN[1],
        ("rows", 1, "naam"): "Jansen-de Vries",
    }


@pytest.mark.parametrize(
    "tail",
    [
        "{1:^80 [1(naam=Jansen)] [2(naam=Berg",  # a value not closed
        "{1:^80 [1(naam=Jansen)] [2(naam]}",  # a cell without '=' or '^'
        "{1:^80 [1(naam=Jansen)] ?? }",  # no item
        "{1:^80 [1(naam=Jansen)]} @$$}zz",  # a broken group marker
    ],
)
def test_damage_ends_the_reading_with_a_note_the_rows_before_kept(tail: str) -> None:
    items = _read(HEAD + ">\n" + tail)
    notes = [n for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and "at byte" in notes[0].reason
    assert ("1:ns:msg:db:row:scope:msgs:all", 1, "naam") in _cells(items)


def test_no_rows_before_the_damage_fails() -> None:
    with pytest.raises(ExtractError, match="unreadable Mork file"):
        _read(HEAD + "> {1:^80 [1(naam")
    with pytest.raises(ExtractError, match="not a Mork file"):
        _read("<mdb:mork> but no magic")
    with pytest.raises(SkipFile):
        _read("   \n")


def test_an_aborted_group_does_not_count_and_an_unknown_alias_is_named() -> None:
    text = HEAD + ">\n{1:^80 [1(^99=x)(naam^77)]}\n@$${5{@ [1(naam=weg)] @$$}~abort~5}@"
    cells = _cells(_read(text))
    assert cells == {("1:ns:msg:db:row:scope:msgs:all", 1, "^99"): "x"}


def test_rows_past_the_bound_are_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mork, "MAX_ROWS", 3)
    rows = "".join(f"[{i:X}(naam=n{i})]" for i in range(1, 10))
    items = _read(HEAD + ">\n{1:^80 " + rows + "}")
    assert len(_cells(items)) == 3
    assert [n for n in items if isinstance(n, Note)]


def test_a_hostile_id_and_deep_nothing_do_not_hang() -> None:
    text = HEAD + ">\n{1:^80 [" + "F" * 5000 + "(naam=x)]}"
    with pytest.raises(ExtractError):
        _read(text)
    text = HEAD + ">\n" + "<" * 10_000
    with pytest.raises(ExtractError):
        _read(text)
