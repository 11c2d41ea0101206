"""Registers the ``bilan_figures`` component."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .figures import set_figures


@Language.factory("bilan_figures")
def make_figures(nlp: Language, name: str) -> "Figures":
    return Figures()


class Figures:
    """Amounts, headcounts, quantities and percentages into ``doc.spans['figures']``."""

    def __call__(self, doc: Doc) -> Doc:
        return set_figures(doc)
