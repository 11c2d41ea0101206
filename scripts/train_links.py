"""Train the link model (does this outcome report on this commitment?) and measure it honestly.

    python scripts/train_links.py            # pair features from the gold sets, grouped CV, train, save

Pairs come from every gold folder listed in ``SETS`` (the dev seeds and the
training documents of ``src/bilan_nlp/pipes/claims/data/gold``), each folder
compared as ``bilan evaluate`` compares it (all its documents together). A
pair is (a predicted commitment matched to a gold commitment, a candidate
outcome of the comparator); it is a link when the outcome's sentence is one of
the gold link's outcomes. The features and labels are written to
``src/bilan_nlp/compare/data/link_pairs.csv.gz`` (so a stale model can be
retrained in-process), the model to ``models/links/links.joblib``, the
cross-validated scores (grouped by family: no pair is judged by a model that
saw its document or its partner document) to ``models/links/cv_scores.json``.

Held-out sets (``tests/data/gold_extra``, ``tests/data/gold_pairs``) are never
read here.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilan_nlp.compare import links  # noqa: E402
from bilan_nlp.compare.comparator import Comparator  # noqa: E402
from bilan_nlp.evaluate import extract_for_gold, find_source  # noqa: E402
from bilan_nlp.io.writers import atomic_path, atomic_write_text  # noqa: E402
from bilan_nlp.evaluate_claims import claim_alignment, representatives  # noqa: E402

SETS = [
    ("dev", ROOT.parent / "shared" / "gold" / "dev", ROOT / "corpus"),
    ("train", ROOT / "src" / "bilan_nlp" / "pipes" / "claims" / "data" / "gold", None),
]


def _qualified(ref: str, doc: str) -> tuple[str, str]:
    d, sep, i = ref.partition("#")
    return (d, i) if sep else (doc, ref)


def pair_rows(name: str, gold_dir: Path, texts: Path | None, nlp) -> list[dict]:
    """Features and label of every candidate pair of one gold folder."""
    golds, extractions = [], []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not gold.get("links"):
            continue
        golds.append(gold)
        extractions.append(extract_for_gold(find_source(gold, path, texts or gold_dir), gold, nlp))
    if not golds:
        return []
    cmp = Comparator(extractions)
    align = {g["doc"]: claim_alignment(g, ex.claims) for g, ex in zip(golds, extractions)}
    gold_of = {g["doc"]: g for g in golds}
    rows = []
    for cdoc in cmp.docs:
        gold = gold_of[cdoc.id]
        links_by_c = {link["commitment"]: link for link in gold["links"]}
        commitments = [c for c in cdoc.extraction.claims if c.type == "commitment"]
        reps = representatives(gold, [SimpleNamespace(commitment=c) for c in commitments], align[cdoc.id])
        for c in commitments:
            # a claim learns from a gold link only where it is the one scored for it (its value, else the first)
            gids = [g for g in align[cdoc.id].get(c.id, ()) if g in links_by_c and reps[g].commitment is c]
            if not gids:
                continue  # a commitment the gold does not have: nothing to learn from its pairs
            wanted = {_qualified(o, cdoc.id) for g in gids for o in links_by_c[g].get("outcomes", [])}
            for odoc, o, _, f in cmp.pairs(cdoc, c):
                ids = {(odoc.id, g) for g in align.get(odoc.id, {}).get(o.id, ())}
                rows.append({"set": name, "doc": cdoc.id, "commitment": c.id, "outcome_doc": odoc.id, "outcome": o.id,
                             **f, "label": int(bool(ids & wanted))})
    print(f"{name}: {len(golds)} documents, {len(rows)} pairs, {sum(r['label'] for r in rows)} links", file=sys.stderr)
    return rows


def family(doc: str) -> str:
    """The documents written together (one annotator's pairs share a prefix): held out together."""
    head = doc.split("-")[0]
    return head if head.startswith("tr") else doc


def grouped_cv(frame: pd.DataFrame) -> np.ndarray:
    """Out-of-fold link probabilities, leaving one family of documents out at a time."""
    groups = frame["doc"].map(family).to_numpy()
    probs = np.zeros(len(frame))
    for g in sorted(set(groups)):
        test = groups == g
        train = frame[~test]
        if train["label"].nunique() < 2:
            continue
        bundle = links.train(train)
        probs[test] = bundle["model"].predict_proba(frame.loc[test, links.FEATURES].to_numpy(dtype=float))[:, 1]
    return probs


def scores_at(frame: pd.DataFrame, probs: np.ndarray, threshold: float) -> dict[str, object]:
    """What ``bilan evaluate`` would count, over the matched commitments: a link is found when a kept
    outcome is a gold one, or when neither keeps any; spurious pairs per true pair."""
    found = n = true = spurious = 0
    keys = (frame["doc"] + "#" + frame["commitment"]).to_numpy()
    y = frame["label"].to_numpy()
    for key in dict.fromkeys(keys):
        idx = np.flatnonzero(keys == key)
        kept = [idx[j] for j in links.select(list(probs[idx]), threshold)]
        hits = sum(int(y[i]) for i in kept)
        n += 1
        found += bool(hits) or (not y[idx].any() and not kept)
        true += hits
        spurious += len(kept) - hits
    return {"threshold": threshold, "commitments": n, "found": found, "found_rate": round(found / n, 3) if n else 0.0,
            "true_pairs": true, "spurious_pairs": spurious, "spurious_per_true": round(spurious / true, 3) if true else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=links.MODEL_DIR)
    args = ap.parse_args()

    from bilan_nlp.pipeline import load_nlp

    nlp = load_nlp()
    rows = [r for name, gold_dir, texts in SETS if gold_dir.is_dir() for r in pair_rows(name, gold_dir, texts, nlp)]
    frame = pd.DataFrame(rows)
    with atomic_path(links.DATA_PATH) as tmp:  # an interrupted run leaves the shipped pairs whole
        frame.to_csv(tmp, index=False, compression={"method": "gzip", "mtime": 0})
    probs = grouped_cv(frame)
    table = [scores_at(frame, probs, t) for t in (0.2, 0.3, 0.4, 0.5)]
    per_set = {name: scores_at(frame[frame["set"] == name], probs[(frame["set"] == name).to_numpy()], links.THRESHOLD)
               for name in sorted(frame["set"].unique())}
    scores = {"method": "cross-validation leaving one family of documents out (a seed, or one annotator's pairs), pooled out-of-fold pair probabilities, kept by links.select",
              "pairs": len(frame), "links": int(frame["label"].sum()), "documents": int(frame["doc"].nunique()),
              "by_threshold": table, "per_set_at_threshold": per_set}
    bundle = links.train(frame)
    links.save(bundle, args.out / "links.joblib")
    atomic_write_text(args.out / "cv_scores.json", json.dumps(scores, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(scores, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
