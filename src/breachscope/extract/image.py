"""Images (a scanned referral form, a photographed letter, a screenshot, a fax): their
pixels read by OCR when ``Config.ocr`` is on and a ``tesseract`` binary is on the PATH
(Debian: ``tesseract-ocr tesseract-ocr-nld``), as ``tesseract - - -l nld`` with the
image's own bytes on its stdin (PNG, JPEG, GIF, TIFF with all its pages, BMP, WebP);
offsets are characters of the OCR text. Otherwise the pixels are skipped with ``needs
OCR``, so the manifest says what was not read and why.

The text in the image's metadata is read whether or not OCR is on (see
:mod:`breachscope.extract.imagemeta`), as part ``metadata``, a line ``name: value`` per
field: an image whose pixels are skipped yields it with a note, and one without such text
is skipped as before. Only the first ``Config.batch_bytes`` of the file are read for it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.imagemeta import Metadata, read_metadata
from breachscope.location import Location

OCR_LANGUAGE = "nld"


class ImageExtractor(Extractor):
    """Images: their metadata's text, and their pixels by OCR (optional)."""

    id: ClassVar[str] = "image"
    types: ClassVar[frozenset[str]] = frozenset({"image"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            data = fh.read(config.batch_bytes + 1)
        meta = read_metadata(data[: config.batch_bytes], config.batch_bytes)
        if len(data) > config.batch_bytes:
            meta.note(f"metadata read from the first {config.batch_bytes} bytes only")
        try:
            text = self.ocr(data, config)
        except (ExtractError, SkipFile) as exc:
            if not meta.parts:
                raise
            yield from metadata_units(source.path, meta, config)
            yield Note(Location(source.path), str(exc))
            return
        if text.strip():
            yield from cut_text(Location(source.path), text, config.max_text_unit_chars)
        yield from metadata_units(source.path, meta, config)

    @staticmethod
    def ocr(data: bytes, config: Config) -> str:
        """The OCR text of the image ``data`` (read up to one byte past
        ``Config.batch_bytes``): :class:`SkipFile` where OCR is off or missing,
        :class:`ExtractError` where the image is too large or OCR fails."""
        tesseract = shutil.which("tesseract") if config.ocr else None
        if tesseract is None:
            why = "OCR is off (Config.ocr)" if not config.ocr else "no tesseract on the PATH"
            raise SkipFile(f"needs OCR: image ({why})")
        if len(data) > config.batch_bytes:
            raise ExtractError(f"image larger than {config.batch_bytes} bytes")
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
        return done.stdout.decode("utf-8", errors="replace")


def metadata_units(path: str, meta: Metadata, config: Config) -> Iterator[Extracted]:
    """The metadata's text, a unit per part (cut where long), then its notes."""
    for part, text in meta.texts().items():
        yield from cut_text(Location(path, part), text, config.max_text_unit_chars)
    for part, reason in meta.notes:
        yield Note(Location(path, part), reason)
