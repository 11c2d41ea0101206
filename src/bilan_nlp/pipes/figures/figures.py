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
ANTECEDENT_RE = re.compile(r"\b(?:nombre|effectifs?|total|volume)\s+(?:de\s+|d'|des\s+|du\s+)(?:la\s+|l')?(?P<noun>[\wÀ-ÿ][\wÀ-ÿ-]*)", re.I)
NOMBRE_AFTER_RE = re.compile(r"\s+le\s+nombre\s+(?:de\s+|d')(?P<noun>[\wÀ-ÿ][\wÀ-ÿ-]*)", re.I)
LABEL_COLON_RE = re.compile(r"^[\s•\-–]*(?P<noun>[A-ZÀ-Ý][\wÀ-ÿ-]*)[^:\n]{0,40}?\s:\s*$")
SHARED_UNIT_RE = re.compile(r"\s+(?:à|et|ou|,|des|sur|sur les|parmi les|de ses|de nos)\s+")
TABLE_UNIT_RE = re.compile(r"\(\s*en\s+(?P<u>M€|k€|K€|Md€|€|euros|millions? d'euros|milliers d'euros|milliards? d'euros|%)\s*\)|\ben\s+(?P<u2>%)")
ROW_MEASURE_RE = re.compile(r"\(\s*(?:en\s+)?(?P<u>%|[^()\d\t]{1,24}?)\s*\)\s*$")  # the unit a row label ends with
TABLE_TITLE_RE = re.compile(r"^\s*(?:(?:tableau|table|figure|graphique|annexe)\s*[\w.]*\s*[-–—:.]\s*)?", re.I)
TOC_RE = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$")
PAGE_RE = re.compile(r"(?:page|p\.)\s*\d+\s*(?:/|sur)\s*\d+|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4}", re.I)
ONE_IN_RE = re.compile(r"(?:un|une)\s+[\wÀ-ÿ-]+(?:\s+[\wÀ-ÿ-]+)?\s+sur\s+(?P<n>\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|cent)\b", re.I)
# phone numbers (01 45 67 89 10, +33 1 45…), postcodes before a capitalised town (11100 Narbonne)
NOT_FIGURES_RE = re.compile(r"(?<!\d)(?:\+33\s?\d|0\d)(?:[\s.]?\d\d){4}(?!\d)|(?<!\d\s)(?<!\d)\b\d{5}(?=\s+[A-ZÀ-Ý][a-zà-ÿ])")
RANGE_DASH_RE = re.compile(r"^[-–]\s?(?P<hi>\d+(?:,\d+)?)(?![\d/])")
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
        for m in NUMBER_RE.finditer(text):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken) or self._in_date(s, e):
                continue
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
                if wn is not None and not self._in_date(tok.idx, doc[j].idx + len(doc[j])):
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
            one_in = ONE_IN_RE.match(self.text, tok.idx) if low in ("un", "une") else None
            if one_in:  # "un habitant sur cinq" → 20 %
                den = parse_number_words(one_in.group("n")) if not one_in.group("n").isdigit() else None
                n = float(one_in.group("n")) if one_in.group("n").isdigit() else (den.value if den else 0)
                if n > 1:
                    out.append(Figure(tok.idx, one_in.end(), round(100 / n, 2), kind="percentage", unit="%", rule="words:one-in"))
                    i = self.token_at(one_in.end() - 1).i + 1
                    continue
            if low in ("un", "une") and i + 1 < len(doc) and doc[i + 1].lower_ in ("an", "mois", "semaine", "jour", "heure", "année", "trimestre", "semestre"):
                b = self._before(tok.idx, 12).lower()
                if re.search(r"(\bd'|\bde\s|\bpendant\s|\ben\s|\bsur\s|\bà\s|\bdepuis\s)\s*$", b.replace("’", "'")):
                    out.append(Figure(tok.idx, tok.idx + len(tok), 1.0, rule="words:un"))
                    i += 1
                    continue
            if low in ("un", "une"):
                b = self._before(tok.idx, 20)
                if self._ends_with_cue(b, ["au moins", "au minimum", "seulement", "plus d'", "moins d'"]):
                    out.append(Figure(tok.idx, tok.idx + len(tok), 1.0, rule="words:un"))
            i += 1
        return out

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
        while i < len(doc) and (doc[i].lower_ in self.lex["skip_modifiers"]) and doc[i].pos_ in ("ADJ", "DET", "NOUN", "ADV"):
            i = self._next(i + 1)
        if i >= len(doc) or not self._is_noun(doc[i]) or doc[i].is_space:
            fig.bare = True
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
        try:
            sent = head.sent.text.lower()
        except ValueError:
            sent = self.text[max(0, head.idx - 150) : head.idx + 50].lower()
        return "%" in sent or bool(re.search(r"\b(taux|part|proportion|pourcentage|ratio)\b", sent))

    def _next(self, i: int) -> int:
        """Index of the next token that is not a run of spaces on the same line."""
        doc = self.doc
        while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
            i += 1
        return i

    def _is_noun(self, tok: Token) -> bool:
        if tok.is_punct or tok.is_space or tok.like_num or tok.is_digit:
            return False
        if tok.lower_ in ("de", "d'", "d’", "en", "à", "au", "aux", "et", "ou", "sur", "par", "pour", "dans", "le", "la", "les", "des", "du"):
            return False
        if tok.pos_ in ("NOUN", "PROPN"):
            return True
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
        if any(low_unit.startswith(c) for c in self.lex["person_compounds"]):
            return True
        cands = {head.lemma_.lower(), _singular(head.text), head.lower_}
        return any(c in words for c in cands)

    def _sign_and_cues(self, fig: Figure) -> None:
        text = self.text
        before = self._before(fig.start, 60)
        m = SIGN_RE.search(before[-3:]) if before else None
        if m and fig.kind is None:
            # "Entraide Audoise – 12, quai …": a dash after a word is a separator, not a minus sign,
            # unless a cue makes it a variation ("soit – 1 027", "(– 16,5 M€)", a table cell)
            raw_pre = before[: len(before) - (3 - m.start("sign"))]
            pre = raw_pre.rstrip()
            if pre and not raw_pre.endswith("\t") and (pre[-1].isalnum() and not re.search(r"(?:\bsoit|\bde|\bà|\bet|\bévolution|\bvariation|\bsolde)$", pre.lower())):
                m = None
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
        if down and (not up or len(down) >= len(up)) and down != "moins":
            fig.change, fig.negative = True, True
        elif up:
            fig.change = True
        tail = re.sub(r"\s+", " ", text[fig.end : fig.end + 20].lower())
        if any(tail.startswith(" " + w) for w in self.lex["change_after"]):
            fig.change = True
        if any(tail.startswith(" " + w) for w in self.lex["change_down_after"]):
            fig.negative = True  # "13,5 points de moins"

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
                from_to = self._ends_with_cue(re.sub(r"\s*\bd[e']\s*$", "", before), self.lex["from_to_verbs"])
                is_range = a.kind is None and not from_to and bool(
                    (re.fullmatch(r"\s+et\s+", between) and re.search(r"entre\s*$", before))
                    or re.fullmatch(r"\s+à\s+", between)
                    or (re.fullmatch(r"\s?[-–]\s?", between) and not b.change)
                )
                if is_range and not a.extra.get("head"):
                    m = re.search(r"(entre|de)\s*$", before)
                    a.value *= b.extra.get("scale", 1.0)
                    a.value_max = b.value_max if b.value_max is not None else b.value
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
            if nxt_fig is not None and not nxt_fig.bare and nxt_fig.kind and SHARED_UNIT_RE.fullmatch(self.text[fig.end : nxt_fig.start]):
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
            ref = None
            if sent is not None:
                same = [f for f in figs if f is not fig and not f.bare and f.kind in ("headcount", "quantity") and sent.start_char <= f.start < sent.end_char]
                prev = [f for f in same if f.start < fig.start]
                nxt = [f for f in same if f.start > fig.start]
                ref = prev[-1] if prev else (nxt[0] if nxt else None)
            antecedent = self._antecedent_noun(fig, sent)
            if ref is None and antecedent is not None:
                fig.kind, fig.unit, fig.subject = antecedent
                fig.rule += "+nombre-de"
            elif ref is not None:
                fig.kind, fig.unit, fig.subject = ref.kind, ref.unit, ref.subject
                fig.rule += "+inherit"
            elif self._is_table_cell(fig):
                ctx = self._table_context(fig)
                kind, unit, subject, scale = ctx if ctx else ("quantity", None, None, 1.0)
                fig.kind, fig.unit, fig.subject = kind, unit, subject
                fig.value *= scale
                if fig.value_max is not None:
                    fig.value_max *= scale
                fig.rule += "+cell"
            elif fig.change:
                fig.kind = "quantity"
                fig.rule += "+signed"
            else:
                continue
            fig.bare = False  # resolved: later bare numbers may refer to it ("297 …, dont 64 nouveaux")
            keep.append(fig)
        return keep

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

    def _table_context(self, fig: Figure) -> tuple[str, str | None, str | None, float] | None:
        """Kind, unit, subject and scale of a table cell, from its row label, the header and the title.

        A unit in the title or header ("(en M€)", "en %") wins; then the header's first cell
        ("Actions\tNombres"); then the row label's counted noun; then the first counted noun of
        the title or of the sentence that introduces the table ("Le nombre de personnes accompagnées … :").
        """
        text = self.text
        line_start = text.rfind("\n", 0, fig.start) + 1
        lines: list[tuple[int, int]] = []  # the table block, bottom-up, then the title line(s)
        pos = line_start
        while pos > 0:
            prev_start = text.rfind("\n", 0, pos - 1) + 1
            lines.append((prev_start, pos - 1))
            if "\t" not in text[prev_start : pos - 1] or len(lines) > 40:
                break
            pos = prev_start
        context = [(a, b) for a, b in lines if b > a]
        for a, b in context:
            unit = TABLE_UNIT_RE.search(text[a:b])
            if unit:
                cur = currency_after(unit.group("u"))
                if cur:
                    return "amount", "EUR", None, cur[0]
                return "percentage", "%", None, 1.0
        table_lines = [(a, b) for a, b in context if "\t" in text[a:b]]
        if table_lines:  # the header's first cell names what the rows count ("Actions	Nombres")
            a, b = table_lines[-1]
            first_cell_end = text.find("\t", a, b)
            found = self._classify_phrase(a, first_cell_end) if (a, b) != (line_start, fig.start) else None
            if found:
                return found[0], found[1], found[2], 1.0
        label_end = text.find("\t", line_start, fig.start)
        if label_end > line_start:  # the row label says what its cells count ("Tablettes remises\t3 400")
            found = self._classify_phrase(line_start, label_end)
            measure = ROW_MEASURE_RE.search(text, line_start, label_end)
            if measure:  # "Trains supprimés (%)", "Gaspillage (g par repas)", "Crédits (M€)"
                u = measure.group("u").strip()
                cur = currency_after(u)
                if cur:
                    return "amount", "EUR", None, cur[0]
                if u.startswith("%"):
                    return "percentage", "%", None, 1.0
                return (found[0] if found else "quantity"), u, (found[2] if found else None), 1.0
            if found:
                return found[0], found[1], found[2], 1.0
        for a, b in context:
            if "\t" in text[a:b]:
                continue
            zone = text[a:b]
            m = ANTECEDENT_RE.search(zone)
            start = a + m.start("noun") if m else a + len(TABLE_TITLE_RE.match(zone).group(0))
            found = self._classify_phrase(start, b)
            if found:
                return found[0], found[1], found[2], 1.0
        return None

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

    def _is_table_cell(self, fig: Figure) -> bool:
        line_start = self.text.rfind("\n", 0, fig.start) + 1
        line_end = self.text.find("\n", fig.end)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        if "\t" not in line and "|" not in line:
            return False
        cells = [c.strip() for c in re.split(r"[\t|]", line)]
        cell = self.text[fig.start : fig.end].strip()
        return cell in cells

    def _bare_is_figure(self, fig: Figure) -> bool:
        raw = self.text[fig.start : fig.end]
        if self._is_page_furniture(fig):
            return False
        if fig.rule.startswith("words"):
            return bool(re.search(r"\bdont\s*$", self._before(fig.start, 10)))
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
        figs = self.merge_ranges(figs)
        figs = [f for f in figs if not (f.rule.startswith("words") and f.bare and not re.search(r"\bdont\s*$", self._before(f.start, 10)))]
        self.coordinated_persons(figs)
        figs = self.resolve_bare(figs)
        for f in figs:
            if f.negative and f.value > 0:
                f.value = -f.value
                if f.value_max is not None:
                    f.value_max = -f.value_max
        return figs


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
