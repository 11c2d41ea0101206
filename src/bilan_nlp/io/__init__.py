"""Writing results: tables (CSV, Parquet, Excel, JSON lines) and gold-format JSON, atomically."""
from .writers import TABLE_FORMATS, atomic_write_bytes, atomic_write_text, write_gold_json, write_table  # noqa: F401
