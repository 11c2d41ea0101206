"""Does this outcome report on this commitment? A learned score over pair features.

Each (commitment, outcome) pair is described by general features — how close
their subjects are (TF-IDF cosine of the sentences, rapidfuzz ratio of the
metric labels, shared counted noun), whether their figures can be compared
(same kind, compatible units, the same value restated, the target cited),
where they stand (same document, section, paragraph, sentence, distance, how
alike the titles above them are: a bilan often follows its plan's axes),
time (an outcome dated before the plan), place, and, for a later document,
whether it restates a commitment like this one just before the outcome ("Le schéma prévoyait 40 points… 43 points
sont ouverts"). A scikit-learn model trained on the gold links of the training
documents (``scripts/train_links.py``) turns them into a probability.

The trained model is ``models/links/links.joblib``; the pair features it was
trained on ship in ``data/link_pairs.csv.gz`` so that a model made by another
scikit-learn is retrained in-process (a second) instead of failing.
"""
from __future__ import annotations

import hashlib
import logging
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import pandas as pd
import sklearn
from rapidfuzz import fuzz

from .. import artefacts
from .similarity import fold, stems
from .values import _year, claim_figures, compatible, main_figure

if TYPE_CHECKING:  # pragma: no cover
    from .comparator import Comparator, _Doc

log = logging.getLogger(__name__)

DATA_PATH = Path(__file__).with_name("data") / "link_pairs.csv.gz"
MODEL_DIR = Path(__file__).resolve().parents[3] / "models" / "links"
MODEL_PATH = MODEL_DIR / "links.joblib"
THRESHOLD = 0.5  # chosen by cross-validation (scripts/train_links.py), with BEST_FLOOR, RELATIVE_KEEP, MAX_LINKS
BEST_FLOOR = 0.25
RELATIVE_KEEP = 0.5
MAX_LINKS = 5
BRIDGE_WINDOW = 3  # a restated commitment stands at most this many claims before the outcome
NEAR = 4

FEATURES = [
    "cos", "metric_fuzzy", "metric_in_o", "o_metric_in_c", "head_eq", "c_fig", "o_fig", "kind_eq", "kind_conflict",
    "unit_ok", "value_eq", "cited", "same_doc", "same_section", "same_paragraph", "same_sentence", "dual_cue",
    "o_before", "near", "dist", "anaphora", "global", "objective_section", "year_before", "year_after_deadline",
    "place_match", "place_conflict", "bridge", "bridge_value", "o_dual", "c_forward", "c_short",
    "later_doc", "c_plan_doc", "year_eq_deadline", "c_table", "o_table", "magnitude",
    "any_unit_ok", "any_value_eq", "adjacent", "prev_adjacent", "same_row", "baseline_dual",
    "row_baseline", "titles_cos", "cos_rel", "metric_fuzzy_rel", "metric_in_o_rel", "bridge_rel",
]
RELATIVE = ("cos", "metric_fuzzy", "metric_in_o", "bridge")  # each also divided by its best among c's candidates


def _share(a: Sequence[str], b: Sequence[str]) -> float:
    sa = set(a)
    return len(sa & set(b)) / len(sa) if sa else 0.0


def _head(fig: Any) -> str:
    """The counted noun's first five letters ("places d'hébergement" → "place"), stop words kept."""
    words = re.findall(r"[a-zà-ÿœæ]+", fold(fig.subject or fig.unit or "")) if fig is not None else []
    return words[0][:5] if words else ""


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def _places(claim: Any, mentions: Sequence[Any]) -> set[str]:
    return {fold(str(mentions[i].value)) for i in claim.mention_indexes
            if i < len(mentions) and mentions[i].kind == "place" and mentions[i].value}


def _years(claim: Any, mentions: Sequence[Any]) -> list[int]:
    out = []
    if claim.year and _year(claim.year):
        return [_year(claim.year)]  # type: ignore[list-item]
    for i in claim.mention_indexes:
        if i < len(mentions) and mentions[i].kind == "date":
            y = _year(mentions[i].end or mentions[i].start)
            if y:
                out.append(y)
    return out


