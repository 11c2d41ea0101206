"""Scoring claims and commitment→outcome links against ANNOTATION.md gold files.

Pure functions over a gold JSON dict and bilan_nlp records, so ``bilan evaluate``
and the tests call them the same way.

Claim matching. A claim is a sentence or bullet, so two claims are the same
claim when they have the same type and the same sentence: their texts are equal
once folded (lower case, apostrophes and whitespace unified, bullets and markup
dropped), or their word multisets overlap with a Dice coefficient of at least
``TEXT_OVERLAP`` (a sentence cut a little differently still matches). Gold
lists a sentence several times when it carries several figures (a level and an
earlier level it implies); detection is scored over distinct (type, sentence)
pairs, and the figures of such sentences are scored apart (``values``: a gold
claim with a value is found when a predicted claim of the same sentence and
type has that value, 0.5 % tolerance). Matching is one-to-one, greedy by
overlap.

Link scoring. Each gold link is held against the result our comparator gives
for the predicted commitment matched to the gold commitment. The link is
*found* when the result lists at least one of the gold outcomes (predicted
outcomes mapped to gold ids by the claim matching of *their own* document,
written ``DOC#oN`` for another document's; several gold ids can share a
sentence), or when both list no outcome. It has the *gold status* when, in
addition to the commitment being matched, the statuses are equal. *Spurious*
links are the predicted (commitment, outcome) pairs whose outcome matches no
gold outcome of that gold link; reported per true pair.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any, Iterable, Mapping, Protocol, Sequence

TEXT_OVERLAP = 0.8
VALUE_TOLERANCE = 0.005
_MARKUP = re.compile(r"[*#_`>•●▪■◆◇❖►▶➢➤✓✔·]")
_WORD = re.compile(r"\w+")


class ClaimLike(Protocol):
    id: str
    type: str
    text: str
    value: float | None


def norm_text(text: str) -> str:
    """Folded sentence: lower case, ’→', «»→", markup and bullets dropped, whitespace collapsed."""
    t = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    t = t.replace("«", '"').replace("»", '"').replace("–", "-").replace("—", "-")
    t = _MARKUP.sub(" ", t.lower())
    return re.sub(r"\s+", " ", t).strip(" -")


def dice(a: str, b: str) -> float:
    """Overlap of the word multisets of two texts (1 = same words)."""
    wa, wb = Counter(_WORD.findall(norm_text(a))), Counter(_WORD.findall(norm_text(b)))
    total = sum(wa.values()) + sum(wb.values())
    if not total:
        return 1.0
    return 2 * sum((wa & wb).values()) / total


