"""Commitments held against the outcomes that report on them.

For each commitment, candidate outcomes are those later in the same document
(the text after it, and the same sentence) and those of later documents of the
same issuer (when the manifest names issuers). A
candidate is dropped when it cannot be about the same figure: incompatible
units (euros against persons), an outcome dated before the commitment's start
(a forward-looking commitment starts at its report's publication year; a plan
"adopté en 2022" in 2022), or another place. The rest are scored by subject
similarity (``similarity.py``) plus a bonus for standing in the commitment's
section of the same document, and kept above ``LINK_THRESHOLD`` (at most
``MAX_OUTCOMES``, best first).

Two links need no similarity: the outcome half of a sentence that is also the
commitment, when the sentence ties them ("180 réalisées sur les 221
planifiées", "conformément à l'engagement", "organisé pour lancer…"); and a
report-wide outcome ("la grande majorité des objectifs ont été atteints")
for each objective without a figure stated before it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Sequence

from ..pipes.claims.features import is_heading_line, load_cues
from .periods import ReportInfo, report_info
from .results import Result
from .similarity import Similarity, fold, lexicon, stems
from .status import decide, forward_looking
from .values import Figure, _year, attainment, claim_figures, lower_is_better, main_figure, plan_year

LINK_THRESHOLD = 0.42  # same section of the same document
FAR_THRESHOLD = 0.65  # elsewhere, or in a later document
SECTION_BONUS = 0.12
NEAR_BONUS = 0.08  # within NEAR claims after the commitment, same section
NEAR = 4
MAX_OUTCOMES = 6
OBJECTIVE_WORDS = 14  # an objective stated in a few words can name a section
OBJECTIVE_SHARE = 0.5  # share of its words a section title must carry


@dataclass
class Section:
    """A titled part of a document: from its title line to the next title of the same or a higher level."""

    start: int
    end: int
    level: int
    title: str


@dataclass
class _Doc:
    extraction: Any
    info: ReportInfo
    sections: list[Section]
    order: int = 0

    @property
    def id(self) -> str:
        return self.extraction.document.id

    def section_of(self, offset: int) -> int:
        """Index of the innermost section holding ``offset`` (-1 before any title)."""
        return bisect.bisect_right([s.start for s in self.sections], offset) - 1


def _title_kind(line: str) -> str:
    t = fold(line.strip())
    for kind, rx in lexicon()["heading_levels"]:
        if re.match(rx, t):
            return kind
    return "plain"


def sections(text: str) -> list[Section]:
    """The document's titles (headings, and bullet titles followed by prose) with their extent.

    A title's level is the rank of its kind (plain titles and "Axe …" first, then
    roman numerals, letters, numbers, bullet titles), so "Axe 2" runs to "Axe 3"
    across its "A." and "B." subsections.
    """
    bullets = load_cues().bullets
    found: list[tuple[int, str, str]] = []
    offset = 0
    lines = text.split("\n")
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            title = is_heading_line(stripped)
            if not title and stripped[0] in bullets and not stripped.endswith((".", ";", ":", ",")) and len(stripped.split()) <= 16:
                nxt = next((ln.strip() for ln in lines[k + 1:] if ln.strip()), "")
                title = bool(nxt) and nxt[0] not in bullets
            if title:
                found.append((offset, stripped, _title_kind(stripped)))
        offset += len(line) + 1
    rank = {kind: k for k, (kind, _) in enumerate(lexicon()["heading_levels"])}
    rank["plain"] = 0
    out = []
    for k, (start, title, kind) in enumerate(found):
        level = rank[kind]
        end = next((s for s, _, kd in found[k + 1:] if rank[kd] <= level), len(text))
        out.append(Section(start, end, level, title.lstrip(bullets + " ")))
    return out


def _places(claim: Any, mentions: Sequence[Any]) -> set[str]:
    return {fold(str(mentions[i].value)) for i in claim.mention_indexes if i < len(mentions) and mentions[i].kind == "place" and mentions[i].value}


def _dates(claim: Any, mentions: Sequence[Any]) -> list[int]:
    years = []
    for i in claim.mention_indexes:
        if i < len(mentions) and mentions[i].kind == "date":
            y = _year(mentions[i].end or mentions[i].start)
            if y:
                years.append(y)
    return years


class Comparator:
    """Holds the documents, their claims and the similarity model for one comparison."""

    def __init__(self, extractions: Sequence[Any], infos: Mapping[str, ReportInfo] | None = None,
                 report_year: int | None = None, keep_order: bool = False):
        docs = []
        for ex in extractions:
            info = (infos or {}).get(ex.document.id) or report_info(ex, report_year)
            docs.append(_Doc(ex, info, sections(ex.document.text)))
        if not keep_order:  # else the caller's order is the time order
            docs.sort(key=lambda d: (d.info.year_published or 0, d.info.covered_end or 0))
        for k, d in enumerate(docs):
            d.order = k
        self.docs = docs
        texts = [c.text for d in docs for c in d.extraction.claims] + [c.metric for d in docs for c in d.extraction.claims if c.metric]
        self.sim = Similarity(texts)
        self.global_rx = re.compile(lexicon()["global_outcome"])
        self.dual_rx = re.compile(lexicon()["dual_link"])
        self.anaphora_rx = re.compile(lexicon()["anaphora"])
        self.cited_rx = re.compile(lexicon()["cited_target"])

    # -- candidates ----------------------------------------------------------------

    def _start_year(self, doc: _Doc, c: Any) -> int | None:
        """The first year an outcome may report on: the plan's year, or the report's for a forward commitment."""
        year = plan_year(c.text)
        if year:
            return year
        if forward_looking(c):
            return doc.info.year_published
        return None

    def _compatible(self, cdoc: _Doc, c: Any, cfig: Figure | None, odoc: _Doc, o: Any) -> bool:
        ms_c, ms_o = cdoc.extraction.mentions, odoc.extraction.mentions
        ofig = main_figure(o, ms_o)
        if cfig is not None and ofig is not None:
            from .values import compatible

            if not compatible(cfig, ofig) and not (ofig.change and cfig.kind == ofig.kind):
                return False
        start = self._start_year(cdoc, c)
        if start:
            years = [y for y in ([_year(o.year)] if o.year else _dates(o, ms_o)) if y]
            if years and max(years) < start:
                return False
        pc, po = _places(c, ms_c), _places(o, ms_o)
        if pc and po and not pc & po:
            return False
        return True

    def candidates(self, cdoc: _Doc, c: Any) -> list[tuple[float, _Doc, Any, str]]:
        """(score, document, outcome, why) for the outcomes that may report on c, best first."""
        cfig = main_figure(c, cdoc.extraction.mentions)
        claims = cdoc.extraction.claims
        c_pos = claims.index(c)
        c_section = cdoc.section_of(c.start_char)
        ruled: list[tuple[float, _Doc, Any, str]] = []  # links by a rule, kept whatever their number
        scored: list[tuple[float, _Doc, Any, str]] = []
        for odoc in self.docs:
            if odoc.order < cdoc.order or not self._same_issuer(cdoc, odoc):
                continue
            same_doc = odoc is cdoc
            for k, o in enumerate(odoc.extraction.claims):
                if o.type != "outcome" or (same_doc and o.start_char < c.start_char):
                    continue
                if same_doc and o.start_char == c.start_char:
                    if self.dual_rx.search(fold(o.text)) and (o.value is not None or c.value is None or cfig is None):
                        ruled.append((1.0, odoc, o, "même phrase"))
                    continue
                if self._cited_target(cdoc, c, odoc, o) is not None:
                    ruled.append((0.95, odoc, o, "cible citée"))
                    continue
                section = same_doc and cdoc.section_of(o.start_char) == c_section
                near = section and 0 < k - c_pos <= NEAR
                ofig = main_figure(o, odoc.extraction.mentions)
                if near and cfig is not None and ofig is not None and cfig.kind == ofig.kind and abs(cfig.value - ofig.value) < 1e-9:
                    ruled.append((0.9, odoc, o, "même chiffre"))
                    continue
                if not self._compatible(cdoc, c, cfig, odoc, o):
                    continue
                if near and self._anaphora(cdoc, c, k):
                    ruled.append((0.95, odoc, o, "renvoi à l'engagement"))
                    ruled += [(0.9, odoc, x, "même paragraphe") for x in self._same_paragraph(odoc, k)]
                    continue
                score = self.sim.score(c.text, c.metric, o.text, o.metric)
                why = "sujet proche"
                if section:
                    score += SECTION_BONUS + (NEAR_BONUS if near else 0.0)
                    why = "même section"
                if score >= (LINK_THRESHOLD if section else FAR_THRESHOLD):
                    scored.append((min(score, 0.99), odoc, o, why))
        if c.value is None:
            ruled += self._objective_links(cdoc, c, c_pos)
        scored.sort(key=lambda x: -x[0])
        out: list[tuple[float, _Doc, Any, str]] = []
        seen: set[tuple[str, str]] = set()
        for item in ruled + scored[:MAX_OUTCOMES]:
            key = (item[1].id, item[2].id)
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out

    @staticmethod
    def _same_issuer(a: _Doc, b: _Doc) -> bool:
        """A report answers the commitments of its own issuer (when the manifest names both)."""
        ia = fold(str(a.extraction.document.meta.get("issuer") or "")).strip()
        ib = fold(str(b.extraction.document.meta.get("issuer") or "")).strip()
        return a is b or not ia or not ib or ia == ib

    def _same_paragraph(self, odoc: _Doc, k: int) -> list[Any]:
        """The outcomes after outcome k in its paragraph (they go on reporting on the same thing)."""
        claims, text = odoc.extraction.claims, odoc.extraction.document.text
        out = []
        for x in claims[k + 1:]:
            if "\n" in text[claims[k].start_char:x.start_char]:
                break
            if x.type == "outcome":
                out.append(x)
        return out

    def _reported_figures(self, odoc: _Doc, o: Any) -> list[Figure]:
        """The outcome's figures, without the targets it recalls ("sur une cible de 150")."""
        text = odoc.extraction.document.text
        figs = claim_figures(o, odoc.extraction.mentions)
        out = []
        for f in figs:
            pos = text.find(f.text, o.start_char, o.end_char) if f.text else -1
            if pos >= 0 and self.cited_rx.search(fold(text[max(0, pos - 40):pos])):
                continue
            out.append(f)
        return out

    def _cited_target(self, cdoc: _Doc, c: Any, odoc: _Doc, o: Any) -> Figure | None:
        """The outcome recalls a target ("sur une cible initiale de + 150") that is one of c's figures."""
        text = odoc.extraction.document.text
        ms = odoc.extraction.mentions
        cited = []
        for i in o.mention_indexes:
            m = ms[i] if i < len(ms) else None
            if m is not None and m.kind in ("amount", "headcount", "quantity", "percentage") and isinstance(m.value, (int, float)):
                if self.cited_rx.search(fold(text[max(0, m.start_char - 40):m.start_char])):
                    cited.append(abs(float(m.value)))
        if not cited:
            return None
        for f in claim_figures(c, cdoc.extraction.mentions):
            if any(abs(abs(f.value) - v) < 1e-9 for v in cited):
                return f
        return None

    def _anaphora(self, cdoc: _Doc, c: Any, k: int) -> bool:
        """Outcome k opens by pointing back ("Conformément à cet engagement") and c is the nearest commitment before it."""
        claims = cdoc.extraction.claims
        o = claims[k]
        if not self.anaphora_rx.search(fold(o.text)):
            return False
        before = [x for x in claims[:k] if x.type == "commitment" and x.start_char < o.start_char]
        return bool(before) and before[-1] is c

    def _objective_links(self, cdoc: _Doc, c: Any, c_pos: int) -> list[tuple[float, _Doc, Any, str]]:
        """An objective without a figure: the report-wide outcome after it, and the section titled after it."""
        out: list[tuple[float, _Doc, Any, str]] = []
        claims = cdoc.extraction.claims
        for o in claims[c_pos + 1:]:
            if o.type == "outcome" and self.global_rx.search(fold(o.text)):
                out.append((0.8, cdoc, o, "bilan d'ensemble"))
                break
        words = set(stems(c.text))
        if not words or len(c.text.split()) > OBJECTIVE_WORDS:
            return out
        best: tuple[float, int, Section] | None = None
        for sec in cdoc.sections:
            if sec.start <= c.start_char:
                continue
            share = len(words & set(stems(sec.title))) / len(words)
            if share >= OBJECTIVE_SHARE and (best is None or (share, -sec.level) > (best[0], best[1])):
                best = (share, -sec.level, sec)
        if best is not None:
            sec = best[2]
            for o in claims[c_pos + 1:]:
                if o.type == "outcome" and sec.start <= o.start_char < sec.end:
                    out.append((0.7, cdoc, o, f"section « {sec.title[:40]} »"))
        return out

    # -- results -------------------------------------------------------------------

    def result(self, cdoc: _Doc, c: Any) -> Result:
        found = self.candidates(cdoc, c)
        outcomes = sorted((o for _, _, o, _ in found), key=lambda o: (self._order(o.doc), o.start_char))
        last = max((d for _, d, _, _ in found), key=lambda d: d.order, default=cdoc)
        # judged at the date of the latest report compared, whether or not it reports on c
        report_year = max((d.info.year_published for d in self.docs if d.order >= cdoc.order and d.info.year_published), default=None)
        # the figure an outcome names as the target ("sur une cible de 60 agents") wins over the guessed main figure
        cited = next((f for f in (self._cited_target(cdoc, c, d, o) for _, d, o, w in found if w == "cible citée") if f), None)
        cfig = cited or main_figure(c, cdoc.extraction.mentions)
        ratio = achieved = None
        how = ""
        if cfig is not None and outcomes:
            evidence = []
            for _, odoc, o, _ in found:
                figs = self._reported_figures(odoc, o)
                if o.start_char == c.start_char and o.doc == c.doc:
                    # "180 réalisées sur les 221 planifiées": the sentence counts one thing twice
                    figs = [replace(f, unit=cfig.unit, subject=cfig.subject) for f in figs
                            if abs(f.value - cfig.value) > 1e-9 and f.kind == cfig.kind]
                evidence.append((o, figs))
            att = attainment(c, cfig, evidence, last.info.covered_end, plan_year(c.text))
            ratio, achieved, how = att.ratio, att.achieved, att.reason
        status, why = decide(c, outcomes, ratio, report_year)
        reason = "; ".join(x for x in (how, why) if x)
        return Result(
            commitment=c,
            outcomes=outcomes,
            status=status,
            ratio=ratio,
            reason=reason,
            achieved=achieved,
            direction="lower_is_better" if cfig is not None and lower_is_better(c.text, c.metric) else None,
            report_year=report_year,
            rule="; ".join(sorted({w for _, _, _, w in found})),
            scores=[round(s, 3) for s, _, _, _ in sorted(found, key=lambda x: (self._order(x[2].doc), x[2].start_char))],
        )

    def _order(self, doc_id: str) -> int:
        return next((d.order for d in self.docs if d.id == doc_id), 0)

    def run(self, progress: Callable[[int, int], None] | None = None) -> list[Result]:
        todo = [(d, c) for d in self.docs for c in d.extraction.claims if c.type == "commitment"]
        out = []
        for k, (d, c) in enumerate(todo):
            out.append(self.result(d, c))
            if progress:
                progress(k + 1, len(todo))
        return out


def compare(
    extractions: Sequence[Any],
    infos: Mapping[str, ReportInfo] | None = None,
    *,
    report_year: int | None = None,
    keep_order: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """Every commitment of the documents held against the same and later documents' outcomes.

    ``infos`` gives each document's years (else the manifest in ``Document.meta``
    or the text); ``report_year`` overrides the publication year of every
    document; ``keep_order`` takes the documents as given, earliest first,
    instead of sorting them by publication year.
    """
    return Comparator(extractions, infos, report_year, keep_order).run(progress)
