"""Render the two seed reports as realistic PDFs, to test and benchmark ingestion.

Two independent writers, so ingestion is not tuned to one generator:

- fpdf2 (``*-pdf.pdf``): DejaVu Sans with ﬁ/ﬂ ligature characters, our own
  justified line breaking with syllable hyphenation at line ends, running
  header and footer ("Page N / M"), bullets (❖ / •), headings, one section in
  two columns, the seed's tab table drawn as a ruled table with a header row,
  typographic apostrophes and narrow no-break spaces in numbers.
- reportlab (``*-pdf-reportlab.pdf``): Helvetica, reportlab's own justification
  (no hyphenation), header/footer drawn by the page template, a two-frame
  (two-column) page template for one section, a grid table.

The text rendered is the seed's cleaned text (``clean_text``); the tests check
that ingesting each PDF gives it back. A few words are split at a line end on
purpose (``FORCED_SPLITS``) so the hyphen-repair cases really occur.

Run: .venv/bin/python scripts/make_pdfs.py   (writes corpus/pdf/*.pdf)
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from bilan_nlp.ingest.clean import clean_text  # noqa: E402

OUT = ROOT / "corpus" / "pdf"
FONTS = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
DATE = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
VOWELS = set("aeiouyàâäéèêëîïôöùûüœ")
KEEP_TOGETHER = {"ch", "ph", "th", "gn", "qu", "gu"}


@dataclass
class Seed:
    file: str
    header: str
    footer: str
    bullet: str
    two_columns: tuple[str, str] | None  # (first heading, heading after the section)
    forced: dict[str, str] = field(default_factory=dict)  # word -> its part before the break


SEEDS = [
    Seed(
        "000_e2c634efc5a45156.txt",
        header="Département de la Seine-Saint-Denis – Pôle Solidarités",
        footer="Attractivité du travail social – bilan 2022-2024",
        bullet="•",
        two_columns=("Axe 2 :", "Axe 3 :"),
        forced={"Noisy-le-Grand": "Noisy-le-", "socio-éducatif": "socio-", "Saint-Ouen": "Saint-",
                "désinsertion": "désinser", "professionnels": "profession"},
    ),
    Seed(
        "003_2104fbaaf372e53a.txt",
        header="Ministère de la Transition écologique et de la Cohésion des territoires",
        footer="Bilan national du service social 2021",
        bullet="❖",
        two_columns=None,
        forced={"désinsertion": "désinser", "médico-sociaux": "médico-", "télétravail": "télé"},
    ),
]


# ---------------------------------------------------------------- text model
@dataclass
class Block:
    kind: str  # "para" | "item" | "heading" | "line" | "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def blocks_of(text: str) -> list[Block]:
    """Cleaned text → typed blocks (a paragraph, a list item, a heading, a table)."""
    out: list[Block] = []
    for chunk in text.split("\n\n"):
        lines = chunk.split("\n")
        if all("\t" in line for line in lines):
            out.append(Block("table", rows=[line.split("\t") for line in lines]))
            continue
        short = len(lines) > 1 and all(len(line) < 40 and not line.startswith("• ") for line in lines)
        for line in lines:
            if line.startswith("• "):
                out.append(Block("item", line[2:]))
            elif short:
                out.append(Block("line", line))
            elif len(line) < 110 and not re.search(r"[.:;!?…]$", line):
                out.append(Block("heading", line))
            else:
                out.append(Block("para", line))
    return out


def typographic(text: str) -> str:
    """Back to print typography: ’ apostrophes, narrow no-break space in numbers, ligatures."""
    text = text.replace("'", "\u2019")
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "\u202f", text)
    return text.replace("fi", "\ufb01").replace("fl", "\ufb02")


def split_points(word: str) -> list[int]:
    """Syllable-ish hyphenation points of a lower-case French word (V-CV, VC-CV)."""
    if not word.isalpha() or not word.islower() or len(word) < 7:
        return []
    pts = []
    for i in range(3, len(word) - 3):
        a, b, c = word[i - 1], word[i], word[i + 1]
        if a in VOWELS and b not in VOWELS and c in VOWELS:
            pts.append(i)
        elif (a not in VOWELS and b not in VOWELS and word[i - 2] in VOWELS and c in VOWELS
              and a + b not in KEEP_TOGETHER and b not in "lr"):
            pts.append(i)
    return pts


# ---------------------------------------------------------------- fpdf2 writer
class Typesetter:
    """Just enough of a typesetter: frames, justified lines, hyphenation."""

    W, H = 595.28, 841.89
    MARGIN, TOP, BOTTOM = 56.0, 70.0, 780.0
    GUTTER = 24.0

    def __init__(self, seed: Seed, total: int = 0) -> None:
        self.seed = seed
        self.total = total  # pages, known after a first pass
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_creation_date(DATE)
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.forced = dict(seed.forced)
        self.frames: list[tuple[float, float]] = []
        self.frame = 0
        self.y = self.TOP
        self.columns = 1

    # pages and frames
    def new_page(self, columns: int | None = None) -> None:
        self.columns = columns or self.columns
        pdf = self.pdf
        pdf.add_page()
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(90, 90, 90)
        pdf.text(self.MARGIN, 40, self.seed.header)
        pdf.line(self.MARGIN, 46, self.W - self.MARGIN, 46)
        pdf.text(self.MARGIN, 812, self.seed.footer)
        label = f"Page {pdf.page_no()} / {self.total}"
        pdf.text(self.W - self.MARGIN - pdf.get_string_width(label), 812, label)
        pdf.set_text_color(0, 0, 0)
        width = self.W - 2 * self.MARGIN
        if self.columns == 2:
            col = (width - self.GUTTER) / 2
            self.frames = [(self.MARGIN, self.MARGIN + col), (self.MARGIN + col + self.GUTTER, self.W - self.MARGIN)]
        else:
            self.frames = [(self.MARGIN, self.W - self.MARGIN)]
        self.frame = 0
        self.y = self.TOP

    def ensure(self, height: float) -> None:
        if self.y + height <= self.BOTTOM:
            return
        if self.frame + 1 < len(self.frames):
            self.frame += 1
            self.y = self.TOP
        else:
            self.new_page()

    # text
    def width(self, s: str) -> float:
        return self.pdf.get_string_width(s)

    def _break(self, words: list[str], avail: float) -> list[tuple[list[str], bool]]:
        """Greedy line breaking with hyphenation; (words, justify?) per line."""
        lines: list[tuple[list[str], bool]] = []
        cur: list[str] = []
        space = self.width(" ")
        queue = list(words)
        while queue:
            w = queue.pop(0)
            cur_w = self.width(" ".join(cur))
            plain = w.translate({0xFB01: "fi", 0xFB02: "fl", 0x2019: "'"})
            key = next((f for f in self.forced if plain.startswith(f)), None)
            if key and cur and cur_w > 0.15 * avail:
                head = self.forced[key]
                head_t = typographic(head)
                first = head_t if head_t.endswith("-") else head_t + "-"
                if cur_w + space + self.width(first) <= avail:
                    del self.forced[key]
                    lines.append((cur + [first], False))
                    cur = []
                    queue.insert(0, w[len(head_t):])
                    continue
            if not cur or cur_w + space + self.width(w) <= avail:
                cur.append(w)
                continue
            best = None
            if "-" in w[:-1]:
                for i, ch in enumerate(w[:-1]):
                    if ch == "-" and cur_w + space + self.width(w[: i + 1]) <= avail:
                        best = (w[: i + 1], w[i + 1:])
            for i in split_points(plain):
                # map the split index on the plain word to the typographic one
                j = len(typographic(plain[:i]))
                if cur_w + space + self.width(w[:j] + "-") <= avail:
                    best = (w[:j] + "-", w[j:])
            if best:
                lines.append((cur + [best[0]], True))
                cur = []
                queue.insert(0, best[1])
            else:
                lines.append((cur, True))
                cur = [w]
        if cur:
            lines.append((cur, False))
        return lines

    def draw_lines(self, text: str, size: float, bold: bool, indent: float = 0.0,
                   bullet: str | None = None, justify: bool = True, after: float = 8.0) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "B" if bold else "", size)
        lead = size * 1.35
        x0, x1 = self.frames[self.frame]
        avail = x1 - x0 - indent
        lines = self._break(typographic(text).split(), avail)
        for k, (words, can_justify) in enumerate(lines):
            self.ensure(lead)
            x0, x1 = self.frames[self.frame]
            base = self.y + size
            if bullet and k == 0:
                pdf.text(x0 + indent - 12, base, bullet)
            natural = self.width(" ".join(words))
            gaps = len(words) - 1
            extra = (avail - natural) / gaps if justify and can_justify and gaps else 0.0
            if extra > 12:
                extra = 0.0
            x = x0 + indent
            for w in words:
                pdf.text(x, base, w)
                x += self.width(w) + self.width(" ") + extra
            self.y += lead
        self.y += after

    def table(self, rows: list[list[str]]) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "", 10)
        self.ensure(20 * len(rows) + 10)
        x0, x1 = self.frames[self.frame]
        pdf.set_xy(x0, self.y + 4)
        with pdf.table(width=min(260, x1 - x0), align="LEFT", first_row_as_headings=True,
                       line_height=16, text_align="LEFT") as table:
            for row in rows:
                r = table.row()
                for cell in row:
                    r.cell(typographic(cell))
        self.y = pdf.y + 12

    def render(self, blocks: list[Block]) -> FPDF:
        self.new_page(1)
        start, stop = self.seed.two_columns or (None, None)
        previous = ""
        for b in blocks:
            if previous == "item" and b.kind != "item":
                self.y += 4
            previous = b.kind
            if b.kind == "heading" and start and b.text.startswith(start):
                self.new_page(2)
            elif b.kind == "heading" and stop and b.text.startswith(stop) and self.columns == 2:
                self.new_page(1)
            if b.kind == "heading":
                self.ensure(40)
                self.y += 4
                self.draw_lines(b.text, 11.5, True, justify=False, after=8)
            elif b.kind == "item":
                self.draw_lines(b.text, 10, False, indent=14, bullet=self.seed.bullet, after=4)
            elif b.kind == "line":
                self.draw_lines(b.text, 10, False, justify=False, after=0.5)
            elif b.kind == "table":
                self.table(b.rows)
            else:
                self.draw_lines(b.text, 10, False, after=8)
        return self.pdf


def make_fpdf(seed: Seed, out: Path) -> None:
    text = clean_text((ROOT / "corpus" / seed.file).read_text(encoding="utf-8"))
    blocks = blocks_of(text)
    total = Typesetter(seed).render(blocks).page_no()
    Typesetter(seed, total).render(blocks).output(str(out))


# ---------------------------------------------------------------- reportlab writer
def make_reportlab(seed: Seed, out: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                    Paragraph, Spacer, Table, TableStyle)

    text = clean_text((ROOT / "corpus" / seed.file).read_text(encoding="utf-8"))
    w, h = A4
    m = 62

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Oblique", 8)
        canvas.drawString(m, h - 38, seed.footer)
        canvas.drawRightString(w - m, h - 38, seed.header.split(" – ")[0][:60])
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(w / 2, 30, f"- {doc.page} -")
        canvas.restoreState()

    one = Frame(m, 50, w - 2 * m, h - 110, id="one")
    col = (w - 2 * m - 18) / 2
    two = [Frame(m, 50, col, h - 110, id="left"), Frame(m + col + 18, 50, col, h - 110, id="right")]
    doc = BaseDocTemplate(str(out), pagesize=A4, invariant=1, title=seed.footer,
                          pageTemplates=[PageTemplate("one", [one], onPage=decorate),
                                         PageTemplate("two", two, onPage=decorate)])
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5, alignment=TA_JUSTIFY, spaceAfter=7)
    item = ParagraphStyle("item", parent=body, leftIndent=14, bulletIndent=2, spaceAfter=3)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=6)
    line = ParagraphStyle("line", parent=body, spaceAfter=0, alignment=0)
    story: list = []
    start, stop = seed.two_columns or (None, None)
    for b in blocks_of(text):
        t = escape(b.text.replace("'", "\u2019"))
        if b.kind == "heading" and start and b.text.startswith(start):
            story += [NextPageTemplate("two"), PageBreak()]
        elif b.kind == "heading" and stop and b.text.startswith(stop):
            story += [NextPageTemplate("one"), PageBreak()]
        if b.kind == "heading":
            story.append(Paragraph(t, head))
        elif b.kind == "item":
            story.append(Paragraph(t, item, bulletText="-" if seed.bullet == "•" else "•"))
        elif b.kind == "line":
            story.append(Paragraph(t, line))
        elif b.kind == "table":
            tbl = Table(b.rows, hAlign="LEFT", colWidths=[120, 90])
            tbl.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"),
                                     ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                                     ("FONTSIZE", (0, 0), (-1, -1), 9.5)]))
            story += [Spacer(1, 4), tbl, Spacer(1, 8)]
        else:
            story.append(Paragraph(t, body))
    doc.build(story)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        stem = Path(seed.file).stem
        for suffix, make in (("-pdf", make_fpdf), ("-pdf-reportlab", make_reportlab)):
            path = OUT / f"{stem}{suffix}.pdf"
            make(seed, path)
            print(f"{path.relative_to(ROOT)}  {os.path.getsize(path) // 1024} KB")


if __name__ == "__main__":
    main()
