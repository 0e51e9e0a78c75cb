"""Probes ``pdf_ours`` (breachscope's PDF extractor) and ``pdf_pdfium`` (pypdfium2 alone:
open, get every page's text, close) over the same PDF files of the dump, on one core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.timing import repeat, since


def _pdfs(dump: str) -> list[Any]:
    from benchmarks.dumpwalk import inventory

    return [f for f in inventory(Path(dump)) if f.detected_type == "pdf"]


def pdf_ours(args: dict[str, Any], started: float) -> dict[str, Any]:
    from benchmarks.dumpwalk import Extractors, file_source
    from breachscope.config import Config
    from breachscope.extract.units import TextUnit

    files = _pdfs(args["dump"])
    config = Config(workers=1)
    extractors = Extractors()
    if "pdf" not in extractors.by_type:
        return {"status": "unavailable", "reason": "no PDF extractor yet"}
    startup = since(started)

    def one_pass() -> tuple[int, int]:
        pages: set[tuple[str, str | None]] = set()
        chars = 0
        for f in files:
            for u in extractors.units(file_source(f), config):
                if isinstance(u, TextUnit):
                    pages.add((u.location.path, u.location.part))
                    chars += len(u.text)
        return len(pages), chars

    (pages, chars), passes = repeat(
        one_pass,
        min_total_s=float(args.get("min_total_s", 1.0)),
        min_passes=int(args.get("min_passes", 2)),
    )
    return {
        "startup_s": startup,
        **passes.to_json(),
        "files": len(files),
        "bytes": sum(f.size for f in files),
        "pages": pages,
        "chars": chars,
    }


def pdf_pdfium(args: dict[str, Any], started: float) -> dict[str, Any]:
    import pypdfium2 as pdfium

    files = _pdfs(args["dump"])
    startup = since(started)

    def one_pass() -> tuple[int, int]:
        pages = chars = 0
        for f in files:
            doc = pdfium.PdfDocument(str(f.fs_path))
            try:
                for i in range(len(doc)):
                    page = doc[i]
                    textpage = page.get_textpage()
                    chars += len(textpage.get_text_range())
                    textpage.close()
                    page.close()
                    pages += 1
            finally:
                doc.close()
        return pages, chars

    (pages, chars), passes = repeat(
        one_pass,
        min_total_s=float(args.get("min_total_s", 1.0)),
        min_passes=int(args.get("min_passes", 2)),
    )
    return {
        "startup_s": startup,
        **passes.to_json(),
        "files": len(files),
        "bytes": sum(f.size for f in files),
        "pages": pages,
        "chars": chars,
    }
