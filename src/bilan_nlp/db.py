"""A DuckDB corpus database: documents, pages, mentions, claims and comparison results.

Why a database: a researcher who has extracted fifty reports wants to ask
questions across them in SQL ("every unmet commitment by issuer and year")
without re-running spaCy. ``sync_corpus`` keeps the database in step with a
folder: a file whose bytes have not changed (same SHA-256) is skipped, a changed
one has its old rows deleted and its new rows inserted in one transaction, so a
crash mid-way never leaves half a document behind.

The schema lives in ``schema.sql`` beside this module and is documented in
docs/SCHEMA.md.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import duckdb
import pandas as pd

from .cache import code_fingerprint, file_sha256  # noqa: F401  (re-exported: db.code_fingerprint())
from .ingest.document import Document, Page
from .records import Claim, Mention

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
SCHEMA_VERSION = 1

# documents' descriptive fields, read from Document.meta when present
META_FIELDS = ("issuer", "title", "year_covered", "year_published", "kind")
# result fields read from the comparator's objects (or dicts), by name
RESULT_FIELDS = (
    "commitment_doc",
    "commitment_id",
    "metric",
    "target",
    "unit",
    "deadline",
    "outcome_doc",
    "outcome_ids",
    "outcome_value",
    "status",
    "ratio",
    "reason",
    "rule",
)


@dataclass
class SyncStats:
    """What ``sync_corpus`` did: counts, and one line per failed file."""

    processed: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason)

    @property
    def errors(self) -> list[str]:
        """One line per failed file: ``path: reason``."""
        return [f"{path}: {reason}" for path, reason in self.failures]

    def __str__(self) -> str:
        return f"{self.processed} processed, {self.skipped} unchanged, {self.failed} failed"


def connect(db_path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and if needed create) the database with the current schema."""
    path = Path(db_path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    con.execute(
        "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(SCHEMA_VERSION)],
    )
    return con


# --- rows -----------------------------------------------------------------


def _none_if_nan(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def _year(v: Any) -> int | None:
    """A year from ``2024``, ``"2024"`` or a span ``"2022-2024"`` (its last year)."""
    years = re.findall(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", str(v)) if v is not None else []
    return int(years[-1]) if years else None


def document_row(document: Document, sha256: str | None = None, path: str | Path | None = None,
                 version: str | None = None) -> dict[str, Any]:
    """One ``documents`` row; descriptive fields come from ``Document.meta``."""
    meta = document.meta or {}
    src = path if path is not None else document.path
    row: dict[str, Any] = {
        "doc_id": document.id,
        "path": str(src) if src is not None else None,
        "sha256": sha256 or (file_sha256(src) if src is not None and Path(src).is_file() else document.sha256),
        "text_sha256": document.sha256,
        "issuer": meta.get("issuer"),
        "title": meta.get("title"),
        "year_covered": _year(meta.get("year_covered")),
        "year_published": _year(meta.get("year_published")),
        "kind": meta.get("kind"),
        "pages": len(document.pages),
        "chars": len(document.text),
        "meta": json.dumps({k: v for k, v in meta.items()}, ensure_ascii=False, default=str),
        "processed_at": datetime.now(timezone.utc).replace(tzinfo=None),
        "version": version,
    }
    return row


def page_rows(document: Document) -> list[dict[str, Any]]:
    """One row per page, with its text and where it starts in ``Document.text``."""
    rows = []
    starts = list(document.page_starts) or [0]
    for i, page in enumerate(document.pages):
        start = starts[i] if i < len(starts) else 0
        end = starts[i + 1] if i + 1 < len(starts) else len(document.text)
        rows.append({"doc_id": document.id, "page": page.number, "start_char": start,
                     "end_char": end, "text": document.text[start:end]})
    return rows


def mention_row(doc_id: str, idx: int, m: Mention) -> dict[str, Any]:
    """Mention fields, with ``value`` split into a number and a name (places)."""
    row = {f.name: getattr(m, f.name) for f in fields(Mention)}
    del row["doc"]
    value = row.pop("value")
    row["value"] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    row["value_text"] = value if isinstance(value, str) else None
    return {"doc_id": doc_id, "idx": idx, **row}


def claim_row(doc_id: str, c: Claim) -> dict[str, Any]:
    row = {f.name: getattr(c, f.name) for f in fields(Claim)}
    del row["doc"]
    row["claim_id"] = row.pop("id")
    row["cues"] = list(row["cues"] or [])
    row["mention_indexes"] = [int(i) for i in row["mention_indexes"] or []]
    return {"doc_id": doc_id, **row}


def result_row(result: Any) -> dict[str, Any]:
    """A ``results`` row from a comparator result (dataclass, object or dict)."""
    get = result.get if isinstance(result, dict) else (lambda k, d=None: getattr(result, k, d))
    row: dict[str, Any] = {k: get(k) for k in RESULT_FIELDS}
    ids = row["outcome_ids"]
    row["outcome_ids"] = [str(i) for i in ids] if ids else []
    for key in ("target", "outcome_value", "ratio"):
        v = row[key]
        row[key] = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    for key in ("deadline",):
        row[key] = None if row[key] is None else str(row[key])
    quotes = get("quotes")
    row["quotes"] = json.dumps(quotes, ensure_ascii=False, default=_jsonable) if quotes is not None else None
    return row


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {f: getattr(obj, f) for f in obj.__dataclass_fields__}
    return str(obj)


# --- writing --------------------------------------------------------------

_COLUMNS: dict[str, list[str]] = {}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    if table not in _COLUMNS:
        _COLUMNS[table] = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    return _COLUMNS[table]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = _columns(con, table)
    frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)
    frame = frame.astype(object).where(frame.notna(), None)
    quoted = ", ".join(f'"{c}"' for c in cols)
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT {quoted} FROM _rows")
    finally:
        con.unregister("_rows")


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: str, path: str | None) -> None:
    ids = {doc_id}
    if path is not None:
        ids.update(r[0] for r in con.execute("SELECT doc_id FROM documents WHERE path = ?", [path]).fetchall())
    for i in ids:
        for table in ("mentions", "claims", "pages", "documents"):
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [i])
        con.execute("DELETE FROM results WHERE commitment_doc = ?", [i])


