"""Personal data in folder and file names (``breachscope.detect.paths``)."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.paths import (
    PATH_PART,
    PathMask,
    nodes,
    path_names,
    path_reader,
    path_text,
    path_units,
    with_path_names,
)
from breachscope.location import Location

CONFIG = Config()


READ = with_path_names(partial(detect_units, config=CONFIG))


def _found(path: str) -> list[tuple[str, str, str]]:
    """(class, value, the path's characters) of what the scan finds in ``path``."""
    table = READ(path_units([path]))
    out = []
    for row in table.to_pylist():
        loc = Location.parse(row["location"])
        assert loc.part == PATH_PART and loc.start is not None
        out.append((row["data_class"], row["value"], path[loc.start : loc.end]))
    return out


# (path, findings as (class, value, span text)): file and folder names as scanning rooms,
# mail clients and HR departments write them
POSITIVE = [
    ("scans/Jansen, Petra 12-03-1978/aanvraag.pdf",
     [("name", "Petra Jansen", "Jansen, Petra"), ("date_of_birth", "1978-03-12", "12-03-1978")]),
    ("scans/bsn 111222333.pdf", [("bsn", "111222333", "111222333")]),
    ("export/BSN_111222333.pdf", [("bsn", "111222333", "111222333")]),
    ("brieven/Brief_mevr_P_Jansen-de_Boer.docx",
     [("name", "P. Jansen-de Boer", "P_Jansen-de_Boer")]),
    ("patienten/P. de Vries (geb. 12-03-1978).pdf",
     [("name", "P. de Vries", "P. de Vries"), ("date_of_birth", "1978-03-12", "12-03-1978")]),
    ("Mail/Inbox/RE_ uitslag mw. P. Bakker-de Graaf.msg",
     [("name", "P. Bakker-de Graaf", "P. Bakker-de Graaf")]),
    ("brieven/2024-03/P.Jansen_uitslagbrief.pdf", [("name", "P. Jansen", "P.Jansen")]),
    ("brieven/uitslagbrief_J.M. van den Berg_03-12-1965.docx",
     [("name", "J.M. van den Berg", "J.M. van den Berg"),
      ("date_of_birth", "1965-12-03", "03-12-1965")]),
    ("HR/sollicitaties/CV_Mark de Groot.pdf", [("name", "Mark de Groot", "Mark de Groot")]),
    ("archief.zip!/2023/bsn_111222333.xml", [("bsn", "111222333", "111222333")]),
    ("Dossiers/BSN-111222333.pdf", [("bsn", "111222333", "111222333")]),
    # what only a path writes so: the family name, then initials or a given name
    ("scans/1234567_JANSEN_P_19780312.pdf",
     [("name", "P. Jansen", "JANSEN_P"), ("date_of_birth", "1978-03-12", "19780312")]),
    ("scans/Jansen PJ 12031978.tif",
     [("name", "P.J. Jansen", "Jansen PJ"), ("date_of_birth", "1978-03-12", "12031978")]),
    ("scans/Jansen PJ 123456782.tif", [("name", "P.J. Jansen", "Jansen PJ"),
                                       ("bsn", "123456782", "123456782")]),
    # ... but no scan's date after a name, nor a date less than 12 years before the
    # folder's year, nor an elfproef number above the name
    ("scans/Jansen PJ 20240312.tif", [("name", "P.J. Jansen", "Jansen PJ")]),
    ("2024/03/Jansen PJ 20150312.tif", [("name", "P.J. Jansen", "Jansen PJ")]),
    ("labnr_123456782/Jansen PJ.tif", [("name", "P.J. Jansen", "Jansen PJ")]),
    # a patient's folder: her birth date after her name, her BSN in a file name below it
    ("uitslagen/2024/03/Mulder_Daphne_19600222/uitslag_Mulder_809051618.pdf",
     [("name", "Daphne Mulder", "Mulder_Daphne"), ("date_of_birth", "1960-02-22", "19600222"),
      ("bsn", "809051618", "809051618")]),
    ("aanvragen/aanvraag_de_Vries_Marieke.pdf", [("name", "Marieke de Vries", "de_Vries_Marieke")]),
    ("aanvragen/aanvraag de Vries-Bakker M.pdf",
     [("name", "M. de Vries-Bakker", "de Vries-Bakker M")]),
    ("HR/Personeel/Bakker J/loonstrook 2023-11.pdf", [("name", "J. Bakker", "Bakker J")]),
    # a family name with letters beyond ASCII; a family name alone before a birth date
    ("Verwijzingen/Doğan K 22-10-1979 - verwijzing.docx",
     [("name", "K. Doğan", "Doğan K"), ("date_of_birth", "1979-10-22", "22-10-1979")]),
    ("Downloads/610924849_Jansen_09081978.xlsx",
     [("name", "Jansen", "Jansen"), ("bsn", "610924849", "610924849"),
      ("date_of_birth", "1978-08-09", "09081978")]),
]  # fmt: skip

NEGATIVE = [
    "lims/historie/uitslagen_historie_001.csv",
    "lims/glims/PAT_EXPORT_20220604_0017.txt",
    "scans/201803120012.pdf",
    "facturen/factuur_2024_0012.pdf",
    "logs/lims-2024-03-12.log",
    "reports/jaarverslag 2023.pdf",
    "screenit/huisartsen_regio.csv",
    "hl7/outbound/20240625/ORU_R01_000019.hl7",
    "reports/brieven/patient/brief_00077.docx",
    "mail/secretariaat/00137.eml",
    "ziekenhuis/St. Antonius/verwijzingen.csv",
    "export.zip!/St.Jansdal/2024/overzicht.pdf",
    "facturen/Bakker BV/2024.pdf",  # a company, not initials
    "planning/Jansen MRT 2024.xlsx",  # a month
    "aanvragen/aanvraag Vries Kerkstraat.pdf",  # no given name after it
    "Rapport Q1.pdf",  # no family name
    "scans/Bakker 12031978.pdf",  # an everyday word alone before a date
    "Downloads/Jansen 20240312.pdf",  # a scan's date after a name alone
    "export/Visser 2024-05-01/x.pdf",
]


@pytest.mark.parametrize(("path", "expected"), POSITIVE)
def test_finds_people_in_paths(path: str, expected: list[tuple[str, str, str]]) -> None:
    assert sorted(_found(path)) == sorted(expected)


@pytest.mark.parametrize("path", NEGATIVE)
def test_finds_nothing_in_plain_paths(path: str) -> None:
    assert _found(path) == []


_NAME = st.text(st.sampled_from("ab_+. -!0"), min_size=1, max_size=6)


@given(st.lists(_NAME, min_size=1, max_size=5))
def test_path_text_keeps_every_offset(names: list[str]) -> None:
    path = "/".join(names)
    text = path_text(path)
    assert len(text) == len(path)
    assert [i for i, c in enumerate(text) if c == "\n"] == [
        i for i, c in enumerate(path) if c == "/"
    ]


@given(st.lists(_NAME, min_size=1, max_size=5))
def test_nodes_cover_the_path(names: list[str]) -> None:
    path = "/".join(names)
    found = list(nodes(path))
    assert "/".join(path[s:e] for _, s, e in found) == path
    for node, _, end in found:
        assert path[:end] == node or path[:end] == node + "!"


def test_a_folder_is_read_once_at_its_first_file() -> None:
    units = path_units(
        ["scans/Jansen, Petra/a.pdf", "scans/Jansen, Petra/b.pdf", "scans/Jansen, Petra"]
    )
    assert [u.location.path for u in units] == [
        "scans/Jansen, Petra/a.pdf",
        "scans/Jansen, Petra/b.pdf",
    ]
    assert units[0].text == "scans\nJansen, Petra\na.pdf"
    assert units[1].text == "     \n             \nb.pdf"
    assert all(u.location.part == PATH_PART for u in units)


def test_an_archive_shares_its_name_with_its_members() -> None:
    units = path_units(["Jansen, Petra.zip", "Jansen, Petra.zip!/uitslag.pdf"])
    assert [u.text for u in units] == ["Jansen, Petra.zip", "                  \nuitslag.pdf"]


def test_mask_hides_a_folder_in_every_path_below_it() -> None:
    mask = PathMask.from_findings(
        [("scans/Jansen, Petra/a.pdf", "scans/Jansen, Petra/a.pdf#part=(path)&start=6&end=19",
          "name"),
         ("b.csv", "b.csv#row=2&col=naam", "name")]  # (not in a path: passed over)
    )  # fmt: skip
    assert mask("scans/Jansen, Petra/a.pdf") == "scans/[name]/a.pdf"
    assert mask("scans/Jansen, Petra/b.pdf") == "scans/[name]/b.pdf"
    assert mask("scans/Jansen, Petra.pdf") == "scans/Jansen, Petra.pdf"  # another name
    assert mask("b.csv") == "b.csv"


@pytest.mark.parametrize(
    ("path", "masked"),
    [
        ("scans/Jansen, Petra 12-03-1978/111222333_uitslag.txt",
         "scans/[name] [date]/[bsn]_uitslag.txt"),
        ("scans/aanvraag_Yvonne Smit_1234AB 12.pdf", "scans/aanvraag_[name]_[postcode] 12.pdf"),
        ("scans/P. de Vries 1978031200.pdf", "scans/[name] [number].pdf"),
        ("scans/P. de Vries/12-03-1978.pdf", "scans/[name]/[date].pdf"),  # below her name
        ("scans/111222333.pdf", "scans/[bsn].pdf"),  # elfproef: masked anywhere
        ("scans/201803120012.pdf", "scans/201803120012.pdf"),  # no person: kept
        ("logs/lims-2024-03-12.log", "logs/lims-2024-03-12.log"),
        ("Mail/RE_ uitslag mevrouw Bakker.eml", "Mail/RE_ uitslag mevrouw [name].eml"),
        ("scans/JANSEN_P_19780312.pdf", "scans/[name]_[date_of_birth].pdf"),
    ],
)  # fmt: skip
def test_live_mask(path: str, masked: str) -> None:
    mask = PathMask.live(partial(path_reader, CONFIG))
    assert mask(path) == masked
    assert mask(path) == masked  # (read once, masked alike again)


def test_live_mask_reads_new_paths_with_the_register() -> None:
    mask = PathMask.live(partial(path_reader, CONFIG))
    assert mask("brieven/Tjoelker P.pdf") == "brieven/Tjoelker P.pdf"  # on no name list
    mask.use_register(frozenset({"Tjoelker", "Wnukowska"}))
    assert mask("brieven/Wnukowska A.pdf") == "brieven/[name].pdf"
    masked = mask("brieven/uitslag Tjoelker, P. 12-03-1978.pdf")
    assert masked == "brieven/uitslag [name] [date].pdf"
    # a mask built from the case's findings reads nothing, with or without a register
    stored = PathMask.from_findings([])
    stored.use_register(frozenset({"Wnukowska"}))
    assert stored("brieven/Wnukowska A.pdf") == "brieven/Wnukowska A.pdf"


def test_path_names_take_register_surnames() -> None:
    units = path_units(["scans/Tjoelker P.pdf"])
    assert path_names(units).num_rows == 0  # not a listed surname
    found = path_names(units, frozenset({"Tjoelker"})).to_pylist()
    assert [(f["value"], f["kind"]) for f in found] == [("P. Tjoelker", "full_name")]


def test_a_name_detection_found_is_not_found_twice() -> None:
    # "Jansen, Petra" is the grammar's (reversed); "Petra" is no family name either way
    assert _found("scans/Jansen, Petra P.pdf") == [("name", "Petra Jansen", "Jansen, Petra")]
