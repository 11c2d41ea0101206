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
