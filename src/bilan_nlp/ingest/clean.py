"""From raw extracted text to clean, reflowed French text.

Conventions of the output (what later stages may rely on):

- one paragraph per line, paragraphs separated by one blank line;
- every list item on its own line, starting with ``• `` whatever the source
  bullet was (``-``, ``*``, ``❖``, ``►``, ``➢``, Wingdings private-use glyphs…);
  ``•`` is used rather than ``-`` so an item is never read as a minus sign;
- headings and short lines stay on their own line;
- table rows stay on their own line, cells separated by tabs (a run of 4+
  spaces inside a line of a text dump counts as a cell break);
- spaces: NBSP, narrow NBSP (U+202F), thin spaces → " ", runs of spaces → one;
  apostrophes ’ ‘ ʼ → ' ; ligatures ﬁ ﬂ ﬀ ﬃ ﬄ expanded; NFC;
- words split at a line end are joined (``hyphen.py`` decides on the hyphen);
- markdown marks (``#`` headings, ``**bold**``, ``*italic*``, links) removed.

``clean_pages`` works on a list of pages (running headers/footers are removed
by ``running.py`` first) and returns where each page starts in the joined text.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from .hyphen import join_hyphenated, rules
from .running import strip_running_lines

_CHARMAP = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2008": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u205f": " ", "\u3000": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-",
    "\r": "",
}
_CHARS = str.maketrans(_CHARMAP)
_SPACES = re.compile(r"[ \u000b]+")
_CELL_GAP = re.compile(r"(?<=\S) {4,}(?=\S)")  # a wide run of spaces in a text dump separates table cells
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BOLD = re.compile(r"\*\*|__")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#)[^)\s]*\)")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ENUM = re.compile(r"^(?:(?:\d{1,2}|[A-Za-z]|[IVXLC]{1,5})[.)]\s+\S|\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+[A-ZÀ-ÖØ-Þ])")  # "2.", "b)", "1.1 Porter"
_PUNCT_END = re.compile(r"[.!?…:;]\s*$")
_LAST_WORD = re.compile(r"(\w+'?)\s*$")
SHORT_LINE = 0.7  # a line shorter than this share of the text's line width ends a paragraph


def normalize_chars(text: str) -> str:
    """Same-meaning characters folded: spaces, apostrophes, ligatures, soft hyphens, NFC."""
    text = text.replace("\r\n", "\n").replace("\u00ad\n", "").replace("\u00ad", "")
    return unicodedata.normalize("NFC", text.translate(_CHARS))


def _bullet_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    r = rules()
    plain = "".join(re.escape(m) for m in r["bullet_markers"] if m not in r["dash_markers"])
    dashes = "".join(re.escape(m) for m in r["dash_markers"])
    # "- ❖ Texte": any run of markers that holds a non-dash bullet is a bullet
    glyph = re.compile(rf"^\s*(?:[{dashes}]\s*)*[{plain}](?:\s*[{plain}{dashes}])*\s*(?=\S)")
    # "- Texte" is a bullet only in a list context (see reflow); "- 3 881" is a minus sign
    dash = re.compile(rf"^\s*[{dashes}]\s+(?=[^\d\s])")
    return glyph, dash


_BULLET, _DASH = _bullet_res()
_DASH_NUMBER = re.compile(r"^\s*[-–]\s+(?=\d)")  # "- 142 fuites…": an item only inside a list of dash items
_DASH_GAP_NUMBER = re.compile(r"^\s*[-–] {2,}(?=\d)")  # "-  20 tonnes…": the wide gap of a typeset bullet, not a sign
BULLET = rules()["output_bullet"] + " "


def strip_markdown(line: str) -> str:
    """Drop markdown marks, keep the words."""
    if _MD_RULE.match(line) or _MD_TABLE_SEP.match(line):
        return ""
    line = _MD_HEADING.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_BOLD.sub("", line)
    if "*" in line:
        line = _MD_ITALIC.sub("", line)
    if line.count("|") >= 2 and line.strip().startswith("|"):
        line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
    return line


def mark_bullet(line: str) -> str:
    """``❖ Texte``, ``- ❖ Texte``, ``➢Texte`` → ``• Texte`` (dash items: see ``reflow``)."""
    m = _BULLET.match(line) or _DASH_GAP_NUMBER.match(line)  # "-  20 tonnes": a typeset bullet's wide gap
    return BULLET + line[m.end():] if m else line


def _dash_item(prev: str | None, line: str, prev_short: bool = False, in_list: bool = False) -> str:
    """``- texte`` / ``– texte`` → ``• texte`` when it opens or continues a list.

    A list starts after a blank line, an item, a sentence end, a table row or
    a short line (a heading). A dash after a full line of a running sentence
    (``le Gouvernement`` / ``– mais non compensées``) is an incise, not an item.
    ``- 142 fuites ont été réparées`` is read as a minus sign, unless ``in_list``:
    the same block holds dash items of words (``- le taux moyen…``), so the
    dashes are the list's bullets (``-  20 tonnes``, with a typeset bullet's wide gap, is marked earlier).
    """
    m = _DASH.match(line) or (_DASH_NUMBER.match(line) if in_list else None)
    if not m:
        return line
    if prev is None or prev_short or is_item(prev) or ends_sentence(prev) or "\t" in prev:
        return BULLET + line[m.end():]
    return line


def tidy_line(line: str) -> str:
    """One raw line → markdown-free, bullet-normalised, single-spaced (tabs kept)."""
    line = mark_bullet(strip_markdown(line))
    line = _CELL_GAP.sub("\t", line)
    cells = [_SPACES.sub(" ", c).strip() for c in line.split("\t")]
    if len(cells) > 1:  # empty cells are kept so columns stay aligned
        return "\t".join(cells) if any(cells) else ""
    return cells[0]


def is_item(line: str) -> bool:
    return line.startswith(BULLET) or bool(_ENUM.match(line))


def ends_sentence(line: str) -> bool:
    return bool(_PUNCT_END.search(line))


def _ends_with_link_word(line: str) -> bool:
    m = _LAST_WORD.search(line)
    return bool(m) and m.group(1).lower() in rules()["continuation_words"]


def _hyphen_split(prev: str, nxt: str) -> bool:
    return len(prev) > 1 and prev.endswith("-") and prev[-2].isalnum() and nxt[:1].isalnum()


def _continues_start(nxt: str) -> bool:
    """A line that cannot open a sentence: lower case, or closing/inner punctuation."""
    return nxt[:1].islower() or nxt[:1] in "(),;»%"


def continues(prev: str, nxt: str) -> bool:
    """True when ``nxt``, after a blank line or a page break, goes on ``prev``'s sentence."""
    if not prev or not nxt or "\t" in prev or "\t" in nxt or is_item(nxt):
        return False
    if _hyphen_split(prev, nxt) and nxt[0].islower():
        return True
    if ends_sentence(prev):
        return False
    return _continues_start(nxt) or _ends_with_link_word(prev)


