"""ZPL label files: each label's printed text a part of its own, a field a line; the
patient on a sample's label is found as one record."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.units import TextUnit
from breachscope.extract.zpl import ZplExtractor, labels


def extract(data: bytes) -> list[Extracted]:
    source = Source("etiketten.zpl", "zpl", len(data), lambda: io.BytesIO(data))
    return list(ZplExtractor().extract(source, Config()))


def test_fields_in_file_order_commands_left_out() -> None:
    text = "^XA^CF0,30^FO20,20^FDC24-1^FS^FO20,60^GB100,2,2^FS^FO20,90^FDJANSEN, P.   V^FS^XZ"
    assert list(labels(text)) == [["C24-1", "JANSEN, P.   V"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hexadecimal escapes after ^FH, UTF-8 where the label chose it, code page 850 else
        ("^XA^CI28^FO0,0^FH^FD_C3_87elik^FS^XZ", "Çelik"),
        ("^XA^FO0,0^FH^FD_80elik^FS^XZ", "Çelik"),
        ("^XA^FO0,0^FH\\^FD\\C3\\87elik^FS^XZ", "\u251c\u00e7elik"),  # no ^CI28: cp850
        ("^XA^CI28^FO0,0^FH\\^FD\\C3\\87elik^FS^XZ", "Çelik"),
        ("^XA^FO0,0^FD_C3_87elik^FS^XZ", "_C3_87elik"),  # no ^FH: as written
        # a QR code's mode prefix; a variable field; a comment
        ("^XA^FO0,0^BQN,2,4^FDQA,BSN 123456782^FS^XZ", "BSN 123456782"),
        ("^XA^FO0,0^FVJansen^FS^XZ", "Jansen"),
        ("^XA^FX patiënt Jansen ^FS^XZ", "patiënt Jansen"),
        # another caret
        ("^XA^CC+^FO0,0+FDJansen+FS+XZ", "Jansen"),
    ],
)
def test_field_text(text: str, expected: str) -> None:
    assert list(labels(text)) == [[expected]]


def test_labels_are_parts_numbered_in_file_order() -> None:
    data = b"^XA^LH0,0^XZ\n^XA^FO0,0^FDeen^FS^XZ\n^XA^FO0,0^FDtwee^FS\n"  # the last cut short
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert [(u.location.part, u.text) for u in units] == [("label-2", "een"), ("label-3", "twee")]


def test_a_file_with_no_label_is_an_error() -> None:
    with pytest.raises(ExtractError, match="no ZPL label"):
        extract(b"^FDJansen^FS")


def test_each_label_is_its_patients_record() -> None:
    data = (
        b"^XA\n^CI28\n^FO20,20^FDC24-140221^FS\n^FO20,60^FDBERGSMA, T.G.   V^FS\n"
        b"^FO20,95^FD16-07-1966   BSN 520116331^FS\n^FO320,20^FDHA: Wijnstra^FS\n^XZ\n"
        b"^XA\n^CI28\n^FO20,20^FDC24-140223^FS\n^FO20,60^FDNOWAK, J.   V^FS\n"
        b"^FO20,95^FD19-05-1985   BSN 904610731^FS\n^FO320,20^FDHA: De Groot-Faber^FS\n^XZ\n"
    )
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    found = {
        (f.location.part, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        ("label-1", "name", "T.G. Bergsma"),
        ("label-1", "bsn", "520116331"),
        ("label-1", "date_of_birth", "1966-07-16"),
        ("label-1", "provider", "Wijnstra"),
        ("label-2", "name", "J. Nowak"),
        ("label-2", "date_of_birth", "1985-05-19"),
    }
