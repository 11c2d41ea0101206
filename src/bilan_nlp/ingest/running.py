"""Running headers, footers and page numbers: lines repeated at the page edges.

A line is "running" when, after folding digits (``Page 3 / 12`` ≈ ``Page 4 / 12``)
and spaces, it appears among the first or last ``ZONE`` lines of enough
pages. Detected per document, never from a list of known titles.
"""
from __future__ import annotations

import math
import re
from collections import Counter

ZONE = 3  # lines looked at, at the top and at the bottom of each page
MIN_SHARE = 0.4  # share of pages a line must appear on to be running
MAX_LEN = 160  # a running line is short
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:page|p\.)?\s*#(?:\s*(?:/|sur|de|of)\s*#)?(?:\s*-)?$", re.IGNORECASE)


def fold(line: str) -> str:
    """The comparison key of a line: digits as '#', single spaces.

    Case is kept: a running header is printed the same on every page, while the
    document's title on page 1 often repeats its words in capitals ("BILAN FINAL
    DU PLAN … 2019-2023" above the header "Bilan final du plan … 2019-2023"), and
    the title is content, not furniture.
    """
    return _SPACES.sub(" ", _DIGITS.sub("#", line)).strip().strip("*_ ")  # markdown emphasis around a footer


def is_page_number(line: str, number: int) -> bool:
    """``12``, ``- 12 -``, ``Page 12 / 40``, ``p. 12``: a page label near this page's number."""
    key = fold(line).lower()
    if not _PAGE_NUMBER.match(key):
        return False
    first = int(_DIGITS.search(line).group(0)) if _DIGITS.search(line) else -99
    return abs(first - number) <= 2 or key != "#"


def _zones(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the top and bottom lines of a page (fewer on a short page)."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    k = min(ZONE, max(1, len(idx) // 4))
    return idx[:k], idx[-k:] if len(idx) > k else []


def running_keys(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """Folded lines that repeat at the top (headers) and bottom (footers) of pages."""
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for lines in pages:
        head, foot = _zones(lines)
        top.update({fold(lines[i]) for i in head})
        bottom.update({fold(lines[i]) for i in foot})
    need = max(2, math.ceil(MIN_SHARE * len(pages)))
    pick = lambda c: {k for k, n in c.items() if n >= need and k and len(k) <= MAX_LEN}  # noqa: E731
    return pick(top), pick(bottom)


def strip_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Remove running headers/footers/page numbers; return the pages and what was removed."""
    removed: list[str] = []
    if len(pages) < 2:
        keys_top: set[str] = set()
        keys_bottom: set[str] = set()
    else:
        keys_top, keys_bottom = running_keys(pages)
    out = []
    for number, lines in enumerate(pages, start=1):
        head, foot = _zones(lines)
        drop = set()
        for zone, keys in ((head, keys_top), (foot, keys_bottom)):
            for i in zone:
                if fold(lines[i]) in keys or is_page_number(lines[i], number):
                    drop.add(i)
        removed.extend(lines[i].strip() for i in sorted(drop))
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out, removed
