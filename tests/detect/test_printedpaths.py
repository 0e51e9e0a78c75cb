"""Paths printed in a text (a backup's listing, a file server's log) are read as paths:
a patient's folder gives her name, birth date and BSN, each at its place in the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.pathnames import BIRTH_WHY, BSN_WHY, NAME_WHY
from breachscope.detect.printedpaths import PrintedPath, printed_paths
from breachscope.extract.units import TextUnit
from breachscope.location import Location

CONFIG = Config(workers=1)
HERE = Location("listing.txt")

_LISTING = (
    "# restic snapshot 5d1e07aa - host fs01 - paths /srv/uitslagen\n"
    "# size      mtime             path\n"
    "   114218  2024-03-08 05:08  /srv/uitslagen/2024/03/Visser_Ilse_19720914/"
    "uitslag_Visser_506332433.pdf\n"
    "    44120  2024-03-01 00:00  /srv/uitslagen/templates/voorbeeld_Jansen_123456782.pdf\n"
)


def _found(text: str) -> list[tuple[str, str, str, str]]:
    """(class, value, the text's characters, explanation) of what detection finds."""
    out = []
    for f in findings_from_arrow(detect_units([TextUnit(HERE, text)], CONFIG)):
        assert f.location.start is not None and f.location.end is not None
        out.append((f.data_class, f.value, text[f.location.start : f.location.end], f.explanation))
    return sorted(out)


def test_a_listings_patient_folder_gives_her_name_birth_date_and_bsn_in_place() -> None:
    assert _found(_LISTING) == [
        ("bsn", "506332433", "506332433", BSN_WHY),
        ("date_of_birth", "1972-09-14", "19720914", BIRTH_WHY),
        ("name", "Ilse Visser", "Visser_Ilse", NAME_WHY),
    ]  # the template's elfproef number beside no person's name is none


def test_a_windows_path_in_a_log_line() -> None:
    found = _found(
        "2024-03-12 10:01:22 OPEN \\\\fs02\\scans\\Bakker_Petra_04-11-1969\\aanvraag.pdf\n"
    )
    assert [(c, v, s) for c, v, s, _ in found] == [
        ("date_of_birth", "1969-11-04", "04-11-1969"),
        ("name", "Petra Bakker", "Bakker_Petra"),
    ]


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ("zie /data/uitslagen/brief.pdf.", ["/data/uitslagen/brief.pdf"]),
        ('"path": "/home/lab/export/patienten.csv",', ["/home/lab/export/patienten.csv"]),
        ("(C:\\Users\\pj\\Documents\\brief.docx)", ["C:\\Users\\pj\\Documents\\brief.docx"]),
        ("tar: data/uitslagen/2024/a.pdf", ["data/uitslagen/2024/a.pdf"]),
        ("~/scans/2024/", ["~/scans/2024/"]),
        ("../export/lims/x.csv", ["../export/lims/x.csv"]),
        ("\\\\fs02\\scans\\a.pdf", ["\\\\fs02\\scans\\a.pdf"]),
        # a Windows path inside a longer run: a recent file's registry value, XML elements
        ("Item 1: [F00000000][T01DA0][O00000000]*C:\\Users\\lv\\Downloads\\Wijers_K.xlsx",
         ["C:\\Users\\lv\\Downloads\\Wijers_K.xlsx"]),
        ("<id>C:\\Users\\lv\\a_B.xlsx</id><du>D:\\scans\\b_C.pdf</du>",
         ["C:\\Users\\lv\\a_B.xlsx", "D:\\scans\\b_C.pdf"]),
        # a Windows path read across its spaces: its folders up to a later ``\``, a file's
        # name up to its extension, its last folder up to the end of its line (three
        # words at most), a quoted one up to its quote
        ("url1: \\\\fs01\\bvo\\patienten\\Wijers, K. (1992-03-23)\nurl2: x",
         ["\\\\fs01\\bvo\\patienten\\Wijers, K. (1992-03-23)"]),
        ("OPEN C:\\Data\\Uitslagen 2024\\Uitslag Wijers, K.docx door gebruiker x",
         ["C:\\Data\\Uitslagen 2024\\Uitslag Wijers, K.docx"]),
        ("Directory of C:\\Users\\jan\\Uitslagen BVO", ["C:\\Users\\jan\\Uitslagen BVO"]),
        # a file's name that fills its line up to its extension, in any number of words
        ("original path: C:\\Users\\ib\\Brouwer JA 08-06-2005 HbA1c 61 verwijsbrief.docx\nx",
         ["C:\\Users\\ib\\Brouwer JA 08-06-2005 HbA1c 61 verwijsbrief.docx"]),
        ('open "C:\\Users\\Jan\\Mijn Documenten\\Uitslag Wijers" ok',
         ["C:\\Users\\Jan\\Mijn Documenten\\Uitslag Wijers"]),
        # not across: a prompt's sign, four words to the line's end, a file's extension
        ("PS C:\\Users\\jan\\BVO uitslagen> Import-Csv", ["C:\\Users\\jan\\BVO"]),
        ("Opgeslagen naar C:\\Temp\\export en gemaild naar Jan", ["C:\\Temp\\export"]),
        ("Deleted C:\\Temp\\x.txt by admin", ["C:\\Temp\\x.txt"]),
        # none: a web address, a date, one separator, a relative path with no file's
        # extension, tags, two separators in a row, no letter
        ("https://www.example.nl/uitslagen/brief.pdf", []),
        ("//cdn.example.nl/a/b.js", []),
        ("op 12/03/2024 en/of later", []),
        ("HPV16/18/45 en Pap3a/b", []),
        ("zie /brief.pdf", []),
        ("</td></tr></table>", []),
        ("/data//uitslagen/a.pdf", []),
        ("/1/2/3", []),
        ("cat /data/*.csv | grep x", []),
        # a file's name alone, its words joined by ``_``: a chat's attachment, a mail's
        ("09:14 - Assistente: uitslag_Fenna_Bakker.pdf (bestand bijgevoegd)",
         ["uitslag_Fenna_Bakker.pdf"]),
        ("Bijlage: verwijzing_Jansen_M.pdf.", ["verwijzing_Jansen_M.pdf"]),
        # none: no ``_``, a variable, a name in code, a file's extension not a document's
        ("zie uitslag-Bakker.pdf", []),
        ("my_var = 3", []),
        ("import foo_bar.py", []),
        ("run_all.sh", []),
    ],
)  # fmt: skip
def test_what_is_a_printed_path(text: str, paths: list[str]) -> None:
    unit, printed = printed_paths(TextUnit(HERE, text))
    got = [text[p.base_offset : p.base_offset + len(p.text)] for p in printed]
    assert got == paths
    for p in printed:
        s = p.base_offset
        assert unit.text[s : s + len(p.text)] == " " * len(p.text)  # blanked in the text


