"""Commitments held against outcomes: links, ratios, statuses, report years, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilan_nlp.compare import ReportInfo, compare, gold_links, results_frame, to_json_rows
from bilan_nlp.compare.comparator import Comparator, sections
from bilan_nlp.compare.periods import parse_covered, report_info, title_years
from bilan_nlp.compare.status import decide
from bilan_nlp.compare.values import Figure, attainment, lower_is_better, per_year, target_clause
from bilan_nlp.records import Claim

PLAN = (
    "Plan local de l'habitat 2022-2024\n\n"
    "Le plan adopté en 2022 prévoit la création de 200 places d'hébergement d'ici 2024.\n\n"
    "Le plan prévoit de porter à 120 le nombre de bénéficiaires de l'accueil familial d'ici 2030.\n\n"
    "Le territoire compte 8 200 demandeurs de logement social."
)
BILAN = (
    "Bilan 2024 du plan local de l'habitat\n\n"
    "En 2024, 150 places d'hébergement ont été créées.\n\n"
    "La demande reste très forte dans les communes du littoral."
)


def claim(text: str, kind: str = "commitment", **fields) -> Claim:
    return Claim(doc=fields.pop("doc", "d"), id=fields.pop("id", "c1"), type=kind, text=text, start_char=0, end_char=len(text), **fields)


# ---- two documents --------------------------------------------------------------


def test_a_later_report_answers_an_earlier_plan(extract_text):
    plan, bilan = extract_text(PLAN, "plan"), extract_text(BILAN, "bilan")
    infos = {"plan": ReportInfo("plan", 2022, (2022, 2022)), "bilan": ReportInfo("bilan", 2025, (2023, 2024))}
    results = {r.commitment.deadline: r for r in compare([plan, bilan], infos)}
    places = results["2024"]
    assert [o.doc for o in places.outcomes] == ["bilan"]
    assert (places.status, places.ratio) == ("partial", 0.75)  # 150 of 200, deadline 2024 past in 2025
    assert "150" in places.reason and "200" in places.reason
    family = results["2030"]
    assert (family.status, family.outcomes) == ("pending", [])  # due 2030, judged in 2025
    links = gold_links(list(results.values()), "plan")
    assert {"commitment": places.commitment.id, "outcomes": ["bilan#" + places.outcomes[0].id], "status": "partial", "ratio": 0.75} in links


def test_a_report_compared_with_itself_uses_the_target_an_outcome_recalls(extract_text):
    text = ("Recrutement\n\nLe plan de 2021 prévoyait 100 départs compensés chaque année et un renforcement de 60 agents "
            "sur la période.\n\nAu total, les effectifs ont progressé de 45 agents supplémentaires (sur une cible de 60 agents).")
    ex = extract_text(text, "rh")
    results = {r.commitment.value: r for r in compare([ex], {"rh": ReportInfo("rh", 2024, (2021, 2023))})}
    assert set(results) == {100, 60}  # one commitment per thing counted
    result = results[60]
    assert result.status == "partial" and result.ratio == 0.75
    assert result.outcomes and result.outcomes[0].type == "outcome"


# ---- ratios -----------------------------------------------------------------------


def test_a_per_year_target_is_held_against_the_sum_of_the_years():
    c = claim("Le plan prévoyait 2 M€ investis chaque année dans la rénovation.", value=2e6, unit="EUR")
    target = Figure(2e6, "amount", "EUR")
    o1, o2 = claim("…", "outcome", id="o1"), claim("…", "outcome", id="o2")
    evidence = [(o1, [Figure(1e6, "amount", "EUR", year=2022), Figure(7.5e5, "amount", "EUR", year=2023)]),
                (o2, [Figure(5e5, "amount", "EUR", year=2022)])]
    att = attainment(c, target, evidence, period_end=2024, period_start=2022)
    assert att.ratio == round(2.25e6 / 6e6, 3)  # 2024 reported nothing: counted as 0
    assert "2022 : 1,5 M€ (75%)" in att.reason and "2024 : 0 €" in att.reason


def test_a_stated_total_wins_over_its_parts():
    c = claim("Un renforcement de 150 professionnels est prévu.", value=150, unit="professionnels")
    target = Figure(150, "headcount", "professionnels", change=True)
    parts = claim("Le service A compte 43 agents supplémentaires et le service B 53.", "outcome", id="o1")
    total = claim("Au total, les effectifs ont progressé de près de 100 personnes.", "outcome", id="o2")
    evidence = [(parts, [Figure(43, "headcount", "agents", change=True), Figure(53, "headcount", "agents", change=True)]),
                (total, [Figure(100, "headcount", "personnes", approx=True, change=True)])]
    att = attainment(c, target, evidence, period_end=2024)
    assert att.ratio == 0.667 and "≈" in att.reason


def test_parts_are_summed_only_when_they_are_parts_of_one_count():
    c = claim("Le schéma prévoit 200 places nouvelles d'ici 2024.", value=200, unit="places")
    target = Figure(200, "quantity", "places")
    blois = claim("120 places ont ouvert à Blois.", "outcome", id="o1", place="Blois")
    vendome = claim("Vendôme en compte 50 de plus.", "outcome", id="o2", place="Vendôme")
    att = attainment(c, target, [(blois, [Figure(120, "quantity", "places", year=2024)]),
                                 (vendome, [Figure(50, "quantity", "places", year=2024)])], period_end=2024)
    assert att.ratio == 0.85 and "somme des parties" in att.reason
    # the same figure in the text and in a table is one figure, not two parts
    table = claim("Places nouvelles\t120", "outcome", id="o3", place="Blois")
    att = attainment(c, target, [(blois, [Figure(120, "quantity", "places", year=2024)]),
                                 (table, [Figure(120, "quantity", "places", year=2024)])], period_end=2024)
    assert att.ratio == 0.6
    # rates are not added up: 66 % here and 66 % there is not 132 %
    rate = claim("Porter à 70 % la part des communes desservies.", value=70, unit="%")
    a = claim("La part atteint 66 % dans le nord.", "outcome", id="o4", place="Nord")
    b = claim("Elle atteint 60 % dans le sud.", "outcome", id="o5", place="Sud")
    att = attainment(rate, Figure(70, "percentage", "%"), [(a, [Figure(66, "percentage", "%", year=2024)]),
                                                          (b, [Figure(60, "percentage", "%", year=2024)])], period_end=2024)
    assert att.ratio is not None and att.ratio < 1 and "somme" not in att.reason


def test_a_delay_to_cut_is_lower_is_better():
    c = claim("L'objectif est de réduire le délai moyen de traitement à 30 jours.", value=30, unit="jours", metric="délai moyen de traitement")
    assert lower_is_better(c.text, c.metric)
    att = attainment(c, Figure(30, "quantity", "jours"), [(claim("…", "outcome"), [Figure(45, "quantity", "jours")])], None)
    assert att.ratio == 0.667  # 30 / 45: slower than the target


@pytest.mark.parametrize("text, figure, lower", [
    # a reduction word about where the level starts, or in a fixed phrase, does not turn the target round
    ("Le nombre de mesures d'AEMO renforcée, limité à 45 mesures fin 2018, sera porté à 120 mesures d'ici 2022.", "120 mesures", False),
    ("Le nombre de places réservées aux personnes à mobilité réduite sera porté de 46 aujourd'hui à 70 d'ici 2020.", "70", False),
    ("Le plan mobilisera 3,6 M€, dont 2,1 M€ de travaux sous maîtrise d'ouvrage des communes.", "3,6 M€", False),
    ("Le délai moyen de traitement sera ramené de 118 jours à 75 jours.", "75 jours", True),
    ("L'objectif est de limiter à 4,2 % la part des sortants sans diplôme.", "4,2 %", True),
])
def test_which_way_a_target_should_go(text, figure, lower):
    assert lower_is_better(text, "", None, figure) is lower


def test_just_short_of_the_target_is_partial_not_rounded_up():
    c = claim("Le programme prévoit 1 250 projets d'innovation d'ici 2021.", value=1250, unit="projets", deadline="2021")
    att = attainment(c, Figure(1250, "quantity", "projets"), [(claim("…", "outcome"), [Figure(1247, "quantity", "projets")])], None)
    assert att.ratio is not None and att.ratio < 1
    assert decide(c, [claim("1 247 projets ont été soutenus.", "outcome")], att.ratio, 2022, later_evidence=True)[0] == "partial"


def test_figures_of_different_things_are_not_compared():
    c = claim("Le Département s'est engagé à créer 6 maisons des solidarités.", value=6, unit="maisons des solidarités")
    att = attainment(c, Figure(6, "quantity", "maisons des solidarités"), [(claim("…", "outcome"), [Figure(6, "quantity", "sites")])], None)
    assert att.ratio is None


@pytest.mark.parametrize("text, yearly", [
    ("2 M€ investis chaque année", True),
    ("une enveloppe annuelle de 500 000 €", True),
    ("5 jours de formation par agent et par an", False),  # a rate, not a yearly sum
])
def test_per_year_targets(text, yearly):
    assert per_year(text) is yearly


# ---- statuses ---------------------------------------------------------------------


def test_a_deadline_written_in_the_sentence_and_not_past_is_pending():
    c = claim("Les psychologues bénéficieront de dotations en 2025.", deadline="2025")
    assert decide(c, [], None, 2025)[0] == "pending"


def test_a_deadline_from_a_heading_alone_is_not_pending_without_a_report():
    c = claim("Développer l'offre de formation continue", deadline="2022")
    assert decide(c, [], None, 2022)[0] == "no_evidence"


def test_an_abandoned_project_is_not_met():
    c = claim("Le plan prévoyait une résidence sociale.")
    o = claim("Le projet de résidence sociale a été abandonné faute de terrain.", "outcome", id="o1")
    assert decide(c, [o], None, 2024)[0] == "not_met"


def test_an_outcome_in_line_with_the_commitment_is_met_and_a_shortfall_partial():
    c = claim("Le plan ambitionnait d'ouvrir les postes à tous les cadres d'emplois.")
    done = claim("Conformément à cet engagement, les postes ont été ouverts à tous les cadres d'emplois.", "outcome", id="o1")
    short = claim("Toutefois, des progrès restent à faire pour les conditions matérielles.", "outcome", id="o2")
    assert decide(c, [done], None, 2024)[0] == "met"
    assert decide(c, [done, short], None, 2024)[0] == "partial"


def test_a_target_reached_before_its_deadline_stays_pending_until_it_falls_due():
    # the annotated plan/bilan pairs give pending to 268 of 302 commitments due after the report, met to 5
    c = claim("Créer 10 places d'ici 2030.", deadline="2030", value=10)
    assert decide(c, [claim("12 places ont été créées.", "outcome")], 1.2, 2025)[0] == "pending"
    assert decide(c, [claim("12 places ont été créées.", "outcome")], 1.2, 2031)[0] == "met"


def test_a_promised_bilan_is_met_by_the_later_report_itself():
    c = claim("Le plan fera l'objet d'une évaluation externe en 2024, dont les conclusions seront rendues publiques.", deadline="2024")
    o = claim("Prévue par le plan, la présente évaluation a été confiée en janvier 2024 à un cabinet.", "outcome", id="o1")
    assert decide(c, [o], None, 2024, later_evidence=True)[0] == "met"
    assert decide(c, [], None, 2024)[0] == "pending"  # the plan judged at its own date: not yet
    carbon = claim("Le bilan carbone des bâtiments sera réduit de 20 % d'ici 2030.", deadline="2030")
    assert decide(carbon, [o], None, 2024, later_evidence=True)[0] == "pending"  # a bilan carbone is not a report


# ---- report years -------------------------------------------------------------------


def test_years_from_the_title_and_the_manifest(extract_text):
    assert title_years("BILAN NATIONAL DU SERVICE SOCIAL\n\n2021\n\nEffectifs") == (2021, 2021)
    assert title_years("Rapport d'activité 2022-2023\n\nIntroduction.") == (2022, 2023)
    assert parse_covered("2022-2024") == (2022, 2024)
    ex = extract_text("Rapport d'activité 2023\n\nLe service a instruit 4 812 dossiers en 2023.", "ra")
    info = report_info(ex)
    assert (info.covered, info.year_published, info.source) == ((2023, 2023), 2024, "text")
    ex.document.meta.update(year_covered="2022-2024", year_published=2025)
    assert (report_info(ex).covered, report_info(ex).year_published) == ((2022, 2024), 2025)
    assert report_info(ex, override=2026).year_published == 2026
    # a plan is published as its period opens, not after it
    plan = extract_text("Schéma régional de développement économique 2017-2021\n\nLa Région accompagnera 1 200 entreprises par an.", "plan")
    assert (report_info(plan).covered, report_info(plan).year_published) == ((2017, 2021), 2017)


def test_sections_run_to_the_next_title_of_their_level():
    text = "Axe 1 : Loger\n\nA. Places\n\nTexte.\n\nB. Écoles\n\nTexte.\n\nAxe 2 : Soigner\n\nTexte."
    secs = {s.title: s for s in sections(text)}
    assert secs["Axe 1 : Loger"].end == text.index("Axe 2")
    assert secs["A. Places"].end == text.index("B. Écoles")


# ---- outputs ------------------------------------------------------------------------


def test_results_as_a_frame_and_as_json(extract_text):
    plan, bilan = extract_text(PLAN, "plan"), extract_text(BILAN, "bilan")
    results = compare([plan, bilan], {"plan": ReportInfo("plan", 2022, (2022, 2022)), "bilan": ReportInfo("bilan", 2025, (2024, 2024))})
    frame = results_frame(results)
    assert {"commitment", "commitment_page", "status", "ratio", "reason", "outcomes", "outcome_pages"} <= set(frame.columns)
    rows = to_json_rows(results)
    assert set(rows[0]) == {"commitment", "outcomes", "status", "ratio", "reason"}
    assert {"doc", "page", "text", "metric", "value", "unit", "deadline"} <= set(rows[0]["commitment"])


def test_cli_compare_two_reports(tmp_path):
    from bilan_nlp.cli import app

    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "bilan.txt").write_text(BILAN, encoding="utf-8")
    out = tmp_path / "out" / "results.json"
    runner = CliRunner()
    args = ["compare", str(tmp_path / "plan.txt"), str(tmp_path / "bilan.txt"), "--report-year", "2025", "--no-cache", "-o", str(out)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    statuses = {r["commitment"]["value"]: r["status"] for r in rows}
    assert statuses[200] == "partial"
    assert not list(out.parent.glob("*.tmp"))  # written atomically
    res = runner.invoke(app, args[:-2] + ["--only-unmet", "--fail-on-unmet", "-o", str(tmp_path / "unmet.csv")])
    assert res.exit_code == 1
    assert (tmp_path / "unmet.csv").exists()


def test_the_terminal_table_stays_legible_in_80_columns(tmp_path):
    from bilan_nlp.cli import app

    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "bilan.txt").write_text(BILAN, encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "plan.txt"), str(tmp_path / "bilan.txt"),
                                   "--report-year", "2025", "--no-cache"], terminal_width=80)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    table = " ".join(lines)
    assert all(word in table for word in ("statut", "engagement", "cible", "résultats", "raison"))  # no word cut
    assert "0,75" in table and "d'ici 2024" in table  # the ratio and the deadline, the French way


def test_cli_refuses_an_unknown_output_format(tmp_path):
    from bilan_nlp.cli import app

    (tmp_path / "bilan.txt").write_text(BILAN, encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "bilan.txt"), "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 2


def test_reports_of_another_issuer_do_not_answer_a_plan(extract_text):
    plan, bilan = extract_text(PLAN, "plan"), extract_text(BILAN, "bilan")
    plan.document.meta["issuer"], bilan.document.meta["issuer"] = "Ville de Lyon", "Département du Rhône"
    infos = {"plan": ReportInfo("plan", 2022, (2022, 2022)), "bilan": ReportInfo("bilan", 2025, (2024, 2024))}
    assert all(not r.outcomes for r in compare([plan, bilan], infos) if r.commitment.doc == "plan")


TRAINING = Path(__file__).resolve().parents[1] / "src" / "bilan_nlp" / "pipes" / "claims" / "data" / "gold"


def _training_text(name: str) -> str:
    return (TRAINING / name).read_text(encoding="utf-8")


def test_in_a_folder_of_several_issuers_a_report_answers_its_own_plan_not_a_look_alike(extract_text):
    # Two towns' budget documents are closer than 0.3 to each other, but each much closer to its own.
    names = {"bp-vitre": "trg_bp_vitre_2023.txt", "ca-vitre": "trg_ca_vitre_2023.txt",
             "piscines-sb": "trd_plan_piscines_saint_brieuc_2022.txt", "rob-sb": "trd_rob_2025_saint_brieuc_2024.txt"}
    cmp = Comparator([extract_text(_training_text(f), d) for d, f in names.items()])
    doc = {d.id: d for d in cmp.docs}
    assert cmp.relatedness(doc["bp-vitre"], doc["rob-sb"]) > 0.3  # close enough on its own…
    assert not cmp.related(doc["bp-vitre"], doc["rob-sb"]) and not cmp.related(doc["ca-vitre"], doc["rob-sb"])
    assert cmp.related(doc["bp-vitre"], doc["ca-vitre"]) and cmp.related(doc["piscines-sb"], doc["rob-sb"])


def test_a_plan_still_reaches_a_second_report_closer_to_the_first_report_than_to_the_plan(extract_text):
    plan = extract_text(_training_text("trf-plan-colleges-numeriques-2020.txt"), "plan")
    report = _training_text("trf-bilan-colleges-numeriques-2024.txt")
    first, second = extract_text(report, "bilan-2024"), extract_text(report, "bilan-2025")
    infos = {"plan": ReportInfo("plan", 2020, (2020, 2020)), "bilan-2024": ReportInfo("bilan-2024", 2024, (2024, 2024)),
             "bilan-2025": ReportInfo("bilan-2025", 2025, (2025, 2025))}
    cmp = Comparator([plan, first, second], infos)
    p, a, b = cmp.docs
    assert cmp.relatedness(p, b) < 0.8 * cmp.relatedness(a, b)  # not close enough by itself…
    assert cmp.related(p, b)  # …but of the family the first report joins


def test_a_change_to_make_is_held_against_a_level_less_its_starting_level():
    c = claim("Le Département recrutera dix référents supplémentaires, portant l'effectif de 52 à 62 référents.", value=10, unit="référents")
    target = Figure(10, "headcount", "référents", change=True)
    levels = [Figure(52, "headcount", "référents"), Figure(62, "headcount", "référents")]
    level = claim("L'équipe compte 60 référents fin 2023.", "outcome", id="o1")
    att = attainment(c, target, [(level, [Figure(60, "headcount", "référents", year=2023)])], period_end=2023, levels=levels)
    assert att.ratio == 0.8  # 60 − 52 = 8 of the 10 promised, not 60 of 10
    hired = claim("Huit ont été recrutés.", "outcome", id="o2")
    att = attainment(c, target, [(hired, [Figure(8, "headcount", "référents", year=2023)])], period_end=2023, levels=levels)
    assert att.ratio == 0.8  # a count below the starting level is the change itself


def test_a_yearly_target_against_a_total_over_several_years():
    c = claim("La Région accueillera chaque année 100 volontaires en service civique.", value=100, unit="volontaires")
    total = claim("La Région a accueilli 312 volontaires en service civique entre 2020 et 2023.", "outcome", id="o1")
    att = attainment(c, Figure(100, "headcount", "volontaires"), [(total, [Figure(312, "headcount", "volontaires", year=2023)])],
                     period_end=2023)
    assert att.ratio == 0.78 and "2020-2023" in att.reason  # 312 of 4 × 100


def test_a_total_restated_after_a_yearly_target_is_not_itself_yearly():
    text = "Objectif : 230 logements PLAI agréés par an, soit 1 380 logements sur la durée du plan."
    yearly, total = (Figure(230, "quantity", "logements", text="230 logements"),
                     Figure(1380, "quantity", "logements", text="1 380 logements"))
    assert target_clause(text, yearly).startswith("objectif")
    assert per_year(target_clause(text, yearly)) and not per_year(target_clause(text, total))
    assert target_clause("Créer 200 places par an.", yearly) == "Créer 200 places par an."  # nothing restated: the sentence
