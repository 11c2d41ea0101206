"""Typed records for what the pipeline finds, and their DataFrames.

Every record carries its provenance: document, page, character span in the
document's cleaned text, and the sentence it stands in.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable

import pandas as pd

MENTION_KINDS = ("amount", "headcount", "quantity", "percentage", "date", "place")
CLAIM_TYPES = ("commitment", "outcome")
STATUSES = ("met", "partial", "not_met", "pending", "no_evidence")


@dataclass
class Mention:
    doc: str
    kind: str  # one of MENTION_KINDS
    text: str  # surface as in the source
    start_char: int  # offsets in Document.text
    end_char: int
    page: int | None = None
    sentence: str = ""
    value: float | str | None = None  # number, or canonical place name
    value_max: float | None = None
    unit: str | None = None
    approx: bool = False
    change: bool = False
    start: str | None = None  # dates, ISO
    end: str | None = None
    subject: str | None = None  # lemma of the counted noun
    place_code: str | None = None
    place_type: str | None = None
    rule: str | None = None

    def to_gold(self) -> dict[str, Any]:
        """The mention in ANNOTATION.md's gold JSON shape."""
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.kind == "date":
            if self.start:
                out["start"] = self.start
            if self.end:
                out["end"] = self.end
        else:
            if self.value is not None:
                v = self.value
                out["value"] = int(v) if isinstance(v, float) and v.is_integer() else v
            if self.unit and self.kind != "place":
                out["unit"] = self.unit
            if self.value_max is not None:
                vm = self.value_max
                out["value_max"] = int(vm) if float(vm).is_integer() else vm
        if self.approx:
            out["approx"] = True
        if self.change:
            out["change"] = True
        return out


@dataclass
class Claim:
    doc: str
    id: str  # c1, o1, … in document order per type
    type: str  # commitment | outcome
    text: str  # the sentence, whitespace collapsed
    start_char: int
    end_char: int
    page: int | None = None
    metric: str = ""
    value: float | None = None
    unit: str | None = None
    year: str | None = None  # year the figure is for (outcomes)
    deadline: str | None = None  # year a commitment is due
    place: str | None = None
    direction: str | None = None  # "lower_is_better" when the figure should go down
    score: float | None = None  # classifier probability
    cues: list[str] = field(default_factory=list)
    mention_indexes: list[int] = field(default_factory=list)  # into Extraction.mentions
    figure_index: int | None = None  # the main figure's mention, into Extraction.mentions

    def to_gold(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "text": self.text, "metric": self.metric}
        for key in ("value", "unit", "year", "deadline", "direction"):
            v = getattr(self, key)
            if v is not None:
                if key == "value" and float(v).is_integer():
                    v = int(v)
                out[key] = v
        return out


def to_frame(records: Iterable[Any], columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A DataFrame with one row per record (dataclass), columns in field order."""
    rows = [asdict(r) for r in records]
    if columns is None:
        columns = []
    if rows:
        return pd.DataFrame(rows)
    return pd.DataFrame(columns=list(columns))


def mention_columns() -> list[str]:
    return [f.name for f in fields(Mention)]


def claim_columns() -> list[str]:
    return [f.name for f in fields(Claim)]
