"""The fields of a claim: its main figure, its metric, its year or deadline.

The main figure is a mention of ``doc.spans["mentions"]`` inside the sentence
(dates and places aside). A figure is *secondary* when the text ties it to
another one (``contre``, ``soit``, ``dont``, ``sur``, ``au bénéfice de``, in
brackets): a baseline, a part, a denominator, a beneficiary count. A figure is
*committed* when a commitment word governs it (``prévoyait … 450``, ``objectif
de 5``, ``221 travaux planifiés``, ``cible : 45 km``). A commitment takes the
first committed figure, an outcome the first primary figure that is not
committed. Several primary figures of one kind (``1M€ en 2022, 750 000€ en
2023``) are a list, not one figure: the claim then has no single value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..dates.dates import MONTHS
from ..extensions import DATES, FIGURES, MENTIONS, PLACES
from .features import CUES_PATH, ENVELOPE_BEFORE, fold, load_cues

FIGURE_KINDS = ("amount", "headcount", "quantity", "percentage")
DURATION_UNITS = {"an", "ans", "année", "années", "mois", "semaine", "semaines"}
SECONDARY_BEFORE = re.compile(
    r"(?:\d\s*(?:des|sur les|parmi les)|\bcontre|\bsoit|\bdont|\bsur(?: les?| la| l'| des)?|\bconcernant|\bciblant|\bparmi|\bau bénéfice d(?:e|es|u)|"
    r"\bau profit d(?:e|es|u)|\bauprès d(?:e|es|u)|\bpour un (?:coût|montant) (?:de|estimé à)|\(\s*(?:soit|contre|dont)?)"
    r"[\s:+\-–]*(?:(?:près de|environ|plus de|moins de|au moins|quelque)\s+)?$"
)
# a figure that restates or splits a target ("230 PLAI par an, soit 1 380 sur la durée, dont 30 % hors
# agglomération", "… pour un coût de 2,4 M€"): a target of its own, scored apart where the gold lists it apart
SECOND_TARGET_BEFORE = re.compile(
    r"(?:\bsoit|\bdont|\bpour un (?:coût|montant|budget) (?:total )?(?:de|estimé à)|\bà hauteur de)"
    r"[\s:+\-–]*(?:(?:près de|environ|plus de|moins de|au moins|au plus|quelque)\s+)?$"
)
# a level the commitment leads to, said after it: "…, ce qui porterait l'offre à 455 lits", "…, pour atteindre
# la cible de 201,5 ETP", "au-delà de la cible de 400 lits"
CONSEQUENCE_BEFORE = re.compile(
    r"\bce qui (?:porterai?t|portera|amènerai?t|amènera|élèverai?t|élèvera|représenterai?t|représentera)\b"
    r"(?:[^,;.()]{0,50}?\bà)?\s*(?:(?:près de|environ|plus de|au moins)\s+)?$")
NAMED_TARGET_BEFORE = re.compile(r"(?:\bla cible|\bl'objectif|\bune cible|\bun objectif)(?:\s+[\w-]+){0,2}?\s*(?:de|d'|:)\s*$")
AND_BEFORE = re.compile(r"^\s*(?:et|,)\s*$")
BASELINE_BEFORE = re.compile(r"(?:\bcontre|\bpar rapport à|\bau lieu de|\bà comparer (?:à|avec))\s*[:+\-–]?\s*(?:(?:près de|environ|plus de|moins de|seulement|seuls?|seules?)\s+)?$")
FROM_BEFORE = re.compile(r"(?:\bde|\bdepuis)\s*$")
TO_BEFORE = re.compile(r"\bà\s*(?:(?:près de|environ|plus de|moins de)\s+)?$")
COMMIT_HEADS = {"prévoir", "viser", "planifier", "programmer", "ambitionner", "engager", "envisager", "projeter", "fixer", "cibler", "promettre", "prévision"}
COMMIT_NOUNS = {"objectif", "cible", "prévision", "engagement", "ambition", "horizon", "jalon", "plafond", "plancher"}
COMMIT_AFTER = re.compile(r"^\W{0,3}\s*(?:\w+\s+){0,2}(?:prévus?|prévues?|planifiée?s?|programmée?s?|attendue?s?|visée?s?|ciblée?s?|fixée?s?|retenue?s?|inscrite?s? au budget)\b")
# a sentence opened by a participle clause ("Expérimenté depuis 2017 dans six communes, …"): its figures are
# what has been done, the level the main clause's commitment starts from
PARTICIPLE_OPENING = re.compile(r"^\W*(?!cot[ée]\b|sant[ée]\b|[ée]t[ée]\b|ann[ée]e\b)(?:[a-zà-ÿ]{2,}(?<!it)ée?s?|ouverte?s?|mise?s? en place)"
                                r"\s+(?:en|depuis|dès|le|au|aux|à|par|avec|dans|pour|sur|lors)\b[^,;:]*$")
PLAN_YEAR_BEFORE = re.compile(
    r"(?:\b(?:pris|prise?s?|annoncée?s?|adoptée?s?|impulsée?s?|lancée?s?|votée?s?|signée?s?|arrêtée?s?|approuvée?s?|élaborée?s?)\s+(?:en|le|au|à)?\s*(?:l'année\s+|mars\s+|\w+\s+)?"
    r"|\b(?:plan|programme|schéma|contrat|pacte|convention|feuille de route|stratégie|engagements?|projet|plan d'action)\s+(?:\w+\s+){0,3}(?:de|du)\s+)$"
)
DEADLINE_BEFORE = re.compile(r"(?:d'ici|à l'horizon|à horizon|horizon|avant|au plus tard|jusqu'(?:à|en|au)|d'ici la fin de|fin)\s*(?:la fin de\s*|l'année\s*|fin\s*)?$")
DURATION = re.compile(r"\b(?:en|sur|d'ici|dans|sous)\s+(?:une durée de\s+|un délai de\s+|les\s+)?(?P<n>\d{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+ans\b")
WORD_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10}
YEAR_IN = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
METRIC_WORDS = 9
DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "au", "aux"}


@dataclass
class Fields:
    metric: str = ""
    value: float | None = None
    unit: str | None = None
    year: str | None = None  # outcome: the year the figure is for
    deadline: str | None = None  # commitment: the year it is due
    figure: Span | None = None


def mentions_in(doc: Doc, sent: Span) -> list[Span]:
    """Mentions inside the sentence (from the merged group, else the raw groups)."""
    if MENTIONS in doc.spans and len(doc.spans[MENTIONS]):
        pool = list(doc.spans[MENTIONS])
    else:
        pool = [s for g in (DATES, FIGURES, PLACES) if g in doc.spans for s in doc.spans[g]]
    return sorted((m for m in pool if m.start >= sent.start and m.end <= sent.end), key=lambda m: m.start)


def _slice(sent: Span, start: int, end: int) -> str:
    """Characters start:end of the doc, taken from the sentence (``doc.text`` is rebuilt at each access)."""
    return sent.text[max(start, sent.start_char) - sent.start_char : min(end, sent.end_char) - sent.start_char]


def _before(doc: Doc, sent: Span, m: Span, chars: int = 40) -> str:
    lo = max(sent.start_char, m.start_char - chars)
    return fold(_slice(sent, lo, m.start_char))


def _in_brackets(sent: Span, m: Span) -> bool:
    head = _slice(sent, sent.start_char, m.start_char)
    return head.count("(") > head.count(")")


def _secondary(doc: Doc, sent: Span, figs: list[Span]) -> set[int]:
    """Indexes of figures tied to another figure (baseline, part, denominator, beneficiaries, a bracket)."""
    out: set[int] = set()
    bracketed = [_in_brackets(sent, m) for m in figs]
    for i, m in enumerate(figs):
        before = _before(doc, sent, m)
        if bracketed[i] and not all(bracketed):
            out.add(i)  # "3,6 M€ ont été engagés (1,1 M€ en 2022, 1,2 M€ en 2023…)": the parts
        elif i > 0 and SECONDARY_BEFORE.search(before):
            out.add(i)
        elif i > 0 and (i - 1) in out and AND_BEFORE.match(_slice(sent, figs[i - 1].end_char, m.start_char)):
            out.add(i)  # "concernant 3 358 agents et 1 139 collectifs"
        elif i == 0 and before.rstrip().endswith("("):
            out.add(i)
    return out


def _governing_verb(m: Span, sent: Span) -> Token | None:
    """The nearest verb above the figure's noun inside the sentence (what says what happens to it)."""
    for anc in m.root.ancestors:
        if anc.i < sent.start or anc.i >= sent.end:
            return None
        if anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


