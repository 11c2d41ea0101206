"""Merge dates, figures and places into one overlap-free ``doc.spans['mentions']``.

Priority when two spans overlap: a date wins over a figure (``2022`` is a year,
not a count), a figure over a place, and a longer span over a shorter one of the
same group.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import DATES, FIGURES, MENTIONS, PLACES

PRIORITY = {DATES: 0, FIGURES: 1, PLACES: 2}
# the date of a legal text is part of its reference, not a mention: "loi n° 2022-217 du 21 février 2022"
LEGAL_REF = re.compile(
    r"\b(?:loi|décret|arrêté|ordonnance|circulaire|délibération|directive|règlement)s?\s+"
    r"(?:(?:organique|constitutionnelle|ministériel(?:le)?|préfectoral|interministériel(?:le)?)\s+)?"
    r"(?:n[°o]\s*[\w./-]+\s+)?du\s*$",
    re.I,
)


@Language.factory("bilan_mentions")
def make_mentions(nlp: Language, name: str) -> "MergeMentions":
    return MergeMentions()


def merge(doc: Doc) -> list[Span]:
    ranked: list[tuple[int, int, Span]] = []
    text = doc.text  # spaCy rebuilds doc.text from the tokens at each access: read it once
    for group, prio in PRIORITY.items():
        for span in doc.spans.get(group, []):
            if group == DATES and LEGAL_REF.search(text[max(0, span.start_char - 60) : span.start_char]):
                continue
            ranked.append((prio, -(span.end_char - span.start_char), span))
    ranked.sort(key=lambda r: (r[0], r[1], r[2].start_char))
    kept: list[Span] = []
    for _, _, span in ranked:
        if all(span.end_char <= k.start_char or k.end_char <= span.start_char for k in kept):
            kept.append(span)
    kept.sort(key=lambda s: (s.start_char, s.end_char))
    return kept


class MergeMentions:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[MENTIONS] = merge(doc)
        return doc
