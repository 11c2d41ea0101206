"""Pure functions for French numbers: digits, scales, currencies, words.

Kept free of spaCy so each rule can be tested on its own
(``parse_fr_number("7,5") == 7.5``, ``parse_fr_number("750 000") == 750000``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

SPACES = " \u00a0\u202f\u2009"
# a number as French reports write it: 750 000 / 1.000.000 / 7,5 / 1204 / 4.8
NUMBER_RE = re.compile(
    r"(?<![\w,./])(?<![\w,.)/]-)"  # not glued to a word, a decimal or a code ("A-12", "2019-2023"); "\t-3,8 %" is signed
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{1,3}(?:\.\d{3}){1,4}(?![\d.,])(?:,\d+)?"
    r"|\d+,\d+"
    r"|\d+\.\d+"
    r"|\d+)"
    r"(?!\d|[.,]\d|(?:e|er|ère|re|ème|eme|è|nd|nde|h|H|°)(?![a-zà-ÿ]))"  # not 2e, 3ème, 14h, 1er
    r"(?![GD]\b)"  # 4G, 5G, 3D: names of technologies
)
# a sign glued or spaced before the number; "–\t92,0" is an empty cell then a cell, not a sign
SIGN_RE = re.compile(r"(?:^|(?<=[\s(\[:;=/\t]))(?P<sign>[+\-–−])[ \u00a0\u202f]?$")

# what may follow a number to make it money or a percent; scale in euros
CURRENCY_RE = re.compile(
    r"^[ \u00a0\u202f\u2009]?(?:"
    r"(?P<md>Mds?\s?€|Mds?\s?d['’]euros|Mds?\s?EUR|milliards?\s+d['’]euros|milliards?\s?€|milliards?\s+EUR)"
    r"|(?P<m>M\s?€|M\s?d['’]euros|M\s?EUR|MEUR|millions?\s+d['’]euros|millions?\s?€|millions?\s+EUR)"
    r"|(?P<k>[kK]\s?€|[kK]\s?EUR|[kK]euros|milliers?\s+d['’]euros|mille\s+euros|mille\s?€)"
    r"|(?P<u>€|euros?\b|EUR\b)"
    r")"
)
PERCENT_RE = re.compile(r"^[ \u00a0\u202f\u2009]?(?:%|pour\s?cent\b|pourcents?\b)")
FRACTION_RE = re.compile(r"(?<![\w/])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/])")
SCALE = {"md": 1e9, "m": 1e6, "k": 1e3, "u": 1.0}


def parse_fr_number(text: str) -> float:
    """Value of a French-formatted number: spaces or dots group thousands, comma is decimal."""
    s = text.strip()
    for ch in SPACES:
        s = s.replace(ch, "")
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")
    return float(s)


def currency_after(text: str) -> tuple[float, int] | None:
    """(multiplier, length) when ``text`` starts with a currency/scale such as '€', 'M€', "millions d'euros"."""
    m = CURRENCY_RE.match(text)
    if not m:
        return None
    for key, mult in SCALE.items():
        if m.group(key):
            return mult, m.end()
    return None


def percent_after(text: str) -> int | None:
    """Length of a percent sign or 'pour cent' at the start of ``text``."""
    m = PERCENT_RE.match(text)
    return m.end() if m else None


@dataclass(frozen=True)
class WordNumber:
    value: float
    approx: bool = False


_WORD_CACHE: dict[str, WordNumber | None] = {}


def parse_number_words(words: str, approx_nouns: dict[str, int] | None = None) -> WordNumber | None:
    """Value of a French number written in words ('six', 'vingt-trois', 'une centaine'), else None."""
    key = words.lower().strip()
    if key in _WORD_CACHE:
        return _WORD_CACHE[key]
    result: WordNumber | None = None
    if approx_nouns:
        for noun, val in approx_nouns.items():
            if key in (f"une {noun}", f"un {noun}", noun):
                result = WordNumber(float(val), approx=True)
    if result is None:
        try:
            result = WordNumber(float(text2num(key, "fr")))
        except ValueError:
            result = None
    _WORD_CACHE[key] = result
    return result


NUMBER_WORDS = {
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze",
    "quinze", "seize", "vingt", "vingts", "trente", "quarante", "cinquante", "soixante", "cent", "cents", "mille",
    "million", "millions", "milliard", "milliards", "et", "un", "une",
}
