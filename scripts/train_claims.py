"""Train the claim classifier and measure it honestly.

    python scripts/train_claims.py                # train, cross-validate, save
    python scripts/train_claims.py --seeds        # first rebuild data/seeds.jsonl from the dev gold

Data: every ``src/bilan_nlp/pipes/claims/data/*.jsonl`` (one labelled sentence a
line, with the heading / lead-in / bullet context it stood in). ``seeds.jsonl``
is generated from the two seed reports and their gold claims (sentences that
are no gold claim are the "other" class); ``written.jsonl`` holds sentences
written by hand in other report styles.

Scores: cross-validation grouped by source (leave one source out: a seed report,
or one written style), so no sentence is judged by a model that saw its
document. Per-class precision/recall/F1 over the pooled out-of-fold predictions
are printed and written to ``models/claims/cv_scores.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilan_nlp.io.writers import atomic_write_text  # noqa: E402
from bilan_nlp.pipes.claims import model  # noqa: E402
from bilan_nlp.pipes.claims.features import load_cues, sentence_contexts  # noqa: E402

SEEDS_FILE = model.DATA_DIR / "seeds.jsonl"
GOLD_DOCS_DIR = model.DATA_DIR / "gold"  # whole documents annotated in the gold format (training only)
GOLD_DOCS_FILE = model.DATA_DIR / "gold_docs.jsonl"
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "dev"


def clean_sentence(text: str) -> str:
    cues = load_cues()
    t = " ".join(text.split())
    return t.lstrip(cues.bullets + " *#").strip()


def gold_rows(gold_paths: list[Path], texts: Path | None = None) -> list[dict]:
    """Label every sentence of each gold document from its gold claims (the others are "other").

    Each row keeps the context the pipeline gives the sentence (heading, lead-in,
    bullet, table header, the document's kind), so training sees what prediction sees.
    """
    import spacy

    import bilan_nlp.pipes.sentences  # noqa: F401  (registers bilan_sentences)
    from bilan_nlp.corpus import apply_manifest
    from bilan_nlp.evaluate_claims import same_sentence
    from bilan_nlp.ingest import load
    from bilan_nlp.pipes.claims.genre import document_genre
    from bilan_nlp.pipes.claims.tables import row_roles

    nlp = spacy.load(model.BASE_MODEL, exclude=["senter"])
    nlp.add_pipe("bilan_sentences", before="parser")
    rows: list[dict] = []
    for gold_path in gold_paths:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = (texts or gold_path.parent) / gold["source"]
        document = load(source)
        apply_manifest(document)
        genre = document_genre(document.text, document.meta)
        doc = nlp.make_doc(document.text)
        doc._.genre = genre
        doc = nlp(doc)
        sents = []
        ruled = []  # target/result table rows: labelled by their columns, not by the classifier
        year = int(gold["report_year"]) if gold.get("report_year") else None
        for sent, ctx in sentence_contexts(doc):
            text = clean_sentence(sent.text)
            if ctx.table and row_roles(ctx.table, sent.text.strip(), genre, year):
                ruled.append(text)
                continue
            if text:
                sents.append({"text": text, "heading": ctx.heading, "lead": ctx.lead, "bullet": ctx.bullet,
                              "standalone": ctx.standalone, "table": ctx.table, "genre": genre, "prev": clean_sentence(ctx.prev),
                              "commitment": 0, "outcome": 0, "source": gold["doc"]})
        missed = []
        for claim in gold["claims"]:
            if any(same_sentence(claim["text"], t) for t in ruled):
                continue
            scores = [same_sentence(claim["text"], s["text"]) for s in sents]
            best = int(np.argmax(scores)) if scores else -1
            if best < 0 or scores[best] == 0:
                missed.append(claim["id"])
                continue
            sents[best][claim["type"]] = 1
        if missed:
            print(f"{gold['doc']}: gold claims not aligned to a sentence: {', '.join(missed)}", file=sys.stderr)
        rows.extend(sents)
    return rows


def write_rows(path: Path, rows: list[dict]) -> None:
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"wrote {len(rows)} sentences to {path}")


def grouped_cv(frame, label: str) -> np.ndarray:
    """Out-of-fold probabilities, leaving one source out at a time."""
    probs = np.zeros(len(frame))
    for src in sorted(frame["source"].unique()):
        test = frame["source"] == src
        train = frame[~test]
        if train[label].nunique() < 2:
            continue
        clf = model.make_classifier()
        clf.fit(train[["lemmas", "cues"]], train[label].astype(int))
        probs[test.values] = clf.predict_proba(frame.loc[test, ["lemmas", "cues"]])[:, 1]
    return probs


def prf(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    tp = int(((y == 1) & (p == 1)).sum())
    fp = int(((y == 0) & (p == 1)).sum())
    fn = int(((y == 1) & (p == 0)).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3), "support": int((y == 1).sum())}


def _label(row_labels: dict[str, float], probs: bool = False) -> str:
    """One name for a sentence's labels: 'commitment', 'outcome', 'commitment+outcome' or 'other'."""
    on = [k for k in model.LABELS if (row_labels[k] >= model.THRESHOLD if probs else row_labels[k])]
    return "+".join(on) or "other"


def write_errors(path: Path, frame, oof: dict[str, np.ndarray]) -> None:
    """The sentences whose out-of-fold labels differ from the gold, to read for missing cues."""
    import pandas as pd

    rows = []
    for i, (_, r) in enumerate(frame.iterrows()):
        gold = _label({k: r[k] for k in model.LABELS})
        pred = _label({k: oof[k][i] for k in model.LABELS}, probs=True)
        if gold != pred:
            rows.append({"source": r["source"], "gold": gold, "predicted": pred,
                         **{f"p_{k}": round(float(oof[k][i]), 3) for k in model.LABELS},
                         "cues": r["cues"], "text": r["text"]})
    out = pd.DataFrame(rows)
    atomic_write_text(path, out.to_csv(index=False))
    print(f"wrote {len(out)} out-of-fold mistakes to {path}")


def dev_scores(frame, gold_dir: Path, corpus: Path) -> dict[str, dict]:
    """Claim detection on each seed through the whole pipeline, by a model that never saw that seed."""
    from bilan_nlp.compare import compare
    from bilan_nlp.evaluate_claims import score_claims, score_links
    from bilan_nlp.extract import extract
    from bilan_nlp.pipeline import load_nlp

    nlp = load_nlp()
    tagger = nlp.get_pipe("bilan_claims")
    out: dict[str, dict] = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        tagger._bundle = model.train(frame[frame["source"] != gold["doc"]])
        extraction = extract(corpus / gold["source"], nlp=nlp, doc_id=gold["doc"])
        out[gold["doc"]] = score_claims(gold, extraction.claims)
        links = score_links(gold, extraction.claims, compare([extraction]))
        out[gold["doc"]]["links"] = links
    tagger._bundle = None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", action="store_true",
                    help="first rebuild data/seeds.jsonl from the dev gold and data/gold_docs.jsonl from data/gold/")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=model.MODEL_DIR)
    ap.add_argument("--dev", action="store_true", help="also score each seed's gold claims with a model trained without it")
    ap.add_argument("--errors", type=Path, default=None,
                    help="write the out-of-fold mistakes (sentence, source, gold and predicted labels) to this CSV")
    args = ap.parse_args()

    if args.seeds:
        write_rows(SEEDS_FILE, gold_rows(sorted(args.gold.glob("*.json")), args.corpus))
        write_rows(GOLD_DOCS_FILE, gold_rows(sorted(GOLD_DOCS_DIR.glob("*.json"))))

    examples = model.read_examples()
    frame = model.feature_frame(examples)
    print(f"{len(frame)} sentences from {frame['source'].nunique()} sources; "
          f"{int(frame['commitment'].sum())} commitments, {int(frame['outcome'].sum())} outcomes")

    scores: dict[str, object] = {"method": "leave-one-source-out cross-validation, pooled out-of-fold predictions",
                                 "threshold": model.THRESHOLD, "sentences": len(frame),
                                 "sources": sorted(frame["source"].unique().tolist())}
    other_true = np.ones(len(frame), dtype=int)
    other_pred = np.ones(len(frame), dtype=int)
    per_source: dict[str, dict] = {}
    oof: dict[str, np.ndarray] = {}
    for label in model.LABELS:
        y = frame[label].astype(int).to_numpy()
        oof[label] = grouped_cv(frame, label)
        p = (oof[label] >= model.THRESHOLD).astype(int)
        scores[label] = prf(y, p)
        other_true &= 1 - y
        other_pred &= 1 - p
        for src in sorted(frame["source"].unique()):
            m = (frame["source"] == src).to_numpy()
            per_source.setdefault(src, {})[label] = prf(y[m], p[m])
    scores["other"] = prf(other_true, other_pred)
    scores["per_source"] = per_source

    if args.errors:
        write_errors(args.errors, frame, oof)

    bundle = model.train(frame)
    model.save(bundle, args.out / "claims.joblib")
    atomic_write_text(args.out / "cv_scores.json", json.dumps(scores, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: scores[k] for k in ("commitment", "outcome", "other")}, indent=2))
    for src, s in per_source.items():
        print(f"  {src:28s} commitment F1 {s['commitment']['f1']:.2f} (n={s['commitment']['support']})"
              f"  outcome F1 {s['outcome']['f1']:.2f} (n={s['outcome']['support']})")
    print(f"saved {args.out / 'claims.joblib'}")

    if args.dev:
        dev = dev_scores(frame, args.gold, args.corpus)
        atomic_write_text(args.out / "dev_scores.json", json.dumps(dev, indent=2) + "\n")
        for doc, s in dev.items():
            lk = s["links"]
            print(f"  held-out {doc:28s} commitment P/R/F1 {s['commitment']['precision']:.2f}/{s['commitment']['recall']:.2f}/"
                  f"{s['commitment']['f1']:.2f}  outcome P/R/F1 {s['outcome']['precision']:.2f}/{s['outcome']['recall']:.2f}/{s['outcome']['f1']:.2f}"
                  f"  links found {lk['found']}/{lk['links']}, gold status {lk['status_ok']}/{lk['links']}, "
                  f"spurious/true {lk['spurious_pairs']}/{lk['true_pairs']}")


if __name__ == "__main__":
    main()