def join_lines(prev: str, nxt: str) -> str:
    if _hyphen_split(prev, nxt):
        return join_hyphenated(prev, nxt)
    return prev + " " + nxt


def line_width(lines: list[str]) -> int:
    """The typical full-line length (90th percentile), to tell short lines apart."""
    sizes = sorted(len(line) for line in lines if line and "\t" not in line)
    return sizes[math.ceil(0.9 * (len(sizes) - 1))] if sizes else 0


@lru_cache(maxsize=1)
def _key_figure() -> re.Pattern[str]:
    return re.compile(rules()["key_figure_line"])


def _labels_key_figure(prev: str, nxt: str) -> bool:
    """A brochure's key figure on its own line and its label below it ("3" / "Maisons sport-santé
    labellisées"), not a title in capitals."""
    return bool(_key_figure().match(prev)) and nxt[:1].isalpha() and not nxt.isupper()


@lru_cache(maxsize=1)
def _field_line() -> re.Pattern[str]:
    return re.compile(rules()["field_line"])


def _starts_new_line(prev: str, nxt: str, width: int) -> bool:
    """Inside a block: does ``nxt`` open a new line after the physical line ``prev``?"""
    if is_item(nxt) or "\t" in nxt or "\t" in prev:
        return True
    if _continues_start(nxt) or _hyphen_split(prev, nxt) or _ends_with_link_word(prev):
        return False
    if _field_line().match(nxt) and prev.count("(") <= prev.count(")") and not prev.endswith((",", ";")):
        return True  # "Constat : en 2017, 168 logements…" under "Partenaires : bailleurs, EPCI"
    return len(prev) < SHORT_LINE * width  # a short line ends a paragraph or is a heading


def _dash_lists(lines: list[str]) -> set[int]:
    """Indexes of the lines of blocks (runs of non-blank lines) that hold a dash item of words."""
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        if line:
            run.append(i)
            continue
        if any(_DASH.match(lines[j]) for j in run):
            out.update(run)
        run = []
    return out


PAGE_LINES_FOR_WIDTH = 20  # a page with fewer lines (a slide, a short last page) takes the document's line width


def reflow(lines: list[str], width: int | None = None) -> str:
    """Tidied lines of one page → paragraphs on one line each, blank line between.

    ``width``: the document's line width, used when the page has too few lines to tell its own
    (a page of two columns keeps its own, narrower width).
    """
    own = [line for line in lines if line and "\t" not in line]
    width = line_width(lines) if width is None or len(own) >= PAGE_LINES_FOR_WIDTH else width
    listed = _dash_lists(lines)
    blocks: list[list[str]] = []
    gap = True
    last = ""  # the previous physical line (joins are judged on it, not on the joined text)
    for i, line in enumerate(lines):
        if not line:
            gap = True
            continue
        line = _dash_item(None if gap or not blocks else blocks[-1][-1], line, len(last) < SHORT_LINE * width, i in listed)
        if not blocks:
            blocks.append([line])
        elif gap and continues(last, line):
            blocks[-1][-1] = join_lines(blocks[-1][-1], line)
        elif gap:
            blocks.append([line])
        elif blocks[-1][-1] == last and _labels_key_figure(last, line):
            blocks[-1][-1] = join_lines(last, line)
        elif _starts_new_line(last, line, width):
            blocks[-1].append(line)
        else:
            blocks[-1][-1] = join_lines(blocks[-1][-1], line)
        gap = False
        last = line
    return "\n\n".join("\n".join(b) for b in blocks)


