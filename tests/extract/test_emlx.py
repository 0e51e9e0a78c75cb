"""Apple Mail's ``.emlx``: the message it holds, read as e-mail."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, ExtractError, Note, Source
from breachscope.extract.emlx import EmlxExtractor
from breachscope.ingest.filetype import FileType, sniff

from .samples import EMLX_MESSAGE, emlx_sample


def _run(data: bytes, path: str = "48211.partial.emlx") -> list[object]:
    source = Source(path, "emlx", len(data), lambda: io.BytesIO(data))
    return list(EmlxExtractor().extract(source, Config()))


def test_the_message_is_a_child_eml_and_is_sniffed_as_mail() -> None:
    (child,) = _run(emlx_sample().data)
    assert isinstance(child, ChildFile) and child.name == "48211.eml"
    assert sniff(io.BytesIO(child.data), child.name) is FileType.EML
    assert sniff(io.BytesIO(emlx_sample().data), "48211.emlx") is FileType.EMLX


def test_a_length_past_the_files_end_is_read_as_far_as_it_goes() -> None:
    data = f"{len(EMLX_MESSAGE) + 500}\n".encode() + EMLX_MESSAGE
    items = _run(data)
    assert [type(i) for i in items] == [Note, ChildFile]


@pytest.mark.parametrize("data", [b"no length\nFrom: a\n", b"12\n\n\n"])
def test_what_holds_no_message_is_refused(data: bytes) -> None:
    with pytest.raises(ExtractError):
        _run(data)


def test_a_number_then_text_is_no_emlx() -> None:
    assert sniff(io.BytesIO(b"42\nsome notes about a patient\n"), "x.txt") is not FileType.EMLX
