"""Source code of the lab's export tooling: a Python script and a SQL schema.

Holds the words a detector keys on (``bsn``, ``geboortedatum``, ``postcode``) and test
constants that pass the elfproef, but no person: the constants start with 2, a first digit
no generated BSN has.
"""

from __future__ import annotations

import random

from breachscope.synth.identifiers import elfproef_number

_SCRIPT = '''"""Nightly export of screening results to the regional GP portal."""

import csv
import datetime as dt

TEST_BSNS = ("{bsn1}", "{bsn2}")  # test persons in the acceptance environment
EXPORT_COLUMNS = ["bsn", "achternaam", "voorletters", "geboortedatum", "postcode", "uitslag"]
BATCH_SIZE = {batch}


def elfproef(bsn: str) -> bool:
    digits = [int(c) for c in bsn.zfill(9)]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]
    return total % 11 == 0


def export(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS, delimiter=";")
        out.writeheader()
        for row in rows:
            if row["bsn"] in TEST_BSNS or not elfproef(row["bsn"]):
                continue
            row["geboortedatum"] = dt.date.fromisoformat(row["geboortedatum"]).strftime("%d-%m-%Y")
            out.writerow(row)


if __name__ == "__main__":
    print("run from the scheduler, see README")
'''

_SCHEMA = """-- schema of the screening results database (version {version})
CREATE TABLE patient_uitslag (
    id            INTEGER PRIMARY KEY,
    bsn           CHAR(9),        -- burgerservicenummer, elfproef checked on import
    achternaam    VARCHAR(80) NOT NULL,
    tussenvoegsel VARCHAR(20),
    voorletters   VARCHAR(20),
    geboortedatum DATE,
    postcode      VARCHAR(7),
    labnummer     CHAR(9),        -- e.g. {lab}
    uitslag       VARCHAR(200)
);
CREATE INDEX idx_uitslag_bsn ON patient_uitslag (bsn);
-- test row used by the CI pipeline (not a real person)
-- INSERT INTO patient_uitslag (bsn, achternaam) VALUES ('{bsn1}', 'Testpersoon');
"""


def write_script(rng: random.Random) -> bytes:
    return _SCRIPT.format(
        bsn1=elfproef_number(rng), bsn2=elfproef_number(rng), batch=rng.choice((500, 1000, 5000))
    ).encode("utf-8")


def write_schema(rng: random.Random) -> bytes:
    return _SCHEMA.format(
        version=f"3.{rng.randint(0, 9)}.{rng.randint(0, 20)}",
        lab=elfproef_number(rng, first_digit="2"),
        bsn1=elfproef_number(rng),
    ).encode("utf-8")
