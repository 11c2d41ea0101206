"""Repair words hyphenated at a line end: ``désinser-`` + ``tion`` → ``désinsertion``.

A line-end hyphen is either a typesetting split (drop it) or part of a true
compound (``Noisy-le-Grand``, ``socio-éducatif``, ``affecté-e-s``: keep it).
The decision uses a French word list built from spaCy's data
(``scripts/make_lexicon.py``) and the prefix/suffix lists of ``clean_rules.json``.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
_LEAD = re.compile(r"^[^\W\d_]+", re.UNICODE)  # leading letters of the next part
_TRAIL = re.compile(r"([^\W\d_]+)-$", re.UNICODE)  # last letter run before the hyphen


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads((DATA / "clean_rules.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Known French words, lower case (with their hyphenated compounds)."""
    with gzip.open(DATA / "fr_words.tsv.gz", "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def is_word(word: str) -> bool:
    """True if ``word`` or a plain inflection of it (plural, feminine) is known."""
    w = word.lower()
    words = lexicon()
    if w in words:
        return True
    for ending, repl in (("s", ""), ("x", ""), ("es", ""), ("e", ""), ("es", "e"), ("ées", "er"), ("és", "er"), ("ée", "er"), ("ent", "er")):
        if w.endswith(ending) and len(w) > len(ending) + 2 and w[: -len(ending)] + repl in words:
            return True
    return False


def keeps_hyphen(left: str, right: str) -> bool:
    """Whether ``left`` (ending with "-") + ``right`` is a compound whose hyphen stays.

    ``left`` is the text before the line break (its last word ends with "-"),
    ``right`` the text after it.
    """
    right = right.lstrip()
    if not right or right[0].isdigit() or (len(left) > 1 and left[-2].isdigit()):
        return True  # 2025-2027, n°-12 …
    m_left = _TRAIL.search(left)
    m_right = _LEAD.match(right)
    if not m_left or not m_right:
        return True
    lpart, rpart = m_left.group(1), m_right.group(0)
    if rpart[0].isupper() and not rpart.isupper():
        return True  # Saint-Ouen, Noisy-le-Grand: a capital never continues a split word
    if right[len(rpart):len(rpart) + 1] == "-":
        return True  # a chain of hyphenated parts: Épinay-/sur-Seine, Conseiller-/ère-s
    low_l, low_r = lpart.lower(), rpart.lower()
    if is_word(f"{low_l}-{low_r}"):
        return True
    if is_word(low_l + low_r):
        return False
    r = rules()
    right_word = right.split()[0].lower().rstrip(".,;:!?)»")
    if low_l in r["compound_prefixes"] or right_word in r["compound_suffixes"] or low_r in r["compound_suffixes"]:
        return True
    if len(low_l) > 1 and len(low_r) > 2 and is_word(low_l) and is_word(low_r):
        return True
    return False


def join_hyphenated(left: str, right: str) -> str:
    """Join two lines when ``left`` ends with a hyphen: with or without it."""
    right = right.lstrip()
    if keeps_hyphen(left, right):
        return left + right
    return left[:-1] + right
