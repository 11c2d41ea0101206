"""Where the missed gold links are lost: before linking (commitment or outcome not detected) or in it.

    python scripts/link_losses.py GOLD_DIR [--texts DIR] [-v]

Scores GOLD_DIR as ``bilan evaluate`` does, then sorts every gold link that is not found
into one cause, so a change can be aimed at the biggest loss and its effect read per cause:

- ``commitment read as outcome`` / ``commitment not a claim`` / ``second target``: the gold
  commitment has no predicted commitment (its sentence is a predicted outcome, no claim at
  all, or a predicted commitment of another figure of the same sentence);
- ``outcome not detected``: none of the gold outcomes is a predicted claim;
- ``other outcome linked`` / ``nothing linked``: the outcomes are there, the linker chose
  others or none;
- ``linked where gold has none``: the gold says no outcome reports on it.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from bilan_nlp import evaluate_claims as ec
from bilan_nlp.evaluate import evaluate_dir, extract_for_gold
from bilan_nlp.pipeline import load_nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--texts", type=Path, default=None, help="folder of the source texts (default: GOLD_DIR)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each lost link with its commitment")
    ap.add_argument("--by-prefix", action="store_true",
                    help="compare the documents of each file-name prefix ('trs-…') apart, as pairs are annotated"
                         " (much faster than comparing a whole training folder together)")
    args = ap.parse_args()
    nlp = load_nlp()
    kept: dict[str, tuple[dict, object]] = {}

    def run(source: Path, gold: dict) -> object:
        ex = extract_for_gold(source, gold, nlp)
        kept[gold.get("doc", source.stem)] = (gold, ex)
        return ex

    texts = args.texts or args.gold_dir
    if args.by_prefix:
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            for prefix in sorted({p.name.split("-")[0] for p in args.gold_dir.glob("*.json")}):
                group = Path(tmp) / prefix
                group.mkdir()
                for p in args.gold_dir.glob(f"{prefix}-*.json"):
                    (group / p.name).symlink_to(p.resolve())
                results += evaluate_dir(group, texts, run)
    else:
        results = evaluate_dir(args.gold_dir, texts, run)
    causes: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    total = found = 0
    for res in results:
        if not res.links:
            continue
        gold, ex = kept[res.doc]
        claims = {c["id"]: c for c in gold.get("claims", [])}
        aligned = set().union(*ec.claim_alignment(gold, ex.claims).values()) if ex.claims else set()
        for row in res.links["details"]:
            total += 1
            if row["found"]:
                found += 1
                continue
            c = claims.get(row["commitment"], {})
            text = c.get("text", "")
            local = [o for o in row["gold_outcomes"] if "#" not in o]
            if row["status"] is None:
                same = [p for p in ex.claims if ec.same_sentence(text, p.text)]
                if any(p.type == "commitment" for p in same):
                    cause = "second target (another figure of the sentence read as the commitment)"
                elif same:
                    cause = "commitment read as outcome"
                else:
                    cause = "commitment not a claim"
            elif not row["gold_outcomes"]:
                cause = "linked where gold has none"
            elif local and not any(o in aligned for o in local) and len(local) == len(row["gold_outcomes"]):
                cause = "outcome not detected"
            elif row["outcomes"]:
                cause = "other outcome linked"
            else:
                cause = "nothing linked"
            causes[cause] += 1
            examples[cause].append(f"{res.doc} {row['commitment']}: {text[:150]}")
    print(f"{total} gold links, {found} found ({found / total:.0%})" if total else "no gold links")
    for cause, n in causes.most_common():
        print(f"{n:5d}  {cause}")
        if args.verbose:
            for line in examples[cause]:
                print(f"         {line}")
    print(json.dumps(dict(causes)))


if __name__ == "__main__":
    main()
