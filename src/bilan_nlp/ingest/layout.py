"""One pdfplumber page → raw text lines in reading order, plus its tables.

What this module decides, from geometry only:

- lines: words grouped by their vertical centre, sorted left to right; a gap
  wider than ``TAB_GAP`` × the word height becomes a tab (an unruled table cell);
- paragraphs: a vertical gap clearly larger than the page's usual leading
  becomes a blank line;
- columns: a vertical band in the middle third that no line crosses, with text
  running up to it on the left and starting from it on the right, is a gutter:
  the left column is read before the right one (full-width rows above or below
  stay in place);
- tables: pdfplumber's ``find_tables`` (ruled tables); their characters are
  taken out of the body and the table is written back, at its place, as one
  tab-separated line per row.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

TAB_GAP = 2.0  # gap / word height above which two words are in different cells
PARA_GAP = 0.6  # extra leading (× the usual leading) that makes a paragraph break …
PARA_GAP_MIN = 0.25  # … and at least this much (× word height)
GUTTER_MIN = 0.9  # narrowest gutter, × word height
COLUMN_FILL = 0.6  # median share of its column a line fills in a real text column
MIN_COLUMN_ROWS = 3
BLOCK_GAP = 1.8  # vertical gap (× word height) that separates layout blocks


@dataclass
class Row:
    """Words on one visual line (possibly across columns)."""

    words: list[dict]
    top: float = 0.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)


@dataclass
class Segment:
    """A run of text in reading order: lines, or a table's rows."""

    top: float
    lines: list[str] = field(default_factory=list)


def group_rows(words: list[dict]) -> list[Row]:
    """Cluster words into visual lines by vertical centre."""
    rows: list[list[dict]] = []
    centre = -1e9
    height = 0.0
    for w in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        c = (w["top"] + w["bottom"]) / 2
        h = w["bottom"] - w["top"]
        if rows and abs(c - centre) <= 0.4 * max(h, height):
            rows[-1].append(w)
        else:
            rows.append([w])
            centre, height = c, h
    return [Row(r) for r in rows]


def _height(words: list[dict]) -> float:
    return statistics.median(w["bottom"] - w["top"] for w in words) if words else 10.0


def row_text(row: Row, height: float, *, tabs: bool = True) -> str:
    parts = [row.words[0]["text"]]
    for a, b in zip(row.words, row.words[1:]):
        gap = b["x0"] - a["x1"]
        parts.append("\t" if tabs and gap > TAB_GAP * height else " ")
        parts.append(b["text"])
    return "".join(parts)


def _style(row: Row) -> tuple[float, bool]:
    """(font size, all bold?) of a row, from its words' characters when they carry them."""
    chars = [c for w in row.words for c in w.get("chars", ())]
    if not chars:
        return 0.0, False
    size = statistics.median(c.get("size", 0.0) for c in chars)
    bold = all("bold" in str(c.get("fontname", "")).lower() for c in chars if not c["text"].isspace())
    return size, bold


def _new_paragraph(prev: Row, row: Row, lead: float, usual: float, height: float, indented_run: bool) -> bool:
    if lead - usual > max(PARA_GAP_MIN * height, PARA_GAP * usual):
        return True  # clearly more space than between the lines of a paragraph
    (size_a, bold_a), (size_b, bold_b) = _style(prev), _style(row)
    if abs(size_a - size_b) > 0.5 or bold_a != bold_b:
        return True  # a heading and its text differ in size or weight
    # back to the left after two or more indented lines: a list item has ended
    return indented_run and row.x0 < prev.x0 - 0.8 * height


def rows_to_lines(rows: list[Row], height: float) -> list[str]:
    """Rows of one column → text lines, a blank line where a new paragraph starts."""
    if not rows:
        return []
    leads = sorted(b.top - a.bottom for a, b in zip(rows, rows[1:]))
    usual = leads[int(0.2 * (len(leads) - 1))] if leads else 0.0  # tight in-paragraph leading
    lines = [row_text(rows[0], height)]
    start = 0
    for i in range(1, len(rows)):
        prev, row = rows[i - 1], rows[i]
        if _new_paragraph(prev, row, row.top - prev.bottom, usual, height, i - 1 > start):
            lines.append("")
            start = i
        lines.append(row_text(row, height))
    return lines


def _side(row: Row, x: float, gutter: float) -> str:
    """'L', 'R', 'LR' (split by a wide gap at x) or 'X' (a line crosses x)."""
    left = [w for w in row.words if w["x1"] <= x]
    right = [w for w in row.words if w["x0"] >= x]
    if len(left) + len(right) < len(row.words):
        return "X"
    if left and right:
        return "LR" if right[0]["x0"] - left[-1]["x1"] >= gutter else "X"
    return "L" if left else "R"


