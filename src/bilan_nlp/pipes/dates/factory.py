"""spaCy component ``bilan_dates``: date expressions into ``doc.spans["dates"]``.

The regex grammar of ``dates.py`` runs over ``doc.text``; matches are snapped to
tokens. The parse answers one question the regexes cannot: whether a year-like
number is followed by the noun it counts (``2022 agents`` is a headcount).
The reference year for year-less months is ``doc._.report_year`` (registered in
``pipes/extensions.py``).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import DATES
from .dates import find_dates

LABEL = "date"
COUNTED_POS = {"NOUN"}

def _counted_checker(doc: Doc, text: str):
    """``is_counted(end_char)``: a lowercase noun, not singular, follows on the same line.

    A count of 1900 or more takes a plural noun; a singular one (``FEDER 2021-2027
    finance``, a verb the tagger reads as a noun) does not make it a count.
    """
    by_start = {t.idx: t for t in doc}

    def is_counted(end_char: int) -> bool:
        rest = text[end_char:end_char + 3]
        gap = len(rest) - len(rest.lstrip(" \u00a0\u202f"))
        if gap == 0:
            return False
        tok = by_start.get(end_char + gap)
        if tok is None or tok.pos_ not in COUNTED_POS or not tok.text[:1].islower():
            return False
        return "Sing" not in tok.morph.get("Number")

    return is_counted


class DatesComponent:
    """Finds date mentions; label ``date`` with ``span._.start``/``end``/``rule``."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc.text  # rebuilt from every token on each access: read it once per doc
        for m in find_dates(text, doc._.report_year, _counted_checker(doc, text)):
            span = doc.char_span(m.start_char, m.end_char, label=LABEL, alignment_mode="expand")
            if span is None:
                continue
            span._.start, span._.end, span._.rule = m.start, m.end, m.rule
            spans.append(span)
        doc.spans[DATES] = spans
        return doc


@Language.factory("bilan_dates")
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp, name)
