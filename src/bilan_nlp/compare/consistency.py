"""Does a report's own arithmetic hold? Rates, parts and totals checked against its figures.

Four general patterns, each on the figures (``Extraction.mentions``) and the
words between them:

- ``rate``: "X … sur (les) Y … soit / taux de … Z %" → Z against X / Y;
- ``sum``: "(+N)" or "(soit N)" right after two counts joined by "et" → N
  against their sum;
- ``parts``: a figure followed by "dont A … (et) B", in its sentence or in the
  bullets starting with "dont" under it → the parts must not exceed the total
  (and are reported as adding up when they equal it);
- ``total``: "au total / au global / soit un total" C after figures of the same
  kind in the previous sentence or bullet → C against their sum (a part that is
  itself a checked "(+N)" sum replaces its two terms);
- ``change``: "A contre B … soit une hausse / baisse de P %" → P against (A − B) / B.

A stated figure holds when it equals the computed one at the precision it is
written with (75 % stands for 74.5–75.5; "près de 100" allows 10 %).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..display import millions as _fmt
from .similarity import fold, stems

COUNTS = ("amount", "headcount", "quantity")
APPROX_TOLERANCE = 0.10
RATE_BEFORE = re.compile(r"(?:\bsoit\b|\btaux\b|\breprésent\w*|\bpourcentage\b|\bpart\b)[^.;]{0,60}$")
BETWEEN_RATE = re.compile(r"\b(?:sur|parmi|pour)\b(?:\s+(?:les|la|l'|des|un|une|total de|un total de))?\s*$")
DONT = re.compile(r"\bdont\s*(?:près de\s*|environ\s*|plus de\s*)?$")
CHAIN = re.compile(r"(?:^|\s)(?:et|,)\s*(?:près de\s*|environ\s*)?$")
SUM_PAREN = re.compile(r"\(\s*(?:soit\s*)?[+]?\s*$")
TOTAL = re.compile(r"\b(?:au total|au global|soit un total de|en tout|au cumul|total de)\b")
CHANGE_PCT = re.compile(r"\bsoit (?:une |un )?(?P<dir>hausse|baisse|augmentation|diminution|progression|recul|réduction)\s+de\s*$")
CONTRE = re.compile(r"\bcontre\s*$|\(\s*contre\s*$")
DOWN = ("baisse", "diminution", "recul", "réduction")


@dataclass
class Check:
    """One arithmetic check of a report, with the sentence it rests on."""

    doc: str
    page: int | None
    kind: str  # rate | sum | parts | total | change
    holds: bool
    stated: float
    computed: float
    message: str  # French, one line
    quote: str
    start_char: int


def _decimals(text: str) -> int:
    m = re.search(r"\d+[,.](\d+)", text)
    return len(m.group(1)) if m else 0


def _tolerance(m: Any) -> float:
    """Half a unit of the last digit written; 10 % for "près de", "environ"…"""
    if m.approx:
        return abs(float(m.value)) * APPROX_TOLERANCE
    raw = re.sub(r"[^\d,.]", "", m.text.split("€")[0])
    scale = 1.0
    t = fold(m.text)
    if "md" in t or "milliard" in t:
        scale = 1e9
    elif re.search(r"\bm\b|m€|million", t):
        scale = 1e6
    return 0.5 * 10 ** (-_decimals(raw)) * scale + 1e-9


def _same_family(a: Any, b: Any) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in ("amount", "percentage", "headcount"):  # euros, percents, persons: one family each
        return True
    sa, sb = stems(a.unit or ""), stems(b.unit or "")
    return not sa or not sb or sa[0] == sb[0]


class _Doc:
    def __init__(self, extraction: Any):
        self.ex = extraction
        self.text: str = extraction.document.text
        self.figs = sorted((m for m in extraction.mentions if m.kind in COUNTS + ("percentage",) and isinstance(m.value, (int, float))),
                           key=lambda m: m.start_char)

    def between(self, a: Any, b: Any) -> str:
        return fold(self.text[a.end_char:b.start_char])

    def before(self, m: Any, n: int = 60) -> str:
        line_start = self.text.rfind("\n", 0, m.start_char) + 1
        return fold(self.text[max(line_start, m.start_char - n):m.start_char])

    def sentences(self) -> list[list[Any]]:
        groups: list[list[Any]] = []
        for m in self.figs:
            if groups and groups[-1][-1].sentence == m.sentence and "\n" not in self.text[groups[-1][-1].end_char:m.start_char]:
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    def check(self, kind: str, stated: Any, computed: float, message: str, first: Any, last: Any) -> Check:
        holds = abs(abs(float(stated.value)) - abs(computed)) <= _tolerance(stated)
        quote = first.sentence if first.sentence == last.sentence else f"{first.sentence} {last.sentence}"
        doc = self.ex.document
        verdict = "tient" if holds else "ne tient pas"
        return Check(doc.id, doc.page_of(first.start_char), kind, holds, float(stated.value), round(computed, 4),
                     f"{message} : {verdict}", quote, first.start_char)


def _rates(d: _Doc, group: list[Any]) -> Iterable[Check]:
    for k, p in enumerate(group):
        if p.kind != "percentage" or not RATE_BEFORE.search(d.before(p)):
            continue
        counts = [m for m in group[:k] if m.kind in COUNTS]
        for a, b in zip(counts, counts[1:]):
            if BETWEEN_RATE.search(d.between(a, b)) and b.value:
                value = float(a.value) / float(b.value) * 100
                yield d.check("rate", p, value, f"{_fmt(a.value)} sur {_fmt(b.value)} = {value:.1f} % ; le texte dit {_fmt(p.value)} %", a, p)
                break


def _sums(d: _Doc, group: list[Any]) -> tuple[list[Check], set[int]]:
    """'(+N)' after two counts; returns the checks and the ids of the terms a holding sum replaces."""
    out, replaced = [], set()
    for k in range(2, len(group)):
        n, a, b = group[k], group[k - 2], group[k - 1]
        joined = d.between(a, b)
        if n.kind not in COUNTS or a.kind != n.kind or b.kind != n.kind or not SUM_PAREN.search(d.between(b, n)):
            continue
        if len(joined) > 40 or not re.search(r"\bet\b|,", joined):
            continue
        c = d.check("sum", n, float(a.value) + float(b.value), f"{_fmt(a.value)} + {_fmt(b.value)} = {_fmt(float(a.value) + float(b.value))} ; le texte dit {_fmt(n.value)}", a, n)
        out.append(c)
        if c.holds:
            replaced |= {id(a), id(b)}
    return out, replaced


def _parts(d: _Doc) -> Iterable[Check]:
    figs = d.figs
    k = 0
    while k < len(figs):
        total = figs[k]
        if DONT.search(d.before(total)) or total.kind not in COUNTS + ("percentage",):
            k += 1
            continue
        parts: list[Any] = []
        j = k + 1
        while j < len(figs):
            m, prev = figs[j], figs[j - 1]
            gap = d.text[prev.end_char:m.start_char]
            if DONT.search(d.before(m)) and (m.sentence == total.sentence or re.match(r"^\s*(?:[•\-*]\s*)?dont\b", fold(d.text[d.text.rfind("\n", 0, m.start_char) + 1:m.start_char]))):
                if _same_family(total, m):
                    parts.append(m)
            elif parts and parts[-1] is prev and len(gap) < 40 and CHAIN.search(fold(gap)) and _same_family(total, m):
                parts.append(m)
            elif "\n" in gap and not re.match(r"^\s*(?:[•\-*]\s*)?dont\b", fold(d.text[d.text.rfind("\n", 0, m.start_char) + 1:m.start_char])):
                break
            j += 1
        if len(parts) >= 1:
            s = sum(float(m.value) for m in parts)
            if s > float(total.value) + _tolerance(total) or len(parts) >= 2:
                c = d.check("parts", total, s, f"{' + '.join(_fmt(m.value) for m in parts)} = {_fmt(s)} ; total annoncé {_fmt(total.value)}", total, parts[-1])
                if not c.holds and s < float(total.value):
                    c.holds = True  # "dont" need not list every part
                    c.message = c.message.replace("ne tient pas", "les parties citées n'épuisent pas le total")
                yield c
        k += 1


def _totals(d: _Doc, groups: Sequence[list[Any]], replaced: set[int]) -> Iterable[Check]:
    for gi, group in enumerate(groups):
        for k, first in enumerate(group):
            if first.kind not in COUNTS or not TOTAL.search(d.before(first, 120)):
                continue
            check = None
            for pool in (group[:k], groups[gi - 1] if gi else []):  # the same sentence, else the one before
                parts = [m for m in pool if _same_family(first, m) and id(m) not in replaced and not DONT.search(d.before(m))]
                if len(parts) >= 2:
                    value = sum(float(m.value) for m in parts)
                    check = d.check("total", first, value, f"{' + '.join(_fmt(m.value) for m in parts)} = {_fmt(value)} ; "
                                    f"le texte dit {'≈ ' if first.approx else ''}{_fmt(first.value)}", parts[0], first)
                    break
            if check is not None:
                yield check
                break  # one total per sentence


def _changes(d: _Doc, group: list[Any]) -> Iterable[Check]:
    for k, p in enumerate(group):
        if p.kind != "percentage":
            continue
        m = CHANGE_PCT.search(d.before(p, 40))
        if not m:
            continue
        counts = [x for x in group[:k] if x.kind in COUNTS]
        for a, b in zip(counts, counts[1:]):
            if CONTRE.search(d.between(a, b)) and b.value:
                value = (float(a.value) - float(b.value)) / float(b.value) * 100
                yield d.check("change", p, value, f"({_fmt(a.value)} − {_fmt(b.value)}) / {_fmt(b.value)} = {value:+.1f} % ; le texte dit {m.group('dir')} de {_fmt(p.value)} %", a, p)
                break


def check_consistency(extraction: Any) -> list[Check]:
    """Every arithmetic check found in one report, holding or not, in text order."""
    d = _Doc(extraction)
    groups = d.sentences()
    out: list[Check] = []
    replaced: set[int] = set()
    sums: list[Check] = []
    for g in groups:
        out.extend(_rates(d, g))
        s, r = _sums(d, g)
        sums.extend(s)
        replaced |= r
        out.extend(_changes(d, g))
    out.extend(sums)
    out.extend(_parts(d))
    out.extend(_totals(d, groups, replaced))
    out.sort(key=lambda c: c.start_char)
    return out
