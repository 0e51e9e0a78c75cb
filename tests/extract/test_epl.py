"""EPL2 label jobs: each label's fields, a line each, in a part of its own."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import ExtractError, Source
from breachscope.extract.epl import EplExtractor, labels
from breachscope.extract.units import TextUnit, Unit
from breachscope.ingest.filetype import FileType, sniff

from .samples import epl_sample


def test_labels_and_their_fields() -> None:
    sample = epl_sample()
    assert list(labels(sample.data.decode())) == [
        v.split("\n")
        for v in sample.info.values()  # type: ignore[attr-defined]
    ]


def test_a_labels_name_birth_date_and_bsn_are_found() -> None:
    sample = epl_sample()
    units: list[Unit] = [
        u for u in EplExtractor().extract(sample.source(), Config()) if isinstance(u, TextUnit)
    ]
    found = findings_from_arrow(detect_units(units, Config(workers=1)))
    assert {(f.data_class, f.value) for f in found if f.data_class != "name"} >= {
        ("date_of_birth", "1978-03-04"),
        ("bsn", "123456782"),
    }


@pytest.mark.parametrize(
    ("text", "epl"),
    [
        (epl_sample().data.decode(), True),
        ('N\nA50,0,0,1,1,1,N,"Jansen"\nP1\n', True),
        ("N\nNiet een label\n", False),
        ('Naam: "Jansen"\nA50,0,0,1,1,1,N,"x"\n', False),
    ],
)
def test_it_is_sniffed_by_its_commands(text: str, epl: bool) -> None:
    assert (sniff(io.BytesIO(text.encode()), "job.prn") is FileType.EPL) is epl


def test_a_job_without_labels_is_refused() -> None:
    data = b"N\nq609\n"
    source = Source("a.epl", "epl", len(data), lambda: io.BytesIO(data))
    with pytest.raises(ExtractError):
        list(EplExtractor().extract(source, Config()))
