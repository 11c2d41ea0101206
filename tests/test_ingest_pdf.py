"""PDF ingestion on the generated renderings of the two seeds (corpus/pdf/).

Each test first checks that the PDF really has the difficulty (a word split at
a line end, columns a naive reader interleaves, a running footer on every
page…) so that it cannot pass on an easy file.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest
from rapidfuzz import fuzz

from bilan_nlp.ingest import load
from bilan_nlp.ingest.clean import clean_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PDFS = sorted((CORPUS / "pdf").glob("*.pdf"))
SEED_000 = [p for p in PDFS if p.name.startswith("000_")]
SEED_003 = [p for p in PDFS if p.name.startswith("003_")]
FPDF = [p for p in PDFS if p.stem.endswith("-pdf")]


def fold(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=None)
def ingested(path: Path):
    return load(path)


@lru_cache(maxsize=None)
def raw_pages(path: Path) -> list[str]:
    """What pdfplumber's plain extract_text gives, page by page (the naive reading)."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def seed_text(pdf: Path) -> str:
    stem = pdf.name.split("-pdf")[0]
    return clean_text((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def generator():
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "scripts" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_pdfs", module)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_has_pdfs_of_both_seeds_from_two_writers():
    assert len(SEED_000) == 2 and len(SEED_003) == 2
    assert any("reportlab" in p.name for p in SEED_000) and FPDF


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_pdf_text_matches_the_seed_text(pdf):
    doc = ingested(pdf)
    assert doc.id == pdf.stem
    similarity = fuzz.ratio(fold(doc.text), fold(seed_text(pdf))) / 100
    assert similarity >= 0.98, similarity


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_running_header_and_footer_are_not_in_the_body(pdf):
    pages = raw_pages(pdf)
    assert len(pages) >= 3
    # the fixture repeats a footer with the page number on every page
    assert all(re.search(rf"(Page {n} / {len(pages)}|- {n} -)", text) for n, text in enumerate(pages, 1))
    doc = ingested(pdf)
    for seed in generator().SEEDS:
        if pdf.name.startswith(seed.file[:20]):
            assert seed.footer in pages[0]
            assert seed.footer not in doc.text
            assert seed.header.split(" – ")[0] not in doc.text.replace(seed_text(pdf), "")
    assert not re.search(r"Page \d+ / \d+|- \d+ -", doc.text)
    assert doc.meta["running_lines_removed"] >= len(pages)


@pytest.mark.parametrize("pdf", FPDF, ids=lambda p: p.name)
def test_ligatures_are_expanded(pdf):
    with pdfplumber.open(pdf) as doc:  # the PDF's own characters are ligature glyphs
        assert any(c["text"] in ("\ufb01", "\ufb02") for c in doc.pages[0].chars)
    text = ingested(pdf).text
    assert "\ufb01" not in text and "\ufb02" not in text
    assert "fi" in text


@pytest.mark.parametrize("pdf", SEED_000, ids=lambda p: p.name)
def test_compound_place_names_split_at_a_line_end_keep_their_hyphen(pdf):
    doc = ingested(pdf)
    assert "Noisy-le- Grand" not in doc.text and "Noisy-leGrand" not in doc.text
    assert doc.text.count("Noisy-le-Grand") == seed_text(pdf).count("Noisy-le-Grand") == 2
    assert doc.text.count("Saint-Ouen") == seed_text(pdf).count("Saint-Ouen")
    assert doc.text.count("socio-éducatif") == seed_text(pdf).count("socio-éducatif")


def test_fpdf_fixture_really_splits_those_words_at_line_ends():
    text = "\n".join(raw_pages(CORPUS / "pdf" / "000_e2c634efc5a45156-pdf.pdf"))
    assert "Noisy-le-\nGrand" in text
    assert "socio-\néducatif" in text
    assert "profession-\nnels" in text
    text = "\n".join(raw_pages(CORPUS / "pdf" / "003_2104fbaaf372e53a-pdf.pdf"))
    assert "désinser-\ntion" in text


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_words_split_by_hyphenation_are_rejoined(pdf):
    text = ingested(pdf).text
    assert not re.search(r"désinser-\s*tion", text)
    assert not re.search(r"\b[a-zéèà]{3,}- [a-zéèà]{2,}\b", text), re.findall(r"\b[a-zéèà]{3,}- [a-zéèà]{2,}\b", text)
    assert text.count("désinsertion") == seed_text(pdf).count("désinsertion")


@pytest.mark.parametrize("pdf", SEED_000, ids=lambda p: p.name)
def test_two_column_page_is_read_left_column_then_right(pdf):
    doc = ingested(pdf)
    assert doc.meta["columns_pages"], "no page was recognised as two columns"
    page = doc.meta["columns_pages"][0]
    # the naive reading interleaves the columns: it does not hold this sentence in one piece
    sentence = ("Ce chiffre avait été construit en estimant le turn-over à 100 départs par an dans les deux "
                "services (soit 300 départs)")
    assert sentence not in fold(raw_pages(pdf)[page - 1])
    assert sentence in doc.text
    left = doc.text.index("Le plan d'action de 2022 prévoyait de réaliser 450 recrutements")
    right = doc.text.index("Entre le début de l'année 2022 et la fin de l'année 2024")
    assert left < right
    assert doc.page_of(left) == page


@pytest.mark.parametrize("pdf", SEED_003, ids=lambda p: p.name)
def test_table_is_found_with_its_header_row_and_kept_in_the_text(pdf):
    doc = ingested(pdf)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.rows[0] == ["Actions", "Nombres"]
    assert ["Individuelles", "- 3 881"] in table.rows
    assert table.bbox is not None and table.page == doc.page_of(doc.text.index("Actions\tNombres"))
    assert "Actions\tNombres\nIndividuelles\t- 3 881\nManagers\t- 462\nCollectives\t- 28" in doc.text
    assert doc.text.count("Individuelles") == 1  # table text not also left in the body


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_page_of_gives_the_page_where_pdfplumber_sees_the_phrase(pdf):
    doc = ingested(pdf)
    pages = [fold(t).replace("\u2019", "'") for t in raw_pages(pdf)]
    checked = 0
    for paragraph in doc.text.split("\n\n")[::3]:
        phrase = fold(paragraph)[:40]
        where = [n for n, t in enumerate(pages, 1) if phrase in t]
        if len(phrase) == 40 and len(where) == 1 and doc.text.count(phrase) == 1:
            assert doc.page_of(doc.text.index(phrase)) == where[0], phrase
            checked += 1
    assert checked >= 5
    assert doc.page_of(len(doc.text) - 1) == len(doc.pages)


def test_sentence_across_a_page_break_is_joined_and_mapped_to_both_pages():
    pdf = CORPUS / "pdf" / "000_e2c634efc5a45156-pdf.pdf"
    doc = ingested(pdf)
    joined = [i for i in range(1, len(doc.pages)) if doc.text[doc.page_starts[i] - 2:doc.page_starts[i]] != "\n\n"]
    assert joined, "no paragraph runs over a page break in this fixture"
    i = joined[0]
    start = doc.page_starts[i]
    assert doc.page_of(start - 1) == i and doc.page_of(start) == i + 1


def test_words_drawn_from_several_font_subsets_stay_whole(tmp_path):
    """matplotlib writes Type 3 fonts and draws ’ and the ff ligature from other subsets."""
    import textwrap

    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    body = ("Le plan d'action de 2022 prévoyait de réaliser 450 recrutements au service social et à "
            "l'aide sociale à l'enfance en 3 ans. Ce chiffre avait été construit en estimant le turn-over "
            "à 100 départs par an.").replace("'", "\u2019")
    path = tmp_path / "matplotlib.pdf"
    with PdfPages(path) as pages:
        for n in (1, 2):
            fig = plt.figure(figsize=(8.27, 11.69))
            fig.text(0.1, 0.95, "Rapport annuel 2024 – Département", fontsize=8)
            fig.text(0.1, 0.85, "\n".join(textwrap.wrap(body, 90)), fontsize=10, va="top")
            fig.text(0.5, 0.03, f"Page {n} / 2", fontsize=8)
            pages.savefig(fig)
            plt.close(fig)
    doc = load(path)
    expected = body.replace("\u2019", "'")
    assert doc.pages[0].text == expected and doc.pages[1].text == expected


def test_pages_split_over_two_processes_give_the_same_document(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in FPDF * 2:
        writer.append(str(pdf))
    path = tmp_path / "recueil.pdf"
    writer.write(path)
    whole = load(path, workers=1)
    split = load(path, workers=2)
    assert len(whole.pages) >= 12
    assert split.text == whole.text
    assert split.page_starts == whole.page_starts
    assert [t.rows for t in split.tables] == [t.rows for t in whole.tables]
    assert load(path, isolate=False).text == whole.text
