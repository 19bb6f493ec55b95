"""The parser of the magazine's text export, on the real file and on small crafted texts."""

import json
import re

import pytest

from leeratelier.magazine.importer import (
    MAGAZINE_TITLE,
    MagazineImportError,
    parse_magazine,
    read_magazine_text,
    sentence_case,
)

from .conftest import EXPORT_PATH

LETTER_SPACED = re.compile(r"(?:\b\w ){4,}")
SHOUTING = re.compile(r"\b[A-ZÀ-Ý]{2,}(?:\W+[A-ZÀ-Ý]{2,}){2,}")
CHAPTER_HEADINGS = {
    1: " 1 INLEIDING",
    2: "2 ANDERS KIJKEN \nNAAR IMPACT",
    3: "3 EEN TWEEGESPREK \nOVER CO-CREATIE \nVAN BELEID",
    4: " 4 DRIE SPOREN \nVAN IMPACT",
    5: " 5 CO-CREATIE \nALS THEORIE",
    6: "6 CO-CREATIE IN \nDE PRAKTIJK",
    7: "7 DE TAAL \nVAN IMPACT ",
    8: "8 DE WIL EN DE \nWEG: PLEIDOOI   \nEN ACTIEPLAN ",
    9: "9 WERKPLAATS \nSOCIAAL DOMEIN/\nLEERATELIERS ",
}


@pytest.fixture(scope="module")
def parsed():
    return parse_magazine(read_magazine_text(EXPORT_PATH))


def chapter(parsed_magazine, number):
    return parsed_magazine.chapters[number - 1]


def values(parsed_chapter, block_type):
    return [value for kind, value in parsed_chapter.blocks if kind == block_type]


def crafted(bodies, without=()):
    """A small export with all nine chapter headings and the given chapter bodies."""
    parts = []
    for number, heading in CHAPTER_HEADINGS.items():
        if number not in without:
            parts += [heading, bodies.get(number, "Gewone tekst van dit hoofdstuk.\n")]
    return "\n".join(parts)


def readable_texts(parsed_magazine):
    """Every piece of text a reader sees, with HTML tags removed."""
    texts = [parsed_magazine.title, parsed_magazine.subtitle, parsed_magazine.intro]
    for parsed_chapter in parsed_magazine.chapters:
        texts += [parsed_chapter.title, parsed_chapter.intro]
        for kind, value in parsed_chapter.blocks:
            if kind == "paragraph":
                texts.append(re.sub(r"<[^>]+>", " ", value))
            elif kind == "heading":
                texts.append(value["text"])
            elif kind == "pull_quote":
                texts.append(value["quote"])
            elif kind == "interview":
                texts += [turn["speaker"] + ": " + turn["text"] for turn in value["turns"]]
    return texts


# --- The real export ---------------------------------------------------------------------------


def test_the_nine_chapters_are_found_with_their_numbers_and_titles(parsed):
    assert parsed.title == MAGAZINE_TITLE == "Impact in het sociaal domein"
    assert [(c.number, c.title) for c in parsed.chapters] == [
        (1, "Inleiding"),
        (2, "Anders kijken naar impact"),
        (3, "Een tweegesprek over co-creatie van beleid"),
        (4, "Drie sporen van impact"),
        (5, "Co-creatie als theorie"),
        (6, "Co-creatie in de praktijk"),
        (7, "De taal van impact"),
        (8, "De wil en de weg: pleidooi en actieplan"),
        (9, "Werkplaats Sociaal Domein / Leerateliers"),
    ]
    assert all(c.blocks for c in parsed.chapters)


def test_numbered_lines_that_are_no_chapters_become_headings(parsed):
    assert {"text": "3 online sessies", "level": "h2"} in values(chapter(parsed, 1), "heading")
    assert {"text": "10 jaar effectencalculator", "level": "h2"} in values(chapter(parsed, 7), "heading")


