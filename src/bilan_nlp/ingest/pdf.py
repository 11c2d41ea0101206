"""A PDF file → Document, with pdfplumber, one page at a time.

Bad files become ``IngestError``s (encrypted, corrupt or truncated, no text
layer, too many pages, too slow). Pages are closed after use so memory stays
bounded. ``(cid:x)`` glyphs (fonts without a Unicode map) are dropped from the
text and reported in ``Document.warnings`` with their page, never guessed.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .document import Document, Table
from .errors import CorruptPDFError, EmptyDocumentError, EncryptedPDFError, NoTextLayerError, PageLimitError, TimeLimitError
from .layout import join_segments, page_segments, table_segment
from .text import build_document

# A gap wider than 0.15 em splits words (pdfplumber's fixed 3 pt glues "ou un" in a
# tight 10 pt font); words are not split at font changes (a ’ or "ff" drawn from
# another font subset must stay inside its word): fonts are read from the chars.
WORD_OPTIONS = {"x_tolerance_ratio": 0.15, "y_tolerance": 3, "keep_blank_chars": False, "use_text_flow": False,
                "return_chars": True}
FIND_TABLES = True
_CID = re.compile(r"\(cid:\d+\)")
# PDF 32000-1 Annex D, WinAnsiEncoding note: unused codes above octal 40 show a
# bullet. pdfminer leaves them as (cid:N); for the 14 standard fonts (which use
# WinAnsi/Standard encodings, never CID glyph ids) this mapping is the spec's.
_WINANSI_BULLETS = {f"(cid:{n})" for n in (127, 129, 141, 143, 144, 157)}
_STANDARD_FONTS = ("Helvetica", "Times", "Courier", "Arial")
OVERPRINT_SHARE = 0.02  # doubled characters above this share: deduplicate the page
UNMAPPED_SHARE = 0.2  # share of (cid:x) glyphs above which a font's text is not trusted at all
EOF_WINDOW = 2048
MIN_SPLIT_PAGES = 12  # shorter documents are not split across processes  # the %%EOF marker must sit in the file's last bytes


@dataclass
class PageRead:
    """What one page gave: raw text, tables and facts for warnings."""

    number: int
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    chars: int = 0
    images: int = 0
    cid: int = 0
    columns: bool = False


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def unmapped_fonts(chars: list[dict]) -> set[str]:
    """Fonts whose glyphs mostly lack a Unicode mapping on this page.

    When many of a font's glyphs come out as ``(cid:x)``, the others are
    pdfminer's guesses from the font's own tables and usually garbage, so all
    of that font's text is dropped (and reported) rather than kept.
    """
    total: dict[str, int] = {}
    cid: dict[str, int] = {}
    for c in chars:
        name = c.get("fontname", "")
        total[name] = total.get(name, 0) + 1
        if c["text"].startswith("(cid:"):
            cid[name] = cid.get(name, 0) + 1
    return {name for name, n in cid.items() if n >= UNMAPPED_SHARE * total[name]}


def overprinted(chars: list[dict]) -> bool:
    """True when many characters are printed twice at (nearly) the same place (fake bold).

    A cheap check, so the costly ``dedupe_chars`` (about 5× the page's parse
    time) only runs on pages that need it.
    """
    seen: set[tuple[str, int, int]] = set()
    dup = 0
    for c in chars:
        key = (c["text"], round(c["x0"] / 2), round(c["top"] / 2))
        dup += key in seen
        seen.add(key)
    return dup > OVERPRINT_SHARE * len(chars)


def read_page(page, number: int, *, tables: bool = FIND_TABLES, word_options: dict | None = None) -> PageRead:
    """Text of one page in reading order, tables written back as tab-separated rows."""
    out = PageRead(number=number, chars=len(page.chars), images=len(page.images))
    if not out.chars:
        return out
    if overprinted(page.chars):
        page = page.dedupe_chars()
    for c in page.chars:
        if c["text"] in _WINANSI_BULLETS and c.get("fontname", "").split("+")[-1].startswith(_STANDARD_FONTS):
            c["text"] = "•"
    unmapped = unmapped_fonts(page.chars)
    segments = []
    body = page
    if unmapped:
        out.cid = sum(1 for c in page.chars if c.get("fontname") in unmapped)
        body = page.filter(lambda o: o.get("object_type") != "char" or o.get("fontname") not in unmapped)
    if tables:
        found = [t for t in page.find_tables() if len(t.rows) >= 2]
        boxes = [t.bbox for t in found]
        for t in found:
            rows = t.extract()
            out.tables.append(Table(page=number, rows=rows, bbox=tuple(t.bbox)))
            segments.append(table_segment(rows, t.bbox[1]))
        if boxes:
            body = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
    words = body.extract_words(**(word_options or WORD_OPTIONS))
    body_segments, out.columns = page_segments(words, float(page.bbox[0]), float(page.bbox[2]),
                                               [t.bbox[1] for t in out.tables])
    text = join_segments(body_segments + segments)
    stray = len(_CID.findall(text))
    out.cid += stray
    out.text = _CID.sub("", text) if stray else text
    return out


def _open(path: Path):
    try:
        return pdfplumber.open(path)
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect):
            raise EncryptedPDFError(path) from None
        raise CorruptPDFError(path, f"{type(inner).__name__}: {inner}".strip(": ")) from None
    except PDFPasswordIncorrect:
        raise EncryptedPDFError(path) from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types on bad input
        raise CorruptPDFError(path, f"{type(exc).__name__}: {exc}") from None


def _check_complete(path: Path) -> None:
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(max(0, size - EOF_WINDOW))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise CorruptPDFError(path, "truncated: no %%EOF marker at the end of the file")


def read_pages(path: Path, *, max_pages: int, timeout: float, tables: bool = FIND_TABLES,
               word_options: dict | None = None, pages: range | None = None,
               share: tuple[int, int] = (0, 1)) -> list[PageRead]:
    """Parse the pages of a PDF (all, or the ``pages`` range of 0-based indexes).

    ``share=(k, n)`` keeps every n-th page from the k-th, so n processes can
    split one document; a document under ``MIN_SPLIT_PAGES`` is read whole by share 0.
    """
    start = time.monotonic()
    _check_complete(path)
    pdf = _open(path)
    with pdf:
        try:
            n = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001
            raise CorruptPDFError(path, f"page tree unreadable: {type(exc).__name__}: {exc}") from None
        if n > max_pages:
            raise PageLimitError(path, f"{n} pages, limit {max_pages}")
        if n == 0:
            raise EmptyDocumentError(path, "no pages")
        indexes = list(pages or range(n))
        k, of = share
        if of > 1:
            indexes = indexes[k::of] if n >= MIN_SPLIT_PAGES else (indexes if k == 0 else [])
        out = []
        for i in indexes:
            if time.monotonic() - start > timeout:
                raise TimeLimitError(path, f"over {timeout:g} s at page {i + 1} of {n}")
            page = pdf.pages[i]
            try:
                out.append(read_page(page, i + 1, tables=tables, word_options=word_options))
            except Exception as exc:  # noqa: BLE001
                raise CorruptPDFError(path, f"page {i + 1}: {type(exc).__name__}: {exc}") from None
            finally:
                page.close()
    return out


def assemble(path: Path, reads: list[PageRead]) -> Document:
    """Page reads → Document, or the error that explains an unusable file."""
    if not any(r.chars for r in reads):
        if any(r.images for r in reads):
            raise NoTextLayerError(path, f"{len(reads)} page(s) of images, no characters")
        raise EmptyDocumentError(path, "no characters on any page")
    if not any(r.text.strip() for r in reads) and any(r.cid for r in reads):
        raise NoTextLayerError(path, f"{sum(r.cid for r in reads)} glyph(s) without Unicode mapping ((cid:x)) and "
                                     "no other text; OCR it with `ocrmypdf --force-ocr`")
    doc = build_document(path.stem, [r.text for r in reads], path)
    doc.tables = [t for r in reads for t in r.tables]
    doc.meta.update(format="pdf", columns_pages=[r.number for r in reads if r.columns])
    for r in reads:
        if r.cid:
            doc.warnings.append(f"page {r.number}: {r.cid} glyph(s) without Unicode mapping ((cid:x)) dropped; text incomplete")
        if not r.chars and r.images:
            doc.warnings.append(f"page {r.number}: image only, no text layer (OCR it, e.g. ocrmypdf)")
    return doc


def read_share(path: Path, *, share: tuple[int, int], max_pages: int = 500, timeout: float = 120.0) -> list[PageRead]:
    """One process's share of a document's pages (see ``bilan_nlp.ingest.load``)."""
    return read_pages(Path(path), max_pages=max_pages, timeout=timeout, share=share)


def load_pdf(path: Path, *, max_pages: int = 500, timeout: float = 120.0, tables: bool = FIND_TABLES,
             word_options: dict | None = None) -> Document:
    """Parse a PDF in this process (see ``worker.py`` for the isolated version)."""
    path = Path(path)
    return assemble(path, read_pages(path, max_pages=max_pages, timeout=timeout, tables=tables, word_options=word_options))
