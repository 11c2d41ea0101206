"""Amounts, headcounts, quantities and percentages in sentences of several report styles."""
from __future__ import annotations

import pytest

from bilan_nlp.pipes.figures import parse_fr_number, parse_number_words


def figures(mentions_of, text):
    return [(m.kind, m.value) for m in mentions_of(text) if m.kind in ("amount", "headcount", "quantity", "percentage")]


@pytest.mark.parametrize(
    "raw, value",
    [("750 000", 750000), ("7,5", 7.5), ("1.000.000", 1000000), ("4,8", 4.8), ("1204", 1204), ("55,10", 55.1), ("36\u202f809", 36809)],
)
def test_parse_fr_number(raw, value):
    assert parse_fr_number(raw) == value


def test_number_words_via_text2num():
    assert parse_number_words("vingt-trois").value == 23
    assert parse_number_words("une centaine", {"centaine": 100}).approx


def test_a_number_word_inside_a_proper_name_is_no_figure(mentions_of):
    assert [m.text for m in mentions_of("Les mares du plateau des Mille Étangs ont été restaurées.")] == []
    assert [m.value for m in mentions_of("Trois agents ont été recrutés.")] == [3]


@pytest.mark.parametrize(
    "text, expected",
    [
        # budget documents
        ("Le budget primitif s'élève à 1,2 Md€, en hausse de 3,5 % par rapport à l'an dernier.", [("amount", 1.2e9), ("percentage", 3.5)]),
        ("Les dépenses de personnel atteignent 245,3 millions d'euros.", [("amount", 245.3e6)]),
        ("Une enveloppe de 150 k€ a été votée pour les associations.", [("amount", 150000)]),
        ("Le coût moyen est de 1 250 € par élève et par an.", [("amount", 1250)]),
        ("Le montant s'établit à 3.500.000 euros.", [("amount", 3.5e6)]),
        ("Entre 2 et 3 M€ seront mobilisés chaque année.", [("amount", 2e6)]),
        # activity reports
        ("Près de 1 200 personnes ont été accompagnées par le service.", [("headcount", 1200)]),
        ("L'établissement compte 312 agents, dont 45 contractuels.", [("headcount", 312), ("headcount", 45)]),
        ("12 ETP ont été créés au sein de la direction.", [("headcount", 12)]),
        ("Une trentaine de communes sont concernées par le dispositif.", [("quantity", 30)]),
        ("15 sites ont été rénovés sur les 20 prévus.", [("quantity", 15), ("quantity", 20)]),
        ("Le nombre d'apprentis est passé de 43 à 78 au sein des services.", [("headcount", 43), ("headcount", 78)]),
        # evaluation reports
        ("Le taux de réalisation atteint 87,5 %.", [("percentage", 87.5)]),
        ("Le nombre de bénéficiaires a diminué de 8 % en un an.", [("percentage", -8), ("quantity", 1)]),
        ("Les deux tiers des répondants sont des femmes de plus de 40 ans.", [("percentage", 66.67), ("quantity", 40)]),
        ("La subvention est passée de 50 000 € à 65 000 €.", [("amount", 50000), ("amount", 65000)]),
    ],
)
def test_figures_in_context(mentions_of, text, expected):
    assert figures(mentions_of, text) == [(k, pytest.approx(v)) for k, v in expected]


@pytest.mark.parametrize(
    "text",
    [
        "Vu la loi n° 2019-828 du 6 août 2019 et l'article 54 du règlement.",
        "Axe 2 : Recruter plus et mieux",
        "Contact : 01 45 67 89 10",
        "Une étude a été lancée avec l'Université Paris 8 sur ce sujet.",
        "Les étudiants de 2e et 3e année bénéficient d'une bourse.",
        "Ces efforts ont permis de doubler l'accueil d'apprentis.",
        "Un référentiel a été construit et un guide diffusé.",
    ],
)
def test_not_figures(mentions_of, text):
    assert figures(mentions_of, text) == []


