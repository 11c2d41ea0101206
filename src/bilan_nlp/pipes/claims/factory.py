"""spaCy component ``bilan_claims``: commitment and outcome sentences into ``doc.spans["claims"]``.

Every sentence or bullet is scored by the two binary models of ``model.py``;
a sentence above the threshold for both gives two spans (one per label), each
with its own figure. One rule gives both labels to a sentence that states a
result against its planned figure ("35 livrés sur les 50 programmés"). The fields of a claim: ``metric``, ``value``, ``unit``,
``start`` (the year an outcome is for), ``end`` (a commitment's deadline),
``claim_score``, ``cues`` (the cue words that fired), ``rule`` (``claims:model``).

A row of a table whose header names targets and results ("Cible", "Réalisé",
"2025 Cible") gives one claim per such cell instead (``tables.py``).

They are read with ``iter_claims(doc)``, not ``span._``: spaCy keys span
extensions by character offsets only, so the claims of one sentence, or a
claim that is a bare figure ("36 809 actions") and its mention, would
overwrite each other's ``span._`` values.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import CLAIMS
from . import model
from .features import MARKUP, Context, features, fold, load_cues, sentence_contexts, target_line
from .fields import FIGURE_KINDS, baseline_figures, baseline_year, choose_figures, deadline, mentions_in, metric, milestone_figures, other_clauses, outcome_year, same_unit, second_targets
from .tables import cell_of, cell_spans, row_roles


@dataclass
class ClaimFields:
    """What the component found about one claim span."""

    metric: str = ""
    value: float | None = None
    unit: str | None = None
    approx: bool = False
    change: bool = False
    subject: str | None = None
    start: str | None = None  # outcome: the year its figure is for
    end: str | None = None  # commitment: its deadline
    figure_start: int | None = None  # where the main figure's mention starts (chunk offsets)
    claim_score: float | None = None
    cues: list[str] = field(default_factory=list)
    rule: str = "claims:model"


USER_DATA = "bilan_claims"  # doc.user_data key: one fields dict per span of doc.spans["claims"], in order


def iter_claims(doc: Doc) -> list[tuple[Span, ClaimFields]]:
    """Each claim span of the doc with its fields (a sentence may hold several claims of one type: a table row)."""
    data = doc.user_data.get(USER_DATA) or []
    spans = list(doc.spans[CLAIMS]) if CLAIMS in doc.spans else []
    return [(span, ClaimFields(**d) if d else ClaimFields()) for span, d in zip(spans, data)]


def claim_fields(span: Span) -> ClaimFields:
    """The fields of the first claim of ``doc.spans["claims"]`` with this span's label and offsets."""
    for other, x in iter_claims(span.doc):
        if (other.label_, other.start_char, other.end_char) == (span.label_, span.start_char, span.end_char):
            return x
    return ClaimFields()


def trim(sent: Span) -> Span | None:
    """The sentence without leading bullets/markup and trailing spaces."""
    bullets = load_cues().bullets
    start, end = sent.start, sent.end
    while start < end and (sent.doc[start].is_space or not sent.doc[start].text.strip(MARKUP + bullets)):
        start += 1
    while end > start and (sent.doc[end - 1].is_space or not sent.doc[end - 1].text.strip(MARKUP)):
        end -= 1
    return sent.doc[start:end] if end > start else None


