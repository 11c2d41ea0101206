"""Table rows whose columns say target or result: one claim per such cell.

Plans and bilans put their figures in tables: "Indicateur / Échéance / Cible /
Réalisé", "2021 Réalisation / 2023 Prévision / 2025 Cible", or the other way
round, a "Cible" row under a header of years. ANNOTATION.md reads the forecast
and target cells as commitments for their year and the realisation cells as
outcomes. A header cell (or a row's first cell) names a role with the words of
``cues.json`` ("table_columns") and may carry a year; a row's date cell
("fin 2024") gives the year of the cells that have none.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .features import CUES_PATH, fold

YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
PARTICIPLE_CELL = re.compile(r"(?<![\w-])[a-zà-ÿ]{3,}(?:é|ée|és|ées|us|ues|is|ies)$", re.I)  # soutenus, accompagnées, réalisés


@dataclass(frozen=True)
class Column:
    role: str  # "commitment" | "outcome" | "" (a label, a unit, a change…)
    year: str | None = None


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern[str]]:
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))["table_columns"]
    return {role: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(w)) for w in sorted(data[role], key=len, reverse=True)) + r")(?!\w)")
            for role in ("commitment", "outcome")}


def role_of(cell: str) -> Column:
    """The role and year a header cell (or a row label) names."""
    t = fold(cell.strip())
    years = YEAR.findall(t)
    year = years[-1] if years else None
    words = _words()
    c, o = words["commitment"].search(t), words["outcome"].search(t)
    if c and o:  # "Réalisé / Cible": the first word written decides, the longer at a tie ("Valeur cible")
        first_c = (c.start(), -len(c.group(0))) < (o.start(), -len(o.group(0)))
        return Column("commitment" if first_c else "outcome", year)
    return Column("commitment" if c else "outcome" if o else "", year)


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each tab-separated cell of a line."""
    out, start = [], 0
    for part in line.split("\t"):
        out.append((start, start + len(part)))
        start += len(part) + 1
    return out


def cell_of(spans: list[tuple[int, int]], offset: int) -> int:
    for k, (s, e) in enumerate(spans):
        if s <= offset <= e:
            return k
    return -1


@dataclass
class CellRole:
    role: str
    year: str | None
    baseline: bool = False  # a plan's year column before its own year: the level it starts from


def row_roles(header: str, row: str, genre: str = "", year: int | None = None) -> list[CellRole] | None:
    """The role of each cell of ``row`` under ``header``; None when no cell is a target or a result.

    The roles come from the header's cells ("Cible", "2023 Réalisation"), or, when
    the header only gives years, from the row's first cell ("Cible\t3 000\t4 500"),
    or else from the document's kind: the year columns of a bilan are results; those
    of a plan or a budget are targets, but for the years before ``year`` (the
    document's own), which give the levels it starts from.
    The first cell is the row's label, never a figure of the claim.
    """
    head = [role_of(h) for h in header.split("\t")]
    if any(h.role == "commitment" for h in head[1:]):  # "Année | Cible | Soutenus": beside a target, a participle is the result
        head = [h if h.role or k == 0 or not PARTICIPLE_CELL.search(cell.strip()) else Column("outcome", h.year)
                for k, (h, cell) in enumerate(zip(head, header.split("\t")))]
    cells = row.split("\t")
    label = role_of(cells[0]) if cells else Column("")
    by_column = any(h.role for h in head[1:])
    out = [CellRole("", None)]
    for k in range(1, len(cells)):
        col = head[k] if k < len(head) else Column("")
        out.append(CellRole(col.role, col.year) if by_column else CellRole(label.role, col.year or label.year))
    years = {k: fold_cell(header, k) for k in range(1, len(out)) if not out[k].role and YEAR.fullmatch(fold_cell(header, k))}
    if genre and (len(years) >= 2 or (years and any(c.role for c in out))):
        for k, y in years.items():  # bare year columns ("2021 | 2022 | 2023 | Cible fin 2023")
            planned = genre in ("plan", "budget")
            later = planned and not (year and int(y) < year)
            out[k] = CellRole("commitment" if later else "outcome", y, baseline=planned and not later)
    if genre in ("plan", "budget") and year:  # a plan's "Prises 2018-2025", "dont phase 1 (fin 2022)": what it plans for then
        for k in range(1, len(out)):
            found = YEAR.findall(fold_cell(header, k))
            if not out[k].role and found and int(found[-1]) > year and k not in years:
                out[k] = CellRole("commitment", found[-1])
    return out if any(c.role for c in out) else None


def fold_cell(header: str, k: int) -> str:
    """The k-th header cell, stripped ("2023", not "2023 (en %)")."""
    cells = header.split("\t")
    return fold(cells[k]).strip(" *") if k < len(cells) else ""
