"""The shared helpers of the format writers: dates, data classes, provider names, advice."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.synth.formats import clinical, dates, mentions
from breachscope.synth.writer import TruthMention, WrittenFile
from breachscope.vocabulary import DATA_CLASSES

from .format_factory import rendered, sample

DAY = date(1978, 3, 3)


@pytest.mark.parametrize(
    "text",
    ["03-03-1978", "3-3-1978", "1978-03-03", "19780303", "3 maart 1978", "3 mrt. 1978",
     "03/03/1978", "03.03.1978", "3 MAART 1978", " 03-03-78 ", "1978-03-03 00:00:00",
     "03031978"],
)  # fmt: skip
def test_parse_written_reads_known_forms(text: str) -> None:
    assert dates.parse_written(text) == DAY


@pytest.mark.parametrize(
    "text", ["", "1978", "31-02-1978", "3 maartt 1978", "1978/13/03", "geboren 3-3-1978", "3.3"]
)
def test_parse_written_rejects_others(text: str) -> None:
    assert dates.parse_written(text) is None


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2029, 12, 31)))
def test_parse_written_round_trips(day: date) -> None:
    for text in (dates.dmy(day), dates.dutch_long(day), day.strftime("%Y%m%d"), day.isoformat()):
        assert dates.parse_written(text) == day


@pytest.mark.parametrize(
    ("fields", "changes", "expected"),
    [
        ({"name"}, {}, {"name"}),
        ({"surname"}, {"name": ""}, {"name"}),
        ({"prefix"}, {}, set()),
        ({"street"}, {}, set()),
        ({"street", "house"}, {}, {"address"}),
        ({"street", "house"}, {"house": ""}, set()),
        ({"postcode", "city"}, {}, {"address"}),
        ({"city"}, {}, set()),
        ({"gp_agb"}, {}, {"provider"}),
        ({"gp_name", "gp_agb"}, {"gp_name": "", "gp_agb": ""}, set()),
        ({"bsn", "date_of_birth"}, {"bsn": ""}, {"date_of_birth"}),
        ({"phone", "email"}, {}, {"phone", "email"}),
        ({"iban"}, {"iban": "NL02ABNA0123456789"}, {"iban"}),
        ({"iban"}, {}, set()),
    ],
)
def test_exposed_table(fields: set[str], changes: dict[str, str], expected: set[str]) -> None:
    record = rendered(**changes)
    assert mentions.exposed(record, fields) == expected
    assert mentions.exposed(record, fields, health=True) == expected | {"health"}
    assert set(mentions.exposed(record, mentions.FIELDS)) <= set(DATA_CLASSES)


def test_exposed_refuses_unknown_fields() -> None:
    with pytest.raises(ValueError):
        mentions.exposed(rendered(), {"sample"})


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("A.B. van der Linde", ("", "A.B.", "van der Linde")),
        ("Dr. C. Molenaar", ("Dr.", "C.", "Molenaar")),
        ("Linde, A.B. van der", ("", "A.B. van der", "Linde")),
        ("huisarts Van der Linde", ("huisarts", "", "Van der Linde")),
        ("Molenaar", ("", "", "Molenaar")),
        ("A. B. Jansen", ("", "A. B.", "Jansen")),
        ("", ("", "", "")),
    ],
)
def test_provider_parts(written: str, parts: tuple[str, str, str]) -> None:
    assert mentions.provider_parts(written) == parts


def test_under_member_prefixes_and_nests() -> None:
    written = WrittenFile(
        b"",
        (
            TruthMention("P1", frozenset({"name"}), row=3),
            TruthMention("P2", frozenset(), member="b.csv"),
        ),
    )
    out = mentions.under_member("x.zip", written)
    assert [(m.member, m.row) for m in out] == [("x.zip", 3), ("x.zip!/b.csv", None)]
    for bad in ("", "a!/b"):
        with pytest.raises(ValueError):
            mentions.under_member(bad, written)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"hpv": "negatief", "genotype": None, "pap": None, "kopac": None}, "Geen vervolg"),
        ({"test_type": "zelfafnameset", "pap": None, "kopac": None}, "uitstrijkje voor cytologie"),
        ({"pap": "Pap 0"}, "6 weken"),
        ({"pap": "Pap 1"}, "12 maanden"),
        ({"genotype": "HPV16", "pap": "Pap 2"}, "gynaecoloog"),
        ({"genotype": "HPV18", "pap": "Pap 2"}, "gynaecoloog"),
        ({"genotype": "overig", "pap": "Pap 2"}, "12 maanden"),
        ({"genotype": "overig", "pap": "Pap 3a1"}, "12 maanden"),
        ({"genotype": "overig", "pap": "Pap 3a2"}, "gynaecoloog"),
        ({"test_type": "urine", "hpv": None, "genotype": None, "pap": None}, "aanvrager"),
    ],
)
def test_advice_follows_the_screening_rules(changes: dict[str, object], fragment: str) -> None:
    assert fragment in clinical.advice(sample(**changes))


def test_patient_result_never_names_the_genotype() -> None:
    for genotype in ("HPV16", "HPV18", "overig"):
        assert genotype not in clinical.patient_result(sample(genotype=genotype))
