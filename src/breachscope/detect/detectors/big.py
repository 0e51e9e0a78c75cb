"""BIG numbers (register of healthcare professionals, CIBG): 11 digits, no checksum; only
under a BIG label or column. Numeric columns lose leading zeros, so shorter values are
left-padded under a BIG header. Class ``provider``, kind ``provider_big``."""

from __future__ import annotations

from breachscope.detect.base import Detector


class BigDetector(Detector):
    id = "big"
    data_class = "provider"
    kind = "provider_big"
    patterns = (r"\b\d{9,11}\b",)
    regex = r"(?<![\w\-.])(?P<v>\d{9,11})(?![\w]|[\-.]\d)"
    max_len = 12
    context_words = (
        "big",
        "big-nummer",
        "big nummer",
        "big-nr",
        "big-registratie",
        "big-registratienummer",
        "big register",
    )
    context_required = True
    context_before = 32
    header_keywords = ("big", "big nummer", "bignummer", "big nr", "big registratie")
    sample_pass_rate = 2.0
    identifier_systems = (
        "http://fhir.nl/fhir/namingsystem/big",
        "https://www.bigregister.nl/",
        "urn:oid:2.16.528.1.1007.5.1",
        "2.16.528.1.1007.5.1",
    )
    base_confidence = 0.9
    priority = 1

    def validate(self, raw: str, context: bool) -> str | None:
        if not raw.isdigit() or not raw.isascii() or not 9 <= len(raw) <= 11:
            return None
        return raw.zfill(11) if context else (raw if len(raw) == 11 else None)
