"""AGB codes (Vektis care-provider codes): 8 digits, no published checksum, so only where
a label or a column says AGB. They name a care provider, never a patient: class
``provider``, kind ``provider_agb``."""

from __future__ import annotations

from breachscope.detect.base import Detector


class AgbDetector(Detector):
    id = "agb"
    data_class = "provider"
    kind = "provider_agb"
    patterns = (
        r"\b\d{8}\b",
        r"\b\d{2}[\-. ]\d{6}\b",
        r"\b\d{2}[\-. ]\d{2}[\-. ]\d{2}[\-. ]?\d{2}\b",
        r"\b\d{4} \d{4}\b",
    )
    regex = (
        r"(?<![\w\-.])(?P<v>\d{8}|\d{2}[\-. ]\d{6}|\d{2}([\-. ])\d{2}\2\d{2}\2?\d{2}|\d{4} \d{4})"
        r"(?![\w]|[\-.]\d)"
    )
    """Eight digits, also as people group them (``01-234567``, ``01.01.23.45``,
    ``01-07-7812``, ``0101 2345``); always after an AGB label."""
    max_len = 10
    context_words = ("agb", "agb-code", "agb code", "agbcode", "vektis", "zorgverlenerscode")
    context_required = True
    context_before = 32
    header_keywords = (
        "agb",
        "agb code",
        "agbcode",
        "zorgverlenerscode",
        "zorgverlener code",
        "vektis",
        "provider code",
        "orc-12.1",
        "obr-16.1",
        "pv1-8.1",
        "pv1-9.1",
        "pv1-7.1",
        "pv1-17.1",
        "pd1-4.1",
        "obr-28.1",
        "rff+agb",
        "nad+po-2",
    )
    sample_pass_rate = 2.0
    identifier_systems = (
        "http://fhir.nl/fhir/namingsystem/agb-z",  # a FHIR Practitioner's or Organization's
        "urn:oid:2.16.840.1.113883.2.4.6.1",
        "2.16.840.1.113883.2.4.6.1",  # an HL7 v3 id's root
    )
    base_confidence = 0.93
    priority = 1

    def validate(self, raw: str, context: bool) -> str | None:
        digits = "".join(c for c in raw if c.isdigit())
        if len(digits) == 7 and context:
            digits = "0" + digits
        return digits if len(digits) == 8 and digits.isascii() else None