def page_separator(prev: str, nxt: str) -> tuple[str, str]:
    """How page texts meet: ``("\\n\\n", prev)``, or a join when a sentence runs on.

    Returns the separator and ``prev`` (its final hyphen dropped if a word was split).
    """
    last = prev.rsplit("\n", 1)[-1]
    first = nxt.split("\n", 1)[0]
    if not continues(last, first):
        return "\n\n", prev
    if _hyphen_split(last, first):
        joined = join_hyphenated(last, first)
        return ("", prev) if joined.startswith(last) else ("", prev[:-1])
    return " ", prev


def clean_pages(raw_pages: list[str]) -> tuple[list[str], str, list[int], list[str]]:
    """Clean pages of raw text.

    Returns (page texts, full text, offset of each page in the full text, removed
    running lines). Pages are joined by a blank line unless a sentence runs on.
    """
    split = [normalize_chars(p).split("\n") for p in raw_pages]
    split, removed = strip_running_lines(split)
    tidy = [[tidy_line(line) for line in lines] for lines in split]
    width = line_width([line for lines in tidy for line in lines])
    texts = [reflow(lines, width) for lines in tidy]
    full = ""
    starts: list[int] = []
    last = -1  # index of the last non-empty page
    for i, text in enumerate(texts):
        if full and text:
            sep, kept = page_separator(full, text)
            if kept != full:  # a word split across the page break lost its hyphen
                full, texts[last] = kept, texts[last][:-1]
            full += sep
        starts.append(len(full))
        full += text
        last = i if text else last
    return texts, full, starts, removed


# a line that is only a page label: "– 2 –", "Page 3 / 12", "3/12", "page 4"
PAGE_LABEL = re.compile(r"^\s*(?:(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|sur)\s*\d{1,4})?|\d{1,4}\s*(?:/|sur)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—])\s*$", re.I)
# a running footer that ends with its page label: "Ville de Millau – Rapport 2023 – page 2/3"
# (markdown emphasis around it is ignored; a contents line "2. Titre — p. 2" is not a footer)
FOOTER_LABEL = re.compile(r"^[\s*_]*(?!\d{1,2}[.)]\s)\S.{0,150}?\s[-–—|·]\s*page\s*\d{1,4}(?:\s*(?:/|sur)\s*\d{1,4})?[\s*_]*$", re.I)


# a footer closing with a bare folio after a separator: "Ville de Rezé · Projet de mandat 2020-2026 · 3";
# a page edge only when the same line, folio aside, comes back (a contents line "5. Titre — 4" does not)
FOLIO_END = re.compile(r"^[\s*_]*\S.{0,150}?\s[·|–—-]\s*\d{1,3}[\s*_]*$")
_FOLIO = re.compile(r"\d{1,3}[\s*_]*$")
# a folio alone, pushed to the right or centred by the dump's spaces: "                    3"
INDENTED_FOLIO = re.compile(r"^[ \t]{16,}(\d{1,3})\s*$")


def _indented_folios(lines: list[str]) -> set[int]:
    """Indexes of indented bare numbers that count up through the text (pages, not centred key figures)."""
    found = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := INDENTED_FOLIO.match(line))]
    values = [v for _, v in found]
    return {i for i, _ in found} if len(found) >= 2 and values == sorted(set(values)) else set()


def split_pages(raw: str) -> list[str]:
    """Pages of a text dump: at form feeds, else after lines that are only a page label.

    Text extracted from a PDF without form feeds still carries its page numbers
    ("– 2 –", "Page 1 / 2", a right-aligned "3"), alone on a line or closing a footer ("Rapport 2023 – page 2/3");
    cutting there lets running headers and footers be found as on a PDF.
    """
    if "\f" in raw:
        return raw.split("\f")
    pages: list[str] = []
    current: list[str] = []
    lines = raw.split("\n")
    folios: dict[str, int] = {}
    for line in lines:
        if FOLIO_END.match(line):
            key = _FOLIO.sub("#", line.strip())
            folios[key] = folios.get(key, 0) + 1
    indented = _indented_folios(lines)
    for i, line in enumerate(lines):
        current.append(line)
        folio = FOLIO_END.match(line) and folios.get(_FOLIO.sub("#", line.strip()), 0) >= 2
        if PAGE_LABEL.match(line) or FOOTER_LABEL.match(line) or folio or i in indented:
            pages.append("\n".join(current))
            current = []
    rest = "\n".join(current)
    if rest.strip() or not pages:
        pages.append(rest)
    else:
        pages[-1] += "\n" + rest
    return pages


def clean_text(raw: str) -> str:
    """Clean a raw string (a .txt file, pasted text); form feeds or page labels mark page breaks."""
    return clean_pages(split_pages(raw))[1]