def test_interview_turns_of_the_tweegesprek(parsed):
    interviews = values(chapter(parsed, 3), "interview")
    turns = [turn for interview in interviews for turn in interview["turns"]]
    assert {turn["speaker"] for turn in turns} == {"Sandra Geelhoed", "Esther Sarphatie"}
    assert turns[0] == {
        "speaker": "Sandra Geelhoed",
        "text": "In Hilversum hebben jullie gewerkt aan narratieve verantwoording en je hebt daar de "
        "waardecirkel voor gebruikt. Kun je daar iets over vertellen?",
    }
    assert turns[1]["speaker"] == "Esther Sarphatie"
    # Consecutive turns are grouped into one interview block.
    assert len(interviews[0]["turns"]) == 2
    assert len(turns) == 18


def test_quotes_in_capitals_become_pull_quotes_in_sentence_case(parsed):
    quotes = [value["quote"] for value in values(chapter(parsed, 1), "pull_quote")]
    assert len(quotes) == 6
    assert (
        "Als ervaringsdeskundige kijk ik vanuit mijn ervaring naar impact. Hoe kan ik mijn "
        "ervaringsverhalen gebruiken om mijn impact zichtbaar te maken?"
    ) in quotes
    assert quotes[0].startswith("Bij verantwoording gaat het vaak om cijfers en minder over of we als professional")
    assert {
        "quote": "We willen graag deze uitdaging samen aangaan!",
        "speaker": "",
        "speaker_role": "",
    } in values(chapter(parsed, 8), "pull_quote")


def test_urls_and_email_addresses_become_links(parsed):
    chapter_one = " ".join(values(chapter(parsed, 1), "paragraph"))
    assert '<a href="https://instrumentwijzer.nl/">https://instrumentwijzer.nl/</a>' in chapter_one
    chapter_four = " ".join(values(chapter(parsed, 4), "paragraph"))
    assert '<a href="https://www.movisie.nl/toegang">Projectwebsite Movisie</a>' in chapter_four
    chapter_eight = " ".join(values(chapter(parsed, 8), "paragraph"))
    # The address was broken over two lines after "michelle.".
    assert '<a href="mailto:michelle.vandertier@zuyd.nl">michelle.vandertier@zuyd.nl</a>' in chapter_eight
    chapter_nine = " ".join(values(chapter(parsed, 9), "paragraph"))
    assert '<a href="mailto:Gideon.Visser@han.nl">Gideon.Visser@han.nl</a>' in chapter_nine
    assert "%40" not in chapter_nine and "subject=" not in chapter_nine


def test_no_letter_spaced_words_are_left(parsed):
    everything = json.dumps([c.blocks for c in parsed.chapters], ensure_ascii=False)
    assert LETTER_SPACED.findall(everything) == []
    assert "This tool enables you to establish the values" in " ".join(values(chapter(parsed, 5), "paragraph"))


def test_no_text_is_left_in_capitals(parsed):
    for text in readable_texts(parsed):
        assert not SHOUTING.search(text), text


def test_headings_are_in_sentence_case_with_names_and_acronyms_kept(parsed):
    headings = [value["text"] for c in parsed.chapters for value in values(c, "heading")]
    assert "Aanleiding vanuit de praktijk" in headings
    assert "Het gezamenlijk aanpakken van armoede in gemeente Lingewaard" in headings
    assert "HAN: impact als professionaliseringsthema binnen de WSDAN" in headings
    assert "Leeratelier impact van de Zuyd Hogeschool" in headings
    assert "CoSIE" in headings
    # "SPOOR 1: DOELMATIGHEID" / "PUBLIEKE VERANTWOORDING" is a heading with a subtitle.
    assert values(chapter(parsed, 4), "heading")[:2] == [
        {"text": "Spoor 1: doelmatigheid", "level": "h2"},
        {"text": "Publieke verantwoording", "level": "h3"},
    ]


