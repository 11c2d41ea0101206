"""Find French date expressions in text and normalise them to ISO start/end.

Pure functions, no spaCy: the factory snaps the matches to tokens.

Two stages keep the grammar small:

1. *atoms* — one point or block of time: ``2022``, ``mars 2022``, ``12/03/2023``,
   ``le 1er janvier 2024``, ``l'été 2022``, ``fin de l'année 2023``, ``T3 2024``,
   ``la rentrée 2025`` (September), ``2025-2027``, ``du 18 au 26 novembre 2023``. Regexes with named groups, built from the JSON word lists
   beside this module; overlapping atoms keep the longest.
2. *expressions* — neighbouring atoms joined by a range connector
   (``entre … et …``, ``de … à …``, ``2025 et 2026``), then an open cue before
   them (``depuis`` → start only, ``d'ici`` → end only).

Values are ISO strings only as precise as the text (``2022``, ``2022-03``,
``2022-03-12``). A year-less month (``d'ici fin mars``) takes the reference
year (the report's publication year); when that is unknown it takes the year of
the nearest date expression before it, and is dropped when there is none.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

HERE = Path(__file__).parent
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_RANGE_YEARS = 30  # "2019-2828" is not a period

WS = r"[\s\u00a0\u202f]+"
OWS = r"[\s\u00a0\u202f]*"
YEAR = r"(?<![\w°])(?P<year>(?:19|20)\d\d)(?![\d])"
YEAR2 = r"(?P<year2>(?:19|20)\d\d|\d\d)(?![\d])"


def _load(name: str) -> dict:
    data = json.loads((HERE / name).read_text(encoding="utf-8"))
    data.pop("_doc", None)
    return data


MONTHS: dict[str, int] = _load("months.json")
SEASONS: dict[str, list[int]] = _load("seasons.json")
PATTERNS: dict = _load("patterns.json")


def _phrase(words: str) -> str:
    """A cue as regex: apostrophes match ' and ’, spaces any whitespace run."""
    out = re.escape(words).replace("'", "['’]").replace(r"\ ", WS)
    return out.replace("['’]" + WS, "['’]" + OWS)


def _alt(words) -> str:
    """Longest first, so that ``jusqu'au`` wins over ``jusqu'à``'s prefix."""
    return "(?:" + "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True)) + ")"


ARTICLE = "(?:" + _alt(PATTERNS["articles"]) + OWS + ")?"
MONTH = "(?P<month>" + _alt(MONTHS) + r")(?![\w])"
ORD = "(?P<ord>" + _alt(PATTERNS["ordinals"]) + r")(?![\w])"
YEAR_OF = "(?:" + _alt(PATTERNS["year_of"]) + OWS + ")?"


@dataclass(frozen=True)
class Atom:
    """One point or block of time found in the text; months/days relative to ``year``."""

    s: int
    e: int
    rule: str
    year: int | None
    lo: tuple[int, ...] = ()  # (month,) or (month, day); () = the whole year
    hi: tuple[int, ...] = ()
    hi_year: int | None = None  # year of the end when it differs (winter, 2025-2027)
    bare: bool = False  # only digits of a year: subject to the false-positive vetoes

    def start(self) -> str | None:
        return _iso(self.year, self.lo)

    def end(self) -> str | None:
        return _iso(self.hi_year if self.hi_year is not None else self.year, self.hi)


@dataclass(frozen=True)
class DateMatch:
    """A date expression: character offsets in the text, ISO start/end, rule."""

    start_char: int
    end_char: int
    start: str | None
    end: str | None
    rule: str


def _iso(year: int | None, md: tuple[int, ...]) -> str | None:
    if year is None:
        return None
    return "-".join([f"{year:04d}"] + [f"{x:02d}" for x in md])


def _month(name: str) -> int:
    return MONTHS[name.lower()]


# --------------------------------------------------------------------------- atoms

def _day(token: str) -> int:
    return 1 if token.lower() in ("1er", "premier") else int(token)


