"""A report's own arithmetic: stated rates, parts and totals against its figures."""
from __future__ import annotations

import pytest

from bilan_nlp.compare.consistency import check_consistency


@pytest.fixture(scope="module")
def checks_of(nlp):
    from bilan_nlp.extract import extract

    return lambda text: check_consistency(extract(text, nlp=nlp))


def only(checks, kind):
    found = [c for c in checks if c.kind == kind]
    assert len(found) == 1, checks
    return found[0]


def test_a_rate_that_does_not_match_its_two_counts_is_flagged(checks_of):
    c = only(checks_of("Fin 2023, 42 logements avaient été livrés sur les 60 programmés (soit un taux de réalisation de 85 %)."), "rate")
    assert not c.holds and c.stated == 85 and c.computed == pytest.approx(70.0)
    assert "42 logements" in c.quote and c.page == 1


def test_a_rate_right_at_the_text_precision_holds(checks_of):
    c = only(checks_of("Au total, 712 médiations ont abouti sur 1 120 saisines recevables, soit un taux de 64 %."), "rate")
    assert c.holds  # 63.6 % is written 64 %


def test_parts_after_dont_that_add_up(checks_of):
    text = "Activité\n\n• 1 846 saisines reçues\n• dont 1 120 saisines recevables\n• dont 726 saisines irrecevables"
    c = only(checks_of(text), "parts")
    assert c.holds and c.computed == 1846


def test_parts_larger_than_their_total_are_flagged(checks_of):
    c = only(checks_of("Le réseau compte 120 agents, dont 80 en métropole et 50 outre-mer."), "parts")
    assert not c.holds and c.computed == 130


def test_a_partial_breakdown_is_not_an_error(checks_of):
    checks = checks_of("55,10 % des agents vivent en couple dont 33,65 % avec des enfants à charge.")
    assert all(c.holds for c in checks)


def test_a_total_after_its_parts(checks_of):
    text = "Les dépenses ont progressé : + 2,5 M€ pour le service A et + 1,5 M€ pour le service B. Au total, l'effort atteint 4,5 M€."
    c = only(checks_of(text), "total")
    assert not c.holds and c.computed == 4_000_000


def test_a_bracketed_sum_after_two_counts(checks_of):
    c = only(checks_of("Le service compte 12 éducateurs et 8 psychologues supplémentaires (+20) depuis 2022."), "sum")
    assert c.holds


def test_a_stated_change_against_its_two_levels(checks_of):
    c = only(checks_of("Le service a traité 1 100 dossiers contre 1 000 en 2022, soit une hausse de 15 %."), "change")
    assert not c.holds and c.computed == pytest.approx(10.0)


def test_text_without_arithmetic_gives_no_check(checks_of):
    assert checks_of("Le service a été réorganisé en trois pôles au cours de l'année.") == []