def test_paragraphs_are_reflowed(parsed):
    assert not [text for text in readable_texts(parsed) if "\n" in text]
    assert not [html for c in parsed.chapters for html in values(c, "paragraph") if "  " in html]
    chapter_four = " ".join(values(chapter(parsed, 4), "paragraph"))
    assert "het belang van co-creatie, met de nadruk op ‘co’" in chapter_four
    assert "(programma evaluatie en CAIMeR-model)" in chapter_four


def test_bullet_and_numbered_lists(parsed):
    sessions = next(html for html in values(chapter(parsed, 1), "paragraph") if "<ul>" in html)
    assert sessions.startswith("<p>De HAN, HU en Zuyd organiseerden")
    assert "<li>Impact in het sociaal domein: belangrijkste afwegingen en methodieken</li>" in sessions
    assert sessions.count("<li>") == 3
    forms = next(html for html in values(chapter(parsed, 4), "paragraph") if "<ol>" in html)
    assert forms.count("<li>") == 4
    assert "<li>Werkplaats: gericht op kennisontwikkeling" in forms


def test_chapter_intros(parsed):
    tweegesprek = chapter(parsed, 3)
    assert tweegesprek.intro.startswith("Tijdens de 2e online sessie gingen Sandra Geelhoed en Esther Sarphatie")
    assert tweegesprek.blocks[0][0] == "interview"  # the lead is not repeated in the body
    assert chapter(parsed, 1).intro.startswith("Impact staat volop in de belangstelling.")
    assert all(c.intro and len(c.intro) <= 700 for c in parsed.chapters)


def test_the_figure_page_is_put_back_together(parsed):
    blocks = chapter(parsed, 5).blocks
    texts = [value["text"] if kind == "heading" else value for kind, value in blocks]
    ethics = texts.index("Ethics mapping")
    assert texts[ethics + 1].endswith("and you should include these in your own ethical compass.</p>")


# --- Crafted texts -----------------------------------------------------------------------------


def test_a_numbered_line_is_a_chapter_only_with_its_known_title():
    result = parse_magazine(crafted({1: "3 ONLINE SESSIES \nDrie sessies.\n"}))
    assert values(chapter(result, 1), "heading") == [{"text": "3 online sessies", "level": "h2"}]
    assert chapter(result, 3).intro == "Gewone tekst van dit hoofdstuk."


def test_letter_spaced_text_is_rejoined():
    body = "Kop.\n\nT h i s  t o o l  e n a b l e s  y o u  t o\ne s t a b l i s h  t h e  v a l u e s .\n"
    result = parse_magazine(crafted({5: body}))
    assert values(chapter(result, 5), "paragraph") == ["<p>This tool enables you to establish the values.</p>"]


def test_consecutive_turns_form_one_interview():
    body = (
        "Sandra Geelhoed: Een vraag over \ntwee regels?\n\nEsther Sarphatie: Een antwoord.\n\n"
        "Tekst ertussen.\n\nSandra Geelhoed: Nog een vraag?\n"
    )
    blocks = chapter(parse_magazine(crafted({3: body})), 3).blocks
    assert [kind for kind, _ in blocks] == ["interview", "paragraph", "interview"]
    assert blocks[0][1]["turns"] == [
        {"speaker": "Sandra Geelhoed", "text": "Een vraag over twee regels?"},
        {"speaker": "Esther Sarphatie", "text": "Een antwoord."},
    ]


def test_quote_in_capitals_becomes_pull_quote():
    body = "Een inleiding.\n\n “WAT ZIJN GESCHIKTE METHODEN VOOR DE \n HAN EN VNG? IK WEET HET NIET.”\n"
    result = chapter(parse_magazine(crafted({1: body})), 1)
    assert result.intro == "Een inleiding."
    assert result.blocks == (
        (
            "pull_quote",
            {
                "quote": "Wat zijn geschikte methoden voor de HAN en VNG? Ik weet het niet.",
                "speaker": "",
                "speaker_role": "",
            },
        ),
    )


