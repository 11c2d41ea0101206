"""Doc/Span extensions shared by every bilan_nlp component, registered once.

Components put their spans in ``doc.spans[GROUP]`` with ``span.label_`` = the kind
(``amount``, ``headcount``, ``quantity``, ``percentage``, ``date``, ``place``,
``commitment``, ``outcome``) and the normalised fields on ``span._``.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

# span groups
DATES = "dates"  # written by the dates component
FIGURES = "figures"  # amounts, headcounts, quantities, percentages
PLACES = "places"
MENTIONS = "mentions"  # the merged, overlap-free result of the three above
CLAIMS = "claims"  # sentences/bullets labelled commitment / outcome

SPAN_FIELDS: dict[str, object] = {
    "value": None,  # float for figures, canonical name for places
    "value_max": None,  # upper bound of a range
    "unit": None,  # "EUR", "%", or the counted noun as written
    "subject": None,  # lemma of the counted noun (headcount/quantity)
    "approx": False,
    "change": False,
    "start": None,  # ISO date start (dates)
    "end": None,  # ISO date end (dates)
    "place_code": None,  # INSEE / département / région / ISO code
    "place_type": None,  # commune | departement | region | pays
    "rule": None,  # which rule produced the span (for explain / debugging)
    # claims
    "metric": None,
    "claim_score": None,
    "cues": None,
}


def register() -> None:
    """Register the extensions (idempotent)."""
    for name, default in SPAN_FIELDS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("doc_id"):
        Doc.set_extension("doc_id", default=None)
    if not Doc.has_extension("base_offset"):
        Doc.set_extension("base_offset", default=0)
    if not Doc.has_extension("report_year"):
        Doc.set_extension("report_year", default=None)
    if not Doc.has_extension("genre"):  # plan | budget | bilan | evaluation, of the whole document
        Doc.set_extension("genre", default=None)


register()
