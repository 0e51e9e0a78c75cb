"""iCalendar: one row per event, to-do or journal entry, properties as the columns a Dutch
export would name; the appointment's text is read unescaped (``\\n`` glued words)."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.ics import IcsExtractor
from breachscope.extract.units import TableUnit

from .samples import ics_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("a.ics", "ics", len(data), lambda: io.BytesIO(data))
    return list(IcsExtractor().extract(source, Config()))


def test_entries_are_rows_and_alarms_and_the_organizer_are_left_out() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nORGANIZER;CN=Assistente:mailto:balie@praktijk.nl\r\n"
        b"SUMMARY:Controle\r\nATTENDEE;CN=Petra Jansen:MAILTO:p@example.nl\r\n"
        b"ATTENDEE;CN=Jan Jansen:mailto:j@example.nl\r\nDTSTART;VALUE=DATE:20240312\r\n"
        b"BEGIN:VALARM\r\nDESCRIPTION:Herinnering\r\nEND:VALARM\r\nEND:VEVENT\r\n"
        b"BEGIN:VJOURNAL\r\nDESCRIPTION:Gebeld met mevr. Bakker\r\nEND:VJOURNAL\r\n"
        b"END:VCALENDAR\r\n"
    )
    (unit,) = [u for u in extract(data) if isinstance(u, TableUnit)]
    assert unit.columns == (
        "onderwerp", "omschrijving", "datum", "deelnemer", "deelnemer (2)",
        "e-mail deelnemer", "e-mail deelnemer (2)",
    )  # fmt: skip
    first, second = unit.data.to_pylist()
    assert first["__row__"] == 2 and second["__row__"] == 12
    assert [first[f"c{i}"] for i in range(7)] == [
        "Controle", None, "2024-03-12", "Petra Jansen", "Jan Jansen",
        "p@example.nl", "j@example.nl",
    ]  # fmt: skip
    assert second["c1"] == "Gebeld met mevr. Bakker"


def test_an_empty_calendar_gives_nothing_and_other_text_an_error() -> None:
    assert extract(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n") == []
    with pytest.raises(ExtractError, match="no iCalendar"):
        extract(b"just text")


def test_an_appointment_is_read_as_one_persons_row() -> None:
    sample = ics_sample()
    units = [u for u in extract(sample.data) if isinstance(u, TableUnit)]
    found = {
        (f.data_class, f.value, f.location.row)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert {
        ("name", "P. Jansen", 4),
        ("bsn", "123456782", 4),
        ("date_of_birth", "1978-03-03", 4),
        ("phone", "+31612345678", 4),
        ("health", "HPV-positief", 4),  # (the escaped line break glued it to the phone)
        ("email", "p.jansen@example.nl", 4),
        ("name", "A. Öztürk", 16),
    } <= found


@pytest.mark.parametrize("stray", ["", "\r"])
def test_a_vcalendar_1_values_quoted_printable_lines_are_decoded(stray: str) -> None:
    """vCalendar 1.0 (an old phone suite's agenda export): a description in ISO-8859-1,
    quoted-printable over soft line breaks (a stray carriage return before each
    ``=0D=0A``, as one suite writes it, stays inside the value)."""
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\n"
        "SUMMARY;CHARSET=ISO-8859-1:Colposcopie Y. Maas\r\n"
        "DESCRIPTION;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Pati=EBnte: Yvonne Maas"
        f"{stray}=0D=0A=\r\nBSN: 116844103{stray}=0D=0A=\r\nVerwezen door dr. Wijnberg\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode("latin-1")
    (unit,) = [u for u in extract(data) if isinstance(u, TableUnit)]
    description = unit.data.column("c1").to_pylist()[0].replace("\r", "")
    assert description == "Patiënte: Yvonne Maas\nBSN: 116844103\nVerwezen door dr. Wijnberg"
    found = findings_from_arrow(detect_units([unit], Config(workers=1)))
    assert ("bsn", "116844103") in {(f.data_class, f.value) for f in found}


def test_a_file_of_carriage_returns_alone_is_read_by_its_lines() -> None:
    data = (
        b"BEGIN:VCALENDAR\rBEGIN:VEVENT\rSUMMARY:Controle mw. Bakker\rEND:VEVENT\rEND:VCALENDAR\r"
    )
    (unit,) = [u for u in extract(data) if isinstance(u, TableUnit)]
    assert unit.data.column("c0").to_pylist() == ["Controle mw. Bakker"]