def _write_extraction(con: duckdb.DuckDBPyConnection, extraction: Any, sha256: str | None = None,
                      path: str | Path | None = None, version: str | None = None) -> None:
    document: Document = extraction.document
    doc_row = document_row(document, sha256, path, version)
    _delete_document(con, document.id, doc_row["path"])
    _insert(con, "documents", [doc_row])
    _insert(con, "pages", page_rows(document))
    _insert(con, "mentions", [mention_row(document.id, i, m) for i, m in enumerate(extraction.mentions)])
    _insert(con, "claims", [claim_row(document.id, c) for c in extraction.claims])


class _Transaction:
    """``with _Transaction(con):`` commits on success and rolls back on any error."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")


def store(extractions: Iterable[Any], db_path: str | Path, results: Iterable[Any] | None = None) -> int:
    """Write extractions (replacing earlier rows of the same documents) in one transaction.

    ``results``, when given, replace the whole ``results`` table (the comparator
    looks across documents, so its output is recomputed as a whole).
    Returns the number of documents written.
    """
    con = connect(db_path)
    try:
        n = 0
        with _Transaction(con):
            for extraction in extractions:
                _write_extraction(con, extraction)
                n += 1
            if results is not None:
                _replace_results(con, results)
        return n
    finally:
        con.close()


def store_results(results: Iterable[Any], db_path: str | Path) -> int:
    """Replace the ``results`` table with the comparator's output; returns the row count."""
    con = connect(db_path)
    try:
        with _Transaction(con):
            return _replace_results(con, results)
    finally:
        con.close()


def _replace_results(con: duckdb.DuckDBPyConnection, results: Iterable[Any]) -> int:
    rows = [result_row(r) for r in results]
    con.execute("DELETE FROM results")
    _insert(con, "results", rows)
    return len(rows)


def needs_processing(db_path: str | Path, path: str | Path, sha256: str | None = None,
                     version: str | None = None) -> bool:
    """True when ``path`` is not in the database with these exact bytes (and code version, if given)."""
    if not Path(db_path).exists():
        return True
    sha = sha256 or file_sha256(path)
    con = connect(db_path)
    try:
        return not _known(con, str(path), sha, version)
    finally:
        con.close()


def _known(con: duckdb.DuckDBPyConnection, path: str, sha: str, version: str | None) -> bool:
    row = con.execute(
        "SELECT 1 FROM documents WHERE path = ? AND sha256 = ? AND (? IS NULL OR version = ?) LIMIT 1",
        [path, sha, version, version],
    ).fetchone()
    return row is not None


