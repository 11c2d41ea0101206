"""Bad input: each kind of broken file raises its own IngestError, naming the file."""
from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter

from bilan_nlp.ingest import (
    CorruptPDFError,
    EmptyDocumentError,
    EncryptedPDFError,
    IngestError,
    NoTextLayerError,
    PageLimitError,
    TimeLimitError,
    UnsupportedFileError,
    load,
    load_many,
)
from bilan_nlp.ingest.worker import run_isolated

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GOOD_PDF = CORPUS / "pdf" / "003_2104fbaaf372e53a-pdf.pdf"


def raises(error: type[IngestError], path: Path, **kwargs) -> IngestError:
    with pytest.raises(error) as info:
        load(path, **kwargs)
    assert path.name in str(info.value)
    assert isinstance(info.value, IngestError)
    return info.value


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter(clone_from=GOOD_PDF)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "rapport chiffré.pdf"
    writer.write(path)
    assert "decrypt" in str(raises(EncryptedPDFError, path))


def test_pdf_with_only_an_owner_password_opens_like_in_a_viewer(tmp_path):
    writer = PdfWriter(clone_from=GOOD_PDF)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "protégé.pdf"
    writer.write(path)
    assert "Bilan des actions menées par le service social" in load(path).text


def test_truncated_pdf(tmp_path):
    data = GOOD_PDF.read_bytes()
    path = tmp_path / "coupé.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in str(raises(CorruptPDFError, path))


def test_corrupt_pdf_body(tmp_path):
    path = tmp_path / "abîmé.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    raises(CorruptPDFError, path)


def test_zero_byte_file(tmp_path):
    for name in ("vide.pdf", "vide.txt"):
        path = tmp_path / name
        path.write_bytes(b"")
        raises(EmptyDocumentError, path)


def test_text_file_with_only_blank_lines(tmp_path):
    path = tmp_path / "blanc.md"
    path.write_text("\n \n\t\n", encoding="utf-8")
    raises(EmptyDocumentError, path)


def test_pdf_with_a_blank_page_only(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    path = tmp_path / "page blanche.pdf"
    pdf.output(str(path))
    raises(EmptyDocumentError, path)


def test_scanned_pdf_without_text_layer(tmp_path):
    image = tmp_path / "scan.png"
    Image.new("RGB", (400, 560), (245, 245, 240)).save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=210)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert "ocrmypdf" in str(raises(NoTextLayerError, path))


def test_png_renamed_pdf(tmp_path):
    path = tmp_path / "photo.pdf"
    Image.new("RGB", (10, 10)).save(path, format="PNG")
    assert "not a PDF" in str(raises(UnsupportedFileError, path))


def test_docx_is_not_read(tmp_path):
    path = tmp_path / "note.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    raises(UnsupportedFileError, path)


def test_missing_file(tmp_path):
    raises(UnsupportedFileError, tmp_path / "absent.pdf")


def test_page_limit(tmp_path):
    path = tmp_path / "long.pdf"
    shutil.copy(GOOD_PDF, path)
    assert "limit 2" in str(raises(PageLimitError, path, max_pages=2))


def test_time_limit_in_process_is_checked_between_pages(tmp_path):
    path = tmp_path / "lent.pdf"
    shutil.copy(GOOD_PDF, path)
    raises(TimeLimitError, path, timeout=0.0, isolate=False)


def _hang(path: Path):
    time.sleep(60)


def _crash(path: Path):
    os._exit(3)


def test_time_limit_kills_a_stuck_parser(tmp_path):
    path = tmp_path / "bloqué.pdf"
    ((_, result),) = run_isolated([(_hang, path)], workers=1, timeout=0.5)
    assert isinstance(result, TimeLimitError) and path.name in str(result)


def test_a_parser_that_dies_is_reported_as_corrupt(tmp_path):
    path = tmp_path / "plante.pdf"
    ((_, result),) = run_isolated([(_crash, path)], workers=1, timeout=30)
    assert isinstance(result, CorruptPDFError) and "exit code 3" in str(result)


def test_glyphs_without_unicode_map_are_reported_with_their_page(tmp_path):
    import matplotlib

    fonts = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
    pdf = FPDF()
    pdf.add_font("Sans", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("Serif", "", str(fonts / "DejaVuSerif.ttf"))
    for family in ("Sans", "Serif"):
        pdf.add_page()
        pdf.set_font(family, "", 12)
        pdf.multi_cell(0, 8, "Le Département a investi 2 millions d'euros en 2022 dans la rénovation des sites.")
    source = tmp_path / "source.pdf"
    pdf.output(str(source))
    writer = PdfWriter(clone_from=source)
    for ref in writer.pages[1]["/Resources"]["/Font"].values():  # page 2's font loses its ToUnicode map
        if "Serif" in str(ref.get_object()["/BaseFont"]):
            ref.get_object().pop("/ToUnicode", None)
    path = tmp_path / "sans_unicode.pdf"
    writer.write(path)
    doc = load(path)
    assert "(cid:" not in doc.text
    assert [w for w in doc.warnings if w.startswith("page 2:") and "cid" in w]
    assert not [w for w in doc.warnings if w.startswith("page 1:")]
    assert "rénovation des sites" in doc.pages[0].text


def test_a_pdf_whose_only_text_is_unmapped_glyphs_asks_for_ocr(tmp_path):
    import matplotlib

    font = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf = FPDF()
    pdf.add_font("Sans", "", str(font))
    pdf.add_page()
    pdf.set_font("Sans", "", 12)
    pdf.multi_cell(0, 8, "Le Département a investi 2 millions d'euros.")
    source = tmp_path / "source.pdf"
    pdf.output(str(source))
    writer = PdfWriter(clone_from=source)
    for ref in writer.pages[0]["/Resources"]["/Font"].values():
        ref.get_object().pop("/ToUnicode", None)
    path = tmp_path / "illisible.pdf"
    writer.write(path)
    assert "cid" in str(raises(NoTextLayerError, path))


def test_a_batch_goes_on_after_a_failure(tmp_path):
    bad = tmp_path / "photo.pdf"
    Image.new("RGB", (10, 10)).save(bad, format="PNG")
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    paths = [bad, GOOD_PDF, empty, CORPUS / "000_e2c634efc5a45156.txt"]
    results = list(load_many(paths, workers=2))
    assert [p for p, _ in results] == paths
    kinds = [type(r).__name__ for _, r in results]
    assert kinds == ["UnsupportedFileError", "Document", "EmptyDocumentError", "Document"]


def test_overprinted_fake_bold_is_not_read_twice(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    for dx in (0.0, 0.3):  # the same line printed twice, slightly shifted
        pdf.text(20 + dx, 30, "Bilan des actions menees en 2021")
    pdf.text(20, 45, "Le service social a conduit 36 809 actions.")
    path = tmp_path / "gras.pdf"
    pdf.output(str(path))
    text = load(path).text
    assert text.startswith("Bilan des actions menees en 2021") and text.count("Bilan") == 1
    assert "36 809 actions." in text
