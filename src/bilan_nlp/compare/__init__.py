"""Commitments versus outcomes: links, ratios, statuses, and a report's own arithmetic.

``compare(extractions)`` → list of ``Result``; ``results_frame`` for pandas;
``gold_links`` for ANNOTATION.md's ``links``; ``check_consistency`` for the
report's own sums and rates.
"""
from .comparator import Comparator, compare
from .periods import ReportInfo, report_info
from .results import Result, gold_links, results_frame, sort_unmet_first, to_json_rows

__all__ = [
    "Comparator", "compare", "ReportInfo", "report_info", "Result", "gold_links", "results_frame",
    "sort_unmet_first", "to_json_rows",
]