def test_range_sign_approx_and_change(mentions_of):
    ms = [m for m in mentions_of("un avantage évalué entre 800 et 1000€ par an, soit une baisse de 11% et + 5,7 M€ pour l'ASE.") if m.kind != "date"]
    rng, pct, amount = ms
    assert (rng.value, rng.value_max, rng.unit) == (800, 1000, "EUR")
    assert (pct.value, pct.change) == (-11, True)
    assert (amount.value, amount.change) == (5.7e6, True)
    # the multiplier of the upper bound is the lower bound's too, unless it would put it above the upper one
    (low,) = mentions_of("Le coût est estimé entre 2 et 3 M€.")
    assert (low.value, low.value_max) == (2e6, 3e6)
    (seed,) = mentions_of("Les besoins, entre 300 000 et 1,5 M€ par tour de table, sont mal couverts.")
    assert (seed.value, seed.value_max) == (300000, 1.5e6)


def test_bare_numbers_take_the_noun_they_refer_to(mentions_of):
    ms = mentions_of("• 99 Assistant-e-s de Service Social réparti-e-s sur le territoire dont 94 en métropole et 5 en outremer")
    assert [(m.kind, m.value) for m in ms] == [("headcount", 99), ("headcount", 94), ("headcount", 5)]
    assert ms[1].unit == ms[0].unit


def test_table_cells_are_figures(mentions_of):
    ms = mentions_of("Actions\tNombres\nIndividuelles\t- 3 881\nCollectives\t- 28\n")
    assert [(m.kind, m.value) for m in ms] == [("quantity", -3881), ("quantity", -28)]


def test_every_figure_has_provenance(mentions_of):
    text = "En 2023, 450 recrutements ont été réalisés. Le budget atteint 2 M€."
    for m in mentions_of(text):
        assert text[m.start_char : m.end_char] == m.text
        assert m.sentence and m.text in m.sentence
        assert m.rule


