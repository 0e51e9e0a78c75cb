"""Generate a synthetic leak of a Dutch cervical-screening lab with exact ground truth.

``generate(out, people, seed)`` writes the dump into ``out/dump/`` and its truth into
``out/truth/`` (see docs/synth.md). People are drawn, written and released chunk by chunk
(:data:`CHUNK_SIZE`), so memory stays flat as ``people`` grows. Every random choice comes
from a ``random.Random`` seeded from ``seed`` and the chunk or file path: the same seed
gives the same bytes.
"""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from breachscope.location import PATH_PART
from breachscope.synth.bulk import BulkWriter
from breachscope.synth.decoys import barcodes, gp_list, invoices, source_code
from breachscope.synth.formats import archive, docx_letter, edifact, eml, hl7, pdf_report, textlog
from breachscope.synth.layout import (
    FILE_SIZES,
    MAILBOXES,
    Item,
    day_of,
    plan_chunk,
    split_files,
)
from breachscope.synth.model import Person, Rendered
from breachscope.synth.noise import FileStyle, draw_style, render
from breachscope.synth.population import chunks, draw_chunk, make_world
from breachscope.synth.tables import api_log, lims_csv, payroll, sql_dump, xlsx_export
from breachscope.synth.truth import TRUTH_FORMAT_VERSION, Summary, TruthWriter
from breachscope.synth.writer import TruthMention, WrittenFile
from breachscope.vocabulary import DataClass

CHUNK_SIZE = 2500
"""People drawn, written and released together."""

Write = Callable[[Sequence[Rendered], random.Random], WrittenFile]


def _with_given(style: FileStyle) -> FileStyle:
    """Files with a separate given-name column always fill it."""
    if style.name_form == "surname_only":
        return replace(style, name_form="surname_initials")
    return style


@dataclass(frozen=True, slots=True)
class _Spec:
    """A kind of file written from one channel's records by one writer."""

    kind: str
    family: str
    """Noise family of :func:`~breachscope.synth.noise.draw_style`."""
    path: Callable[[int], str]
    """Path of the ``n``-th file of the kind."""
    writer: Callable[[int], Write]
    """Writer of the ``n``-th file (with its options bound)."""
    given_column: bool = False


def _same(write: Write) -> Callable[[int], Write]:
    return lambda n: write


def _scheme(n: int) -> str:
    return lims_csv.SCHEMES[n % len(lims_csv.SCHEMES)]


def _dialect(n: int) -> str:
    return "mysql" if n % 2 else "ansi"


_LIMS_PATHS = {
    "nl": "lims/exports/uitslagen_{d:%Y%m%d}_{n:04d}.csv",
    "en": "lims/exports/en/results_{d:%Y%m%d}_{n:04d}.csv",
    "code": "lims/glims/PAT_EXPORT_{d:%Y%m%d}_{n:04d}.txt",
}
_SPECS = (
    _Spec(
        "lims_csv",
        "csv",
        lambda n: _LIMS_PATHS[_scheme(n)].format(d=day_of(n), n=n),
        lambda n: partial(lims_csv.write, scheme=_scheme(n)),
        given_column=True,
    ),
    _Spec(
        "xlsx",
        "sheet",
        lambda n: f"reports/{day_of(n, 11).year}/overzicht_uitslagen_{n:03d}.xlsx",
        _same(xlsx_export.write),
        given_column=True,
    ),
    _Spec(
        "sql_dump",
        "sql",
        lambda n: f"db/screening_{'mysql' if n % 2 else 'export'}_{n:02d}.sql",
        lambda n: partial(sql_dump.write, dialect=_dialect(n)),
        given_column=True,
    ),
    _Spec(
        "api_log",
        "json",
        lambda n: f"logs/api/results-api.{day_of(n, 1):%Y-%m-%d}.{n}.jsonl",
        _same(api_log.write),
    ),
    _Spec(
        "text_log",
        "document",
        lambda n: f"logs/lims/lims-interface.{day_of(n, 2):%Y-%m-%d}.{n}.log",
        _same(textlog.write),
    ),
    _Spec(
        "hl7",
        "message",
        lambda n: f"hl7/outbound/{day_of(n, 1):%Y%m%d}/ORU_R01_{n:06d}.hl7",
        _same(hl7.write),
    ),
    _Spec(
        "edifact",
        "message",
        lambda n: f"medlab/verzonden/MEDLAB_{day_of(n, 1):%Y%m%d}_{n:05d}.edi",
        _same(edifact.write),
    ),
    _Spec(
        "pdf_report",
        "document",
        lambda n: f"reports/{day_of(n, 1).year}/pdf/uitslag_{n:06d}.pdf",
        _same(pdf_report.write),
    ),
)


