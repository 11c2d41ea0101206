"""The extraction cache: what is stored comes back equal, a changed file or a
changed code fingerprint misses, and a corrupt entry is ignored then rewritten."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from bilan_nlp import cache as cachemod
from bilan_nlp.cache import ExtractionCache, extraction_from_dict, extraction_to_dict
from bilan_nlp.extract import Extraction
from bilan_nlp.ingest.document import Document, Page, Table
from bilan_nlp.records import Claim, Mention

TEXT = (
    "Le plan d'action prévoyait 450 recrutements d'ici 2027.\n\n"
    "En 2024, 300 agents ont été recrutés pour un budget de 2,5 M€."
)


def sample() -> Extraction:
    cut = TEXT.index("En 2024")
    document = Document(
        id="plan", text=TEXT, pages=[Page(1, TEXT[:cut]), Page(2, TEXT[cut:])], page_starts=[0, cut],
        tables=[Table(2, [["Année", "Agents"], ["2024", "300"], ["2025", None]], (10.0, 20.5, 300.0, 400.0))],
        meta={"report_year": 2024, "format": "txt"}, warnings=["decoded as cp1252, not UTF-8"],
    )
    start = TEXT.index("450 recrutements")
    mention = Mention(doc="plan", kind="headcount", text="450 recrutements", start_char=start,
                      end_char=start + 16, page=1, value=450.0, unit="recrutements", subject="recrutement",
                      rule="count")
    claim = Claim(doc="plan", id="c1", type="commitment", text=TEXT[:cut].strip(), start_char=0, end_char=cut,
                  page=1, value=450.0, deadline="2027", score=0.91, cues=["prévoyait", "d'ici"],
                  mention_indexes=[0])
    return Extraction(document, mentions=[mention], claims=[claim])


def same(a: Extraction, b: Extraction) -> bool:
    return (asdict(a.document) == asdict(b.document) and a.mentions == b.mentions and a.claims == b.claims)


def test_json_round_trip_keeps_pages_tables_and_records():
    original = sample()
    back = extraction_from_dict(extraction_to_dict(original))
    assert same(original, back)
    assert back.document.tables[0].bbox == (10.0, 20.5, 300.0, 400.0)
    assert back.document.page_of(TEXT.index("300 agents")) == 2


def test_put_then_get_on_a_new_cache_object(tmp_path):
    report = tmp_path / "plan.txt"
    report.write_text(TEXT, encoding="utf-8")
    store = ExtractionCache(tmp_path / "cache")
    key = store.key(report)
    assert store.get(key) is None
    assert store.put(key, sample())
    again = ExtractionCache(tmp_path / "cache")
    assert again.key(report) == key
    assert same(again.get(key), sample())


def test_changed_bytes_give_another_key(tmp_path):
    report = tmp_path / "plan.txt"
    report.write_text(TEXT, encoding="utf-8")
    store = ExtractionCache(tmp_path / "cache")
    before = store.key(report)
    report.write_text(TEXT.replace("450", "460"), encoding="utf-8")
    assert store.key(report) != before


def test_model_variant_and_code_are_part_of_the_key(tmp_path, monkeypatch):
    report = tmp_path / "plan.txt"
    report.write_text(TEXT, encoding="utf-8")
    base = ExtractionCache(tmp_path).key(report)
    assert ExtractionCache(tmp_path, variant="claims=False").key(report) != base
    monkeypatch.setattr(cachemod, "code_fingerprint", lambda: "another version of the rules")
    assert ExtractionCache(tmp_path).key(report) != base


def test_code_fingerprint_follows_the_package_files(tmp_path, monkeypatch):
    (tmp_path / "pipes").mkdir()
    lexicon = tmp_path / "pipes" / "lexicon.json"
    lexicon.write_text('{"milliard": 1e9}', encoding="utf-8")
    monkeypatch.setattr(cachemod, "PACKAGE", tmp_path)
    monkeypatch.setattr(cachemod, "MODELS", tmp_path / "no-models")
    cachemod.code_fingerprint.cache_clear()
    try:
        first = cachemod.code_fingerprint()
        lexicon.write_text('{"milliard": 1e9, "million": 1e6}', encoding="utf-8")
        assert cachemod.code_fingerprint() == first  # computed once per process
        cachemod.code_fingerprint.cache_clear()
        assert cachemod.code_fingerprint() != first
    finally:
        cachemod.code_fingerprint.cache_clear()


@pytest.mark.parametrize("garbage", ['{"key": "', "", '{"key": "x", "extraction": {}}', "[1, 2]"])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path, garbage):
    report = tmp_path / "plan.txt"
    report.write_text(TEXT, encoding="utf-8")
    store = ExtractionCache(tmp_path / "cache")
    key = store.key(report)
    store.put(key, sample())
    entry = next((tmp_path / "cache").glob("??/*.json"))
    entry.write_text(garbage, encoding="utf-8")
    assert store.get(key) is None
    assert store.put(key, sample())
    assert same(store.get(key), sample())
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temporary file left


def test_directory_from_parameter_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.setenv("BILAN_CACHE_DIR", str(tmp_path / "env"))
    assert ExtractionCache().directory == tmp_path / "env"
    assert ExtractionCache(tmp_path / "param").directory == tmp_path / "param"
    monkeypatch.delenv("BILAN_CACHE_DIR")
    assert ExtractionCache().directory.as_posix() == ".cache/bilan_nlp"


def test_a_value_json_cannot_hold_is_not_cached(tmp_path):
    extraction = sample()
    extraction.document.meta["opened"] = object()
    store = ExtractionCache(tmp_path)
    assert store.put("ab" * 32, extraction) is False
    assert store.get("ab" * 32) is None