def _committed(doc: Doc, sent: Span, m: Span) -> bool:
    """A commitment word governs the figure (``prévoyait … 450``, ``objectif de 5``, ``221 travaux planifiés``,
    ``sera ramené à 10 jours``)."""
    if COMMIT_AFTER.match(fold(_slice(sent, m.end_char, min(sent.end_char, m.end_char + 30)))):
        return True
    if re.search(r"\b(?:prévus?|prévues?|planifiée?s?|programmée?s?)\b", fold(m.text)):
        return True
    opening = fold(_slice(sent, sent.start_char, m.start_char))
    if PARTICIPLE_OPENING.match(opening) and "," in _slice(sent, m.end_char, sent.end_char):
        return False  # the starting level, before the main clause's future
    before = _before(doc, sent, m, 30)
    if re.search(r"(?:objectif|cible|prévision|ambition)s?\s*(?:initiale\s*)?(?:de|d'|:|fixée? à|est de|était de)?\s*[+\-–]?\s*(?:\w+\s+){0,2}$", before):
        return True
    if re.search(ENVELOPE_BEFORE + "$", before):
        return True  # "131,6 M€ versés, sur une enveloppe publique de 152 M€": the envelope is what was planned
    if _purpose_of_commitment(m, sent):
        return True
    for anc in m.root.ancestors:  # the nouns up to the governing verb, then that verb
        if anc.i < sent.start or anc.i >= sent.end:
            break
        lemma = anc.lemma_.lower()
        if lemma in COMMIT_HEADS or lemma in COMMIT_NOUNS:
            return True
        if anc.dep_ == "advcl" and (anc.pos_ == "ADJ" or "Part" in anc.morph.get("VerbForm")) \
                and not any(c.dep_.startswith("aux") for c in anc.children):
            return False  # "Expérimenté depuis 2017 dans six communes, le portage sera étendu à 30": where it started
        if anc.pos_ in ("VERB", "AUX"):
            verbs = [anc, *(c for c in anc.children if c.dep_.startswith("aux"))]
            if any("Fut" in v.morph.get("Tense") or "Cnd" in v.morph.get("Mood") for v in verbs):
                return True
            if lemma in ("devoir", "pouvoir") or any(v.lemma_ in ("devoir", "pouvoir") for v in verbs):
                return True
            head = anc.head  # "prévoit de créer 40 places": the infinitive's governor
            if anc.dep_ in ("xcomp", "ccomp", "acl") and head.lemma_.lower() in COMMIT_HEADS | {"devoir", "pouvoir", "vouloir", "souhaiter", "entendre"}:
                return True
            break
    return False