def _fill_ok(rows: list[Row], x: float) -> bool:
    """Both sides look like text columns: lines run up to / start from the gutter."""
    lefts = [[w for w in r.words if w["x1"] <= x] for r in rows]
    rights = [[w for w in r.words if w["x0"] >= x] for r in rows]
    lefts = [ws for ws in lefts if ws]
    rights = [ws for ws in rights if ws]
    if len(lefts) < MIN_COLUMN_ROWS or len(rights) < MIN_COLUMN_ROWS:
        return False
    l0 = min(ws[0]["x0"] for ws in lefts)
    l1 = max(ws[-1]["x1"] for ws in lefts)
    r0 = min(ws[0]["x0"] for ws in rights)
    r1 = max(ws[-1]["x1"] for ws in rights)
    if l1 <= l0 or r1 <= r0:
        return False
    fill_l = statistics.median((ws[-1]["x1"] - ws[0]["x0"]) / (l1 - l0) for ws in lefts)
    fill_r = statistics.median((ws[-1]["x1"] - ws[0]["x0"]) / (r1 - r0) for ws in rights)
    start_r = statistics.median(abs(ws[0]["x0"] - r0) for ws in rights)
    return fill_l >= COLUMN_FILL and fill_r >= COLUMN_FILL and start_r < 0.1 * (r1 - r0)


def find_gutter(rows: list[Row], page_x0: float, page_x1: float, height: float) -> float | None:
    """x of a column gutter in the middle third of the page, or None."""
    if len(rows) < 2 * MIN_COLUMN_ROWS:
        return None
    width = page_x1 - page_x0
    gutter = GUTTER_MIN * height
    best: tuple[int, float] | None = None
    x = page_x0 + width / 3
    while x <= page_x0 + 2 * width / 3:
        sides = [_side(r, x, gutter) for r in rows]
        crossing = sides.count("X")
        two = sum(s in ("L", "LR") for s in sides) >= MIN_COLUMN_ROWS and sum(s in ("R", "LR") for s in sides) >= MIN_COLUMN_ROWS
        if two and (best is None or crossing < best[0]):
            best = (crossing, x)
        x += 2.0
    if best is None:
        return None
    x = best[1]
    blocks = column_blocks(rows, x, gutter, height)
    return x if any(kind == "cols" and _fill_ok(block, x) for kind, block in blocks) else None


def column_blocks(rows: list[Row], x: float, gutter: float, height: float) -> list[tuple[str, list[Row]]]:
    """Consecutive rows grouped as full-width ('full') or split at x ('cols').

    A wide vertical gap also ends a block, so a running header or footer whose
    parts sit left and right of the gutter is not read as part of the columns.
    """
    blocks: list[tuple[str, list[Row]]] = []
    for row in rows:
        kind = "full" if _side(row, x, gutter) == "X" else "cols"
        if blocks and blocks[-1][0] == kind and row.top - blocks[-1][1][-1].bottom <= BLOCK_GAP * height:
            blocks[-1][1].append(row)
        else:
            blocks.append((kind, [row]))
    return [("full" if len(b) < MIN_COLUMN_ROWS else k, b) for k, b in blocks]


def _split(rows: list[Row], x: float) -> tuple[list[Row], list[Row]]:
    left = [Row([w for w in r.words if w["x1"] <= x]) for r in rows if any(w["x1"] <= x for w in r.words)]
    right = [Row([w for w in r.words if w["x0"] >= x]) for r in rows if any(w["x0"] >= x for w in r.words)]
    return left, right


def _bands(rows: list[Row], cuts: list[float]) -> list[list[Row]]:
    """Rows split at the given heights (table tops), so tables land in between."""
    bands: list[list[Row]] = [[]]
    edges = sorted(cuts)
    for row in rows:
        while edges and row.top >= edges[0]:
            edges.pop(0)
            bands.append([])
        bands[-1].append(row)
    return [b for b in bands if b]


def page_segments(words: list[dict], page_x0: float, page_x1: float, cuts: list[float] = ()) -> tuple[list[Segment], bool]:
    """Body words of a page → segments in reading order; True if columns were found.

    ``cuts`` are heights (table tops) where the body must be split.
    """
    if not words:
        return [], False
    height = _height(words)
    rows = group_rows(words)
    x = find_gutter(rows, page_x0, page_x1, height)
    segments: list[Segment] = []
    columns = False
    for band in _bands(rows, list(cuts)):
        if x is None:
            segments.append(Segment(band[0].top, rows_to_lines(band, height)))
            continue
        for kind, block in column_blocks(band, x, GUTTER_MIN * height, height):
            if kind == "cols" and _fill_ok(block, x):
                left, right = _split(block, x)
                lines = rows_to_lines(left, height) + [""] + rows_to_lines(right, height)
                columns = True
            else:
                lines = rows_to_lines(block, height)
            segments.append(Segment(block[0].top, lines))
    return segments, columns


def table_segment(rows: list[list[str | None]], top: float) -> Segment:
    """A table as tab-separated lines, set apart by blank lines."""
    lines = ["\t".join(" ".join((c or "").split()) for c in row) for row in rows]
    return Segment(top, [""] + [line for line in lines if line.strip()] + [""])


def join_segments(segments: list[Segment]) -> str:
    """Segments (body pieces and tables) sorted by their top → page text."""
    out: list[str] = []
    for seg in sorted(segments, key=lambda s: s.top):
        if out and out[-1] != "" and seg.lines and seg.lines[0] != "":
            out.append("")  # a new segment starts a new block
        out.extend(seg.lines)
    return "\n".join(out)
