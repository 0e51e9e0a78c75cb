"""The probes: each measures one thing inside its own subprocess (:mod:`benchmarks.probe`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.probes import detect, extract, pdf, resolve

Probe = Callable[[dict[str, Any], float], dict[str, Any]]

PROBES: dict[str, Probe] = {
    "extract": extract.run,
    "pipeline": extract.pipeline,
    "detect_text": detect.detect_text,
    "detect_tables": detect.detect_tables,
    "pdf_ours": pdf.pdf_ours,
    "pdf_pdfium": pdf.pdf_pdfium,
    "simulate_mentions": resolve.simulate_mentions,
    "resolve_ours": resolve.resolve_ours,
    "resolve_splink": resolve.resolve_splink,
}
