"""Why a file could not be read: one exception type per reason.

Every error names the file and says what to do; all derive from ``IngestError``
so a batch can catch one type, record it and go on with the next file.
"""
from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that could not be turned into a Document."""

    reason = "could not be read"

    def __init__(self, path: str | Path, detail: str = "") -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{self.path.name}: {self.reason}" + (f" ({detail})" if detail else ""))

    def __reduce__(self):  # picklable across the worker process boundary
        return (type(self), (self.path, self.detail))


class UnsupportedFileError(IngestError):
    reason = "unsupported file: not a PDF, .txt or .md document"


class EmptyDocumentError(IngestError):
    reason = "the document is empty (no text)"


class EncryptedPDFError(IngestError):
    reason = "the PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)"


class CorruptPDFError(IngestError):
    reason = "the PDF is corrupt or truncated and cannot be parsed"


class NoTextLayerError(IngestError):
    reason = ("the PDF has no text layer (scanned images only); run OCR first, "
              "e.g. `ocrmypdf -l fra in.pdf out.pdf`")


class PageLimitError(IngestError):
    reason = "the PDF has more pages than allowed"


class TimeLimitError(IngestError):
    reason = "parsing took longer than allowed"