def same_sentence(a: str, b: str) -> float:
    """1.0 for equal folded texts, else the word overlap when it reaches TEXT_OVERLAP, else 0."""
    if norm_text(a) == norm_text(b):
        return 1.0
    d = dice(a, b)
    return d if d >= TEXT_OVERLAP else 0.0


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def _distinct(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for typ, text in items:
        key = (typ, norm_text(text))
        if key not in seen:
            seen.add(key)
            out.append((typ, text))
    return out


def match_texts(gold: Sequence[str], pred: Sequence[str]) -> dict[int, int]:
    """One-to-one greedy matching, best overlap first: {gold index: pred index}."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = same_sentence(g, p)
            if s:
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            out[i] = j
            used_g.add(i)
            used_p.add(j)
    return out


def score_claims(gold: Mapping[str, Any], claims: Sequence[ClaimLike]) -> dict[str, Any]:
    """Precision, recall, F1 of claim detection per type (and micro), plus figure recall."""
    out: dict[str, Any] = {}
    tp_all = pred_all = gold_all = 0
    for typ in ("commitment", "outcome"):
        g = [t for _, t in _distinct((c["type"], c["text"]) for c in gold.get("claims", []) if c["type"] == typ)]
        p = [t for _, t in _distinct((c.type, c.text) for c in claims if c.type == typ)]
        m = match_texts(g, p)
        out[typ] = _prf(len(m), len(p), len(g))
        tp_all, pred_all, gold_all = tp_all + len(m), pred_all + len(p), gold_all + len(g)
    out["micro"] = _prf(tp_all, pred_all, gold_all)
    out["values"] = _value_recall(gold, claims)
    return out


def claim_errors(gold: Mapping[str, Any], claims: Sequence[ClaimLike]) -> dict[str, list[dict[str, Any]]]:
    """The gold claims not found and the predicted claims that match no gold claim, per type."""
    misses: list[dict[str, Any]] = []
    false_positives: list[dict[str, Any]] = []
    for typ in ("commitment", "outcome"):
        g = [t for _, t in _distinct((c["type"], c["text"]) for c in gold.get("claims", []) if c["type"] == typ)]
        p = [c for c in claims if c.type == typ]
        p_texts = [t for _, t in _distinct((c.type, c.text) for c in p)]
        m = match_texts(g, p_texts)
        other = [c["text"] for c in gold.get("claims", []) if c["type"] != typ]
        misses += [{"type": typ, "text": t, "other_type_found": any(same_sentence(t, c.text) for c in claims if c.type != typ)}
                   for i, t in enumerate(g) if i not in m]
        found = set(m.values())
        for j, t in enumerate(p_texts):
            if j not in found:
                c = next(c for c in p if norm_text(c.text) == norm_text(t))
                false_positives.append({"type": typ, "text": t, "id": c.id, "score": getattr(c, "score", None),
                                        "gold_other_type": any(same_sentence(t, o) for o in other)})
    return {"misses": misses, "false_positives": false_positives}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1e-9)


def _value_recall(gold: Mapping[str, Any], claims: Sequence[ClaimLike]) -> dict[str, Any]:
    """Gold claims with a value whose sentence and value are found among predicted claims."""
    with_value = [c for c in gold.get("claims", []) if c.get("value") is not None]
    found = 0
    for g in with_value:
        for c in claims:
            if c.type == g["type"] and c.value is not None and same_sentence(g["text"], c.text) and _close(float(c.value), float(g["value"])):
                found += 1
                break
    return {"found": found, "gold": len(with_value), "recall": round(found / len(with_value), 4) if with_value else 0.0}


# ---- links -------------------------------------------------------------------


class ResultLike(Protocol):
    commitment: Any  # a Claim
    outcomes: Sequence[Any]  # Claims
    status: str


def claim_alignment(gold: Mapping[str, Any], claims: Sequence[ClaimLike]) -> dict[str, set[str]]:
    """Predicted claim id → the gold ids (same type, same sentence) it stands for.

    Gold repeats a sentence once per figure ("Cible 3 000 4 500 6 000": three
    commitments); a predicted claim with a value stands for the gold claims of its
    sentence with that value when there are any, else for all of them.
    """
    out: dict[str, set[str]] = {}
    for c in claims:
        same = [g for g in gold.get("claims", []) if g["type"] == c.type and same_sentence(g["text"], c.text)]
        if c.value is not None:
            by_value = [g for g in same if g.get("value") is not None and _close(float(g["value"]), float(c.value))]
            same = by_value or same
        if same:
            out[c.id] = {g["id"] for g in same}
    return out


def representatives(gold: Mapping[str, Any], results: Sequence[Any], align: Mapping[str, set[str]]) -> dict[str, Any]:
    """Gold commitment id → the result that stands for it: the one whose commitment has the gold
    value when there is one ("230 PLAI par an, soit 1 380 sur la durée": the 1 380 claim answers
    for a gold claim of 1 380), else the first."""
    values = {g["id"]: g.get("value") for g in gold.get("claims", [])}
    out: dict[str, Any] = {}
    exact: set[str] = set()
    for r in results:
        c = r.commitment
        for gid in align.get(c.id, ()):
            hit = c.value is not None and values.get(gid) is not None and _close(float(values[gid]), float(c.value))
            if gid not in out or (hit and gid not in exact):
                out[gid] = r
                if hit:
                    exact.add(gid)
    return out


def _doc_of(gold: Mapping[str, Any]) -> str:
    return str(gold.get("doc", ""))


def _local_id(ref: str, doc: str) -> str:
    """'c1' stays 'c1'; 'DOC#o2' is kept whole unless DOC is this document."""
    if "#" in ref:
        d, _, i = ref.partition("#")
        return i if d == doc else ref
    return ref


def score_links(gold: Mapping[str, Any], claims: Sequence[ClaimLike], results: Sequence[ResultLike],
                details: bool = False, alignments: Mapping[str, Mapping[str, set[str]]] | None = None) -> dict[str, Any]:
    """How many gold links are found, how many get the gold status, spurious links per true one.

    ``alignments`` maps each other gold document's id to its ``claim_alignment``,
    so an outcome of a later document is read under that document's gold ids
    (``DOC#o2``); without it, such outcomes match no gold outcome.
    ``details=True`` adds one row per gold link (predicted status and outcomes).
    """
    links = gold.get("links", [])
    doc = _doc_of(gold)
    align = claim_alignment(gold, claims)
    others = alignments or {}
    by_gold_commitment = representatives(gold, [r for r in results if getattr(r.commitment, "doc", doc) in (doc, None, "")
                                                or not doc], align)
    found = status_ok = matched = 0
    true_pairs = spurious = 0
    rows = []
    for link in links:
        gid = link["commitment"]
        gold_outs = {_local_id(o, doc) for o in link.get("outcomes", [])}
        r = by_gold_commitment.get(gid)
        row: dict[str, Any] = {"commitment": gid, "gold_status": link.get("status"), "status": None, "found": False,
                               "gold_outcomes": sorted(gold_outs), "outcomes": []}
        if r is not None:
            matched += 1
            pred_outs: list[set[str]] = []
            for o in r.outcomes:
                odoc = getattr(o, "doc", doc)
                if odoc in (doc, None, ""):
                    ids = align.get(o.id, set())
                else:
                    ids = {f"{odoc}#{g}" for g in others.get(odoc, {}).get(o.id, ())}
                pred_outs.append(ids)
            hit = any(ids & gold_outs for ids in pred_outs)
            ok = hit or (not gold_outs and not pred_outs)
            found += ok
            row.update(status=r.status, found=ok, outcomes=sorted(set().union(*pred_outs)) if pred_outs else [],
                       unaligned=sum(1 for ids in pred_outs if not ids),
                       commitment_text=r.commitment.text, reason=getattr(r, "reason", ""))
            if r.status == link.get("status"):
                status_ok += 1
            true_pairs += sum(1 for ids in pred_outs if ids & gold_outs)
            spurious += sum(1 for ids in pred_outs if not ids & gold_outs)
        rows.append(row)
    n = len(links)
    out = {
        "links": n,
        "commitments_matched": matched,
        "found": found,
        "found_rate": round(found / n, 4) if n else 0.0,
        "status_ok": status_ok,
        "status_rate": round(status_ok / n, 4) if n else 0.0,
        "true_pairs": true_pairs,
        "spurious_pairs": spurious,
        "spurious_per_true": round(spurious / true_pairs, 4) if true_pairs else (0.0 if not spurious else float("inf")),
    }
    if details:
        out["details"] = rows
    return out


def link_results_for(extraction: Any, gold: Mapping[str, Any] | None = None) -> list[Any]:
    """The comparator's results for one document held against itself (what the dev gold links describe).

    The gold is not read: the report's years come from the manifest or the text.
    """
    from .compare import compare

    return compare([extraction])
