"""PHP session files: the variables PHP serialised, read without running anything; the
patient a portal's user viewed found, a session cut short kept up to its cut."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.phpsession import PhpSerialError, PhpSessionExtractor, session, value
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import PHP_SESSION, PHP_SESSION_CELLS

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("sess_x", "php-session", len(data), lambda: io.BytesIO(data))
    return list(PhpSessionExtractor().extract(source, Config()))


def test_a_session_is_a_document_of_its_variables() -> None:
    assert sniff_bytes(PHP_SESSION, "sess_g8ig497i2qbrdcf7") is FileType.PHP_SESSION
    items = extract(PHP_SESSION)
    assert rows_by_number(items)[1] == PHP_SESSION_CELLS
    units = [u for u in items if isinstance(u, TableUnit)]
    found = {(f.data_class, f.value) for f in findings_from_arrow(detect_units(units, Config()))}
    assert {("bsn", "123456782"), ("date_of_birth", "1978-03-04"), ("provider", "01001234"),
            ("health", "hrHPV positief")} <= found  # fmt: skip


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"N;", None),
        (b"b:0;", False),
        (b"i:-42;", "-42"),
        (b"d:1.5E+3;", "1.5E+3"),
        (b's:4:"\xc3\x96zt";', "Özt"),  # (a length in bytes)
        (b'a:2:{i:0;s:1:"a";i:1;s:1:"b";}', ["a", "b"]),
        (b'a:1:{s:3:"bsn";s:2:"12";}', {"bsn": "12"}),
        (b'O:1:"X":1:{s:6:"\x00X\x00bsn";i:1;}', {"bsn": "1"}),
        (b"a:1:{i:0;r:1;}", [None]),
        (b'C:3:"Foo":5:{abcde}', None),
    ],
)
def test_values(data: bytes, expected: object) -> None:
    assert value(data, 0) == (expected, len(data))


@pytest.mark.parametrize(
    "data", [b's:9:"abc";', b"i:12", b"a:2:{i:0;N;}", b"x:1;", b"a:1:{" * 40 + b"i:0;N;"]
)
def test_no_values(data: bytes) -> None:
    with pytest.raises(PhpSerialError):
        value(data, 0)


def test_a_session_cut_short_keeps_the_variables_before_the_cut() -> None:
    variables, stopped = session(PHP_SESSION[:120])
    assert list(variables) == ["_token", "user"] and stopped is not None
    items = extract(PHP_SESSION[:120])
    assert [n.reason[:32] for n in items if isinstance(n, Note)] == [
        "PHP session read up to a break: "
    ]
    with pytest.raises(ExtractError):
        extract(b'user|a:9:{s:1:"x"')
