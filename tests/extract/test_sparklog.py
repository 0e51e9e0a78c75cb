"""Spark event logs: events as rows by kind, SQL and plan text and accumulators' text as
text, a plan's local scans as tables (the tree's rows under the node, a formatted
explain's ``Arguments:``, a ``LocalRelation``'s second argument); damage and bounds."""

from __future__ import annotations

import io
import json
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.sparklog import SparkEventLogExtractor, plan_scans
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part, text_parts
from .samples import BSN, DOB, SPARK_PLAN, SPARK_SQL, spark_eventlog_sample

pytestmark = pytest.mark.timeout(60)
NAME = "application_1715400000000_0042"


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(NAME, "spark-eventlog", len(data), lambda: io.BytesIO(data))
    return list(SparkEventLogExtractor().extract(source, config or Config()))


def notes(items: list[Extracted]) -> list[Note]:
    return [n for n in items if isinstance(n, Note)]


def log(*events: dict[str, object]) -> bytes:
    return "\n".join(json.dumps(e, separators=(",", ":")) for e in events).encode()


def sql_start(plan: str, line_break: str = "") -> dict[str, object]:
    return {
        "Event": "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
        "executionId": 1,
        "physicalPlanDescription": plan + line_break,
        "sparkPlanInfo": {"nodeName": "Project", "simpleString": plan.split("\n")[0]},
    }


START = {"Event": "SparkListenerLogStart", "Spark Version": "3.5.1"}


def test_events_by_kind_text_fields_and_the_plans_local_scan() -> None:
    data = spark_eventlog_sample().data
    assert sniff_bytes(data, NAME) is FileType.SPARK_EVENTLOG
    items = extract(data)
    parts = rows_by_part(items)
    scan = parts["event-3/LocalTableScan-1"]
    assert scan[1] == {
        "bsn": BSN[0], "naam": "Jansen-de Vries", "geboortedatum": DOB[0], "postcode": "1234 AB"
    }  # fmt: skip
    assert scan[2] == {"bsn": BSN[1], "naam": "van der Berg, J.P.", "geboortedatum": DOB[1]}
    assert scan[3]["naam"] == "Ömer Yılmaz" and len(scan) == 3
    assert parts["SparkListenerSQLExecutionStart"][3] == {
        "Event": "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
        "executionId": "7",
        "time": "1715486470111",
    }
    task = parts["SparkListenerTaskEnd"][4]
    assert "Task Info.Accumulables.0.Update" not in task
    assert task["Task Info.Accumulables.1.Update"] == "5"
    text = text_parts(items)
    assert text["event-3/description"] == SPARK_SQL
    assert text["event-4/Task Info.Accumulables.0.Update"] == "Jansen-de Vries, tel 0612345678"
    plan = text["event-3/physicalPlanDescription"]
    assert len(plan) == len(SPARK_PLAN) and BSN[0] not in plan and "Jansen" not in plan
    assert "(uitslag#44 = hrHPV positief)" in plan
    assert plan.index("LocalTableScan [bsn#12L") == SPARK_PLAN.index("LocalTableScan [bsn#12L")
    assert not notes(items)


def test_a_formatted_explains_arguments_and_a_local_relation() -> None:
    formatted = (
        "== Physical Plan ==\n* Project (2)\n+- LocalTableScan (1)\n\n\n"
        "(1) LocalTableScan\nOutput [2]: [bsn#1L, naam#2]\n"
        f"Arguments: [bsn#1L, naam#2], [[{BSN[0]},Jansen], [{BSN[1]},null]]\n\n"
        "(2) Project [codegen id : 1]\nOutput [1]: [naam#2]\n"
    )
    relation = f"Project [naam#2]\n+- LocalRelation [bsn#1, naam#2], [[{BSN[2]},Bos]]"
    items = extract(log(START, sql_start(formatted), sql_start(relation)))
    parts = rows_by_part(items)
    assert parts["event-2/LocalTableScan-1"] == {
        1: {"bsn": BSN[0], "naam": "Jansen"},
        2: {"bsn": BSN[1]},
    }
    assert parts["event-3/LocalRelation-1"] == {1: {"bsn": BSN[2], "naam": "Bos"}}
    assert parts["SparkListenerSQLExecutionStart"][3]["sparkPlanInfo.simpleString"] == (
        "Project [naam#2]"
    )
    text = text_parts(items)
    assert BSN[0] not in text["event-2/physicalPlanDescription"]
    assert "Arguments: [bsn#1L, naam#2]" in text["event-2/physicalPlanDescription"]


def test_plans_without_rows_give_no_table() -> None:
    assert plan_scans("LocalTableScan <empty>, [bsn#1L]") == []
    assert plan_scans("== Physical Plan ==\nLocalTableScan [name#9]") == []
    (scan,) = plan_scans("LocalTableScan [a#1, b#2]\n  [1,x,y]\n  [2,z]")
    assert scan.columns == ["a", "b"] and scan.rows == [["1", "x", "y"], ["2", "z"]]


def test_lines_that_are_no_event_are_counted_in_a_note() -> None:
    data = log(START) + b"\nnot json\n[1, 2]\n" + log(START)[:20]
    items = extract(data)
    assert [n.reason for n in notes(items)] == ["3 lines that are no JSON object passed over"]
    assert notes(items)[0].location.row == 2
    assert rows_by_part(items)["SparkListenerLogStart"] == {1: START}


def test_an_overlong_line_is_passed_over_with_a_note() -> None:
    long = sql_start("x" * 500)
    items = extract(log(START, long, START), Config(max_text_unit_chars=200))
    assert sorted(rows_by_part(items)["SparkListenerLogStart"]) == [1, 3]
    assert [n.location.row for n in notes(items)] == [2]


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"not json\n", random.Random(5).randbytes(4096), b"\0" * 1000],
)
def test_what_holds_no_event_fails(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)
    assert sniff_bytes(data, NAME) is not FileType.SPARK_EVENTLOG


def test_sniffing() -> None:
    first = b'{"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"}\n'
    assert sniff_bytes(first + first, "events_1_app") is FileType.SPARK_EVENTLOG
    other = b'{"Event":"login","user":"p.jansen"}\n{"Event":"logout"}\n'
    assert sniff_bytes(other, "events.json") is FileType.NDJSON


def test_a_table_unit_names_the_attributes() -> None:
    units = [u for u in extract(spark_eventlog_sample().data) if isinstance(u, TableUnit)]
    scan = next(u for u in units if u.location.part == "event-3/LocalTableScan-1")
    assert scan.columns == ("bsn", "naam", "geboortedatum", "postcode")
