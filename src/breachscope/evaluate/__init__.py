"""Evaluate: measure breachscope against a synthetic truth (``breachscope synth``).

:mod:`breachscope.evaluate.detection` scores detection per data class at the level of
(record locator, data class); people-level scores come with the resolution stage.
"""

from breachscope.evaluate.detection import (
    ClassScore,
    DetectionEvaluation,
    evaluate_case_detection,
    evaluate_detection,
)

__all__ = ["ClassScore", "DetectionEvaluation", "evaluate_case_detection", "evaluate_detection"]
