"""Telephone numbers by the Dutch numbering plan (python ``phonenumbers``, region NL):
``06-12345678``, ``020 123 45 67``, ``(070) 3074400``, ``+31 6 1234 5678``, ``0031...``;
other countries' numbers with their country code (``+32 470 12 34 56``) by their own
plans; normalised to E.164. After a phone label or in a column that a phone header
claims, a mobile number's shape is enough (``06-79078745``: no operator has its range,
but it is what the person gave as hers). A number on a line with an organisation marker
(letterhead, servicedesk, ``B.V.``) is the organisation's and is not reported."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import phonenumbers
import pyarrow as pa
import regex

from breachscope.detect.base import ColumnVerdict, Detector, TextMatch
from breachscope.detect.context import WRAPPED_LINE, TextView
from breachscope.detect.detectors._org import (
    ORGANISATION_MARKERS,
    OTHER_NUMBER_LABELS,
    OTHER_PARTY_HEADERS,
)
from breachscope.detect.detectors.address import on_practice_address_line
from breachscope.detect.fastpath import by_distinct
from breachscope.detect.ocrdigits import LEADING, LETTERS, as_digits, misread
from breachscope.detect.phonecolumn import mobile_shaped, phone_column, strict_phone

_DATE_LIKE = re.compile(r"\d{1,2}([.\-/])\d{1,2}\1\d{2,4}(?!\d|\1\d)")
"""``03.03.1978 12``: a date followed by a time is no phone number; a fourth group after
the same separator makes none a date (``06.12.34.56.78``, a number in pairs)."""
_WRAP = r"[ \-]?\r?\n[ >]*"
"""A mail's wrapped line between two groups of a number (``06-`` over ``12345678``, a
quoted mail's ``>`` too): :meth:`PhoneDetector.check` says where it holds."""
_BODY = rf"(?:(?:\+|00)[ ]?31[ \-]?(?:\(0\)[ \-]?)?|\(0|0)(?:(?:[ .\-)/]{{0,3}}|{_WRAP})\d){{9}}"
_EXACT_BODY = _BODY.replace(r"|\(0|", r"|\(0(?=\d{1,4}\))|")
""":data:`_BODY` with an opening bracket only before an area code it closes on
(``(070) 3074400``, ``(06)12345678``): in ``(0612345678)`` the brackets hold the whole
number, and the span is the number's."""
_ABROAD = (
    r"(?:\+[ ]?[1-9]\d{0,2}[ \-]?|00[1-9]\d{0,2}[ \-])(?:\(0\)[ \-]?)?(?:[ .\-/]{0,2}\d){6,12}"
)
"""A number with another country's code (``+32 470 12 34 56``, ``0049 151 23456789``):
patients near the border and abroad; ``phonenumbers`` checks it by that country's plan.
After ``00`` the country code must stand apart (``0012345678901`` is an article number,
not ``+1 234 567 8901``)."""


_UNWRAP = re.compile(r"\r?\n[ >]*")
"""A wrapped line's break and a quoted mail's marks, dropped from the number it split."""
_AREA_WRAPPED = re.compile(r"(?:0|\+31[ ]?|0031[ ]?)(?:6[ \-]?|\d{1,3}-)\r?\n")
"""A number broken right after its area code as its writer set it apart (``020-``,
``0299-``), or after a mobile number's ``06`` (``+31 6``)."""

_OTHER_NUMBER = re.compile(rf"(?<![\w])(?:{'|'.join(OTHER_NUMBER_LABELS)})\.?[ \t]*[:#=]?[ \t]*\Z")
"""Another number's label right before a value (lower-cased text, searched up to the
value's start)."""
_OTHER_NUMBER_WORDS = ("nummer", "nr", "kenmerk", "referentie", "barcode")
"""What :data:`_OTHER_NUMBER` needs (a substring test first: most values have none)."""