def test_a_folder_named_for_her_with_spaces_gives_her_birth_date() -> None:
    found = _found("url1: \\\\fs01\\bvo\\patienten\\Wijers, K. (1992-03-23)\n")
    assert ("date_of_birth", "1992-03-23", "1992-03-23", BIRTH_WHY) in found
    assert ("name", "K. Wijers", "Wijers, K.") in [(c, v, s) for c, v, s, _ in found]


def test_a_chats_attachment_names_her() -> None:
    found = _found("[01-03-26 09:14:22] Huisarts: \u200euitslag_Fenna_Bakker.pdf \u2022 1 pagina")
    assert [(c, v, s) for c, v, s, _ in found] == [("name", "Fenna Bakker", "Fenna_Bakker")]


def test_a_printed_path_keeps_its_place_in_a_slice_of_a_part() -> None:
    unit = TextUnit(Location("log.txt", "body"), "a\nb /x/y/Jansen_P.pdf", 1000, 7)
    rest, (path,) = printed_paths(unit)
    assert isinstance(path, PrintedPath)
    assert (path.base_offset, path.first_line, path.text) == (1004, 8, "\nx\ny\nJansen P.pdf")
    assert rest.text == "a\nb " + " " * 17
    assert printed_paths(TextUnit(HERE, "geen pad")) == (TextUnit(HERE, "geen pad"), [])


_SEGMENT = st.text(st.sampled_from("ab_ .-0"), min_size=1, max_size=5)


@given(st.lists(_SEGMENT, min_size=2, max_size=5), st.text(st.sampled_from("x \n"), max_size=6))
def test_blanked_text_and_paths_keep_every_offset(names: list[str], around: str) -> None:
    text = around + "/" + "/".join(names) + ".pdf " + around
    unit, printed = printed_paths(TextUnit(HERE, text))
    assert len(unit.text) == len(text)
    for p in printed:
        original = text[p.base_offset : p.base_offset + len(p.text)]
        assert [c == "\n" for c in p.text] == [c == "/" for c in original]


def test_a_path_in_a_tables_cell_is_read_as_a_path_at_its_cell() -> None:
    """A cloud audit log's object keys (CloudTrail's ``requestParameters.key``): each
    cell that holds a path is read as a path, its findings located in the cell; a web
    address, a date and text with spaces stay the table's."""
    import pyarrow as pa

    from breachscope.detect.printedpaths import cell_paths
    from breachscope.extract.units import TableUnit
    from breachscope.location import Location

    keys = [
        "uitslagen/2024/05/Nijenhuis_E_26031978_618151047.pdf",
        "https://portal.example.nl/a/b",
        "2024/05/13",
        "zie map uitslagen/2024 voor de brief",
    ]
    table = TableUnit(
        Location("ct.json", "Records"),
        ("eventName", "requestParameters.key"),
        pa.table({"c0": ["GetObject"] * 4, "c1": keys, "__row__": [1, 2, 3, 4]}),
    )
    rest, paths = cell_paths(table)
    assert [(p.location.row, p.location.column) for p in paths] == [(1, "requestParameters.key")]
    assert rest.data.column("c1").to_pylist() == [None, *keys[1:]]
    assert (
        cell_paths(TableUnit(table.location, ("a",), pa.table({"c0": ["x"], "__row__": [1]})))[1]
        == []
    )
    found = {
        (f.location.row, f.location.column, f.data_class, f.value, f.location.start)
        for f in findings_from_arrow(detect_units([table], Config(workers=1)))
    }
    assert found >= {
        (1, "requestParameters.key", "name", "E. Nijenhuis", 18),
        (1, "requestParameters.key", "date_of_birth", "1978-03-26", 30),
        (1, "requestParameters.key", "bsn", "618151047", 39),
    }