# -- tables: a cell is read from its row label, its column and its caption -------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        # the caption gives the unit, with or without "en", across the blank line of a markdown title
        ("Tableau 3 – Crédits prévus et consommés (M€)\nAnnée\t2020\t2021\nPrévu au plan\t18,0\t19,5\nConsommé\t13,2\t17,8\n",
         [("amount", 18e6), ("amount", 19.5e6), ("amount", 13.2e6), ("amount", 17.8e6)]),
        ("**Tableau 1 — Programmation indicative (M€ HT)**\n\nOpération\tCoût estimé\tCalendrier\n"
         "Bassin nordique (piscine Eugène-Lagadec)\t3,5\t2025-2026\n",
         [("amount", 3.5e6)]),
        ("Tableau 1 – Principaux soldes (mouvements réels, en M€)\nLibellé\tCA 2022\tBP 2023\nÉpargne brute\t3,87\t3,45\n",
         [("amount", 3.87e6), ("amount", 3.45e6)]),
        # the column header gives the unit
        ("Axe\tCrédits annuels (M€)\tPart\n1 – Orienter vite et bien\t1,6\t14 %\n", [("amount", 1.6e6), ("percentage", 14)]),
        ("Poste\tM€\nMatériel roulant\t310\nTotal\t1 200\n", [("amount", 310e6), ("amount", 1.2e9)]),
        # the row label's measure wins: a unit, a rate, a scale, a counted noun
        ("Indicateur\t2022\t2023\nPrix total (€/m³)\t4,31\t4,52\nRendement du réseau (%)\t76,2\t78,1\n"
         "Coût aidé total (k€)\t7 450\t7 947\nNuitées marchandes (millions)\t30,2\t33\n",
         [("amount", 4.31), ("amount", 4.52), ("percentage", 76.2), ("percentage", 78.1),
          ("amount", 7.45e6), ("amount", 7.947e6), ("quantity", 30.2e6), ("quantity", 33e6)]),
        ("Mesure\tCible du plan\tRéalisé\nPass'Sortir BFC (titulaires)\t150 000\t61 000\n"
         "Initiatives jeunes (projets soutenus)\t1 000\t603\n",
         [("headcount", 150000), ("headcount", 61000), ("quantity", 1000), ("quantity", 603)]),
        # a row "Objectif" under a measured row restates its measure; an empty cell "–" is no sign
        ("Année\t2019\t2020\nPonctualité (%)\t90,2\t93,0\nObjectif\t–\t90,5\n",
         [("percentage", 90.2), ("percentage", 93.0), ("percentage", 90.5)]),
        # the counted noun of the column; a "Total" column counts what its sibling columns count
        ("Tableau 2 – Effectifs par filière\nFilière\tFemmes\tHommes\tTotal\t% femmes\nTechnique\t237\t383\t620\t38,2 %\n",
         [("headcount", 237), ("headcount", 383), ("headcount", 620), ("percentage", 38.2)]),
        # a decimal is not a number of persons: the caption says what is counted
        ("Tableau 5 – Jours de formation par agent et par an\nAnnée\t2019\t2021\nFemmes\t2,1\t1,8\n",
         [("quantity", 2.1), ("quantity", 1.8)]),
        # … except full-time equivalents
        ("Indicateur\t2022\t2023\nEmplois rémunérés (ETPT)\t265,7\t264,8\n", [("headcount", 265.7), ("headcount", 264.8)]),
        # a header naming the plan ("Cible du schéma") counts nothing: the row label does
        ("Objectif\tCible du schéma\tRéalisé fin 2023\nEffectif d'assistants familiaux\t430\t371\n",
         [("headcount", 430), ("headcount", 371)]),
        # a minus glued to a cell's number
        ("Flux\t2022\t2023\tÉvol.\nOrdures ménagères\t13 950\t13 420\t-3,8 %\n",
         [("quantity", 13950), ("quantity", 13420), ("percentage", -3.8)]),
    ],
)
def test_table_cells_in_context(mentions_of, text, expected):
    assert figures(mentions_of, text) == [(k, pytest.approx(v)) for k, v in expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # counted nouns of persons, and nouns that only look like persons
        ("SNCF Voyageurs s'est engagée à recruter 60 conducteurs ; la gamme compte 7 400 abonnés solidaires.",
         [("headcount", 60), ("headcount", 7400)]),
        ("Deux bibliothécaires ont été recrutés. Il faut quatre maîtres-nageurs sauveteurs supplémentaires.",
         [("headcount", 2), ("headcount", 4)]),
        ("Les mobilités ont repris : 1 150 jeunes sont partis, dont 640 en Allemagne. L'objectif de 8 000 jeunes aidés est atteint.",
         [("headcount", 1150), ("headcount", 640), ("headcount", 8000)]),
        ("Le renouvellement des 1 300 postes fixes est reporté.", [("quantity", 1300)]),
        ("Le plafond d'emplois, fixé à 268 ETPT en 2021, sera ramené à 266 ETPT en 2022.", [("headcount", 268), ("headcount", 266)]),
        # "de X à Y" after a verb of change: two levels, the first with the noun of the second
        ("Le Département recrutera dix référents supplémentaires, portant l'effectif de 52 à 62 référents.",
         [("headcount", 10), ("headcount", 52), ("headcount", 62)]),
        # a part is not larger than its whole: "1 700 sur les dix premiers mois" is 1 700 usagers
        ("La tarification a bénéficié à 1 480 usagers en 2023 et à un peu plus de 1 700 sur les dix premiers mois de 2024.",
         [("headcount", 1480), ("headcount", 1700), ("quantity", 10)]),
        # a noun said in a closed aside is not the one a later bare number counts
        ("En 2023, 1 476 retours à l'emploi durable (CDI ou mission de plus de six mois) ont été comptés, contre 1 352 en 2022.",
         [("headcount", 1476), ("quantity", 6), ("headcount", 1352)]),
        # "le nombre de X … porté de 310 à 360": the noun named before wins over the next figure's
        ("Le nombre de postes conventionnés sera porté de 310 à 360, et six nouveaux chantiers seront créés.",
         [("headcount", 310), ("headcount", 360), ("quantity", 6)]),
        # points of a rate are percentages, signed by the cue before them
        ("L'écart restant est de 1,4 point ; la participation a progressé de 3,1 points.", [("percentage", 1.4), ("percentage", 3.1)]),
        ("La ponctualité reste inférieure de près de deux points à la moyenne nationale.", [("percentage", -2)]),
        # k in ten, k in a hundred
        ("Près de quatre trains sur cent n'ont pas circulé et quatre allocataires sur dix perçoivent le RSA.",
         [("percentage", 4), ("percentage", 40)]),
        ("Près de 7 offres d'emploi saisonnier sur 10 étaient difficiles à pourvoir.", [("percentage", 70)]),
        ("Une option sur dix rames supplémentaires sera levée.", [("quantity", 10)]),
        # "un", "une" as counts: in a list of counts, "un seul", durations
        ("L'équipe sera renforcée : deux bibliothécaires et un médiateur numérique.", [("headcount", 2), ("headcount", 1)]),
        ("La maison réunit 5 médecins, 6 infirmières, une orthoptiste et une diététicienne.",
         [("headcount", 5), ("headcount", 6), ("headcount", 1), ("headcount", 1)]),
        ("Le fonds dispose d'un seul bibliobus.", [("quantity", 1)]),
        ("La navette fonctionne avec un an et demi de retard.", [("quantity", 1.5)]),
        ("Le conseil a été installé avec un an de retard.", [("quantity", 1)]),
        ("Le ratio peut varier de 10 à 15 kg/hab d'une année sur l'autre.", [("quantity", 10)]),
        # the part of a whole without its noun
        ("Neuf des douze médiathèques prévues ont été livrées.", [("quantity", 9), ("quantity", 12)]),
        # a rate per a round base is one mention
        ("La densité (11,8 pour 10 000 habitants) est proche de la moyenne.", [("quantity", 11.8)]),
        # a range whose both bounds carry the unit
        ("Les familles acquittent un tarif compris entre 0,90 € et 4,60 € par repas.", [("amount", 0.9)]),
        # units of measure the tagger does not read as nouns
        ("Un bassin de 25 m sera construit sur un terrain de 8 ha.", [("quantity", 25), ("quantity", 8)]),
        # a verb of change a few words before the "de" of the figure
        ("L'établissement réduira sa consommation d'énergie de 10 % entre 2019 et 2024.", [("percentage", -10)]),
        ("Réduire de 30 % la consommation d'énergie des équipements.", [("percentage", -30)]),
        ("Les suppressions, dues pour moitié au matériel, ont reculé.", [("percentage", 50)]),
    ],
)
def test_counted_nouns_and_number_words(mentions_of, text, expected):
    assert figures(mentions_of, text) == [(k, pytest.approx(v)) for k, v in expected]


