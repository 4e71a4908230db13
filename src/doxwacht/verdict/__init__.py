"""The verdict: personal data + intent -> level (none, personal_data, hostile, doxing), severity,
targets, disclosure, Dutch reasons and suggested qualifications (art. 285d, 285, 131, 137c/d, 139h, 266 Sr)."""

from doxwacht.verdict.analyzer import Verdict, VerdictAnalyzer
from doxwacht.verdict.policy import LEVELS

__all__ = ["LEVELS", "Verdict", "VerdictAnalyzer"]
