"""Plain-text and markdown files → Document (form feeds mark page breaks)."""
from __future__ import annotations

from pathlib import Path

from .clean import clean_pages, split_pages
from .document import Document, Page
from .errors import EmptyDocumentError, UnsupportedFileError

ENCODINGS = ("utf-8-sig", "cp1252")  # cp1252 covers French texts saved by Windows tools


def read_text(path: Path) -> tuple[str, list[str]]:
    """The file's text and warnings (an encoding fallback is reported, not silent)."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise UnsupportedFileError(path, "binary content")
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        warnings = [] if enc == ENCODINGS[0] else [f"decoded as {enc}, not UTF-8"]
        return text, warnings
    return data.decode("latin-1"), ["decoded as latin-1, not UTF-8"]


def build_document(doc_id: str, raw_pages: list[str], path: Path | None = None) -> Document:
    """Clean raw page texts and assemble the Document with its page map."""
    texts, full, starts, removed = clean_pages(raw_pages)
    if not full.strip():
        raise EmptyDocumentError(path or doc_id)
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    meta: dict[str, object] = {"pages": len(pages)}
    if removed:
        meta["running_lines_removed"] = len(removed)
    return Document(id=doc_id, text=full, pages=pages, page_starts=starts, path=path, meta=meta)


def load_text(path: Path) -> Document:
    text, warnings = read_text(path)
    if not text.strip():
        raise EmptyDocumentError(path)
    doc = build_document(path.stem, split_pages(text), path)
    doc.meta["format"] = path.suffix.lower().lstrip(".")
    doc.warnings.extend(warnings)
    return doc
