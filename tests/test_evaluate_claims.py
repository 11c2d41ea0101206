"""Scoring claims and links against a gold file: pure functions over a gold dict and records."""
from __future__ import annotations

from bilan_nlp.compare import Result
from bilan_nlp.evaluate_claims import dice, norm_text, same_sentence, score_claims, score_links
from bilan_nlp.records import Claim

PLAN = "Le plan d'action de 2022 prévoyait de réaliser 450 recrutements en 3 ans."
DONE = "Au total, 300 recrutements ont été réalisés entre 2022 et 2024."
BOTH = "180 interventions ont été réalisées sur les 221 travaux planifiés."
OTHER = "Le secteur social connaît des tensions de recrutement."

GOLD = {
    "doc": "d",
    "claims": [
        {"id": "c1", "type": "commitment", "text": PLAN, "value": 450},
        {"id": "o1", "type": "outcome", "text": DONE, "value": 300},
        {"id": "c2", "type": "commitment", "text": BOTH, "value": 221},
        {"id": "o2", "type": "outcome", "text": BOTH, "value": 180},
        {"id": "o3", "type": "outcome", "text": BOTH, "value": 81.4},  # a second figure of the same sentence
        {"id": "c3", "type": "commitment", "text": "Développer l'offre de formation"},
    ],
    "links": [
        {"commitment": "c1", "outcomes": ["o1"], "status": "partial", "ratio": 0.67},
        {"commitment": "c2", "outcomes": ["o2"], "status": "partial", "ratio": 0.81},
        {"commitment": "c3", "outcomes": [], "status": "no_evidence"},
    ],
}


def claim(cid: str, kind: str, text: str, value: float | None = None) -> Claim:
    return Claim(doc="d", id=cid, type=kind, text=text, start_char=0, end_char=len(text), value=value)


def test_texts_match_after_folding_or_by_high_overlap():
    assert norm_text("• Le plan d’action de 2022  prévoyait de réaliser 450 **recrutements** en 3 ans.") == norm_text(PLAN)
    assert same_sentence("Le plan d’action de 2022 prévoyait", "Le plan d'action de 2022 prévoyait") == 1.0
    assert dice(PLAN, PLAN + " Ce chiffre") < 1.0
    assert 0.8 <= same_sentence(PLAN, PLAN + " Ce chiffre") < 1.0  # cut a little differently: same claim
    assert same_sentence(PLAN, OTHER) == 0.0


def test_claim_scores_per_type_over_distinct_sentences():
    pred = [claim("c1", "commitment", PLAN, 450), claim("c2", "commitment", BOTH, 221), claim("c3", "commitment", OTHER),
            claim("o1", "outcome", DONE, 300), claim("o2", "outcome", BOTH, 180)]
    s = score_claims(GOLD, pred)
    assert (s["commitment"]["tp"], s["commitment"]["pred"], s["commitment"]["gold"]) == (2, 3, 3)
    assert s["outcome"]["gold"] == 2  # o2 and o3 are one sentence
    assert s["outcome"]["precision"] == s["outcome"]["recall"] == 1.0
    assert s["values"] == {"found": 4, "gold": 5, "recall": 0.8}  # 81.4 is not a predicted value


def test_links_found_with_the_gold_status_and_spurious_pairs():
    c1, c2, c3 = claim("c1", "commitment", PLAN, 450), claim("c2", "commitment", BOTH, 221), claim("c3", "commitment", "Développer l'offre de formation")
    o1, o2, ox = claim("o1", "outcome", DONE, 300), claim("o2", "outcome", BOTH, 180), claim("o9", "outcome", OTHER)
    results = [
        Result(c1, [o1, ox], "partial", 0.67),  # found, with one spurious outcome
        Result(c2, [o2], "met", 0.81),  # found, wrong status
        Result(c3, [], "no_evidence"),  # both say nothing reports on it
    ]
    s = score_links(GOLD, [c1, c2, c3, o1, o2, ox], results)
    assert (s["links"], s["found"], s["status_ok"]) == (3, 3, 2)
    assert (s["true_pairs"], s["spurious_pairs"], s["spurious_per_true"]) == (2, 1, 0.5)


def test_an_unmatched_commitment_is_a_link_not_found():
    s = score_links(GOLD, [claim("o1", "outcome", DONE)], [])
    assert s["found"] == 0 and s["commitments_matched"] == 0


def test_an_outcome_of_a_later_document_is_read_under_that_documents_gold_ids():
    # the plan's gold names the bilan's outcome o4; our comparator numbered that sentence o1 in the bilan
    plan_gold = {"doc": "plan", "claims": [{"id": "c1", "type": "commitment", "text": PLAN}],
                 "links": [{"commitment": "c1", "outcomes": ["bilan#o4"], "status": "partial"}]}
    bilan_gold = {"doc": "bilan", "claims": [{"id": "o4", "type": "outcome", "text": DONE}]}
    c1 = Claim(doc="plan", id="c1", type="commitment", text=PLAN, start_char=0, end_char=len(PLAN))
    o1 = Claim(doc="bilan", id="o1", type="outcome", text=DONE, start_char=0, end_char=len(DONE))
    results = [Result(c1, [o1], "partial")]
    from bilan_nlp.evaluate_claims import claim_alignment

    alone = score_links(plan_gold, [c1], results)
    assert alone["found"] == 0  # without the bilan's alignment its o1 means nothing
    aligned = score_links(plan_gold, [c1], results, alignments={"bilan": claim_alignment(bilan_gold, [o1])})
    assert (aligned["found"], aligned["status_ok"], aligned["true_pairs"], aligned["spurious_pairs"]) == (1, 1, 1, 0)


def test_a_table_row_of_three_targets_is_three_gold_commitments_told_apart_by_value():
    row = "Cible 3 000 4 500 6 000"
    gold = {"doc": "d", "claims": [{"id": f"c{k}", "type": "commitment", "text": row, "value": v}
                                   for k, v in ((1, 3000), (2, 4500), (3, 6000))]}
    from bilan_nlp.evaluate_claims import claim_alignment

    pred = [claim("c1", "commitment", row, 4500), claim("c2", "commitment", row)]
    assert claim_alignment(gold, pred) == {"c1": {"c2"}, "c2": {"c1", "c2", "c3"}}


def test_a_gold_commitment_is_scored_against_our_claim_of_its_value_not_the_first_of_its_sentence():
    text = "Objectif : 230 logements PLAI par an, soit 1 380 logements sur la durée du plan, dont 30 % hors agglomération."
    done = "Sur six ans, 1 212 logements PLAI ont été agréés."
    gold = {"doc": "d", "claims": [{"id": "c1", "type": "commitment", "text": text, "value": 1380},
                                   {"id": "o1", "type": "outcome", "text": done, "value": 1212}],
            "links": [{"commitment": "c1", "outcomes": ["o1"], "status": "partial"}]}
    yearly, total, share = (claim("c1", "commitment", text, 230), claim("c2", "commitment", text, 1380),
                            claim("c3", "commitment", text, 30))
    o1 = claim("o1", "outcome", done, 1212)
    results = [Result(yearly, [], "no_evidence"), Result(total, [o1], "partial", 0.88), Result(share, [], "no_evidence")]
    s = score_links(gold, [yearly, total, share, o1], results)
    assert (s["found"], s["status_ok"], s["spurious_pairs"]) == (1, 1, 0)
    # with no claim of the gold value, the first of the sentence answers for it
    s = score_links(gold, [yearly, share, o1], [results[0], results[2]])
    assert (s["found"], s["status_ok"]) == (0, 0)