def sync_corpus(
    paths: Sequence[str | Path],
    db_path: str | Path,
    extract_fn: Callable[[Path], Any],
    progress: Callable[[Path, str], None] | None = None,
    force: bool = False,
    version: str | None = None,
) -> SyncStats:
    """Bring the database in step with ``paths`` (files), re-extracting only changed ones.

    A file whose SHA-256 matches its stored row is skipped (unless ``force``, or
    ``version`` is given and differs from the stored one: see ``code_fingerprint``);
    otherwise ``extract_fn(path)`` runs and the document's old rows are replaced
    in one transaction. A file that fails to extract is counted and reported,
    and the others still go in. ``progress(path, state)`` is called once per file
    with state ``"processed"``, ``"skipped"`` or ``"failed: <reason>"``.
    """
    stats = SyncStats()
    con = connect(db_path)
    try:
        for p in map(Path, paths):
            try:
                sha = file_sha256(p)
                if not force and _known(con, str(p), sha, version):
                    stats.skipped += 1
                    state = "skipped"
                else:
                    extraction = extract_fn(p)
                    with _Transaction(con):
                        _write_extraction(con, extraction, sha, p, version)
                    stats.processed += 1
                    state = "processed"
            except Exception as exc:  # one bad file must not stop a corpus run
                stats.failed += 1
                reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
                stats.failures.append((p, reason))
                state = f"failed: {reason}"
            if progress is not None:
                progress(p, state)
        return stats
    finally:
        con.close()


# --- reading --------------------------------------------------------------


def query(db_path: str | Path, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
    """Run a read-only SQL query and return a DataFrame."""
    con = connect(db_path, read_only=True)
    try:
        return con.execute(sql, list(params or [])).df()
    finally:
        con.close()


def load(db_path: str | Path, doc_ids: Sequence[str] | None = None) -> list[Any]:
    """Rebuild Extractions (document text and pages, mentions, claims) from the database."""
    from .extract import Extraction  # the spaCy side is only needed when extracting

    con = connect(db_path, read_only=True)
    try:
        docs = con.execute("SELECT * FROM documents ORDER BY doc_id").df()
        if doc_ids is not None:
            docs = docs[docs.doc_id.isin(list(doc_ids))]
        return [_load_one(con, row, Extraction) for row in docs.to_dict("records")]
    finally:
        con.close()


def _load_one(con: duckdb.DuckDBPyConnection, row: dict[str, Any], extraction_cls: Any) -> Any:
    doc_id = row["doc_id"]
    pages = con.execute("SELECT page, start_char, text FROM pages WHERE doc_id = ? ORDER BY start_char", [doc_id]).fetchall()
    text = "".join(t for _, _, t in pages)
    meta = json.loads(row["meta"]) if row.get("meta") else {}
    document = Document(
        id=doc_id,
        text=text,
        pages=[Page(n, t) for n, _, t in pages],
        page_starts=[s for _, s, _ in pages],
        path=Path(row["path"]) if row.get("path") else None,
        meta=meta,
    )
    mentions = [_mention(doc_id, r) for r in _records(con, "mentions", doc_id, "idx")]
    claims = [_claim(doc_id, r) for r in _records(con, "claims", doc_id, "start_char, claim_id")]
    return extraction_cls(document, mentions, claims)


def _records(con: duckdb.DuckDBPyConnection, table: str, doc_id: str, order: str) -> Iterator[dict[str, Any]]:
    frame = con.execute(f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY {order}", [doc_id]).df()
    for r in frame.to_dict("records"):
        yield {k: _none_if_nan(v) for k, v in r.items()}


def _mention(doc_id: str, r: dict[str, Any]) -> Mention:
    value = r["value_text"] if r["value_text"] is not None else r["value"]
    kw = {f.name: r.get(f.name) for f in fields(Mention) if f.name not in ("doc", "value")}
    kw["approx"], kw["change"] = bool(kw["approx"]), bool(kw["change"])
    return Mention(doc=doc_id, value=value, **kw)


def _claim(doc_id: str, r: dict[str, Any]) -> Claim:
    kw = {f.name: r.get(f.name) for f in fields(Claim) if f.name not in ("doc", "id")}
    kw["cues"] = [str(c) for c in (kw["cues"] if kw["cues"] is not None else [])]
    kw["mention_indexes"] = [int(i) for i in (kw["mention_indexes"] if kw["mention_indexes"] is not None else [])]
    return Claim(doc=doc_id, id=r["claim_id"], **kw)