class ClaimTagger:
    """Labels sentences commitment / outcome (both, or neither = other)."""

    def __init__(self, name: str, threshold: float = model.THRESHOLD, model_path: str | None = None):
        self.name = name
        self.threshold = threshold
        self.model_path = Path(model_path) if model_path else model.MODEL_PATH
        self._bundle: dict | None = None

    @property
    def bundle(self) -> dict:
        if self._bundle is None:  # loaded on first use, once per process
            self._bundle = model.load_bundle(self.model_path)
        return self._bundle

    def __call__(self, doc: Doc) -> Doc:
        items: list[tuple[Span, Context, list[str]]] = []
        rows = []
        found: list[tuple[Span, ClaimFields]] = []
        text = doc.text
        for sent, ctx in sentence_contexts(doc):
            span = trim(sent)
            if span is None or (not ctx.table and not any(t.is_alpha for t in span)):
                continue  # "2." alone is a list number, not a claim; "2022\t40\t41" under "Année | Cible | Réalisé" is a row
            if ctx.table:
                cells = self._cell_claims(doc, text, span, ctx)
                if cells:  # a row of a "Cible / Réalisé" table: one claim per target or result cell
                    found += cells
                    continue
            lemmas, feats, cues = features(list(span), ctx)
            rows.append((lemmas, feats))
            items.append((span, ctx, cues))
        for (span, ctx, cues), (_, feats), probs in zip(items, rows, model.predict(self.bundle, rows)):
            labels = [label for label in model.LABELS if probs[label] >= self.threshold]
            if labels != ["commitment"] and target_line(span.text) and any(
                    m.label_ in FIGURE_KINDS for m in mentions_in(doc, span)):
                labels = ["commitment"]  # "Cible : 84 km sur la durée du plan"
                cues = [*cues, "rule:target_label"]
            elif len(labels) == 1 and ("p:planned_denominator" in feats or "p:named_target" in feats):
                # "35 livrés sur les 50 programmés", "342 sites, pour une cible de 400": a result and its plan
                labels = ["commitment", "outcome"]
                cues = [*cues, "rule:planned_denominator" if "p:planned_denominator" in feats else "rule:named_target"]
            elif labels == ["commitment"] and baseline_figures(doc, span, mentions_in(doc, span)):
                # "… sera ramené à 10 jours, contre 21 jours en 2021": the level it starts from is a measure
                labels = ["commitment", "outcome"]
                cues = [*cues, "rule:baseline"]
            for label in labels:
                found += self._claims(doc, span, ctx, label, probs[label], cues, dual=len(labels) == 2,
                                      baseline_only="rule:baseline" in cues)
        found.sort(key=lambda x: (x[0].start, x[0].label_ != "commitment"))
        doc.spans[CLAIMS] = [span for span, _ in found]
        doc.user_data[USER_DATA] = [asdict(x) for _, x in found]  # plain data: survives pickling and DocBin
        return doc

    def _claims(self, doc: Doc, span: Span, ctx: Context, label: str, score: float, cues: list[str], dual: bool,
                baseline_only: bool = False) -> list[tuple[Span, ClaimFields]]:
        """One claim per thing the sentence counts under this label (one without a figure if it counts none).

        ``baseline_only``: a commitment whose only result is the level it starts from ("ramener le taux de
        10,4 % à 8,5 % et remettre 300 logements sur le marché"): the outcome is that level, every other
        figure stays the commitment's."""
        inside = mentions_in(doc, span)
        dates = [m for m in inside if m.label_ == "date"]
        candidates = [m for m in inside if m.label_ in FIGURE_KINDS]
        if baseline_only and label == "outcome":
            figures = _one_per_unit(baseline_figures(doc, span, candidates))
        else:
            figures = choose_figures(doc, span, label, candidates, dual=dual and not baseline_only)
        if not figures and label == "commitment":  # "75 jours en 2021, puis 60 jours en 2023": one per milestone
            figures = milestone_figures(doc, span, candidates, dates)
        seconds = second_targets(doc, span, candidates, figures, dual=dual and not baseline_only) if label == "commitment" else []
        figures = (figures + seconds) or [None]
        starts = {m.start_char for m in baseline_figures(doc, span, candidates)} if label == "outcome" and (dual or baseline_only) else set()
        out = []
        for figure in figures:
            own_cues = [*cues, "rule:second_target"] if figure is not None and figure in seconds else cues
            x = ClaimFields(metric=metric(span, figure, label), claim_score=round(score, 4), cues=own_cues)
            _set_figure(x, figure)
            if label == "commitment":
                x.end = deadline(doc, span, dates, ctx.heading, ctx.lead, figure)
            elif figure is not None and (baseline_only or dual) and figure.start_char in starts:
                x.start = baseline_year(doc, span, dates, figure)  # the level it starts from: not due at the deadline
            else:
                x.start = outcome_year(doc, span, dates, figure, ctx.heading)
            out.append((Span(doc, span.start, span.end, label=label), x))
        if label == "commitment":
            chosen = [f for f in figures if f is not None]
            for clause in other_clauses(span, candidates, chosen, with_figures=not dual or baseline_only):
                own = [m for m in candidates if clause.start_char <= m.start_char < clause.end_char]
                clause_dates = [d for d in dates if clause.start_char <= d.start_char < clause.end_char]
                for figure in (choose_figures(doc, clause, label, own) if own else []) or [None]:
                    if own and figure is None:
                        continue  # a clause of a list of figures: no single target
                    x = ClaimFields(metric=metric(clause, figure, label), claim_score=round(score, 4),
                                    cues=[*cues, "rule:other_clause"])
                    _set_figure(x, figure)
                    x.end = deadline(doc, clause, clause_dates, ctx.heading, ctx.lead, figure) or (
                        deadline(doc, span, dates, ctx.heading, ctx.lead, figure) if figure is not None else None)
                    out.append((Span(doc, span.start, span.end, label=label), x))
        return out

    def _cell_claims(self, doc: Doc, text: str, span: Span, ctx: Context) -> list[tuple[Span, ClaimFields]]:
        """The claims of a table row whose header (or first cell) names targets and results."""
        line_start = text.rfind("\n", 0, span.start_char) + 1
        line_end = text.find("\n", span.end_char)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        roles = row_roles(ctx.table, line, ctx.genre, doc._.report_year)
        if roles is None:
            return []
        spans = cell_spans(line)
        inside = mentions_in(doc, span)
        row_dates = [m for m in inside if m.label_ == "date" and not roles[max(0, cell_of(spans, m.start_char - line_start))].role]
        label_text = fold(line.split("\t")[0]).strip(" :") if "\t" in line else ""
        out = []
        for m in inside:
            k = cell_of(spans, m.start_char - line_start)
            if m.label_ not in FIGURE_KINDS or k <= 0 or k >= len(roles) or not roles[k].role:
                continue
            role = roles[k]
            year = role.year or next((_year_of(d) for d in row_dates if _year_of(d)), None)
            x = ClaimFields(metric=label_text or metric(span, m, role.role), claim_score=1.0,
                            cues=["rule:table_column"] + (["rule:table_baseline"] if role.baseline else []))
            _set_figure(x, m)
            if role.role == "commitment":
                x.end = year
            else:
                x.start = year
            out.append((Span(doc, span.start, span.end, label=role.role), x))
        return out


def _one_per_unit(figures: list[Span]) -> list[Span]:
    """The first figure of each kind and unit."""
    out: list[Span] = []
    for m in figures:
        if not any(same_unit(m, o) for o in out):
            out.append(m)
    return out


def _year_of(m: Span) -> str | None:
    v = m._.end or m._.start
    return str(v)[:4] if v else None


def _set_figure(x: ClaimFields, figure: Span | None) -> None:
    if figure is not None:
        x.value, x.unit = figure._.value, ("EUR" if figure.label_ == "amount" else figure._.unit)
        x.approx, x.change, x.subject = bool(figure._.approx), bool(figure._.change), figure._.subject
        x.figure_start = figure.start_char


@Language.factory("bilan_claims", default_config={"threshold": model.THRESHOLD, "model_path": None})
def make_claims(nlp: Language, name: str, threshold: float, model_path: str | None) -> ClaimTagger:
    return ClaimTagger(name, threshold, model_path)
