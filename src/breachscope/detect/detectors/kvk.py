"""KvK numbers (Chamber of Commerce): 8 digits under a KvK label. A KvK number names a
company, which the data-class vocabulary does not cover, so KvK hits are context only
(``emit = False``): they mark invoices and letterheads as company documents, where IBANs,
addresses and phone numbers are the company's."""

from __future__ import annotations

from breachscope.detect.base import Detector


class KvkDetector(Detector):
    id = "kvk"
    data_class = "provider"
    kind = "company_kvk"
    emit = False
    patterns = (r"\b\d{8}\b", r"\b\d{4} ?\d{4}\b", r"\b\d{12}\b")
    regex = r"(?<![\w\-.])(?P<v>\d{8}|\d{4} \d{4}|\d{12})(?![\w]|[\-.]\d)"
    max_len = 14
    context_words = (
        "kvk",
        "kvk-nummer",
        "kvk nummer",
        "kvk nr",
        "kvk-nr",
        "kamer van koophandel",
        "handelsregister",
        "chamber of commerce",
        "vestigingsnummer",
        "coc",
    )
    context_required = True
    context_before = 32
    header_keywords = (
        "kvk",
        "kv k",  # (``KvK``, ``KvKnr``: the capital K splits the word)
        "kvk nummer",
        "kvknummer",
        "handelsregister",
        "kamer van koophandel",
        "chamber of commerce",
        "vestigingsnummer",
    )
    sample_pass_rate = 2.0
    base_confidence = 0.9
    priority = 1

    def validate(self, raw: str, context: bool) -> str | None:
        digits = raw.replace(" ", "")
        return digits if digits.isdigit() and len(digits) in (8, 12) else None
