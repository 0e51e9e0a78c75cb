"""The columns of a table with no header are named by what their values are
(``breachscope.detect.headerless``): a header-less export or a pasted list of patients
gives its names, dates of birth and postcodes, not only its BSNs."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.assemble import assemble
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.detect.headerless import guessed_headers
from breachscope.extract.base import Source
from breachscope.extract.csv import CsvExtractor
from breachscope.extract.units import TextUnit
from breachscope.location import Location

SURNAMES = ["Jansen", "de Vries", "Bakker", "van den Berg-Kok"]
INITIALS = ["P.", "M.", "A.J.", "L.M."]
BIRTHS = ["12-03-1978", "02-11-1965", "23-07-1971", "1990-09-30"]
BSNS = ["123456782", "111222333", "010000008", "100000009"]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ([INITIALS], {0: "voorletters"}),
        ([["01012345", "01054321"]], {0: "agb"}),
        ([["1234 AB", "4321CD", "9711 aa"]], {0: "postcode"}),
        ([BIRTHS], {0: "geboortedatum"}),
        ([["3 maart 1978", "12 november 1965", "1 januari 1990"]], {0: "geboortedatum"}),
        # close together but all before 1990 (no record's date is that old); in brackets,
        # as a worklist copied into a mail sets them apart
        ([["12-03-1981", "02-11-1984"]], {0: "geboortedatum"}),
        ([["(1969-03-06)", "(1975-06-08)"]], {0: "geboortedatum"}),
        ([["Petra", "Anna Maria", "Marieke"]], {0: "voornamen"}),
        ([SURNAMES, INITIALS], {0: "achternaam", 1: "voorletters"}),  # beside initials
        ([["Jansen", "Visser", "Zwartveld"]], {0: "achternaam"}),  # listed surnames
        ([SURNAMES, INITIALS, BIRTHS, BSNS], {0: "achternaam", 1: "voorletters",
                                              2: "geboortedatum", 3: "bsn"}),
        # whole names: initials and a family name, or reversed; BSNs beside them
        ([["P. Lammers", "S. de Ruiter", "M. Öztürk"], BIRTHS[:3], BSNS[:3]],
         {0: "naam", 1: "geboortedatum", 2: "bsn"}),
        ([["Lammers, J.", "Ruiter, S. de", "Bakker-de Wit, A.M."]], {0: "naam"}),
        # towns right after postcodes; BSNs beside a postcode and a town alone stay unnamed
        ([["1234 AB", "4321 CD", "2511 AB"],
          ["Utrecht", "'s-Hertogenbosch", "Alphen aan den Rijn"]],
         {0: "postcode", 1: "woonplaats"}),
        ([["1234 AB", "4321 CD", "2511 AB"], ["UTRECHT", "DEN HAAG", "EDE"], BSNS[:3]],
         {0: "postcode", 1: "woonplaats"}),
        # a positional export's name in capitals, its tussenvoegsel between it and the
        # initials
        ([["VRIES-BAKKER", "BERG", "ROOIJ"], ["DE", "VAN DEN", "VAN"], INITIALS[:3]],
         {0: "achternaam", 1: "tussenvoegsel", 2: "voorletters"}),
        ([["JANSEN", "VISSER", "ZWARTVELD"]], {0: "achternaam"}),  # listed surnames
        # a declaration's name in capitals with its tussenvoegsel in them
        ([["DE VRIES-ÖZTÜRK", "VAN DEN BERG", "PIETERS"], INITIALS[:3]],
         {0: "achternaam", 1: "voorletters"}),
        # a GP's name right after her AGB code, as a register or a declaration writes it
        ([["01023457", "01044390", "01072215"], ["OUWEHAND MA", "KROON H", "DE GROOT AM"]],
         {0: "agb", 1: "huisarts"}),
        ([["01023457", "01044390"], ["Ouwehand M.A.", "Kroon H."]], {0: "agb", 1: "huisarts"}),
        # a street and its number beside the postcodes; phones, a zero dropped, in a
        # person's table (beside her BSNs: most of the mobiles pass the elfproef here)
        ([["Kalfsvel 88", "Van Woustraat 142", "Laat 75-2"], ["1506 FK", "1039 AV", "1811 AB"]],
         {0: "adres", 1: "postcode"}),
        ([["1506 FK", "1039 AV"], ["KERKSTRAAT 4", "Laan van Meerdervoort 12-A"]],
         {0: "postcode", 1: "adres"}),
        ([["Nowak, K.", "Aydin, O.", "Wit, A."], ["642527891", "0299-500966", "619083244"]],
         {0: "naam", 1: "telefoon"}),
        ([["Nowak, K.", "Aydin, O.", "Wit, A."], ["645959950", "632070702", "617561954"]],
         {0: "naam", 1: "telefoon"}),
        ([INITIALS[:3], ["+31 6 12345678", "06-12345678", "020 123 4567"]],
         {0: "voorletters", 1: "telefoon"}),
    ],
)  # fmt: skip
def test_columns_read_by_their_values(columns: list[list[str]], expected: dict[int, str]) -> None:
    names = [f"column{i + 1}" for i in range(len(columns))]
    assert guessed_headers(names, columns) == expected


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ([["12-03-2024", "14-03-2024", "02-01-2021"]], {}),  # a sample's dates: close
        ([["12-03-1991", "02-11-1994"]], {}),  # close, and as late as a record's
        ([["P."]], {}),  # one value
        ([["Kerkweg", "Zwartveld", "Utrecht"]], {}),  # name-shaped, but unlisted, alone
        ([["Utrecht", "Zwolle", "Den Haag"], ["1234 AB", "4321 CD", "2511 AB"]],
         {1: "postcode"}),  # cities
        ([["1234 AB", "4321 CD", "2511 AB"], BSNS[:3]], {0: "postcode"}),  # beside postcodes
        ([INITIALS[:2], BSNS[:2]], {0: "voorletters"}),  # two may pass the elfproef by chance
        ([INITIALS[:3], ["123456782", "111222333", "123456789"]],
         {0: "voorletters"}),  # one fails it
        ([["P.", "M.", "Petra", "x"]], {}),  # mixed
        ([["hrHPV positief", "hrHPV negatief", "Pap 2"]], {}),
        ([["20240312", "20240314"]], {}),  # dates, not AGB codes
        ([["Pap 2", "Pap 3a2", "Pap 1"]], {}),  # no initials, no comma
        ([["Kerkstraat 12", "A. Smit BV", "Lab Noord"]], {}),
        ([["03012345", "01054321", "81054321"]], {}),  # not GPs' codes
        ([["POS", "NEG", "POS"], ["16", "18", "31"]], {}),  # codes in capitals, alone
        ([["de", "het", "een", "van"]], {}),  # words, not only tussenvoegsels
        # after AGB codes: a result, a street; a GP's name before the codes, not after
        ([["01023457", "01044390"], ["Kerkstraat 12", "Dorpsweg 3"]], {0: "agb"}),
        ([["01023457", "01044390"], ["HPV POS", "PAP 2"]], {0: "agb"}),
        ([["OUWEHAND MA", "KROON H"], ["01023457", "01044390"]], {1: "agb"}),
        # streets far from postcodes; numbers of nine digits from a 6 that pass the
        # elfproef (BSNs), phones beside no person's column
        ([["Kalfsvel 88", "Laat 75"], ["x", "y"], ["1506 FK", "1039 AV"]], {2: "postcode"}),
        ([INITIALS[:3], ["642527891", "619083244", "625855413"]],
         {0: "voorletters", 1: "bsn"}),
        ([["06-12345678", "020 123 4567"], ["1506 FK", "1039 AV"]], {1: "postcode"}),
    ],
)  # fmt: skip
def test_columns_left_unnamed(columns: list[list[str]], expected: dict[int, str]) -> None:
    names = [f"column{i + 1}" for i in range(len(columns))]
    assert guessed_headers(names, columns) == expected


def test_a_numbered_free_field_is_read_by_its_values() -> None:
    """A survey tool's ``Custom Data 1`` names nothing of its values: birth dates there are
    read as a positional column's; a named column keeps its header."""
    names = ["First Name", "Custom Data 1", "veld2", "Opmerking", "MMERGE6"]
    columns = [["Petra", "Chantal"], BIRTHS[:2], BIRTHS[:2], BIRTHS[:2], BIRTHS[:2]]
    assert guessed_headers(names, columns) == {
        1: "geboortedatum", 2: "geboortedatum", 4: "geboortedatum",  # (Mailchimp's merge field)
    }  # fmt: skip


