"""Windows registry exports: keys and their values' text, hexadecimal values decoded (a
recent file's name inside a shell item's bytes), nothing else of the bytes."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.regedit import RegistryExtractor, registry_text, texts_in
from breachscope.extract.units import TextUnit


def extract(data: bytes) -> list[Extracted]:
    source = Source("NTUSER.reg", "reg", len(data), lambda: io.BytesIO(data))
    return list(RegistryExtractor().extract(source, Config()))


def _hex(data: bytes) -> str:
    return ",".join(f"{b:02x}" for b in data)


_EXPAND = _hex("%USERPROFILE%\\Jansen".encode("utf-16-le") + bytes(2))
_MULTI = _hex("één\x00twee\x00\x00".encode("utf-16-le"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a string's escapes undone
        ('"a"="C:\\\\Users\\\\Jansen \\"P\\""', 'a: C:\\Users\\Jansen "P"'),
        # numbers as decimal digits, written as such or as little-endian bytes
        ('"n"=dword:0000001c', "n: 28"),
        ('"n"=hex(b):01,00,00,00,00,00,00,00', "n: 1"),
        ('"n"=hex(4):1c,00,00,00', "n: 28"),
        # strings written as UTF-16 bytes: each string, apart
        (f'"s"=hex(2):{_EXPAND}', "s: %USERPROFILE%\\Jansen"),
        (f'"m"=hex(7):{_MULTI}', "m: één | twee"),
        # the default value; a value that holds no text is left out
        ('@="Jansen"', "@: Jansen"),
        ('"MRUListEx"=hex:00,00,00,00,ff,ff,ff,ff', None),
        ('"weg"=-', None),
    ],
)  # fmt: skip
def test_value_text(value: str, expected: str | None) -> None:
    text = f"Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n{value}\r\n"
    lines = registry_text(text).splitlines()
    assert lines[0] == "[HKEY_CURRENT_USER\\X]"
    assert lines[1:] == ([] if expected is None else [expected])


def test_binary_data_reads_as_the_texts_written_in_it() -> None:
    """UTF-16 at either alignment and single-byte runs, in the order they stand; junk
    byte pairs (far outside the Latin scripts) and short runs are none."""
    data = (
        b"\x14\x00\x1f\x50"
        + "Kroeze 685520183.pdf".encode("utf-16-le")
        + b"\x00\x00\x07"
        + "Łódź".encode("utf-16-le")
        + b"\x00\x00\xef\xbeKROEZE~1.LNK\x00\x18\xfc\xa0\x7f"
    )
    assert texts_in(data) == ["Kroeze 685520183.pdf", "Łódź", "KROEZE~1.LNK"]
    assert texts_in(b"\x18\xfc\xef\x30\xa0\x7f\x22\x80") == []


def test_continued_hex_lines_and_regedit4() -> None:
    """A hexadecimal value's lines continued by backslashes are one value; a ``REGEDIT4``
    file writes its strings' bytes in the ANSI code page."""
    wide = _hex("Koster-Kok 877484004".encode("utf-16-le"))
    cut = wide[:29] + ",\\\r\n  " + wide[30:]
    text = f'Windows Registry Editor Version 5.00\r\n[K]\r\n"0"=hex:{cut}\r\n"b"="x"\r\n'
    assert registry_text(text) == "[K]\n0: Koster-Kok 877484004\nb: x\n"
    old = f'REGEDIT4\r\n\r\n[K]\r\n"p"=hex(2):{_hex("Café Jansen".encode("cp1252"))},00\r\n'
    assert registry_text(old) == "[K]\np: Café Jansen\n"


def test_a_file_without_the_header_is_an_error() -> None:
    with pytest.raises(ExtractError, match="no registry export header"):
        extract(b'[HKEY_CURRENT_USER\\X]\r\n"a"="b"\r\n')


def test_a_recent_files_patient_is_found() -> None:
    """The name and birth date in a recent file's name, the name in another's written as
    UTF-16 bytes (a number beside it, with no word for a BSN, is no BSN: a lab's numbers
    pass the same check)."""
    shell = "Uitslag mevr. Kroeze 685520183.pdf".encode("utf-16-le") + bytes(2)
    text = (
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Word\\User MRU\\File MRU]\r\n"
        '"Item 1"="[F00000000][T01DAA9D1023DEE9B]*\\\\\\\\fs01\\\\bvo\\\\'
        'Brief mevr. P.E. Kroeze 17-10-1943.docx"\r\n\r\n'
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs]\r\n"
        f'"0"=hex:{_hex(shell)}\r\n'
    )
    units = [u for u in extract(b"\xff\xfe" + text.encode("utf-16-le")) if isinstance(u, TextUnit)]
    found = {
        (f.data_class, f.value, units[0].text[f.location.start : f.location.end])
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
        if f.location.start is not None and f.location.end is not None
    }
    assert found >= {
        ("name", "P.E. Kroeze", "P.E. Kroeze"),
        ("date_of_birth", "1943-10-17", "17-10-1943"),
        ("name", "Kroeze", "Kroeze"),  # (in the shell item's bytes)
    }
