"""spaCy component ``bilan_claims``: commitment and outcome sentences into ``doc.spans["claims"]``.

Every sentence or bullet is scored by the two binary models of ``model.py``;
a sentence above the threshold for both gives two spans (one per label), each
with its own figure. One rule gives both labels to a sentence that states a
result against its planned figure ("35 livrés sur les 50 programmés"). The fields of a claim: ``metric``, ``value``, ``unit``,
``start`` (the year an outcome is for), ``end`` (a commitment's deadline),
``claim_score``, ``cues`` (the cue words that fired), ``rule`` (``claims:model``).

They are read with ``claim_fields(span)``, not ``span._``: spaCy keys span
extensions by character offsets only, so the two claims of one sentence, or a
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
from .features import MARKUP, Context, features, load_cues, sentence_contexts
from .fields import FIGURE_KINDS, choose_figure, deadline, mentions_in, metric, outcome_year


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
    claim_score: float | None = None
    cues: list[str] = field(default_factory=list)
    rule: str = "claims:model"


def _key(span: Span) -> tuple[str, str, int, int]:
    return ("bilan_claims", span.label_, span.start_char, span.end_char)


def claim_fields(span: Span) -> ClaimFields:
    """The fields of a claim span of ``doc.spans["claims"]`` (empty fields for any other span)."""
    data = span.doc.user_data.get(_key(span))
    return ClaimFields(**data) if data else ClaimFields()


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
        for sent, ctx in sentence_contexts(doc):
            span = trim(sent)
            if span is None or not any(t.is_alpha for t in span):  # "2." alone: a list number, not a claim
                continue
            lemmas, feats, cues = features(list(span), ctx)
            rows.append((lemmas, feats))
            items.append((span, ctx, cues))
        claims: list[Span] = []
        for (span, ctx, cues), (_, feats), probs in zip(items, rows, model.predict(self.bundle, rows)):
            labels = [label for label in model.LABELS if probs[label] >= self.threshold]
            if len(labels) == 1 and "p:planned_denominator" in feats:
                # "35 livrés sur les 50 programmés": a result and the plan it is measured against
                labels = ["commitment", "outcome"]
                cues = [*cues, "rule:planned_denominator"]
            for label in labels:
                claims.append(self._claim(doc, span, ctx, label, probs[label], cues, dual=len(labels) == 2))
        doc.spans[CLAIMS] = claims
        return doc

    def _claim(self, doc: Doc, span: Span, ctx: Context, label: str, score: float, cues: list[str], dual: bool) -> Span:
        out = Span(doc, span.start, span.end, label=label)
        inside = mentions_in(doc, span)
        dates = [m for m in inside if m.label_ == "date"]
        figure = choose_figure(doc, span, label, [m for m in inside if m.label_ in FIGURE_KINDS], dual=dual)
        x = ClaimFields(metric=metric(span, figure, label), claim_score=round(score, 4), cues=cues)
        if figure is not None:
            x.value, x.unit = figure._.value, ("EUR" if figure.label_ == "amount" else figure._.unit)
            x.approx, x.change, x.subject = bool(figure._.approx), bool(figure._.change), figure._.subject
        if label == "commitment":
            x.end = deadline(doc, span, dates, ctx.heading, ctx.lead)
        else:
            x.start = outcome_year(doc, span, dates, figure, ctx.heading)
        doc.user_data[_key(out)] = asdict(x)  # plain data: survives pickling and DocBin
        return out


@Language.factory("bilan_claims", default_config={"threshold": model.THRESHOLD, "model_path": None})
def make_claims(nlp: Language, name: str, threshold: float, model_path: str | None) -> ClaimTagger:
    return ClaimTagger(name, threshold, model_path)