def _purpose_of_commitment(m: Span, sent: Span) -> bool:
    """"Porter les effectifs à 201,5 ETP, pour atteindre un taux de 0,64": the aim of a commitment (an
    infinitive or future verb) is a target too; the aim of a result ("ont progressé de 12 pour atteindre
    201") is not."""
    for anc in m.root.ancestors:
        if anc.i < sent.start or anc.i >= sent.end:
            return False
        if anc.pos_ == "VERB" and _infinitive(anc) and anc.head is not anc and any(
                c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in anc.children):
            head = anc.head
            return _infinitive(head) or _future(head) or head.lemma_.lower() in COMMIT_HEADS
    return False


def _subordinate_target(doc: Doc, sent: Span, m: Span) -> bool:
    """A target that the sentence's main target leads to or is held against: its aim ("pour atteindre la
    cible de 201,5 ETP"), its consequence ("ce qui porterait l'offre à 455 lits"), a named target after it."""
    before = _before(doc, sent, m, 80)
    return bool(_purpose_of_commitment(m, sent) or CONSEQUENCE_BEFORE.search(before) or NAMED_TARGET_BEFORE.search(before))


def _baselines(doc: Doc, sent: Span, figs: list[Span]) -> set[int]:
    """Figures that give the level a target starts from: ``contre 35 % en 2021``, ``de 21 jours … à 10 jours``."""
    out: set[int] = set()
    for i, m in enumerate(figs):
        before = _before(doc, sent, m)
        if BASELINE_BEFORE.search(before):
            out.add(i)
            continue
        if FROM_BEFORE.search(before) and _to_level(doc, sent, figs, i) is not None:  # "passer de X (en 2021) à Y"
            out.add(i)  # X is where it starts
    return out


def _to_level(doc: Doc, sent: Span, figs: list[Span], i: int) -> int | None:
    """In "porter … de 8 à 14 places", the index of the level to reach (14) after the start (8)."""
    for j in range(i + 1, len(figs)):
        if figs[j].label_ == figs[i].label_ and TO_BEFORE.search(_before(doc, sent, figs[j], 60)):
            return j
    return None


def baseline_figures(doc: Doc, sent: Span, figures: list[Span]) -> list[Span]:
    """The baseline figures of a sentence (see ``_baselines``)."""
    figs = [m for m in figures if m.label_ in FIGURE_KINDS]
    return [figs[i] for i in sorted(_baselines(doc, sent, figs))]


PER_TIME = {"an", "ans", "mois", "année", "jour", "jours", "semaine", "trimestre", "heure", "heures"}


def _per_thing(m: Span) -> bool:
    """"0,64 ETP par place", "3 000 € par logement": a ratio, not a count of the same unit ("par an" is a rate in time)."""
    doc = m.doc
    if m.end + 1 >= len(doc) or doc[m.end].lower_ not in ("par", "/"):
        return False
    nxt = doc[m.end + 1]
    return nxt.is_alpha and nxt.lower_ not in PER_TIME


def same_unit(a: Span, b: Span) -> bool:
    """Two figures of one kind counting the same thing (a ratio and a count are not)."""
    if a.label_ != b.label_:
        return False
    if _per_thing(a) != _per_thing(b):
        return False
    if a.label_ in ("amount", "percentage"):
        return True
    return fold(str(a._.subject or a._.unit or ""))[:5] == fold(str(b._.subject or b._.unit or ""))[:5]


def choose_figure(doc: Doc, sent: Span, label: str, figures: list[Span], dual: bool = False) -> Span | None:
    """The claim's main figure, or None when it has none or a list of them (see ``choose_figures``)."""
    found = choose_figures(doc, sent, label, figures, dual)
    return found[0] if found else None


