"""Echo report analysis: text in, a severity label per finding category out (no UI)."""

from echoassist.report.analyze import analyze, with_all_categories
from echoassist.report.categories import CATEGORIES
from echoassist.report.model import Evidence, Finding, Measurement, Report

__all__ = [
    "CATEGORIES",
    "Evidence",
    "Finding",
    "Measurement",
    "Report",
    "analyze",
    "with_all_categories",
]
