"""Find place names in French text with the gazetteer and a few context rules.

Why a word scan rather than spaCy's PhraseMatcher: names are looked up on the
raw text, so a name broken by a line break (``Noisy-le-\\nGrand``,
``Saint-\\nOuen``), written with spaces for hyphens (``Saint Ouen``) or glued
to another by a slash (``Pierrefitte/Stains``) is still found, and offsets
stay those of the text. Context rules then drop what is not a place mention:

- a name inside an organisation name (``Université Paris 8``, ``rue de Paris``,
  ``Paris 8``) is not a place; a territorial collectivity followed by its name
  (``la Région Auvergne-Rhône-Alpes``, ``le Département de la Seine-Saint-Denis``,
  ``la Ville de Paris``) is: its territory is the place;
- a name that is also a plain word (``Orange``, ``Plaisir``, ``Nord``) needs
  support: a locative cue (``à``, ``en``, ``commune de``, ``dans le``), a list
  of other places, a département code ``(84)``, or spaCy's NER saying LOC
  mid-sentence;
- a name within a person's name (``M. Laval``, NER PER ``Pierre Mendès France``)
  is not a place.

Spans of spaCy's NER are passed in as character ranges, so this module does not
need spaCy and can be tested on plain strings.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .gazetteer import Gazetteer, PlaceEntry, load_gazetteer
from .names import WORD_RE, fold_place_name, fold_word, place_names_match, strip_article

__all__ = ["PlaceFinder", "PlaceMatch", "fold_place_name", "place_names_match", "get_finder"]

LEXICON_PATH = Path(__file__).with_name("lexicon.json")

# what may stand between two words of one name: spaces with at most one line
# break, a hyphen (possibly ending a line), an apostrophe
INNER_SEP = re.compile(r"[ \t]*\r?\n?[ \t]*|[-‐‑\u00ad][ \t]*\r?\n?[ \t]*|['’]")
# what may stand between two places of a list: "Montreuil, Stains", "Pierrefitte/Stains"
LINE_END_HYPHEN = re.compile(r"[-‐‑\u00ad][ \t]*\r?\n[ \t]*")
LIST_SEP = re.compile(r"\s*(?:[,;/&]|\bet\b|\bou\b|(?<=\s)[–—-](?=\s))?\s*(?:\(\s*)?", re.IGNORECASE)  # "Dijon – Dole – Besançon"
# a number right after a name makes it an organisation's name: "Paris 8", "Lyon II"
ORG_NUMBER = re.compile(r" (?:\d{1,2}|[IVX]{1,4})\b(?![,.]\d)(?!\s*(?:%|€|ans?\b))")
DEPT_CODE = re.compile(r"\s*\(\s*(\d{2,3}|2[AB])\s*\)")
# a hyphen right before or after: the name is part of a longer compound
COMPOUND_AFTER = re.compile(r"[-‐‑]\w|['’][A-ZÀ-Ý]")  # "Lect'Aveyron": a name glued to another word
COMPOUND_BEFORE = re.compile(r"\w[-‐‑]$|[A-ZÀ-Ý][a-zà-ÿ]+['’]$")
CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]«»\"/\n\t•]")  # a tab ends a table cell
ADJECTIVE_END = re.compile(
    r"(?:ier|ière|iers|ières|al|ale|aux|ales|aire|aires|ique|iques|el|elle|if|ive|ien|ienne|ois|oise|"
    r"ain|aine|é|ée|és|ées)$"
)
# ranking of the places a name may name: population, times these weights
ALIAS_WEIGHT = 0.2  # a short form names a bigger place than the homonymous official name
CONTEXT_WEIGHT = 20.0  # a commune in the département the text's other places are in
# after an ambiguous name: "la Somme des crédits", "le Ségur de la santé" (a common noun)
NOUN_COMPLEMENT = re.compile(r"\s+(?:(?:de|des|du)\s+|d')(?:(?:la|le|les)\s+|l')?[a-zàâçéèêëîïôûù]")
# after a name: another capitalised word of a longer name ("France Travail", "Plan Climat")
NAME_CONTINUES = re.compile(r"[ \t]+(?=[A-ZÀÂÇÉÈÊËÎÏÔÛÙ][^\W\d_]+)")
# before a name: "Grand Paris", "Grand Lyon" name intercommunal bodies, not the commune
GRAND_BEFORE = re.compile(r"\bGrande?[ \t]+$")
# before a name, a capitalised word of a longer name: "Air France", "Petites Villes"
TITLE_WORD_BEFORE = re.compile(r"\b([A-ZÀÂÇÉÈÊËÎÏÔÛÙ][a-zàâäçéèêëîïôöùûüÿœæ]+)[ \t]+$")
# after a name: a year makes an event or a plan of it ("France 2030", "Paris 2024")
YEAR_AFTER = re.compile(r" (?:19|20)\d\d\b(?![\d%]|[,.]\d)")
# before a name: an acronym of a body, written next to its territory ("ORS Provence-Alpes-Côte d'Azur")
ACRONYM_BEFORE = re.compile(r"(?<![\w])[A-Z]{2,6}[ \t]+$")
# before a name: "la MSP de", "le CMP de", "l'EHPAD de": a service located in the place
LOCATED_ACRONYM_BEFORE = re.compile(r"(?<![\w])(?:la|le|l['’]|au|du)\s*[A-Z]{2,6}\s+(?:de|d['’]|du)\s*$")
AU_BEFORE = re.compile(r"(?<![\w'’])(au|aux)[ \t]+$", re.I)
NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
# after an ambiguous name: "Château de Versailles", "Plaisir de lire"
OF_AFTER = re.compile(r"\s+(?:de|des|du|d')\b")


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place mention: where it is, which place, and the rule that kept it."""

    start: int
    end: int
    text: str
    entry: PlaceEntry
    rule: str

    @property
    def value(self) -> str:
        return self.entry.value


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    entries: list[PlaceEntry]
    ambiguous: bool
    support: str | None = None  # why an ambiguous name is kept


