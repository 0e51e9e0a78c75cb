"""Files embedded in a text as base64 are files of their own."""

from __future__ import annotations

import base64
import io
import textwrap

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Source
from breachscope.extract.embedded import embedded_files
from breachscope.extract.text import TextExtractor

CSV = (
    "bsn;naam;geboortedatum\n123456782;Jansen-de Vries, M.;1978-03-04\n"
    "111222333;Smit, A.;1980-04-04\n"
)


def _b64(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode()


def _children(text: str) -> list[ChildFile]:
    data = text.encode()
    source = Source("secret.yaml", "text", len(data), lambda: io.BytesIO(data))
    return [i for i in TextExtractor().extract(source, Config()) if isinstance(i, ChildFile)]


def test_a_secrets_wrapped_csv_and_its_one_line_copy() -> None:
    wrapped = "\n".join("    " + line for line in textwrap.wrap(_b64(CSV), 76))
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  annotations:\n"
        f'    last-applied: {{"data":{{"seed.csv":"{_b64(CSV)}"}}}}\n'
        f"data:\n  DB_PASSWORD: {_b64('Zomer2024!acc')}\n  seed.csv: |-\n{wrapped}\n"
    )
    children = _children(text)
    assert [(c.name, c.data.decode()) for c in children] == [("seed.csv", CSV), ("seed-2.csv", CSV)]
    rest, _ = embedded_files(text, 1, set())  # (the runs blanked: not read again as text)
    assert _b64(CSV) not in rest and "Zomer2024" not in rest and _b64("Zomer2024!acc") in rest
    assert rest.count("\n") == text.count("\n") and len(rest) == len(text)


def test_a_pdf_under_a_key_with_no_file_name() -> None:
    pdf = b"%PDF-1.7\n" + b"\x00\x01binary" * 8
    children = _children(f'2024-06-12 10:00 INFO upload {{"content": "{_b64(pdf)}"}}\n')
    assert [(c.name, c.data) for c in children] == [("base64-line1", pdf)]


@pytest.mark.parametrize(
    "text",
    [
        "sha256=" + "a3f1" * 16,  # a hash in hex
        "token: " + _b64(bytes(range(200, 248))),  # bytes, no file
        "payload=" + _b64("bsn=123456782;naam=Jansen;geboortedatum=1978-03-04 en nog wat"),
        "EENHEELLANGWOORDZONDERSPATIESDATGEENBASE64ISMAARWELLANGGENOEGISVOORDEREGEL",
    ],
)  # fmt: skip
def test_what_encodes_no_file_is_left(text: str) -> None:
    assert _children(text) == []


@given(
    st.lists(
        st.text(min_size=1, max_size=40).filter(lambda s: "\n" not in s), min_size=2, max_size=6
    )
)
@example(["\U0001ee67", "\U0001ee67", "¡¡", "00000", "0000¡"])  # (40 characters with its "==")
def test_any_wrapped_text_file_comes_back_whole(lines: list[str]) -> None:
    content = "\n".join(lines) + "\n"
    raw = content.encode()
    text = "bijlage.txt: |-\n" + "\n".join(textwrap.wrap(_b64(raw), 64))
    rest, found = embedded_files(text, 1, set())
    assert len(rest) == len(text) and rest.count("\n") == text.count("\n")
    printable = sum(c.isprintable() or c in "\r\n\t" for c in content) >= 0.98 * len(content)
    if len(_b64(raw).rstrip("=")) >= 40 and printable and "\n" in content.strip():
        assert [(c.name, c.data) for c in found] == [("bijlage.txt", raw)]
    else:
        assert found == []


def test_the_parent_text_no_longer_holds_the_file() -> None:
    """Read as its own file, the CSV is not read again in the Secret's text as the text
    its base64 encodes (its patients once, not twice)."""
    from breachscope.detect.engine import detect_units
    from breachscope.detect.finding import findings_from_arrow
    from breachscope.extract.units import TextUnit

    text = f"data:\n  seed.csv: {_b64(CSV)}\n  user: {_b64('admin')}\n"
    data = text.encode()
    source = Source("secret.yaml", "text", len(data), lambda: io.BytesIO(data))
    units = [u for u in TextExtractor().extract(source, Config()) if isinstance(u, TextUnit)]
    found = findings_from_arrow(detect_units(units, Config(workers=1)))
    assert [f for f in found if f.data_class == "bsn"] == []
