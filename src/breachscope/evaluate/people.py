"""People-level evaluation: resolved persons scored against a synthetic truth.

Predicted mentions are mapped to truth mentions by record locator
(``TRUTH/mentions.csv``: ``person_id, file, locator, data_classes``). Where several truth
people share a locator (a letter about three patients, a log file), the one whose BSN,
date of birth, surname, initials and postcodes (``TRUTH/persons.csv``) agree best with the
mention's values is taken; a mention that agrees with none stays unmapped.

A predicted person maps to the truth person owning most of its mapped mentions. The
predicted person holding the most mentions of a truth person is its match (a true
positive); other predicted persons mapping to the same truth person are duplicates, and
predicted persons mapping to nobody are spurious; both are false positives. Reported:
person precision and recall, count error ``(predicted - true) / true``, pairwise and
B-cubed precision/recall/F1 over mapped mentions, recall per data class per person (did the
matched person get the class?), and provider accuracy (of the people whose provider the
leak exposes, those whose best AGB code equals the truth's, or, without a code, whose GP's
surname does; a person with a GP whom no file names has no provider to find).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from breachscope.assemble.names import fold, surname_cores
from breachscope.location import Location
from breachscope.vocabulary import DATA_CLASSES

PEOPLE_EVALUATION_VERSION = 1


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 6), "recall": round(self.recall, 6),
                "f1": round(self.f1, 6)}  # fmt: skip


def _pairs(sizes: Iterable[int]) -> int:
    return sum(k * (k - 1) // 2 for k in sizes)


def pairwise(pred: Sequence[str], truth: Sequence[str]) -> PRF:
    """Pairwise precision/recall of a clustering ``pred`` against ``truth`` (same items)."""
    together = _pairs(Counter(zip(pred, truth, strict=True)).values())
    p_pairs, t_pairs = _pairs(Counter(pred).values()), _pairs(Counter(truth).values())
    return PRF(together / p_pairs if p_pairs else 1.0, together / t_pairs if t_pairs else 1.0)


def bcubed(pred: Sequence[str], truth: Sequence[str]) -> PRF:
    """B-cubed precision/recall (Bagga and Baldwin), averaged over items."""
    if not pred:
        return PRF(1.0, 1.0)
    joint = Counter(zip(pred, truth, strict=True))
    p_size, t_size = Counter(pred), Counter(truth)
    precision = sum(n * n / p_size[p] for (p, _), n in joint.items()) / len(pred)
    recall = sum(n * n / t_size[t] for (_, t), n in joint.items()) / len(pred)
    return PRF(precision, recall)


@dataclass(frozen=True, slots=True)
class PeopleEvaluation:
    true_persons: int
    predicted_persons: int
    matched: int
    duplicates: int
    spurious: int
    mentions: int
    mapped_mentions: int
    pairwise: PRF
    bcubed: PRF
    class_recall: dict[str, float]
    class_support: dict[str, int]
    provider_accuracy: float
    provider_support: int
    tiers: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted_persons if self.predicted_persons else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.true_persons if self.true_persons else 1.0

    @property
    def count_error(self) -> float:
        if not self.true_persons:
            return 0.0
        return (self.predicted_persons - self.true_persons) / self.true_persons

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            version=PEOPLE_EVALUATION_VERSION,
            precision=round(self.precision, 6),
            recall=round(self.recall, 6),
            count_error=round(self.count_error, 6),
            pairwise=self.pairwise.to_dict(),
            bcubed=self.bcubed.to_dict(),
            class_recall={k: round(v, 6) for k, v in self.class_recall.items()},
            provider_accuracy=round(self.provider_accuracy, 6),
        )
        return out


def _locator(text: str) -> str:
    loc = Location.parse(text)
    return str(Location(loc.path, loc.part, loc.row))


def _truth_locator(record: str, at: dict[str, list[str]]) -> str:
    """The truth's locator of a mention's ``record``: a row of a table inside a text part
    (``brief.docx#part=body&row=7``) is that part's where the truth names only the part
    (it knows free-text mentions by part)."""
    locator = _locator(record)
    if locator not in at:
        loc = Location.parse(locator)
        if loc.row is not None and (part := str(Location(loc.path, loc.part))) in at:
            return part
    return locator


@dataclass(frozen=True, slots=True)
class _TruthPerson:
    bsn: str
    dob: str
    cores: frozenset[str]
    initial: str
    postcodes: frozenset[str]
    classes: frozenset[str]
    agb: str
    gp_cores: frozenset[str]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_truth(truth_dir: Path) -> tuple[dict[str, _TruthPerson], dict[str, list[str]]]:
    """Truth people by id, and the truth people at each record locator."""
    people: dict[str, _TruthPerson] = {}
    for r in _read_csv(truth_dir / "persons.csv"):
        names = " ".join(r.get(k, "") for k in ("surname", "birth_surname", "partner_surname"))
        postcodes = {p for p in (r.get("all_postcodes") or "").split(";") if p}
        postcodes.add(r.get("postcode", ""))
        people[r["person_id"]] = _TruthPerson(
            bsn=r.get("bsn", ""),
            dob=r.get("date_of_birth", ""),
            cores=frozenset(surname_cores(names)),
            initial=fold(r.get("initials", "") or r.get("given_names", ""))[:1],
            postcodes=frozenset(p for p in postcodes if p),
            classes=frozenset(c for c in (r.get("data_classes") or "").split(";") if c),
            agb=r.get("provider_agb", ""),
            gp_cores=frozenset(surname_cores(r.get("provider_name", ""))),
        )
    at: dict[str, list[str]] = defaultdict(list)
    for r in _read_csv(truth_dir / "mentions.csv"):
        at[_locator(r["locator"])].append(r["person_id"])
    return people, dict(at)


def _agreement(m: dict[str, Any], t: _TruthPerson) -> int:
    score = 0
    if m["bsn"] and m["bsn"] == t.bsn:
        score += 8
    if m["date_of_birth"] and m["date_of_birth"] == t.dob:
        score += 4
    names = " ".join(m[k] or "" for k in ("surname", "birth_surname", "partner_surname"))
    cores = set(surname_cores(names))
    if cores & t.cores:
        score += 3
    elif any(a[:4] == b[:4] or a[-4:] == b[-4:] for a in cores for b in t.cores):
        score += 2  # a typo in the surname
    inits = fold(m["initials"] or m["given_names"] or "")[:1]
    if inits and inits == t.initial:
        score += 1
    if m["postcode"] and m["postcode"] in t.postcodes:
        score += 2
    return score


def map_mentions(
    mentions: list[dict[str, Any]], people: dict[str, _TruthPerson], at: dict[str, list[str]]
) -> list[str | None]:
    """The truth person of each predicted mention, or None."""
    out: list[str | None] = []
    for m in mentions:
        cands = sorted(set(at.get(_truth_locator(m["record"], at), ())))
        if len(cands) == 1:
            out.append(cands[0])
            continue
        scored = [(_agreement(m, people[c]), c) for c in cands if c in people]
        top = max((s for s, _ in scored), default=0)
        tied = [c for s, c in scored if s == top]
        out.append(tied[0] if top >= 3 and len(tied) == 1 else None)
    return out


def evaluate_people(mentions: pa.Table, persons: pa.Table, truth_dir: Path) -> PeopleEvaluation:
    """Score resolved ``mentions`` (with ``person_id``) and ``persons`` against the truth."""
    people, at = read_truth(truth_dir)
    cols = ["record", "person_id", "bsn", "date_of_birth", "surname", "birth_surname",
            "partner_surname", "initials", "given_names", "postcode"]  # fmt: skip
    rows = mentions.select(cols).to_pylist()
    truth_of = map_mentions(rows, people, at)
    owned: dict[str, Counter[str]] = defaultdict(Counter)
    for r, t in zip(rows, truth_of, strict=True):
        if t is not None:
            owned[r["person_id"]][t] += 1
    best_for: dict[str, tuple[int, str]] = {}
    for pid, counter in owned.items():
        t, n = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if t not in best_for or (n, pid) > best_for[t]:
            best_for[t] = (n, pid)
    matched = {pid: t for t, (_, pid) in best_for.items()}
    pred_ids = persons["person_id"].to_pylist()
    duplicates = sum(1 for pid in owned if pid not in matched)
    spurious = sum(1 for pid in pred_ids if pid not in owned)
    mapped = [(r["person_id"], t) for r, t in zip(rows, truth_of, strict=True) if t]
    pred_l, truth_l = [p for p, _ in mapped], [t for _, t in mapped]
    cls, support, prov, prov_n = _class_scores(persons, matched, people)
    tiers = Counter(persons["tier"].to_pylist()) if "tier" in persons.column_names else Counter()
    return PeopleEvaluation(
        true_persons=len(people),
        predicted_persons=len(pred_ids),
        matched=len(matched),
        duplicates=duplicates,
        spurious=spurious,
        mentions=len(rows),
        mapped_mentions=len(mapped),
        pairwise=pairwise(pred_l, truth_l),
        bcubed=bcubed(pred_l, truth_l),
        class_recall=cls,
        class_support=support,
        provider_accuracy=prov / prov_n if prov_n else 1.0,
        provider_support=prov_n,
        tiers=dict(sorted(tiers.items())),
    )


def _class_scores(
    persons: pa.Table, matched: dict[str, str], people: dict[str, _TruthPerson]
) -> tuple[dict[str, float], dict[str, int], int, int]:
    got = {r["person_id"]: r for r in persons.select(
        ["person_id", "data_classes", "provider_agb", "provider_name"]).to_pylist()}  # fmt: skip
    found: Counter[str] = Counter()
    support: Counter[str] = Counter()
    prov = prov_n = 0
    by_truth = {t: pid for pid, t in matched.items()}
    for tid, person in people.items():
        pid = by_truth.get(tid)
        have = set(got[pid]["data_classes"]) if pid in got else set()
        for c in person.classes:
            support[c] += 1
            found[c] += c in have
        if person.agb and "provider" in person.classes:
            prov_n += 1
            prov += pid in got and _same_provider(got[pid], person)
    recall = {c: found[c] / support[c] for c in DATA_CLASSES if support[c]}
    return recall, {c: support[c] for c in DATA_CLASSES if support[c]}, prov, prov_n


def _same_provider(predicted: dict[str, Any], truth: _TruthPerson) -> bool:
    """The AGB code agrees; without a predicted code, the GP's surname does."""
    if predicted["provider_agb"]:
        return bool(predicted["provider_agb"] == truth.agb)
    name = predicted["provider_name"] or ""
    return bool(truth.gp_cores and set(surname_cores(name)) & truth.gp_cores)


def evaluate_case_people(case_dir: Path, truth_dir: Path) -> PeopleEvaluation:
    """Open a resolved case read-only and score its people against ``truth_dir``."""
    from breachscope.assemble.store import query_arrow
    from breachscope.case import Case

    with Case.open(case_dir, read_only=True) as case:
        mentions = query_arrow(case.con, "SELECT * FROM mentions WHERE person_id IS NOT NULL")
        persons = query_arrow(case.con, "SELECT * FROM persons")
    return evaluate_people(mentions, persons, truth_dir)