def choose_figures(doc: Doc, sent: Span, label: str, figures: list[Span], dual: bool = False) -> list[Span]:
    """The claim's figures, its main one first: one per thing counted, so that "une enveloppe de
    9 M€ et un objectif de 9 500 jeunes" is two commitments, as the gold lists them.

    A commitment takes its committed figures, never the baseline it starts from; an
    outcome figures that are not committed, the baseline of a commitment when the
    sentence states no result. ``dual``: the sentence is both, so the committed
    figures go to the commitment and the others to the outcome. Several primary
    figures of the same kind and unit ("1 M€ en 2022, 750 000 € en 2023") are a
    list: no single value for that unit. Figures tied to another one (a part after
    "dont", a baseline after "contre", a bracket) are never a claim's own.
    """
    figs = [m for m in figures if m.label_ in FIGURE_KINDS and fold(str(m._.unit or "")) not in MONTHS]
    if len(figs) > 1:
        figs = [m for m in figs if str(m._.unit or "").lower() not in DURATION_UNITS] or figs
    if not figs:
        return []
    secondary = _secondary(doc, sent, figs)
    baseline = _baselines(doc, sent, figs)
    committed = {i for i, m in enumerate(figs) if _committed(doc, sent, m)} - baseline
    # "porter … de 8 à 14 places, par transformation de six places": the level it goes to is the target
    committed |= {j for i in baseline if FROM_BEFORE.search(_before(doc, sent, figs[i]))
                  for j in [_to_level(doc, sent, figs, i)] if j is not None} - baseline
    everything = list(range(len(figs)))

    def pick(pool: list[int]) -> list[int]:
        """Main figure first, then one figure per other counted thing; [] for a list of parallel figures."""
        if not pool:
            return []
        primary = [i for i in pool if i not in secondary] or pool[:1]
        # "23 jours, en hausse de 2 jours": the level, not its change ("six agents supplémentaires" alone is the figure)
        levels = [i for i in primary if not (figs[i]._.change and any(
            not figs[j]._.change and same_unit(figs[i], figs[j]) for j in primary))]
        out: list[int] = []
        for i in levels:
            same = [j for j in levels if same_unit(figs[i], figs[j])]
            if len(same) > 1:
                if i == levels[0]:
                    return []  # the main figure is one of a list
                continue
            if not any(same_unit(figs[i], figs[j]) for j in out):
                out.append(i)
        return out

    others = [i for i in everything if i not in baseline and i not in committed]
    # an uncommitted figure of a committed figure's unit is where it starts, not a second target; a
    # committed figure that only restates another ("…, soit 50 par an") leaves its unit free
    anchors = {j for j in committed if not SECOND_TARGET_BEFORE.search(_before(doc, sent, figs[j]))}
    if label == "commitment" and not dual:
        # the level a target leads to is a second target (``second_targets``), not one of a list with it
        subordinate = {j for j in everything if j > 0 and j not in baseline and _subordinate_target(doc, sent, figs[j])}
        if subordinate and len(committed - subordinate) + len(others) > 0:
            committed, anchors = committed - subordinate, anchors - subordinate
            others = [i for i in others if i not in subordinate]
    free = [] if dual else [i for i in others if not any(same_unit(figs[i], figs[j]) for j in anchors)]
    target = pick(sorted(committed) + free if committed else (others or everything))
    if label == "commitment":
        return [figs[i] for i in target]
    # the outcome: what is not committed nor a baseline, then the baseline; in a sentence that is
    # both, never the figure the commitment took ("30 gares seront accessibles, contre 11 aujourd'hui"),
    # nor what restates it ("vise 2 400 logements, soit 400 par an, contre 430 par an en 2012-2017")
    taken = set(target[:1]) | _restated(doc, sent, figs, committed) if dual else set()
    result = [i for i in everything if i not in committed and i not in baseline and i not in taken]
    return [figs[i] for i in pick(result or [i for i in everything if i in baseline] or ([] if dual else everything))]


def _restated(doc: Doc, sent: Span, figs: list[Span], anchors: set[int]) -> set[int]:
    """Figures that restate or split an anchor figure right before them ("2 400 logements, soit 400 par an,
    dont 80 PLAI"): each follows an anchor or another such figure, after soit / dont / pour un coût de.
    A rate after a count ("312 réalisés sur 335 prévus, soit 93 %") is how far it got, not a restatement."""
    out: set[int] = set()
    for i in range(1, len(figs)):
        if figs[i].label_ == "percentage" and figs[i - 1].label_ != "percentage":
            continue
        if (i - 1 in anchors or i - 1 in out) and _restates(doc, sent, figs[i]):
            out.add(i)
    return out


def _restates(doc: Doc, sent: Span, m: Span) -> bool:
    """After soit / dont / pour un coût de, or an increment in brackets ("201,5 ETP (+ 15 ETP)")."""
    before = _before(doc, sent, m)
    return bool(SECOND_TARGET_BEFORE.search(before) or (m._.change and re.search(r"\(\s*[+\-–]?\s*$", before)))


def second_targets(doc: Doc, sent: Span, figures: list[Span], chosen: list[Span], dual: bool = False) -> list[Span]:
    """The commitment's restated or partial targets, after its main ones: "soit 1 380 logements sur la
    durée", "dont au moins 30 % hors agglomération", "pour un coût de 2,4 M€". Never a baseline, a
    duration, or a value already taken. In a sentence that is also an outcome (``dual``), only a figure
    chained right after a target is one; the others may be the results."""
    if not chosen:
        return []
    figs = [m for m in figures if m.label_ in FIGURE_KINDS and fold(str(m._.unit or "")) not in MONTHS
            and str(m._.unit or "").lower() not in DURATION_UNITS]
    baseline = _baselines(doc, sent, figs)
    taken = {m.start_char for m in chosen}
    chained = _restated(doc, sent, figs, {i for i, m in enumerate(figs) if m.start_char in taken}) if dual else None
    values = [(m.label_, m._.value) for m in chosen]
    out = []
    for i, m in enumerate(figs):
        if i in baseline or m.start_char in taken or m.start_char < chosen[0].start_char or m._.value is None:
            continue
        if (m.label_, m._.value) in values or not (_restates(doc, sent, m) or (not dual and _subordinate_target(doc, sent, m))):
            continue
        if chained is not None and i not in chained:
            continue
        out.append(m)
        values.append((m.label_, m._.value))
    return out


