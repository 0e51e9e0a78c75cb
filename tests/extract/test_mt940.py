"""MT940 statements: one row per transaction, the payer's name, account and remittance
text from the ``:86:`` field (its lines joined as before the bank cut them), the date and
signed amount from the ``:61:``; the statement's own account no column."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.mt940 import Mt940Extractor
from breachscope.extract.units import TableUnit

STATEMENT = (
    "ABNANL2A\r\n940\r\nABNANL2A\r\n:20:ABN AMRO BANK NV\r\n:25:NL46ABNA9369428291\r\n"
    ":28:13101/1\r\n:60F:C240512EUR21873,05\r\n"
    ":61:2405130513C45,00N654NONREF\r\n"
    ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL21SNSB1339182556/BIC/SNSBNL2A/NAME/\r\n"
    "VAN DEN BROEK WH/REMI/F2024-09657 wondkweek voor W.H. van den Bro\r\n"
    "ek geb 22-10-1944/EREF/NOTPROVIDED\r\n"
    ":61:2405130513C61,20N654NONREF\r\n"
    ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL66SNSB8166143887/BIC/SNSBNL2A/NAME/\r\n"
    "BOUKHARI S/REMI/USTD//F2024-08075 BSN 549984276 HbA1c/EREF/NOTPROVIDED\r\n"
    ":61:2405140514D4120,00N658NONREF\r\n"
    ":86:BETAALD LOONHEFFING APRIL\r\n"
    ":62F:C240514EUR16186,75\r\n-\r\n"
)


def extract(data: bytes) -> list[Extracted]:
    source = Source("mei.sta", "mt940", len(data), lambda: io.BytesIO(data))
    return list(Mt940Extractor().extract(source, Config()))


def test_a_row_per_transaction() -> None:
    (unit,) = [u for u in extract(STATEMENT.encode("latin-1")) if isinstance(u, TableUnit)]
    rows = [
        {unit.columns[i]: r[f"c{i}"] for i in range(len(unit.columns)) if r[f"c{i}"]}
        | {"": r["__row__"]}
        for r in unit.data.to_pylist()
    ]
    assert rows == [
        {"": 8, "datum": "2024-05-13", "bedrag": "45,00", "naam": "VAN DEN BROEK WH",
         "iban": "NL21SNSB1339182556", "bic": "SNSBNL2A",
         "omschrijving": "F2024-09657 wondkweek voor W.H. van den Broek geb 22-10-1944",
         "kenmerk": "NOTPROVIDED", "soort": "SEPA OVERBOEKING"},
        {"": 12, "datum": "2024-05-13", "bedrag": "61,20", "naam": "BOUKHARI S",
         "iban": "NL66SNSB8166143887", "bic": "SNSBNL2A",
         "omschrijving": "F2024-08075 BSN 549984276 HbA1c", "kenmerk": "NOTPROVIDED",
         "soort": "SEPA OVERBOEKING"},
        {"": 15, "datum": "2024-05-14", "bedrag": "-4120,00",
         "omschrijving": "BETAALD LOONHEFFING APRIL"},
    ]  # fmt: skip


def test_the_payers_are_found_the_statements_own_account_is_not() -> None:
    units = [u for u in extract(STATEMENT.encode("latin-1")) if isinstance(u, TableUnit)]
    found = {(f.data_class, f.value) for f in findings_from_arrow(detect_units(units, Config()))}
    assert {("iban", "NL21SNSB1339182556"), ("bsn", "549984276"),
            ("date_of_birth", "1944-10-22"), ("name", "W.H. van den Broek")} <= found  # fmt: skip
    assert ("iban", "NL46ABNA9369428291") not in found


@pytest.mark.parametrize("data", [b":20:X\n:25:NL46ABNA9369428291\n:60F:C240512EUR1,00\n-\n"])
def test_a_statement_of_no_transaction_gives_nothing(data: bytes) -> None:
    assert extract(data) == []


def test_what_is_no_statement_is_an_error() -> None:
    with pytest.raises(ExtractError):
        extract(b"geen afschrift\n")
