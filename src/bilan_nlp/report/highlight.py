"""Turn a page of text plus character spans into escaped HTML with nested marks.

Why not displaCy: its span renderer draws every span as a separate line under the
text, and its ent renderer cannot nest claims (sentences) around mentions
(figures). Here the text is cut at every span boundary; each elementary piece
knows the claim and the mention that cover it, and consecutive pieces with the
same cover are wrapped together, so the HTML is always well nested even when
spans cross, and every character of the source is escaped exactly once.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Sequence


@dataclass
class Mark:
    """A span to draw: [start, end) in the page's coordinates, with its tag attributes."""

    start: int
    end: int
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)
    anchor: str | None = None  # id given to the first piece only
    label: str | None = None  # small label shown after the span (displaCy-like)


def _attrs(mark: Mark, first: bool) -> str:
    parts = [f'class="{html.escape(mark.classes)}"']
    if first and mark.anchor:
        parts.append(f'id="{html.escape(mark.anchor)}"')
    for k, v in mark.attrs.items():
        parts.append(f'{k}="{html.escape(v, quote=True)}"')
    return " ".join(parts)


def _cover(marks: Sequence[Mark], a: int, b: int) -> int | None:
    """Index of the first mark covering [a, b), or None."""
    for i, m in enumerate(marks):
        if m.start <= a and b <= m.end:
            return i
    return None


def render(text: str, outer: Sequence[Mark], inner: Sequence[Mark]) -> str:
    """Escaped ``text`` with ``outer`` spans (``<span>``) around ``inner`` ones (``<mark>``)."""
    n = len(text)
    outer = [m for m in outer if 0 <= m.start < m.end <= n]
    inner = [m for m in inner if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in (*outer, *inner)), *(m.end for m in (*outer, *inner))})
    out: list[str] = []
    opened_outer: set[int] = set()
    opened_inner: set[int] = set()
    cur_outer: int | None = None
    cur_inner: int | None = None
    for a, b in zip(cuts, cuts[1:]):
        o, i = _cover(outer, a, b), _cover(inner, a, b)
        if i != cur_inner or o != cur_outer:
            if cur_inner is not None:
                out.append(_close_inner(inner[cur_inner], a))
            if o != cur_outer:
                if cur_outer is not None:
                    out.append("</span>")
                if o is not None:
                    out.append(f"<span {_attrs(outer[o], o not in opened_outer)}>")
                    opened_outer.add(o)
                cur_outer = o
            if i is not None:
                out.append(f"<mark {_attrs(inner[i], i not in opened_inner)}>")
                opened_inner.add(i)
            cur_inner = i
        out.append(html.escape(text[a:b], quote=False))
    if cur_inner is not None:
        out.append(_close_inner(inner[cur_inner], n))
    if cur_outer is not None:
        out.append("</span>")
    return "".join(out)


def _close_inner(mark: Mark, at: int) -> str:
    """Close a mark at offset ``at``; its label is drawn only where the mark really ends."""
    label = ""
    if mark.label and at >= mark.end:
        label = f'<span class="lbl" aria-hidden="true">{html.escape(mark.label)}</span>'
    return f"{label}</mark>"
