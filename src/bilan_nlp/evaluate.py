"""Score extraction against gold files, as ANNOTATION.md's "How mentions are scored" says.

Mentions match when kinds are equal and values are equal (relative tolerance
0.5 %; dates by start and end; places by folded name, a usual short name
matching its official name). Each gold mention matches at most one output
mention. Claims and links are scored by ``bilan_nlp.evaluate_claims`` when present.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .records import MENTION_KINDS

REL_TOL = 0.005
_ARTICLE = re.compile(r"^(le|la|les|l)\s+|^l'")


def fold_place(name: str) -> str:
    """Lower case, no accents, no leading article, no hyphens/apostrophes/spaces."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    s = s.replace("’", "'").strip()
    s = _ARTICLE.sub("", s)
    return re.sub(r"[\s\-'’.]", "", s)


def places_match(a: str, b: str) -> bool:
    fa, fb = fold_place(a), fold_place(b)
    if fa == fb:
        return True
    short, long_ = sorted((fa, fb), key=len)
    # usual short name ~ official name: Saint-Ouen ~ Saint-Ouen-sur-Seine
    return len(short) >= 4 and long_.startswith(short) and re.match(r"(sur|sous|les|lez|en|de|du|des|aux|le|la)", long_[len(short):]) is not None


def values_match(kind: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if kind == "date":
        return (gold.get("start") or None) == (pred.get("start") or None) and (gold.get("end") or None) == (pred.get("end") or None)
    gv, pv = gold.get("value"), pred.get("value")
    if kind == "place":
        return gv is not None and pv is not None and places_match(str(gv), str(pv))
    try:
        g, p = float(gv), float(pv)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(g - p) <= REL_TOL * max(abs(g), 1e-9) or g == p


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class MentionErrors:
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)


def match_mentions(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[dict[str, KindScore], MentionErrors]:
    """Per-kind counts; each gold mention matches at most one predicted mention (in order)."""
    scores = {k: KindScore() for k in MENTION_KINDS}
    errors = MentionErrors()
    for kind in MENTION_KINDS:
        g = [m for m in gold if m.get("kind") == kind]
        p = [m for m in pred if m.get("kind") == kind]
        used = [False] * len(p)
        for gm in g:
            hit = next((i for i, pm in enumerate(p) if not used[i] and values_match(kind, gm, pm)), None)
            if hit is None:
                scores[kind].fn += 1
                errors.misses.append(gm)
            else:
                used[hit] = True
                scores[kind].tp += 1
        for i, pm in enumerate(p):
            if not used[i]:
                scores[kind].fp += 1
                errors.false_positives.append(pm)
    return scores, errors


def micro(scores: Iterable[KindScore]) -> KindScore:
    total = KindScore()
    for s in scores:
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
    return total


@dataclass
class DocResult:
    doc: str
    source: str
    scores: dict[str, KindScore]
    errors: MentionErrors
    claims: dict[str, Any] | None = None
    links: dict[str, Any] | None = None
    claim_errors: dict[str, Any] | None = None


def extract_for_gold(source: Path, gold: dict[str, Any], nlp: Any) -> Any:
    """Extract a gold file's text as the gold sees it: its doc id, its manifest row, its report year."""
    from .corpus import apply_manifest
    from .extract import extract
    from .ingest import load

    document = load(source)
    apply_manifest(document)  # issuer and years, when the text is listed in a manifest
    document.id = gold.get("doc", document.id)
    if gold.get("report_year"):
        document.meta.setdefault("report_year", int(gold["report_year"]))
    return extract(document, nlp=nlp)


def find_source(gold: dict[str, Any], gold_path: Path, texts: Path) -> Path:
    source = gold.get("source") or f"{gold.get('doc')}.txt"
    for cand in (texts / source, gold_path.parent / source):
        if cand.exists():
            return cand
    raise FileNotFoundError(f"{gold_path.name}: source text {source!r} not found in {texts}")


def evaluate_dir(
    gold_dir: Path,
    texts: Path,
    extract_fn: Callable[[Path, dict[str, Any]], Any],
    progress: Callable[[str], None] | None = None,
) -> list[DocResult]:
    """Run ``extract_fn(source_path, gold)`` for each gold file and score it."""
    from . import evaluate_claims
    from .compare import compare

    results: list[DocResult] = []
    done: list[tuple[dict[str, Any], Any]] = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = find_source(gold, gold_path, Path(texts))
        if progress:
            progress(source.name)
        extraction = extract_fn(source, gold)
        done.append((gold, extraction))
        pred = [m.to_gold() | {"sentence": m.sentence, "page": m.page, "rule": m.rule} for m in extraction.mentions]
        scores, errors = match_mentions(gold.get("entities", []), pred)
        res = DocResult(gold.get("doc", gold_path.stem), source.name, scores, errors)
        if gold.get("claims") is not None:
            res.claims = evaluate_claims.score_claims(gold, extraction.claims)
            res.claim_errors = evaluate_claims.claim_errors(gold, extraction.claims)
        results.append(res)
    # links: every document's commitments against the outcomes of the same and later documents,
    # as `bilan compare` does over a corpus (a plan and its bilan are both in the gold folder);
    # a later document's outcomes are read under that document's own gold ids
    linked = compare([ex for _, ex in done]) if done else []
    alignments = {ex.document.id: evaluate_claims.claim_alignment(gold, ex.claims) for gold, ex in done}
    for res, (gold, extraction) in zip(results, done):
        if gold.get("links") is not None:
            res.links = evaluate_claims.score_links(gold, extraction.claims, linked, details=True, alignments=alignments)
    return results


def summary(results: list[DocResult]) -> dict[str, Any]:
    """Per-kind and micro scores over all documents, plus per-document micro."""
    per_kind = {k: KindScore() for k in MENTION_KINDS}
    for r in results:
        for k, s in r.scores.items():
            per_kind[k].tp += s.tp
            per_kind[k].fp += s.fp
            per_kind[k].fn += s.fn
    out: dict[str, Any] = {
        "mentions": {k: s.as_dict() for k, s in per_kind.items()},
        "micro": micro(per_kind.values()).as_dict(),
        "documents": {r.doc: micro(r.scores.values()).as_dict() for r in results},
    }
    claims = [r.claims for r in results if r.claims]
    if claims:
        out["claims"] = {r.doc: r.claims for r in results if r.claims}
        out["claims_total"] = {typ: _pooled([c[typ] for c in claims]) for typ in ("commitment", "outcome", "micro")}
    links = [r.links for r in results if r.links]
    if links:  # the per-link rows are listed by ``bilan evaluate --errors``
        out["links"] = {r.doc: {k: v for k, v in r.links.items() if k != "details"} for r in results if r.links}
        out["links_total"] = _links_total(links)
    return out


def _pooled(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision/recall/F1 over the claims of every document (not an average of documents)."""
    tp, pred, gold = (sum(s[k] for s in scores) for k in ("tp", "pred", "gold"))
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "pred": pred, "gold": gold}


def _links_total(links: list[dict[str, Any]]) -> dict[str, Any]:
    n, found, ok = (sum(x[k] for x in links) for k in ("links", "found", "status_ok"))
    true, spurious = sum(x["true_pairs"] for x in links), sum(x["spurious_pairs"] for x in links)
    return {"links": n, "found": found, "found_rate": round(found / n, 4) if n else 0.0,
            "status_ok": ok, "status_rate": round(ok / n, 4) if n else 0.0, "true_pairs": true, "spurious_pairs": spurious,
            "spurious_per_true": round(spurious / true, 4) if true else (0.0 if not spurious else float("inf"))}
