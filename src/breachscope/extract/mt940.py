"""MT940 bank statements (SWIFT's customer statement, as Dutch banks export it: ABN AMRO's
``.sta``, ING's and Rabobank's ``.940``/``.swi``): one row per transaction, ``row`` = the
line of its ``:61:``.

A lab's or a practice's own account receives what self-paying patients pay: each
transaction's ``:86:`` field names the payer (``/NAME/BOUKHARI S``), her account
(``/IBAN/NL66SNSB...``) and the remittance text, which often names the test she paid
for and her birth date or BSN (``/REMI/F2024-08075 BSN 549984276 HbA1c``). The field is
cut hard every 65 characters, inside a word too (``van den Bro`` over ``ek``): its lines
are joined as they were before the bank cut them. Its structured subfields become columns
named as a Dutch export names them: ``naam`` (``NAME``), ``iban`` (``IBAN``), ``bic``,
``omschrijving`` (``REMI``, its ``USTD//`` or ``STRD/CUR/`` prefix dropped), ``kenmerk``
(``EREF``), ``machtiging`` (``MARF``), ``incassant`` (``CSID``), ``soort`` (``TRTP``), and
an unstructured ``:86:`` (an older export's free text) is ``omschrijving`` whole. The
``:61:`` gives ``datum`` (its value date, ``YYYY-MM-DD``) and ``bedrag`` (signed: a debit
negative). The statement's own account (``:25:``) is the account holder's, no payer's,
and no column. Nothing else of the file is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.contentlines import property_rows
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

_TAG = re.compile(r"^:(?P<tag>\d\d[A-Z]?):(?P<value>.*)$")
_STATEMENT_LINE = re.compile(
    r"(?P<date>\d{6})(?:\d{4})?(?P<mark>R?[CD])[A-Z]?(?P<amount>\d+(?:,\d*)?)"
)
"""A ``:61:`` line's start: value date ``YYMMDD``, an entry date ``MMDD``, debit or
credit (a reversal ``RC``/``RD``), the funds code's letter, the amount."""
_SUBFIELD = re.compile(
    r"/(?P<key>TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|ORDP|BENM|ADDR|ISDT|RTRN|PURP|CNTP"
    r"|ULTC|ULTD|SVCL)/"
)
_COLUMNS = {
    "NAME": "naam", "IBAN": "iban", "BIC": "bic", "REMI": "omschrijving", "EREF": "kenmerk",
    "MARF": "machtiging", "CSID": "incassant", "TRTP": "soort", "ADDR": "adres",
    "ULTC": "uiteindelijke begunstigde", "ULTD": "uiteindelijke betaler",
}  # fmt: skip
_ORDER = ("datum", "bedrag", "naam", "iban", "bic", "omschrijving", "kenmerk", "machtiging",
          "incassant", "soort", "adres")  # fmt: skip
_REMI_PREFIX = re.compile(r"^(?:USTD//|STRD/CUR/)")


def transactions(text: str) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """``(line of :61:, {column: [value]})`` of every transaction in ``text``."""
    record: dict[str, list[str]] | None = None
    start = 0
    field: list[str] | None = None  # (the lines of the :86: being read)
    for number, line in enumerate(text.splitlines(), 1):
        m = _TAG.match(line)
        if m is None:
            if field is not None and line and line != "-" and not line.startswith("{"):
                field.append(line)  # (a continuation of the :86:, cut at 65 characters)
            continue
        if field is not None and record is not None:
            record.update(_information("".join(field)))
        field = None
        tag = m["tag"]
        if tag == "61":
            if record is not None:
                yield start, record
            start, record = number, _statement_line(m["value"])
        elif tag == "86" and record is not None:
            field = [m["value"]]
        elif tag.startswith("62") and record is not None:
            yield start, record
            record = None
    if field is not None and record is not None:
        record.update(_information("".join(field)))
    if record is not None:
        yield start, record


def _statement_line(value: str) -> dict[str, list[str]]:
    """The ``:61:`` line's value date and signed amount."""
    m = _STATEMENT_LINE.match(value)
    if m is None:
        return {}
    yy, mm, dd = m["date"][:2], m["date"][2:4], m["date"][4:]
    sign = "-" if m["mark"].endswith("D") else ""
    return {"datum": [f"20{yy}-{mm}-{dd}"], "bedrag": [sign + m["amount"]]}


def _information(text: str) -> dict[str, list[str]]:
    """The columns of an ``:86:`` field: its structured subfields, else its text whole."""
    keys = list(_SUBFIELD.finditer(text))
    if not keys or keys[0].start() != 0:
        return {"omschrijving": [text.strip()]} if text.strip() else {}
    out: dict[str, list[str]] = {}
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(text)
        value = text[m.end() : end].strip().rstrip("/").strip()
        column = _COLUMNS.get(m["key"])
        if column is None or not value:
            continue
        if column == "omschrijving":
            value = _REMI_PREFIX.sub("", value)
        out.setdefault(column, []).append(value)
    return out


class Mt940Extractor(Extractor):
    """MT940 statements: one table row per transaction."""

    id: ClassVar[str] = "mt940"
    types: ClassVar[frozenset[str]] = frozenset({"mt940"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "MT940 statement"))
        found = [(n, r) for n, r in transactions(text) if r]
        if not found:
            if ":25:" not in text:
                raise ExtractError("no MT940 statement (:20:, :25:, :60F:) in the file")
            return  # (a statement of no transaction: nothing in it)
        columns = dict.fromkeys(c for _, r in found for c in r)
        order = [c for c in _ORDER if c in columns] + [c for c in columns if c not in _ORDER]
        yield from property_rows(
            Location(source.path), order, found, config.max_table_rows_per_unit
        )
