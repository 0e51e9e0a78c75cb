"""UZI numbers (healthcare professional card register): 9 digits, no checksum; only under
an UZI label or column. Class ``provider``, kind ``provider_uzi``."""

from __future__ import annotations

from breachscope.detect.base import Detector


class UziDetector(Detector):
    id = "uzi"
    data_class = "provider"
    kind = "provider_uzi"
    patterns = (r"\b\d{8,9}\b",)
    regex = r"(?<![\w\-.])(?P<v>\d{8,9})(?![\w]|[\-.]\d)"
    max_len = 10
    context_words = ("uzi", "uzi-nummer", "uzi nummer", "uzi-nr", "uzinummer", "uzi-pas", "uzi pas")
    context_required = True
    context_before = 32
    header_keywords = ("uzi", "uzi nummer", "uzinummer", "uzi nr")
    sample_pass_rate = 2.0
    identifier_systems = (
        "http://fhir.nl/fhir/namingsystem/uzi-nr-pers",
        "urn:oid:2.16.528.1.1007.3.1",
        "2.16.528.1.1007.3.1",
    )
    base_confidence = 0.9
    priority = 1

    def validate(self, raw: str, context: bool) -> str | None:
        if not raw.isdigit() or not raw.isascii():
            return None
        return raw.zfill(9) if context and len(raw) in (8, 9) else None