class _Generator:
    def __init__(self, out: Path, people: int, seed: int, bulk_rows: int) -> None:
        self.dump = out / "dump"
        self.seed = seed
        self.people = people
        self.world = make_world(seed, people)
        summary = Summary(TRUTH_FORMAT_VERSION, seed, people, bulk_rows)
        self.truth = TruthWriter(out / "truth", summary)
        self.counters: Counter[str] = Counter()

    # -- plumbing -----------------------------------------------------------------------
    def rng(self, path: str) -> random.Random:
        return random.Random(f"breachscope-file-{self.seed}-{path}")

    def next(self, kind: str) -> int:
        self.counters[kind] += 1
        return self.counters[kind]

    def save(
        self,
        path: str,
        kind: str,
        written: WrittenFile,
        *,
        decoy: bool = False,
        members: Sequence[tuple[str, str]] = (),
    ) -> None:
        target = self.dump / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(written.data)
        self.truth.record_file(path, kind, written.mentions, decoy=decoy, members=members)

    def save_decoy(self, path: str, kind: str, data: bytes) -> None:
        self.save(path, kind, WrittenFile(data, ()), decoy=True)

    @staticmethod
    def render_all(items: Sequence[Item], style: FileStyle, rng: random.Random) -> list[Rendered]:
        return [render(person, sample, style, rng) for person, sample in items]

    def simple(self, spec: _Spec, items: list[Item], plan: random.Random) -> None:
        """Files of one kind: split, render in a per-file style, write, record."""
        for group in split_files(items, FILE_SIZES[spec.kind], plan):
            n = self.next(spec.kind)
            path = spec.path(n)
            rng = self.rng(path)
            style = draw_style(rng, spec.family)
            if spec.given_column:
                style = _with_given(style)
            records = self.render_all(group, style, rng)
            self.save(path, spec.kind, spec.writer(n)(records, rng))

    # -- the dump -----------------------------------------------------------------------
    def run(self, bulk_rows: int) -> Summary:
        self.decoys()
        for chunk, start, count in chunks(self.people, CHUNK_SIZE):
            people = draw_chunk(self.world, chunk, start, count)
            self.chunk(chunk, people)
            self.truth.flush_people(people)
            del people
            gc.collect()  # openpyxl and python-docx leave reference cycles behind
        if bulk_rows > 0:
            BulkWriter(
                self.dump,
                self.truth,
                self.world.ids,
                self.world.gps,
                self.seed,
                first_index=self.people,
            ).write(bulk_rows)
        return self.truth.close()

    def decoys(self) -> None:
        rng = self.rng("decoys")
        self.save_decoy("screenit/huisartsen_regio.csv", "gp_list", gp_list.write(self.world.gps))
        self.save_decoy("finance/crediteuren_2024.csv", "invoice_register", invoices.write(rng))
        for i in range(3):
            path = f"finance/facturen/factuur_{2024_0101 + 17 * i}.pdf"
            self.save_decoy(path, "invoice", pdf_report.write_invoice(self.rng(path)))
        self.save_decoy(
            "it/docs/handleiding_analyser_hpv.pdf",
            "manual",
            pdf_report.write_manual(self.rng("manual")),
        )
        self.save_decoy("it/src/export_job.py", "source_code", source_code.write_script(rng))
        self.save_decoy("it/src/schema.sql", "source_code", source_code.write_schema(rng))
        for i in range(2):
            path = f"lims/barcodes/stickers_batch_{i + 1:03d}.csv"
            self.save_decoy(path, "barcode_list", barcodes.write(self.rng(path)))

    def chunk(self, chunk: int, people: list[Person]) -> None:
        plan_rng = random.Random(f"breachscope-plan-{self.seed}-{chunk}")
        plan = plan_chunk(people, plan_rng)
        for spec in _SPECS:
            self.simple(spec, plan[spec.kind], plan_rng)
        self.letters(plan["docx_letter"], plan_rng)
        staff = [p for p in people if p.role == "staff"]
        self.mails(plan["eml"], staff, plan_rng)
        self.archives(plan["archive"], plan_rng)
        if staff:
            self.payroll(staff)

    def letters(self, items: list[Item], plan: random.Random) -> None:
        items = sorted(items, key=lambda it: (it[1].gp.agb if it[1] else "", it[0].person_id))
        for group in split_files(items, FILE_SIZES["docx_letter"], plan):
            n = self.next("docx_letter")
            audience = "gp" if n % 3 == 0 else "patient"
            path = f"reports/brieven/{audience}/brief_{n:05d}.docx"
            rng = self.rng(path)
            records = self.render_all(group, draw_style(rng, "document"), rng)
            table = n % 6 == 0  # every other GP letter holds its patients in a table
            written = docx_letter.write(records, rng, audience=audience, table=table)
            if audience == "patient" and len(records) == 1 and n % 4 in (1, 2):
                path, written = named_letter(path, n, records[0], written)
            self.save(path, "docx_letter", written)

    def mails(self, items: list[Item], staff: list[Person], plan: random.Random) -> None:
        for group in split_files(items, FILE_SIZES["eml"], plan):
            n = self.next("eml")
            path = f"mail/{MAILBOXES[n % len(MAILBOXES)]}/{n:05d}.eml"
            rng = self.rng(path)
            style = draw_style(rng, "document")
            records = self.render_all(group, style, rng)
            sender = None
            if staff and rng.random() < 0.6:
                sender = render(rng.choice(staff), None, style, rng)
            attachments: list[tuple[str, WrittenFile]] = []
            members: list[tuple[str, str]] = []
            r = rng.random()
            if r < 0.2:
                csv_style = _with_given(draw_style(rng, "csv"))
                table = lims_csv.write(
                    self.render_all(group, csv_style, rng), rng, scheme=rng.choice(("nl", "en"))
                )
                attachments.append(("uitslagen_export.csv", table))
                members.append(("uitslagen_export.csv", "lims_csv"))
            elif r < 0.35:
                report = pdf_report.write(self.render_all(group, style, rng), rng)
                attachments.append((f"uitslag_{n:05d}.pdf", report))
                members.append((f"uitslag_{n:05d}.pdf", "pdf_report"))
            written = eml.write(records, rng, attachments, sender=sender)
            self.save(path, "eml", written, members=members)

    def archives(self, items: list[Item], plan: random.Random) -> None:
        for group in split_files(items, FILE_SIZES["archive"], plan):
            n = self.next("archive")
            year = day_of(n, 97).year
            path = f"archive/export_{year}_{n:03d}.zip"
            inner = f"export_{year}.tar.gz"
            rng = self.rng(path)
            parts = rng.randint(2, 3)
            members: list[tuple[str, WrittenFile]] = []
            kinds: list[tuple[str, str]] = [(inner, "archive")]
            database = n % 2 == 1  # the database exported one CSV per table, in its folder
            if database:
                style = _with_given(draw_style(rng, "sql"))
                tables = sql_dump.csv_tables(self.render_all(group, style, rng), rng)
                for name, written in tables:
                    members.append((f"screening_db/{name}", written))
                    kinds.append((f"{inner}!/screening_db/{name}", "db_csv"))
            for k in range(0 if database else parts):  # (else the LIMS export in parts)
                share = group[k::parts]
                if not share:
                    continue
                style = _with_given(draw_style(rng, "csv"))
                name = f"lims/uitslagen_{year}_deel{k + 1}.csv"
                written = lims_csv.write(
                    self.render_all(share, style, rng), rng, scheme=lims_csv.SCHEMES[(n + k) % 3]
                )
                members.append((name, written))
                kinds.append((f"{inner}!/{name}", "lims_csv"))
            if rng.random() < 0.5:
                name = "rapporten/uitslagen_steekproef.pdf"
                records = self.render_all(group[:3], draw_style(rng, "document"), rng)
                members.append((name, pdf_report.write(records, rng)))
                kinds.append((f"{inner}!/{name}", "pdf_report"))
            readme = WrittenFile(
                f"Export LIMS {year}, deel {n}. Niet verspreiden.\r\n".encode("ascii"), ()
            )
            kinds.append(("LEESMIJ.txt", "readme"))
            packed = archive.pack_nested(members, inner=inner, extra=[("LEESMIJ.txt", readme)])
            self.save(path, "archive", packed, members=kinds)

    def payroll(self, staff: list[Person]) -> None:
        n = self.next("payroll")
        path = f"hr/salarisadministratie/salarisstrook_2025_{n:02d}.xlsx"
        rng = self.rng(path)
        style = _with_given(draw_style(rng, "sheet"))
        records = [render(p, None, style, rng) for p in staff]
        self.save(path, "payroll", payroll.write(records, rng))


