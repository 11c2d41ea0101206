"""Extract many files: cached, optionally over several processes, never stopped by one bad file.

    from bilan_nlp.batch import extract_paths
    for path, result in extract_paths(paths, workers=2):
        ...  # result is an Extraction, or the Exception that says why the file failed

Results come in input order. Each file is looked up in the on-disk cache
(``bilan_nlp.cache``) first, so only new or changed files are ingested and run
through spaCy. With ``workers > 1`` the missing files are spread over a pool of
processes, each doing ingestion and the pipeline for whole files (parallelism
over files, not inside one document: measured faster on this corpus, see
benchmarks/bench_extract.py). Workers are forked from this process after the
pipeline is loaded here, so they share its memory and start at once; the
initializer only loads it where fork is not the start method.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .cache import ExtractionCache
from .extract import Extraction, run_pipeline
from .pipeline import DEFAULT_MODEL, load_nlp

Progress = Callable[[Path, str], None]  # (path, "cached" | "extracted" | "failed: <reason>")
IN_FLIGHT_PER_WORKER = 2  # submitted ahead of the consumer, so memory stays bounded
WARM_UP = "Le plan prévoyait 120 places en crèche à Lyon d'ici 2026 ; 85 ont été ouvertes en 2024."


class ExtractError(Exception):
    """A file whose extraction failed after ingestion (a pipeline error), picklable across processes."""

    def __init__(self, path: str | os.PathLike[str], detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{self.path.name}: extraction failed ({detail})")

    def __reduce__(self):
        return (type(self), (self.path, self.detail))


def extract_file(path: Path, model: str = DEFAULT_MODEL, claims: bool = True,
                 exclude: tuple[str, ...] = ()) -> Extraction | Exception:
    """Ingest one file, apply its manifest row and run the pipeline; the file's error instead of raising.

    A missing model still raises: no file of the batch could succeed.
    """
    from .corpus import apply_manifest
    from .ingest import IngestError, load

    nlp = load_nlp(model, claims=claims, exclude=exclude)
    try:
        document = load(path)
    except IngestError as exc:
        return exc
    try:
        apply_manifest(document)
        return run_pipeline(document, nlp)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop a batch
        return ExtractError(path, f"{type(exc).__name__}: {exc}")


_worker_job = extract_file  # what a worker runs per file (a test swaps it for one that crashes)


def _init_worker(model: str, claims: bool, exclude: tuple[str, ...]) -> None:
    try:  # instant when forked from a process that did it
        load_nlp(model, claims=claims, exclude=exclude)(WARM_UP)
    except Exception:  # noqa: BLE001 - extract_file raises it again, where the caller sees it
        pass


def _variant(claims: bool, exclude: tuple[str, ...]) -> str:
    return f"claims={claims};exclude={','.join(sorted(exclude))}"


def extract_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    claims: bool = True,
    exclude: tuple[str, ...] = (),
    start_method: str | None = None,
) -> Iterator[tuple[Path, Extraction | Exception]]:
    """Yield ``(path, Extraction or Exception)`` for each path, in input order.

    ``cache=False`` neither reads nor writes the cache. ``claims``/``exclude``
    choose the pipeline's bilan components as ``load_nlp`` does. ``start_method``
    ("fork", "spawn", "forkserver") overrides the platform's default for the workers.
    """
    items = [Path(p) for p in paths]
    store = ExtractionCache(cache_dir, model=model, variant=_variant(claims, exclude)) if cache else None

    def report(path: Path, result: Extraction | Exception, state: str) -> tuple[Path, Extraction | Exception]:
        if progress is not None:
            progress(path, state if not isinstance(result, Exception) else f"failed: {result}")
        return path, result

    keys: dict[int, str] = {}

    def cached(i: int, path: Path) -> Extraction | None:
        if store is None:
            return None
        try:
            keys[i] = store.key(path)
        except OSError:
            return None  # unreadable: ingestion will say why
        return store.get(keys[i], path)

    def keep(i: int, result: Extraction | Exception) -> None:
        if store is not None and i in keys and isinstance(result, Extraction):
            store.put(keys[i], result)

    if workers <= 1:  # the pipeline is loaded at the first file not in the cache
        for i, path in enumerate(items):
            hit = cached(i, path)
            if hit is not None:
                yield report(path, hit, "cached")
                continue
            result = extract_file(path, model, claims, exclude)
            keep(i, result)
            yield report(path, result, "extracted")
        return

    yield from _parallel(items, workers, model, claims, exclude, cached, keep, report, start_method)


def _parallel(items, workers, model, claims, exclude, cached, keep, report, start_method):
    """The ``workers > 1`` path of ``extract_paths``: a bounded window of futures, yielded in order."""
    ctx = mp.get_context(start_method)
    todo: deque[int] = deque(range(len(items)))
    window: deque[tuple[int, Future | Extraction]] = deque()
    attempts: dict[int, int] = {}
    alone: set[int] = set()  # files in flight when a worker died: redone one at a time, so the death is pinned on its file
    pool: ProcessPoolExecutor | None = None  # started at the first file not in the cache

    def submit(i: int) -> Future:
        nonlocal pool
        if pool is None:
            if ctx.get_start_method() == "fork":
                # loaded and run once here (lazy parts such as the claims model load on
                # first use), then shared copy-on-write by the forked workers
                load_nlp(model, claims=claims, exclude=exclude)(WARM_UP)
            pool = _pool(workers, ctx, model, claims, exclude)
        return pool.submit(_worker_job, items[i], model, claims, exclude)

    try:
        while todo or window:
            limit = 1 if alone else workers * IN_FLIGHT_PER_WORKER
            while todo and len(window) < limit * 2 and sum(isinstance(w, Future) for _, w in window) < limit:
                i = todo.popleft()
                hit = cached(i, items[i])
                window.append((i, hit if hit is not None else submit(i)))
            i, job = window.popleft()
            if not isinstance(job, Future):
                yield report(items[i], job, "cached")
                continue
            try:
                result = job.result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory): redo the files in flight in a fresh pool,
                # in order and one at a time, and give up on a file the second time it happens
                attempts[i] = attempts.get(i, 0) + 1
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
                pool = None
                again = [j for j, _ in window] + ([i] if attempts[i] < 2 else [])
                alone |= set(again)
                window.clear()
                todo.extendleft(sorted(again, reverse=True))
                if attempts[i] < 2:
                    continue
                result = ExtractError(items[i], "the worker process died twice on this file")
            alone.discard(i)
            keep(i, result)
            yield report(items[i], result, "extracted")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _pool(workers: int, ctx, model: str, claims: bool, exclude: tuple[str, ...]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(model, claims, exclude))
