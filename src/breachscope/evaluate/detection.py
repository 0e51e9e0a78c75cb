"""Detection scored against the synthetic truth, per data class.

The unit of comparison is the pair (record locator, data class). The truth
(``TRUTH/mentions.csv``: ``person_id, file, locator, data_classes``) names each mention by
its record locator, ``str(Location(path, part, row))`` (docs/locations.md). A finding maps
to the locator made of its location's path, part and - for tables - row: its ``record``
when set, else its location without column and span. Table findings without a record
(rows of a provider directory, which by design form no person mention) are not person
mentions and are left out. A pair found and true is a true positive; found only, a false
positive; true only, a false negative.

A pair can be right while a value in it is wrong (a log line's timestamp reported as a
date of birth in a record that holds a true one). So the values of the kinds the truth
knows (``persons.csv``: date of birth, BSN, e-mail address, phone number, postcode) are
checked too: each finding of such a kind in a true record must be the value of one of
the people that record mentions (any of a person's postcodes, for people who moved).

Everything is computed in DuckDB, so truths with millions of mentions are fine. Examples
of errors are locators and classes only, never values.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import duckdb
import pyarrow as pa

from breachscope.case import Case, CaseError
from breachscope.detect.finding import written_out
from breachscope.vocabulary import DATA_CLASSES

EVALUATION_FORMAT_VERSION = 2
EXAMPLES = 20
"""Error examples kept per class and kind of error."""


@dataclass(frozen=True, slots=True)
class ClassScore:
    data_class: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        true = self.true_positives + self.false_negatives
        return self.true_positives / true if true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
        }


VALUE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("date_of_birth", "date_of_birth", "[date_of_birth]"),
    ("bsn", "bsn", "[lpad(bsn, 9, '0')]"),
    ("email", "email", "[lower(email)]"),
    ("phone", "phone", "[phone]"),
    ("address", "postcode", "string_split(coalesce(all_postcodes, postcode), ';')"),
)
"""``(data class, kind, the person's values as a DuckDB list over persons.csv)``: the
finding kinds whose values the truth knows, in the findings' normal forms."""


@dataclass(frozen=True, slots=True)
class ValueScore:
    """Values of one finding kind in true records: how many were checked, and how many
    are no value of any person the record mentions."""

    data_class: str
    kind: str
    checked: int
    wrong: int

    @property
    def precision(self) -> float:
        return (self.checked - self.wrong) / self.checked if self.checked else 1.0

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "precision": round(self.precision, 6)}


