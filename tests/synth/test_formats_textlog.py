from __future__ import annotations

import random
import re

import pytest
from stdnum.nl import bsn

from breachscope.synth.formats import textlog

from .format_checks import assert_mention_matches_text
from .format_factory import by_id, records

LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (INFO |WARN |ERROR|DEBUG) \[[^\]]+\] .+")


@pytest.mark.parametrize("seed", range(6))
def test_log_shows_exactly_the_claimed_classes(seed: int) -> None:
    recs = records()
    written = textlog.write(recs, random.Random(seed))
    text = written.data.decode("utf-8")
    assert all(LINE.fullmatch(line) for line in text.splitlines())
    people = by_id(recs)
    assert [m.person_id for m in written.mentions] == [r.person_id for r in recs]
    for mention in written.mentions:
        assert mention.part is None and mention.row is None and mention.member is None
        assert_mention_matches_text(mention, people[mention.person_id], text)


def test_routine_lines_carry_elfproef_lab_numbers_without_bsn_context() -> None:
    text = "\n".join(textlog.write(records(), random.Random(s)).data.decode() for s in range(5))
    numbers = re.findall(r"labnr (\d{9}) status", text)
    assert numbers and all(bsn.is_valid(n) for n in numbers)
    for number in numbers:
        assert f"BSN {number}" not in text


def test_deterministic_bytes() -> None:
    recs = records()
    assert textlog.write(recs, random.Random(3)).data == textlog.write(recs, random.Random(3)).data