def test_a_named_column_keeps_its_header() -> None:
    assert guessed_headers(["labcode", "column2"], [INITIALS, INITIALS]) == {1: "voorletters"}


@given(st.lists(st.sampled_from(["column1", "naam", "column3", "", "datum"]), min_size=1,
                max_size=5))  # fmt: skip
def test_only_positional_columns_are_named(names: list[str]) -> None:
    samples = [INITIALS] * len(names)
    assert {names[i] for i in guessed_headers(names, samples)} <= {"column1", "column3"}


ROWS = "\n".join(
    ";".join(r)
    for r in zip(
        SURNAMES,
        INITIALS,
        BIRTHS,
        BSNS,
        ["Kerkstraat 12", "Dorpsweg 3", "Lindelaan 44", "Molenweg 1"],
        ["1234 AB", "4321 CD", "2511 AB", "9711 AA"],
        ["hrHPV positief", "hrHPV negatief", "Pap 2", "hrHPV negatief"],
        strict=True,
    )
)  # fmt: skip  (a LIMS query's rows: surname, initials, birth, BSN, street, postcode, result)


def test_a_csv_without_its_header_line() -> None:
    data = (ROWS + "\n").encode()
    source = Source("export.csv", "csv", len(data), lambda: io.BytesIO(data))
    units = list(CsvExtractor().extract(source, Config()))
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()  # type: ignore[arg-type]
    first = {(r["kind"], r["value"]) for r in rows if r["record"] == "export.csv#row=1"}
    assert first >= {("surname", "Jansen"), ("initials", "P."), ("bsn", "123456782"),
                     ("date_of_birth", "1978-03-12"), ("postcode", "1234AB"),
                     ("hpv", "hrHPV positief")}  # fmt: skip
    assert {r["explanation"] for r in rows if r["kind"] == "initials"} == {
        "values of a column with no header, read as 'voorletters'"
    }


