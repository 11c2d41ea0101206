"""How close an outcome's subject is to a commitment's.

Words are folded and cut to their first five letters, a crude but robust
French stemmer ("revaloriser" ~ "revalorisations", "recrutement" ~ "recruter"),
after dropping stop words and the plan vocabulary every sentence shares
(objectif, plan, action…). Two measures are combined: TF-IDF cosine of the two
sentences (fitted on all claims compared, so words common to the whole corpus
weigh little) and rapidfuzz's token-set ratio of the metric labels, plus the
share of the commitment label's stems found in the outcome sentence.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

LEXICON_PATH = Path(__file__).with_name("lexicon.json")
STEM = 5
_WORD = re.compile(r"[a-zà-ÿœæ]+")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(lexicon()["stopwords"])


def fold(text: str) -> str:
    t = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00a0", " ").lower()
    return re.sub(r"\s+", " ", t)


def stems(text: str) -> list[str]:
    """Content-word stems of a text, in order."""
    stop = _stopwords()
    return [w[:STEM] for w in _WORD.findall(fold(text)) if len(w) > 2 and w not in stop]


class Similarity:
    """Pairwise subject similarity between claims, fitted once on all of them."""

    def __init__(self, texts: Sequence[str]):
        self._index = {t: i for i, t in enumerate(dict.fromkeys(texts))}
        docs = [" ".join(stems(t)) or "_" for t in self._index] or ["_"]  # no claim at all: an empty model
        self._vec = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True)
        self._matrix = self._vec.fit_transform(docs)

    def cosine(self, a: str, b: str) -> float:
        ia, ib = self._index.get(a), self._index.get(b)
        if ia is None or ib is None:
            m = self._vec.transform([" ".join(stems(a)), " ".join(stems(b))])
            return float(cosine_similarity(m[0], m[1])[0, 0])
        return float(cosine_similarity(self._matrix[ia], self._matrix[ib])[0, 0])

    def score(self, c_text: str, c_metric: str, o_text: str, o_metric: str) -> float:
        """0..1: how much the outcome speaks of the commitment's subject."""
        cos = self.cosine(c_text, o_text)
        label = fuzz.token_set_ratio(" ".join(stems(c_metric)), " ".join(stems(o_metric))) / 100 if c_metric and o_metric else 0.0
        c_stems = set(stems(c_metric))
        contained = len(c_stems & set(stems(o_text))) / len(c_stems) if c_stems else 0.0
        # a one-word label ("travaux") is too thin to vouch for a link: the sentences decide
        words = [w for w in _WORD.findall(fold(c_metric)) if len(w) > 2]
        return max(cos, 0.5 * label + 0.5 * contained) if c_stems and len(words) >= 2 else cos