def _future(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and ("Fut" in t.morph.get("Tense") or "Cnd" in t.morph.get("Mood"))


def _infinitive(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and "Inf" in t.morph.get("VerbForm")


def _main_infinitive(verb: Token) -> bool:
    """An infinitive of the sentence's own list of actions: not under a participle ("permettant de"), a
    purpose ("pour", "afin de") or a relative clause."""
    chain = [verb.head if verb.dep_ == "conj" else verb]
    while chain[-1].dep_ != "ROOT" and chain[-1].head is not chain[-1]:
        chain.append(chain[-1].head)
    for t in chain[:-1] if chain[-1].dep_ == "ROOT" else chain:
        if t.dep_ == "acl:relcl" or any(c.dep_ == "mark" and c.lower_ in ("pour", "afin", "sans", "avant") for c in t.children):
            return False
    return not any("Part" in t.morph.get("VerbForm") and "Pres" in t.morph.get("Tense") for t in chain)


def other_clauses(sent: Span, figures: list[Span], chosen: list[Span], with_figures: bool = False) -> list[Span]:
    """Clauses of a commitment, joined by ";", "et" or a comma, that promise something else:
    in "le nombre d'écoles labellisées sera porté à 400 en 2022, et la totalité des lycées sera
    labellisée en 2024" the lycées are a second commitment, with no figure. A cut needs a future verb
    after it, or an infinitive that carries on a list of infinitives ("Poser 14 compteurs d'ici 2020 et
    conduire chaque année une campagne sur 60 km", "mettre en place un observatoire, réaliser 30
    campagnes et développer l'information"); an "et" needs a verb before it too ("recrutera 12 agents
    et 3 psychologues" is one clause). [] unless the sentence's own targets lie in another clause.
    ``with_figures``: also the clauses that count something of their own (their figures are targets)."""
    if not chosen:
        return []
    doc = sent.doc
    finite = lambda a, b: any(doc[k].pos_ in ("VERB", "AUX") for k in range(a, b))  # noqa: E731
    future = lambda a, b: any(_future(doc[k]) for k in range(a, b))  # noqa: E731

    def carries_on(a: int, b: int, last: int) -> bool:
        """The clause opens on an infinitive (after "à" / "de" at most) of the main list, and the one
        before holds one ("permettant d'unifier … et d'améliorer …" says what the target is for)."""
        first = next((k for k in range(a, min(b, a + 3)) if doc[k].pos_ in ("VERB", "AUX")), None)
        return first is not None and _infinitive(doc[first]) and all(
            doc[k].lower_ in ("à", "de", "d'", "et") for k in range(a, first)) and any(
            _infinitive(doc[k]) for k in range(last, a)) and _main_infinitive(doc[first])

    marks = [t.i for t in sent if t.text == ";" or (t.lower_ == "et" and t.pos_ == "CCONJ")
             or (t.text == "," and t.i + 1 < sent.end and _infinitive(doc[t.i + 1]))]
    bounds, last = [sent.start], sent.start
    for k, i in enumerate(marks):
        nxt = marks[k + 1] if k + 1 < len(marks) else sent.end
        if doc[i].text in (",", ";") or finite(last, i):
            if future(i + 1, nxt) or carries_on(i + 1, nxt, last):
                bounds.append(i)
                last = i + 1
    if len(bounds) < 2:
        return []
    bounds.append(sent.end)
    parts = [doc[a + (0 if a == sent.start else 1):b] for a, b in zip(bounds, bounds[1:])]
    inside = lambda p, m: p.start_char <= m.start_char < p.end_char  # noqa: E731
    if not any(inside(p, m) for p in parts for m in chosen):
        return []
    promising = lambda p: future(p.start, p.end) or _infinitive(next((t for t in p if t.pos_ in ("VERB", "AUX")), p[0]))  # noqa: E731
    return [p for p in parts if len(p) > 2 and promising(p) and not any(inside(p, m) for m in chosen)
            and (with_figures or not any(inside(p, m) for m in figures if m.label_ in FIGURE_KINDS))]


def milestone_figures(doc: Doc, sent: Span, figures: list[Span], dates: list[Span]) -> list[Span]:
    """Targets of one thing set for successive dates, each figure followed by its own year: "ramené à
    266 ETPT en 2022 puis à 262 ETPT en 2024" is two commitments (as the gold lists them), not a
    list without a value. [] when the figures are not such a series."""
    figs = [m for m in figures if m.label_ in FIGURE_KINDS and fold(str(m._.unit or "")) not in MONTHS]
    baseline = _baselines(doc, sent, figs)
    pool = [m for i, m in enumerate(figs) if i not in baseline]
    if len(pool) < 2 or not all(same_unit(pool[0], m) for m in pool[1:]):
        return []
    years = []
    for k, m in enumerate(pool):
        stop = pool[k + 1].start_char if k + 1 < len(pool) else sent.end_char
        own = [d for d in dates if m.end_char <= d.start_char < stop and (d._.end or d._.start)]
        if not own:
            return []
        years.append(_date_year(own[0])[1] or _date_year(own[0])[0])
    return pool if len(set(years)) == len(years) and years == sorted(years) else []


def _date_year(m: Span) -> tuple[str | None, str | None]:
    s, e = m._.start, m._.end
    return (str(s)[:4] if s else None, str(e)[:4] if e else None)


def plan_year(doc: Doc, sent: Span, dates: list[Span]) -> int | None:
    """The year of the plan a commitment sentence speaks of (``le plan adopté en 2022``)."""
    for m in dates:
        if PLAN_YEAR_BEFORE.search(_before(doc, sent, m, 60)):
            s, e = _date_year(m)
            if s or e:
                return int(s or e)  # type: ignore[arg-type]
    return None


def _baseline_dates(doc: Doc, sent: Span, dates: list[Span], figure: Span | None) -> set[int]:
    """Dates that say when the starting level stood, before the target: the 2018 of "ramené de
    58 jours en 2018 à moins de 30 jours" is no deadline."""
    if figure is None:
        return set()
    figs = [m for m in mentions_in(doc, sent) if m.label_ in FIGURE_KINDS]
    out: set[int] = set()
    for i in _baselines(doc, sent, figs):
        b = figs[i]
        nxt = min([m.start_char for m in figs if m.start_char > b.start_char], default=sent.end_char)
        if nxt <= figure.start_char:
            out |= {d.start_char for d in dates if b.end_char <= d.start_char < nxt}
    return out


def deadline(doc: Doc, sent: Span, dates: list[Span], heading: str = "", lead: str = "",
             figure: Span | None = None) -> str | None:
    """The year a commitment is due: a deadline date, a duration from the plan year, a heading year.

    Of several dates, the one that follows the claim's figure in its clause ("120 places d'ici
    2023, puis une extension en 2026": the 120 places are due in 2023), else the latest.
    """
    plan = plan_year(doc, sent, dates)
    ends: list[tuple[int, Span]] = []
    starts = _baseline_dates(doc, sent, dates, figure)
    compared = load_cues().reference_year
    for m in dates:
        before = _before(doc, sent, m, 60)
        if PLAN_YEAR_BEFORE.search(before) or m.start_char in starts or (compared is not None and compared.search(fold(before))):
            continue
        s, e = _date_year(m)
        if e:
            ends.append((int(e), m))
        elif s and not re.search(r"depuis\s*(?:l'année\s+)?$", before):
            ends.append((int(s), m))
    if ends:
        if figure is not None and len({y for y, _ in ends}) > 1:
            after = [(y, m) for y, m in ends if m.start_char >= figure.end_char
                     and not re.search(r"[;(]|\b(?:puis|dont|contre|par rapport)\b", fold(_slice(sent, figure.end_char, m.start_char)))]
            if after:
                return str(min(after, key=lambda x: x[1].start_char)[0])
        return str(max(y for y, _ in ends))
    text = fold(sent.text)
    d = DURATION.search(text)
    if d and plan:
        n = d.group("n")
        return str(plan + int(WORD_NUMBERS.get(n, n) if not n.isdigit() else n) - 1)
    for ctx in (lead, heading):
        years = YEAR_IN.findall(ctx)
        if years:
            return max(years)
    return None


def baseline_year(doc: Doc, sent: Span, dates: list[Span], figure: Span | None) -> str | None:
    """The year of the level a commitment starts from: a date written with it, up to the next figure
    ("de 58 jours en 2018 à 30 jours", "contre 21 jours en 2021"); never the target's deadline."""
    if figure is None:
        return None
    figs = [m for m in mentions_in(doc, sent) if m.label_ in FIGURE_KINDS]
    nxt = min([m.start_char for m in figs if m.start_char > figure.start_char], default=sent.end_char)
    for m in dates:
        if figure.end_char <= m.start_char < nxt and not re.search(r"(?:d'ici|horizon|avant|fin)\W*$", _before(doc, sent, m, 20)):
            s, e = _date_year(m)
            if e or s:
                return e or s
    return None


def outcome_year(doc: Doc, sent: Span, dates: list[Span], figure: Span | None, heading: str = "") -> str | None:
    """The year an outcome's figure is for: the date nearest the figure, or the one date of the sentence
    (not a year it is compared with: "+ 12 % par rapport à 2019")."""
    compared = load_cues().reference_year
    usable = []
    for m in dates:
        before = _before(doc, sent, m, 30)
        if re.search(r"(?:depuis|dès|à partir de)\s*(?:l'année\s+|l'été\s+|le début de l'année\s+)?$", before):
            continue
        wider = _before(doc, sent, m, 60)
        if PLAN_YEAR_BEFORE.search(wider) or (compared is not None and compared.search(wider)):
            continue
        s, e = _date_year(m)
        if e or s:
            usable.append((m, e or s))
    if figure is not None and usable:
        def dist(m: Span) -> int:
            return m.start - figure.end if m.start >= figure.end else (figure.start - m.end) + 1

        return min(usable, key=lambda x: (dist(x[0]), x[0].start))[1]
    years = {y for _, y in usable}
    if len(years) == 1:
        return years.pop()
    if not dates:
        years_h = YEAR_IN.findall(heading)
        if len(set(years_h)) == 1:
            return years_h[0]
    return None


# ---- metric -------------------------------------------------------------------


def _phrase(tokens: list[Token]) -> str:
    toks = [t for t in tokens if (not t.is_punct or t.text in "'-") and not t.like_num and not any(c.isdigit() for c in t.text)]
    while toks and (fold(toks[0].text) in DETERMINERS or toks[0].pos_ in ("ADP", "DET", "CCONJ", "PUNCT")):
        toks = toks[1:]
    toks = toks[:METRIC_WORDS]
    while toks and (toks[-1].pos_ in ("ADP", "DET", "CCONJ", "ADV", "PRON", "SCONJ", "PUNCT", "AUX") or fold(toks[-1].text) in DETERMINERS):
        toks = toks[:-1]
    text = " ".join(t.text for t in toks).replace(" ' ", "'").replace("' ", "'").replace(" - ", "-")
    return fold(text).strip(" ,;:")


def _np(head: Token, limit: Span) -> list[Token]:
    """The head noun and its right-hand noun complements (``rénovation des sites déconcentrés``)."""
    keep = [head]
    for child in head.rights:
        if child.i >= limit.end:
            break
        if child.dep_ in ("nmod", "amod", "acl", "flat:name", "fixed", "compound") or (child.dep_ == "appos" and child.pos_ != "NUM"):
            if child.dep_ in ("acl", "nmod") and child.pos_ == "VERB" and "Fin" in child.morph.get("VerbForm"):
                continue
            sub = [t for t in child.subtree if t.i < limit.end and not t.like_num and t.pos_ != "NUM"]
            if any(t.text in "()" for t in sub):
                sub = [t for t in sub if t.i < next(x.i for x in sub if x.text in "()")]
            keep.extend(sub)
    keep = sorted(set(keep), key=lambda t: t.i)
    out = []
    for t in keep:  # stop at a gap (relative clause, bracket)
        if out and t.i != out[-1].i + 1 and t.i - out[-1].i > 1:
            break
        out.append(t)
    return out


@lru_cache(maxsize=1)
def _metric_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))["metric"]
    return frozenset(data["measure_units"]), frozenset(data["weak_heads"]), frozenset(data["item_labels"])


