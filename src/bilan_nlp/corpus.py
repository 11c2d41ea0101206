"""The corpus manifest: who published each document, for which years, plan or bilan.

``corpus/manifest.csv`` has one row per file: doc_id, file, issuer, title,
year_covered, year_published, kind. The comparator needs publication years to
say whether a deadline has passed; extraction uses them as each document's
reference year ("d'ici fin mars" → March of that year).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

MANIFEST = "manifest.csv"


@lru_cache(maxsize=32)
def _read(path: Path, mtime: float) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            meta: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
            for key in ("year_published",):
                if meta.get(key, "").isdigit():
                    meta[key] = int(meta[key])
            rows[str(meta.get("file", "")).strip()] = meta
    return rows


def manifest_for(file: Path) -> dict[str, Any]:
    """The manifest row of ``file`` (looked up in its folder and its parents up to two levels), or {}."""
    file = Path(file).resolve()
    for folder in list(file.parents)[:3]:
        manifest = folder / MANIFEST
        if manifest.is_file():
            rows = _read(manifest, manifest.stat().st_mtime)
            rel = file.relative_to(folder).as_posix()
            for key in (rel, file.name):
                if key in rows:
                    return dict(rows[key])
    return {}


def apply_manifest(document: Any) -> None:
    """Copy a document's manifest row into ``document.meta`` (report_year = year published)."""
    if document.path is None:
        return
    meta = manifest_for(Path(document.path))
    if not meta:
        return
    for key, value in meta.items():
        document.meta.setdefault(key, value)
    if meta.get("doc_id"):
        document.meta.setdefault("manifest_doc_id", meta["doc_id"])
    if isinstance(meta.get("year_published"), int):
        document.meta.setdefault("report_year", meta["year_published"])
