"""The status a reader would give a commitment, as ANNOTATION.md defines it.

In order:
1. ``not_met`` when an outcome says it was abandoned or failed;
2. ``met`` when the commitment promises a report on the plan (a bilan, an
   evaluation) and a later related report, published by its due date, is
   compared: that report is the one promised;
   ``pending`` when the commitment's own deadline (written in its sentence, or
   its table column) is not yet past at the report's publication year, even if
   an interim figure already reaches it: a target for the year of publication
   is still pending;
3. ``met`` when the ratio reaches 1;
4. ``pending`` when the commitment looks ahead of the report otherwise: a
   commitment without a deadline of its own in a plan whose period runs past the
   report ("Plan climat 2020-2026" judged in 2023), unless it is yearly or said to
   be done; or, unless its deadline is past and as long as no later report
   speaks of it, a forward-looking commitment: a future, conditional or modal
   verb ("bénéficieront", "pourraient", "doit permettre"), a forward marker
   ("d'ici", "à l'horizon", "prévoit"), or any commitment of a plan or a budget
   judged at its own date. A deadline that only comes from a heading
   ("Perspectives 2022") does not make a commitment pending by itself;
5. ``no_evidence`` when nothing reports on it;
6. ``not_met`` when the ratio is not above 0;
7. ``partial`` with a ratio below 1, or when an outcome signals a shortfall
   ("restent à faire", "toujours en cours", "sur une cible de");
8. ``met`` when an outcome says it was done in full ("conformément à",
   "objectifs atteints", "engagement tenu"), or when a later report gives an
   action without a figure as done and says nothing is missing;
9. ``partial`` otherwise: something was done, nothing says all of it (a
   report's own objectives with some of their actions, a figure that cannot be
   checked against the target).
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from .similarity import fold, lexicon
from .values import _year, per_year


def forward_looking(commitment: Any) -> bool:
    """The sentence itself speaks of the future (tense, mood, modal, 'd'ici'…)."""
    cues = set(commitment.cues or [])
    if any(c.startswith(tuple(lexicon()["forward_cues"])) for c in cues):
        return True
    return bool(re.search(lexicon()["forward"], fold(commitment.text)))


def _has(pattern_key: str, outcomes: Sequence[Any]) -> Any:
    rx = re.compile(lexicon()[pattern_key])
    for o in outcomes:
        m = rx.search(fold(o.text))
        if m:
            return o, m.group(0)
    return None


def decide(commitment: Any, outcomes: Sequence[Any], ratio: float | None, report_year: int | None,
           later_evidence: bool = False, plan_document: bool = False, plan_end: int | None = None) -> tuple[str, str]:
    """(status, short reason in French).

    ``later_evidence``: some outcome comes from a document published after the
    commitment's; ``plan_document``: the commitment stands in a plan or a budget,
    whose every commitment looks forward from its own date; ``plan_end``: the last
    year of the plan it stands in ("Plan climat 2020-2026"), the due date of its
    commitments that give none of their own.
    """
    deadline = _year(commitment.deadline)
    fail = _has("failure", outcomes)
    if fail:
        return "not_met", f"le texte signale un abandon ou un échec (« {fail[1]} », {fail[0].id})"
    if later_evidence and report_year is not None and (deadline is None or deadline <= report_year) and re.search(
            lexicon()["self_report"], fold(commitment.text)):
        return "met", "le rapport comparé est le bilan annoncé"
    # a deadline of the commitment's own (in its sentence, or its table column), not one read off a heading
    written = deadline is not None and (str(deadline) in commitment.text or "rule:table_column" in (commitment.cues or []))
    if report_year is not None and written and deadline >= report_year:  # type: ignore[operator]
        return "pending", f"échéance {deadline} non échue à la date du rapport ({report_year})"
    if ratio is not None and ratio >= 1:
        return "met", "cible atteinte"
    if (report_year is not None and deadline is None and plan_end is not None and plan_end >= report_year
            and not per_year(commitment.text) and not _has("done_in_full", outcomes)):
        return "pending", f"plan en cours jusqu'en {plan_end} à la date du rapport ({report_year})"
    past = deadline is not None and report_year is not None and deadline < report_year
    if not past and not later_evidence and (plan_document or forward_looking(commitment)):
        return "pending", "engagement tourné vers l'avenir" + (f" (échéance {deadline})" if deadline else " sans échéance échue")
    if not outcomes:
        return "no_evidence", "aucun résultat ne s'y rapporte dans les textes comparés"
    if ratio is not None:
        if ratio <= 0:
            return "not_met", "aucun progrès vers la cible"
        return "partial", "progrès sans atteindre la cible"
    short = _has("shortfall", outcomes)
    if short:
        return "partial", f"le texte signale un manque (« {short[1]} », {short[0].id})"
    done = _has("done_in_full", outcomes)
    if done:
        return "met", f"le texte dit l'engagement tenu (« {done[1]} », {done[0].id})"
    if later_evidence and commitment.value is None:
        # a later report gives the planned action as done and says nothing is missing
        return "met", "un rapport ultérieur rapporte l'action, sans réserve"
    return "partial", "des actions sont rapportées, sans dire l'engagement entièrement tenu"
