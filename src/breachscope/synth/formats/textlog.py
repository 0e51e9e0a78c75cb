"""Plain-text LIMS/interface log files with patients mentioned in free text.

API (called by ``synth.generate``): ``write(records, rng, *, lab=DEFAULT_LAB) ->
WrittenFile``. A UTF-8 log (``\\n`` line ends) of timestamped lines from a few
components (ScreenIT koppeling, HL7 interface, autorisatie, mail). Each record gets one
to four lines (registration with name, birth date and BSN; an address mismatch warning;
the authorised result with the requester; a failed result mail to the person's
address), interleaved with routine lines that name no person but carry look-alike
numbers (lab numbers, some passing the elfproef, barcodes, run and lot numbers).
Mentions have no part and no row (docs/locations.md: plain text is addressed by
character offsets only), one per record.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from stdnum.nl import bsn as bsn_mod

from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.mentions import display_name, exposed
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

_Line = tuple[str, str, str, set[str], bool]
"""(level, component, message, Rendered fields written, result written)."""


def _name_fields(record: Rendered) -> set[str]:
    return {"name"} if record.name else {"given", "prefix", "surname"}


def _registration(record: Rendered) -> _Line:
    sample = record.sample
    what = f"monster {sample.barcode} " if sample else "aanvraag zonder monster "
    extra = [f"geb. {record.date_of_birth}"] if record.date_of_birth else []
    extra += [f"BSN {record.bsn}"] if record.bsn else []
    detail = f" ({', '.join(extra)})" if extra else ""
    message = f"{what}geregistreerd voor {display_name(record)}{detail}"
    return (
        "INFO",
        "ScreenIT-koppeling",
        message,
        _name_fields(record) | {"date_of_birth", "bsn"},
        False,
    )


def _address(record: Rendered) -> _Line | None:
    parts = [
        p for p in (f"{record.street} {record.house}".strip(), record.postcode, record.city) if p
    ]
    if not (record.postcode or (record.street and record.house)):
        return None
    message = f"adres patiënt wijkt af van BRP: '{' '.join(parts)}' - handmatige controle nodig"
    return "WARN", "HL7-interface", message, {"street", "house", "postcode", "city"}, False


def _result(record: Rendered) -> _Line | None:
    sample = record.sample
    if sample is None:
        return None
    requester = f" -> aanvrager {record.gp_name}" if record.gp_name else ""
    requester += f" (AGB {record.gp_agb})" if record.gp_agb else ""
    message = f"uitslag {sample.lab_number} geautoriseerd: {sample.result_text}{requester}"
    return "INFO", "Autorisatie", message, {"gp_name", "gp_agb"}, True


def _mail(record: Rendered) -> _Line | None:
    if not record.email:
        return None
    message = f"bezorging uitslagbericht aan {record.email} mislukt (550 mailbox unavailable)"
    return "ERROR", "Mailer", message, {"email"}, False


def _routine(rng: random.Random) -> tuple[str, str, str]:
    while not bsn_mod.is_valid(number := str(rng.randrange(10**8, 10**9))):
        pass
    choices = (
        ("INFO", "HL7-interface", f"ACK ontvangen voor bericht DLHW{rng.randrange(10**9):09d}"),
        (
            "INFO",
            "Analyser",
            f"run {rng.randrange(1000, 9999)} gestart, lot {rng.randrange(10**6)}",
        ),
        ("DEBUG", "ScreenIT-koppeling", f"labnr {number} status AUTH -> VERZONDEN"),
        (
            "INFO",
            "Analyser",
            f"barcode BVO{rng.randrange(10**10):010d} gescand, rek {rng.randrange(40)}",
        ),
        ("WARN", "Koeling", f"temperatuur koelcel 2: {rng.randrange(40, 90) / 10:.1f} C"),
    )
    return rng.choice(choices)


def write(
    records: Sequence[Rendered], rng: random.Random, *, lab: Lab = DEFAULT_LAB
) -> WrittenFile:
    """A log mentioning ``records`` in free text; one mention per record."""
    day = next((r.sample.report_date for r in records if r.sample), None)
    clock = datetime(2025, 6, 2, 6, 0) if day is None else datetime(day.year, day.month, day.day, 6)
    lines = [f"{clock:%Y-%m-%d %H:%M:%S} INFO  [Systeem] {lab.code} LIMS interface gestart"]
    seen: dict[int, tuple[set[str], bool]] = {}
    builders: tuple[Callable[[Rendered], _Line | None], ...] = (
        _registration,
        _address,
        _result,
        _mail,
    )
    for index, record in enumerate(records):
        for build in builders:
            for _ in range(rng.randrange(3)):
                clock += timedelta(seconds=rng.randrange(1, 400))
                level, component, message = _routine(rng)
                lines.append(f"{clock:%Y-%m-%d %H:%M:%S} {level:<5} [{component}] {message}")
            line = build(record)
            if line is None or (build is not _registration and rng.random() < 0.25):
                continue
            level, component, message, fields, health = line
            clock += timedelta(seconds=rng.randrange(1, 120))
            lines.append(f"{clock:%Y-%m-%d %H:%M:%S} {level:<5} [{component}] {message}")
            old_fields, old_health = seen.get(index, (set(), False))
            seen[index] = (old_fields | fields, old_health or health)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    mentions = tuple(
        TruthMention(record.person_id, exposed(record, seen[i][0], health=seen[i][1]))
        for i, record in enumerate(records)
    )
    return WrittenFile(data, mentions)
