"""HL7 v2 messages inside free text (an interface engine's log, an e-mail about a failed
message) are read as HL7: a row per message, named by the line its MSH starts on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_files, detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.textmessages import hl7_cells, hl7_messages
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

MSH = "MSH|^~\\&|LIMS|DLHW|HIS|ZH|20240301100000||ORU^R01|{n}|P|2.5"
PID = "PID|1||{bsn}^^^NLMINBIZA^NNNLD||Jansen^Petra^^^^^L||19780303|F"
NK1 = "NK1|1|Jansen^Piet|SPO|||0612345678"


def _found(text: str) -> list[tuple[str, str, str]]:
    unit = TextUnit(Location("engine.log"), text)
    return [
        (f.data_class, f.value, str(f.location))
        for f in findings_from_arrow(detect_units([unit], Config(workers=1)))
    ]


def test_a_logged_message_is_read_as_hl7() -> None:
    text = (
        "2024-03-01 10:00:00 INFO start\n"
        f"2024-03-01 10:00:01 INFO Received: {MSH.format(n=1)}\r"
        f"{PID.format(bsn='123456782')}\r{NK1}\rOBX|1|ST|HPV^hrHPV||positief\n"
        "2024-03-01 10:00:02 INFO ACK sent to mevr. A. Bakker\n"
    )
    found = _found(text)
    assert ("bsn", "123456782", "engine.log#row=2&col=PID-3") in found
    assert ("date_of_birth", "1978-03-03", "engine.log#row=2&col=PID-7") in found
    assert ("name", "Petra Jansen", "engine.log#row=2&col=PID-5") in found
    assert ("phone", "+31612345678", "engine.log#part=NK1&row=2&col=NK1-6") in found
    start = text.index("A. Bakker")  # the log's own lines are free text still
    assert ("name", "A. Bakker", f"engine.log#start={start}&end={start + 9}") in found


def test_a_message_logged_on_one_line_with_its_breaks_escaped() -> None:
    """A log that writes a message on one line writes ``\\r`` (two characters) between its
    segments."""
    message = "\\r".join([MSH.format(n=1), PID.format(bsn="123456782"), NK1, "OBX|1|ST|HPV||pos"])
    text = f"2024-03-01 10:00:00 ERROR parse error in message: {message}\nvolgende regel\n"
    found = _found(text)
    assert ("bsn", "123456782", "engine.log#row=1&col=PID-3") in found
    assert ("name", "Petra Jansen", "engine.log#row=1&col=PID-5") in found
    assert ("phone", "+31612345678", "engine.log#part=NK1&row=1&col=NK1-6") in found


def test_a_message_logged_a_segment_a_line_behind_the_logs_prefix() -> None:
    """Each segment on a line of its own behind a prefix of the ``MSH`` line's shape (its
    time may change); the first line of another shape ends the message."""
    text = (
        f"2024-03-01 10:00:01 INFO Received: {MSH.format(n=1)}\n"
        f"2024-03-01 10:00:01 INFO Received: {PID.format(bsn='123456782')}\n"
        f"2024-03-01 10:00:02 INFO Received: {NK1}\n"
        "2024-03-01 10:00:02 INFO ACK sent\n"
        "2024-03-01 10:00:03 WARN Received: PID|1||111222333\n"
    )
    found = _found(text)
    assert ("bsn", "123456782", "engine.log#row=1&col=PID-3") in found
    assert ("name", "Petra Jansen", "engine.log#row=1&col=PID-5") in found
    assert ("phone", "+31612345678", "engine.log#part=NK1&row=1&col=NK1-6") in found
    assert [v for c, v, _ in found if c == "bsn"] == ["123456782"]  # not behind WARN's


def test_segments_logged_without_their_header() -> None:
    """A log that writes the segments it processed and not their ``MSH``: a ``PID`` with
    a name's field and a component separator starts a message, read by HL7's standard
    separators, its row the ``PID``'s line."""
    text = (
        "2024-03-11 10:02:10 INFO MessageProcessor - batch 7\n"
        f"2024-03-11 10:02:11 INFO MessageProcessor - {PID.format(bsn='506332433')}\n"
        f"2024-03-11 10:02:11 INFO MessageProcessor - {NK1}\n"
        "2024-03-11 10:02:11 INFO MessageProcessor - OBX|1|ST|HPV^hrHPV||positief\n"
    )
    found = _found(text)
    assert ("bsn", "506332433", "engine.log#row=2&col=PID-3") in found
    assert ("name", "Petra Jansen", "engine.log#row=2&col=PID-5") in found
    assert ("date_of_birth", "1978-03-03", "engine.log#row=2&col=PID-7") in found
    assert ("phone", "+31612345678", "engine.log#part=NK1&row=2&col=NK1-6") in found