def pair_features(cmp: "Comparator", cdoc: "_Doc", c: Any, c_pos: int, odoc: "_Doc", o: Any, k: int) -> dict[str, float]:
    """The features of one (commitment, outcome) pair; ``c_pos``/``k`` are their indexes in their documents' claims."""
    ms_c, ms_o = cdoc.extraction.mentions, odoc.extraction.mentions
    same_doc = odoc is cdoc
    cfig, ofig = main_figure(c, ms_c), main_figure(o, ms_o)
    c_stems, o_stems = stems(c.metric or ""), stems(o.metric or "")
    c_text, o_text = stems(c.text), stems(o.text)
    f: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    f["same_doc"] = float(same_doc)
    f["cos"] = cmp.sim.cosine(c.text, o.text)
    f["metric_fuzzy"] = fuzz.token_set_ratio(" ".join(c_stems), " ".join(o_stems)) / 100 if c_stems and o_stems else 0.0
    f["metric_in_o"] = _share(c_stems, o_text)
    f["o_metric_in_c"] = _share(o_stems, c_text)
    f["c_fig"], f["o_fig"] = float(cfig is not None), float(ofig is not None)
    if cfig is not None and ofig is not None:
        f["head_eq"] = float(bool(_head(cfig)) and _head(cfig) == _head(ofig))
        f["kind_eq"] = float(cfig.kind == ofig.kind)
        f["kind_conflict"] = float(cfig.kind != ofig.kind)
        f["unit_ok"] = float(compatible(cfig, ofig))
    if cfig is not None:
        f["value_eq"] = float(any(x.kind == cfig.kind and _close(abs(x.value), abs(cfig.value)) for x in claim_figures(o, ms_o, whole_row=True)))
    f["cited"] = float(cmp._cited_target(cdoc, c, odoc, o) is not None)
    text = odoc.extraction.document.text
    if same_doc:
        f["same_section"] = float(cdoc.section_of(o.start_char) == cdoc.section_of(c.start_char))
        lo, hi = sorted((c.start_char, o.start_char))
        f["same_paragraph"] = float("\n\n" not in text[lo:hi] and text[lo:hi].count("\n") <= 6)
        f["same_sentence"] = float(o.start_char == c.start_char)
        if f["same_sentence"]:  # a table row's target and result cells, or the level a commitment starts from
            f["same_row"] = float("rule:table_column" in (c.cues or []) and "rule:table_column" in (o.cues or []))
            f["baseline_dual"] = float("rule:baseline" in (c.cues or []))
            if f["same_row"]:  # a plan's row: the level it starts from ("Réalisé 2019 | Cible 2023"), not a result
                pub, oyears = cdoc.info.year_published, _years(o, ms_o)
                f["row_baseline"] = float("rule:table_baseline" in (o.cues or []) or (
                    cdoc.genre in ("plan", "budget") and bool(pub and oyears and max(oyears) < pub)))
        f["dual_cue"] = float(o.start_char == c.start_char and bool(cmp.dual_rx.search(fold(o.text))))
        f["o_before"] = float(o.start_char < c.start_char)
        f["near"] = float(0 < k - c_pos <= NEAR)
        between = [x for x in cdoc.extraction.claims[min(k, c_pos) + 1:max(k, c_pos)] if x.start_char != c.start_char and x.start_char != o.start_char]
        if f["same_paragraph"] and not between:  # the very next (or previous) claim of the paragraph
            f["adjacent" if k > c_pos else "prev_adjacent"] = 1.0
        f["dist"] = min(abs(k - c_pos), 40) / 40
        f["anaphora"] = float(f["near"] > 0 and cmp._anaphora(cdoc, c, k))
        f["global"] = float(c.value is None and o.start_char > c.start_char and bool(cmp.global_rx.search(fold(o.text))))
        f["objective_section"] = float(c.value is None and cmp._in_objective_section(cdoc, c, o))
    else:
        f["dist"] = 1.0
        f["bridge"], f["bridge_value"] = _bridge(cmp, cdoc, c, cfig, odoc, o, k)
    start = cmp._start_year(cdoc, c)
    years = _years(o, ms_o)
    if start and years and max(years) < start:
        f["year_before"] = 1.0
    deadline = _year(c.deadline)
    if deadline and years and min(years) > deadline:
        f["year_after_deadline"] = 1.0
    pc, po = _places(c, ms_c), _places(o, ms_o)
    if pc and po:
        f["place_match"] = float(bool(pc & po))
        f["place_conflict"] = float(not pc & po)
    f["o_dual"] = float(any(x.type == "commitment" and x.start_char == o.start_char for x in odoc.extraction.claims))
    f["later_doc"] = float(odoc.order > cdoc.order)
    f["c_plan_doc"] = float(cdoc.genre in ("plan", "budget"))
    f["year_eq_deadline"] = float(bool(deadline) and deadline in years)
    f["c_table"] = float("rule:table_column" in (c.cues or []))
    f["o_table"] = float("rule:table_column" in (o.cues or []))
    c_figs, o_figs = claim_figures(c, ms_c, whole_row=True), claim_figures(o, ms_o, whole_row=True)
    f["any_unit_ok"] = float(any(compatible(a, b) for a in c_figs for b in o_figs))
    f["any_value_eq"] = float(any(a.kind == b.kind and _close(abs(a.value), abs(b.value)) for a in c_figs for b in o_figs))
    f["magnitude"] = 1.0
    if cfig is not None and ofig is not None and cfig.kind == ofig.kind and cfig.value and ofig.value:
        f["magnitude"] = min(abs(math.log10(abs(ofig.value) / abs(cfig.value))), 3.0) / 3.0
    c_titles, o_titles = _titles(cmp, cdoc, c), _titles(cmp, odoc, o)
    if c_titles and o_titles:
        f["titles_cos"] = cmp.sim.cosine(c_titles, o_titles)
    f["c_forward"] = float(cmp._forward(c))
    f["c_short"] = float(len(c.text.split()) <= 14)
    return f


