"""spaCy component ``bilan_places``: place mentions into ``doc.spans["places"]``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import PLACES
from .places import PlaceFinder, get_finder

LOC_LABELS = ("LOC", "GPE")
PER_LABELS = ("PER", "PERSON")


class PlacesComponent:
    """Find gazetteer places with context rules; spaCy's NER (if run before) adds support."""

    def __init__(self, nlp: Language, name: str, finder: PlaceFinder | None = None) -> None:
        self.name = name
        self.finder = finder or get_finder()  # built once per process

    def __call__(self, doc: Doc) -> Doc:
        locs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in LOC_LABELS]
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in PER_LABELS]
        spans = []
        for match in self.finder.find(doc.text, locs, persons):
            span = doc.char_span(match.start, match.end, label="place", alignment_mode="expand")
            if span is None:
                continue
            span._.value = match.entry.value
            span._.place_code = match.entry.code
            span._.place_type = match.entry.type
            span._.rule = match.rule
            spans.append(span)
        doc.spans[PLACES] = spans
        return doc


@Language.factory("bilan_places", requires=["doc.ents"], assigns=["doc.spans"])
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent(nlp, name)
