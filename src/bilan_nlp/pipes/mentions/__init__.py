"""Merge dates, figures and places into one overlap-free ``doc.spans['mentions']``.

Priority when two spans overlap: a date wins over a figure (``2022`` is a year,
not a count), a figure over a place, and a longer span over a shorter one of the
same group.

Page furniture holds no mention (ANNOTATION.md): the lines of a table of contents
(dot leaders, or the page-numbered lines under a "Sommaire" heading) and running
lines that ingestion could not cut as page edges: a short "issuer – title" line
repeated as it is ("Région X | Plan régional 2020-2023"; a repeated heading such as
"Population bénéficiaire en 2021" has no separator and stays), or a line repeated
with only its folio changing ("Ville de Cholet\t3").
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import DATES, FIGURES, MENTIONS, PLACES

PRIORITY = {DATES: 0, FIGURES: 1, PLACES: 2}
# the date of a legal text is part of its reference, not a mention: "loi n° 2022-217 du 21 février 2022";
# the date of a decision ("abandonné par délibération du 22 juin 2023") is a date of the report's facts
LEGAL_REF = re.compile(
    r"\b(?:loi|décret|arrêté|ordonnance|circulaire|directive|règlement)s?\s+"
    r"(?:(?:organique|constitutionnelle|ministériel(?:le)?|préfectoral|interministériel(?:le)?)\s+)?"
    r"(?:n[°o]\s*[\w./-]+\s+)?du\s*$",
    re.I,
)


# a contents line: dot leaders and a page number, or a title ending "— p. 3" / "— 3" under a Sommaire heading
TOC_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\b|…{2,}\s*\d{1,3}\b")
TOC_ENTRY = re.compile(r"(?:\.{3,}|…+|\s[—–-]\s*(?:p\.\s*)?|\t)\s*\d{1,3}\s*$")
TOC_HEADING = re.compile(r"^\s*(?:sommaire|table des matières|plan du rapport)\s*:?\s*$", re.I)
DIGITS = re.compile(r"\d+")
HEADER_PARTS = re.compile(r"\S\s+[|–—-]\s+\S")  # two parts joined by a separator (a repeated heading has none)
FURNITURE_MAX_LEN = 120


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text`` that are page furniture (see the module docstring)."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for _, _, line in lines:
        exact[line] = exact.get(line, 0) + 1
        key = DIGITS.sub("#", line)
        folded[key] = folded.get(key, 0) + 1
    out: list[tuple[int, int]] = []
    in_toc = False
    for a, b, line in lines:
        if TOC_HEADING.match(line):
            in_toc = True
            continue
        if in_toc and line and not TOC_ENTRY.search(line) and not TOC_LEADERS.search(line):
            in_toc = False
        if TOC_LEADERS.search(line) or (in_toc and line):
            out.append((a, b))
            continue
        if not 8 <= len(line) <= FURNITURE_MAX_LEN or line.startswith("•"):
            continue
        numbers = DIGITS.findall(line)
        cells = line.count("\t")
        if exact[line] >= 2 and cells == 0 and HEADER_PARTS.search(line):
            out.append((a, b))  # a running header repeated as it is: "issuer – title", "Région X | Plan 2020-2023"
        elif folded[DIGITS.sub("#", line)] >= 2 and len(numbers) == 1 and len(numbers[0]) <= 3 and cells <= 1 and line.endswith(numbers[0]):
            out.append((a, b))  # a running footer whose only number, at its end, is the folio
    return out


@Language.factory("bilan_mentions")
def make_mentions(nlp: Language, name: str) -> "MergeMentions":
    return MergeMentions()


def merge(doc: Doc) -> list[Span]:
    ranked: list[tuple[int, int, Span]] = []
    text = doc.text  # spaCy rebuilds doc.text from the tokens at each access: read it once
    furniture = furniture_lines(text)
    for group, prio in PRIORITY.items():
        for span in doc.spans.get(group, []):
            if group == DATES and LEGAL_REF.search(text[max(0, span.start_char - 60) : span.start_char]):
                continue
            if any(a <= span.start_char < b for a, b in furniture):
                continue
            ranked.append((prio, -(span.end_char - span.start_char), span))
    ranked.sort(key=lambda r: (r[0], r[1], r[2].start_char))
    kept: list[Span] = []
    for _, _, span in ranked:
        if all(span.end_char <= k.start_char or k.end_char <= span.start_char for k in kept):
            kept.append(span)
    kept.sort(key=lambda s: (s.start_char, s.end_char))
    return kept


class MergeMentions:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[MENTIONS] = merge(doc)
        return doc
