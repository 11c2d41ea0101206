"""clean_text: the cleaning rules on French text, one example each."""
from __future__ import annotations

from pathlib import Path

from bilan_nlp.ingest.clean import clean_text
from bilan_nlp.ingest.hyphen import keeps_hyphen

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_wrapped_lines_become_one_paragraph_and_blank_lines_stay():
    raw = ("Le plan annoncé en 2022 prévoyait un vaste chantier de rénovation des sites\n"
           "accueillant des usagers avec 2M€ investis chaque année.\n"
           "\n"
           "Une priorité a été donnée aux circonscriptions de service social.\n")
    assert clean_text(raw) == (
        "Le plan annoncé en 2022 prévoyait un vaste chantier de rénovation des sites "
        "accueillant des usagers avec 2M€ investis chaque année.\n\n"
        "Une priorité a été donnée aux circonscriptions de service social."
    )


def test_line_end_hyphen_of_a_split_word_is_removed():
    raw = "Prévention de la désinser-\ntion professionnelle des agents en poste."
    assert clean_text(raw) == "Prévention de la désinsertion professionnelle des agents en poste."


def test_hyphen_of_a_compound_stays():
    raw = ("Des opérations ont été initiées (exemple : circonscription ASE de Noisy-le-\n"
           "Grand, circonscription de Saint-\n"
           "Ouen) pour le concours d'assistant socio-\n"
           "éducatif et les acteurs médico-\n"
           "sociaux.")
    out = clean_text(raw)
    assert "Noisy-le-Grand" in out
    assert "Saint-Ouen" in out
    assert "socio-éducatif" in out
    assert "médico-sociaux" in out


def test_hyphen_decisions():
    assert not keeps_hyphen("recrute-", "ments")  # a split word
    assert not keeps_hyphen("profession-", "nels")  # "profession" is a word, "nels" is not
    assert keeps_hyphen("Conseiller-", "ère-s Techniques")  # inclusive writing
    assert keeps_hyphen("sur la période 2025-", "2027.")
    assert keeps_hyphen("Seine-Saint-", "Denis")


def test_a_year_range_split_at_a_line_end_is_rejoined_without_space():
    raw = "un plan de rénovation à hauteur de 60M€ sur la période 2025-\n2027."
    assert clean_text(raw) == "un plan de rénovation à hauteur de 60M€ sur la période 2025-2027."


def test_special_spaces_apostrophes_and_ligatures_are_folded():
    raw = "L\u2019ASE a re\ufb01nancé 750\u202f000\u00a0€ et ﬂéché 2\u2009000 places."
    assert clean_text(raw) == "L'ASE a refinancé 750 000 € et fléché 2 000 places."


def test_bullets_become_one_marker_on_their_own_line():
    raw = ("Ce plan poursuit un triple objectif :\n"
           "❖ Revaloriser les métiers du travail social\n"
           "► Dynamiser le recrutement\n"
           "- Fidéliser et soutenir les professionnels\n"
           "\uf0b7 Former les tuteurs\n")
    assert clean_text(raw).split("\n") == [
        "Ce plan poursuit un triple objectif :",
        "• Revaloriser les métiers du travail social",
        "• Dynamiser le recrutement",
        "• Fidéliser et soutenir les professionnels",
        "• Former les tuteurs",
    ]


def test_a_dash_before_a_number_is_a_minus_sign_not_a_bullet():
    raw = "Évolution des actions :\n- 3 881 actions individuelles"
    assert clean_text(raw).endswith("- 3 881 actions individuelles")


def test_a_dash_inside_a_running_sentence_is_an_incise():
    raw = ("les travailleurs sociaux ont bénéficié des augmentations proposées par le Gouvernement\n"
           "– mais non compensées aux Départements.")
    assert clean_text(raw) == ("les travailleurs sociaux ont bénéficié des augmentations proposées par "
                               "le Gouvernement – mais non compensées aux Départements.")


def test_heading_stays_on_its_own_line():
    raw = ("Axe 2 : Recruter plus et mieux\n"
           "L'organisation des procédures de recrutement pour les postes de travailleurs sociaux a été\n"
           "modifiée afin d'en garantir la réactivité.")
    lines = clean_text(raw).split("\n")
    assert lines[0] == "Axe 2 : Recruter plus et mieux"
    assert lines[1].startswith("L'organisation") and lines[1].endswith("réactivité.")


def test_table_rows_with_tabs_stay_lines():
    raw = "Actions\tNombres\nIndividuelles\t- 3 881\nManagers\t- 462\n"
    assert clean_text(raw) == "Actions\tNombres\nIndividuelles\t- 3 881\nManagers\t- 462"


def test_markdown_marks_are_removed_and_words_kept():
    raw = "# **BILAN NATIONAL DU SERVICE SOCIAL**\n\n- ❖ **36 809 actions** au *total*\n"
    assert clean_text(raw) == "BILAN NATIONAL DU SERVICE SOCIAL\n\n• 36 809 actions au total"