@pytest.mark.parametrize(
    "text",
    [
        "1.1 Territoire et population",  # section numbers
        "1 | Plus de trains, plus de voyageurs",
        "3) Suivi et évaluation du plan",
        "Les charges ont été arrêtées au 31 décembre.",  # a day without its year
        "Le Département distribuera des clés 4G.",  # a technology
        "Engagement 2.3 – Tourisme fluvial",  # a label's number
    ],
)
def test_more_numbers_that_are_not_figures(mentions_of, text):
    assert figures(mentions_of, text) == []


def test_numbers_of_a_row_label_name_the_row(mentions_of):
    text = "Indicateur\tValeur 2018\tCible 2023\nPopulation à moins de 15 minutes d'une bibliothèque ouverte 12 h\t58 %\t70 %\n"
    assert figures(mentions_of, text) == [("percentage", 58), ("percentage", 70)]


def test_a_dash_after_a_label_number_is_not_a_minus(mentions_of):
    (m,) = [m for m in mentions_of("Engagement n° 41 – 110 M€ d'investissements") if m.kind == "amount"]
    assert (m.value, m.change) == (110e6, False)
    (six,) = [m for m in mentions_of("2 – Six engagements pour 2021-2025") if m.kind == "quantity"]
    assert (six.value, six.change) == (6, False)


