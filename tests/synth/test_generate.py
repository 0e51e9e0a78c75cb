"""The generated dump and its truth agree: every mention's values are at its location."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from breachscope.location import PATH_PART, Location
from breachscope.synth import generate
from breachscope.synth.generate import named_letter
from breachscope.synth.model import Rendered
from breachscope.synth.truth import MENTION_COLUMNS, PERSON_COLUMNS
from breachscope.synth.writer import TruthMention, WrittenFile
from breachscope.vocabulary import join_classes, split_classes

from .dump_readers import DumpReader
from .value_checks import found_classes

EVERY_KIND = {
    "lims_csv",
    "db_csv",
    "xlsx",
    "sql_dump",
    "api_log",
    "text_log",
    "hl7",
    "edifact",
    "pdf_report",
    "docx_letter",
    "eml",
    "archive",
    "payroll",
    "bulk_csv",
    "invoice",
    "invoice_register",
    "manual",
    "source_code",
    "barcode_list",
    "gp_list",
}
STRUCTURED = (".csv", ".txt", ".xlsx", ".sql", ".jsonl", ".hl7", ".edi", ".pdf")
"""Formats whose location holds one person only: found classes must equal the claim."""
STRONG = {"bsn", "date_of_birth", "email", "phone", "iban"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    generate(tmp_path / "a", people=150, seed=5, bulk_rows=500)
    generate(tmp_path / "b", people=150, seed=5, bulk_rows=500)
    generate(tmp_path / "c", people=150, seed=6, bulk_rows=500)
    a, b, c = (_digest(tmp_path / x) for x in "abc")
    assert a == b
    assert len(a) > 30
    common = set(a) & set(c)
    assert sum(a[k] != c[k] for k in common) > 0.9 * len(common)
    assert (tmp_path / "a/truth/persons.csv").read_bytes() != (
        tmp_path / "c/truth/persons.csv"
    ).read_bytes()


def test_refuses_a_non_empty_output(tmp_path: Path) -> None:
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "x").write_text("x")
    with pytest.raises(FileExistsError):
        generate(tmp_path, people=10, seed=1)


def test_produces_every_file_kind(synth_2000: Path) -> None:
    kinds = {row["kind"] for row in _read(synth_2000 / "truth/files.csv")}
    assert kinds >= EVERY_KIND


def test_truth_tables_are_consistent(synth_2000: Path) -> None:
    truth = synth_2000 / "truth"
    with (truth / "persons.csv").open(encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == PERSON_COLUMNS
    with (truth / "mentions.csv").open(encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == MENTION_COLUMNS
    persons = {p["person_id"]: p for p in _read(truth / "persons.csv")}
    mentions = _read(truth / "mentions.csv")
    files = {f["path"]: f for f in _read(truth / "files.csv")}
    summary = json.loads((truth / "summary.json").read_text())
    assert summary["affected"] == len(persons)
    assert summary["mentions"] == len(mentions)
    assert summary["files"] == len(files)
    per_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    for m in mentions:
        per_person[m["person_id"]].append(m)
        assert Location.parse(m["locator"]).path == m["file"]
        assert m["file"] in files and files[m["file"]]["decoy"] == "false"
        assert split_classes(m["data_classes"])
    assert set(per_person) == set(persons)
    for pid, person in persons.items():
        ms = per_person[pid]
        assert int(person["n_mentions"]) == len(ms)
        union = {c for m in ms for c in split_classes(m["data_classes"])}
        assert person["data_classes"] == join_classes(union)
        assert person["sources"].split(";") == list(dict.fromkeys(m["file"] for m in ms))
        assert person["tier"] == "confirmed"
    counted = Counter(m["file"] for m in mentions)
    for path, row in files.items():
        inside = sum(n for f, n in counted.items() if f == path or f.startswith(path + "!/"))
        assert int(row["n_mentions"]) == inside, path
        if row["decoy"] == "true":
            assert inside == 0
    for path in files:
        assert (synth_2000 / "dump" / path.split("!/")[0]).is_file()
    roles = Counter(p["role"] for p in persons.values())
    assert summary["affected_by_role"] == dict(sorted(roles.items()))


def test_every_mention_is_at_its_location(synth_2000: Path) -> None:
    persons = {p["person_id"]: p for p in _read(synth_2000 / "truth/persons.csv")}
    reader = DumpReader(synth_2000 / "dump")
    failures: list[str] = []
    checked: Counter[str] = Counter()
    for m in _read(synth_2000 / "truth/mentions.csv"):
        text, cells = reader.text_at(m["locator"])
        claimed = set(split_classes(m["data_classes"]))
        found = found_classes(persons[m["person_id"]], text, cells)
        ext = Location.parse(m["locator"]).members[-1].rsplit(".", 1)[-1]
        checked[ext] += 1
        if not claimed <= found:
            failures.append(f"{m['locator']}: claimed but absent {sorted(claimed - found)}")
        elif ("." + ext) in STRUCTURED and (found & STRONG) != (claimed & STRONG):
            failures.append(f"{m['locator']}: present but unclaimed {sorted(found - claimed)}")
    assert not failures, f"{len(failures)} failures, e.g. {failures[:10]}"
    assert set(checked) >= {
        "csv",
        "txt",
        "xlsx",
        "sql",
        "jsonl",
        "hl7",
        "edi",
        "pdf",
        "docx",
        "eml",
        "log",
    }


def test_letters_saved_under_a_name_are_mentions_of_it(synth_2000: Path) -> None:
    named = [m for m in _read(synth_2000 / "truth/mentions.csv") if "#part=(path)" in m["locator"]]
    assert named  # (the text under the name is checked above, as every mention's)
    for m in named:
        assert m["data_classes"] == "name" and m["file"].startswith("reports/brieven/patient/")
        assert Location.parse(m["locator"]).part == PATH_PART


def test_named_letter_forms() -> None:
    written = WrittenFile(b"x", ())
    blank = {f: "" for f in Rendered.__dataclass_fields__ if f != "sample"}
    record = replace(
        Rendered(**blank, sample=None),  # type: ignore[arg-type]
        person_id="P1", surname="Graaf-van de Pol", prefix="Van", given="E.",
    )  # fmt: skip
    first, _ = named_letter("reports/brieven/patient/brief_00001.docx", 1, record, written)
    second, w = named_letter("reports/brieven/patient/brief_00002.docx", 2, record, written)
    assert first == "reports/brieven/patient/van Graaf-van de Pol, E. - uitslag (00001).docx"
    assert second == "reports/brieven/patient/brief_00002_mw_E._van_Graaf-van_de_Pol.docx"
    assert w.mentions == (TruthMention("P1", frozenset({"name"}), part=PATH_PART),)
    nameless = replace(record, surname="")
    assert named_letter("a/b.docx", 1, nameless, written) == ("a/b.docx", written)
