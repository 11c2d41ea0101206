"""Which years a report covers and when it was published.

The comparator needs the publication year to say whether a deadline has
passed ("a target for the year the report is published is still pending"),
and the covered years to count the years of a per-year target. The manifest
(``corpus/manifest.csv``, copied into ``Document.meta`` at ingestion) is
trusted first; otherwise the years come from the document's own text: a year
in its title ("bilan 2021", "rapport d'activité 2023", "pour 2020"), else the
span of the years its outcomes report on. A bilan is taken to be published the
year after the last year it covers. ``override`` (``--report-year``) wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
SPAN = re.compile(r"\b(19[5-9]\d|20\d\d)\s*(?:-|–|à|/)\s*(19[5-9]\d|20\d\d)\b")
TITLE_LINES = 12  # a title sits in the first lines of the text


@dataclass
class ReportInfo:
    """The years of one report, and where they come from."""

    doc: str
    year_published: int | None = None
    covered: tuple[int, int] | None = None  # first and last year covered
    source: str = "unknown"  # manifest | text | override

    @property
    def covered_end(self) -> int | None:
        return self.covered[1] if self.covered else None

    @property
    def covered_start(self) -> int | None:
        return self.covered[0] if self.covered else None


def parse_covered(value: Any) -> tuple[int, int] | None:
    """'2022-2024' → (2022, 2024); '2021' → (2021, 2021)."""
    if value is None:
        return None
    s = str(value)
    m = SPAN.search(s)
    if m:
        return int(m.group(1)), int(m.group(2))
    years = [int(y) for y in YEAR.findall(s)]
    return (min(years), max(years)) if years else None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None


def title_years(text: str) -> tuple[int, int] | None:
    """A year (or span) in the title lines: 'BILAN … 2021', 'Rapport d'activité 2022-2023'."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()][:TITLE_LINES]
    for ln in lines:
        if len(ln) > 120 or ln.endswith("."):
            continue
        span = SPAN.search(ln)
        if span:
            return int(span.group(1)), int(span.group(2))
        years = YEAR.findall(ln)
        if len(years) == 1 and (re.search(r"(?i)\b(bilan|rapport|activité|compte|exercice|résultats|année|pour|performances?)\b", ln) or ln == years[0]):
            return int(years[0]), int(years[0])
    return None


def report_info(extraction: Any, override: int | None = None) -> ReportInfo:
    """The years of an extracted report: override, manifest, else its text."""
    document = extraction.document
    meta = getattr(document, "meta", {}) or {}
    info = ReportInfo(doc=document.id)
    published = _int(meta.get("year_published")) or _int(meta.get("report_year"))
    covered = parse_covered(meta.get("year_covered"))
    if published or covered:
        info.year_published, info.covered, info.source = published, covered, "manifest"
        if covered is None:  # the manifest gives the date only: the period comes from the title
            info.covered = title_years(document.text)
    else:
        covered = title_years(document.text)
        if covered is None:
            years = sorted(int(c.year) for c in extraction.claims if c.type == "outcome" and c.year and str(c.year)[:4].isdigit())
            if years:
                covered = (years[0], years[-1])
        if covered:
            info.covered, info.source = covered, "text"
    if info.year_published is None and info.covered:
        from ..pipes.claims.genre import document_genre

        # a plan or a budget is published as its period opens ("Schéma 2017-2021" in 2017),
        # a report after the period it covers ("Rapport d'activité 2023" in 2024)
        plan = document_genre(document.text, meta) in ("plan", "budget")
        info.year_published = info.covered[0] if plan else info.covered[1] + 1
    if info.covered is None and info.year_published:
        info.covered = (info.year_published - 1, info.year_published - 1)
    if override:
        info.year_published, info.source = int(override), "override"
        if info.covered is None:
            info.covered = (int(override) - 1, int(override) - 1)
    return info
