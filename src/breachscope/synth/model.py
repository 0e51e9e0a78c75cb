"""The synthetic world: people, GPs, samples, and the rendered (noisy) form of a mention.

The generator first draws a population of :class:`Person` values (the truth), then renders
each appearance of a person in a file as a :class:`Rendered` record: the strings exactly as
they are written into that file, after noise (typos, name forms, date forms...). Format
writers only ever see :class:`Rendered` records and file-level context, so every format
writes the same kinds of values and the truth knows which person each record belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    house_number: int
    suffix: str
    """House-number suffix as written after the number: '', 'A', 'bis', '-2', ' II'."""
    postcode: str
    """Canonical ``1234AB`` (no space)."""
    city: str

    @property
    def house(self) -> str:
        """House number with suffix, as usually written (``12A``, ``7-2``, ``3 bis``)."""
        if not self.suffix:
            return str(self.house_number)
        if self.suffix.isalpha() and len(self.suffix) == 1:
            return f"{self.house_number}{self.suffix}"
        if self.suffix.startswith(("-", " ")):
            return f"{self.house_number}{self.suffix}"
        return f"{self.house_number} {self.suffix}"


@dataclass(frozen=True, slots=True)
class GP:
    """A referring care provider (huisarts)."""

    agb: str
    """8-digit AGB code; GPs start with ``01``."""
    initials: str
    prefix: str
    """Tussenvoegsel ('' , 'van', 'de', 'van der' ...)."""
    surname: str
    practice: str
    address: Address
    phone: str
    """Canonical E.164."""

    @property
    def name(self) -> str:
        """Canonical display name, e.g. ``A.B. van der Berg``."""
        core = f"{self.prefix} {self.surname}".strip()
        return f"{self.initials} {core}"


@dataclass(frozen=True, slots=True)
class Sample:
    sample_id: str
    """Internal sample key, unique in the world."""
    lab_number: str
    """9-digit lab number; about 1 in 11 pass the elfproef and are NOT BSNs."""
    barcode: str
    """Screening barcode from the invitation sticker (e.g. ``BVO`` + 10 digits)."""
    sample_date: date
    report_date: date
    test_type: str
    """``uitstrijkje`` (GP smear) or ``zelfafnameset`` (self-sampling kit, ZAS); other
    patients: ``urine``, ``huid``, ``wond``, ``soa`` ..."""
    hpv: str | None
    """``positief`` / ``negatief`` (hrHPV) or None for non-screening tests."""
    genotype: str | None
    """``HPV16``, ``HPV18``, ``overig`` when positive."""
    pap: str | None
    """Pap class when cytology was done (``Pap 1`` ... ``Pap 5``, ``Pap 3a2``)."""
    kopac: str | None
    """KOPAC-B code when cytology was done, e.g. ``K1 O1 P1 A1 C1 B1``."""
    result_text: str
    """The result as one Dutch line, e.g. ``hrHPV positief (HPV16), Pap 2``."""
    gp: GP


@dataclass(frozen=True, slots=True)
class Person:
    """One real person of the synthetic world: the exact truth."""

    person_id: str
    """Stable id, ``P`` + 7 digits."""
    role: str
    """``patient`` (screening participant), ``other_patient`` or ``staff``."""
    sex: str
    """``F`` or ``M``."""
    given_names: tuple[str, ...]
    birth_prefix: str
    birth_surname: str
    partner_prefix: str | None
    partner_surname: str | None
    """Set for married women: they appear under birth, partner or 'Partner-Birth' names."""
    date_of_birth: date
    bsn: str | None
    """9-digit BSN, or None for people without one anywhere."""
    addresses: tuple[Address, ...]
    """Address history, oldest first; people who moved have more than one."""
    phone: str | None
    """Canonical E.164 (``+31612345678``)."""
    email: str | None
    iban: str | None
    """Staff only (payroll)."""
    gp: GP | None
    samples: tuple[Sample, ...] = field(default=())

    @property
    def initials(self) -> str:
        return "".join(f"{g[0]}." for g in self.given_names)

    @property
    def birth_name(self) -> str:
        return f"{self.birth_prefix} {self.birth_surname}".strip()

    @property
    def partner_name(self) -> str | None:
        if not self.partner_surname:
            return None
        return f"{self.partner_prefix or ''} {self.partner_surname}".strip()

    @property
    def address(self) -> Address:
        """Latest address."""
        return self.addresses[-1]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One appearance of a person in a file, as written there (all strings, noise applied).

    Empty string means the value is absent from this mention. Which data classes a
    mention exposes depends on what the writer puts in the file: see
    :class:`breachscope.synth.writer.TruthMention`.
    """

    person_id: str
    name: str
    """The name as one string in the style chosen for this mention (e.g.
    ``Jansen-de Vries, J.M.``, ``MARIEKE DE VRIES``, ``mevr. J. Jansen``)."""
    surname: str
    """Surname part alone, as written (for files with separate name columns)."""
    prefix: str
    """Tussenvoegsel alone, as written (for files with a separate prefix column)."""
    given: str
    """Given names or initials, as written."""
    date_of_birth: str
    bsn: str
    street: str
    house: str
    postcode: str
    city: str
    phone: str
    email: str
    gp_name: str
    gp_agb: str
    sample: Sample | None
    sample_date: str
    """Sample date as written (a decoy for date-of-birth detection)."""
    iban: str = ""
    """Staff only: the IBAN as written (payroll files)."""
