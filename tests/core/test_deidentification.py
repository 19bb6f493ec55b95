"""The de-identification check on realistic Dutch case texts: names, foreign numbers, licence
plates, file numbers; and clean texts (places alone, public figures in a public role, meeting
dates) that must stay quiet, or people learn to click the warning away."""

import pytest

from leeratelier.core.privacy_check import MASK, find_identifying_details, first_names

# (text, the kind that must be found)
IDENTIFYING = [
    ("Mevrouw Fatima El Amrani (34) uit Lingewaard vroeg hulp bij haar schulden.", "name"),
    ("We spraken met mevrouw Jansen over de wachtlijst bij de jeugdzorg.", "name"),
    ("Dhr. De Vries wil zijn dochter vaker zien na de scheiding.", "name"),
    ("Meneer J. Bakker heeft sinds maart geen inkomen meer.", "name"),
    ("Fatima (34) woont met drie kinderen in een portiekflat.", "name"),
    ("Fatima, 34 jaar, kwam via de huisarts bij het wijkteam.", "name"),
    ("Sem (8 jaar) gaat niet meer naar school sinds de verhuizing.", "name"),
    ("Mohammed B. en zijn moeder kwamen samen naar het spreekuur.", "name"),
    ("De broer van Ayşe K. regelt de post voor het gezin.", "name"),
    ("Kees van Dijk belt elke week met de schuldhulpverlener.", "name"),
    ("Het gesprek met Mehmet Yilmaz ging over zijn werkloosheid.", "name"),
    ("Priya is 16 jaar en zorgt thuis voor haar zieke vader.", "name"),
    ("Mevrouw Sunita Ramdin (52) kreeg een boete van de Belastingdienst.", "name"),
    ("Zijn vriendin Sanne de Boer heeft hem opgevangen.", "name"),
    ("Samira, 19 jaar, wil een opleiding tot verzorgende doen.", "name"),
    ("De directeur van de school belde over Noah (7) en zijn zusje.", "name"),
    ("Bel de zus in België op +32 470 12 34 56.", "phone"),
    ("Haar broer in Duitsland: 0049 30 12345678.", "phone"),
    ("De vader zit in Marokko, bereikbaar op +212 612 345678.", "phone"),
    ("Het geld ging naar DE89 3704 0044 0532 0130 00, de rekening van zijn oom.", "iban"),
    ("Hij reed in de auto met kenteken 12-ABC-3 naar de opvang.", "licence_plate"),
    ("De bestelbus GB-12-ZX stond steeds voor de deur.", "licence_plate"),
    ("Zie dossiernummer 2023-12345 voor de eerdere meldingen.", "file_number"),
    ("Het cliëntnummer 88123 staat op alle brieven van de gemeente.", "file_number"),
    ("Zaaknummer: Z/23/004512 bij Veilig Thuis.", "file_number"),
    ("Op basisschool De Regenboog zitten Sem en Noor, en hun moeder is bang dat het uitkomt.", "school_children"),
    ("Sem en Noor zitten op obs De Klimop; de juf merkt dat ze vaak honger hebben.", "school_children"),
    ("Daan zit in groep 6 van de Regenboogschool en wordt daar gepest.", "school_children"),
    ("Lotte gaat naar het Stedelijk Lyceum, haar broertje Finn nog naar de basisschool.", "school_children"),
    ("Bij basisschool Het Talent hebben Milan en Julia al weken geen lunch bij zich.", "school_children"),
]

CLEAN = [
    "In Lingewaard liepen vier bijeenkomsten over armoede, met 25 inwoners.",
    "De wijk Presikhaaf in Arnhem heeft veel eenoudergezinnen.",
    "Wethouder Jansen van Lingewaard opende de bijeenkomst met een korte toespraak.",
    "Burgemeester Ahmed Aboutaleb sprak over de aanpak in Rotterdam-Zuid.",
    "De bijeenkomst is op dinsdag 12 maart 2024 om 15:00 in het wijkcentrum.",
    "Op 3 april 2024 kwam het leeratelier samen in Nijmegen.",
    "Mevrouw A. (34) woont met drie kinderen in een portiekflat.",
    "Een jongen van 15 gaat niet meer naar school.",
    "De moeder (41) werkt in de thuiszorg en heeft twee banen.",
    "Het buurtteam in Kanaleneiland werkt samen met de huisarts en de school.",
    "Mevrouw vertelde dat ze sinds mei geen toeslag meer krijgt.",
    "Meneer heeft schulden bij de energieleverancier en de zorgverzekeraar.",
    "Minister Karremans stuurde een brief aan de Tweede Kamer over de jeugdzorg.",
    "Professor Bas van der Meer van de HAN gaf een gastles over de Effectencalculator.",
    "De gemeente Overbetuwe en de gemeente Lingewaard delen één sociaal team.",
    "In Bergen op Zoom en Den Bosch loopt een proef met een basisbaan.",
    "Bel de Kindertelefoon op 0800-0432 of 112 bij nood.",
    "Het project loopt van 2023 tot 2025 en kost € 120.000 per jaar.",
    "Het kind is 8 jaar en zit in groep 5 van de basisschool.",
    "De vader is 45 jaar en werkt sinds kort weer, 24 uur per week.",
    "Hoofdstuk 3.2 van het verslag gaat over de wachttijden.",
    "Wil je de volgende keer ook de wijkagent uitnodigen?",
    "Sinds juni 2024 werkt Utrecht met een vast aanspreekpunt per gezin.",
    "Voorzitter Van den Berg sloot de vergadering om 21:30.",
    "Het Emma Kinderziekenhuis verwees het gezin door naar het wijkteam.",
    "Het leeratelier van 14 november 2024 ging over de Participatiewet, met de gemeente Arnhem.",
    "Het kind zit in groep 5 van basisschool De Regenboog.",
    "Op basisschool De Regenboog werken de leerkrachten met de Kanjertraining.",
    "Directeur Anna Smit van basisschool De Regenboog vertelde over de aanpak van verzuim.",
    "De school belde over het verzuim van de oudste; de moeder schrok ervan.",
    "In Elst werkt kindcentrum De Linde samen met het wijkteam en de GGD.",
]