def _atom_iso(m: re.Match) -> Atom | None:
    mo, d = int(m["month"]), int(m["day"])
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return Atom(m.start(), m.end(), "iso", int(m["year"]), (mo, d), (mo, d))
    return None


def _atom_numeric(m: re.Match) -> Atom | None:
    d, mo, y = int(m["day"]), int(m["month"]), m["year"]
    if len(y) == 2 and (m["sep"] != "/" or len(m["day"]) != 2 or len(m["month"]) != 2):
        return None  # "1.2.10" is a section number; only "15/09/22" reads as a date
    year = int(y) if len(y) == 4 else 2000 + int(y)
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return Atom(m.start(), m.end(), "numeric", year, (mo, d), (mo, d))
    return None


def _atom_day_month(m: re.Match) -> Atom | None:
    d = _day(m["day"])
    if not 1 <= d <= 31:
        return None
    mo = _month(m["month"])
    year = int(m["year"]) if m["year"] else None
    return Atom(m.start(), m.end(), "day_month", year, (mo, d), (mo, d))


def _atom_day_range(m: re.Match) -> Atom | None:
    """``du 18 au 26 novembre 2023``: two days of one month, the month written once."""
    d1, d2 = _day(m["d1"]), _day(m["day"])
    if not (1 <= d1 < d2 <= 31):
        return None
    mo = _month(m["month"])
    year = int(m["year"]) if m["year"] else None
    return Atom(m.start(), m.end(), "day_range", year, (mo, d1), (mo, d2))


def _atom_month(m: re.Match) -> Atom | None:
    mo = _month(m["month"])
    year = int(m["year"]) if m["year"] else None
    rule = "month" if m["part"] is None else "part_month"
    return Atom(m.start(), m.end(), rule, year, (mo,), (mo,))


# before "été 2026": what makes it the summer, not the participle ("Mise en service : été 2026")
SEASON_CUE = re.compile(r"(?:\b(?:cet|en|au|d['’]|fin|début|mi-?|dès|depuis|avant|après)|l['’]|[:•(\n\t])" + OWS + "$", re.I)


def _atom_season(m: re.Match) -> Atom | None:
    name = m["season"].lower()
    if name in PATTERNS["verb_like_seasons"] and not m["art"] and not SEASON_CUE.search(m.string[max(0, m.start() - 12):m.start()]):
        return None  # "a été 2022 …": a past participle, not the summer
    first, last, shift = SEASONS[name]
    year = int(m["year"])
    if m["year2"]:  # "l'hiver 2022-2023": the winter starting in 2022
        if int(m["year2"]) != year + 1:
            return None
        shift = 1
    return Atom(m.start(), m.end(), "season", year, (first,), (last,), year + shift)


def _atom_period(m: re.Match) -> Atom | None:
    if m["letter"]:
        size = PATTERNS["period_letters"][m["letter"].upper()]
        n = int(m["n"])
    else:
        size = PATTERNS["period_units"][m["unit"].lower()]
        n = PATTERNS["ordinals"][m["ord"].lower()]
    count = 12 // size
    if n == -1:
        n = count
    if not 1 <= n <= count:
        return None
    return Atom(m.start(), m.end(), "period", int(m["year"]), ((n - 1) * size + 1,), (n * size,))


def _atom_decade(m: re.Match) -> Atom | None:
    """``les années 1960``: the ten years of a decade."""
    year = int(m["year"])
    return Atom(m.start(), m.end(), "decade", year, hi_year=year + 9) if year % 10 == 0 else None


def _atom_year(m: re.Match) -> Atom | None:
    year = int(m["year"])
    part = (m["part"] or "").lower()
    if not part:
        return Atom(m.start(), m.end(), "year", year, bare=True)
    lo, hi = PATTERNS["year_parts"][part]
    if lo is None:  # "courant 2023"
        return Atom(m.start(), m.end(), "part_year", year)
    return Atom(m.start(), m.end(), "part_year", year, (lo,), (hi,))