@dataclass(frozen=True)
class Lexicon:
    """Context words, read from lexicon.json."""

    org_heads: frozenset[str]
    collectivity_heads: frozenset[str]
    institution_heads: frozenset[str]
    support_cues: tuple[str, ...]
    area_determiners: tuple[str, ...]
    person_titles: frozenset[str]
    connectors: frozenset[str]
    function_words: frozenset[str]
    ambiguous_names: frozenset[str]
    not_places: frozenset[str]
    located_heads: frozenset[str]

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> "Lexicon":
        data = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(data) - {f.name for f in fields(cls)} - {"_doc"}
        if unknown:
            raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}")
        low = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
        return cls(
            org_heads=low("org_heads"),
            collectivity_heads=low("collectivity_heads"),
            institution_heads=low("institution_heads"),
            support_cues=tuple(sorted({c.lower() for c in data["support_cues"]}, key=len, reverse=True)),
            area_determiners=tuple(sorted({c.lower() for c in data["area_determiners"]}, key=len, reverse=True)),
            person_titles=low("person_titles"),
            connectors=low("connectors"),
            function_words=low("function_words"),
            ambiguous_names=frozenset(fold_place_name(n) for n in data["ambiguous_names"]),
            not_places=frozenset(fold_place_name(n) for n in data["not_places"]),
            located_heads=low("located_heads"),
        )


def _ends_with_phrase(before: str, phrases: Iterable[str]) -> str | None:
    """The phrase ``before`` ends with, as whole words (``before`` is lower case, spaced)."""
    for phrase in phrases:
        if phrase.endswith("'"):
            if before.endswith(phrase) and (len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum()):
                return phrase
        elif before.endswith(" " + phrase + " ") or before == phrase + " ":
            return phrase
    return None


