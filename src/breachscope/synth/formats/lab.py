"""The (fictional) laboratory whose files the writers produce.

Every writer takes ``lab: Lab = DEFAULT_LAB``. A lab is an organisation, not a person: its
phone number, e-mail domain, KvK number and IBAN appear in letterheads and are never
truth mentions (they are realistic false-positive bait for detectors).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lab:
    name: str
    code: str
    """Short code used as sending facility (HL7 MSH-4, EDIFACT UNB sender)."""
    street: str
    postcode: str
    city: str
    phone: str
    domain: str
    """E-mail and web domain."""
    kvk: str
    iban: str
    department: str = "Afdeling Pathologie en Moleculaire Diagnostiek"

    @property
    def address_line(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"

    @property
    def results_email(self) -> str:
        return f"uitslagen@{self.domain}"


DEFAULT_LAB = Lab(
    name="Diagnostisch Laboratorium Haaglanden-West",
    code="DLHW",
    street="Laboratoriumweg 14",
    postcode="2288 EZ",
    city="Rijswijk",
    phone="070 - 307 44 00",
    domain="dlhw-lab.nl",
    kvk="27184355",
    iban="NL04RABO0315274621",
)
