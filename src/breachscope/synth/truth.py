"""The ground truth of a synthetic dump, written incrementally to ``OUT/truth/``.

``persons.csv`` (one row per affected person), ``mentions.csv`` (one row per appearance),
``files.csv`` (one row per file and per archive/e-mail member) and ``summary.json``.
The format is documented in ``docs/synth.md``; :data:`TRUTH_FORMAT_VERSION` names it.

Mentions are recorded file by file; a person's row is written once all files that can
mention them are done (:meth:`TruthWriter.flush_people`), so memory holds one chunk of
people at a time.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from breachscope.location import ARCHIVE_SEP, Location
from breachscope.synth.model import Person
from breachscope.synth.writer import TruthMention
from breachscope.vocabulary import DATA_CLASSES, join_classes

TRUTH_FORMAT_VERSION = 1
TIER = "confirmed"
PERSON_COLUMNS = (
    "person_id",
    "role",
    "tier",
    "surname",
    "given_names",
    "initials",
    "date_of_birth",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
    "phone",
    "email",
    "provider_agb",
    "provider_name",
    "data_classes",
    "n_mentions",
    "sources",
    "birth_surname",
    "partner_surname",
    "all_postcodes",
)
MENTION_COLUMNS = ("person_id", "file", "locator", "data_classes")
FILE_COLUMNS = ("path", "kind", "decoy", "n_mentions")


@dataclass
class _Tally:
    classes: set[str] = field(default_factory=set)
    n: int = 0
    sources: dict[str, None] = field(default_factory=dict)


@dataclass
class Summary:
    """Counts of a generated dump (also written as ``truth/summary.json``)."""

    format_version: int
    seed: int
    people: int
    """Size of the drawn population (not all are affected)."""
    bulk_rows: int
    affected: int = 0
    affected_by_role: dict[str, int] = field(default_factory=dict)
    affected_by_class: dict[str, int] = field(default_factory=dict)
    files: int = 0
    files_by_kind: dict[str, int] = field(default_factory=dict)
    decoy_files: int = 0
    mentions: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"


def person_row(person: Person, classes: Iterable[str], n: int, sources: Iterable[str]) -> list[str]:
    """The ``persons.csv`` row of ``person`` (latest address; surname = birth name)."""
    a = person.address
    gp = person.gp
    return [
        person.person_id,
        person.role,
        TIER,
        person.birth_name,
        " ".join(person.given_names),
        person.initials,
        person.date_of_birth.isoformat(),
        person.bsn or "",
        a.street,
        a.house,
        a.postcode,
        a.city,
        person.phone or "",
        person.email or "",
        gp.agb if gp else "",
        gp.name if gp else "",
        join_classes(classes),
        str(n),
        ";".join(sources),
        person.birth_name,
        person.partner_name or "",
        ";".join(dict.fromkeys(x.postcode for x in person.addresses)),
    ]


class TruthWriter:
    """Streams truth rows to ``root`` (the ``truth`` folder) and keeps the counts."""

    def __init__(self, root: Path, summary: Summary) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.summary = summary
        self._raw: dict[str, io.TextIOWrapper] = {}
        self._persons = self._open("persons.csv", PERSON_COLUMNS)
        self._mentions = self._open("mentions.csv", MENTION_COLUMNS)
        self._files = self._open("files.csv", FILE_COLUMNS)
        self._tallies: dict[str, _Tally] = {}
        self._roles: Counter[str] = Counter()
        self._classes: Counter[str] = Counter()
        self._kinds: Counter[str] = Counter()

    def _open(self, name: str, header: Sequence[str]) -> Any:
        fh = (self.root / name).open("w", encoding="utf-8", newline="")
        self._raw[name] = fh
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        return out

    def record_file(
        self,
        path: str,
        kind: str,
        mentions: Sequence[TruthMention],
        *,
        decoy: bool = False,
        members: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Record a written file (path inside the dump) with its mentions and members.

        ``members`` are ``(member path, kind)`` pairs, nested members joined with ``!/``;
        a row's ``n_mentions`` counts the mentions at or below its path.
        """
        if decoy and mentions:
            raise ValueError("a decoy file holds no mentions")
        rows = []
        for m in mentions:
            file = path if m.member is None else f"{path}{ARCHIVE_SEP}{m.member}"
            rows.append(
                (m.person_id, file, str(Location(file, m.part, m.row)), join_classes(m.classes))
            )
            tally = self._tallies.get(m.person_id)
            if tally is None:
                tally = self._tallies[m.person_id] = _Tally()
            tally.classes.update(m.classes)
            tally.n += 1
            tally.sources[file] = None
        self._mentions.writerows(rows)
        self.summary.mentions += len(rows)
        self._file_row(path, kind, decoy, len(rows))
        for member, member_kind in members:
            full = f"{path}{ARCHIVE_SEP}{member}"
            n = sum(1 for r in rows if r[1] == full or r[1].startswith(full + ARCHIVE_SEP))
            self._file_row(full, member_kind, decoy, n)

    def _file_row(self, path: str, kind: str, decoy: bool, n: int) -> None:
        self._files.writerow([path, kind, "true" if decoy else "false", n])
        self.summary.files += 1
        self.summary.decoy_files += decoy
        self._kinds[kind] += 1

    def flush_people(self, people: Iterable[Person]) -> None:
        """Write the rows of those of ``people`` who were mentioned, and forget them."""
        rows = []
        for person in people:
            tally = self._tallies.pop(person.person_id, None)
            if tally is None:
                continue
            rows.append(person_row(person, tally.classes, tally.n, tally.sources))
            self._count(person.role, tally.classes)
        self._persons.writerows(rows)

    def write_raw(
        self,
        table: str,
        data: bytes,
        n: int,
        *,
        role: str = "patient",
        counts: dict[str, int] | None = None,
    ) -> None:
        """Append ``n`` CSV rows built elsewhere (the bulk part) to ``persons`` or
        ``mentions``; persons come with their per-class counts."""
        if table == "persons":
            self._write_bytes("persons.csv", data)
            self.summary.affected += n
            self._roles[role] += n
            self._classes.update(counts or {})
        elif table == "mentions":
            self._write_bytes("mentions.csv", data)
            self.summary.mentions += n
        else:
            raise ValueError(f"unknown truth table {table!r}")

    def _write_bytes(self, name: str, data: bytes) -> None:
        fh = self._raw[name]
        fh.flush()
        fh.buffer.write(data)

    def add_file_row(self, path: str, kind: str, n_mentions: int) -> None:
        self._file_row(path, kind, False, n_mentions)

    def _count(self, role: str, classes: Iterable[str]) -> None:
        self.summary.affected += 1
        self._roles[role] += 1
        self._classes.update(classes)

    @property
    def pending(self) -> int:
        """People with mentions whose row is not written yet."""
        return len(self._tallies)

    def close(self) -> Summary:
        """Close the CSV files and write ``summary.json``."""
        if self._tallies:
            raise RuntimeError(f"{len(self._tallies)} mentioned people were never flushed")
        for fh in self._raw.values():
            fh.close()
        s = self.summary
        s.affected_by_role = dict(sorted(self._roles.items()))
        s.affected_by_class = {c: self._classes[c] for c in DATA_CLASSES}
        s.files_by_kind = dict(sorted(self._kinds.items()))
        (self.root / "summary.json").write_text(s.to_json(), encoding="utf-8")
        return s
