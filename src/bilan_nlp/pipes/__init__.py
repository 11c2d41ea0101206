"""spaCy components of bilan_nlp, one sub-package per concern."""
from . import extensions  # noqa: F401  (registers Span/Doc extensions)