def test_rows_pasted_into_an_e_mail_are_their_peoples() -> None:
    """Each row is its person's record, with all its cells; the colleague the e-mail
    greets gets none of their results."""
    text = f"Hoi Sanne,\n\nHierbij de lijst:\n\n{ROWS}\n\nGroet,\nKees\n"
    found = detect_units([TextUnit(Location("mail.eml", "body"), text)], Config(workers=1))
    mentions = {m["surname"]: m for m in assemble(found).mentions.to_pylist()}
    assert mentions["Jansen"]["bsn"] == "123456782"
    assert mentions["Jansen"]["date_of_birth"] == "1978-03-12"
    assert "health" in mentions["Jansen"]["data_classes"]
    assert all("health" not in m["data_classes"] for m in mentions.values()
               if m["given_names"] == "Sanne")  # fmt: skip


def test_a_gp_directory_without_its_header_names_no_one() -> None:
    """AGB codes, initials, surnames and postcodes of GPs: provider rows, no person."""
    data = b"01012345;J.;Bakker;1234 AB\n01054321;A.M.;Visser;4321 CD\n01098765;K.;Smit;9711 AA\n"
    source = Source("gp.csv", "csv", len(data), lambda: io.BytesIO(data))
    units = list(CsvExtractor().extract(source, Config()))
    rows = written_out(detect_units(units, Config(workers=1))).to_pylist()  # type: ignore[arg-type]
    assert {r["data_class"] for r in rows} == {"provider"}
    assert {r["record"] for r in rows} == {None}
    assert ("provider_agb", "01054321") in {(r["kind"], r["value"]) for r in rows}
