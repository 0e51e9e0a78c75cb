"""Detect: find personal and health data in extracted units.

``detect_units(units, config) -> pyarrow.Table`` (:data:`FINDINGS_SCHEMA`) is the stage's
API; detectors are one module each in :mod:`breachscope.detect.detectors`.
"""

from breachscope.detect.base import Detector
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import (
    FINDINGS_SCHEMA,
    Finding,
    findings_from_arrow,
    findings_to_arrow,
)

__all__ = [
    "FINDINGS_SCHEMA",
    "Detector",
    "Finding",
    "detect_units",
    "findings_from_arrow",
    "findings_to_arrow",
]