def _warned(text):
    return bool(find_identifying_details(text))


def test_the_set_is_big_enough_and_balanced():
    assert len(IDENTIFYING) + len(CLEAN) >= 40
    assert len(IDENTIFYING) >= 20 and len(CLEAN) >= 20


def test_at_least_90_percent_of_identifying_texts_are_warned():
    missed = [text for text, _kind in IDENTIFYING if not _warned(text)]
    rate = 1 - len(missed) / len(IDENTIFYING)
    assert rate >= 0.9, missed


def test_at_most_10_percent_of_clean_texts_are_warned():
    flagged = {text: find_identifying_details(text) for text in CLEAN if _warned(text)}
    assert len(flagged) / len(CLEAN) <= 0.1, flagged


@pytest.mark.parametrize("text,kind", IDENTIFYING)
def test_identifying_text_is_found_as_its_kind(text, kind):
    assert kind in [finding.kind for finding in find_identifying_details(text)]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_is_not_warned(text):
    assert find_identifying_details(text) == []


def test_name_excerpt_is_masked():
    [finding] = find_identifying_details("Mevrouw Fatima El Amrani (34) uit Lingewaard")
    assert finding.kind == "name"
    assert "Fatima" not in finding.excerpt and "Amrani" not in finding.excerpt and "34" not in finding.excerpt
    assert finding.excerpt.startswith("Mevrouw F") and MASK in finding.excerpt


def test_plate_and_file_number_excerpts_are_masked():
    plate, number = find_identifying_details("Kenteken 12-ABC-3, dossiernummer 2023-12345.")
    assert plate.kind == "licence_plate" and "ABC" not in plate.excerpt
    assert number.kind == "file_number" and number.excerpt.startswith("dossiernummer 20")
    assert "12345" not in number.excerpt


def test_same_name_twice_is_one_finding():
    findings = find_identifying_details("Fatima (34) belde. Later belde Fatima (34) opnieuw.")
    assert [finding.kind for finding in findings] == ["name"]


def test_a_role_further_away_does_not_hide_a_name():
    assert [f.kind for f in find_identifying_details("De wethouder hoorde later dat Fatima (34) verhuisde.")] == [
        "name"
    ]


def test_school_with_children_is_masked_and_keeps_the_kind_of_school():
    [finding] = find_identifying_details("Op basisschool De Regenboog zitten Sem en Noor.")
    assert finding.kind == "school_children"
    assert finding.excerpt.startswith("basisschool D")
    assert "Regenboog" not in finding.excerpt and "Sem" not in finding.excerpt and "Noor" not in finding.excerpt


def test_a_childs_name_alone_or_a_school_alone_is_not_a_school_finding():
    assert find_identifying_details("Sem speelt graag buiten met zijn vrienden.") == []
    assert find_identifying_details("Op obs De Klimop start een ouderavond over armoede.") == []


def test_first_names_are_read_once_into_a_frozenset():
    names = first_names()
    assert isinstance(names, frozenset) and names is first_names()
    assert {"Fatima", "Mohammed", "Mehmet", "Sunita"} <= names
    # Place names and calendar words are never read as a first name.
    assert "Ede" not in names and "Mei" not in names


def test_deduces_first_name_list_is_the_one_in_use():
    """The check reads deduce's list of first names (about 14,000); without it a short built-in
    list of some 150 names stands in, quietly. A broken install or a moved file must fail here."""
    from leeratelier.core import privacy_check

    names = first_names()
    fallback = set(privacy_check._FALLBACK_FIRST_NAMES.split())
    assert privacy_check._deduce_dir() is not None, "deduce's lookup lists are not installed"
    assert len(names) > 10_000, f"only {len(names)} first names: the short built-in list is in use"
    assert len(names) > 20 * len(fallback)
    # A name only deduce's list holds is found in a text.
    assert "Hendrikje" in names and "Hendrikje" not in fallback
    [finding] = find_identifying_details("Hendrikje (34) woont met drie kinderen in een portiekflat.")
    assert finding.kind == "name"
