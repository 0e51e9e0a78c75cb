"""SQL*Loader control files with their records: the field list's names as the header
(FILLER kept, CONSTANT, SEQUENCE, SYSDATE, EXPRESSION none of the record's), terminators
and enclosures (a quoted terminator, a doubled quote, X'09', an opening and a closing
character), fixed positions, the control part as text; a control file naming its data
file stays text; what is none; damage."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.sqlldr import SqlLoaderExtractor, parse_control, record_fields
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import BSN, DOB, SQLLDR_CONTROL, sqlldr_sample

pytestmark = pytest.mark.timeout(60)
NAME = "laad_uitslag.ctl"


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(NAME, "sqlldr", len(data), lambda: io.BytesIO(data))
    return list(SqlLoaderExtractor().extract(source, config or Config()))


def control(fields: str, clause: str = "") -> str:
    return f"LOAD DATA\nINFILE *\nINTO TABLE PATIENT\n{clause}\n({fields})\nBEGINDATA\n"


def rows(text: str) -> dict[int, dict[str, str]]:
    return rows_by_part(extract(text.encode()))["PATIENT"]


def test_records_under_the_field_lists_names_and_the_control_as_text() -> None:
    sample = sqlldr_sample()
    assert sniff_bytes(sample.data, NAME) is FileType.SQLLDR
    items = extract(sample.data)
    table = rows_by_part(items)["LIMS.UITSLAG"]
    assert table[13] == {
        "BSN": BSN[0], "ACHTERNAAM": "Jansen-de Vries", "GEBOORTEDATUM": DOB[0], "INTERN": "x1",
        "ADRES": "Dorpsstraat 12A", "POSTCODE": "1234 AB", "OPMERKING": "herhaling | HPV",
    }  # fmt: skip
    assert table[14] == {
        "BSN": BSN[1], "ACHTERNAAM": "van der Berg", "GEBOORTEDATUM": DOB[1], "INTERN": "x2"
    }  # fmt: skip
    assert table[15]["POSTCODE"] == "3581 AB" and table[15]["OPMERKING"] == 'zei "graag bellen"'
    units = [u for u in items if isinstance(u, TableUnit)]
    assert units[0].columns == (
        "BSN", "ACHTERNAAM", "GEBOORTEDATUM", "INTERN", "ADRES", "POSTCODE", "OPMERKING",
    )  # fmt: skip
    texts = [u for u in items if isinstance(u, TextUnit)]
    assert "".join(t.text for t in texts) == SQLLDR_CONTROL and texts[0].location.part is None
    assert not [i for i in items if isinstance(i, Note)]


def test_fixed_positions_without_terminators() -> None:
    line = f"{BSN[0]}Jansen              {DOB[0]}"
    fields = "BSN POSITION(1:9) CHAR, NAAM POSITION(10-29), GEBDAT POSITION(30:39) DATE"
    assert rows(control(fields) + line + "\n")[7] == {
        "BSN": BSN[0], "NAAM": "Jansen", "GEBDAT": DOB[0],
    }  # fmt: skip


def test_relative_positions_whitespace_and_fixed_lengths() -> None:
    fields = "BSN POSITION(3) TERMINATED BY WHITESPACE, NAAM POSITION(*+1) CHAR TERMINATED BY ','"
    assert rows(control(fields) + f"..{BSN[1]}   xJansen,rest\n")[7] == {
        "BSN": BSN[1], "NAAM": "Jansen",
    }  # fmt: skip
    layout = parse_control(control("A CHAR(3), B CHAR(4), C"))
    assert record_fields("abcdefgh", layout) == ["abc", "defg", "h"]


def test_tab_terminator_own_enclosures_and_extra_fields() -> None:
    clause = "FIELDS TERMINATED BY X'09'"
    fields = "BSN, OPMERKING ENCLOSED BY '(' AND ')', NAAM"
    table = rows(control(fields, clause) + f"{BSN[2]}\t(tel\t0612345678)\tBos\textra\n")
    assert table[7] == {
        "BSN": BSN[2], "OPMERKING": "tel\t0612345678", "NAAM": "Bos", "column4": "extra",
    }  # fmt: skip


def test_values_the_loader_makes_are_no_columns() -> None:
    fields = (
        'ID SEQUENCE(COUNT), BSN, BRON CONSTANT "x", NR RECNUM, NAAM "UPPER(:NAAM)", '
        'DAG SYSDATE, VOL EXPRESSION "UPPER(:NAAM)", SKIP BOUNDFILLER, GEBDAT'
    )
    table = rows(control(fields, "FIELDS TERMINATED BY ','") + f"{BSN[0]},Kok,z,{DOB[0]}\n")
    assert table[7] == {"BSN": BSN[0], "NAAM": "Kok", "SKIP": "z", "GEBDAT": DOB[0]}


def test_a_control_file_naming_its_data_file_stays_text() -> None:
    text = "LOAD DATA\nINFILE 'uitslag.dat'\nINTO TABLE PATIENT\n"
    text += "FIELDS TERMINATED BY ','\n(BSN, NAAM)\n"
    assert sniff_bytes(text.encode(), "laad.ctl") is FileType.TEXT
    items = extract(text.encode())
    assert [u.text for u in items if isinstance(u, TextUnit)] == [text]
    assert not [u for u in items if isinstance(u, TableUnit)]


def test_notes_for_what_is_not_read_as_sqlldr_would() -> None:
    text = (
        "LOAD DATA\nINFILE * \"str '|\\n'\"\nCONTINUEIF THIS (1:1) = '*'\n"
        "INTO TABLE A WHEN (1:1) = 'A' FIELDS TERMINATED BY ',' (X POSITION(2), Y)\n"
        "INTO TABLE B WHEN (1:1) = 'B' (Z)\nBEGINDATA\nA1,2\n"
    )
    items = extract(text.encode())
    assert len([i for i in items if isinstance(i, Note)]) == 3
    assert rows_by_part(items)["A"] == {7: {"X": "1", "Y": "2"}}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        random.Random(4).randbytes(4096),
        b"\0" * 1000,
        b"We LOAD DATA tomorrow\nBEGINDATA\n1,2\n",
        b"LOAD DATA\nINFILE *\nINTO TABLE T\nBEGINDATA\n1,2\n",
    ],
)
def test_what_is_no_control_file_with_records_fails(data: bytes) -> None:
    with pytest.raises((ExtractError, SkipFile)):
        extract(data)
    if data.startswith(b"We"):
        assert sniff_bytes(data, NAME) is not FileType.SQLLDR


def test_a_cut_file_and_an_overlong_record() -> None:
    data = sqlldr_sample().data
    table = rows_by_part(extract(data[:-30]))["LIMS.UITSLAG"]
    assert sorted(table) == [13, 14, 15] and table[13]["OPMERKING"] == "herhaling | HPV"
    long = control("BSN, NAAM", "FIELDS TERMINATED BY ','") + "x" * 300 + f"\n{BSN[0]},Kok\n"
    items = extract(long.encode(), Config(max_text_unit_chars=200))
    assert rows_by_part(items)["PATIENT"] == {8: {"BSN": BSN[0], "NAAM": "Kok"}}
    assert [n.location.row for n in items if isinstance(n, Note)] == [7]
