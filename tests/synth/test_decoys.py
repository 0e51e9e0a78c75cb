"""Decoy files hold no person of the truth (and no mention claims them)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pypdf import PdfReader

from .value_checks import bsns_in, phones_in


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def test_decoys_hold_no_truth_person(synth_2000: Path) -> None:
    truth = synth_2000 / "truth"
    decoys = [f for f in _rows(truth / "files.csv") if f["decoy"] == "true"]
    kinds = {f["kind"] for f in decoys}
    assert kinds == {
        "gp_list",
        "invoice",
        "invoice_register",
        "manual",
        "source_code",
        "barcode_list",
    }
    persons = _rows(truth / "persons.csv")
    bsns = {p["bsn"] for p in persons if p["bsn"]}
    emails = {p["email"].lower() for p in persons if p["email"]}
    phones = {p["phone"] for p in persons if p["phone"]}
    names = {f"{p['given_names'].split()[0]} {p['surname']}".lower() for p in persons}
    decoy_paths = {f["path"] for f in decoys}
    assert not decoy_paths & {m["file"] for m in _rows(truth / "mentions.csv")}
    bait = 0
    for f in decoys:
        text = _text(synth_2000 / "dump" / f["path"])
        low = text.lower()
        assert not bsns_in(text) & bsns, f["path"]
        assert not any(e in low for e in emails), f["path"]
        assert not phones_in(text) & phones, f["path"]
        assert not any(n in low for n in names), f["path"]
        bait += len(bsns_in(text))
    assert bait > 50  # decoys do carry 9-digit look-alikes


def test_gp_list_names_every_provider(synth_2000: Path) -> None:
    gps = _text(synth_2000 / "dump/screenit/huisartsen_regio.csv")
    providers = {p["provider_agb"] for p in _rows(synth_2000 / "truth/persons.csv")}
    providers.discard("")
    assert providers and all(agb in gps for agb in providers)
