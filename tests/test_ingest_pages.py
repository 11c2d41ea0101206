"""Text dumps without form feeds: page labels cut pages, so running headers go away."""
from __future__ import annotations

from bilan_nlp.ingest import load
from bilan_nlp.ingest.clean import split_pages

DUMP = """Département du Nord – Rapport d'activité – juin 2023
Le service a accompagné 1 200 personnes en 2022, contre 1 050 en 2021.
                                                              – 1 –
Département du Nord – Rapport d'activité – juin 2023
Les dépenses ont atteint 3,2 M€, soit une hausse de 4 %.
                                                              – 2 –
Département du Nord – Rapport d'activité – juin 2023
Perspectives : ouvrir deux antennes d'ici 2025.
                                                              Page 3 / 3
"""


def test_page_labels_cut_pages():
    assert len(split_pages(DUMP)) == 3
    assert len(split_pages("une ligne\f une autre")) == 2


def test_running_header_and_page_numbers_are_removed(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_text(DUMP, encoding="utf-8")
    doc = load(path)
    assert len(doc.pages) == 3
    assert "juin 2023" not in doc.text and "– 2 –" not in doc.text and "Page 3" not in doc.text
    assert doc.page_of(doc.text.index("3,2 M€")) == 2
