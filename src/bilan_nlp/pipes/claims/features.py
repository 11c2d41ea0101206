"""What the claim classifier sees of a sentence: its lemmas and its cue features.

Cue features are general French: the cue words of ``cues.json``, verb tense and
mood from spaCy's morphology (future, conditional, imparfait, passé composé),
an infinitive opening a bullet, and the section the sentence stands in (a
"Perspectives" heading, a lead-in ending in a colon). The same function serves
training (a sentence parsed alone, context from the data file) and the pipeline
(a sentence span, context read from the document's layout).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..dates.dates import MONTHS

CUES_PATH = Path(__file__).with_name("cues.json")
YEAR = re.compile(r"^(19[5-9]\d|20[0-9]\d)$")
NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-zA-Z][.)])\s+")
MARKUP = " \t*#>_"
NUM = r"\d[\d ]*(?:,\d+)?"
PLANNED_DENOMINATOR = re.compile(
    r"\bsur (?:les |la |l'|un |une )?(?:(?:total|enveloppe|budget|objectif|cible|montant|programme)\s+(?:global\s+|initiale?\s+)?(?:de |d'))?" + NUM + r"(?:\s*[\w'%€-]+){0,4}?\s+(?:prévue?s?|planifiée?s?|programmée?s?|attendue?s?|inscrite?s?|visée?s?|ciblée?s?)\b"
)
KEY_FIGURE = re.compile(r"(?!(?:19|20)\d\d )[+\-–]?\d[\d .,]*(?: ?(?:%|€|[kM]€|Md€|millions?|milliards?|milliers?))? (?:d'|de |des |du )?[a-zà-ÿœ]")
_MONTHS = "|".join(m for m in MONTHS if m.isalpha())  # the dates lexicon's names, not its abbreviations with a dot
AS_OF = re.compile(  # "au 31 décembre 2024, 43 points sont ouverts", "à ce jour", "à fin juin 2023": a state at a date (not "d'ici au …")
    r"(?<!d'ici )(?<!jusqu')(?<!avant )\b(?:au|à la date du|en date du|arrêtée?s? au) (?:1er|\d{1,2}) (?:" + _MONTHS + r") (?:19|20)\d\d\b"
    r"|(?<!d'ici )\bà (?:ce jour|fin (?:(?:" + _MONTHS + r") )?(?:19|20)\d\d\b)"
)
# "sur une enveloppe publique de 152 M€", "sur un budget total de 2,4 M€": what was planned, beside what was spent
ENVELOPE_BEFORE = r"\bsur (?:une |un |l')?(?:enveloppe|budget|autorisation de programme)(?: \w+)? (?:de |d')"
NAMED_TARGET = re.compile(r"\b(?:pour|sur|contre) (?:une |un |la |l')?(?:cible|objectif|prévision)s?(?: initiale?| fixée?)? (?:de |d')?[+]?\s*" + NUM
                          + "|" + ENVELOPE_BEFORE + NUM)


@dataclass
class Context:
    """Where a sentence stands in its document."""

    heading: str = ""  # nearest heading above
    lead: str = ""  # the lead-in ending with ':' that a bullet list follows
    bullet: bool = False  # the sentence opens a bullet line
    standalone: bool = False  # the sentence is a whole line (heading, bullet, cell)
    table: str = ""  # the header row of the tab-separated table the line is a row of
    genre: str = ""  # the document's kind: plan | budget | bilan | evaluation (genre.py)
    prev: str = ""  # the sentence before, when it stands in the same paragraph


@dataclass(frozen=True)
class Cues:
    """Cue lexicons compiled once."""

    commitment: tuple[tuple[str, re.Pattern[str]], ...]
    outcome: tuple[tuple[str, re.Pattern[str]], ...]
    commitment_lemmas: frozenset[str]
    outcome_lemmas: frozenset[str]
    heading_commitment: tuple[tuple[str, re.Pattern[str]], ...]
    heading_outcome: tuple[tuple[str, re.Pattern[str]], ...]
    recommendation: tuple[tuple[str, re.Pattern[str]], ...]  # an evaluator's advice: not a claim
    heading_recommendation: tuple[tuple[str, re.Pattern[str]], ...]
    bullets: str
    heading_max_words: int
    target_label: re.Pattern[str] | None = None  # "Cible : 450 logements": see cues.json
    target_result: re.Pattern[str] | None = None
    target_max_words: int = 16
    reference_year: re.Pattern[str] | None = None  # "par rapport à 2019": a year compared with, no deadline


def _target_label(data: dict) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The start of a line labelled as a target, and the words that say the line gives a result too."""
    if not data.get("labels"):
        return None, None
    labels = "|".join(re.escape(fold(x)) for x in sorted(data["labels"], key=len, reverse=True))
    quals = "|".join(data.get("qualifiers", []))
    label = re.compile(rf"^(?:{labels})(?:\s+(?:{quals}))*\s*[:–—-]\s*(?=\S)" if quals else rf"^(?:{labels})\s*[:–—-]\s*(?=\S)")
    result = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(x)) for x in data.get("result_words", [])) + r")(?!\w)")
    return label, result


