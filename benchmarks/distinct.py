"""An export where every row is a different person, made from a corpus's truth.

The synthetic dump's large results export repeats its people (about 14,000 distinct names
in 80,000 rows of the 8x corpus), so its speed hides what a distinct value costs. This
export has one row per synthetic person - name, initials, date of birth, BSN, street,
house number, postcode, city, phone, e-mail and a full address - written once per corpus
into its own folder, so that table detection can be timed on it alone.
"""

from __future__ import annotations

import csv
from pathlib import Path

from benchmarks.corpus import Corpus

FOLDER = "distinct"
NAME = "export_patienten.csv"
HEADER = (
    "achternaam", "voornamen", "voorletters", "geboortedatum", "bsn", "straat",
    "huisnummer", "postcode", "woonplaats", "telefoon", "email", "adres",
)  # fmt: skip


def ensure_export(corpus: Corpus) -> Path:
    """The folder holding the distinct-people export of ``corpus`` (written once)."""
    folder = corpus.root / FOLDER
    target = folder / NAME
    if target.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(".part")
    with (
        (corpus.truth / "persons.csv").open(encoding="utf-8", newline="") as src,
        part.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for p in csv.DictReader(src):
            if p["role"] != "patient" or not p["surname"]:
                continue
            postcode = p["postcode"]
            spaced = f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode
            address = f"{p['street']} {p['house_number']}, {spaced} {p['city']}"
            writer.writerow(
                [
                    p["surname"], p["given_names"], p["initials"], p["date_of_birth"],
                    p["bsn"], p["street"], p["house_number"], postcode, p["city"],
                    p["phone"], p["email"], address if p["street"] else "",
                ]
            )  # fmt: skip
    part.replace(target)
    return folder
