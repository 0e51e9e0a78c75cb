"""Shared fixtures for the detection tests: one compiled detector set per session."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet


@pytest.fixture(scope="session")
def dset() -> DetectorSet:
    return DetectorSet.build(Config(workers=1))


@pytest.fixture(scope="session")
def fallback_dset() -> DetectorSet:
    return DetectorSet.build(Config(workers=1), force_fallback=True)