def test_page_furniture_holds_no_mention(mentions_of):
    # a footer whose only change is its folio, and a table of contents under its heading
    text = ("Ville de Cholet\t1\nLe service a servi 498 300 repas.\n\nVille de Cholet\t2\nLes 14 restaurants sont ouverts.\n\n"
            "Ville de Cholet\t3\n")
    assert figures(mentions_of, text) == [("quantity", 498300), ("quantity", 14)]
    toc = ("Sommaire\n\n1. Un patrimoine sportif à bout de souffle — p. 1\n\n2. Nos engagements d'ici 2027 — p. 2\n\n"
           "1. Un patrimoine sportif à bout de souffle\n\nLe plan court jusqu'en 2027.")
    assert [(m.kind, m.end) for m in mentions_of(toc)] == [("date", "2027")]
    # a running "issuer | title" line repeated on each page
    header = "\nRégion Bourgogne-Franche-Comté | Plan pour la jeunesse 2020-2023\n\n"
    assert [m.kind for m in mentions_of(header + "Le plan mobilise 79 M€.\n" + header + "Il finance 400 projets.")] == [
        "amount", "quantity"]


def test_a_person_noun_followed_by_an_adjective_is_still_counted(mentions_of):
    # "jeunes" is both a modifier ("jeunes agriculteurs") and a noun; an adjective after it leaves it the noun
    assert figures(mentions_of, "Le lieu d'accueil a reçu 310 jeunes différents en 2024.") == [("headcount", 310)]
    # a participle the tagger reads as a noun ("aidés") after it, on a wrapped line
    assert figures(mentions_of, "un objectif\n  de 9 500 jeunes aidés ;") == [("headcount", 9500)]


def test_a_future_verb_of_change_makes_de_x_a_y_two_levels(mentions_of):
    # "nous porterons … de 52 à 80 km" is a start and a target, not a range "between 52 and 80"
    text = "Nous porterons le réseau d'aménagements cyclables de 52 à 80 km d'ici 2026."
    assert figures(mentions_of, text) == [("quantity", 52), ("quantity", 80)]
    assert [m.value_max for m in mentions_of("Les aides, de 1 500 à 4 000 € par logement, ont été versées.") if m.kind == "amount"] == [4000]


def test_a_bare_target_counts_the_noun_counted_before(mentions_of):
    # a bilan gives a result and the plan's target in one breath; the target is a figure of the same noun
    assert figures(mentions_of, "342 sites étaient labellisés fin 2023, pour une cible de 400.") == [("quantity", 342), ("quantity", 400)]
    assert figures(mentions_of, "Elle a formé 870 saisonniers, alors que le schéma en visait 2 000 par an.") == [
        ("headcount", 870), ("headcount", 2000)]
    assert figures(mentions_of, "Le plan fixe un objectif de 25 en 2026.") == []  # nothing counted before: no unit, no figure


def test_a_noun_the_tagger_calls_a_number_is_still_counted(mentions_of):
    # after a heading line, the small model tags "diagnostics" NUM; a lower-case word is no number word
    text = "Action 5.1 – Diagnostics de vulnérabilité\n350 diagnostics gratuits de logements seront réalisés."
    assert figures(mentions_of, text) == [("quantity", 350)]
    assert figures(mentions_of, "Il en reste vingt-trois.") == []  # a number word is still no noun


@pytest.mark.parametrize("text, n", [
    ("• 150 dirigeants bénévoles seront formés chaque année.", 150),
    ("40 sportifs inscrits sur les listes ministérielles bénéficieront d'une aide.", 40),
    ("À l'issue des diagnostics, 120 propriétaires seront accompagnés.", 120),
    ("Le club compte 85 licenciées et 12 entraîneurs.", 85),
])
def test_people_of_sport_and_housing_are_headcounts(mentions_of, text, n):
    assert ("headcount", n) in figures(mentions_of, text)


def test_a_level_written_in_millions_after_its_noun_keeps_both_bounds(mentions_of):
    ms = [m for m in mentions_of("Le plan vise à porter le nombre annuel de prêts du réseau de 1,1 million à 1,3 million en 2023.")
          if m.kind == "quantity"]
    assert [(m.value, m.unit) for m in ms] == [(1_100_000, "prêts du réseau"), (1_300_000, "prêts du réseau")]
