"""E-mail: lower-cased; role mailboxes and message ids are no person's address."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import detector, found

POSITIVE = [
    ("Mail: Jan.Jansen@Example.NL", "jan.jansen@example.nl"),
    ("E m.vanderhaar@hotmail.com", "m.vanderhaar@hotmail.com"),
    ("<carla_254@live.nl>", "carla_254@live.nl"),
    # an encoded @: a URL's query string, an HTML character reference
    (
        "GET /api/v1/patient?bsn=870662831&email=jan.devries%40gmail.com HTTP/1.1",
        "jan.devries@gmail.com",
    ),
    (
        "https://portaal.example.nl/reset?user=petra.jansen%40ziggo.nl&t=9f8e7d",
        "petra.jansen@ziggo.nl",
    ),
    ("Contact: sanne&#64;ziggo.nl", "sanne@ziggo.nl"),
    ("j.de-vries+lab@mail.co.uk.", "j.de-vries+lab@mail.co.uk"),
    ("mail j.o'brien@ziggo.nl", "j.o'brien@ziggo.nl"),  # not cut at the apostrophe
    ("email='jan@example.nl'", "jan@example.nl"),  # the quote around it is no part of it
    # written so that a harvester misses it: read as the address it stands for
    ("E-mail: yvonne.dekker[at]gmail.com", "yvonne.dekker@gmail.com"),
    ("mail me: anna (at) example (dot) nl graag", "anna@example.nl"),
    ("via anna[AT]gmail[dot]com.", "anna@gmail.com"),
    ("anna{@}ziggo.nl", "anna@ziggo.nl"),
    ("M. Kok: m.kok(apenstaartje)kpnmail.nl", "m.kok@kpnmail.nl"),
    # spelled out, as a caller dictates it and a call note takes it down
    ("wil mail op: anna punt devries at gmail punt com", "anna.devries@gmail.com"),
    ("Jolanda Bremer: jolanda_bremer AT hotmail DOT com", "jolanda_bremer@hotmail.com"),
    ("mailadres anna.devries at gmail.com graag", "anna.devries@gmail.com"),
]
NEGATIVE = [
    "info@huisartsenpraktijk-willems.nl",
    "beheer@patholab.nl",  # a team's or a department's mailbox
    "debiteuren@patholab.nl",
    "allemedewerkers@patholab.nl",
    "uitslagen@dlhw-lab.nl",
    "service@medivance.nl",
    "ict@dlhw-lab.nl",  # a department's mailbox
    "Kunt u niet? Mail naar afspraken@bvo-zuid.nl.",  # the programme's appointments desk
    "klachten@lab-noord.nl",
    "Message-ID: <33bd3a7e1844c38e.877886@dlhw-lab.nl>",
    "mail verzonden, messageId=<20240311220109.4471@labrijnmond.nl>",  # a log's message id
    "pathologie@labrijnmond.nl",  # a department's mailbox
    "assistentes@praktijkbakker.nl",
    "balie@praktijkbakker.nl",
    "praktijk.email=h.bakker@praktijkbakker.nl",  # someone else's key
    "jan..jansen@example.nl",
    "user@localhost",
    "Contact: info[at]lab.nl",  # a role mailbox, hidden or not
    "zie [at] home",
    "anna[at]gmail",
    # prose with "at": no address
    "Please look at booking.com today",
    "We meet at Schiphol. Nl",
    "Ik kijk at home.nl of niet",
    "info at lab punt nl",  # a role mailbox, spelled or not
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "email") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "email") == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jan.Jansen@Example.NL", "jan.jansen@example.nl"),
        ("^NET^Internet^M.Jansen@example.nl", "m.jansen@example.nl"),  # HL7 XTN
        ("EM:anne@example.nl", "anne@example.nl"),  # EDIFACT COM+EM
        ("Jan Jansen <jan@example.nl>", "jan@example.nl"),
        ("mailto:jan@example.nl", "jan@example.nl"),
        ("^PRN^PH^^^^^^^^^0612345678", None),
        ("info@example.nl", None),
        ("^NET^Internet^info@example.nl", None),
        ("achternaam=de+Boer&email=kim%40example.nl&order=473815809", "kim@example.nl"),
    ],
)
def test_cells(dset: DetectorSet, cell: str, expected: str | None) -> None:
    """A claimed column's cell: the address inside a composite value, never the
    composite itself (``^net^internet^...``)."""
    assert detector(dset, "email").validate(cell, True) == expected
