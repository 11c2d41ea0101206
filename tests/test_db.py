"""The corpus database: what goes in comes back out, re-runs skip unchanged files,
and a failed write leaves the earlier rows intact."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bilan_nlp import db
from bilan_nlp.ingest.document import Document, Page
from bilan_nlp.records import Claim, Mention

PLAN = (
    "Le plan prévoyait 450 recrutements d'ici 2027 à Saint-Ouen-sur-Seine.\n\n"
    "En 2024, 300 agents ont été recrutés pour un budget de 2M€."
)


@dataclass
class FakeExtraction:
    """The shape ``bilan_nlp.extract.Extraction`` has, built by hand."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def _at(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def plan_extraction(doc_id: str = "plan-2024", text: str = PLAN) -> FakeExtraction:
    """Two pages, four mentions, a commitment and an outcome."""
    cut = text.index("En 2024")
    document = Document(
        id=doc_id,
        text=text,
        pages=[Page(1, text[:cut]), Page(2, text[cut:])],
        page_starts=[0, cut],
        meta={"issuer": "Ville de Saint-Ouen", "year_covered": "2023-2024", "year_published": 2025, "kind": "bilan"},
    )
    mentions = []
    for kind, surface, value, unit in [
        ("headcount", "450 recrutements", 450.0, "recrutements"),
        ("place", "Saint-Ouen-sur-Seine", "Saint-Ouen-sur-Seine", None),
        ("headcount", "300 agents", 300.0, "agents"),
        ("amount", "2M€", 2_000_000.0, "EUR"),
    ]:
        s, e = _at(text, surface)
        mentions.append(Mention(doc_id, kind, surface, s, e, document.page_of(s), "", value, None, unit, rule="test"))
    first, second = text[:cut].strip(), text[cut:].strip()
    claims = [
        Claim(doc_id, "c1", "commitment", first, 0, len(first), 1, "recrutements", 450.0, "recrutements",
              deadline="2027", cues=["prévoyait", "d'ici"], mention_indexes=[0, 1]),
        Claim(doc_id, "o1", "outcome", second, cut, cut + len(second), 2, "recrutements", 300.0, "agents",
              year="2024", mention_indexes=[2, 3]),
    ]
    return FakeExtraction(document, mentions, claims)


def test_store_then_query_by_kind(tmp_path: Path) -> None:
    path = tmp_path / "corpus.duckdb"
    assert db.store([plan_extraction()], path) == 1
    amounts = db.query(path, "SELECT text, value, unit, page FROM mentions WHERE kind = 'amount'")
    assert amounts.to_dict("records") == [{"text": "2M€", "value": 2_000_000.0, "unit": "EUR", "page": 2}]
    doc = db.query(path, "SELECT issuer, year_covered, year_published, pages, chars FROM documents").iloc[0]
    assert (doc.issuer, doc.year_covered, doc.year_published, doc.pages, doc.chars) == (
        "Ville de Saint-Ouen", 2024, 2025, 2, len(PLAN))


def test_place_names_go_to_value_text(tmp_path: Path) -> None:
    path = tmp_path / "corpus.duckdb"
    db.store([plan_extraction()], path)
    row = db.query(path, "SELECT value, value_text FROM mentions WHERE kind = 'place'").iloc[0]
    assert row.value_text == "Saint-Ouen-sur-Seine"
    assert row.value != row.value  # NaN: a place has no number


def test_storing_again_replaces_rather_than_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "corpus.duckdb"
    db.store([plan_extraction()], path)
    smaller = plan_extraction()
    smaller.mentions = smaller.mentions[:1]
    db.store([smaller], path)
    assert db.query(path, "SELECT count(*) AS n FROM mentions").n[0] == 1
    assert db.query(path, "SELECT count(*) AS n FROM documents").n[0] == 1


def test_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "corpus.duckdb"
    original = plan_extraction()
    db.store([original], path)
    (back,) = db.load(path)
    assert back.document.text == original.document.text
    assert back.document.page_starts == original.document.page_starts
    assert [p.number for p in back.document.pages] == [1, 2]
    assert back.mentions == original.mentions
    assert back.claims == original.claims
    assert back.document.meta["issuer"] == "Ville de Saint-Ouen"


def test_a_failed_write_keeps_the_earlier_rows(tmp_path: Path) -> None:
    path = tmp_path / "corpus.duckdb"
    db.store([plan_extraction()], path)
    broken = plan_extraction()
    broken.mentions[0].start_char = "not an offset"  # type: ignore[assignment]
    with pytest.raises(Exception):
        db.store([broken], path)
    assert db.query(path, "SELECT count(*) AS n FROM mentions").n[0] == 4


# --- incremental sync over files -------------------------------------------

_FIGURE = re.compile(r"(\d+)\s*(agents|recrutements)")


