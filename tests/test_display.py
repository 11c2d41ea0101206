"""Figures read the French way in reasons, checks and tables, whatever their size."""
from types import SimpleNamespace

from bilan_nlp.compare.values import Figure, attainment
from bilan_nlp.display import GROUP, figure, millions, number


def test_numbers_are_grouped_by_thousands_never_scientific():
    assert number(36809) == f"36{GROUP}809"
    assert number(282020.0) == f"282{GROUP}020"
    assert number(4.80) == "4,8"
    assert number(1234.5678) == f"1{GROUP}234,57"
    assert number(0.333333) == "0,333"
    assert number(-2490) == f"-2{GROUP}490"


def test_amounts_take_millions_and_billions():
    assert figure(1_500_000, "EUR") == "1,5 M€"
    assert figure(2_430_000, "EUR") == "2,43 M€"
    assert figure(2.4e9, "EUR") == "2,4 Md€"
    assert figure(565_000, "EUR") == f"565{GROUP}000 €"
    assert figure(75.5, "%") == "75,5 %"
    assert figure(12_000, "prises") == f"12{GROUP}000 prises"
    assert figure(None) == "?"


def test_the_consistency_checks_compact_form():
    assert millions(2_400_000) == "2,4 M"
    assert millions(12.34) == "12,3"


def test_a_reason_about_a_five_digit_target_quotes_it_in_full():
    plan = SimpleNamespace(text="Le programme prévoit 30 000 logements rénovés d'ici 2026.", metric="logements rénovés",
                           deadline="2026", id="c1")
    bilan = SimpleNamespace(text="24 650 logements ont été rénovés fin 2025.", id="o1", place=None)
    target = Figure(30_000, "quantity", "logements")
    att = attainment(plan, target, [(bilan, [Figure(24_650, "quantity", "logements", year=2025)])], period_end=2025)
    assert att.ratio == round(24_650 / 30_000, 3)
    assert f"24{GROUP}650 logements en 2025 pour une cible de 30{GROUP}000 logements" in att.reason
