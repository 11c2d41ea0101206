"""Rule-based sentence boundaries, set before the parser (which keeps them).

Ingestion reflows wrapped lines, so every newline left in the cleaned text ends a
block: a paragraph, a bullet, a heading or a table row. Inside a line, a sentence
ends at . ! ? … followed by a capital, a digit, a bullet or a quote, unless the
full stop closes an abbreviation (``abbreviations.txt``) or an initial; a full
stop the tokenizer leaves glued to a unit ("310 M€.") ends the sentence too. Every
other token is marked as not starting a sentence, so the statistical parser
cannot cut "20 travailleurs sociaux et 23 | CISP".
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

ENDERS = {".", "!", "?", "…", "...", ";"}
CLOSERS = {")", "»", '"', "”", "]"}


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    path = Path(__file__).with_name("abbreviations.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@Language.factory("bilan_sentences")
def make_sentences(nlp: Language, name: str) -> "RuleSentences":
    return RuleSentences()


def _starts_sentence(tok: Token) -> bool:
    first = tok.text[:1]
    return first.isupper() or first.isdigit() or first in "•«\"“(-–"


def _glued_stop(tok: Token, abbr: frozenset[str]) -> bool:
    """A token that ends with the sentence's full stop: not an abbreviation, not an initial ("M.", "J.")."""
    t = tok.text
    if len(t) < 2 or not t.endswith(".") or t.endswith(".."):
        return False
    stem = t[:-1]
    if stem.lower() in abbr or (len(stem) == 1 and stem.isupper()) or "." in stem:
        return False  # "etc.", "M.", "U.E." 
    return not stem.isalpha() or len(stem) == 1  # "M€.", "m³/km/j.", "j."


class RuleSentences:
    """Flags are written with one ``Doc.from_array`` call: setting ``tok.is_sent_start`` token by
    token makes spaCy re-check the whole doc each time (quadratic in the chunk's length)."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        abbr = abbreviations()
        flags = numpy.full(len(doc), -1, dtype="int64")  # 1 starts a sentence, -1 does not
        flags[0] = 1
        start_next = True
        for tok in doc:
            if tok.is_space:
                if "\n" in tok.text:
                    start_next = True
                continue
            if tok.i > 0 and start_next and (_starts_sentence(tok) or doc[tok.i - 1].is_space):
                flags[tok.i] = 1
            if tok.text in ENDERS and tok.text != ";":
                prev = doc[tok.i - 1] if tok.i > 0 else None
                is_abbr = tok.text == "." and prev is not None and not prev.whitespace_ and (
                    prev.lower_ in abbr or (len(prev.text) == 1 and prev.text.isalpha())
                )
                start_next = not is_abbr
            elif tok.text in CLOSERS and start_next:
                pass  # ." or .) keeps the boundary for the next token
            elif _glued_stop(tok, abbr):
                start_next = True  # "310 M€." / "5,5 m³/km/j.": the tokenizer left the full stop on the unit
            else:
                start_next = False
        # int64 viewed as uint64, as spaCy stores attribute arrays (an int32 array gives wrong boundaries)
        doc.from_array([SENT_START], flags.reshape(-1, 1).view("uint64"))
        return doc
