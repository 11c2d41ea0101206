"""What the comparator gives: one Result per commitment, and its tables.

A Result holds the commitment and the outcomes that report on it (records.Claim,
so both quotes keep their document and page), the status, the ratio and a
one-line reason in French. ``results_frame`` flattens them for pandas,
``to_json_rows`` gives the CLI's JSON shape and ``gold_links`` ANNOTATION.md's
``links`` entries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import pandas as pd

from ..records import Claim

UNMET_ORDER = {"not_met": 0, "partial": 1, "no_evidence": 2, "pending": 3, "met": 4}


@dataclass
class Result:
    """A commitment held against what later text reports."""

    commitment: Claim
    outcomes: list[Claim] = field(default_factory=list)
    status: str = "no_evidence"
    ratio: float | None = None
    reason: str = ""
    achieved: float | None = None  # the figure the ratio used (sum, total or single)
    direction: str | None = None  # "lower_is_better" when the figure should go down
    report_year: int | None = None  # publication year the status is judged at
    rule: str = ""  # which aggregation / status rule decided
    scores: list[float] = field(default_factory=list)  # link score of each outcome

    # the columns of the database's ``results`` table
    @property
    def commitment_doc(self) -> str:
        return self.commitment.doc

    @property
    def commitment_id(self) -> str:
        return self.commitment.id

    @property
    def metric(self) -> str:
        return self.commitment.metric

    @property
    def target(self) -> float | None:
        return self.commitment.value

    @property
    def unit(self) -> str | None:
        return self.commitment.unit

    @property
    def deadline(self) -> str | None:
        return self.commitment.deadline

    @property
    def outcome_doc(self) -> str | None:
        return self.outcomes[0].doc if self.outcomes else None

    @property
    def outcome_ids(self) -> list[str]:
        return [o.id if o.doc == self.commitment.doc else f"{o.doc}#{o.id}" for o in self.outcomes]

    @property
    def outcome_value(self) -> float | None:
        return self.achieved

    @property
    def quotes(self) -> list[dict[str, Any]]:
        return [_quote(self.commitment, "commitment")] + [_quote(o, "outcome") for o in self.outcomes]


def _quote(c: Claim, role: str) -> dict[str, Any]:
    return {"role": role, "doc": c.doc, "id": c.id, "page": c.page, "text": c.text}


def sort_unmet_first(results: Iterable[Result]) -> list[Result]:
    return sorted(results, key=lambda r: (UNMET_ORDER.get(r.status, 9), r.commitment.doc, r.commitment.start_char))


def results_frame(results: Sequence[Result]) -> pd.DataFrame:
    """One row per commitment: both quotes, pages, status, ratio, reason."""
    rows = []
    for r in results:
        c = r.commitment
        rows.append({
            "commitment_doc": c.doc, "commitment_id": c.id, "commitment_page": c.page, "commitment": c.text,
            "metric": c.metric, "target": c.value, "unit": c.unit, "deadline": c.deadline,
            "status": r.status, "ratio": r.ratio, "achieved": r.achieved, "direction": r.direction,
            "reason": r.reason, "report_year": r.report_year,
            "outcome_ids": ", ".join(r.outcome_ids),
            "outcome_pages": ", ".join(f"{o.doc}:{o.page}" if o.doc != c.doc else str(o.page) for o in r.outcomes),
            "outcomes": " | ".join(o.text for o in r.outcomes),
            "rule": r.rule,
        })
    columns = ["commitment_doc", "commitment_id", "commitment_page", "commitment", "metric", "target", "unit", "deadline",
               "status", "ratio", "achieved", "direction", "reason", "report_year", "outcome_ids", "outcome_pages", "outcomes", "rule"]
    return pd.DataFrame(rows, columns=columns)


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def to_json_rows(results: Sequence[Result]) -> list[dict[str, Any]]:
    """The CLI's JSON: commitment, outcomes, status, ratio, reason."""
    out = []
    for r in results:
        c = r.commitment
        out.append({
            "commitment": {"doc": c.doc, "id": c.id, "page": c.page, "text": c.text, "metric": c.metric,
                           "value": _num(c.value), "unit": c.unit, "deadline": c.deadline},
            "outcomes": [{"doc": o.doc, "id": o.id, "page": o.page, "text": o.text, "value": _num(o.value), "unit": o.unit, "year": o.year}
                         for o in r.outcomes],
            "status": r.status,
            "ratio": r.ratio,
            "reason": r.reason,
        })
    return out


def gold_links(results: Sequence[Result], doc: str) -> list[dict[str, Any]]:
    """ANNOTATION.md ``links`` for the commitments of ``doc`` (other documents' outcomes as DOC#id)."""
    out = []
    for r in results:
        if r.commitment.doc != doc:
            continue
        link: dict[str, Any] = {"commitment": r.commitment.id, "outcomes": r.outcome_ids, "status": r.status}
        if r.ratio is not None:
            link["ratio"] = r.ratio
        out.append(link)
    return out