def weak_label(label: str) -> bool:
    """A label that says nothing of what is measured: only a unit ('km', 'jours') or a generic head ('objectif')."""
    units, heads, _ = _metric_words()
    words = [w for w in re.findall(r"[\w%€²³]+", fold(label)) if w not in DETERMINERS and w not in ("n", "no")]
    return not words or all(w in units or w in heads or w.isdigit() for w in words)


def _after_item_label(sent: Span) -> Span:
    """The sentence without the item label a plan's line opens with ('Engagement n° 16 –', 'Objectif 3 :')."""
    _, _, labels = _metric_words()
    toks = [t for t in sent if not t.is_space and t.text not in load_cues().bullets]
    if len(toks) < 3 or fold(toks[0].text) not in labels:
        return sent
    for t in toks[1:8]:
        if t.text in ("–", "-", "—", ":", "|", "/"):
            return sent.doc[t.i + 1:sent.end] if t.i + 1 < sent.end else sent
        if not (fold(t.text) in labels or t.like_num or t.is_punct or t.text in ("n°", "n", "°", "no", "N°")
                or re.fullmatch(r"[0-9IVXivx]+(?:[.\-][0-9a-z]+)*\.?|[A-Za-z]\d*", t.text)):
            return sent
    return sent


def metric(sent: Span, figure: Span | None, label: str = "outcome") -> str:
    """A short lower-case label of what the claim measures or aims at.

    When the first reading gives only a unit or a generic head, the verb's object or subject says
    what is measured, the unit kept in brackets ("réseau d'aménagements cyclables (km)").
    """
    sent = _after_item_label(sent)
    first = _metric(sent, figure, label)
    if not weak_label(first):
        return first
    content = [t for t in sent if not t.is_space and t.text not in load_cues().bullets]
    if content and "Inf" in content[0].morph.get("VerbForm"):  # "Renforcer la prévention … des moins de six ans"
        return _phrase(content[:METRIC_WORDS])
    better = _verb_label(sent, label, figure)
    if not better:
        return first
    units = _metric_words()[0]
    unit = fold(str(figure._.unit)) if figure is not None and figure._.unit else ("%" if figure is not None and figure.label_ == "percentage" else "")
    return f"{better} ({unit})" if unit and unit in units and unit not in ("eur", "euros", "€") else better