def _titles(cmp: "Comparator", doc: "_Doc", claim: Any) -> str:
    """The titles of the sections a claim stands in, outermost first (a bilan mirrors its plan's axes)."""
    cache = cmp.titles_cache
    key = (doc.id, claim.start_char)
    if key not in cache:
        cache[key] = " ".join(s.title for s in doc.sections if s.start < claim.start_char < s.end
                              and not claim.text.startswith(s.title[:20]))
    return cache[key]


def add_relative(rows: list[dict[str, float]]) -> None:
    """Each candidate's similarity against the best of the same commitment's candidates (a ranking cue)."""
    for name in RELATIVE:
        best = max((r[name] for r in rows), default=0.0)
        for r in rows:
            r[f"{name}_rel"] = r[name] / best if best > 0 else 0.0


def _bridge(cmp: "Comparator", cdoc: "_Doc", c: Any, cfig: Any, odoc: "_Doc", o: Any, k: int) -> tuple[float, float]:
    """How like c is the commitment the later document recalls just before (or in) the outcome's sentence."""
    claims = odoc.extraction.claims
    best, value = 0.0, 0.0
    section = odoc.section_of(o.start_char)
    seen = 0
    for x in reversed(claims[: k + 1]):
        if x.start_char > o.start_char:
            continue
        if x.type != "commitment":
            if x.start_char < o.start_char:
                seen += 1
            if seen > BRIDGE_WINDOW:
                break
            continue
        if odoc.section_of(x.start_char) != section and x.start_char != o.start_char:
            break
        s = cmp.sim.cosine(c.text, x.text)
        if s > best:
            best = s
        if cfig is not None and x.value is not None and _close(abs(float(x.value)), abs(cfig.value)):
            value = 1.0
    return best, value


