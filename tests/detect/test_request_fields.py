"""A request body's JSON field under its key is the record's, even where the request's
web address stands on its line; an organisation's own details stay its own."""

from __future__ import annotations

import pytest

from .helpers import read_findings

CURL = (
    "curl -s -X POST https://lims-acc.example.nl/api/v1/clients "
    "-H 'Content-Type: application/json' "
    '-d \'{"bsn":"107067420","postcode":"3771LP","iban":"NL02BUNQ7352602260",'
    '"telefoon":"0612345678"}\''
)


def _values(text: str) -> set[tuple[str, str]]:
    return {(c, v) for c, v, _, _ in read_findings(text)}


def test_a_request_bodys_fields_are_the_records() -> None:
    assert {
        ("address", "3771LP"), ("iban", "NL02BUNQ7352602260"), ("phone", "+31612345678"),
    } <= _values(CURL)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # an organisation's own record, its name marks it
        '{"lab": "Cervixlab B.V.", "url": "https://cervixlab.nl", "postcode": "3771LP", '
        '"iban": "NL02BUNQ7352602260"}',
        # a letterhead: no key right before the value
        "Cervixlab, Laan 3, 3771 LP Barneveld, www.cervixlab.nl, IBAN NL02BUNQ7352602260",
    ],
)
def test_an_organisations_details_stay_its_own(text: str) -> None:
    assert not {c for c, _ in _values(text)} & {"address", "iban"}


def test_a_url_querys_postcode_is_the_persons_though_a_referrer_follows() -> None:
    """An access log's search: the postcode a user typed, then the referrer's address."""
    log = (
        '10.20.6.2 - - [11/Mar/2024:09:05:08 +0100] "GET /patient/zoek?achternaam=Vos'
        '&geboortedatum=1993-01-15&postcode=1503+KK HTTP/2.0" 200 2238 '
        '"https://portaal.example.nl/zorgverlener/zoeken" "Mozilla/5.0"'
    )
    assert ("address", "1503KK") in _values(log)
