"""E-mail: lower-cased; role mailboxes and message ids are no person's address."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [
    ("Mail: Jan.Jansen@Example.NL", "jan.jansen@example.nl"),
    ("E m.vanderhaar@hotmail.com", "m.vanderhaar@hotmail.com"),
    ("<carla_254@live.nl>", "carla_254@live.nl"),
    ("j.de-vries+lab@mail.co.uk.", "j.de-vries+lab@mail.co.uk"),
]
NEGATIVE = [
    "info@huisartsenpraktijk-willems.nl",
    "uitslagen@dlhw-lab.nl",
    "service@medivance.nl",
    "Message-ID: <33bd3a7e1844c38e.877886@dlhw-lab.nl>",
    "jan..jansen@example.nl",
    "user@localhost",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "email") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "email") == []