def test_each_message_is_a_row_of_its_own() -> None:
    first, second = MSH.format(n=1), MSH.format(n=2)
    text = "\n".join([first, PID.format(bsn="123456782"), "", second, PID.format(bsn="111222333")])
    found = [(v, loc) for c, v, loc in _found(text) if c == "bsn"]
    assert found == [
        ("123456782", "engine.log#row=1&col=PID-3"),
        ("111222333", "engine.log#row=4&col=PID-3"),
    ]


def test_what_is_no_message() -> None:
    for text in ("XMSH|^~\\&|A", "MSH|", "MSH|^", "Zie MSH-9 voor het type", "MSH"):
        unit = TextUnit(Location("m.txt"), text)
        assert hl7_messages(unit) == (unit, [])
    unit = TextUnit(Location("m.txt"), "XMSH|^~\\&|A|B\rPID|1||123456782")
    assert hl7_messages(unit) == (unit, [])
    for text in (
        "PID|1||123456782^^^NLMINBIZA",  # a PID without its name's field
        "PID|1||123456782||Jansen|x",  # no component separator: no HL7 shape
        "APID|1||123456782^^^A||Jansen^Petra",  # inside a word
    ):
        unit = TextUnit(Location("m.txt"), text)
        assert hl7_messages(unit) == (unit, [])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([MSH.format(n=7), PID.format(bsn="123456782"), NK1, "tekst", ""]),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r", "\r\n"]),
)
def test_blanking_keeps_offsets_and_line_breaks(lines: list[str], brk: str) -> None:
    text = brk.join(lines)
    rest, _ = hl7_messages(TextUnit(Location("m.txt"), text))
    assert len(rest.text) == len(text)
    for a, b in zip(rest.text, text, strict=True):
        assert a == b or (a == " " and b not in "\r\n")


def _table(path: str, rows: list[tuple[str, str | None]]) -> TableUnit:
    return TableUnit.build(
        Location(path), ("id", "raw"), [[a, b] for a, b in rows], list(range(2, len(rows) + 2))
    )


def _table_found(units: list[TableUnit]) -> set[tuple[str, str, str]]:
    """The findings of each unit as a file of its own, detected together."""
    return {
        (f.data_class, f.value, str(f.location))
        for table in detect_files([[u] for u in units], Config(workers=1))
        for f in findings_from_arrow(table)
    }


def test_a_message_in_a_table_cell_is_read_as_hl7() -> None:
    """An interface engine's message table exported (a cell per message): the message
    is read as HL7, in the part of its column, on its cell's row; the rest of the cell is
    text, and a cell's second message stays text (a row is one person's)."""
    message = f"{MSH.format(n=1)}\r{PID.format(bsn='123456782')}\r{NK1}"
    unit = _table("mirth.csv", [("1", message), ("2", "ACK ontvangen"), ("3", None)])
    found = _table_found([unit])
    assert ("bsn", "123456782", "mirth.csv#part=raw&row=2&col=PID-3") in found
    assert ("date_of_birth", "1978-03-03", "mirth.csv#part=raw&row=2&col=PID-7") in found
    assert ("phone", "+31612345678", "mirth.csv#part=raw/NK1&row=2&col=NK1-6") in found
    cells, tables = hl7_cells(Location("m.csv"), "raw", [2, 3], [f"zie: {message}", "x"])
    assert cells == ["zie:", "x"] and [t.num_rows for t in tables] == [1, 1]


def test_a_message_in_one_of_merged_tables_reads_as_alone() -> None:
    """Small exports of one header are scanned as one merged table; one whose cells hold
    a message is scanned alone, so its findings are those it has alone."""
    message = f"{MSH.format(n=1)}\r{PID.format(bsn='123456782')}"
    plain = [(str(i), f"status {i} ok") for i in range(6)]
    with_message = _table("b.csv", [*plain, ("9", message)])
    alone = _table_found([with_message])
    merged = _table_found([_table("a.csv", plain), with_message])
    assert ("bsn", "123456782", "b.csv#part=raw&row=8&col=PID-3") in alone
    assert {f for f in merged if f[2].startswith("b.csv")} == alone
