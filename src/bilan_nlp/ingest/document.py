"""The Document every later stage reads: cleaned text plus the map back to pages.

Offsets in ``Document.text`` are the offsets every record carries, so the page of
any character is one ``bisect`` away (``Document.page_of``).
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Page:
    """One page of the source, as cleaned text (headers/footers removed)."""

    number: int  # 1-based, as printed by a PDF viewer
    text: str


@dataclass
class Table:
    """A table found on a page, kept apart from the body text."""

    page: int
    rows: list[list[str | None]]
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class Document:
    """A report after ingestion.

    ``text`` is the cleaned full text (pages joined by a blank line);
    ``page_starts[i]`` is the offset in ``text`` where page ``pages[i]`` begins.
    """

    id: str
    text: str
    pages: list[Page] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    path: Path | None = None
    meta: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def page_of(self, offset: int) -> int | None:
        """Page number of the character at ``offset`` (None for a text without pages)."""
        if not self.page_starts:
            return None
        i = bisect.bisect_right(self.page_starts, offset) - 1
        return self.pages[max(i, 0)].number

    @classmethod
    def from_text(cls, text: str, id: str = "text", **meta: object) -> "Document":
        """A one-page document from a string (for tests, notebooks and pasted text)."""
        return cls(id=id, text=text, pages=[Page(1, text)], page_starts=[0], meta=dict(meta))