@dataclass(frozen=True, slots=True)
class DetectionEvaluation:
    """Per-class scores, micro-averaged total, value checks (empty without a persons
    table) and example errors (locators only)."""

    classes: tuple[ClassScore, ...]
    false_positive_examples: dict[str, tuple[str, ...]]
    false_negative_examples: dict[str, tuple[str, ...]]
    values: tuple[ValueScore, ...] = ()
    wrong_value_examples: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def total(self) -> ClassScore:
        return ClassScore(
            "all",
            sum(c.true_positives for c in self.classes),
            sum(c.false_positives for c in self.classes),
            sum(c.false_negatives for c in self.classes),
        )

    def score(self, data_class: str) -> ClassScore:
        for c in self.classes:
            if c.data_class == data_class:
                return c
        raise KeyError(data_class)

    def to_dict(self) -> dict[str, object]:
        return {
            "version": EVALUATION_FORMAT_VERSION,
            "unit": "record locator x data class",
            "classes": [c.to_dict() for c in self.classes],
            "total": self.total.to_dict(),
            "false_positive_examples": {
                k: list(v) for k, v in self.false_positive_examples.items()
            },
            "false_negative_examples": {
                k: list(v) for k, v in self.false_negative_examples.items()
            },
            "values": [v.to_dict() for v in self.values],
            "wrong_value_examples": {k: list(v) for k, v in self.wrong_value_examples.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


_LOCATOR_SQL = """CASE WHEN record IS NOT NULL THEN
                    CASE WHEN record NOT IN (SELECT locator FROM truth_mentions)
                          AND regexp_replace(record, '[#&]row=[0-9]+$', '')
                              IN (SELECT locator FROM truth_mentions)
                         THEN regexp_replace(record, '[#&]row=[0-9]+$', '')
                         ELSE record END
                WHEN regexp_matches(location, '[#&]row=') THEN NULL
                ELSE regexp_replace(location, '[#&](col|start)=.*$', '') END"""
"""A finding's record locator: its ``record``, else (text) its location without the span;
NULL for a table finding without a record (a provider directory's row). A row of a
table inside a text part (``brief.docx#part=body&row=7``) that the truth names only by
its part (``brief.docx#part=body``: the truth knows free-text mentions by part) counts
as that part's."""
_PAIRS_SQL = f"""
CREATE OR REPLACE TEMP TABLE found_pairs AS
SELECT DISTINCT data_class, locator FROM (
    SELECT data_class, {_LOCATOR_SQL} AS locator
    FROM found_findings
) WHERE locator IS NOT NULL;
CREATE OR REPLACE TEMP TABLE true_pairs AS
SELECT DISTINCT data_class, locator FROM (
    SELECT locator, unnest(string_split(data_classes, ';')) AS data_class
    FROM truth_mentions
) WHERE data_class <> '';
CREATE OR REPLACE TEMP TABLE scored AS
SELECT coalesce(f.data_class, t.data_class) AS data_class,
       coalesce(f.locator, t.locator) AS locator,
       f.locator IS NOT NULL AS found, t.locator IS NOT NULL AS true_
FROM found_pairs f FULL OUTER JOIN true_pairs t
  ON f.data_class = t.data_class AND f.locator = t.locator;
"""


def evaluate_detection(
    findings: pa.Table, mentions_csv: Path, persons_csv: Path | None = None
) -> DetectionEvaluation:
    """Score ``findings`` (FINDINGS_SCHEMA, or its columns ``data_class``, ``location``
    (written out) and ``record``, with ``kind`` and ``value`` for the value checks)
    against a truth ``mentions.csv``, and their values against ``persons.csv`` if given."""
    if "cell" in findings.column_names:
        findings = written_out(findings)
    con = duckdb.connect()
    try:
        columns = ["data_class", "location", "record"]
        check = persons_csv is not None and {"kind", "value"} <= set(findings.column_names)
        con.register(
            "found_findings", findings.select([*columns, "kind", "value"] if check else columns)
        )
        con.read_csv(str(mentions_csv), header=True, all_varchar=True).create_view("truth_mentions")
        result = _score(con)
        if not check or persons_csv is None:
            return result
        con.read_csv(str(persons_csv), header=True, all_varchar=True).create_view("truth_persons")
        values, examples = _values(con)
        return replace(result, values=values, wrong_value_examples=examples)
    finally:
        con.close()


_VALUES_SQL = f"""
SELECT locator, kind, value FROM (
    SELECT kind, value, {_LOCATOR_SQL} AS locator
    FROM found_findings WHERE data_class = ? AND kind = ?
) WHERE locator IN (SELECT locator FROM truth_mentions)
"""


def _values(
    con: duckdb.DuckDBPyConnection,
) -> tuple[tuple[ValueScore, ...], dict[str, tuple[str, ...]]]:
    """:data:`VALUE_KINDS` checked: per kind, the findings in true records whose value is
    no value of a person mentioned in that record."""
    scores: list[ValueScore] = []
    examples: dict[str, tuple[str, ...]] = {}
    for data_class, kind, values in VALUE_KINDS:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE true_values AS "
            f"SELECT DISTINCT m.locator, replace(v, ' ', '') AS value FROM ("
            f"  SELECT person_id, unnest({values}) AS v FROM truth_persons"
            ") p JOIN truth_mentions m USING (person_id) WHERE v IS NOT NULL"
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE checked AS {_VALUES_SQL}", [data_class, kind])
        total, wrong, locators = con.execute(
            "SELECT count(*), count(*) FILTER (t.value IS NULL), "
            f"(list(DISTINCT c.locator ORDER BY c.locator) FILTER (t.value IS NULL))[1:{EXAMPLES}] "
            "FROM checked c LEFT JOIN true_values t ON t.locator = c.locator AND t.value = c.value"
        ).fetchone() or (0, 0, None)
        scores.append(ValueScore(data_class, kind, int(total), int(wrong)))
        if wrong:
            examples[kind] = tuple(locators or ())
    return tuple(scores), examples


def _score(con: duckdb.DuckDBPyConnection) -> DetectionEvaluation:
    con.execute(_PAIRS_SQL)
    counts = {
        str(dc): (int(tp), int(fp), int(fn))
        for dc, tp, fp, fn in con.execute(
            "SELECT data_class, count(*) FILTER (found AND true_), "
            "count(*) FILTER (found AND NOT true_), count(*) FILTER (true_ AND NOT found) "
            "FROM scored GROUP BY data_class"
        ).fetchall()
    }
    classes = tuple(ClassScore(dc, *counts.get(dc, (0, 0, 0))) for dc in DATA_CLASSES)
    unknown = set(counts) - set(DATA_CLASSES)
    if unknown:
        raise ValueError(f"unknown data classes in findings or truth: {sorted(unknown)}")
    fps: dict[str, tuple[str, ...]] = {}
    fns: dict[str, tuple[str, ...]] = {}
    for target, cond in ((fps, "found AND NOT true_"), (fns, "true_ AND NOT found")):
        rows = con.execute(
            f"SELECT data_class, list(locator ORDER BY locator)[1:{EXAMPLES}] FROM scored "
            f"WHERE {cond} GROUP BY data_class ORDER BY data_class"
        ).fetchall()
        target.update({str(dc): tuple(locs) for dc, locs in rows})
    return DetectionEvaluation(classes, fps, fns)


def evaluate_case_detection(case_dir: Path, truth_dir: Path) -> DetectionEvaluation:
    """Score the ``findings`` table of a case folder against ``TRUTH/mentions.csv``."""
    mentions = Path(truth_dir) / "mentions.csv"
    if not mentions.is_file():
        raise FileNotFoundError(f"{mentions} not found (is {truth_dir} a synth truth folder?)")
    try:
        case = Case.open(Path(case_dir), read_only=True)
    except CaseError as exc:
        if "out of date" not in str(exc):
            raise
        case = Case.open(Path(case_dir))  # upgrades the schema, as every command does
    with case:
        query = "SELECT data_class, kind, value, location, record FROM findings"
        findings = case.con.sql(query).to_arrow_table()
    persons = Path(truth_dir) / "persons.csv"
    return evaluate_detection(findings, mentions, persons if persons.is_file() else None)
