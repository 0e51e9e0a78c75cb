"""Images (a scanned referral form, a photographed letter, a screenshot): read by OCR
when ``Config.ocr`` is on and a ``tesseract`` binary is on the PATH (Debian:
``tesseract-ocr tesseract-ocr-nld``), as ``tesseract - - -l nld`` with the image's own
bytes on its stdin (PNG, JPEG, GIF, TIFF with all its pages, BMP, WebP); offsets are
characters of the OCR text. Otherwise the file is skipped with ``needs OCR``, so the
manifest says what was not read and why.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

OCR_LANGUAGE = "nld"


class ImageExtractor(Extractor):
    """Images, by OCR (optional)."""

    id: ClassVar[str] = "image"
    types: ClassVar[frozenset[str]] = frozenset({"image"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        tesseract = shutil.which("tesseract") if config.ocr else None
        if tesseract is None:
            why = "OCR is off (Config.ocr)" if not config.ocr else "no tesseract on the PATH"
            raise SkipFile(f"needs OCR: image ({why})")
        if source.size > config.batch_bytes:
            raise ExtractError(f"image larger than {config.batch_bytes} bytes")
        with source.open() as fh:
            data = fh.read(config.batch_bytes + 1)
        try:
            done = subprocess.run(
                [tesseract, "-", "-", "-l", OCR_LANGUAGE],
                input=data,
                capture_output=True,
                timeout=config.file_timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExtractError(f"OCR took longer than {config.file_timeout_s} s") from None
        except OSError as exc:
            raise ExtractError(f"OCR could not run ({type(exc).__name__})") from None
        if done.returncode != 0:
            raise ExtractError(f"OCR failed (tesseract exit status {done.returncode})")
        text = done.stdout.decode("utf-8", errors="replace")
        if text.strip():
            yield from cut_text(Location(source.path), text, config.max_text_unit_chars)
