"""Images: OCR when it is on and tesseract is there, else a skip that says why."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.image import ImageExtractor
from breachscope.extract.units import TextUnit

from .samples import image_sample


def extract(data: bytes, config: Config) -> list[Extracted]:
    source = Source("s.png", "image", len(data), lambda: io.BytesIO(data))
    return list(ImageExtractor().extract(source, config))


def _tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "tesseract"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")


def test_ocr_off_skips_with_the_reason() -> None:
    with pytest.raises(SkipFile, match="needs OCR: image \\(OCR is off"):
        extract(image_sample().data, Config())


def test_ocr_reads_the_image_bytes_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(
        tmp_path,
        monkeypatch,
        '[ "$1 $2 $3 $4" = "- - -l nld" ] || exit 2\n'
        "head -c 4 | grep -q PNG || exit 3\n"
        "echo 'Mevr. A. de Vries, BSN 111222333'\n",
    )
    items = extract(image_sample().data, Config(ocr=True))
    assert [u.text for u in items if isinstance(u, TextUnit)] == [
        "Mevr. A. de Vries, BSN 111222333\n"
    ]


def test_a_failing_ocr_fails_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(tmp_path, monkeypatch, "cat > /dev/null\nexit 1\n")
    with pytest.raises(ExtractError, match="exit status 1"):
        extract(image_sample().data, Config(ocr=True))
