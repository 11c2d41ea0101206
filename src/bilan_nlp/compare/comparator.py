"""Commitments held against the outcomes that report on them.

For each commitment, the candidate outcomes are those of its own document
(after it, or before it in its section) and those of later documents that are
about the same policy (the same issuer in the manifest, else texts close by
TF-IDF cosine). Each pair is scored by the link model of ``links.py`` (subject
similarity, comparable figures, layout, time, place, a commitment the later
report recalls) and kept by ``links.select`` (above a threshold, near the best
candidate, at most a few). Two ties need no model: the outcome half of the commitment's own
sentence when the sentence joins them ("180 réalisées sur les 221 planifiées",
"conformément à l'engagement"), and an outcome that cites the commitment's
figure as its target ("sur une cible initiale de + 150").

The result then holds the outcomes' figures against the target (``values.py``)
and takes its status from ``status.py``, at the date of the latest report compared.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from ..pipes.claims.features import is_heading_line, load_cues
from ..pipes.claims.genre import document_genre, title_lines
from . import links
from .periods import ReportInfo, report_info
from .results import Result
from .similarity import Similarity, fold, lexicon, stems
from .status import decide, forward_looking
from .values import Figure, _year, attainment, claim_figures, lower_is_better, main_figure, plan_year

RELATED = 0.3  # TF-IDF cosine of two documents' texts from which a later one may report on an earlier one
RELATED_WITH_TITLE = 0.15  # … or from which it may when its title names the earlier one's
TITLE_SHARE = 0.6
CLOSEST_SHARE = 0.8  # in a folder of many issuers, a pair must be about as close as each one's closest partner
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

    genre: str = ""  # plan | budget | bilan | evaluation (pipes/claims/genre.py)

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


def _doc_cosines(texts: Sequence[str]) -> Any:
    """Pairwise TF-IDF cosine of whole documents (content-word stems)."""
    import numpy as np

    if len(texts) < 2:
        return np.ones((len(texts), len(texts)))
    vec = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True)
    m = vec.fit_transform([" ".join(stems(t)) or "_" for t in texts])
    return cosine_similarity(m)


def _title_overlap(a: _Doc, b: _Doc) -> float:
    """Share of the earlier document's title words found in the later one's title lines."""
    first, later = sorted((a, b), key=lambda d: d.order)
    words = set(stems(" ".join(title_lines(first.extraction.document.text, 4))))
    other = set(stems(" ".join(title_lines(later.extraction.document.text, 6))))
    return len(words & other) / len(words) if words else 0.0


def _why(f: Mapping[str, float]) -> str:
    """The one-word reason a scored link was kept, from its strongest feature."""
    if f["anaphora"]:
        return "renvoi à l'engagement"
    if f["bridge"] >= 0.5 or f["bridge_value"]:
        return "engagement rappelé"
    if f["global"]:
        return "bilan d'ensemble"
    if f["objective_section"]:
        return "section de l'objectif"
    if f["same_section"]:
        return "même section"
    return "sujet proche" if f["same_doc"] else "document ultérieur"


class Comparator:
    """Holds the documents, their claims and the similarity model for one comparison."""

    def __init__(self, extractions: Sequence[Any], infos: Mapping[str, ReportInfo] | None = None,
                 report_year: int | None = None, keep_order: bool = False):
        docs = []
        for ex in extractions:
            info = (infos or {}).get(ex.document.id) or report_info(ex, report_year)
            docs.append(_Doc(ex, info, sections(ex.document.text), genre=document_genre(ex.document.text, ex.document.meta)))
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
        self.link_model = links.load_bundle()
        self.threshold = float((self.link_model or {}).get("threshold", links.THRESHOLD))
        self._objective_cache: dict[tuple[str, str], Section | None] = {}
        self.titles_cache: dict[tuple[str, int], str] = {}  # the section titles above a claim (links.py)
        self._doc_cosine = _doc_cosines([d.extraction.document.text for d in docs])
        self._family: list[int] | None = None

    # -- candidates ----------------------------------------------------------------

    def _start_year(self, doc: _Doc, c: Any) -> int | None:
        """The first year an outcome may report on: the plan's year, or the report's for a forward commitment."""
        year = plan_year(c.text)
        if year:
            return year
        if forward_looking(c):
            return doc.info.year_published
        return None

    def pairs(self, cdoc: _Doc, c: Any) -> list[tuple[_Doc, Any, int, dict[str, float]]]:
        """Every outcome that may report on c, with the pair's features: the outcomes of c's document
        (after it, or before it in its section) and those of later related documents."""
        claims = cdoc.extraction.claims
        c_pos = claims.index(c)
        c_section = cdoc.section_of(c.start_char)
        out = []
        for odoc in self.docs:
            if odoc.order < cdoc.order or not self.related(cdoc, odoc):
                continue
            same_doc = odoc is cdoc
            for k, o in enumerate(odoc.extraction.claims):
                if o.type != "outcome":
                    continue
                if same_doc and o.start_char < c.start_char and cdoc.section_of(o.start_char) != c_section:
                    continue
                out.append((odoc, o, k, links.pair_features(self, cdoc, c, c_pos, odoc, o, k)))
        links.add_relative([f for _, _, _, f in out])
        return out

    def candidates(self, cdoc: _Doc, c: Any) -> list[tuple[float, _Doc, Any, str]]:
        """(score, document, outcome, why) for the outcomes that report on c, best first.

        The link model scores every pair; two ties need no model: the outcome half of
        c's own sentence when the sentence joins them ("180 réalisées sur les 221
        planifiées"), and an outcome that cites c's figure as its target.
        """
        cfig = main_figure(c, cdoc.extraction.mentions)
        found = self.pairs(cdoc, c)
        probs = links.predict(self.link_model, [f for _, _, _, f in found])
        ruled: list[tuple[float, _Doc, Any, str]] = []
        rest: list[int] = []
        for i, (p, (odoc, o, k, f)) in enumerate(zip(probs, found)):
            if f["same_sentence"] and f["dual_cue"] and (o.value is not None or c.value is None or cfig is None):
                ruled.append((1.0, odoc, o, "même phrase"))
            elif f["cited"]:
                ruled.append((max(p, 0.95), odoc, o, "cible citée"))
            else:
                rest.append(i)
        kept = links.select([probs[i] for i in rest], self.threshold)
        scored = [(probs[rest[j]], found[rest[j]][0], found[rest[j]][1], _why(found[rest[j]][3])) for j in kept]
        out: list[tuple[float, _Doc, Any, str]] = []
        seen: set[tuple[str, str]] = set()
        for item in ruled + scored:
            key = (item[1].id, item[2].id)
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out

    # -- document relations ------------------------------------------------------

    def relatedness(self, a: _Doc, b: _Doc) -> float:
        """How much two documents are about the same policy: 1 for the same document or the same
        issuer in the manifest, 0 for two named issuers that differ, else the TF-IDF cosine of their texts."""
        if a is b:
            return 1.0
        ia = fold(str(a.extraction.document.meta.get("issuer") or "")).strip()
        ib = fold(str(b.extraction.document.meta.get("issuer") or "")).strip()
        if ia and ib:
            return 1.0 if ia == ib else 0.0
        return float(self._doc_cosine[a.order, b.order])

    def _close_enough(self, a: _Doc, b: _Doc) -> bool:
        """Close texts, or a title that names the other's ("Bilan 2024 du plan local de l'habitat"
        after "Plan local de l'habitat 2022-2024")."""
        r = self.relatedness(a, b)
        return r >= RELATED or (r >= RELATED_WITH_TITLE and _title_overlap(a, b) >= TITLE_SHARE)

    def related(self, a: _Doc, b: _Doc) -> bool:
        """A later report may answer an earlier one: close enough, and of one family of documents.

        Two budgets of two towns, or two school-meal reports of two issuers, are closer than 0.3;
        but each is much closer to its own plan or report. So a pair counts only when it is nearly
        as close as the earlier one's closest document and the later one's closest earlier one; the
        families are those pairs joined up, so that a plan still reaches a third yearly report that
        is closer to the second than to the plan.
        """
        if a is b:
            return True
        if not self._close_enough(a, b):
            return False
        if self._family is None:
            self._family = self._families()
        return self._family[a.order] == self._family[b.order]

    def _families(self) -> list[int]:
        """Each document's family: the groups joined by mutually close pairs (union-find over orders)."""
        docs = self.docs
        parent = list(range(len(docs)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        r = [[self.relatedness(a, b) for b in docs] for a in docs]
        for a in docs:
            for b in docs[a.order + 1:]:
                if not self._close_enough(a, b):
                    continue
                closest = max(max(r[a.order][x.order] for x in docs if x is not a),
                              max(r[x.order][b.order] for x in docs[:b.order]))
                if r[a.order][b.order] >= CLOSEST_SHARE * closest:
                    parent[root(b.order)] = root(a.order)
        return [root(i) for i in range(len(docs))]

    def _forward(self, c: Any) -> bool:
        return forward_looking(c)

    def _in_objective_section(self, cdoc: _Doc, c: Any, o: Any) -> bool:
        """o stands in a later section titled after the objective c ("Dynamiser le recrutement" → "Recruter plus")."""
        sec = self._objective_section(cdoc, c)
        return sec is not None and sec.start <= o.start_char < sec.end

    def _objective_section(self, cdoc: _Doc, c: Any) -> Section | None:
        key = (cdoc.id, c.id)
        if key not in self._objective_cache:
            words = set(stems(c.text))
            best: tuple[float, int, Section] | None = None
            if words and len(c.text.split()) <= OBJECTIVE_WORDS:
                for sec in cdoc.sections:
                    if sec.start <= c.start_char:
                        continue
                    share = len(words & set(stems(sec.title))) / len(words)
                    if share >= OBJECTIVE_SHARE and (best is None or (share, -sec.level) > (best[0], best[1])):
                        best = (share, -sec.level, sec)
            self._objective_cache[key] = best[2] if best else None
        return self._objective_cache[key]

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

    # -- results -------------------------------------------------------------------

    def result(self, cdoc: _Doc, c: Any) -> Result:
        found = self.candidates(cdoc, c)
        outcomes = sorted((o for _, _, o, _ in found), key=lambda o: (self._order(o.doc), o.start_char))
        last = max((d for _, d, _, _ in found), key=lambda d: d.order, default=cdoc)
        # judged at the date of the latest report compared that may report on c (its own, or a later related one),
        # whether or not it does
        report_year = max((d.info.year_published for d in self.docs
                           if d.info.year_published and (d is cdoc or (d.order > cdoc.order and self.related(cdoc, d)))), default=None)
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
            levels = [f for f in claim_figures(c, cdoc.extraction.mentions) if not f.change]
            att = attainment(c, cfig, evidence, last.info.covered_end, plan_year(c.text), levels=levels)
            ratio, achieved, how = att.ratio, att.achieved, att.reason
        later = any(d.order > cdoc.order for _, d, _, _ in found)
        plan_doc = cdoc.genre in ("plan", "budget")
        plan_end = cdoc.info.covered_end if plan_doc and cdoc.info.covered and cdoc.info.covered[1] > cdoc.info.covered[0] else None
        status, why = decide(c, outcomes, ratio, report_year, later_evidence=later, plan_document=plan_doc, plan_end=plan_end)
        reason = "; ".join(x for x in (how, why) if x)
        return Result(
            commitment=c,
            outcomes=outcomes,
            status=status,
            ratio=ratio,
            reason=reason,
            achieved=achieved,
            direction="lower_is_better" if cfig is not None and lower_is_better(c.text, c.metric, cfig.unit, cfig.text) else None,
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
