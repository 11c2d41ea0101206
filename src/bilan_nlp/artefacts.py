"""Trained models on disk (the claim classifier, the link model): saved atomically, loaded only when usable.

A pickle made by another scikit-learn, or from other training data, is not trusted:
the caller retrains from the data shipped with the package instead.
"""
from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any, Callable, Mapping

log = logging.getLogger(__name__)


def save(bundle: Mapping[str, Any], path: Path) -> None:
    """joblib dump through a temporary file, so a reader never sees half a model."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    joblib.dump(dict(bundle), tmp)
    tmp.replace(path)


def load(path: Path, usable: Callable[[Any], bool], what: str) -> Any | None:
    """The bundle at ``path`` when it loads and ``usable`` accepts it, else None (with the reason logged)."""
    if not path.exists():
        return None
    try:
        import joblib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bundle = joblib.load(path)
    except Exception as exc:  # unpickling across versions fails in many ways
        log.warning("%s %s does not load (%s): retraining", what, path, exc)
        return None
    if usable(bundle):
        return bundle
    log.warning("%s %s is stale (scikit-learn, features or training data changed): retraining", what, path)
    return None