def test_sentence_continuing_after_a_page_gap_is_joined():
    raw = "Dès l'année 2022, tous les agents ont été dotés\n\n\n\nd'ordinateurs portables."
    assert clean_text(raw) == "Dès l'année 2022, tous les agents ont été dotés d'ordinateurs portables."


def test_running_headers_and_page_numbers_between_form_feeds_are_removed():
    pages = [f"Bilan du service social 2021\nTexte de la page {n}, premier paragraphe.\nPage {n} / 3" for n in (1, 2, 3)]
    out = clean_text("\f".join(pages))
    assert "Bilan du service social" not in out
    assert "Page" not in out
    assert out.count("premier paragraphe.") == 3


def test_seed_000_comes_out_as_paragraphs():
    out = clean_text((CORPUS / "000_e2c634efc5a45156.txt").read_text(encoding="utf-8"))
    assert "Noisy-le-Grand" in out and "Noisy-le- Grand" not in out
    assert "  " not in out and "\u2019" not in out
    assert "tous les agents ont été dotés d'ordinateurs portables" in out
    assert "2025-2027" in out
    assert "\n• Dynamiser le recrutement\n" in out
    # every paragraph is one line: no line ends in the middle of a sentence before a lower-case word
    lines = out.split("\n")
    assert not any(a and b and b[0].islower() for a, b in zip(lines, lines[1:]))


def test_seed_003_markdown_is_stripped():
    out = clean_text((CORPUS / "003_2104fbaaf372e53a.txt").read_text(encoding="utf-8"))
    assert "#" not in out and "**" not in out and "❖" not in out
    assert "\nActions\tNombres\nIndividuelles\t- 3 881\n" in out
    assert "• 36 809 actions\n" in out
    assert "Liberté\nÉgalité\nFraternité" in out


def test_columns_of_a_text_dump_aligned_with_spaces_become_cells():
    raw = ("Il est constaté une baisse des actions :\n"
           "Actions          Nombres\n"
           "Individuelles    - 3 881\n"
           "Managers         - 462\n")
    assert clean_text(raw).split("\n")[1:] == ["Actions\tNombres", "Individuelles\t- 3 881", "Managers\t- 462"]


def test_dash_list_under_a_heading():
    raw = ("Objectifs\n"
           "- Recruter des travailleurs sociaux\n"
           "- Former les tuteurs")
    assert clean_text(raw).split("\n") == ["Objectifs", "• Recruter des travailleurs sociaux", "• Former les tuteurs"]


def test_a_footer_ending_with_its_page_label_cuts_pages_and_is_removed():
    raw = ("Le réseau a été renouvelé sur 2,1 km.\n\n"
           "Eaux de Millau – Rapport annuel du délégataire 2023 – page 1/3\n\n"
           "Le rendement atteint 78,6 %.\n\n"
           "*Eaux de Millau – Rapport annuel du délégataire 2023 – page 2/3*\n\n"
           "Les travaux se poursuivront en 2024.\n\n"
           "Eaux de Millau – Rapport annuel du délégataire 2023 – page 3/3\n")
    out = clean_text(raw)
    assert "délégataire" not in out and "78,6 %" in out and "2024" in out


def test_a_footer_with_a_bare_folio_is_removed_when_it_comes_back():
    raw = ("Le plan compte 48 engagements.\n\nVille de Rezé · Projet de mandat 2020-2026 · 1\n\n"
           "Trois quartiers sont concernés.\n\nVille de Rezé · Projet de mandat 2020-2026 · 2\n")
    out = clean_text(raw)
    assert "Projet de mandat" not in out and "48 engagements" in out and "Trois quartiers" in out


def test_contents_lines_are_not_footers():
    raw = "Sommaire\n\n1. Le contexte — p. 1\n\n2. Les engagements — p. 2\n\nLe contexte est difficile."
    assert "1. Le contexte — p. 1" in clean_text(raw)


def test_a_title_in_capitals_above_its_running_header_stays():
    raw = ("BILAN FINAL DU PLAN DE LECTURE PUBLIQUE 2019-2023\n\nLe réseau compte 148 lieux.\n"
           "                                   Page 1 / 2\n"
           "Bilan final du plan de lecture publique 2019-2023\n\nLes prêts progressent.\n"
           "                                   Page 2 / 2\n"
           "Bilan final du plan de lecture publique 2019-2023\n")
    out = clean_text(raw)
    assert "BILAN FINAL DU PLAN DE LECTURE PUBLIQUE 2019-2023" in out
    assert "Bilan final du plan" not in out


