"""Identifiers of the synthetic world: BSNs, lab numbers, barcodes, phones, AGB codes, IBANs.

Unique identifiers come from seeded affine permutations of an index (person, sample or GP
number), so they are unique without remembering the ones already handed out: memory stays
flat however many people are drawn.

BSNs never start with ``2`` (first digit 0, 1, 3..9; about 6 % start with 0) and lab
numbers always start with the sample year (``22``..``25``), so a lab number is never
anyone's BSN even when it passes the elfproef, as about 1 in 11 do.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from stdnum import iban as std_iban

BSN_SPACE = 85_000_000
"""Number of 8-digit BSN prefixes in use (see :func:`bsn_prefix`)."""
BSN_ATTEMPTS = 6
MAX_PEOPLE = BSN_SPACE // BSN_ATTEMPTS
"""Most people (regular and bulk together) that get distinct BSNs."""
LAB_SERIALS = 10_000_000
BARCODE_SPACE = 10_000_000_000
MOBILE_SPACE = 50_000_000
"""Mobile numbers 06-1xxxxxxx .. 06-5xxxxxxx."""
AGB_SPACE = 1_000_000

BANK_CODES = ("ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ", "RBRB", "FVLB")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def _coprime_multiplier(rng: random.Random, modulus: int) -> int:
    while True:
        m = rng.randrange(modulus // 3, modulus)
        if math.gcd(m, modulus) == 1:
            return m


def bsn_check_digit(prefix8: str) -> int | None:
    """The ninth digit that makes ``prefix8`` a valid BSN, or None when none does."""
    total = sum(w * int(d) for w, d in zip(_BSN_WEIGHTS, prefix8, strict=True))
    check = total % 11
    return None if check == 10 else check


def passes_elfproef(number: str) -> bool:
    """The BSN elfproef on a 9-digit string (also true for some lab numbers)."""
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(w * int(d) for w, d in zip(_BSN_WEIGHTS, number, strict=False))
    return (total - int(number[8])) % 11 == 0


def bsn_prefix(p: int) -> int:
    """Map ``p`` in ``[0, BSN_SPACE)`` onto an 8-digit prefix whose first digit is not 2."""
    return p + 5_000_000 if p < 15_000_000 else p + 15_000_000


@dataclass(frozen=True, slots=True)
class IdSpace:
    """Seeded permutations that hand out unique identifiers by index."""

    bsn_mul: int
    bsn_add: int
    lab_mul: int
    lab_add: int
    barcode_mul: int
    barcode_add: int
    mobile_mul: int
    mobile_add: int
    agb_mul: int
    agb_add: int

    @classmethod
    def from_seed(cls, seed: int) -> IdSpace:
        rng = random.Random(f"breachscope-ids-{seed}")
        return cls(
            bsn_mul=_coprime_multiplier(rng, BSN_SPACE),
            bsn_add=rng.randrange(BSN_SPACE),
            lab_mul=_coprime_multiplier(rng, LAB_SERIALS),
            lab_add=rng.randrange(LAB_SERIALS),
            barcode_mul=_coprime_multiplier(rng, BARCODE_SPACE),
            barcode_add=rng.randrange(BARCODE_SPACE),
            mobile_mul=_coprime_multiplier(rng, MOBILE_SPACE),
            mobile_add=rng.randrange(MOBILE_SPACE),
            agb_mul=_coprime_multiplier(rng, AGB_SPACE),
            agb_add=rng.randrange(AGB_SPACE),
        )

    def bsn(self, person_index: int) -> str | None:
        """A valid BSN unique to ``person_index`` (None in the rare case none was found)."""
        if not 0 <= person_index < MAX_PEOPLE:
            raise ValueError(f"person index out of range (at most {MAX_PEOPLE} people)")
        for attempt in range(BSN_ATTEMPTS):
            j = person_index * BSN_ATTEMPTS + attempt
            prefix = f"{bsn_prefix((self.bsn_mul * j + self.bsn_add) % BSN_SPACE):08d}"
            check = bsn_check_digit(prefix)
            if check is not None:
                return f"{prefix}{check}"
        return None

    def lab_number(self, sample_index: int, year: int) -> str:
        """9 digits: two-digit year and a serial unique to ``sample_index``."""
        serial = (self.lab_mul * sample_index + self.lab_add) % LAB_SERIALS
        return f"{year % 100:02d}{serial:07d}"

    def barcode(self, sample_index: int) -> str:
        """Screening barcode as printed on the invitation sticker: ``BVO`` + 10 digits."""
        return f"BVO{(self.barcode_mul * sample_index + self.barcode_add) % BARCODE_SPACE:010d}"

    def mobile(self, person_index: int) -> str:
        """A mobile number in E.164 (``+316`` + 8 digits), unique to ``person_index``."""
        x = (self.mobile_mul * person_index + self.mobile_add) % MOBILE_SPACE
        return f"+316{x + 10_000_000:08d}"

    def agb(self, gp_index: int) -> str:
        """A GP AGB code: ``01`` + 6 digits, unique to ``gp_index``."""
        return f"01{(self.agb_mul * gp_index + self.agb_add) % AGB_SPACE:06d}"


def landline(rng: random.Random, area_code: str) -> str:
    """A landline in E.164 for an area code written with its leading zero."""
    rest = 9 - (len(area_code) - 1)
    first = str(rng.randint(2, 9))
    tail = "".join(rng.choice("0123456789") for _ in range(rest - 1))
    return f"+31{area_code[1:]}{first}{tail}"


def nl_iban(rng: random.Random) -> str:
    """A Dutch IBAN with valid MOD-97 check digits (``NLkk BANK 0123456789``)."""
    bank = rng.choice(BANK_CODES)
    account = f"{rng.randrange(10**9, 10**10):010d}"
    bban = f"{bank}{account}"
    check = std_iban.calc_check_digits(f"NL00{bban}")
    return f"NL{check}{bban}"


def kvk_number(rng: random.Random) -> str:
    """An 8-digit Chamber of Commerce number (no checksum is published)."""
    return f"{rng.randrange(10_000_000, 100_000_000)}"


def elfproef_number(rng: random.Random, first_digit: str = "2") -> str:
    """A 9-digit number passing the elfproef whose first digit is no BSN's (decoys)."""
    while True:
        prefix = first_digit + "".join(rng.choice("0123456789") for _ in range(7))
        check = bsn_check_digit(prefix)
        if check is not None:
            return f"{prefix}{check}"