def _same_spelling(written: str, name_word: str) -> bool:
    """``Epinay`` ~ ``Épinay`` (accents dropped on capitals), ``Rouge`` !~ ``Rougé``, ``St`` ~ ``Saint``."""
    if name_word[0].isupper() and not written[0].isupper():
        return False
    if written.isupper() or len(written) != len(name_word):  # ALL CAPS, "St", "Coeur" for "Cœur"
        return True
    return written[1:].lower() == name_word[1:].lower()


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    for s, e in spans:
        if s < end and start < e:
            return s, e
    return None


class PlaceFinder:
    """Scan text for gazetteer names and keep the place mentions."""

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or Lexicon.load()

    # -- scanning -----------------------------------------------------------
    def _candidates(self, text: str) -> list[_Candidate]:
        words = self._join_line_end_hyphens(text, [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)])

        def run_key(i: int, n: int) -> tuple[str, ...] | None:
            """Folded words i..i+n-1 if only name separators stand between them."""
            for j in range(i, i + n - 1):
                if INNER_SEP.fullmatch(text, words[j][1], words[j + 1][0]) is None:
                    return None
            return tuple(fold_word(w) for _, _, w in words[i : i + n])

        out: list[_Candidate] = []
        i = 0
        while i < len(words):
            first = words[i][2]
            longest = self.gazetteer.max_len.get(fold_word(first), 0) if first[0].isupper() else 0
            found = 0
            for n in range(min(longest, len(words) - i), 0, -1):
                key = run_key(i, n)
                if key is None:
                    continue
                entries = self.gazetteer.lookup(key)
                if entries and self._case_ok([w for _, _, w in words[i : i + n]], entries[0], self._caps_line(text, words[i][0])):
                    out.append(self._candidate(text, words, i, n, entries))
                    found = n
                    break
            i += found or 1
        return out

    @staticmethod
    def _caps_line(text: str, pos: int) -> bool:
        """The line holding ``pos`` is a heading in capitals (two words or more, no lower-case letter)."""
        a = text.rfind("\n", 0, pos) + 1
        b = text.find("\n", pos)
        line = text[a : b if b >= 0 else len(text)]
        return len(WORD_RE.findall(line)) >= 2 and not any(c.islower() for c in line)

    def _join_line_end_hyphens(self, text: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """``Ville-\ntaneuse`` is one word when the joined word is a word of a place name."""
        out: list[tuple[int, int, str]] = []
        for word in words:
            if out and word[2][0].islower() and LINE_END_HYPHEN.fullmatch(text, out[-1][1], word[0]):
                joined = out[-1][2] + word[2]
                if fold_word(joined) in self.gazetteer.vocabulary:
                    out[-1] = (out[-1][0], word[1], joined)
                    continue
            out.append(word)
        return out

    @staticmethod
    def _case_ok(text_words: list[str], entry: PlaceEntry, caps_line: bool = False) -> bool:
        """Capitals where the name has them, accents as the name has them (but on capitals);
        ALL CAPS only for a name of several words, or of one long word in a heading written
        all in capitals ("5. LIGNE AVALLON – AUTUN"), where case says nothing."""
        name_words = entry.words
        if all(w.isupper() for w in text_words) and any(len(w) > 1 for w in text_words):
            if all(w.isupper() for w in name_words):
                return True
            if caps_line and len(text_words) == 1 and len(text_words[0]) >= 5:
                return not entry.ambiguous
            return len(name_words) > 1 and not entry.ambiguous
        return all(_same_spelling(tw, nw) for tw, nw in zip(text_words, name_words))

    def _candidate(self, text: str, words: list, i: int, n: int, entries: list[PlaceEntry]) -> _Candidate:
        start, end = words[i][0], words[i + n - 1][1]
        ambiguous = all(e.ambiguous for e in entries) or fold_place_name(entries[0].name) in self.lexicon.ambiguous_names
        # "la Courneuve": the article written in lower case belongs to the name
        head = entries[0]
        if head.alias and head.name == strip_article(head.value) and i > 0:
            article = head.value[: len(head.value) - len(head.name)].strip().lower()
            p_start, p_end, p_word = words[i - 1]
            sep = text[p_end:start]
            if (p_word.lower() + ("'" if sep in ("'", "’") else "")) == article and sep in (" ", "'", "’"):
                start = p_start
        return _Candidate(start, end, entries, ambiguous)

    # -- filtering ----------------------------------------------------------
    @staticmethod
    def _spaced_before(text: str, start: int, width: int = 60) -> str:
        """The text before ``start``, lower case, spaces collapsed, ending with a space or an apostrophe."""
        before = re.sub(r"\s+", " ", text[max(0, start - width) : start]).lower().lstrip()
        if before and not before.endswith((" ", "'")):
            before += " "
        return before

    def _reject_reason(
        self, text: str, cand: _Candidate, persons: Sequence[tuple[int, int]], starts: set[int]
    ) -> str | None:
        """Why this name is not a place mention here, if it is not."""
        name_fold = fold_place_name(text[cand.start : cand.end])
        if name_fold in self.lexicon.not_places:
            return "not_place"
        if cand.ambiguous and NOUN_COMPLEMENT.match(text, cand.end):
            return "common_noun"
        follows = NAME_CONTINUES.match(text, cand.end)
        if follows and follows.end() not in starts:
            return "longer_name"
        if GRAND_BEFORE.search(text, max(0, cand.start - 8), cand.start):
            return "longer_name"
        title = TITLE_WORD_BEFORE.search(text, max(0, cand.start - 30), cand.start)
        if title and title.group(1).lower() not in self.lexicon.function_words:
            if self._head_word(text, cand.start) is None:
                return "longer_name"
        article = AU_BEFORE.search(text, max(0, cand.start - 5), cand.start)
        if article and all(e.type == "commune" for e in cand.entries):
            # "au Mans" is Le Mans; "au Château" names no commune without its article "Le"
            wanted = "le " if article.group(1).lower() == "au" else "les "
            written = fold_place_name(text[cand.start : cand.end])
            if not any(e.value.lower().startswith(wanted) and fold_place_name(e.value) == written for e in cand.entries):
                return "article"
        if ACRONYM_BEFORE.search(text, max(0, cand.start - 10), cand.start) and not text[cand.start : cand.end].isupper():
            return "org"  # "ORS Provence-Alpes-Côte d'Azur", "ARS Occitanie": an acronym's territory names the body
        if YEAR_AFTER.match(text, cand.end) and not _ends_with_phrase(
            self._spaced_before(text, cand.start), self.lexicon.support_cues
        ):
            return "event"
        number = ORG_NUMBER.match(text, cand.end)
        if number and (cand.ambiguous or any(e.type == "commune" for e in cand.entries)):
            if number.group().strip() not in {e.dept for e in cand.entries}:  # "Stains 93" is a place
                return "org_number"
        if COMPOUND_AFTER.match(text, cand.end) or COMPOUND_BEFORE.search(text, max(0, cand.start - 12), cand.start):
            return "compound"
        person = _overlaps(cand.start, cand.end, persons)
        if person and (person[0] < cand.start or person[1] > cand.end):
            return "person"
        before_words = WORD_RE.findall(text[max(0, cand.start - 20) : cand.start])
        if before_words and before_words[-1].lower() in self.lexicon.person_titles:
            sep = text[: cand.start].rstrip()
            if before_words[-1][0].isupper() or sep.endswith("."):
                return "person"
        head = self._head_word(text, cand.start)
        if head == "org":
            return "org"
        return None

    @staticmethod
    def _only_places(text: str, span: tuple[int, int], cands: list[_Candidate]) -> bool:
        """A person span that is only place names and separators ("Dijon – Dole – Besançon"): NER erred."""
        inside = [c for c in cands if span[0] <= c.start and c.end <= span[1]]
        if len(inside) < 2:
            return False
        rest = text[span[0] : span[1]]
        for c in sorted(inside, key=lambda c: -c.start):
            rest = rest[: c.start - span[0]] + rest[c.end - span[0] :]
        return not re.search(r"\w", rest.replace("et", ""))

    def _head_word(self, text: str, start: int) -> str | None:
        """``org`` if an organisation head word governs the name, ``collectivity`` for a territory."""
        window = text[max(0, start - 80) : start]
        brk = max((m.end() for m in CLAUSE_BREAK.finditer(window)), default=0)
        words = WORD_RE.findall(window[brk:])
        plain = False  # a lower-case word that is neither a connector nor an adjective was passed
        of_link = bool(words) and words[-1].lower() in ("de", "d", "du", "des")  # "collège de X", not "l'opérateur X"
        for steps, word in enumerate(reversed(words)):
            low = word.lower()
            if low in self.lexicon.institution_heads and (word[0].isupper() or low == "conseil"):
                at = start - len(window) + window.rfind(word)
                line_end = text.find("\n", start)
                in_row = "\t" in text[text.rfind("\n", 0, at) + 1 : line_end if line_end >= 0 else len(text)]
                if in_row and word[0].isupper() and not word.isupper() and self._sentence_initial(text, at):
                    return "collectivity"  # "Agglomération de Limoges\t1 004": a row label capitalised by position
                return "org"  # la Ville de Paris, le Conseil départemental de l'Allier: the authority
            if plain:
                if word[0].isupper() and low in self.lexicon.org_heads:
                    return "org"  # "Caisse primaire d'assurance maladie des …"
                if word[0].isupper() or low in ("et", "ou"):
                    break  # another name, or a list: "Capdenac-Gare et Sévérac-d'Aveyron"
                if word[0].islower() and low in self.lexicon.located_heads and steps <= 4 and of_link:
                    return "located"  # "la maison de santé pluriprofessionnelle de Barcelonnette"
                if word[0].islower() and low in self.lexicon.org_heads and steps <= 4 and of_link:
                    return "org"  # "le commissariat de police de Vierzon"
                if steps >= 6:
                    break
                continue
            if low in self.lexicon.collectivity_heads:
                return "collectivity"
            if low in self.lexicon.org_heads:
                if (word[0].islower() or word.isupper()) and low in self.lexicon.located_heads:
                    return "located"  # "le collège de Mondoubleau", "le projet de Bozouls": a thing in that place
                return "org"
            if steps >= 5:
                break
            if low in self.lexicon.connectors or word[0].isupper() or ADJECTIVE_END.search(low):
                continue  # "Lycée Paul Éluard de", "Centre hospitalier intercommunal de"
            if low in ("et", "ou"):
                break  # a list of names: "Capdenac-Gare et Sévérac-d'Aveyron"
            plain = True  # read on only for a capitalised body's name ("Caisse primaire d'assurance maladie")
        return None

    def _support(self, text: str, cand: _Candidate, locs: Sequence[tuple[int, int]]) -> str | None:
        """Context that makes an ambiguous name a place, if any (lists are checked later)."""
        before = self._spaced_before(text, cand.start)
        if _ends_with_phrase(before, self.lexicon.support_cues):
            return "cue"
        if before.endswith("des "):
            return None  # "la piscine des Champs": de + les + a plain noun, whatever governs it
        head = self._head_word(text, cand.start)
        if head == "collectivity":
            return "collectivity"
        if head == "located" or LOCATED_ACRONYM_BEFORE.search(text, max(0, cand.start - 12), cand.start):
            return "located"  # "le collège de Barcelonnette", "la MSP de Barcelonnette": a thing in that place
        if any(e.type != "commune" for e in cand.entries) and _ends_with_phrase(before, self.lexicon.area_determiners):
            return "determiner"
        if DEPT_CODE.match(text, cand.end):
            return "dept_code"
        written = text[cand.start : cand.end]
        if any(not e.alias and e.name != strip_article(e.name) for e in cand.entries) and written[0].isupper():
            if not self._sentence_initial(text, cand.start):
                return "article"  # "Les Lilas", "Le Port" with a capital article mid-sentence
        loc = _overlaps(cand.start, cand.end, locs)
        if loc and loc[0] == cand.start and not self._sentence_initial(text, cand.start):
            if OF_AFTER.match(text, cand.end):  # NER calls "Château de Versailles" LOC too
                return None
            nxt = NEXT_WORD.match(text, cand.end)
            word = nxt.group(1) if nxt else ""
            if word[:1].islower() and word.endswith(("s", "x")) and word.lower() not in self.lexicon.function_words:
                return None  # "le Plan piscines", "Plan collèges numériques": the plain word heads a noun phrase
            if before.endswith("des "):
                return None  # "la piscine des Champs": de + les + a plain noun
            return "ner"
        return None

    @staticmethod
    def _sentence_initial(text: str, start: int) -> bool:
        prev = re.sub(r"[\s•\-–—*❖▪►·\"«»#>]+$", "", text[:start])
        gap = text[len(prev) : start]
        return not prev or prev[-1] in ".!?…:;" or "\n" in gap or "\t" in gap  # a line or a cell starts here

    def _list_support(self, text: str, kept: list[_Candidate]) -> None:
        """An ambiguous name listed with other places is a place: "Montreuil, Orange"."""
        changed = True
        while changed:
            changed = False
            for k, cand in enumerate(kept):
                if cand.support or not cand.ambiguous:
                    continue
                for other in (kept[k - 1] if k else None, kept[k + 1] if k + 1 < len(kept) else None):
                    if other is None or (other.ambiguous and not other.support):
                        continue
                    lo, hi = (other.end, cand.start) if other.start < cand.start else (cand.end, other.start)
                    if LIST_SEP.fullmatch(text, lo, hi):
                        cand.support = "list"
                        changed = True
                        break

    # -- choosing the place -------------------------------------------------
    @staticmethod
    def _context_depts(cands: list[_Candidate]) -> Counter[str]:
        """Départements of the places named without doubt in the text."""
        depts: Counter[str] = Counter()
        for cand in cands:
            codes = {e.dept for e in cand.entries}
            if len(codes) == 1 and "" not in codes:
                depts[codes.pop()] += 1
        return depts

    @staticmethod
    def _choose(cand: _Candidate, text: str, depts: Counter[str]) -> PlaceEntry:
        entries = cand.entries
        code = DEPT_CODE.match(text, cand.end)
        if code and any(e.dept == code.group(1) for e in entries):
            entries = [e for e in entries if e.dept == code.group(1)]
        best_dept = max((depts[e.dept] for e in entries if e.dept), default=0)

        def score(e: PlaceEntry) -> tuple[float, bool]:
            weight = ALIAS_WEIGHT if e.alias else 1.0
            if best_dept and depts[e.dept] == best_dept:
                weight *= CONTEXT_WEIGHT
            return e.population * weight, e.type == "commune"

        return max(entries, key=score)

    # -- public -------------------------------------------------------------
    def find(
        self,
        text: str,
        locs: Sequence[tuple[int, int]] = (),
        persons: Sequence[tuple[int, int]] = (),
    ) -> list[PlaceMatch]:
        """Place mentions of ``text``; ``locs``/``persons`` are NER spans (char offsets)."""
        kept: list[_Candidate] = []
        cands = self._candidates(text)
        starts = {c.start for c in cands}
        persons = [p for p in persons if not self._only_places(text, p, cands)]
        for cand in cands:
            if self._reject_reason(text, cand, persons, starts):
                continue
            if cand.ambiguous:
                cand.support = self._support(text, cand, locs)
            kept.append(cand)
        self._list_support(text, kept)
        kept = [c for c in kept if not c.ambiguous or c.support]
        depts = self._context_depts(kept)
        matches = []
        for cand in kept:
            entry = self._choose(cand, text, depts)
            rule = "gazetteer" + ("+alias" if entry.alias else "") + (f"+{cand.support}" if cand.support else "")
            matches.append(PlaceMatch(cand.start, cand.end, text[cand.start : cand.end], entry, rule))
        return matches


@lru_cache(maxsize=1)
def get_finder() -> PlaceFinder:
    """One finder per process: the gazetteer is read once."""
    return PlaceFinder()
