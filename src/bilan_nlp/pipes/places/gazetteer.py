"""The place gazetteer: every name (official or usual short form) and what it names.

Loaded once per process from ``gazetteer.tsv.gz`` (built by
``scripts/build_gazetteer.py``) into a dict keyed by the folded words of a
name, so that the matcher looks a run of words up in one step.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .names import name_key, name_words

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.tsv.gz")

# types ranked when a name is shared and population does not decide
AREA_TYPES = ("pays", "region", "departement", "outre-mer", "region_etrangere", "ville_etrangere")


class PlaceEntry(NamedTuple):
    """One reading of a name: the place it names and how it is named (a tuple: 45,000 load fast)."""

    name: str  # as listed (official name or usual short form)
    value: str  # official name
    type: str  # commune | departement | region | pays | outre-mer | region_etrangere | ville_etrangere
    code: str  # INSEE commune / département / région code, ISO 3166 code abroad
    population: int
    dept: str  # département code of a commune ("" abroad)
    alias: bool  # the name is a usual short form, not the official name
    ambiguous: bool  # the name is also a plain French word: needs context

    @property
    def words(self) -> list[str]:
        return name_words(self.name)


@dataclass(slots=True)
class Gazetteer:
    """Names by key (folded words), with the longest name per first word."""

    by_key: dict[tuple[str, ...], list[PlaceEntry]]
    max_len: dict[str, int]  # first folded word -> most words of a name starting with it
    vocabulary: frozenset[str]  # every folded word of every name

    def lookup(self, key: tuple[str, ...]) -> list[PlaceEntry]:
        return self.by_key.get(key, [])

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_key.values())


def _parse(line: str) -> PlaceEntry:
    name, value, kind, code, pop, dept, flags = line.rstrip("\n").split("\t")
    return PlaceEntry(name, value or name, kind, code, int(pop or 0), dept, "a" in flags, "m" in flags)


@lru_cache(maxsize=2)
def load_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """Read the gazetteer once per process (about 45,000 names)."""
    by_key: dict[tuple[str, ...], list[PlaceEntry]] = {}
    max_len: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            entry = _parse(line)
            key = name_key(entry.name)
            if not key:
                continue
            by_key.setdefault(key, []).append(entry)
            if len(key) > max_len.get(key[0], 0):
                max_len[key[0]] = len(key)
    vocabulary = frozenset(word for key in by_key for word in key)
    return Gazetteer(by_key, max_len, vocabulary)