def test_dashes_before_numbers_in_a_list_of_dash_items_are_bullets():
    raw = ("Le diagnostic :\n\n"
           "- 142 fuites ont été réparées sur les canalisations ;\n"
           "- le taux de renouvellement n'a pas dépassé 0,38 % par an ;\n"
           "- 310 branchements en plomb subsistent.\n")
    assert clean_text(raw).split("\n")[2:] == [
        "• 142 fuites ont été réparées sur les canalisations ;",
        "• le taux de renouvellement n'a pas dépassé 0,38 % par an ;",
        "• 310 branchements en plomb subsistent.",
    ]
    # the wide gap of a typeset bullet
    assert clean_text("Axe 5 – L'accès de tous\n-  100 classes par an bénéficieront d'ateliers.").endswith(
        "• 100 classes par an bénéficieront d'ateliers.")


def test_a_right_aligned_folio_cuts_pages_so_the_running_header_goes():
    folio = " " * 60
    raw = ("Bilan du plan sport 2020-2024 | Département de la Mayenne\n\n"
           "Les clubs labellisés sont 94 en 2023, pour un objectif de 80.\n" + folio + "1\n"
           "Bilan du plan sport 2020-2024 | Département de la Mayenne\n\n"
           "126 éducateurs ont été formés au sport-santé.\n" + folio + "2\n"
           "Bilan du plan sport 2020-2024 | Département de la Mayenne\n\n"
           "Le budget a atteint 3,5 M€ en 2024.\n" + folio + "3\n")
    out = clean_text(raw)
    assert "Département de la Mayenne" not in out and "objectif de 80." in out and "3,5 M€ en 2024." in out
    # centred key figures that do not count up are not folios
    figures = "Chiffres clés\n\n" + folio + "52\néquipements\n\n" + folio + "3\nMaisons sport-santé"
    assert "52" in clean_text(figures) and "3 Maisons sport-santé" in clean_text(figures)


def test_a_key_figure_and_its_label_below_become_one_line_but_a_numbered_title_does_not():
    raw = "CHIFFRES CLÉS\n\n3\nMaisons sport-santé labellisées\n\n5,4 M€\nd'aides votées\n\n02\nÉQUIPEMENTS SPORTIFS"
    assert clean_text(raw).split("\n\n") == ["CHIFFRES CLÉS", "3 Maisons sport-santé labellisées", "5,4 M€ d'aides votées",
                                             "02\nÉQUIPEMENTS SPORTIFS"]
    assert clean_text("Réalisation\n2024\nLes travaux ont commencé.").split("\n") == ["Réalisation", "2024", "Les travaux ont commencé."]


def test_the_fields_of_a_fiche_action_stay_on_their_own_lines():
    raw = ("Fiche-action n° 1 – Produire une offre de logements très sociaux pour les ménages\n"
           "Pilote : DDT de la Sarthe – Co-pilote : Département (direction de l'habitat et du logement)\n"
           "Partenaires : bailleurs sociaux, EPCI, Action Logement, associations d'insertion par le logement\n"
           "Constat : en 2017, 168 logements PLAI ont été agréés, soit 27 % de la production sociale du territoire.\n"
           "Objectif quantifié : 230 logements PLAI agréés par an, soit 1 380 logements sur la durée du plan.")
    assert [line.split(" :")[0] for line in clean_text(raw).split("\n")[1:]] == [
        "Pilote", "Partenaires", "Constat", "Objectif quantifié"]
    # a wrapped line that starts with names and a colon goes on its sentence
    wrapped = ("Onze opérations de logement pour saisonniers ont été cofinancées dans les stations du littoral, notamment à Granville,\n"
               "Deauville et Honfleur : elles représentent 205 lits livrés.")
    assert len(clean_text(wrapped).split("\n")) == 1


def test_a_page_of_narrow_columns_keeps_its_own_line_width():
    from bilan_nlp.ingest.clean import clean_pages

    wide = "\n".join(["Le Département a poursuivi en 2023 l'accompagnement des communes rurales dans leurs projets"] * 24)
    narrow_lines = ["Les médiathèques ont accueilli en", "2023 près de 48 000 visiteurs au", "Puy-en-Velay et à Yssingeaux, soit",
                    "6 % de plus qu'en 2022 grâce aux"] * 6 + ["animations du samedi."]
    _, full, _, _ = clean_pages([wide, "\n".join(narrow_lines)])
    assert full.split("\n\n")[-1].count("\n") == 0  # the narrow page's wrapped lines are one paragraph


def test_a_two_level_item_number_opens_its_own_line():
    from bilan_nlp.ingest.clean import is_item

    assert is_item("1.1 Porter l'hébergement temporaire de 8 à 14 places d'ici 2023")
    assert is_item("2.4 Mettre en place une astreinte de nuit")
    assert not is_item("1.4 million de prêts ont été consentis")  # a decimal, not an item
    assert not is_item("12 agents ont été recrutés")