def _atom_year_range(m: re.Match) -> Atom | None:
    y1, raw = int(m["year"]), m["year2"]
    y2 = int(raw) if len(raw) == 4 else (y1 // 100) * 100 + int(raw)
    if not y1 < y2 <= y1 + MAX_RANGE_YEARS:
        return None
    return Atom(m.start(), m.end(), "year_range", y1, hi_year=y2, bare=True)


_PART = "(?P<part>" + _alt(PATTERNS["year_parts"]) + r")(?![\w])(?:" + OWS + "-" + OWS + "|" + WS + ")"
_MPART = "(?P<part>" + _alt(PATTERNS["month_parts"]) + r")(?![\w])(?:" + OWS + "-" + OWS + "|" + WS + ")"
_OF_MONTH = r"(?:(?:du" + WS + ")?mois" + WS + ")?(?:de" + WS + "|d['’]" + OWS + ")?"

ATOMS: list[tuple[re.Pattern, Callable[[re.Match], Atom | None]]] = [
    (re.compile(r"(?<![\d/.])" + YEAR + r"-(?P<month>\d\d)-(?P<day>\d\d)(?![\d])"), _atom_iso),
    (re.compile(r"(?<![\d/.,])(?P<day>[0-3]?\d)(?P<sep>[/.])(?P<month>[01]?\d)(?P=sep)"
                r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/.]\d|\d)"), _atom_numeric),
    (re.compile(r"(?<![\w,.])(?P<day>1er|premier|[0-3]?\d)" + WS + MONTH + "(?:" + WS + YEAR + ")?", re.I),
     _atom_day_month),
    (re.compile(r"(?<![\w,.])(?:du" + WS + r")(?P<d1>1er|[0-3]?\d)" + WS + r"(?:au|à)" + WS
                + r"(?P<day>[0-3]?\d)" + WS + MONTH + "(?:" + WS + YEAR + ")?", re.I), _atom_day_range),
    (re.compile(r"(?<![\w])(?:" + _MPART + _OF_MONTH + ")?" + MONTH + "(?:" + WS + YEAR_OF + YEAR + ")?", re.I),
     _atom_month),
    (re.compile(r"(?:(?<![\w])(?P<art>l['’])" + OWS + r")?(?<![\w-])(?P<season>" + _alt(SEASONS) + ")" + WS
                + "(?:de" + WS + "l['’]" + OWS + "année" + WS + ")?" + YEAR
                + "(?:" + OWS + r"[-/]" + OWS + r"(?P<year2>(?:19|20)\d\d))?", re.I), _atom_season),
    (re.compile(r"(?<![\w])(?:" + ORD + WS + r"(?P<unit>" + _alt(PATTERNS["period_units"]) + r")(?![\w])" + OWS + YEAR_OF
                + r"|(?P<letter>[STQ])(?P<n>[1-4])(?:" + OWS + "-?" + OWS + "))" + YEAR), _atom_period),
    (re.compile(r"(?<![\w])(?:" + _PART + YEAR_OF + ")?" + YEAR, re.I), _atom_year),
    (re.compile(r"(?<![\w])années" + WS + YEAR, re.I), _atom_decade),
    (re.compile(YEAR + OWS + r"[-–—/]" + OWS + YEAR2), _atom_year_range),
]


def find_atoms(text: str) -> list[Atom]:
    """Every atom in ``text``; where atoms overlap the longest (then earliest) wins."""
    found: list[Atom] = []
    for rx, make in ATOMS:
        for m in rx.finditer(text):
            atom = make(m)
            if atom is not None:
                found.append(atom)
    found.sort(key=lambda a: (-(a.e - a.s), a.s))
    kept: list[Atom] = []
    for a in found:
        if all(a.e <= k.s or a.s >= k.e for k in kept):
            kept.append(a)
    return sorted(kept, key=lambda a: a.s)


# --------------------------------------------------------------------- expressions

def _tail(alternatives) -> re.Pattern:
    """A cue (and an optional article) that ends right before an atom."""
    return re.compile(r"(?<![\w'’])" + _alt(alternatives) + OWS + ARTICLE + r"$", re.I)


OPEN_START = _tail(PATTERNS["open_start"])
OPEN_END = _tail(PATTERNS["open_end"])
BETWEEN = [(_tail([a]), re.compile(r"^" + WS + _alt([b]) + WS + ARTICLE + "$", re.I))
           for a, b in PATTERNS["range_between"]]
FROM = [(_tail([a]), re.compile(r"^" + WS + _alt([b]) + WS + ARTICLE + "$", re.I))
        for a, b in PATTERNS["range_from"]]
DASH = re.compile(r"^" + OWS + _alt(PATTERNS["range_dash"]) + OWS + "$")
AND = re.compile(r"^" + WS + "et" + WS + "$", re.I)
COMMA = re.compile(r"^" + OWS + "," + OWS + "$")
NOT_AFTER = re.compile(r"(?<![\w])" + _alt(PATTERNS["not_after"]) + OWS + "$", re.I)
UNIT_AFTER = re.compile("^" + OWS + _alt(PATTERNS["units_after"]) + r"(?![\w])", re.I)
DECIMAL_BEFORE = re.compile(r"(?:\d[.,]|[+±]" + OWS + ")$")
DECIMAL_AFTER = re.compile(r"^[.,]\d")
QUOTE_OPEN = re.compile(r"[«“\"][^«»“”\"\n]{0,60}$")
QUOTE_CLOSE = re.compile(r"^" + OWS + r"[»”\"]")
CAPITAL_WORD = re.compile(r"\b[A-ZÉÈ][\w-]*")
LOOKBACK = 40


def _ends_with(rx: re.Pattern, text: str, pos: int) -> re.Match | None:
    return rx.search(text[max(0, pos - LOOKBACK):pos])


def _range(text: str, a: Atom, b: Atom) -> tuple[int, str] | None:
    """If atoms a, b form one period, the start offset of the phrase and its rule."""
    gap = text[a.e:b.s]
    for head, mid in BETWEEN:
        m = _ends_with(head, text, a.s)
        if m and mid.match(gap):
            return a.s - (len(m.group(0))), "between"
    for head, mid in FROM:
        m = _ends_with(head, text, a.s)
        if m and mid.match(gap):
            return a.s - (len(m.group(0))), "from_to"
    if DASH.match(gap):
        return a.s, "dash"
    return None


def _in_series(a: Atom, b: Atom) -> bool:
    """b follows a in a list read as one period: consecutive years, or months of one year."""
    if a.rule == b.rule == "year":
        return b.year == a.year + 1
    return a.rule == b.rule == "month" and a.year is None and b.lo[0] == a.lo[0] + 1


def _list_end(text: str, atoms: list[Atom], i: int, linked=_in_series) -> int:
    """Index of the last atom of a list ``A, B et C`` starting at i whose items are ``linked``, else i."""
    j = i
    while j + 1 < len(atoms):
        a, b = atoms[j], atoms[j + 1]
        if not linked(a, b):
            break
        gap = text[a.e:b.s]
        if AND.match(gap):
            return j + 1
        if not COMMA.match(gap):
            break
        j += 1
    return i


def _same_kind_months(a: Atom, b: Atom) -> bool:
    return a.rule in ("month", "day_month") and b.rule == a.rule and a.year is None


def _borrowed_year(text: str, atoms: list[Atom], i: int) -> int | None:
    """``en mars et juin 2023``, ``les 3 et 10 mai 2022``: a year-less item takes the list's year."""
    j = _list_end(text, atoms, i, _same_kind_months)
    return atoms[j].year if j > i else None


def _join(a: Atom, b: Atom) -> Atom | None:
    """The period from a's start to b's end; a borrows b's year (``de janvier à juin 2023``)."""
    year_a, year_b = a.year, (b.hi_year if b.hi_year is not None else b.year)
    if year_a is None and year_b is not None:
        year_a = b.year if (a.lo or (1,)) <= (b.lo or (1,)) else b.year - 1
    if year_a is None or year_b is None:
        return None
    if (year_a, *a.lo) > (year_b, *(b.hi or (12,))):
        return None
    return Atom(a.s, b.e, "range", year_a, a.lo, b.hi, year_b, bare=a.bare and b.bare)


def _false_year(text: str, a: Atom, is_counted: Callable[[int], bool] | None) -> bool:
    """Vetoes for digits that look like a year but are used otherwise."""
    before = text[max(0, a.s - LOOKBACK):a.s]
    after = text[a.e:a.e + LOOKBACK]
    if NOT_AFTER.search(before) or DECIMAL_BEFORE.search(before):
        return True
    if UNIT_AFTER.match(after) or DECIMAL_AFTER.match(after) or re.match(r"^[-–/]\d", after):
        return True
    q = QUOTE_OPEN.search(before)
    if q and QUOTE_CLOSE.match(after) and CAPITAL_WORD.search(q.group(0)):
        return True  # « SSD 2030 »: a year closing a quoted name is part of the name
    return bool(is_counted and is_counted(a.e))


def find_dates(
    text: str,
    ref_year: int | None = None,
    is_counted: Callable[[int], bool] | None = None,
) -> list[DateMatch]:
    """Every date expression of ``text``, in order.

    ``is_counted(end_char)`` says whether a counted noun follows a number ending at
    ``end_char`` (``2022 agents``): the component answers it from the parse.
    """
    atoms = find_atoms(text)
    out: list[DateMatch] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        start_char, rule, expr, nxt = a.s, a.rule, a, i + 1
        joined = None
        if i + 1 < len(atoms) and (hit := _range(text, a, atoms[i + 1])):
            joined = _join(a, atoms[i + 1])
        if joined is not None:
            start_char, rule = hit
            expr, nxt = joined, i + 2
        elif (j := _list_end(text, atoms, i)) > i:
            last = atoms[j]
            year = a.year if a.year is not None else last.year
            expr = Atom(a.s, last.e, "coordinated", year, a.lo, last.hi, last.year, bare=a.bare)
            rule, nxt = "coordinated", j + 1
        elif a.year is None and (year := _borrowed_year(text, atoms, i)) is not None:
            expr = replace(a, year=year)
        start, end = expr.start(), expr.end()
        if expr.bare and _false_year(text, expr, is_counted):
            i = nxt
            continue
        if rule not in ("between", "from_to"):
            if m := _ends_with(OPEN_START, text, start_char):
                start_char, rule, end = start_char - len(m.group(0)), "since", None
            elif m := _ends_with(OPEN_END, text, start_char):
                start_char, rule, start = start_char - len(m.group(0)), "until", None
        if expr.year is None:  # a month without a year: only after an open cue
            year = ref_year if ref_year is not None else _last_year(out)
            if rule not in ("since", "until") or year is None:
                i = nxt
                continue
            filled = replace(expr, year=year)
            start = filled.start() if rule == "since" else None
            end = filled.end() if rule == "until" else None
            rule += "_ref_year"
        out.append(DateMatch(start_char, expr.e, start, end, rule))
        i = nxt
    return out


def _last_year(found: list[DateMatch]) -> int | None:
    """Year of the nearest date expression already found (fallback reference year)."""
    for d in reversed(found):
        iso = d.start or d.end
        if iso:
            return int(iso[:4])
    return None


def parse_date(text: str, ref_year: int | None = None) -> tuple[str | None, str | None] | None:
    """(start, end) of the longest date expression in ``text``, None if there is none.

    >>> parse_date("d'ici fin 2027")
    (None, '2027-12')
    """
    found = find_dates(text, ref_year)
    if not found:
        return None
    best = max(found, key=lambda d: d.end_char - d.start_char)
    return best.start, best.end