_OCR_LABELS = ("tel", "telefoon", "telefoonnummer", "mobiel", "gsm")
"""The labels after which a number's digits may be letters an OCR engine gave."""
_OCR_REACH = 24
"""How far after its label such a number may end."""
_OCR_NUMBER = regex.compile(
    rf"(?<![\w.\-])[0{LEADING}][0-9{LETTERS}](?:[ \-]?[0-9{LETTERS}]){{8}}(?![\w\-])"
)
"""A Dutch number of ten digits, some of them letters an OCR engine gave (``06-5333395O``,
``O6-3O463472``), its groups apart by single spaces or hyphens."""


_RECIPIENT_STEP = re.compile(r"(?:^|[._\s])recipients?$", re.IGNORECASE)
"""A header whose last step names a message's recipient."""
_MSISDN = re.compile(r"(?:\+|00)?316\d{8}")
"""A Dutch mobile number as an SMS gateway writes it: country code first, no leading
zero (``31653352999``)."""


class PhoneDetector(Detector):
    id = "phone"
    data_class = "phone"
    kind = "phone"
    patterns = (_BODY, _ABROAD)
    regex = rf"(?<![\w+\-/.])(?P<v>{_EXACT_BODY}|{_ABROAD})(?![\w]|[.\-/]\d)"
    max_len = 34
    lookahead = 2
    context_words = (
        "tel",
        "tel.",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "gsm",
        "phone",
        "mobile",
        "bel",
        "nummer",
    )
    header_keywords = (
        "telefoon",
        "telefoonnummer",
        "tel",
        "tel nr",
        "telnr",
        "mobiel",
        "mobielnummer",
        "gsm",
        "phone",
        "mobile",
        "pid-13",
        "pid-14",
        "nk1-5",
        "nk1-6",
        "com+te",
        "mob",
        "telefoonnr",
        "msisdn",  # (an SMS gateway's log: 31648392017, the plus dropped)
    )
    header_negative = ("fax", *OTHER_PARTY_HEADERS)
    shares_columns_with = ("email",)
    organisation_markers = (
        *ORGANISATION_MARKERS,
        # a service line's opening hours and an extension: an organisation's number
        "ma-vr", "ma - vr", "ma t/m vr", "ma. t/m vr", "maandag t/m vrijdag",
        "op werkdagen", "tijdens kantooruren", "toestel",
        # a department's line, as a lab's letter gives it (``Bel onze afdeling Uitslagen``)
        "bel onze", "onze afdeling",
    )  # fmt: skip
    sample_pass_rate = 0.9
    base_confidence = 0.9

    def header_claim(self, header: str, sample: Sequence[str]) -> tuple[bool, ColumnVerdict | None]:
        """A phone number's header words (:attr:`header_keywords`), and a message's
        recipients as an SMS gateway's log writes them (``recipients.items.0.recipient``,
        ``payload.recipient``: ``31653352999``, the plus dropped), claimed only where every
        value of the sample is such a number. ``recipient`` is no header word of a phone
        number: a letter's recipient is a person or an organisation (a CDA's
        ``informationRecipient``), whose column another detector reads."""
        decided, verdict = super().header_claim(header, sample)
        if decided or not sample or not _RECIPIENT_STEP.search(header):
            return decided, verdict
        if all(_MSISDN.fullmatch(str(v).strip()) for v in sample):
            return True, self.column_verdict(header, "msisdn")
        return decided, verdict

    def literals(self) -> Iterable[tuple[str, bool] | tuple[str, bool, str]]:
        return ((w, True, "label") for w in _OCR_LABELS)

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        """:meth:`Detector.find` at the numbers' hits; and after a phone label, a number
        whose digits an OCR engine read as letters (``tel 06-5333395O``,
        :mod:`breachscope.detect.ocrdigits`), where none was found as written."""
        ends = sorted({e for tag, group in hits.items() if tag != "label" for e in group})
        taken: set[int] = set()
        for found in self.find(view, ends):
            taken.add(found.start)
            yield found
        labels = hits.get("label", ())
        if labels:
            windows = view.hit_windows(sorted(labels), 0, _OCR_REACH)
            yield from misread(
                view, _OCR_NUMBER, windows, lambda t: as_digits(t, 6, 2.0), self.check, taken
            )

    def check(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """:meth:`Detector.check`, unless another number's label stands right before the
        value (``Factuurnummer: 0206123456`` has a landline's shape)."""
        before = view.lower[max(0, start - 24) : start]
        if any(w in before for w in _OTHER_NUMBER_WORDS) and _OTHER_NUMBER.search(before):
            return None
        if "\n" in raw:
            if not self._wrap_ok(view, start, end, raw):
                return None
            raw = _UNWRAP.sub("", raw)
        found = super().check(view, start, end, raw)
        if found is not None and on_practice_address_line(view, start):
            return None  # (a practice's number on its address line, as its address)
        return found

    def _wrap_ok(self, view: TextView, start: int, end: int, raw: str) -> bool:
        """A number over two lines: one break, in a line long enough to have been
        wrapped (:data:`~breachscope.detect.context.WRAPPED_LINE`), and a
        label before it (``bel``, ``mobiel``) or the line ending after the area code's
        hyphen or a mobile number's ``06`` (``020-`` over ``6241111``, ``06`` over
        ``12345678``). A number's groups over two short lines are a list's or a
        table's (``0612`` over ``3456789``)."""
        if raw.count("\n") != 1:
            return False
        brk = view.text.index("\n", start, end)
        line_start, line_end = view.line_bounds(brk - 1)
        if len(view.text[line_start:line_end].rstrip()) < WRAPPED_LINE:
            return False
        if _AREA_WRAPPED.match(raw):
            return True
        words = view.labelled(
            start, end, self.context_words, (), self.context_before, self.context_after
        )
        return bool(words)

    def validate_column(self, values: pa.Array, context: bool) -> pa.Array:
        """The common Dutch shapes in Arrow (:mod:`breachscope.detect.phonecolumn`),
        every other value through :meth:`validate` once per distinct value."""
        return by_distinct(
            values,
            lambda u: phone_column(u, context),
            lambda rest: super(PhoneDetector, self).validate_column(rest, context),
        )

    def validate(self, raw: str, context: bool) -> str | None:
        text = raw.strip()
        decided, value = strict_phone(text, context)  # the common Dutch shapes
        if decided:
            return value
        return self.validate_parsed(text, context)

    def validate_parsed(self, text: str, context: bool) -> str | None:
        """:meth:`validate` of a stripped value by ``phonenumbers`` (every shape)."""
        if not text or len(text) > 32 or any(c.isalpha() for c in text):
            return None
        if _DATE_LIKE.match(text):
            return None
        digits = "".join(c for c in text if c.isdigit())
        if text.startswith("00"):
            text = "+" + digits[2:]
        elif not text.startswith(("+", "0", "(0")):
            # a number without trunk or country prefix is only a phone number where a
            # column says so (spreadsheets drop the leading zero: 612345678)
            if context and len(digits) == 11 and digits.startswith("31") and digits[2] != "0":
                text = "+" + digits  # (a spreadsheet dropped the plus: 31612345678)
            elif not context or len(digits) != 9:
                return None
            else:
                text = "0" + digits
        return _e164(text) or (_mobile_shaped(text) if context else None)


def _mobile_shaped(text: str) -> str | None:
    """A Dutch mobile number's E.164 form where ``text`` has its shape, its range aside
    (:func:`~breachscope.detect.phonecolumn.mobile_shaped`), else None."""
    try:
        num = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    nsn = str(num.national_number)
    if num.country_code != 31 or num.extension or not mobile_shaped(nsn):
        return None
    return "+31" + nsn


@lru_cache(maxsize=65536)
def _e164(text: str) -> str | None:
    """A valid number in E.164 (region NL), else None; memoised (phonenumbers is slow)."""
    try:
        num = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
