"""Ingestion speed, memory and text quality on corpus/pdf/*.pdf.

Two questions, each run in a fresh process so peak RSS is its own:

1. pdfplumber settings (one process, in-process parsing): our word-based
   layout (default: words split at gaps over 0.15 em), without table
   detection, with fixed x_tolerance (pdfplumber's 3 pt, and 1.5 pt), and pdfplumber's own
   ``extract_text`` (plain, ``layout=True``, ``use_text_flow``) fed to the
   same cleaner. Quality = similarity of the cleaned text to the seed's
   (whitespace folded, rapidfuzz ratio), the metric of tests/test_ingest_pdf.py.
2. parallelism on this machine: files in sequence in-process, one child
   process per file (``load_many``) with 1 and 2 workers, and one big PDF
   (the corpus concatenated) read by ``load`` in 1 process or with its pages
   split over 2 processes.

Run: .venv/bin/python benchmarks/bench_ingest.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PDFS = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))

SETTINGS = {
    "words+layout (default)": {},
    "  no table detection": {"tables": False},
    "  x_tolerance=3 pt (pdfplumber)": {"word_options": {"x_tolerance": 3, "x_tolerance_ratio": None}},
    "  x_tolerance=1.5 pt": {"word_options": {"x_tolerance": 1.5, "x_tolerance_ratio": None}},
    "extract_text()": {"plain": {}},
    "extract_text(layout=True)": {"plain": {"layout": True}},
    "extract_text(use_text_flow)": {"plain": {"use_text_flow": True}},
}
PARALLEL = ["in-process, files in sequence", "process per file, 1 worker", "process per file, 2 workers",
            "one big PDF, 1 process", "one big PDF, pages over 2 processes"]


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _cpu() -> float:
    """CPU seconds of this process and its children (stable when other jobs share the cores)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _seed_text(pdf: Path) -> str:
    from bilan_nlp.ingest.clean import clean_text

    return clean_text((ROOT / "corpus" / (pdf.name.split("-pdf")[0] + ".txt")).read_text(encoding="utf-8"))


def _quality(docs: dict[Path, str]) -> float:
    from rapidfuzz import fuzz

    fold = lambda s: " ".join(s.split())  # noqa: E731
    return min(fuzz.ratio(fold(text), fold(_seed_text(p))) / 100 for p, text in docs.items())


def _plain_pages(path: Path, options: dict) -> list[str]:
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out.append(page.extract_text(**options) or "")
            page.close()
    return out


def run_setting(name: str, repeat: int) -> dict:
    from bilan_nlp.ingest.pdf import WORD_OPTIONS, assemble, read_pages
    from bilan_nlp.ingest.text import build_document

    cfg = SETTINGS[name]
    pages = 0
    texts: dict[Path, str] = {}
    cpu0 = _cpu()
    start = time.perf_counter()
    for _ in range(repeat):
        for pdf in PDFS:
            if "plain" in cfg:
                raw = _plain_pages(pdf, cfg["plain"])
                doc = build_document(pdf.stem, raw, pdf)
                pages += len(raw)
            else:
                options = {**WORD_OPTIONS, **cfg.get("word_options", {})}
                reads = read_pages(pdf, max_pages=500, timeout=600, tables=cfg.get("tables", True), word_options=options)
                doc = assemble(pdf, reads)
                pages += len(reads)
            texts[pdf] = doc.text
    seconds = time.perf_counter() - start
    return {"pages": pages, "seconds": seconds, "cpu": _cpu() - cpu0, "rss": _rss_mb(resource.RUSAGE_SELF),
            "quality": _quality(texts)}


def _big_pdf(repeat: int, folder: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(repeat):
        for pdf in PDFS:
            writer.append(str(pdf))
    out = folder / "big.pdf"
    writer.write(out)
    return out


def run_parallel(name: str, repeat: int) -> dict:
    from bilan_nlp.ingest import load, load_many
    from bilan_nlp.ingest.pdf import load_pdf

    files = PDFS * repeat
    cpu0 = _cpu()
    start = time.perf_counter()
    pages = 0
    if name.startswith("in-process"):
        pages = sum(len(load_pdf(p).pages) for p in files)
    elif name.startswith("process per file"):
        workers = int(name.split(", ")[1][0])
        for _, doc in load_many(files, workers=workers):
            pages += len(doc.pages)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            big = _big_pdf(repeat, Path(tmp))
            start, cpu0 = time.perf_counter(), _cpu()
            pages = len(load(big, workers=2 if "2 processes" in name else 1).pages)
    seconds = time.perf_counter() - start
    return {"pages": pages, "seconds": seconds, "cpu": _cpu() - cpu0, "rss": _rss_mb(resource.RUSAGE_SELF),
            "rss_children": _rss_mb(resource.RUSAGE_CHILDREN)}


def _in_fresh_process(kind: str, name: str, repeat: int, trials: int) -> dict:
    """Best of ``trials`` fresh runs (the least disturbed by other jobs on the machine)."""
    runs = []
    for _ in range(trials):
        out = subprocess.run([sys.executable, __file__, "--one", kind, name, "--repeat", str(repeat)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="times the corpus is read in one run")
    parser.add_argument("--trials", type=int, default=3, help="fresh runs per line; the fastest is shown")
    parser.add_argument("--only", choices=("settings", "parallel"), help="run one of the two tables")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, name = args.one
        result = run_setting(name, args.repeat) if kind == "setting" else run_parallel(name, args.repeat)
        print(json.dumps(result))
        return
    n_pages = 0
    import pdfplumber

    for p in PDFS:
        with pdfplumber.open(p) as pdf:
            n_pages += len(pdf.pages)
    print(f"corpus: {len(PDFS)} PDFs, {n_pages} pages, read {args.repeat}x; {os.cpu_count()} CPUs; "
          f"Python {sys.version.split()[0]}, pdfplumber {pdfplumber.__version__}\n")
    print(f"{'pdfplumber setting (1 process)':30} {'pages/s':>8} {'CPU ms/page':>12} {'peak RSS MB':>12} {'min similarity':>15}")
    for name in SETTINGS if args.only != "parallel" else ():
        r = _in_fresh_process("setting", name, args.repeat, args.trials)
        print(f"{name:30} {r['pages'] / r['seconds']:8.1f} {1000 * r['cpu'] / r['pages']:12.0f} {r['rss']:12.0f} "
              f"{r['quality']:15.4f}")
    print(f"\n{'parallelism (default setting)':38} {'pages/s':>8} {'CPU ms/page':>12} {'parent MB':>10} {'child MB':>9}")
    for name in PARALLEL if args.only != "settings" else ():
        r = _in_fresh_process("parallel", name, args.repeat, args.trials)
        print(f"{name:38} {r['pages'] / r['seconds']:8.1f} {1000 * r['cpu'] / r['pages']:12.0f} {r['rss']:10.0f} "
              f"{r['rss_children']:9.0f}")


if __name__ == "__main__":
    main()