def test_bullets_continue_after_a_blank_line_inside_an_item():
    body = "Drie sessies:\n• Eerste sessie\n• Tweede sessie over \n\nmethodieken\n\nNieuwe alinea.\n"
    result = chapter(parse_magazine(crafted({1: body})), 1)
    assert values(result, "paragraph")[0] == (
        "<p>Drie sessies:</p><ul><li>Eerste sessie</li><li>Tweede sessie over methodieken</li></ul>"
    )


def test_addresses_become_links():
    body = (
        "Inleiding.\n\nLees https://example.org/pad. Mail naar iemand@han.nl & vraag.\n\n"
        "https://example.org/pad\nmailto:Iemand%40han.nl?subject=\n"
    )
    paragraphs = values(chapter(parse_magazine(crafted({2: body})), 2), "paragraph")
    assert paragraphs == [
        '<p>Lees <a href="https://example.org/pad">https://example.org/pad</a>. Mail naar '
        '<a href="mailto:iemand@han.nl">iemand@han.nl</a> &amp; vraag.</p>',
        '<ul><li><a href="https://example.org/pad">https://example.org/pad</a></li>'
        '<li><a href="mailto:Iemand@han.nl">Iemand@han.nl</a></li></ul>',
    ]


def test_line_breaks_and_hyphens_are_reflowed():
    body = (
        "Inleiding.\n\nHet belang van co-\ncreatie, het CAIMeR-\nmodel, het professionaliserings-\n"
        "thema en de context- \nen situatie.\n"
    )
    paragraphs = values(chapter(parse_magazine(crafted({4: body})), 4), "paragraph")
    assert paragraphs == [
        "<p>Het belang van co-creatie, het CAIMeR-model, het professionaliseringsthema en de context- en situatie.</p>"
    ]


def test_wrapped_headings_and_subtitles():
    body = (
        "SPOOR 1: DOELMATIGHEID\nPUBLIEKE VERANTWOORDING\nTekst.\n\n"
        "MEER WETEN OVER \nSOCIAAL DOMEIN?\nTekst.\n\n"
        "INTERESSANTE PUBLICATIES \nDE BURGER IS NIET GEK\nTekst.\n"
    )
    assert values(chapter(parse_magazine(crafted({4: body})), 4), "heading") == [
        {"text": "Spoor 1: doelmatigheid", "level": "h2"},
        {"text": "Publieke verantwoording", "level": "h3"},
        {"text": "Meer weten over sociaal domein?", "level": "h2"},
        {"text": "Interessante publicaties", "level": "h2"},
        {"text": "De burger is niet gek", "level": "h3"},
    ]


def test_sentence_case_keeps_acronyms_and_names():
    assert sentence_case("SAMEN MET HAN EN VNG. NU DE COSIE AANPAK") == "Samen met HAN en VNG. Nu de CoSIE aanpak"
    assert sentence_case("GEMEENTE LINGEWAARD", {"LINGEWAARD": "Lingewaard"}) == "Gemeente Lingewaard"
    assert sentence_case("10 JAAR EFFECTENCALCULATOR") == "10 jaar effectencalculator"
    assert sentence_case("CONTROLE (GEMEENTE)... OF REGIE") == "Controle (gemeente)... of regie"


def test_unrelated_text_is_refused():
    with pytest.raises(MagazineImportError, match="found 0 of the 9 chapter headings"):
        parse_magazine("Boodschappenlijst\n\nmelk\nbrood\n3 EIEREN\n")


def test_a_missing_chapter_is_named():
    with pytest.raises(MagazineImportError, match=r"found 8 of the 9 .*missing: 7"):
        parse_magazine(crafted({}, without={7}))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, content, message):
    path = tmp_path / "export.txt"
    path.write_bytes(content)
    with pytest.raises(MagazineImportError, match=message):
        read_magazine_text(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(MagazineImportError, match="File not found"):
        read_magazine_text(tmp_path / "nowhere.txt")
