"""Amounts, headcounts, quantities and percentages as normalised spans.

Numbers are found by regex on the text (French formats are easier to read as
characters than as tokens), then read in context with spaCy's tokens: the
currency or percent sign after them, the counted noun (its lemma decides
headcount vs quantity), approximation and variation cues before them. Numbers
without a noun (`dont 94 en métropole`, `(soit – 1 027)`, table cells) take the
noun of the figure they refer to in the same sentence.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..dates.dates import MONTHS
from ..extensions import DATES, FIGURES, PLACES
from .numbers import (
    FRACTION_RE,
    NUMBER_RE,
    NUMBER_WORDS,
    SIGN_RE,
    currency_after,
    parse_fr_number,
    parse_number_words,
    percent_after,
)

LEXICON_PATH = Path(__file__).with_name("lexicon.json")
SCALE_WORD_RE = re.compile(r"^[ \u00a0]?(?P<w>milliards?|millions?|mille)\b(?!\s*(?:d['’]euros|€|EUR))")
INCLUSIVE_RE = re.compile(r"(?:[-·.](?:e|ère|euse|rice|ne|le|te)[-·.]?s?|\(e\)s?|\(s\))$", re.I)
YEAR_RE = re.compile(r"^(19|20)\d\d$")
ANTECEDENT_RE = re.compile(r"\b(?:nombre|effectifs?|total|volume)(?:\s+(?:annuel|moyen|total|global|mensuel|cumulé|journalier)(?:le)?s?)?\s+(?:de\s+|d'|des\s+|du\s+)(?:la\s+|l')?(?P<noun>[\wÀ-ÿ][\wÀ-ÿ-]*)", re.I)
NOMBRE_AFTER_RE = re.compile(r"\s+le\s+nombre\s+(?:de\s+|d')(?P<noun>[\wÀ-ÿ][\wÀ-ÿ-]*)", re.I)
LABEL_COLON_RE = re.compile(r"^[\s•\-–]*(?P<noun>[A-ZÀ-Ý][\wÀ-ÿ-]*)[^:\n]{0,40}?\s:\s*$")
# before "N points": a change or a gap of a rate is measured in points of percentage
POINT_CUE_RE = re.compile(
    r"\b(?:hausse|baisse|progress\w*|recul\w*|augment\w*|diminu\w*|gagn\w*|perd\w*|perte|gain|écart\w*|"
    r"inférieur\w*|supérieur\w*|bonification|majoration|amélior\w*|dégrad\w*|chut\w*|repli)\b"
    r"[^.;:]{0,25}\b(?:de|d'|à)\s*(?:près de |plus de |moins de |environ |quelque )?[^\s]*\s*$"
)
# after a bare number: a part of a whole said next ("des douze médiathèques") or before ("d'entre eux")
PARTITIVE_RE = re.compile(r"\s+(?:des\s+(?:\d|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|cent)|d['’]\s?entre\s+(?:eux|elles)\b)", re.I)
# a rate per a round base: "11,8 pour 10 000 habitants", "19,4 pour 100 élèves"
RATE_RE = re.compile(r"(?<![\w,.])\d+(?:,\d+)?[ \u00a0]+pour[ \u00a0]+(?:1[ \u00a0]?0{3}|10[ \u00a0]?0{3}|100[ \u00a0]?0{3}|100|mille|cent)[ \u00a0]+[A-Za-zÀ-ÿ'’-]+")
PART_OF_RE = re.compile(r"\s+(?:sur|sur les|parmi les|des|de ses|de nos)\s+")  # "15 sur les 20 jours": a part of a whole
SHARED_UNIT_RE = re.compile(r"\s+(?:à|et|ou|,|des|sur|sur les|parmi les|de ses|de nos)\s+")
# the unit of a whole table, in its caption or header: "(en M€)", "(M€ HT)", "(mouvements réels, en M€)", "en %"
_TABLE_UNITS = r"M€|k€|K€|Md€|Mds€|€|euros|EUR|millions? d'euros|milliers d'euros|milliards? d'euros|%"
TABLE_UNIT_RE = re.compile(
    r"\((?:[^()\n]*?[,;]\s*)?(?:en\s+)?(?P<u>" + _TABLE_UNITS + r")(?:\s+(?:HT|TTC|courants|constants))?\s*\)"
    r"|\ben\s+(?P<u2>%|M€|k€|€|euros)(?![\w/])"
)
# a cell that holds a figure: "3 400", "9,8", "+ 1,5 %", "– 0,4", "477 k€"
PER_UNIT_RE = re.compile(r"\s*(?:/|HT\b|TTC\b|par\s)")  # "€/m³", "€ HT", "€ par habitant": still euros
# a heading's number at a line start: "1.1 Territoire", "1 | Plus de trains", "2 – Six engagements", "3) Suivi"
SECTION_NUMBER_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?(?=[ \t]+[A-ZÀ-Ý«])|\d{1,2}[ \t]*(?:[|–—]|-(?=[ \t]))[ \t]*(?=[A-ZÀ-Ý«])|\d{1,2}[.)][ \t]+(?=[A-ZÀ-Ý«])")
DAY_MONTH_RE = re.compile(r"[ \u00a0]+(?:" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + r")(?![\w])", re.I)
COMPOUND_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)+")
PARTICIPLE_END_RE = re.compile(r"(?:é|ée|és|ées)$")  # "attendues" is caught by the tagger's VerbForm; "médiathèques" is no participle
# a label and its number, right before: "Engagement n° 41", "Axe 2", "Action 1.1", "article 54"
_STRUCTURE_WORDS = (r"axe|action|engagement|mesure|fiche|article|art\.|chapitre|partie|titre|section|annexe|tableau|"
                    r"figure|graphique|orientation|priorité|étape|phase|lot|tome|recommandation|préconisation|"
                    r"proposition|volet|pilier|chantier|défi|thème|encadré|question|page|p\.")
STRUCTURE_LABEL_RE = re.compile(r"(?<![\w])(?:" + _STRUCTURE_WORDS + r")[ \u00a0]+(?:n[°oº][ \u00a0]*)?$|(?<![\w])n[°oº][ \u00a0]*$", re.I)
LABEL_NUMBER_END_RE = re.compile(r"(?:(?<![\w])(?:" + _STRUCTURE_WORDS + r")[ \u00a0]+(?:n[°oº][ \u00a0]*)?|n[°oº][ \u00a0]*)\d+(?:\.\d+)*$", re.I)
FTE_RE = re.compile(r"\b(?:ETPT?|équivalents?[ -]temps[ -]plein)\b", re.I)  # full-time equivalents may be decimal
SCALE_WORDS = {"millions": 1e6, "million": 1e6, "milliers": 1e3, "millier": 1e3, "milliards": 1e9, "milliard": 1e9}
VERB_END_RE = re.compile(r"(?:aient|èrent|irent|issent|eraient|iraient|eront|iront)$")
LABEL_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
CELL_NOTE_RE = re.compile(r"\s*\([^()\t]{1,20}\)\s*$")  # "9 (2020)": a year or a note after a cell's figure
NUMERIC_CELL_RE = re.compile(r"[+\-–−]?\s?\d[\d  .,]*\s?(?:%|€|k€|M€)?")
ROW_MEASURE_RE = re.compile(r"\(\s*(?:en\s+)?(?P<u>%|[^()\d\t]{1,24}?)\s*\)\s*$")  # the unit a row label ends with
TABLE_TITLE_RE = re.compile(r"^\s*(?:(?:tableau|table|figure|graphique|annexe)\s*[\w.]*\s*[-–—:.]\s*)?", re.I)
TOC_RE = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$")
PAGE_RE = re.compile(r"(?:page|p\.)\s*\d+\s*(?:/|sur)\s*\d+|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4}", re.I)
CHANGE_VERB_BLOCKERS = {"pour", "soit", "atteindre", "atteint", "à", "jusqu'à", "entre", "et", "ou", "contre"}
HALF_BEFORE_RE = re.compile(r"(?:\bpour|\bde|\bd'|\bà|\bpar|\benviron|\bprès de|\bplus de|\bmoins de)\s*$")
_SMALL = r"deux|trois|quatre|cinq|six|sept|huit|neuf"
RATIO_WORDS = set(_SMALL.split("|"))
# "quatre trains sur cent", "quatre allocataires sur dix": k in ten or in a hundred is a percentage
RATIO_RE = re.compile(r"(?P<k>" + _SMALL + r")\s+[\wÀ-ÿ-]+(?:\s+[\wÀ-ÿ-]+)?\s+sur\s+(?P<n>dix|cent)\b", re.I)
# "7 offres d'emploi saisonnier sur 10", "9 sur 10": k in ten or in a hundred, in digits
DIGIT_RATIO_RE = re.compile(r"(?<![\w,.])(?P<k>\d{1,2})(?:\s+[A-Za-zÀ-ÿ'’-]+){0,4}\s+sur\s+(?P<n>10|100)(?![\d,.])(?!\s*(?:%|€|ans?\b))")
# the item before "un"/"une" in a list of counts: "deux bibliothécaires et ", "6 infirmières, "
LIST_ITEM_BEFORE_RE = re.compile(
    r"(?:^|[(:,;]\s*|\bet\s+|\bdont\s+)(?:\d[\d  ]*|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt)\s+"
    r"[A-Za-zÀ-ÿ'’-]+(?:\s+(?!et\b|ou\b)[A-Za-zÀ-ÿ'’-]+){0,5}\s*(?:,|\bet)\s+$"
)
ONE_IN_RE = re.compile(r"(?:un|une)\s+[\wÀ-ÿ-]+(?:\s+[\wÀ-ÿ-]+)?\s+sur\s+(?P<n>\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|cent)\b", re.I)
# phone numbers (01 45 67 89 10, +33 1 45…), postcodes before a capitalised town (11100 Narbonne)
NOT_FIGURES_RE = re.compile(r"(?<!\d)(?:\+33\s?\d|0\d)(?:[\s.]?\d\d){4}(?!\d)|(?<!\d\s)(?<!\d)\b\d{5}(?=\s+[A-ZÀ-Ý][a-zà-ÿ])")
RANGE_DASH_RE = re.compile(r"^[-–][ \u00a0]?(?P<hi>\d+(?:,\d+)?)(?![\d/])")
LINKERS = {"contre", "dont", "soit", "et", "(", ",", ";", "ou", ":", "à", "avec", "sur", "puis"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    data["headcount_nouns"] = set(data["headcount_nouns"])
    data["skip_modifiers"] = set(data["skip_modifiers"])
    data["label_words"] = set(data["label_words"])
    for key in ("approx_before", "change_up_before", "change_down_before"):
        data[key] = sorted(data[key], key=len, reverse=True)
    return data


@dataclass
class Figure:
    start: int  # char offsets in doc.text
    end: int
    value: float
    kind: str | None = None  # amount | percentage | headcount | quantity
    value_max: float | None = None
    unit: str | None = None
    subject: str | None = None
    approx: bool = False
    change: bool = False
    negative: bool = False
    bare: bool = False  # no unit and no noun: must inherit from context
    rule: str = ""
    is_int_token: bool = False
    extra: dict = field(default_factory=dict)


def _singular(word: str) -> str:
    w = INCLUSIVE_RE.sub("", word.lower())
    if len(w) > 3 and w.endswith(("s", "x")) and not w.endswith(("ss",)):
        return w[:-1]
    return w


class FigureFinder:
    """Find figures in one Doc (see module docstring)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon()
        self.tok_starts = [t.idx for t in doc]
        self.blocked = self._date_intervals()
        self.place_tokens = self._place_starts()

    # ---- helpers -------------------------------------------------------
    def _date_intervals(self) -> list[tuple[int, int]]:
        spans = self.doc.spans.get(DATES, [])
        return sorted((s.start_char, s.end_char) for s in spans)

    def _place_starts(self) -> set[int]:
        """Token indexes that begin or lie inside a place: the counted noun stops there."""
        return {i for s in self.doc.spans.get(PLACES, []) for i in range(s.start, s.end)}

    def _in_date(self, start: int, end: int) -> bool:
        # date spans do not overlap each other: only the last one starting before ``end`` can overlap
        i = bisect.bisect_left(self.blocked, (end, -1)) - 1
        return i >= 0 and self.blocked[i][1] > start

    def token_at(self, char: int) -> Token | None:
        if not len(self.doc):
            return None
        i = bisect.bisect_right(self.tok_starts, char) - 1
        return self.doc[max(i, 0)]

    def _before(self, start: int, n: int = 40) -> str:
        return self.text[max(0, start - n) : start]

    def _ends_with_cue(self, before: str, cues: list[str]) -> str | None:
        b = re.sub(r"\s+", " ", before.lower().replace("’", "'")).rstrip()
        for cue in cues:
            if b.endswith(cue) and (len(b) == len(cue) or not b[-len(cue) - 1].isalnum()):
                return cue
        return None

    # ---- candidates ----------------------------------------------------
    def candidates(self) -> list[Figure]:
        text = self.text
        figs: list[Figure] = []
        taken: list[tuple[int, int]] = []
        for m in FRACTION_RE.finditer(text):
            a, b = int(m.group("a")), int(m.group("b"))
            if not (0 < a < b <= 12) or self._in_date(m.start(), m.end()):
                continue
            before = self._before(m.start(), 25).lower()
            if not re.search(r"(hausse|baisse|augmentation|diminution|progression|les|des|de|soit|environ)\s*$", before):
                continue
            figs.append(Figure(m.start(), m.end(), round(100 * a / b, 2), kind="percentage", unit="%", rule="fraction"))
            taken.append((m.start(), m.end()))
        for m in NOT_FIGURES_RE.finditer(text):
            taken.append(m.span())
        for m in DIGIT_RATIO_RE.finditer(text):
            k, n = int(m.group("k")), int(m.group("n"))
            if 0 < k < n and not self._noun_follows(m.end()) and not self._in_date(m.start(), m.end()):
                figs.append(Figure(m.start(), m.end(), round(100 * k / n, 2), kind="percentage", unit="%", rule="digits:k-in"))
                taken.append(m.span())
        for m in RATE_RE.finditer(text):  # "11,8 pour 10 000 habitants": one rate, the base is part of its unit
            num = NUMBER_RE.match(text, m.start())
            if num is None or any(ts < m.end() and m.start() < te for ts, te in taken) or self._in_date(m.start(), m.end()):
                continue
            unit = text[num.end() : m.end()].strip()
            figs.append(Figure(m.start(), m.end(), parse_fr_number(num.group("num")), kind="quantity", unit=unit, rule="digits+rate"))
            taken.append(m.span())
        for m in NUMBER_RE.finditer(text):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken) or self._in_date(s, e):
                continue
            if DAY_MONTH_RE.match(text, e):
                continue  # "au 31 décembre": a day without its year, not a count of days
            raw = m.group("num")
            fig = Figure(s, e, parse_fr_number(raw), rule="digits")
            fig.is_int_token = bool(re.fullmatch(r"\d+", raw))
            figs.append(fig)
        figs.extend(self._word_numbers())
        figs.sort(key=lambda f: f.start)
        return figs

    def _word_numbers(self) -> list[Figure]:
        out: list[Figure] = []
        doc = self.doc
        approx_nouns = self.lex["approx_nouns"]
        i = 0
        while i < len(doc):
            tok = doc[i]
            low = tok.lower_
            # une centaine de / un millier de
            if low in ("un", "une") and i + 2 < len(doc) and doc[i + 1].lower_ in approx_nouns and doc[i + 2].lower_ in ("de", "d'", "d’"):
                val = approx_nouns[doc[i + 1].lower_]
                out.append(Figure(tok.idx, doc[i + 1].idx + len(doc[i + 1]), float(val), approx=True, rule="words:approx-noun"))
                i += 3
                continue
            ratio = RATIO_RE.match(self.text, tok.idx) if low in RATIO_WORDS else None
            if ratio and not self._noun_follows(ratio.end()):  # "quatre trains sur cent", "quatre agents sur dix"
                k, n = parse_number_words(ratio.group("k")), parse_number_words(ratio.group("n"))
                if k and n and 0 < k.value < n.value:
                    out.append(Figure(tok.idx, ratio.end(), round(100 * k.value / n.value, 2), kind="percentage", unit="%", rule="words:k-in"))
                    i = self.token_at(ratio.end() - 1).i + 1
                    continue
            parts = [p for p in re.split(r"-", low) if p]
            if parts and all(p in NUMBER_WORDS for p in parts) and low not in ("et", "un", "une"):
                j = i
                while j + 1 < len(doc) and all(p in NUMBER_WORDS for p in re.split(r"-", doc[j + 1].lower_) if p) and doc[j + 1].lower_ not in ("un", "une"):
                    j += 1
                while j > i and doc[j].lower_ == "et":
                    j -= 1
                words = doc[i : j + 1].text
                wn = parse_number_words(words)
                nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
                den = self.lex["fraction_nouns"].get(nxt)
                if wn is not None and den:  # les deux tiers → 66.67 %
                    out.append(Figure(tok.idx, doc[j + 1].idx + len(doc[j + 1]), round(100 * wn.value / den, 2), kind="percentage", unit="%", rule="words:fraction"))
                    i = j + 2
                    continue
                in_name = (tok.text[:1].isupper() and not tok.is_sent_start and j + 1 < len(doc)
                           and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha)  # "plateau des Mille Étangs"
                if wn is not None and not in_name and not self._in_date(tok.idx, doc[j].idx + len(doc[j])):
                    out.append(Figure(tok.idx, doc[j].idx + len(doc[j]), wn.value, rule="words"))
                i = j + 1
                continue
            if low in ("un", "une") and i + 1 < len(doc) and doc[i + 1].lower_ in self.lex["fraction_nouns"]:
                den = self.lex["fraction_nouns"][doc[i + 1].lower_]
                out.append(Figure(tok.idx, doc[i + 1].idx + len(doc[i + 1]), round(100 / den, 2), kind="percentage", unit="%", rule="words:fraction"))
                i += 2
                continue
            if low == "la" and i + 1 < len(doc) and doc[i + 1].lower_ == "moitié":  # la moitié des agents → 50 %
                out.append(Figure(tok.idx, doc[i + 1].idx + len(doc[i + 1]), 50.0, kind="percentage", unit="%", rule="words:fraction"))
                i += 2
                continue
            if low == "moitié" and HALF_BEFORE_RE.search(self._before(tok.idx, 20).lower().replace("’", "'")):
                # "dues pour moitié à…", "réduit de près de moitié": half, without an article
                out.append(Figure(tok.idx, tok.idx + len(tok), 50.0, kind="percentage", unit="%", rule="words:fraction"))
                i += 1
                continue
            one_in = ONE_IN_RE.match(self.text, tok.idx) if low in ("un", "une") else None
            if one_in and self._noun_follows(one_in.end()):
                one_in = None  # "une option sur dix rames": "sur" governs a noun phrase, not a ratio
            if one_in:  # "un habitant sur cinq" → 20 %
                den = parse_number_words(one_in.group("n")) if not one_in.group("n").isdigit() else None
                n = float(one_in.group("n")) if one_in.group("n").isdigit() else (den.value if den else 0)
                if n > 1:
                    out.append(Figure(tok.idx, one_in.end(), round(100 / n, 2), kind="percentage", unit="%", rule="words:one-in"))
                    i = self.token_at(one_in.end() - 1).i + 1
                    continue
            if low in ("un", "une") and i + 1 < len(doc) and doc[i + 1].lower_ in ("an", "mois", "semaine", "jour", "heure", "année", "trimestre", "semestre"):
                b = self._before(tok.idx, 16).lower().replace("’", "'")
                a = self.text[doc[i + 1].idx + len(doc[i + 1]) : doc[i + 1].idx + len(doc[i + 1]) + 20].lower()
                if re.match(r"\s+sur\s+l'autre", a.replace("’", "'")):
                    pass  # "d'une année sur l'autre": from one year to the next, no count
                elif re.search(r"(\bd'|\bde\s|\bpendant\s|\ben\s|\bsur\s|\bà\s|\bdepuis\s|\bavec\s|\benviron\s|\bprès\sd')\s*$", b) or re.match(
                    r"\s+(?:de\s+retard|plus\s+tôt|plus\s+tard|après|auparavant|et\s+demie?)\b", a
                ):  # "d'un an", "avec un an de retard", "un an plus tôt", "un an et demi"
                    half = re.match(r"\s+et\s+demie?\b", a)
                    out.append(Figure(tok.idx, tok.idx + len(tok), 1.5 if half else 1.0, rule="words:un"))
                    i += 1
                    continue
            if low in ("un", "une") and i + 1 < len(doc) and doc[i + 1].lower_ in ("seul", "seule"):
                # "un seul bibliobus", "et un seul a été abandonné": one, said with insistence
                out.append(Figure(tok.idx, doc[i + 1].idx + len(doc[i + 1]), 1.0, rule="words:un-seul"))
                i += 2
                continue
            if low in ("un", "une") and LIST_ITEM_BEFORE_RE.search(self._before(tok.idx, 90)):
                # "deux bibliothécaires et un médiateur", "5 médecins, 6 infirmières, une orthoptiste":
                # an item of a list of counts is a count too
                out.append(Figure(tok.idx, tok.idx + len(tok), 1.0, rule="words:un-list"))
                i += 1
                continue
            if low in ("un", "une"):
                b = self._before(tok.idx, 20)
                if self._ends_with_cue(b, ["au moins", "au minimum", "seulement", "plus d'", "moins d'"]):
                    out.append(Figure(tok.idx, tok.idx + len(tok), 1.0, rule="words:un"))
            i += 1
        return out

    def _noun_follows(self, end: int) -> bool:
        """A plural noun right after "sur dix" (``end``): "une option sur dix rames" counts rames, it is
        not a ratio; "un habitant sur cinq déclare" is one (a verb, even one the tagger calls a noun)."""
        tok = self.token_at(end)
        if tok is None:
            return False
        i = self._next(tok.i if tok.idx >= end else tok.i + 1)
        if i >= len(self.doc) or self.doc[i].pos_ != "NOUN" or self.doc[i].is_space:
            return False
        nxt = self.doc[i]
        return nxt.lower_.endswith(("s", "x"))  # the written plural: the tagger's morphology errs on verbs

    # ---- reading one figure in context ---------------------------------
    def read(self, fig: Figure) -> None:
        text = self.text
        after = text[fig.end : fig.end + 40]
        rng = RANGE_DASH_RE.match(after) if fig.rule == "digits" else None
        if rng and fig.kind is None:  # 40-55 ans, 10-12 %
            fig.value_max = parse_fr_number(rng.group("hi"))
            fig.end += rng.end()
            after = text[fig.end : fig.end + 40]
            fig.rule += "+dash-range"
        if fig.kind is None:
            cur = currency_after(after)
            pct = percent_after(after)
            if cur:
                fig.kind, fig.unit = "amount", "EUR"
                fig.value *= cur[0]
                fig.extra["scale"] = cur[0]
                fig.end += cur[1]
                fig.rule += "+currency"
            elif pct:
                fig.kind, fig.unit = "percentage", "%"
                fig.end += pct
                fig.rule += "+percent"
            else:
                sw = SCALE_WORD_RE.match(after)
                if sw:
                    fig.value *= {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9}[sw.group("w").lower()]
                    fig.end += sw.end()
                self._counted_noun(fig)
        self._sign_and_cues(fig)

    def _counted_noun(self, fig: Figure) -> None:
        doc = self.doc
        tok = self.token_at(fig.end - 1)
        if tok is None:
            return
        i = self._next(tok.i + 1)
        # skip "de"/"d'" after scale words and approximate nouns (une centaine de personnes)
        if i < len(doc) and doc[i].lower_ in ("de", "d'", "d’") and (fig.rule.startswith("words:approx") or fig.value >= 1e6):
            i = self._next(i + 1)
        # skip a parenthetical: 16 028 (contre 18 601) interventions
        noun_after_paren = False
        if i < len(doc) and doc[i].text == "(":
            j = i
            while j < len(doc) and doc[j].text != ")" and j - i < 12:
                j += 1
            if j < len(doc) and doc[j].text == ")" and self._next(j + 1) < len(doc) and self._is_noun(doc[self._next(j + 1)]):
                i = self._next(j + 1)
                noun_after_paren = True
        skipped = None
        persons = []  # skipped modifiers that can be the counted persons themselves ("jeunes")
        while i < len(doc) and (doc[i].lower_ in self.lex["skip_modifiers"]) and doc[i].pos_ in ("ADJ", "DET", "NOUN", "ADV"):
            skipped = i
            if _singular(doc[i].text) in self.lex["headcount_nouns"]:
                persons.append(i)
            i = self._next(i + 1)
        if persons and (i >= len(doc) or not self._is_noun(doc[i]) or self._is_participle(doc[i]) or doc[i].pos_ == "ADJ"
                        or (doc[i].text.islower() and PARTICIPLE_END_RE.search(doc[i].lower_))):
            # "1 150 jeunes sont partis", "8 000 jeunes aidés" (even tagged a noun), "310 jeunes différents": the modifier is the noun
            i = skipped = persons[0]
        if i >= len(doc) or not self._is_noun(doc[i]) or doc[i].is_space or (i != skipped and self._is_participle(doc[i])):
            fig.bare = True  # "des 600 attendues": a participle agrees with a noun written before
            return
        if self._in_date(doc[i].idx, doc[i].idx + len(doc[i])):
            fig.bare = True  # "contre 4 050 fin 2020": the next word belongs to a date
            return
        head = doc[i]
        if head.lower_ in self.lex["percent_point_nouns"] and self._is_rate_point(head):  # "en recul de 3,1 points"
            fig.kind, fig.unit, fig.subject = "percentage", "%", "point"
            fig.change = True
            fig.end = head.idx + len(head)
            fig.rule += "+points"
            return
        end_i = self._extend_unit(i)
        while end_i - 1 > i and doc[end_i - 1].lower_ in self.lex["change_after"]:
            end_i -= 1  # "8 travailleurs sociaux supplémentaires": a variation, not part of the noun
            fig.change = True
        fig.unit = doc[i:end_i].text
        fig.subject = head.lemma_.lower() if head.pos_ in ("NOUN",) else _singular(head.text)
        fig.kind = "headcount" if self._is_person(head, doc[i:end_i].text) else "quantity"
        if not noun_after_paren:  # the span stops before "(contre 18 601)", which is a figure of its own
            fig.end = max(fig.end, doc[end_i - 1].idx + len(doc[end_i - 1]))
        fig.extra["head"] = head.i

    def _is_rate_point(self, head: Token) -> bool:
        """'3,1 points' of a rate, not '40 points d'accueil': no noun complement, a rate nearby."""
        after = self.text[head.idx + len(head) : head.idx + len(head) + 30].lower()
        if re.match(r"\s*de\s+pourcentage", after):
            return True
        if re.match(r"\s*(?:d'|de\s|des\s|du\s)(?!plus\b|moins\b)", after.replace("’", "'")):
            return False
        if re.match(r"[ \u00a0]+[a-zà-ÿ]", after) and not re.match(r"[ \u00a0]+(?:et|ou|à|au|en|par|pour|sur|mais|dans|contre|soit|de plus|de moins)\b", after):
            return False  # "44 points lecture": a noun follows, these are places
        before = re.sub(r"\s+", " ", self.text[max(0, head.idx - 60) : head.idx].lower())
        if POINT_CUE_RE.search(before):
            return True  # "a progressé de 3,1 points", "l'écart restant de 1,4 point", "inférieure de près de deux points"
        try:
            sent = head.sent.text.lower()
        except ValueError:
            sent = self.text[max(0, head.idx - 150) : head.idx + 50].lower()
        return "%" in sent or bool(re.search(r"\b(taux|part|proportion|pourcentage|ratio)\b", sent))

    def _is_participle(self, tok: Token) -> bool:
        """A past participle or a verbal adjective right after a number ("600 attendues", "2 livrés"):
        it agrees with a noun said before, it is not the counted noun ("412 retraités" is one)."""
        if tok.pos_ == "NOUN" or _singular(tok.text) in self.lex["headcount_nouns"] or tok.text[:1].isupper():
            return False
        return tok.pos_ in ("ADJ", "VERB") and ("Part" in tok.morph.get("VerbForm") or bool(PARTICIPLE_END_RE.search(tok.lower_)))

    def _next(self, i: int) -> int:
        """Index of the next token that is not a run of spaces in the same line and cell (a tab ends a cell)."""
        doc = self.doc
        while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text and "\t" not in doc[i].text:
            i += 1
        return i

    def _is_noun(self, tok: Token) -> bool:
        if tok.is_punct or tok.is_space or tok.like_num or tok.is_digit:
            return False
        if tok.lower_ in ("de", "d'", "d’", "en", "à", "au", "aux", "et", "ou", "sur", "par", "pour", "dans", "le", "la", "les", "des", "du"):
            return False
        if tok.lower_ in self.lex["measure_units"] and tok.text[:1].islower():
            return True  # "25 m", "8 ha", "120 m³": units the tagger reads as prepositions or interjections
        if VERB_END_RE.search(tok.lower_):
            return False  # "1 380 bénéficiaient de …": a verb the tagger took for a noun
        if tok.pos_ in ("NOUN", "PROPN"):
            return True
        if tok.pos_ == "NUM" and tok.is_alpha and tok.text.islower() and len(tok) > 3:
            return True  # "350 diagnostics gratuits": a plural noun after a number that the tagger calls a number
        if tok.text.isupper() and len(tok.text) >= 2 and tok.is_alpha:
            return True  # acronym: CISP, GAP, ETP
        low = _singular(tok.text)
        if tok.pos_ == "ADJ" and tok.lower_ not in self.lex["skip_modifiers"]:
            return True  # a nominalised adjective after a number: 1 139 collectifs, 412 retraités
        return low in self.lex["headcount_nouns"] or tok.lower_ in self.lex["durations"]

    def _extend_unit(self, i: int) -> int:
        """End token index of the counted noun phrase: noun + adjectives + 'de N' complements."""
        doc = self.doc
        j = i + 1
        complements = 0
        while j < len(doc):
            t = doc[j]
            if t.is_space or t.is_punct and t.text not in ("-",) or j in self.place_tokens:
                break
            if t.pos_ == "ADJ" or (t.pos_ in ("PROPN",) and t.text[:1].isupper()) or (t.pos_ == "NOUN" and t.text[:1].isupper() and doc[j - 1].text[:1].isupper()):
                j += 1
                continue
            if t.lower_ in ("de", "d'", "d’", "des", "du") and complements < 1 and j + 1 < len(doc):
                k = j + 1
                if doc[k].lower_ in ("la", "l'", "l’"):
                    k += 1
                if k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN") and not doc[k].like_num and not self._in_date(doc[k].idx, doc[k].idx + 1) and k not in self.place_tokens:
                    complements += 1
                    j = k + 1
                    continue
            break
        return j

    def _is_person(self, head: Token, unit_text: str) -> bool:
        words = self.lex["headcount_nouns"]
        low_unit = unit_text.lower()
        at_head = self.text[head.idx : head.idx + 40].lower().replace("’", "'")
        if any(at_head.startswith(c) for c in self.lex["object_compounds"]):
            return False  # "1 300 postes fixes", "postes de travail": computers, not jobs
        if any(low_unit.startswith(c) or at_head.startswith(c) for c in self.lex["person_compounds"]):
            return True  # "demandeurs d'emploi", "retours à l'emploi" (persons back in work)
        cands = {head.lemma_.lower(), _singular(head.text), head.lower_}
        compound = COMPOUND_WORD_RE.match(self.text, head.idx)  # "maîtres-nageurs", "aides-soignants"
        if compound:
            cands |= {_singular(p) for p in compound.group(0).split("-")[:1]} | {_singular(compound.group(0)), compound.group(0).lower()}
            cands.add("-".join(_singular(p) for p in compound.group(0).split("-")))
        return any(c in words for c in cands)

    def _sign_and_cues(self, fig: Figure) -> None:
        text = self.text
        before = self._before(fig.start, 60)
        m = SIGN_RE.search(before[-3:]) if before else None
        if m and fig.kind not in ("amount", "percentage"):
            # "Entraide Audoise – 12, quai …": a dash after a word is a separator, not a minus sign,
            # unless a cue makes it a variation ("soit – 1 027", "(– 16,5 M€)", a table cell)
            raw_pre = before[: len(before) - (3 - m.start("sign"))]
            pre = raw_pre.rstrip()
            if pre and not raw_pre.endswith("\t") and (pre[-1].isalnum() and not re.search(r"(?:\bsoit|\bde|\bà|\bet|\bévolution|\bvariation|\bsolde)$", pre.lower())):
                m = None
        if m and LABEL_NUMBER_END_RE.search(before[: len(before) - (3 - m.start("sign"))].rstrip()):
            m = None  # "Engagement n° 41 – 110 M€": the dash follows a label's number, it is not a minus
        if m:
            fig.change = True
            fig.negative = m.group("sign") in "-–−"
            fig.start -= len(before[-3:]) - m.start("sign")
            before = self._before(fig.start, 60)
        approx = self._ends_with_cue(before, self.lex["approx_before"])
        cue_zone = before
        if approx:
            fig.approx = True
            b = re.sub(r"\s+", " ", before.lower()).rstrip()
            cue_zone = b[: len(b) - len(approx)]
        if fig.rule.startswith("words:approx"):
            fig.approx = True
        down = self._ends_with_cue(cue_zone, self.lex["change_down_before"])
        up = self._ends_with_cue(cue_zone, self.lex["change_up_before"])
        if not (down or up) and fig.kind in ("percentage", "amount"):
            verb = self._change_verb_before(cue_zone)
            down, up = (verb, None) if verb in self.lex["change_down_verbs"] else (None, verb)
        if down and (not up or len(down) >= len(up)) and down != "moins":
            fig.change, fig.negative = True, True
        elif up:
            fig.change = True
        tail = re.sub(r"\s+", " ", text[fig.end : fig.end + 20].lower())
        if any(tail.startswith(" " + w) for w in self.lex["change_after"]):
            fig.change = True
        if any(tail.startswith(" " + w) for w in self.lex["change_down_after"]):
            fig.negative = True  # "13,5 points de moins"

    def _change_verb_before(self, before: str) -> str | None:
        """'réduira sa consommation d'énergie de 10 %': a verb of change, a few words before the
        'de' that introduces the figure, makes it a variation (its object stands in between)."""
        b = re.sub(r"\s+", " ", before.lower().replace("’", "'")).rstrip()
        if not re.search(r"\b(?:de|d')$", b):
            return None
        clause = re.split(r"[.;:!?,()\n•]|\d", b)[-1]  # no punctuation and no other number in between
        words = re.findall(r"[a-zà-ÿ']+", clause)[:-1]
        for word in reversed(words[-6:]):
            if word in CHANGE_VERB_BLOCKERS:
                return None
            if word in self.lex["change_down_verbs"] or word in self.lex["change_up_verbs"]:
                return word
        return None

    # ---- ranges and bare numbers --------------------------------------
    def merge_ranges(self, figs: list[Figure]) -> list[Figure]:
        out: list[Figure] = []
        i = 0
        while i < len(figs):
            a = figs[i]
            if i + 1 < len(figs):
                b = figs[i + 1]
                between = self.text[a.end : b.start]
                before = self._before(a.start, 12).lower()
                from_to = self._ends_with_cue(re.sub(r"\s*\bd[e']\s*$", "", before), self.lex["from_to_verbs"]) or self._from_to_clause(a)
                is_range = a.kind is None and not from_to and bool(
                    (re.fullmatch(r"\s+et\s+", between) and re.search(r"entre\s*$", before))
                    or re.fullmatch(r"\s+à\s+", between)
                    or (re.fullmatch(r"[ \u00a0]?[-–][ \u00a0]?", between) and not b.change)
                )
                # "entre 0,90 € et 4,60 €", "entre 10 % et 15 %": both bounds carry the unit
                both = a.kind in ("amount", "percentage") and a.kind == b.kind and not (a.change or b.change)
                if both and re.fullmatch(r"\s+et\s+", between) and re.search(r"entre\s*$", before):
                    is_range = True
                    a.extra["scale"], b.extra["scale"] = 1.0, 1.0  # each bound is already scaled
                if is_range and not a.extra.get("head"):
                    m = re.search(r"(entre|de)\s*$", before)
                    high = b.value_max if b.value_max is not None else b.value
                    if a.value * b.extra.get("scale", 1.0) <= high:  # "entre 300 000 et 1,5 M€": 300 000 € already
                        a.value *= b.extra.get("scale", 1.0)
                    a.value_max = high
                    a.end = b.end
                    a.kind, a.unit, a.subject = b.kind, b.unit, b.subject
                    a.bare = b.bare
                    if m:
                        a.start -= len(before) - m.start()
                    a.rule += "+range"
                    out.append(a)
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def _from_to_clause(self, fig: Figure) -> bool:
        """'portant l'effectif de 52 à 62', 'porter le nombre de prêts de 1,1 million à 1,3 million':
        a verb of change earlier in the clause makes 'de X à Y' two levels, not a range."""
        before = self.text[max(0, fig.start - 70) : fig.start]
        if not re.search(r"\bd[e']\s*$", before):
            return False
        clause = re.split(r"[.;:!?()\n•]", before)[-1].lower()
        words = re.findall(r"[\wÀ-ÿ]+", clause)
        return any(w in self.lex["from_to_verbs"] for w in words[:-1])

    def _sentence_of(self, fig: Figure) -> Span | None:
        tok = self.token_at(fig.start)
        if tok is None:
            return None
        try:
            return tok.sent
        except ValueError:
            return None

    def resolve_bare(self, figs: list[Figure]) -> list[Figure]:
        """Bare numbers take the kind and noun of the figure they refer to, or are dropped."""
        keep: list[Figure] = []
        for idx, fig in enumerate(figs):
            if not fig.bare:
                keep.append(fig)
                continue
            if self._ends_with_cue(self._before(fig.start, 25), self.lex["multiplier_before"]):
                continue  # "multiplié par 2" is a factor, not a count
            sent = self._sentence_of(fig)
            nxt_fig = figs[idx + 1] if idx + 1 < len(figs) else None
            link = SHARED_UNIT_RE.fullmatch(self.text[fig.end : nxt_fig.start]) if nxt_fig is not None else None
            if link and PART_OF_RE.fullmatch(link.group(0)) and nxt_fig.value < fig.value:
                link = None  # "1 700 sur les dix premiers mois": a part is not larger than its whole
            if link and not nxt_fig.bare and nxt_fig.kind:
                # "passé de 15 à 9 jours", "15 ou 20 jours": the unit is written once, after the last number
                fig.kind, fig.unit, fig.subject = nxt_fig.kind, nxt_fig.unit, nxt_fig.subject
                if nxt_fig.kind == "amount":
                    fig.value *= nxt_fig.extra.get("scale", 1.0)
                fig.rule += "+shared-unit"
                fig.bare = False
                keep.append(fig)
                continue
            if not self._bare_is_figure(fig) and self._antecedent_noun(fig, sent) is None:
                continue
            ctx = self._table_context(fig) if self._is_table_cell(fig) else None
            if ctx is not None:  # a cell is read from its table, not from the other cells of its row
                kind, unit, subject, scale = ctx
                fig.kind, fig.unit, fig.subject = kind, unit, subject
                fig.value *= scale
                if fig.value_max is not None:
                    fig.value_max *= scale
                fig.rule += "+cell"
                fig.bare = False
                keep.append(fig)
                continue
            ref = None
            if sent is not None:
                same = [f for f in figs if f is not fig and not f.bare and f.kind in ("headcount", "quantity") and sent.start_char <= f.start < sent.end_char]
                prev = [f for f in same if f.start < fig.start and not self._closed_aside(f, fig)]
                nxt = [f for f in same if f.start > fig.start]
                ref = prev[-1] if prev else (nxt[0] if nxt else None)
            antecedent = self._antecedent_noun(fig, sent)
            if antecedent is not None and (ref is None or ref.start > fig.start):
                # "Le nombre de postes … sera porté de 310 à 360, et six nouveaux chantiers": the noun named before
                fig.kind, fig.unit, fig.subject = antecedent
                fig.rule += "+nombre-de"
            elif ref is not None:
                fig.kind, fig.unit, fig.subject = ref.kind, ref.unit, ref.subject
                fig.rule += "+inherit"
            elif self._is_table_cell(fig):
                fig.kind = "quantity"
                fig.rule += "+cell"
            elif fig.change:
                fig.kind = "quantity"
                fig.rule += "+signed"
            else:
                continue
            fig.bare = False  # resolved: later bare numbers may refer to it ("297 …, dont 64 nouveaux")
            keep.append(fig)
        return keep

    def _closed_aside(self, ref: Figure, fig: Figure) -> bool:
        """``ref`` sits in a parenthesis closed before ``fig``: "1 476 retours (… plus de six mois …),
        contre 1 352 en 2022": the aside's noun is not the one a later bare number counts."""
        between = self.text[ref.end : fig.start]
        depth = 0
        for ch in between:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth < 0:
                    return True
        return False

    def _antecedent_noun(self, fig: Figure, sent: Span | None) -> tuple[str, str, str] | None:
        """'Le nombre d'apprentis est passé de 43 à 78': the noun a bare number counts."""
        if sent is None or fig.rule.startswith("words"):
            return None
        raw = self.text[fig.start : fig.end].strip("+-–− ")
        if fig.is_int_token and YEAR_RE.match(raw):
            return None
        zone = self.text[sent.start_char : fig.start]
        m = None
        for m in ANTECEDENT_RE.finditer(zone):
            pass
        after = NOMBRE_AFTER_RE.match(self.text, fig.end)
        label = LABEL_COLON_RE.search(zone)
        if after:  # porter à 150 le nombre de bénévoles
            noun_at = after.start("noun")
        elif label:  # Bénévoles actifs : 297
            noun_at = sent.start_char + label.start("noun")
        elif m is not None:
            noun_at = sent.start_char + m.start("noun")
        else:
            return None
        tok = self.token_at(noun_at)
        if tok is None or not self._is_noun(tok):
            return None
        end_i = self._extend_unit(tok.i)
        unit = self.doc[tok.i : end_i].text
        kind = "headcount" if self._is_person(tok, unit) else "quantity"
        return kind, unit, tok.lemma_.lower()

    def _table_block(self, line_start: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The rows of the table a line belongs to (top-down, ending with that line) and its caption lines.

        Rows are consecutive tab-separated lines; one blank line may stand between two rows
        (a markdown ``|---|`` rule becomes one). The caption is the nearest non-blank lines
        above the table, across blank lines ("**Tableau 1 (M€ HT)**", blank, table), nearest first.
        """
        text = self.text
        line_end = text.find("\n", line_start)
        rows = [(line_start, line_end if line_end >= 0 else len(text))]
        pos = line_start
        captions: list[tuple[int, int]] = []
        blanks = 0
        while pos > 0 and len(rows) < 40:
            a = text.rfind("\n", 0, pos - 1) + 1
            b = pos - 1
            line = text[a:b]
            pos = a
            if not line.strip():
                blanks += 1
                if blanks > 2 or (captions and blanks > 0):
                    break
                continue
            if "\t" in line and not captions:
                if blanks > 1:
                    break
                rows.insert(0, (a, b))
                blanks = 0
                continue
            if "\t" in line:
                break
            captions.append((a, b))
            blanks = 0
            if len(captions) == 2:
                break
        return rows, captions

    def _cells(self, a: int, b: int) -> list[tuple[int, int]]:
        """Character spans of the cells of a tab-separated line."""
        out, pos = [], a
        while True:
            tab = self.text.find("\t", pos, b)
            if tab < 0:
                out.append((pos, b))
                return out
            out.append((pos, tab))
            pos = tab + 1

    def _is_header(self, a: int, b: int) -> bool:
        """A header row: beyond its first cell, no cell is a figure (years and blanks allowed)."""
        cells = [self.text[x:y].strip() for x, y in self._cells(a, b)[1:]]
        return bool(cells) and not any(NUMERIC_CELL_RE.fullmatch(c) and not YEAR_RE.match(c) for c in cells)

    def _unit_of(self, phrase: str) -> tuple[str, str, None, float] | None:
        """Amount or percentage when a caption or header states the unit: "(en M€)", "(M€ HT)", "M€", "%"."""
        bare = phrase.strip()
        cur = currency_after(bare)
        if bare == "%" or bare.startswith("% "):
            return "percentage", "%", None, 1.0
        if cur and (cur[1] >= len(bare) or PER_UNIT_RE.match(bare, cur[1])):  # "M€", "€/m³", "€ TTC/m³", "k€ HT"
            return "amount", "EUR", None, cur[0]
        m = TABLE_UNIT_RE.search(phrase)
        if not m:
            return None
        cur = currency_after(m.group("u") or m.group("u2"))
        if cur:
            return "amount", "EUR", None, cur[0]
        return "percentage", "%", None, 1.0

    def _words_count_persons(self, phrase: str) -> bool:
        """Does a measure written in words ("jeunes aidés", "effectif en fin de période") count persons?"""
        low = phrase.lower()
        if any(low.startswith(c) for c in self.lex["person_compounds"]):
            return True
        return any(_singular(w) in self.lex["headcount_nouns"] for w in re.findall(r"[\wÀ-ÿ'-]+", low)[:2])

    def _table_context(self, fig: Figure) -> tuple[str, str | None, str | None, float] | None:
        """Kind, unit, subject and scale of a table cell, from its row label, its column, the caption.

        In this order, the first that says something wins:
        1. the row label's measure in parentheses ("Ponctualité (%)", "Coût aidé (k€)",
           "Délai moyen (jours)", "Pass'Sortir (titulaires)");
        2. the unit of the cell's column header ("Crédits annuels (M€)", "M€", "%");
        3. a unit in the caption or the header row ("Tableau 2 – Investissements (M€)", "(en €)");
        4. the counted noun of the cell's column header ("Femmes", "Stagiaires", "Salles équipées");
        5. the header's first cell ("Actions\tNombres");
        6. the row label's counted noun ("Tablettes remises\t3 400");
        7. the first counted noun of the caption or of the sentence that introduces the table.
        Neutral words (Objectif, Réalisé, Total, years…) say nothing and are skipped.
        """
        text = self.text
        line_start = text.rfind("\n", 0, fig.start) + 1
        rows, captions = self._table_block(line_start)
        header = rows[0] if len(rows) > 1 and self._is_header(*rows[0]) else None
        col = text.count("\t", line_start, fig.start)
        label_end = text.find("\t", line_start, fig.start)
        row_label = self._classify_phrase(line_start, label_end) if label_end > line_start else None
        whole = float(fig.value).is_integer() or bool(FTE_RE.search(text[line_start : text.find("\n", fig.end) if text.find("\n", fig.end) >= 0 else len(text)]))
        if row_label and row_label[0] == "headcount" and not whole:
            row_label = None  # "Femmes\t2,1": a decimal is not a number of persons (jours de formation par agent)
        if label_end > line_start:  # 1. "Trains supprimés (%)", "Gaspillage (g par repas)", "Crédits (M€)"
            measure = ROW_MEASURE_RE.search(text, line_start, label_end)
            if measure is None and row_label is None and len(rows) > 1:
                # "Ponctualité (%)\t90,2…" then "Objectif\t–\t90,5…": a neutral row restates the row above
                a, b = rows[-2]
                above_end = text.find("\t", a, b)
                measure = ROW_MEASURE_RE.search(text, a, above_end) if above_end > a else None
            if measure:
                u = measure.group("u").strip()
                unit = self._unit_of(u)
                if unit:
                    return unit
                scale = SCALE_WORDS.get(u.lower())
                if scale:  # "Nuitées marchandes (millions)\t30,2": a count in millions
                    found = row_label
                    return (found[0] if found else "quantity"), (found[1] if found else None), (found[2] if found else None), scale
                if whole and self._words_count_persons(u):  # "Pass'Sortir BFC (titulaires)"
                    return "headcount", u, (row_label[2] if row_label else None), 1.0
                if self._is_measure_unit(u):  # "(jours)", "(g par repas)", "(m³)", "(nombre/an)"
                    person = row_label is not None and row_label[0] == "headcount"
                    return ("headcount" if person else "quantity"), u, (row_label[2] if row_label else None), 1.0
                # else a note ("(piscine Eugène-Lagadec)", "(CPER, petites lignes)"): read on
        head_cell = None
        if header is not None:
            cells = self._cells(*header)
            if col < len(cells):
                head_cell = cells[col]
                unit = self._unit_of(text[head_cell[0] : head_cell[1]])  # 2.
                if unit:
                    return unit
        for a, b in captions + ([header] if header else []):  # 3.
            unit = TABLE_UNIT_RE.search(text[a:b])
            if unit:
                cur = currency_after(unit.group("u") or unit.group("u2"))
                if cur:
                    return "amount", "EUR", None, cur[0]
                return "percentage", "%", None, 1.0
        found = None
        if head_cell is not None and col > 0:  # 4. "Filière\tFemmes\tHommes"
            found = self._classify_phrase(*head_cell)
            if found is None:  # "Femmes\tHommes\tTotal": a neutral column counts what its siblings count
                row_cells = [text[x:y].strip() for x, y in self._cells(*rows[-1])]
                siblings = [
                    self._classify_phrase(x, y)
                    for k, (x, y) in enumerate(self._cells(*header))
                    if 0 < k < len(row_cells) and (x, y) != head_cell
                    and NUMERIC_CELL_RE.fullmatch(row_cells[k]) and "%" not in row_cells[k]  # a column of counts
                ]
                kinds = {f[0] for f in siblings if f}
                if len([f for f in siblings if f]) >= 2 and len(kinds) == 1:
                    found = next(f for f in siblings if f)
        if not self._fits(found, whole) and header is not None:  # 5. the header's first cell ("Actions\tNombres")
            a, b = header
            found = self._classify_phrase(a, self._cells(a, b)[0][1])
        if not self._fits(found, whole):  # 6.
            found = row_label
        for a, b in captions:  # 7.
            if self._fits(found, whole):
                break
            zone = text[a:b]
            m = ANTECEDENT_RE.search(zone)
            start = a + m.start("noun") if m else a + len(TABLE_TITLE_RE.match(zone).group(0))
            found = self._classify_phrase(start, b)
        if self._fits(found, whole):
            return found[0], found[1], found[2], 1.0
        return None

    @staticmethod
    def _fits(found: tuple[str, str, str] | None, whole: bool) -> bool:
        """A counted noun for a cell; persons only for a whole number."""
        return found is not None and (whole or found[0] != "headcount")

    def _is_measure_unit(self, phrase: str) -> bool:
        """A unit of measure rather than a note: "jours", "g par repas", "m³", "kg/hab/an", "nombre/an"."""
        low = phrase.lower()
        first = re.split(r"[\s/]", low, maxsplit=1)[0]
        return "/" in low or " par " in low or first in self.lex["durations"] or first in self.lex["measure_units"]

    def _classify_phrase(self, start: int, end: int) -> tuple[str, str, str] | None:
        """Kind, unit and subject of the first counted noun between two offsets (not a neutral label)."""
        tok = self.token_at(start)
        if tok is None:
            return None
        i = tok.i if tok.idx >= start else tok.i + 1
        while i < len(self.doc) and self.doc[i].idx < end:
            t = self.doc[i]
            if t.pos_ in ("NOUN", "PROPN") and t.is_alpha and t.lower_ not in self.lex["neutral_row_labels"] and not t.text.isupper():
                end_i = self._extend_unit(i)
                unit = self.doc[i:end_i].text
                return ("headcount" if self._is_person(t, unit) else "quantity"), unit, t.lemma_.lower()
            i += 1
        return None

    def _line_of(self, fig: Figure) -> str:
        a = self.text.rfind("\n", 0, fig.start) + 1
        b = self.text.find("\n", fig.end)
        return self.text[a : b if b >= 0 else len(self.text)]

    def _is_page_furniture(self, fig: Figure) -> bool:
        """A page number ('– 2 –', 'Page 3 / 12', a number alone on its line) or a contents line."""
        line = self._line_of(fig).strip()
        if TOC_RE.search(line) or PAGE_RE.fullmatch(line):
            return True
        return bool(re.fullmatch(r"[-–—]?\s*\d{1,4}\s*[-–—]?", line)) and "\t" not in self._line_of(fig)

    def _is_section_number(self, fig: Figure) -> bool:
        """'1.1 Territoire', '1 | Plus de trains', '2 – Des parcours', '3) Suivi' at a line start: a heading's number."""
        line_start = self.text.rfind("\n", 0, fig.start) + 1
        if self.text[line_start : fig.start].strip():
            return False
        return bool(SECTION_NUMBER_RE.match(self.text, fig.start))

    def _after_label(self, fig: Figure) -> bool:
        """'Engagement 2.3 – Quinze projets', 'Action 1.1', 'article 54': the number of a label, even with a noun."""
        if fig.rule.startswith("words"):
            return False
        return bool(STRUCTURE_LABEL_RE.search(self.text, max(0, fig.start - 30), fig.start))

    def _in_row_label(self, fig: Figure) -> bool:
        """A number inside the label of a table row ('Population à moins de 15 minutes…\t58 %',
        'Terminaux pour 100 élèves\t19,4') names the row: it is not a figure (ANNOTATION.md)."""
        text = self.text
        line_start = text.rfind("\n", 0, fig.start) + 1
        line_end = text.find("\n", fig.end)
        line_end = len(text) if line_end < 0 else line_end
        tab = text.find("\t", line_start, line_end)
        if tab < 0 or fig.end > tab:
            return False
        label = text[line_start:tab]
        return len(LABEL_WORD_RE.findall(label)) >= 2 and bool(re.search(r"\d", text[tab:line_end]))

    def _is_table_cell(self, fig: Figure) -> bool:
        """The number is a whole cell of a tab (or ``|``) separated row; a year or note in
        parentheses may follow it in the cell ("9 (2020)", "24,8 % (2018-2019)")."""
        line_start = self.text.rfind("\n", 0, fig.start) + 1
        line_end = self.text.find("\n", fig.end)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        if "\t" not in line and line.count("|") < 2:
            return False
        cells = [CELL_NOTE_RE.sub("", c).strip() for c in re.split(r"[\t|]" if "\t" not in line else r"\t", line)]
        cell = self.text[fig.start : fig.end].strip()
        return cell in cells

    def _bare_word_counts(self, fig: Figure) -> bool:
        """A number word without its noun still counts in "dont neuf", "soit huit par an", "Neuf des douze médiathèques",
        "cinq d'entre elles", "un seul a été abandonné" (the noun is the whole's, or said before)."""
        if fig.rule.startswith("words:un-seul"):
            return True
        return bool(re.search(r"\b(?:dont|soit)\s*$", self._before(fig.start, 10)) or PARTITIVE_RE.match(self.text, fig.end))

    def _bare_is_figure(self, fig: Figure) -> bool:
        raw = self.text[fig.start : fig.end]
        if self._is_page_furniture(fig):
            return False
        if fig.approx and not fig.rule.startswith("words") and not (fig.is_int_token and YEAR_RE.match(raw.strip())):
            return True  # "à un peu plus de 1 700 sur les dix premiers mois", "près de 1 100 à s'y investir"
        if fig.rule.startswith("words"):
            return self._bare_word_counts(fig)
        if PARTITIVE_RE.match(self.text, fig.end):
            return True  # "dans 9 d'entre eux", "212 des 246 encadrants"
        if self._is_table_cell(fig):
            return True
        if fig.is_int_token and YEAR_RE.match(raw.strip("+-–− ")) and not fig.change:
            return False
        before = self._before(fig.start, 30)
        words = re.findall(r"[\wÀ-ÿ°'.]+", before)
        prev = words[-1].lower() if words else ""
        if prev in self.lex["label_words"]:
            return False
        if re.search(r"[A-ZÀ-Ý][\wÀ-ÿ]*[ ]$", before) and not fig.change and "\t" not in before[-2:]:
            return False  # Paris 8, Axe 2, Lot 3
        if re.search(r"(^|\n)\s*$", before) and re.match(r"^[.)]", self.text[fig.end : fig.end + 1]):
            return False  # list numbering 1. / 2)
        if self._is_table_cell(fig):
            return True
        if fig.change:
            return True
        if self._ends_with_cue(before, self.lex["bare_target_before"]):
            return True  # "342 sites labellisés, pour une cible de 400": the target of the noun counted before
        prev_tok = self.token_at(fig.start - 1)
        window = re.sub(r"\s+", " ", before.lower()).rstrip()
        return bool(re.search(r"(contre|dont|soit|et|,|\()\s*$", window)) or (prev_tok is not None and prev_tok.lower_ in LINKERS)

    def coordinated_persons(self, figs: list[Figure]) -> None:
        """'20 travailleurs sociaux et 23 CISP': an unknown noun coordinated with persons counts persons."""
        for a, b in zip(figs, figs[1:]):
            head = self.doc[b.extra["head"]].text if "head" in b.extra else ""
            if a.kind == "headcount" and b.kind == "quantity" and head.isupper():
                if re.fullmatch(r"\s*(et|,|ou)\s*", self.text[a.end : b.start]):
                    b.kind = "headcount"
                    b.rule += "+coord"

    def run(self) -> list[Figure]:
        figs = self.candidates()
        for fig in figs:
            self.read(fig)
        figs = [f for f in figs if not (f.bare or f.change) or not self._is_page_furniture(f)]
        figs = [f for f in figs if not TOC_RE.search(self._line_of(f))]
        figs = [f for f in figs if not self._is_section_number(f) and not self._in_row_label(f) and not self._after_label(f)]
        # "1,1 million à 1,3 million": the word "million" of a written figure is no figure of its own,
        # nor the lower bound of a range that would swallow the next figure
        written = sorted((g.start, g.end) for g in figs if not g.rule.startswith("words"))
        figs = [f for f in figs if not (f.rule.startswith("words") and _inside(written, f.start, f.end))]
        figs = self.merge_ranges(figs)
        figs = [f for f in figs if not (f.rule.startswith("words") and f.bare and not self._bare_word_counts(f))]
        self.coordinated_persons(figs)
        figs = self.resolve_bare(figs)
        for f in figs:
            if f.negative and f.value > 0:
                f.value = -f.value
                if f.value_max is not None:
                    f.value_max = -f.value_max
        return figs


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of the sorted, non-overlapping (start, end) spans."""
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def find_figures(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for fig in FigureFinder(doc).run():
        span = doc.char_span(fig.start, fig.end, label=fig.kind, alignment_mode="expand")
        if span is None:
            continue
        x = span._
        x.value = fig.value
        x.value_max = fig.value_max
        x.unit = fig.unit
        x.subject = fig.subject
        x.approx = fig.approx
        x.change = fig.change
        x.rule = fig.rule
        spans.append(span)
    return spans


def set_figures(doc: Doc) -> Doc:
    doc.spans[FIGURES] = find_figures(doc)
    return doc
