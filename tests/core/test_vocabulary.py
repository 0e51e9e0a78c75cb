from __future__ import annotations

import pytest

from breachscope.vocabulary import DATA_CLASSES, DataClass, join_classes, split_classes


def test_vocabulary_is_the_contract() -> None:
    assert DATA_CLASSES == (
        "name",
        "date_of_birth",
        "bsn",
        "address",
        "phone",
        "email",
        "iban",
        "health",
        "provider",
    )
    assert DataClass("bsn") is DataClass.BSN


def test_join_orders_by_vocabulary_and_round_trips() -> None:
    joined = join_classes({"health", "bsn", "name"})
    assert joined == "name;bsn;health"
    assert split_classes(joined) == ("name", "bsn", "health")
    assert join_classes([]) == ""


@pytest.mark.parametrize("bad", [{"names"}, {"BSN"}, {""}])
def test_unknown_classes_are_refused(bad: set[str]) -> None:
    with pytest.raises(ValueError):
        join_classes(bad)
    with pytest.raises(ValueError):
        split_classes(";".join(bad) + ";x")
