"""Pure helpers on place names: folding, word keys, usual short forms.

Shared by the gazetteer builder, the matcher and the evaluator, so that a name
is cut into words and folded the same way everywhere.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# a "word" of a place name: a run of letters (digits and punctuation separate)
WORD_RE = re.compile(r"[^\W\d_]+")

ARTICLES = ("Le", "La", "Les", "L'", "Aux", "Las", "Los")
# a leading article is a word of its own ("Le Mans", "L'Haÿ"): "Lauzet", "Lescar", "Laval" keep their first letters
_ARTICLE_RE = re.compile(r"^(?:(?:les?|la|aux|las|los)\s+|l')(?=\S)", re.IGNORECASE)

# connectors after which a commune name's tail is a river / area qualifier
# ("Saint-Ouen-sur-Seine" -> "Saint-Ouen"); "-le-Grand" style tails are kept
SUFFIX_CONNECTORS = frozenset(
    ["sur", "sous", "lès", "lez", "les", "en", "de", "du", "des", "aux", "au", "d'"]
)
# abbreviations a text may use inside a name
WORD_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "’": "'"})


def strip_accents(text: str) -> str:
    """``Épinay`` -> ``Epinay`` (ligatures spelled out)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """The lookup form of one word: lower case, no accents, ``St`` -> ``saint``."""
    folded = strip_accents(word).lower()
    return WORD_ABBREVIATIONS.get(folded, folded)


def name_words(name: str) -> list[str]:
    """The words of a name as written: ``Côte-d'Or`` -> ``['Côte', 'd', 'Or']``."""
    return WORD_RE.findall(name)


def name_key(name: str) -> tuple[str, ...]:
    """The lookup key of a name: its folded words."""
    words = WORD_RE.findall(strip_accents(name).lower())
    if "st" in words or "ste" in words:
        return tuple(WORD_ABBREVIATIONS.get(w, w) for w in words)
    return tuple(words)


def strip_article(name: str) -> str:
    """``Le Pré-Saint-Gervais`` -> ``Pré-Saint-Gervais``; ``L'Haÿ-les-Roses`` -> ``Haÿ-les-Roses``."""
    name = name.replace("’", "'")
    for art in ARTICLES:
        if art.endswith("'"):
            if name.startswith(art) and len(name) > len(art):
                return name[len(art):]
        elif name.startswith(art + " "):
            return name[len(art) + 1:]
    return name


def fold_place_name(name: str) -> str:
    """Fold a place name for comparison, as ANNOTATION.md scores places.

    Lower case, no accents, no leading article, hyphens and apostrophes as
    spaces, ``St``/``Ste`` spelled out: ``Le Pré-Saint-Gervais`` and
    ``pre saint gervais`` fold alike.
    """
    text = strip_accents(name.replace("’", "'")).lower().strip()
    text = _ARTICLE_RE.sub("", text, count=1)
    return " ".join(fold_word(w) for w in WORD_RE.findall(text))


def suffix_stem(name: str) -> str | None:
    """The usual short form of a name with a qualifier tail, if any.

    ``Saint-Ouen-sur-Seine`` -> ``Saint-Ouen``, ``Aulnay-sous-Bois`` -> ``Aulnay``,
    ``Bois-d'Arcy`` -> ``Bois``; ``Noisy-le-Grand`` -> None (no connector).
    """
    parts = strip_article(name).split("-")
    for i in range(1, len(parts)):
        part = parts[i]
        if part in SUFFIX_CONNECTORS or part.startswith("d'"):
            stem = "-".join(parts[:i])
            if stem in ("Saint", "Sainte") or len(strip_accents(stem)) < 3:
                return None
            return stem
    return None


def short_forms(name: str) -> list[str]:
    """Usual short forms of an official name: without article, without tail."""
    forms: list[str] = []
    bare = strip_article(name)
    if bare != name:
        forms.append(bare)
    stem = suffix_stem(name)
    if stem and stem not in forms and stem != name:
        forms.append(stem)
    return forms


def place_names_match(a: str, b: str) -> bool:
    """Do two place names name the same place, allowing usual short forms?

    ``Saint-Ouen`` ~ ``Saint-Ouen-sur-Seine``, ``Pré-Saint-Gervais`` ~
    ``Le Pré-Saint-Gervais``; ``Saint-Ouen`` !~ ``Saint-Denis``.
    """
    fa, fb = fold_place_name(a), fold_place_name(b)
    if fa == fb:
        return True
    forms_a = {fold_place_name(f) for f in short_forms(a)}
    forms_b = {fold_place_name(f) for f in short_forms(b)}
    return fa in forms_b or fb in forms_a
