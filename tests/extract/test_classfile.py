"""Java class files: the constant pool's literals and numbers, and its names apart."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.classfile import ClassFileExtractor, modified_utf8
from breachscope.ingest.filetype import FileType, sniff

from .rows import note_reasons as notes
from .rows import text_parts as parts
from .samples import BSN, CLASS_LITERALS, java_class, java_class_sample

PATH = "dev/lims-web/target/test-classes/UitslagMapperTest.class"


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "java-class", len(data), lambda: io.BytesIO(data))
    return list(ClassFileExtractor().extract(source, config or Config()))


def test_sample_literals_and_numbers_apart_from_names() -> None:
    sample = java_class_sample()
    items = run(sample.data)
    assert parts(items) == {"strings": sample.info["strings"], "names": sample.info["names"]}
    assert not notes(items)
    text = parts(items)["strings"]
    assert "Ömer Yılmaz \U0001f600" in text and f"\n{BSN[0]}\n" in text
    assert text.count(BSN[0]) == 1 and "nan" not in text.lower()


def test_sniffed_and_a_jar_stays_a_zip_of_them() -> None:
    data = java_class_sample().data
    assert sniff(io.BytesIO(data), "A.class") is FileType.JAVA_CLASS
    fat = b"\xca\xfe\xba\xbe\x00\x00\x00\x02" + bytes(64)
    assert sniff(io.BytesIO(fat), "tool") is not FileType.JAVA_CLASS
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        zf.writestr("nl/pts/A.class", data)
    assert sniff(io.BytesIO(out.getvalue()), "lims.jar") is FileType.ZIP


def test_modified_utf8() -> None:
    assert modified_utf8(b"a\xc0\x80b") == "a\x00b"
    assert modified_utf8(b"\xed\xa0\xbd\xed\xb8\x80") == "\U0001f600"
    assert modified_utf8(b"\xed\xa0\xbd") == "\ufffd"


@pytest.mark.skipif(shutil.which("javac") is None, reason="no javac")
def test_a_class_javac_compiled(tmp_path: Path) -> None:
    source = tmp_path / "UitslagTest.java"
    source.write_text(
        "class UitslagTest {\n"
        '  static final String NAAM = "Jansen-de Vries";\n'
        "  @Deprecated int bsn() { return 111222333; }\n"
        "  long bsn2() { return 123456782L; }\n"
        '  String adres() { return "Dorpsstraat 12A\\n1234 AB Utrecht"; }\n'
        "  void casus_Yilmaz() {}\n"
        "}\n"
    )
    try:
        subprocess.run(["javac", "-d", str(tmp_path), str(source)], check=True, timeout=120)
    except (subprocess.SubprocessError, OSError):
        pytest.skip("javac did not run")
    found = parts(run((tmp_path / "UitslagTest.class").read_bytes()))
    lines = found["strings"].splitlines()
    assert {"Jansen-de Vries", "111222333", "123456782", "Dorpsstraat 12A 1234 AB Utrecht"} <= set(
        lines
    )
    assert "casus_Yilmaz" in found["names"].splitlines()
    assert "UitslagTest" in found["names"].splitlines()


def test_cut_short_keeps_the_constants_before() -> None:
    data = java_class_sample().data
    cut = data[: data.index(b"Dorpsstraat") + 4]
    items = run(cut)
    assert parts(items)["names"].startswith("nl/pts/lims/UitslagMapperTest\n")
    assert "Jansen-de Vries\n" in parts(items)["strings"]
    assert "cut short" in notes(items)[0]


def test_unknown_tag() -> None:
    data = java_class([(1, "Jansen-de Vries"), (8, (1,)), (99, (1,))])
    items = run(data)
    assert parts(items)["strings"] == "Jansen-de Vries\n"
    assert "unknown constant tag 99" in notes(items)[0]
    with pytest.raises(ExtractError):
        run(java_class([(99, (1,))]))


def test_hostile_count_and_length() -> None:
    data = b"\xca\xfe\xba\xbe\x00\x00\x00\x34\xff\xff" + b"\x01\xff\xffabc"
    items = run(data)
    assert not parts(items) and "cut short" in notes(items)[0]


def test_bound_on_characters() -> None:
    pool = [(1, f"Patient {i:05d} Jansen") for i in range(100)]
    pool += [(8, (i + 1,)) for i in range(100)]
    items = run(java_class(pool), Config(batch_bytes=500))
    assert len(parts(items)["strings"]) <= 500 and "reached 500" in notes(items)[0]


def test_random_empty_and_unclassed() -> None:
    with pytest.raises(ExtractError):
        run(random.Random(5).randbytes(4096))
    with pytest.raises(ExtractError):
        run(b"")
    with pytest.raises(SkipFile):
        run(java_class([(4, float("inf"))]))
    assert CLASS_LITERALS