def named_letter(
    path: str, n: int, record: Rendered, written: WrittenFile
) -> tuple[str, WrittenFile]:
    """A letter to one patient saved under her name, as a secretary saves it: ``de Vries,
    M. - uitslag (00077).docx`` or ``brief_00078_mw_M_de_Vries.docx``; its path is one
    mention more of her (a name, in part ``(path)``)."""
    family = " ".join(w for w in (record.prefix.lower(), record.surname) if w)
    given = record.given
    if not record.surname or not given:
        return path, written
    folder = path.rsplit("/", 1)[0]
    if n % 4 == 1:
        name = f"{family}, {given} - uitslag ({n:05d}).docx"
    else:
        name = f"brief_{n:05d}_mw_{given}_{family}.docx".replace(" ", "_")
    named = f"{folder}/{name}"
    mention = TruthMention(record.person_id, frozenset({DataClass.NAME}), part=PATH_PART)
    return named, WrittenFile(written.data, (*written.mentions, mention))


def generate(out: Path, people: int, seed: int, bulk_rows: int = 0) -> Summary:
    """Write a synthetic dump of ``people`` people (plus ``bulk_rows`` bulk CSV rows) into
    ``out/dump`` and its truth into ``out/truth``; return the summary counts.

    ``out/dump`` and ``out/truth`` must not exist yet or be empty.
    """
    out = Path(out)
    if people < 1:
        raise ValueError("people must be at least 1")
    if bulk_rows < 0:
        raise ValueError("bulk_rows must not be negative")
    for sub in ("dump", "truth"):
        folder = out / sub
        if folder.exists() and any(folder.iterdir()):
            raise FileExistsError(f"{folder} is not empty")
    return _Generator(out, people, seed, bulk_rows).run(bulk_rows)