def _reference_year(data: dict) -> re.Pattern[str] | None:
    """The words just before a date that make it a year of comparison (matched on folded text ending at the date)."""
    if not data.get("before"):
        return None
    words = "|".join(re.escape(fold(x)) for x in sorted(data["before"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})\s+{data.get('gap', '')}\s*$")


def _compile(phrases: Iterable[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((p, re.compile(r"(?<!\w)" + re.escape(fold(p)) + r"(?!\w)")) for p in phrases)


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_PATH) -> Cues:
    data = json.loads(path.read_text(encoding="utf-8"))
    target_label, target_result = _target_label(data.get("target_label", {}))
    return Cues(
        commitment=_compile(data["commitment"]["phrases"]),
        outcome=_compile(data["outcome"]["phrases"]),
        commitment_lemmas=frozenset(data["commitment"]["lemmas"]),
        outcome_lemmas=frozenset(data["outcome"]["lemmas"]),
        heading_commitment=_compile(data["headings"]["commitment"]),
        heading_outcome=_compile(data["headings"]["outcome"]),
        recommendation=_compile(data.get("recommendation", {}).get("phrases", [])),
        heading_recommendation=_compile(data["headings"].get("recommendation", [])),
        bullets=data["bullets"],
        heading_max_words=int(data["heading_max_words"]),
        target_label=target_label,
        target_result=target_result,
        target_max_words=int(data.get("target_label", {}).get("max_words", 16)),
        reference_year=_reference_year(data.get("reference_year", {})),
    )


def target_line(text: str, cues: Cues | None = None) -> bool:
    """A short line labelled as a target ("Cible : 84 km sur la durée du plan", "Objectif 2024 : 60 projets")
    that names no result after its label."""
    cues = cues or load_cues()
    t = fold(text).strip()
    m = cues.target_label.match(t) if cues.target_label else None
    return bool(m) and len(t.split()) <= cues.target_max_words and not (cues.target_result and cues.target_result.search(t[m.end():]))


def fold(text: str) -> str:
    """Lower case, typographic apostrophes and spaces folded."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").lower())


RELATIVE = re.compile(r"(?:\bqui|\bqu'|\bdont|\blaquelle|\blequel|\blesquel(?:le)?s)\s*(?:\w+\s+)?$")


def matched(patterns: Sequence[tuple[str, re.Pattern[str]]], text: str, mark_relative: bool = False) -> list[str]:
    """Cue names found in the text; with ``mark_relative``, a cue inside a relative clause
    ("… qui vise à proposer", "… qui s'engagent à") is named ``sub:<cue>``: it qualifies a noun,
    it does not say what the sentence is."""
    t = fold(text)
    out = []
    for name, rx in patterns:
        m = rx.search(t)
        if m:
            out.append(f"sub:{name}" if mark_relative and RELATIVE.search(t[:m.start()]) else name)
    return out


def cue_words(text: str, cues: Cues | None = None) -> tuple[list[str], list[str]]:
    """Commitment and outcome cue phrases found in a text."""
    cues = cues or load_cues()
    return matched(cues.commitment, text, mark_relative=True), matched(cues.outcome, text)


def _content(tokens: Sequence[Token], bullets: str) -> list[Token]:
    """Tokens without leading bullets and markup."""
    out = [t for t in tokens if not t.is_space]
    while out and (out[0].text in bullets or set(out[0].text) <= set(MARKUP + bullets)):
        out = out[1:]
    return [t for t in out if t.text.strip(MARKUP)]


def lemma_text(tokens: Sequence[Token]) -> str:
    """Lemmas in order, numbers as NUM and years as YEAR (what TF-IDF reads)."""
    out: list[str] = []
    for t in tokens:
        if t.is_punct or t.is_space:
            continue
        if YEAR.match(t.text):
            out.append("YEAR")
        elif t.like_num or any(c.isdigit() for c in t.text):
            out.append("NUM")
        else:
            out.append(t.lemma_.lower())
    return " ".join(out)


GENRE_CONJUNCTIONS = ("m:", "s:", "x:", "t:", "p:", "h:", "n:", "l:", "v:")  # features read differently by document kind
SUBORDINATE = {"acl", "acl:relcl", "advcl", "csubj", "obl", "obl:mod", "obl:arg", "nmod", "amod", "appos"}


def in_main_clause(t: Token) -> bool:
    """No relative, adverbial or nominal-modifier clause between the token and the root."""
    node = t
    while node.head.i != node.i:
        if node.dep_ in SUBORDINATE:
            return False
        node = node.head
    return True


def _irrealis(t: Token) -> bool:
    """A verb in the future or the conditional ("atteindra", "s'établirait"): not a result."""
    verb = [t, *[c for c in t.children if c.dep_.startswith("aux")]]
    return any("Fut" in v.morph.get("Tense") or "Cnd" in v.morph.get("Mood") for v in verb)


def _morph(tokens: Sequence[Token]) -> dict[str, float]:
    f: dict[str, float] = {}
    for t in tokens:
        m = t.morph
        if t.pos_ in ("VERB", "AUX"):
            where = "main" if in_main_clause(t if t.pos_ == "VERB" else t.head) else "sub"
            perfect = t.pos_ == "AUX" and "Part" in t.head.morph.get("VerbForm")
            if "Fut" in m.get("Tense") and not perfect:  # "aura consenti" is a past seen from later
                f["m:fut"] = 1.0
                f[f"m:fut_{where}"] = 1.0
            if "Cnd" in m.get("Mood"):
                f["m:cnd"] = 1.0
                f[f"m:cnd_{where}"] = 1.0
            if t.lemma_ in ("devoir", "pouvoir") and any("Inf" in c.morph.get("VerbForm") for c in t.children):
                f[f"m:modal_{where}"] = 1.0
            if "Imp" in m.get("Tense") and "Fin" in m.get("VerbForm"):
                f["m:imparfait"] = 1.0
            if "Pres" in m.get("Tense") and "Fin" in m.get("VerbForm"):
                f["m:present"] = 1.0
        if "Part" in m.get("VerbForm") and "Past" in m.get("Tense"):
            auxes = [c for c in t.children if c.dep_.startswith("aux")]
            tense_aux = [a for a in auxes if a.dep_ != "aux:pass"]  # "est projetée": a present passive, not a past
            if any("Pres" in a.morph.get("Tense") for a in tense_aux):
                f["m:passe_compose"] = 1.0
            elif any("Imp" in a.morph.get("Tense") for a in tense_aux):
                f["m:plus_que_parfait"] = 1.0
            elif any("Fut" in a.morph.get("Tense") for a in tense_aux):
                f["m:futur_anterieur"] = 1.0
            if "Pass" in m.get("Voice"):
                f["m:passive"] = 1.0
    return f


def features(tokens: Sequence[Token], ctx: Context, cues: Cues | None = None) -> tuple[str, dict[str, float], list[str]]:
    """(lemma text, cue features, cue names that fired) for one sentence."""
    cues = cues or load_cues()
    content = _content(tokens, cues.bullets)
    text = "".join(t.text_with_ws for t in content).strip()  # as written: "s'élève", "d'ici" stay whole
    c_hits, o_hits = cue_words(text, cues)
    c_hits += [f"~{t.lemma_}" for t in content if t.lemma_ in cues.commitment_lemmas]
    o_hits += [f"~{t.lemma_}" for t in content if t.lemma_ in cues.outcome_lemmas and not _irrealis(t)]
    c_main = [t for t in content if t.lemma_ in cues.commitment_lemmas and t.pos_ == "VERB" and in_main_clause(t)]
    f: dict[str, float] = {f"c:{c}": 1.0 for c in c_hits}
    f.update({f"o:{c}": 1.0 for c in o_hits})
    f["n:c"] = min(len([c for c in c_hits if not c.startswith("sub:")]), 4) / 4
    f["n:o"] = min(len(o_hits), 4) / 4
    f.update({f"r:{c}": 1.0 for c in matched(cues.recommendation, text)})
    if c_main:
        f["c:main_verb"] = 1.0
    f.update(_morph(content))
    words = [t for t in content if not t.is_punct]
    if words:
        first = words[0]
        if "Inf" in first.morph.get("VerbForm") or (first.pos_ == "VERB" and first.text.lower().endswith(("er", "ir", "re"))):
            f["s:inf_initial"] = 1.0
        if first.like_num or first.text[:1].isdigit():
            f["s:num_initial"] = 1.0
    finite = any("Fin" in t.morph.get("VerbForm") or "Part" in t.morph.get("VerbForm") for t in words)
    if not finite:
        f["s:no_verb"] = 1.0
    nums = [t for t in words if (t.like_num or t.text[:1].isdigit()) and not YEAR.match(t.text)]
    if nums:
        f["s:figure"] = 1.0
    if any(YEAR.match(t.text) for t in words):
        f["s:year"] = 1.0
    if "%" in text or "€" in text:
        f["s:unit_sign"] = 1.0
    folded = fold(text)
    if PLANNED_DENOMINATOR.search(folded):  # "35 livrés sur les 50 programmés": a target and its result
        f["p:planned_denominator"] = 1.0
    if AS_OF.search(folded):
        f["p:as_of_date"] = 1.0
    if NAMED_TARGET.search(folded):  # "pour une cible de 12 000", "sur un objectif de 450"
        f["p:named_target"] = 1.0
    if ctx.bullet:
        f["x:bullet"] = 1.0
    if NUMBERED.match(text) and not text.rstrip().endswith((".", "!", "?", ";", ":")):
        f["x:numbered_title"] = 1.0  # "A. Les procédures ont été assouplies": a section title
    if ctx.standalone:
        f["x:standalone"] = 1.0
        if not text.rstrip().endswith((".", "!", "?", ";", ":")):
            f["x:no_final_stop"] = 1.0
    if ctx.heading:
        hc, ho = matched(cues.heading_commitment, ctx.heading), matched(cues.heading_outcome, ctx.heading)
        if hc:
            f["h:commitment"] = 1.0
            c_hits.append(f"heading:{hc[0]}")
        if ho:
            f["h:outcome"] = 1.0
        if matched(cues.heading_recommendation, ctx.heading):
            f["h:recommendation"] = 1.0
        if re.search(r"\b(19|20)\d\d\b", ctx.heading):
            f["h:year"] = 1.0
    if ctx.table:  # "Cible 2024" / "BP 2025" columns are commitments, "Réalisé" / "CA" columns outcomes
        f["t:row"] = 1.0
        if matched(cues.heading_commitment, ctx.table) or matched(cues.commitment, ctx.table):
            f["t:commitment"] = 1.0
        if matched(cues.heading_outcome, ctx.table) or matched(cues.outcome, ctx.table):
            f["t:outcome"] = 1.0
    if ctx.lead and ctx.bullet:
        lc, lo = cue_words(ctx.lead, cues)
        if lc:
            f["l:commitment"] = 1.0
            c_hits.append(f"lead:{lc[0]}")
        if lo:
            f["l:outcome"] = 1.0
    if ctx.prev:  # "Le plan prévoyait 450 recrutements. Ce chiffre avait été construit…": the paragraph goes on
        pc, po = cue_words(ctx.prev, cues)
        if [c for c in pc if not c.startswith("sub:")]:
            f["v:commitment"] = 1.0
        if po:
            f["v:outcome"] = 1.0
    if ctx.bullet and "s:inf_initial" in f and ("h:commitment" in f or "l:commitment" in f):
        f["x:objective_bullet"] = 1.0
    if ctx.genre:  # "s'élève à 612 M€" is budgeted in a budget primitif, spent in a compte administratif
        f[f"g:{ctx.genre}"] = 1.0
        f.update({f"{ctx.genre}|{k}": 1.0 for k in list(f) if k.startswith(GENRE_CONJUNCTIONS)})
    tense = sorted(k for k in f if k.startswith(("m:fut", "m:cnd", "m:modal", "m:imparfait", "m:passe_compose")))
    return lemma_text(content), f, sorted(set(c_hits)) + sorted(set(o_hits)) + tense


# ---- layout: where each sentence stands ------------------------------------


def _is_bullet(line: str, bullets: str) -> bool:
    s = line.lstrip(" \t#>")
    if not s:
        return False
    if s[0] in bullets and s[0] not in "-*o":
        return True
    if s[0] in "-*o" and len(s) > 1 and s[1] in " \t" and not s.startswith("**"):
        return True
    return False  # "1. " / "A. " open numbered titles or items: standalone lines, not bullets


def _strip_markup(s: str) -> str:
    return s.strip().strip(MARKUP).strip()


def is_heading_line(line: str, cues: Cues | None = None) -> bool:
    """A short line without a final stop: a title, not a sentence."""
    cues = cues or load_cues()
    raw = line.strip()
    if not raw or "\t" in raw or sum(c.isdigit() for c in raw) > len(raw) / 3:
        return False  # a table row or a line of figures, not a title
    if raw.startswith("#"):
        return True
    if _is_bullet(raw, cues.bullets):
        return False
    s = _strip_markup(raw)
    if not s or s.endswith((".", "!", "?", ";", ",", ":")):
        return False
    if KEY_FIGURE.match(" ".join(s.split())):
        return False  # "52 équipements sportifs subventionnés", "19,8 M€ d'investissement public": a key figure, not a title
    return len(s.split()) <= cues.heading_max_words and not s[0].islower()


def sentence_contexts(doc: Doc, sents: Iterable[Span] | None = None, cues: Cues | None = None) -> list[tuple[Span, Context]]:
    """Each sentence with its heading, lead-in, bullet and standalone flags, and the document's kind."""
    cues = cues or load_cues()
    text = doc.text
    genre = (doc._.genre if Doc.has_extension("genre") else "") or ""
    heading, lead, table, table_end = "", "", "", -1
    prev, prev_end = "", -1
    out: list[tuple[Span, Context]] = []
    for sent in sents if sents is not None else doc.sents:
        raw = sent.text
        if not raw.strip():
            continue
        start = sent.start_char + len(raw) - len(raw.lstrip())
        end = sent.start_char + len(raw.rstrip())
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        before = text[ls:start]
        line = text[ls:le]
        at_start = not before.strip(MARKUP + cues.bullets + " ")
        after = text[end:le].strip(MARKUP + " ")
        standalone = at_start and not after
        bullet = at_start and _is_bullet(line, cues.bullets)
        if at_start and not bullet:
            lead = ""  # a new paragraph ends the list a lead-in introduced
        row = ""
        if "\t" in line.strip():
            if table and ls == table_end + 1:
                row = table  # a row under the table's header line
            elif ls > table_end:
                table = line.strip()  # the first tab line of a block is its header
            table_end = le
        elif ls > table_end:
            table = ""
        same_paragraph = prev_end >= 0 and "\n\n" not in text[prev_end:start] and not at_start
        ctx = Context(heading=heading, lead=lead if bullet else "", bullet=bullet, standalone=standalone, table=row, genre=genre,
                      prev=prev if same_paragraph else "")
        prev, prev_end = raw.strip(), end
        if standalone and is_heading_line(line, cues):
            heading, lead = _strip_markup(line), ""
            ctx.heading = heading if not bullet else ctx.heading
        out.append((sent, ctx))
        stripped = _strip_markup(sent.text)
        if stripped.endswith(":"):
            lead = stripped
    return out