def count_headcounts(path: Path) -> FakeExtraction:
    """A tiny stand-in extractor: headcounts by a regex, for testing sync alone."""
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError("empty document")
    document = Document.from_text(text, id=path.stem)
    document.path = path
    mentions = [
        Mention(path.stem, "headcount", m.group(0), m.start(), m.end(), 1, "", float(m.group(1)), unit=m.group(2))
        for m in _FIGURE.finditer(text)
    ]
    return FakeExtraction(document, mentions)


def test_sync_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("En 2023, 120 agents ont été formés.", encoding="utf-8")
    b.write_text("Le plan prévoit 40 recrutements.", encoding="utf-8")
    path = tmp_path / "corpus.duckdb"
    seen: list[tuple[str, str]] = []

    first = db.sync_corpus([a, b], path, count_headcounts, progress=lambda p, s: seen.append((p.name, s)))
    assert (first.processed, first.skipped, first.failed) == (2, 0, 0)
    assert seen == [("a.txt", "processed"), ("b.txt", "processed")]

    second = db.sync_corpus([a, b], path, count_headcounts)
    assert (second.processed, second.skipped) == (0, 2)
    assert not db.needs_processing(path, a)

    b.write_text("Le plan prévoit 40 recrutements et 15 agents.", encoding="utf-8")
    assert db.needs_processing(path, b)
    third = db.sync_corpus([a, b], path, count_headcounts)
    assert (third.processed, third.skipped) == (1, 1)
    values = db.query(path, "SELECT value FROM mentions WHERE doc_id = 'b' ORDER BY idx").value.tolist()
    assert values == [40.0, 15.0]

    forced = db.sync_corpus([a, b], path, count_headcounts, force=True)
    assert forced.processed == 2


def test_sync_redoes_files_extracted_by_other_code(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("En 2023, 120 agents ont été formés.", encoding="utf-8")
    path = tmp_path / "corpus.duckdb"
    assert db.sync_corpus([a], path, count_headcounts, version="rules-v1").processed == 1
    assert db.sync_corpus([a], path, count_headcounts, version="rules-v1").skipped == 1
    assert db.needs_processing(path, a, version="rules-v2")
    assert db.sync_corpus([a], path, count_headcounts, version="rules-v2").processed == 1
    assert db.query(path, "SELECT version FROM documents").version.tolist() == ["rules-v2"]


def test_code_fingerprint_is_stable_within_a_run() -> None:
    assert db.code_fingerprint() == db.code_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16,64}", db.code_fingerprint())


def test_sync_counts_a_failing_file_and_keeps_going(tmp_path: Path) -> None:
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text("300 agents recrutés.", encoding="utf-8")
    empty.write_text("   ", encoding="utf-8")
    stats = db.sync_corpus([empty, good], tmp_path / "c.duckdb", count_headcounts)
    assert (stats.processed, stats.failed) == (1, 1)
    assert stats.failures == [(empty, "ValueError: empty document")]
    assert stats.errors == [f"{empty}: ValueError: empty document"]
    assert str(stats) == "1 processed, 0 unchanged, 1 failed"


def test_results_are_stored_with_their_quotes(tmp_path: Path) -> None:
    path = tmp_path / "corpus.duckdb"
    db.store([plan_extraction()], path)
    result = {
        "commitment_doc": "plan-2024", "commitment_id": "c1", "metric": "recrutements", "target": 450,
        "unit": "recrutements", "deadline": 2027, "outcome_doc": "plan-2024", "outcome_ids": ["o1"],
        "outcome_value": 300, "status": "pending", "ratio": 300 / 450, "reason": "deadline 2027 not past",
        "quotes": [{"doc": "plan-2024", "page": 2, "text": "300 agents ont été recrutés"}],
    }
    assert db.store_results([result], path) == 1
    row = db.query(path, "SELECT * FROM results").iloc[0]
    assert (row.status, row.deadline, list(row.outcome_ids)) == ("pending", "2027", ["o1"])
    assert row.ratio == pytest.approx(0.6667, abs=1e-4)
    assert '"page": 2' in row.quotes


@pytest.mark.parametrize("doc", ["README.md", "docs/SCHEMA.md"])
def test_documented_queries_run(tmp_path: Path, doc: str) -> None:
    """The two example queries of the README and docs/SCHEMA.md run on the real schema."""
    path = tmp_path / "corpus.duckdb"
    db.store([plan_extraction()], path)
    db.store_results([{"commitment_doc": "plan-2024", "commitment_id": "c1", "status": "not_met", "ratio": 0.2}], path)
    text = (Path(__file__).parents[1] / doc).read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    queries = [q for b in blocks for q in b.split(";") if q.strip()]
    assert len(queries) == 2
    unmet = db.query(path, queries[0])
    assert unmet[["issuer", "year_covered", "commitment_id", "status"]].to_dict("records") == [
        {"issuer": "Ville de Saint-Ouen", "year_covered": 2024, "commitment_id": "c1", "status": "not_met"}]
    amounts = db.query(path, queries[1])
    assert amounts.total_eur.tolist() == [2_000_000.0]
