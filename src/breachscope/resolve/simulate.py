"""Synthetic mentions with known people, for tests and benchmarks of the resolver.

People come from the synth population (:mod:`breachscope.synth.population`) and are
written with the synth noise model (:mod:`breachscope.synth.noise`): name forms, married
names (birth, partner or ``Partner-Birth``), surname typos, old addresses after a move,
BSNs that lost their leading zero, missing fields. Each mention is turned into findings
and assembled by :func:`breachscope.assemble.build.build_mention`, so a simulated mention
looks exactly like one assembled from a scan, without writing or scanning files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pyarrow as pa

from breachscope.assemble.build import Piece, build_mention
from breachscope.assemble.schema import MENTIONS_SCHEMA
from breachscope.synth.layout import plan_chunk
from breachscope.synth.model import Person, Rendered
from breachscope.synth.noise import draw_style, render
from breachscope.synth.population import chunks, draw_chunk, make_world

# channel -> (style family, fields written, chance each optional field is left out)
CHANNELS: dict[str, tuple[str, frozenset[str], float]] = {
    "lims_csv": ("csv", frozenset({"dob", "bsn", "address", "gp", "health"}), 0.05),
    "archive": ("csv", frozenset({"dob", "bsn", "address", "gp", "health"}), 0.05),
    "sql_dump": ("sql", frozenset({"dob", "bsn", "address", "phone", "email", "gp", "health"}),
                 0.05),
    "xlsx": ("sheet", frozenset({"dob", "bsn", "postcode", "health"}), 0.05),
    "api_log": ("json", frozenset({"dob", "bsn", "address", "phone", "email"}), 0.1),
    "hl7": ("message", frozenset({"dob", "bsn", "address", "phone", "email", "gp", "health"}),
            0.05),
    "edifact": ("message", frozenset({"dob", "address", "gp", "health"}), 0.05),
    "pdf_report": ("document", frozenset({"dob", "bsn", "address", "gp", "health"}), 0.15),
    "text_log": ("document", frozenset({"dob", "bsn", "address", "health"}), 0.3),
    "docx_letter": ("document", frozenset({"dob", "address", "health"}), 0.2),
    "eml": ("document", frozenset({"dob", "bsn", "health"}), 0.4),
}  # fmt: skip
RECORDS_PER_FILE = 200


@dataclass(frozen=True, slots=True)
class Simulated:
    mentions: pa.Table
    """Assembled mentions (:data:`MENTIONS_SCHEMA`)."""
    truth: list[str]
    """The true person id of every mention, in row order."""
    people: int


def _pieces(r: Rendered, fields: frozenset[str], family: str, omit: float,
            rng: random.Random) -> list[Piece]:  # fmt: skip
    out: list[Piece] = []

    def add(dc: str, kind: str, value: str) -> None:
        if value:
            out.append(Piece(dc, kind, "sim", value, f"sim#{len(out)}", 0.9, len(out),
                             len(out)))  # fmt: skip

    if family == "document" or rng.random() < 0.5:
        add("name", "full_name", r.name)
    else:
        add("name", "surname", f"{r.prefix} {r.surname}".strip())
        add("name", "initials" if "." in r.given or len(r.given) <= 3 else "given_names", r.given)

    def keep(field: str) -> bool:
        return field in fields and rng.random() >= omit

    if "dob" in fields and rng.random() >= 0.02:
        add("date_of_birth", "date_of_birth", r.date_of_birth)
    if keep("bsn"):
        add("bsn", "bsn", r.bsn)
    if keep("address"):
        add("address", "street", r.street)
        add("address", "house_number", r.house)
        add("address", "postcode", r.postcode)
        add("address", "city", r.city)
    elif keep("postcode"):
        add("address", "postcode", r.postcode)
    if keep("phone"):
        add("phone", "phone", r.phone)
    if keep("email"):
        add("email", "email", r.email)
    if keep("gp"):
        add("provider", "provider_name", r.gp_name)
        add("provider", "provider_agb", r.gp_agb)
    if "health" in fields and r.sample is not None:
        add("health", "hpv", r.sample.result_text)
    return out


def simulate(people: int, seed: int, chunk_size: int = 5000) -> Simulated:
    """Mentions of ``people`` synthetic people (about 2.4 mentions each)."""
    world = make_world(seed, people)
    tables: list[pa.Table] = []
    truth: list[str] = []
    for chunk, start, count in chunks(people, chunk_size):
        rows: list[dict[str, object]] = []
        persons = draw_chunk(world, chunk, start, count)
        rng = random.Random(f"breachscope-sim-{seed}-{chunk}")
        plan = plan_chunk(persons, rng)
        for channel, items in plan.items():
            family, fields, omit = CHANNELS[channel]
            for f0 in range(0, len(items), RECORDS_PER_FILE):
                style = draw_style(rng, family)
                path = f"{channel}/c{chunk}-f{f0}"
                for i, (person, sample) in enumerate(items[f0 : f0 + RECORDS_PER_FILE]):
                    rendered = render(person, sample, style, rng)
                    pieces = _pieces(rendered, fields, family, omit, rng)
                    rows.append(build_mention(f"{path}#row={i + 1}", path, "table", None, pieces))
                    truth.append(person.person_id)
        for person in persons:
            if person.role == "staff":
                _staff(person, rng, rows, truth, chunk)
        tables.append(pa.Table.from_pylist(rows, schema=MENTIONS_SCHEMA))
    mentions = pa.concat_tables(tables) if tables else MENTIONS_SCHEMA.empty_table()
    return Simulated(mentions, truth, people)


def _staff(person: Person, rng: random.Random, rows: list[dict[str, object]],
           truth: list[str], chunk: int) -> None:  # fmt: skip
    for k, family in enumerate(("sheet", "document")):
        style = draw_style(rng, family)
        r = render(person, None, style, rng)
        fields = (
            frozenset({"dob", "bsn", "address", "phone", "email"})
            if k == 0
            else frozenset({"phone", "email"})
        )
        pieces = _pieces(r, fields, family, 0.05, rng)
        if k == 0:
            pieces.append(Piece("iban", "iban", "sim", person.iban or "", "sim#iban", 0.9, 99, 99))
        path = f"staff/c{chunk}-{k}"
        rows.append(build_mention(f"{path}#row={person.person_id}", path, "table", None, pieces))
        truth.append(person.person_id)
