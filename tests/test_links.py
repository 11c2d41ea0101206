"""The link model: pair features, the selection of outcomes, a stale model retrained from the shipped pairs."""
from __future__ import annotations

from bilan_nlp.compare import ReportInfo, links
from bilan_nlp.compare.comparator import Comparator

PLAN = ("Schéma départemental des mobilités 2021-2026\n\n"
        "Le schéma prévoit l'aménagement de 120 kilomètres de voies cyclables d'ici 2024.\n\n"
        "Le Département recrutera 4 agents de médiation en 2022.")
BILAN = ("Schéma départemental des mobilités – bilan 2024\n\n"
         "Fin 2024, 96 kilomètres de voies cyclables ont été aménagés.\n\n"
         "La fréquentation des lignes de car a progressé de 8 % en deux ans.")


def test_the_best_candidate_is_kept_from_a_lower_floor_and_weak_ones_are_not_dragged_in():
    assert links.select([0.3, 0.1]) == [0]  # a lone best link above the floor
    assert links.select([0.9, 0.6, 0.4]) == [0, 1]  # the third is under the threshold
    assert links.select([0.2, 0.1]) == []
    assert links.select([0.95, 0.52]) == [0, 1] and links.select([0.95, 0.46]) == [0]


def test_an_outcome_of_the_later_bilan_is_linked_by_subject_unit_and_year(extract_text):
    plan, bilan = extract_text(PLAN, "plan"), extract_text(BILAN, "bilan")
    cmp = Comparator([plan, bilan], {"plan": ReportInfo("plan", 2021, (2021, 2021)), "bilan": ReportInfo("bilan", 2025, (2024, 2024))})
    pdoc = cmp.docs[0]
    (km,) = [c for c in plan.claims if c.type == "commitment" and c.value == 120]
    pairs = {o.text: f for _, o, _, f in cmp.pairs(pdoc, km)}
    done = pairs["Fin 2024, 96 kilomètres de voies cyclables ont été aménagés."]
    other = pairs["La fréquentation des lignes de car a progressé de 8 % en deux ans."]
    assert done["unit_ok"] == done["head_eq"] == done["year_eq_deadline"] == done["later_doc"] == 1.0
    assert done["cos"] > other["cos"] and other["kind_conflict"] == 1.0
    (result,) = [r for r in cmp.run() if r.commitment is km]
    assert [o.text for o in result.outcomes] == ["Fin 2024, 96 kilomètres de voies cyclables ont été aménagés."]
    assert (result.status, result.ratio) == ("partial", 0.8)


def test_a_stale_model_is_retrained_from_the_shipped_pair_features(tmp_path):
    bundle = links.load_bundle(tmp_path / "absent.joblib")
    assert bundle is not None and bundle["features"] == links.FEATURES
    strong = dict.fromkeys(links.FEATURES, 0.0) | {"cos": 0.9, "metric_fuzzy": 1.0, "metric_in_o": 1.0, "head_eq": 1.0, "unit_ok": 1.0,
                                                   "same_section": 1.0, "near": 1.0, "adjacent": 1.0, "same_doc": 1.0,
                                                   "cos_rel": 1.0, "metric_fuzzy_rel": 1.0, "metric_in_o_rel": 1.0, "magnitude": 0.05}
    weak = dict.fromkeys(links.FEATURES, 0.0) | {"dist": 1.0, "kind_conflict": 1.0, "magnitude": 1.0}
    p_strong, p_weak = links.predict(bundle, [strong, weak])
    assert p_strong > 0.5 > p_weak


def test_a_recalled_target_and_its_result_in_one_sentence_are_linked(extract_text):
    text = ("Rapport développement durable 2024\n\n"
            "Énergie des bâtiments communaux\n\n"
            "L'étape de 400 kWc prévue pour 2022 a été franchie dès 2021, avec la mise en service de la centrale de la halle.\n\n"
            "La fréquentation des piscines a progressé de 6 % en un an.")
    report = extract_text(text, "rapport")
    cmp = Comparator([report], {"rapport": ReportInfo("rapport", 2025, (2024, 2024))})
    (c,) = [x for x in report.claims if x.type == "commitment"]
    (result,) = [r for r in cmp.run() if r.commitment is c]
    assert [o.start_char for o in result.outcomes] == [c.start_char]  # the sentence's own outcome half