def _lexical(verb: Token) -> Token:
    """An auxiliary or copula stands for the word it serves ("est doté" → "doté", "sera ramené" → "ramené")."""
    if verb.dep_ in ("cop", "aux", "aux:pass", "aux:tense") and verb.head.pos_ in ("NOUN", "PROPN", "VERB"):
        return verb.head
    return verb


def _verb_label(sent: Span, label: str, figure: Span | None) -> str:
    """The first object or subject of the sentence's verbs that is more than a unit or a generic word."""
    for verb in _label_verbs(sent, label):
        verb = _lexical(verb)
        if verb.pos_ == "NOUN" and not (figure is not None and figure.start <= verb.i < figure.end):
            text = _phrase(_np(verb, sent))  # a verbless line, or a parse that made the subject the root
            if text and not weak_label(text):
                return text
        # "vise à porter les effectifs de 20 à 30 ETP": the infinitive it governs says what changes, before its subject
        pairs = [(v, "obj") for v in reversed(_infinitive_chain(verb, sent)[1:])]
        pairs += [(verb, dep) for dep in ("obj", "nsubj:pass", "nsubj", "obl:arg")]
        for v, dep in pairs:
            for t in v.children:
                if t.dep_ != dep or t.pos_ not in ("NOUN", "PROPN") or not t.is_alpha or not sent.start <= t.i < sent.end:
                    continue
                if figure is not None and figure.start <= t.i < figure.end:
                    continue
                text = _phrase(_np(t, sent))
                if text and not weak_label(text):
                    return text
    return ""


