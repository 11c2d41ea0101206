"""load / load_many / iter_inputs on text files, and the page map of a Document."""
from __future__ import annotations

from pathlib import Path

from bilan_nlp.ingest import Document, iter_inputs, load, load_many
from bilan_nlp.ingest.errors import UnsupportedFileError

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_txt_seed_loads_with_its_stem_as_id():
    doc = load(CORPUS / "000_e2c634efc5a45156.txt")
    assert isinstance(doc, Document)
    assert doc.id == "000_e2c634efc5a45156"
    assert doc.meta["format"] == "txt"
    assert [p.number for p in doc.pages] == [1]
    assert doc.page_of(len(doc.text) - 1) == 1
    assert "450 recrutements au service social" in doc.text


def test_form_feeds_are_pages_and_page_of_maps_offsets_back(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_text(
        "Rapport annuel\nLe Département a recruté 45 agents.\n1\f"
        "Rapport annuel\nLes dépenses ont atteint 2,4M€ en 2023.\n2\f"
        "Rapport annuel\nL'objectif est fixé à 60 projets d'ici 2027.\n3",
        encoding="utf-8",
    )
    doc = load(path)
    assert len(doc.pages) == 3
    assert "Rapport annuel" not in doc.text
    for n, phrase in ((1, "45 agents"), (2, "2,4M€"), (3, "60 projets")):
        assert doc.page_of(doc.text.index(phrase)) == n
        assert phrase in doc.pages[n - 1].text


def test_paragraph_running_over_a_form_feed_is_joined_on_the_page_boundary(tmp_path):
    path = tmp_path / "suite.txt"
    path.write_text("Premier paragraphe complet.\n\nLes travaux ont été réalisés dans\f"
                    "huit circonscriptions en 2024.", encoding="utf-8")
    doc = load(path)
    assert "réalisés dans huit circonscriptions" in doc.text
    start = doc.page_starts[1]
    assert doc.text[start:].startswith("huit")
    assert doc.page_of(doc.text.index("réalisés")) == 1 and doc.page_of(doc.text.index("huit")) == 2


def test_word_split_over_a_form_feed_loses_its_hyphen(tmp_path):
    path = tmp_path / "coupe.txt"
    path.write_text("la prévention de la désinser-\ftion professionnelle.", encoding="utf-8")
    doc = load(path)
    assert doc.text == "la prévention de la désinsertion professionnelle."
    assert doc.pages[0].text.endswith("désinser") and doc.pages[1].text.startswith("tion")


def test_markdown_file(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Perspectives 2022\n\n- ❖ **Renforcer** les interventions du service social\n", encoding="utf-8")
    doc = load(path)
    assert doc.text == "Perspectives 2022\n\n• Renforcer les interventions du service social"
    assert doc.meta["format"] == "md"


def test_windows_encoded_text_is_read_with_a_warning(tmp_path):
    path = tmp_path / "ancien.txt"
    path.write_bytes("Près de 350 affiches ont été installées.".encode("cp1252"))
    doc = load(path)
    assert doc.text == "Près de 350 affiches ont été installées."
    assert doc.warnings == ["decoded as cp1252, not UTF-8"]


def test_iter_inputs_expands_folders_sorted_and_skips_notes(tmp_path):
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("x", encoding="utf-8")
    assert [p.name for p in iter_inputs([tmp_path])] == ["a.txt", "b.pdf"]
    assert [p.name for p in iter_inputs([tmp_path], recursive=True)] == ["a.txt", "b.pdf", "c.md"]
    assert iter_inputs([tmp_path / "image.png"]) == [tmp_path / "image.png"]  # named files are kept


def test_corpus_folder_lists_each_report_once():
    assert [p.name for p in iter_inputs([CORPUS])] == ["000_e2c634efc5a45156.txt", "003_2104fbaaf372e53a.txt"]


def test_load_many_yields_documents_and_errors_in_order(tmp_path):
    odd = tmp_path / "tableau.xlsx"
    odd.write_bytes(b"PK")
    paths = [CORPUS / "003_2104fbaaf372e53a.txt", odd]
    results = list(load_many(paths))
    assert results[0][1].id == "003_2104fbaaf372e53a"
    assert isinstance(results[1][1], UnsupportedFileError)
