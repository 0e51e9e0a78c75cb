"""IBAN: any country, MOD-97 checked by python-stdnum; normalised compact upper-case.

Company IBANs on invoices and letterheads are organisation data: a value on a line with
(or just below) a KvK/BTW number, ``B.V.`` or a web address is dropped, and so is one
held by a foundation, an association, a municipality, a hospital or a laboratory
(``NL91ABNA0417164300 t.n.v. Stichting Lab Noord``), and the account a payment request
asks the reader to pay into (``het openstaande bedrag over te maken op rekening ...``).
"""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.exceptions import InvalidComponent, ValidationError

from breachscope.detect.base import Detector, TextMatch
from breachscope.detect.context import TextView
from breachscope.detect.detectors._org import ORGANISATION_MARKERS
from breachscope.detect.ocrdigits import EXPLANATION, as_digits


class IbanDetector(Detector):
    id = "iban"
    data_class = "iban"
    kind = "iban"
    patterns = (r"\b[A-Za-z]{2} ?\d{2}(?:(?:[ \-]|[ ]?\r?\n[ >]*)?[A-Za-z0-9]){11,30}\b",)
    regex = (
        r"(?<![\w])(?P<v>[A-Za-z]{2}[ ]?\d{2}"
        r"(?:(?:[ ]?(?:\r?\n[ >]*)?[A-Za-z0-9]{4}){2,7}(?:[ ]?(?:\r?\n[ >]*)?[A-Za-z0-9]{1,3})?"
        r"|(?:-[A-Za-z0-9]{4}){2,7}(?:-[A-Za-z0-9]{1,3})?))"
        r"(?![A-Za-z0-9]|-[A-Za-z0-9])"
    )
    """Groups of four set apart by spaces (``NL91 ABNA 0417 1643 00``) or by hyphens
    throughout (``NL91-ABNA-0417-1643-00``), a space after the country code too
    (``NL 91 ABNA ...``); a line may break between two groups, where a mail's lines were
    wrapped (``NL91 ABNA`` over ``0417 1643 00``, a quoted mail's ``>`` before it)."""
    max_len = 48
    lookahead = 4
    context_words = (
        "iban",
        "rekeningnummer",
        "rekening",
        "bankrekening",
        "account",
        "rek.nr",
        "reknr",
        "tenaamstelling",
    )
    header_keywords = (
        "iban",
        "rekeningnummer",
        "bankrekening",
        "rekening",
        "bank account",
        "account number",
        "reknr",
    )
    header_negative = ("bic", "swift", "cdtr", "creditor", "crediteur", "begunstigde")
    """Not a bank's code; not the creditor's account (a SEPA direct debit's ``CdtrAcct``, a
    payment's ``creditor.iban``): the organisation that collects, not the patient."""
    organisation_markers = (
        *ORGANISATION_MARKERS,
        "stichting",
        "vereniging",
        "coöperatie",
        "gemeente",
        "ziekenhuis",
        "laboratorium",
        # a payment request: the account it names is the creditor's, the organisation's
        "over te maken",
        "onder vermelding van",
        "openstaande bedrag",
        "openstaand bedrag",
    )
    sample_pass_rate = 0.9
    base_confidence = 0.97

    def check(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A match that runs on over a line break and fails is checked again up to the
        break: an IBAN whose last group is whole (``BE68 5390 0754 7034``) at the end of
        a line, above one that starts with four letters or digits (``2000 Antwerpen``)."""
        found = super().check(view, start, end, raw)
        if found is None and "\n" in raw:
            head = raw[: raw.index("\n")].rstrip(" \r")
            found = super().check(view, start, start + len(head), head)
        if found is None and (read := _ocr_read(raw)) is not None:
            found = self._ocr(view, start, end, read)
        return found

    def _ocr(self, view: TextView, start: int, end: int, read: str) -> TextMatch | None:
        """An IBAN after its label whose digits an OCR engine read as letters (``IBAN:
        NL91 ABNA O417 l643 OO``, :mod:`breachscope.detect.ocrdigits`): read with those
        letters as digits, it must pass MOD-97 like any other."""
        words = view.labelled(
            start, end, self.context_words, (), self.context_before, self.context_after
        )
        if not words:
            return None
        found = super().check(view, start, end, read)
        if found is None:
            return None
        return found._replace(evidence=f"{found.evidence}; {EXPLANATION}")

    def validate(self, raw: str, context: bool) -> str | None:
        compact = _SET_APART.sub("", raw).upper()
        if not 15 <= len(compact) <= 34:
            return None
        return compact if _valid(compact) else None


_SET_APART = re.compile(r"[ \-.\r\n>]")
"""What sets an IBAN's groups apart: spaces, hyphens, dots (``NL91.ABNA.0417.1643.00``),
a wrapped line's break and the quote marks of a quoted mail."""


_DIGITS_FROM = {"NL": 8, "BE": 4, "DE": 4}
"""Where the digits of an IBAN start in the countries whose account part is digits only
(after the Dutch bank's four letters): where OCR letters are read as digits
(:func:`_ocr_read`)."""


def _ocr_read(raw: str) -> str | None:
    """``raw`` (an IBAN's match) with the letters an OCR engine gives for digits read as
    digits in its account's digits, where it is a Dutch, Belgian or German IBAN misread
    so (:func:`~breachscope.detect.ocrdigits.as_digits`: mostly digits, at least one
    such letter); else None. (Its check digits are digits already: the pattern asks.)"""
    compact = _SET_APART.sub("", raw)
    at = _DIGITS_FROM.get(compact[:2].upper())
    if at is None or len(compact) < at + 8:
        return None
    digits = as_digits(compact[at:], 6, 1.5)
    return None if digits is None else compact[:at] + digits


def _valid(compact: str) -> bool:
    """MOD-97 and the country's own structure and check digits (python-stdnum). Belgian
    IBANs are also looked up in python-stdnum's list of Belgian banks, which lacks some
    (``BE68 5390 0754 7034`` was dropped): a Belgian IBAN whose bank it does not know
    passes on its national check digits (the first ten digits of the account modulo 97)."""
    try:
        iban.validate(compact)
    except InvalidComponent:
        return (
            compact.startswith("BE")
            and iban.is_valid(compact, check_country=False)
            and (int(compact[4:14]) % 97 or 97) == int(compact[14:16])
        )
    except ValidationError:
        return False
    return True
