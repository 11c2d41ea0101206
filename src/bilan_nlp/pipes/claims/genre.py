"""What kind of document a report is: plan, budget, bilan or evaluation.

The same sentence changes meaning with the document: "le budget s'élève à
612 M€" is a commitment in a budget primitif and an outcome in a compte
administratif; "un bus sillonnera les territoires" is a plan's promise. The kind
is read from the title lines with the phrases of ``cues.json`` ("genres"), a bilan
word winning over a plan word ("Schéma … 2022-2028 — BILAN À MI-PARCOURS" is a
bilan). A manifest ``kind`` is trusted first.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from .features import CUES_PATH, fold

GENRES = ("plan", "budget", "bilan", "evaluation")
TOC_START = re.compile(r"(?i)^(?:sommaire|table des matières|plan du rapport)\b")
DOT_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|\s\d{1,3}$")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[int, tuple[tuple[str, re.Pattern[str]], ...]]:
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))["genres"]
    rules = []
    for kind in data["order"]:
        words = sorted(data[kind], key=len, reverse=True)
        rules.append((kind, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(w)) for w in words) + r")(?!\w)")))
    return int(data["title_lines"]), tuple(rules)


def title_lines(text: str, n: int | None = None) -> list[str]:
    """The short lines among the first non-empty lines of a text (its title block)."""
    limit = n or _lexicon()[0]
    out = []
    for line in text.splitlines():
        s = line.strip(" \t#*>_•-–❖")
        if not s:
            continue
        if TOC_START.match(s):
            break  # the table of contents names every part, "Suivi et évaluation" included
        if DOT_LEADER.search(s):
            continue
        if len(s) <= 120 and not s.endswith((".", ";", ",")):  # a title line, not a sentence of prose
            out.append(s)
        limit -= 1
        if limit <= 0:
            break
    return out


def genre_of_title(lines: list[str]) -> str:
    """The kind named by title lines, or '' when none is."""
    text = fold(" \n ".join(lines))
    for kind, rx in _lexicon()[1]:
        if rx.search(text):
            return kind
    return ""


def document_genre(text: str, meta: dict[str, Any] | None = None) -> str:
    """plan | budget | bilan | evaluation | '' for a document's text (manifest kind first)."""
    kind = fold(str((meta or {}).get("kind") or ""))
    if kind:
        g = genre_of_title([kind])
        if g:
            return g
    return genre_of_title(title_lines(text))
