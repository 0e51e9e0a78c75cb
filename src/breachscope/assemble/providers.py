"""Names of care providers known anywhere in the case, to keep GPs out of the people.

Detectors label a GP's name a provider where they see the cue ("huisarts", an AGB code, a
GP column), but in a letter the same GP may appear as a plain name. Every provider name
the case holds (``provider_name`` values, and ``provider_surname`` + ``provider_initials``
of one directory row) is remembered as initials + surname cores; a free-text name with
the same surname cores and compatible initials is then read as that provider.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from breachscope.assemble.names import combine, fold, parse_name, surname_cores
from breachscope.location import Location

Key = tuple[str, frozenset[str]]


def _key(initials: str | None, surname: str | None) -> Key | None:
    cores = frozenset(surname_cores(surname or ""))
    letters = "".join(c for c in fold(initials or "") if c.isalpha())
    return (letters, cores) if cores and letters else None


@lru_cache(maxsize=1 << 14)
def name_key(value: str) -> Key | None:
    """Initials letters and surname cores of a written name (None without initials)."""
    p = parse_name(value)
    return _key(p.initials, p.surname)


@dataclass
class ProviderNames:
    keys: dict[frozenset[str], set[str]] = field(default_factory=dict)
    """Surname cores -> initials seen with them."""

    def add(self, key: Key | None) -> None:
        if key is not None:
            self.keys.setdefault(key[1], set()).add(key[0])

    def matches(self, value: str) -> bool:
        key = name_key(value)
        if key is None:
            return False
        letters, cores = key
        known = self.keys.get(cores, ())
        return any(k.startswith(letters) or letters.startswith(k) for k in known)


def known_providers(findings: Iterable[tuple[str, str, str]]) -> ProviderNames:
    """From (kind, value, location) of the case's provider findings."""
    names = ProviderNames()
    rows: dict[str, dict[str, str]] = defaultdict(dict)
    for kind, value, location in findings:
        k = kind.lower()
        if k in ("provider_name", "gp_name", "provider"):
            names.add(name_key(value))
        elif k in ("provider_surname", "provider_initials", "provider_prefix"):
            loc = Location.parse(location)
            rows[str(Location(loc.path, loc.part, loc.row))][k] = value
    for parts in rows.values():
        p = combine(surname=parts.get("provider_surname"), prefix=parts.get("provider_prefix"),
                    initials=parts.get("provider_initials"))  # fmt: skip
        names.add(_key(p.initials, p.surname))
    return names
