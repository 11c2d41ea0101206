"""Figures held against a target: unit compatibility and the attainment ratio.

A commitment's target and an outcome's figure are comparable when they are the
same kind of thing: euros with euros, percentages with percentages, persons with
persons (the counted nouns agree, or both are generic: agents, personnes,
professionnels, postes…), other quantities when their nouns agree. A variation
("+ 100 personnes") is held against a target only when the target is itself an
increase (renforcement, création, supplémentaires…).

The ratio is oriented so that 1 means reached (target / outcome when the figure
should go down: a cost, a delay, a rate of burden). Three aggregations:
- a per-year target ("2 M€ chaque année") against yearly figures: the sum over
  the years of the period against target × number of years, with each year's
  own ratio in the reason;
- a stated total ("au total", "au global") is preferred to its parts;
- otherwise several parts of the same year are summed only when they can be parts
  of one target: counts or euros (never rates, delays, durations or percentages),
  each below the target, from different sentences naming different places ("120 à
  Blois, 80 à Vendôme"). The same figure restated (in the text and in a table, or
  in two claims of one sentence) counts once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..display import figure as fmt
from .similarity import fold, lexicon, stems

INCREASE = re.compile(r"\b(?:renforcement|augmentation|hausse|création|créer|supplémentaires?|nouvelles?|nouveaux|de plus|en plus|accroître|progression)\b")
PLAN_YEAR = re.compile(
    r"(?:\b(?:plan|programme|schéma|contrat|pacte|convention|feuille de route|stratégie|engagements?|projet)\b[^.;]{0,40}?\b(?:de|du|en)\s+|"
    r"\b(?:annoncée?s?|adoptée?s?|impulsée?s?|lancée?s?|votée?s?|signée?s?|pris|prises?|arrêtée?s?|approuvée?s?)\s+(?:en|le|au)\s+(?:\w+\s+)?)"
    r"(?P<year>(?:19|20)\d\d)\b"
)


@dataclass
class Figure:
    """One figure of a claim, with the year it is for."""

    value: float
    kind: str  # amount | headcount | quantity | percentage
    unit: str | None
    subject: str | None = None
    year: int | None = None
    approx: bool = False
    change: bool = False
    claim_id: str = ""
    doc: str = ""
    text: str = ""


@dataclass
class Attainment:
    ratio: float | None
    achieved: float | None = None
    reason: str = ""
    figures: list[Figure] = field(default_factory=list)


def _year(value: Any) -> int | None:
    m = re.match(r"\s*((?:19|20)\d\d)", str(value or ""))
    return int(m.group(1)) if m else None


def _heads(fig: Figure) -> set[str]:
    """The first five letters of the counted noun and of the unit ("gaspillage" and "g" for "92 g par repas")."""
    out = set()
    for word in (fig.subject, fig.unit):
        found = re.findall(r"[a-zà-ÿœæ]+", fold(word or ""))
        if found:
            out.add(found[0][:5])
    return out


def compatible(a: Figure, b: Figure) -> bool:
    """Can b be held against a (same kind of thing: the same counted noun, or the same unit)?"""
    if a.kind != b.kind:
        return False
    if a.kind in ("amount", "percentage"):
        return True
    ha, hb = _heads(a), _heads(b)
    if ha & hb:
        return True
    if a.kind == "headcount":
        generic = {g[:5] for g in lexicon()["generic_persons"]}
        return bool(ha & generic) and bool(hb & generic)
    return False


DURATIONS = {"jour", "jours", "semaine", "semaines", "mois", "heure", "heures", "an", "ans", "année", "années", "minute", "minutes"}


def lower_is_better(text: str, metric: str = "", unit: str | None = None, figure_text: str = "") -> bool:
    """The commitment's figure should go down (a cost, a delay, emissions, a reduction target, a ceiling).

    A verb that raises the level just before the target figure ("sera porté à 120") says
    not; else a reduction verb counts anywhere in the sentence, a bound ("moins de", "ne
    dépassera pas") only just before the target figure, a word of the lexicon in
    the metric, or anywhere in the sentence when the target is a duration ("le délai
    moyen … sera ramené à 10 jours")."""
    t = fold(f"{metric} {text}")
    at = fold(text).find(fold(figure_text)) if figure_text else -1
    if at > 0 and re.search(lexicon()["raise_before"], fold(text)[max(0, at - 70):at]):
        return False  # "limité à 45 mesures fin 2018, sera porté à 120 mesures": the target is raised
    if re.search(lexicon()["reduce_verbs"], t):
        return True
    if at > 0 and re.search(lexicon()["ceiling_before"], fold(text)[max(0, at - 40):at]):
        return True
    where = fold(metric) + (" " + fold(text) if fold(str(unit or "")).split(" ")[0] in DURATIONS else "")
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", where) for w in lexicon()["lower_is_better"])


def per_year(text: str) -> bool:
    t = fold(text)
    return bool(re.search(lexicon()["per_year"], t)) and not re.search(lexicon()["rate_per"], t)


_RESTATED = re.compile(r"\b(?:soit|dont)\b|\bpour un (?:cout|montant|budget)\b|\ba hauteur de\b")


def target_clause(text: str, target: Figure | None) -> str:
    """The part of a commitment that speaks of this target: in "230 PLAI par an, soit 1 380 sur la
    durée", "soit 1 380 sur la durée" for the 1 380 (not a per-year target), the rest for the 230."""
    if target is None or not target.text:
        return text
    t, f = fold(text), fold(target.text)
    at = t.find(f)
    cuts = [m.start() for m in _RESTATED.finditer(t)]
    if at < 0 or not cuts:
        return text
    start = max([c for c in cuts if c <= at], default=0)
    end = min([c for c in cuts if c > at], default=len(t))
    return t[start:end]


def plan_year(text: str) -> int | None:
    m = PLAN_YEAR.search(fold(text))
    return int(m.group("year")) if m else None


def is_total(text: str) -> bool:
    return bool(re.search(lexicon()["total"], fold(text)))


def claim_figures(claim: Any, mentions: Sequence[Any], only_main: bool = False, whole_row: bool = False) -> list[Figure]:
    """The figures of a claim with the year each is for (the next date in the sentence, else the claim's year).

    A claim made of one table cell has that cell's figure only, unless ``whole_row``
    (the row's other cells say what it is about: its target, its baseline)."""
    inside = [mentions[i] for i in claim.mention_indexes if i < len(mentions)]
    dates = [m for m in inside if m.kind == "date"]
    figs = [m for m in inside if m.kind in ("amount", "headcount", "quantity", "percentage") and isinstance(m.value, (int, float))]
    index = getattr(claim, "figure_index", None)
    if not whole_row and "rule:table_column" in (getattr(claim, "cues", None) or []) and index is not None and index < len(mentions):
        # a table cell claim is its own cell: the row's other cells are other claims (its target, its result)
        m = mentions[index]
        unit = "EUR" if m.kind == "amount" else m.unit
        return [Figure(float(m.value), m.kind, unit, m.subject, _year(claim.year or claim.deadline), bool(m.approx), bool(m.change),
                       claim.id, claim.doc, m.text)]
    out: list[Figure] = []
    for k, m in enumerate(figs):
        if only_main and claim.value is not None and abs(float(m.value) - float(claim.value)) > 1e-9 * max(1.0, abs(float(claim.value))):
            continue
        nxt = figs[k + 1].start_char if k + 1 < len(figs) else claim.end_char
        after = [d for d in dates if m.end_char <= d.start_char < nxt and (d.end or d.start)]
        year = _year(after[0].end or after[0].start) if after else _year(claim.year)
        unit = "EUR" if m.kind == "amount" else m.unit
        out.append(Figure(float(m.value), m.kind, unit, m.subject, year, bool(m.approx), bool(m.change), claim.id, claim.doc, m.text))
    return out


def main_figure(claim: Any, mentions: Sequence[Any]) -> Figure | None:
    """The claim's own figure (its value), with kind and subject from its mention."""
    if claim.value is None:
        return None
    figs = claim_figures(claim, mentions, only_main=True)
    if figs:
        return figs[0]
    kind = "amount" if claim.unit == "EUR" else "percentage" if claim.unit == "%" else "quantity"
    return Figure(float(claim.value), kind, claim.unit, None, _year(claim.year), claim_id=claim.id, doc=claim.doc)


_PERIOD = re.compile(r"\b(?:entre|de)\s+((?:19|20)\d\d)\s+(?:et|à)\s+((?:19|20)\d\d)\b|\bdepuis\s+((?:19|20)\d\d)\b[^.;]*?\b((?:19|20)\d\d)\b")


def _period(text: str) -> tuple[int, int] | None:
    """The years an outcome's figure adds up over: "entre 2020 et 2023", "de 2021 à 2024"."""
    m = _PERIOD.search(fold(text))
    if not m:
        return None
    a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return int(a), int(b)


def _distinct(usable: list[tuple[Any, Figure]]) -> list[tuple[Any, Figure]]:
    """One figure per year and value: a figure restated (text and table, two claims of a sentence) counts once."""
    seen: set[tuple[int | None, float]] = set()
    out = []
    for o, f in usable:
        key = (f.year, round(f.value, 6))
        if key not in seen:
            seen.add(key)
            out.append((o, f))
    return out


def _additive(commitment: Any, target: Figure, lower: bool) -> bool:
    """Parts of this target can be added up: counts or euros, not a rate, a delay or a duration."""
    if target.kind not in ("amount", "headcount", "quantity") or lower:
        return False
    unit = fold(str(target.unit or ""))
    words = unit.split()
    if (words and words[0] in lexicon()["non_additive_units"]) or " par " in f" {unit} " or "/" in unit:
        return False
    return not re.search(lexicon()["rate_per"], fold(commitment.text))


def attainment(
    commitment: Any,
    target: Figure,
    evidence: Sequence[tuple[Any, list[Figure]]],
    period_end: int | None,
    period_start: int | None = None,
    levels: Sequence[Figure] = (),
) -> Attainment:
    """The ratio of what the outcomes report to the commitment's target (1 = reached).

    ``levels``: the commitment's other figures that are levels ("portant l'effectif de 52 à 62"):
    a change to make ("dix référents supplémentaires") is held against a reported level
    ("60 référents") as the level minus the starting one; a count below that level ("huit
    ont été recrutés") is already the change.
    """
    lower = lower_is_better(commitment.text, commitment.metric, target.unit, target.text)
    target_increase = target.change or bool(INCREASE.search(fold(commitment.text)))
    start_level = min((x.value for x in levels if not x.change and compatible(target, x) and x.value > target.value), default=None)
    usable: list[tuple[Any, Figure]] = []
    for outcome, figs in evidence:
        for f in figs:
            if not compatible(target, f) or (f.change and not target_increase) or not (f.value > 0 or f.change):
                continue
            if target.change and not f.change and start_level is not None and f.value >= start_level:
                # "60 référents" against "dix de plus, de 52 à 62": the level reached, less where it started
                f = Figure(f.value - start_level, f.kind, f.unit, f.subject, f.year, f.approx, True, f.claim_id, f.doc,
                           f"{f.text} − {fmt(start_level)}")
            usable.append((outcome, f))
    if not usable or target.value == 0:
        return Attainment(None, reason="aucun chiffre comparable à la cible" if evidence else "")
    usable = _distinct(usable)

    def oriented(achieved: float, goal: float) -> float:
        if lower:
            return goal / achieved if achieved else float("inf")
        return achieved / goal

    years = sorted({f.year for _, f in usable if f.year})
    start = period_start or plan_year(commitment.text) or (years[0] if years else 0)
    end = period_end or (years[-1] if years else 0)
    if commitment.deadline and _year(commitment.deadline):
        end = min(end, _year(commitment.deadline) or end)
    span = list(range(start, end + 1))
    yearly = per_year(target_clause(commitment.text, target))
    if yearly and len(years) >= 2 and span:
        by_year = {y: sum(f.value for _, f in usable if f.year == y) for y in span}
        total = sum(by_year.values())
        goal = target.value * len(span)
        parts = " ; ".join(f"{y} : {fmt(v, target.unit)} ({oriented(v, target.value):.0%})" for y, v in by_year.items())
        reason = (f"{fmt(target.value, target.unit)} par an prévus sur {start}-{end} ({fmt(goal, target.unit)}) ; "
                  f"{fmt(total, target.unit)} rapportés ({parts})")
        return Attainment(round(oriented(total, goal), 3), total, reason, [f for _, f in usable])
    if yearly and len(usable) >= 1:
        # "312 volontaires accueillis entre 2020 et 2023" against "100 volontaires chaque année": a total over years
        spans = [(o, f, _period(o.text)) for o, f in usable]
        spans = [(o, f, p) for o, f, p in spans if p and p[1] > p[0]]
        if spans:
            o, f, (a, b) = spans[-1]
            goal = target.value * (b - a + 1)
            return Attainment(round(oriented(f.value, goal), 3), f.value,
                              f"{fmt(target.value, target.unit)} par an prévus, soit {fmt(goal, target.unit)} sur {a}-{b} ; "
                              f"{fmt(f.value, f.unit)} rapportés sur la période", [f])
    totals = [(o, f) for o, f in usable if is_total(o.text)]
    if totals:
        o, f = totals[-1]
        approx = "≈ " if f.approx else ""
        return Attainment(round(oriented(f.value, target.value), 3), f.value,
                          f"total rapporté {approx}{fmt(f.value, f.unit)} pour une cible de {fmt(target.value, target.unit)}", [f])
    latest = max((f.year or 0) for _, f in usable)
    same_year = [(o, f) for o, f in usable if (f.year or 0) == latest]
    sources = {o.id for o, _ in same_year}
    places = [fold(str(getattr(o, "place", "") or "")) for o, _ in same_year]
    if (len(same_year) > 1 and len(sources) > 1 and _additive(commitment, target, lower)
            and all(f.value < target.value for _, f in same_year) and all(places) and len(set(places)) == len(places)):
        total = sum(f.value for _, f in same_year)
        return Attainment(round(oriented(total, target.value), 3), total,
                          f"somme des parties {' + '.join(fmt(f.value) for _, f in same_year)} = {fmt(total, target.unit)} "
                          f"pour une cible de {fmt(target.value, target.unit)}", [f for _, f in same_year])
    o, f = same_year[0]
    approx = "≈ " if f.approx else ""
    when = f" en {f.year}" if f.year else ""
    return Attainment(round(oriented(f.value, target.value), 3), f.value,
                      f"{approx}{fmt(f.value, f.unit)}{when} pour une cible de {fmt(target.value, target.unit)}"
                      + (" (plus bas = mieux)" if lower else ""), [f])
