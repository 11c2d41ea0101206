"""`bilan extract` on the bundled corpus: tables in every format, gold JSON, and a bad file in a batch."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from bilan_nlp.cli import app
from conftest import CORPUS

SEED = CORPUS / "003_2104fbaaf372e53a.txt"
runner = CliRunner()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".jsonl"])
def test_extract_writes_a_table(tmp_path, suffix):
    out = tmp_path / f"mentions{suffix}"
    result = runner.invoke(app, ["extract", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        frame = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    elif suffix == ".parquet":
        frame = pd.read_parquet(out)
    elif suffix == ".xlsx":
        frame = pd.read_excel(out)
    else:
        frame = pd.read_json(out, lines=True)
    assert {"doc", "kind", "text", "value", "page", "start_char", "end_char", "sentence"} <= set(frame.columns)
    assert set(frame["kind"]) >= {"headcount", "quantity", "percentage", "date"}
    row = frame[frame["text"] == "36 809 actions"].iloc[0]
    assert row["value"] == 36809 and row["kind"] == "quantity"
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_gold_json_is_one_file_per_document_in_the_gold_format(tmp_path):
    result = runner.invoke(app, ["extract", str(SEED), "--format", "gold-json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    payload = json.loads((tmp_path / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    assert payload["doc"] == SEED.stem and payload["source"] == SEED.name
    assert {"entities", "claims", "links"} <= set(payload)
    pct = [e for e in payload["entities"] if e["kind"] == "percentage" and e["text"] == "55,10 %"]
    assert pct == [{"kind": "percentage", "text": "55,10 %", "value": 55.1, "unit": "%"}]


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not a pdf at all")
    good = tmp_path / "note.txt"
    good.write_text("En 2023, 120 agents ont été formés.", encoding="utf-8")
    out = tmp_path / "m.csv"
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    assert "scan.pdf" in result.output
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert frame[frame["kind"] == "headcount"]["value"].tolist() == [120]
