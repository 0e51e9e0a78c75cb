"""Plain text: encodings and exact offsets across unit boundaries."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.extract.base import SkipFile, Source
from breachscope.extract.text import TextExtractor
from breachscope.extract.units import TextUnit


def units(data: bytes, limit: int = 8 * 1024**2) -> list[TextUnit]:
    source = Source("a.log", "text", len(data), lambda: io.BytesIO(data))
    out = list(TextExtractor().extract(source, Config(max_text_unit_chars=limit)))
    assert all(isinstance(u, TextUnit) for u in out)
    return out  # type: ignore[return-value]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.characters(blacklist_characters="\x00"), min_size=1, max_size=400),
    limit=st.integers(min_value=1, max_value=50),
    codec=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_every_unit_slice_is_the_original_character_range(  # NUL-heavy text may read as UTF-16
    text: str, limit: int, codec: str
) -> None:
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # no lone surrogates
    got = units(text.encode(codec), limit)
    assert "".join(u.text for u in got) == text
    for unit in got:
        assert 0 < len(unit.text) <= limit
        loc = unit.span(0, len(unit.text))
        assert text[loc.start : loc.end] == unit.text
        assert unit.first_line == 1 + text.count("\n", 0, loc.start)


def test_cut_prefers_a_newline() -> None:
    got = units(b"aaaa\nbbbb\ncccc\n", limit=12)
    assert [u.text for u in got] == ["aaaa\nbbbb\n", "cccc\n"]
    assert [u.base_offset for u in got] == [0, 10]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("naïve café\r\n".encode("utf-16-le"), "naïve café\r\n"),
        ("naïve café\r\n".encode("utf-16-be"), "naïve café\r\n"),
        ("naïve café".encode("cp1252"), "naïve café"),
        (b"bsn\x00123456782\x00", "bsn\x00123456782\x00"),
        (b"ok \xff\xfe bad", "ok ÿþ bad"),
    ],
)
def test_encodings_nul_and_invalid_bytes(data: bytes, expected: str) -> None:
    assert "".join(u.text for u in units(data)) == expected


@pytest.mark.parametrize("data", [b"", "".encode("utf-16")])
def test_empty_text_is_skipped(data: bytes) -> None:
    with pytest.raises(SkipFile):
        units(data)