# ---- the model -------------------------------------------------------------------


# More of these can only make a link likelier (+1) or less likely (-1): the trees may not learn a
# quirk of the training documents ("a cosine of 0.22 is worse than 0.15") that would not hold elsewhere.
INCREASING = {"cos", "metric_fuzzy", "metric_in_o", "o_metric_in_c", "head_eq", "unit_ok", "value_eq", "cited",
              "same_section", "same_paragraph", "dual_cue", "near", "anaphora", "global", "objective_section",
              "place_match", "bridge", "bridge_value", "year_eq_deadline", "any_unit_ok", "any_value_eq",
              "cos_rel", "metric_fuzzy_rel", "metric_in_o_rel", "bridge_rel", "adjacent", "prev_adjacent", "same_row",
              "titles_cos"}
DECREASING = {"row_baseline", "kind_conflict", "year_before", "year_after_deadline", "place_conflict", "dist", "magnitude"}


def make_model() -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    monotonic = [1 if name in INCREASING else -1 if name in DECREASING else 0 for name in FEATURES]
    return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=10,
                                          l2_regularization=1.0, monotonic_cst=monotonic, random_state=0)


def select(probs: Sequence[float], threshold: float = THRESHOLD, relative: float = RELATIVE_KEEP, most: int = MAX_LINKS,
           best_floor: float = BEST_FLOOR) -> list[int]:
    """Indexes of the candidates kept for one commitment, best first: the best one from ``best_floor``,
    the next ones above ``threshold`` and within ``relative`` of the best, at most ``most``
    (a clear best link does not drag weak ones in)."""
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    if not order:
        return []
    best = probs[order[0]]
    return [i for j, i in enumerate(order[:most]) if probs[i] >= (best_floor if j == 0 else threshold) and probs[i] >= relative * best]


def data_digest(path: Path = DATA_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else ""


def train(frame: pd.DataFrame) -> dict[str, Any]:
    model = make_model()
    model.fit(frame[FEATURES].to_numpy(dtype=float), frame["label"].astype(int).to_numpy())
    return {"model": model, "features": list(FEATURES), "sklearn": sklearn.__version__, "data": data_digest(), "threshold": THRESHOLD}


def save(bundle: Mapping[str, Any], path: Path = MODEL_PATH) -> None:
    artefacts.save(bundle, path)


def _usable(bundle: Any) -> bool:
    return (isinstance(bundle, dict) and bundle.get("features") == FEATURES and bundle.get("sklearn") == sklearn.__version__
            and bundle.get("data") == data_digest())


@lru_cache(maxsize=2)
def load_bundle(path: Path = MODEL_PATH) -> dict[str, Any] | None:
    """The trained link model; retrained from the shipped pair features when stale; None without either."""
    bundle = artefacts.load(path, _usable, "link model")
    if bundle is not None:
        return bundle
    if DATA_PATH.exists():
        frame = pd.read_csv(DATA_PATH)
        if set(FEATURES) <= set(frame.columns):
            return train(frame)
        log.warning("training pairs %s lack features of this version: run scripts/train_links.py", DATA_PATH)
    log.warning("no link model and no training pairs: links fall back to similarity alone")
    return None


def predict(bundle: Mapping[str, Any] | None, rows: Sequence[Mapping[str, float]]) -> list[float]:
    """Probability that each pair is a link."""
    if not rows:
        return []
    if bundle is None:  # no model at all: the subject similarity, raised inside a section
        return [min(1.0, max(r["cos"], 0.5 * r["metric_fuzzy"] + 0.5 * r["metric_in_o"]) + 0.15 * r["same_section"]) for r in rows]
    frame = pd.DataFrame([[r[name] for name in FEATURES] for r in rows], columns=FEATURES)
    return [float(p) for p in bundle["model"].predict_proba(frame.to_numpy(dtype=float))[:, 1]]

