"""Atomic writers: a crash or a full disk never leaves half a file behind.

Each writer writes to a temporary file in the target folder, then
``os.replace``s it. CSV is written for French Excel (``;`` separator, UTF-8 with
BOM) unless asked otherwise.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

TABLE_FORMATS = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx", ".jsonl": "jsonl", ".json": "json"}


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts as JSON strings, so every format can hold them."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, dict))).any():
            out[col] = out[col].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    return out


def write_table(df: pd.DataFrame, path: Path, csv_sep: str = ";") -> str:
    """Write ``df`` in the format named by the file's extension; returns that format."""
    path = Path(path)
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: unknown output format; use one of {', '.join(TABLE_FORMATS)}")
    with atomic_path(path) as tmp:
        if fmt == "csv":
            _plain(df).to_csv(tmp, sep=csv_sep, index=False, encoding="utf-8-sig")
        elif fmt == "parquet":
            _plain(df).to_parquet(tmp, index=False)
        elif fmt == "xlsx":
            _plain(df).to_excel(tmp, index=False, engine="openpyxl")
        elif fmt == "jsonl":
            df.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            df.to_json(tmp, orient="records", force_ascii=False, indent=1)
    return fmt


def write_gold_json(payload: dict[str, Any], out_dir: Path, stem: str) -> Path:
    """One document in ANNOTATION.md's gold format, as ``out_dir/<stem>.json``."""
    path = Path(out_dir) / f"{stem}.json"
    atomic_write_text(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return path
