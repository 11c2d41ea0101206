"""Ingestion: a PDF, .txt or .md file → a cleaned ``Document`` with its page map.

    from bilan_nlp.ingest import load, load_many, iter_inputs
    doc = load("corpus/pdf/000_e2c634efc5a45156-pdf.pdf")
    doc.page_of(doc.text.index("Noisy-le-Grand"))     # → page number
    for path, result in load_many(iter_inputs(["corpus/"]), workers=2):
        ...  # result is a Document or an IngestError; the batch goes on

PDFs are parsed in a child process with a time limit (``worker.py``); text
files in the calling process. Every failure is an ``IngestError`` subclass.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from .clean import clean_text
from .document import Document, Page, Table
from .errors import (
    CorruptPDFError,
    EmptyDocumentError,
    EncryptedPDFError,
    IngestError,
    NoTextLayerError,
    PageLimitError,
    TimeLimitError,
    UnsupportedFileError,
)

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
PDF_SUFFIXES = (".pdf",)
SUPPORTED = TEXT_SUFFIXES + PDF_SUFFIXES
MAX_PAGES = 500
TIMEOUT = 120.0  # seconds per file
NOT_DOCUMENTS = {"README", "LICENSE", "CHANGELOG", "NOTICE"}  # skipped when a folder is expanded

__all__ = [
    "load", "load_many", "iter_inputs", "clean_text", "Document", "Page", "Table",
    "IngestError", "UnsupportedFileError", "EmptyDocumentError", "EncryptedPDFError",
    "CorruptPDFError", "NoTextLayerError", "PageLimitError", "TimeLimitError",
]


def _check(path: Path) -> str:
    """The file's kind ("pdf" or "text"), or the error that says why it is not readable."""
    if not path.is_file():
        raise UnsupportedFileError(path, "no such file" if not path.exists() else "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFileError(path, f"'{suffix or 'no extension'}' files are not read")
    if path.stat().st_size == 0:
        raise EmptyDocumentError(path, "zero bytes")
    if suffix in PDF_SUFFIXES:
        with path.open("rb") as f:
            head = f.read(1024)
        if b"%PDF-" not in head:
            raise UnsupportedFileError(path, "named .pdf but its content is not a PDF")
        return "pdf"
    return "text"


def _load_text(path: Path) -> Document:
    from .text import load_text

    return load_text(path)


def _pdf_job(max_pages: int, timeout: float, share: tuple[int, int] | None = None) -> partial:
    from .hyphen import lexicon
    from .pdf import load_pdf, read_share

    lexicon()  # loaded once here, inherited by every forked parser process
    if share:
        return partial(read_share, share=share, max_pages=max_pages, timeout=timeout)
    return partial(load_pdf, max_pages=max_pages, timeout=timeout)


def _cpus() -> int:
    return min(4, os.cpu_count() or 1)


def load(path: str | os.PathLike[str], *, max_pages: int = MAX_PAGES, timeout: float = TIMEOUT,
         isolate: bool = True, workers: int | None = None) -> Document:
    """Read one file into a Document (id = file stem).

    ``isolate=True`` parses a PDF in child processes killed after ``timeout``
    seconds; a PDF of 12 pages or more is split over ``workers`` processes
    (default: the CPUs, at most 4), each taking every n-th page.
    ``isolate=False`` parses it here and only checks the time between pages.
    """
    path = Path(path)
    if _check(path) == "text":
        return _load_text(path)
    if not isolate:
        return _pdf_job(max_pages, timeout)(path)
    from .pdf import assemble
    from .worker import run_isolated

    n = workers or _cpus()
    tasks = [(_pdf_job(max_pages, timeout, (k, n)), path) for k in range(n)]
    reads = []
    for _, result in run_isolated(tasks, workers=n, timeout=timeout):
        if isinstance(result, IngestError):
            raise result
        reads.extend(result)
    return assemble(path, sorted(reads, key=lambda r: r.number))


def load_many(paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
              max_pages: int = MAX_PAGES, timeout: float = TIMEOUT) -> Iterator[tuple[Path, Document | IngestError]]:
    """Load many files; yield ``(path, Document or IngestError)`` in input order.

    PDFs run in up to ``workers`` child processes at once, one file each
    (default: the CPUs, at most 4; files in parallel beat pages in parallel,
    see benchmarks/bench_ingest.py); a failure is yielded, not raised.
    """
    from .worker import run_isolated

    workers = workers or _cpus()
    items = [Path(p) for p in paths]
    kinds: dict[int, str | IngestError] = {}
    for i, p in enumerate(items):
        try:
            kinds[i] = _check(p)
        except IngestError as exc:
            kinds[i] = exc
    pdfs = [p for i, p in enumerate(items) if kinds[i] == "pdf"]
    job = _pdf_job(max_pages, timeout) if pdfs else None
    parsed = run_isolated([(job, p) for p in pdfs], workers=workers, timeout=timeout)
    for i, p in enumerate(items):
        kind = kinds[i]
        if isinstance(kind, IngestError):
            yield p, kind
        elif kind == "pdf":
            yield next(parsed)
        else:
            try:
                yield p, _load_text(p)
            except IngestError as exc:
                yield p, exc


def iter_inputs(paths: Iterable[str | os.PathLike[str]], *, recursive: bool = False) -> list[Path]:
    """Files to read: directories expanded to their supported files, sorted.

    Not recursive by default: ``corpus/`` holds the reports and ``corpus/pdf/``
    PDF renderings of the same reports, which must not be counted twice.
    Files named explicitly are kept whatever their suffix, so ``load`` can say
    why an unsupported one is refused; in folders, hidden files and README /
    LICENSE / CHANGELOG notes are skipped.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = p.rglob("*") if recursive else p.glob("*")
            out.extend(sorted(f for f in found if f.is_file() and f.suffix.lower() in SUPPORTED
                              and f.stem.upper() not in NOT_DOCUMENTS
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out