def _infinitive_chain(verb: Token, sent: Span) -> list[Token]:
    """The verb and the infinitives it governs, one inside the other ("vise à porter", "doit permettre de créer")."""
    chain = [verb]
    while len(chain) < 5:
        nxt = [c for c in chain[-1].children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" and sent.start <= c.i < sent.end]
        if not nxt:
            break
        chain.append(nxt[0])
    return chain


def _metric(sent: Span, figure: Span | None, label: str) -> str:
    content = [t for t in sent if not t.is_space and t.text not in load_cues().bullets]
    if not content:
        return ""
    if figure is not None and figure.label_ in ("headcount", "quantity") and figure._.unit:
        # the counted noun as written, then its complements ("recrutements" + "au service social")
        tail = []
        for t in sent.doc[figure.end:sent.end]:
            if t.pos_ not in ("ADP", "DET", "NOUN", "ADJ", "PROPN", "CCONJ") or t.like_num or len(tail) >= 7:
                break
            tail.append(t)
        label = _phrase(tail)
        unit = fold(str(figure._.unit))
        if not label or label[:1] in "',-":
            return unit
        lead = []  # the preposition _phrase drops is part of the label here ("jours de formation par an")
        for t in tail:
            if t.pos_ not in ("ADP", "DET") and fold(t.text) not in DETERMINERS:
                break
            lead.append(fold(t.text))
        return fold(" ".join([unit, *lead, label])).replace("' ", "'").strip()
    if figure is not None and figure.label_ in ("amount", "percentage"):
        head = figure.root.head
        if figure.label_ == "percentage" and head.pos_ == "VERB" and head is not figure.root:
            # "réduire de 20 % la consommation d'énergie": the verb's object is what changes by that rate
            # (the small model often hangs that object on the rate itself, as a complement with no preposition)
            objects = [t for t in head.children if t.dep_ == "obj"]
            objects += [t for t in figure.root.children if t.dep_ == "nmod" and t.i >= figure.end
                        and not any(c.dep_ == "case" for c in t.children)]
            for t in objects:
                if t.pos_ == "NOUN" and not figure.start <= t.i < figure.end and sent.start <= t.i < sent.end:
                    label = _phrase(_np(t, sent))
                    if label and not weak_label(label):
                        return label
        # money or a rate "for" something: the complement that says what
        for t in sent:
            if t.is_alpha and len(t.text) > 2 and not (figure.start <= t.i < figure.end) and t.dep_ in ("obl:arg", "obl:mod", "nmod", "obl") and t.pos_ == "NOUN" and t.i > figure.start and any(c.lower_ in ("à", "pour", "de", "des", "du", "au", "aux") for c in t.children if c.dep_ == "case"):
                if t.lemma_ in ("an", "année", "mois", "moyenne", "total", "titre", "hauteur", "période", "agent", "habitant"):
                    continue
                label = _phrase(_np(t, sent))
                if label:
                    return label
    first = content[0]
    if "Inf" in first.morph.get("VerbForm") or (first.pos_ == "VERB" and first.i == sent.start):
        return _phrase(content[: METRIC_WORDS])
    for verb in _label_verbs(sent, label):
        label_text = _object_of(verb, sent)
        if label_text:
            return label_text
    nouns = [t for t in content if t.pos_ == "NOUN"]
    return _phrase(_np(nouns[0], sent)) if nouns else _phrase(content[:METRIC_WORDS])


def _label_verbs(sent: Span, label: str) -> list[Token]:
    """The verbs of the sentence, those that carry the label first (future for a commitment…)."""
    verbs = [t for t in sent if t.pos_ in ("VERB", "AUX")]

    def carries(t: Token) -> bool:
        forms = [t, *(c for c in t.children if c.dep_.startswith("aux"))]
        if label == "commitment":
            return t.lemma_.lower() in COMMIT_HEADS or any("Fut" in f.morph.get("Tense") or "Cnd" in f.morph.get("Mood") for f in forms) or t.lemma_ in ("devoir", "pouvoir", "entendre")
        return "Part" in t.morph.get("VerbForm") and any(c.dep_.startswith("aux") for c in t.children)

    first = [t for t in verbs if carries(t)]
    root = sent.root
    return first + ([root] if root is not None and root not in first else [])


def _object_of(verb: Token, sent: Span) -> str:
    """What the verb acts on: the object of its deepest infinitive, else its passive subject, object or subject."""
    verb = _lexical(verb)
    chain = _infinitive_chain(verb, sent)
    if verb.pos_ in ("NOUN", "PROPN"):
        return _phrase(_np(verb, sent))
    for v in reversed(chain):
        for dep in ("obj", "nsubj:pass"):
            for t in v.children:
                if t.dep_ == dep and t.pos_ in ("NOUN", "PROPN") and t.is_alpha and len(t.text) > 1 and sent.start <= t.i < sent.end:
                    label = _phrase(_np(t, sent))
                    if label:
                        return label
    for t in verb.children:
        if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN"):
            return _phrase(_np(t, sent))
    return ""

