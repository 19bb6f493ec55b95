"""The Flesch-Douma scoring (core/readability.py), against words and texts counted by hand."""

import pytest

from leeratelier.core.readability import (
    analyse,
    count_syllables,
    flesch_douma,
    plain_text,
    split_sentences,
    split_words,
)


@pytest.mark.parametrize(
    "word, syllables",
    [
        ("kat", 1),
        ("de", 1),
        ("appel", 2),
        ("buiten", 2),  # ui
        ("daarna", 2),  # aa
        ("tijd", 1),  # ij
        ("reis", 1),  # ei
        ("auto", 2),  # au
        ("vrouw", 1),  # ou
        ("koe", 1),  # oe
        ("neus", 1),  # eu
        ("duur", 1),  # uu
        ("niet", 1),  # ie
        ("mooi", 1),  # ooi
        ("draaien", 2),  # aai-en
        ("groeien", 2),  # oei-en
        ("nieuw", 1),  # ieu
        ("leeuw", 1),  # eeu
        ("gemeente", 3),
        ("ideaal", 3),  # i-de-aal: "ea" is two sounds
        ("theater", 3),
        ("beëindigen", 4),  # the diaeresis starts a syllable
        ("ruïne", 3),
        ("knieën", 2),
        ("geïnteresseerd", 5),
        ("bijeenkomst", 3),
        ("begeleider", 4),
        ("vrijwilliger", 4),
        ("maatschappelijk", 4),
        ("facilitator", 5),
        ("coördinator", 5),
        ("ervaringsdeskundige", 7),
        ("authenticator-app", 6),
        ("2026", 1),
    ],
)
def test_dutch_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_sentences_end_at_stops_and_lines_but_not_after_abbreviations():
    text = "De kat zit op de mat. Daarna eet hij bijv. een appel. Wat?\nEen kop zonder punt\n\nEn o.a. dit."
    assert split_sentences(text) == [
        "De kat zit op de mat.",
        "Daarna eet hij bijv. een appel.",
        "Wat?",
        "Een kop zonder punt",
        "En o.a. dit.",
    ]


def test_words_keep_hyphenated_compounds_together():
    assert split_words("Installeer een authenticator-app, zo'n 2 minuten.") == [
        "Installeer",
        "een",
        "authenticator-app",
        "zo'n",
        "2",
        "minuten",
    ]


def test_formula():
    assert flesch_douma(0, 0, 0) is None
    assert flesch_douma(10, 1, 10) == pytest.approx(206.835 - 9.3 - 77)


def test_a_very_easy_sentence():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 0.93 * 6 - 77 * 1 = 124.255
    result = analyse("De kat zit op de mat.")
    assert (result.words, result.sentences, result.syllables) == (6, 1, 6)
    assert result.score == pytest.approx(124.255)
    assert result.meets_b1


def test_two_short_sentences():
    # Het kind speelt bui-ten (4 words, 5 syllables). Daar-na eet het een ap-pel (5 words, 7).
    # 206.835 - 0.93 * 9/2 - 77 * 12/9 = 99.98
    result = analyse("Het kind speelt buiten. Daarna eet het een appel.")
    assert (result.words, result.sentences, result.syllables) == (9, 2, 12)
    assert result.score == pytest.approx(206.835 - 0.93 * 4.5 - 77 * 12 / 9)
    assert result.rounded_score == 100.0
    assert not result.long_sentences and not result.long_words


def test_jargon_scores_low_and_is_flagged():
    # The catalogue's old sentence: 11 words, 1 sentence.
    # Al-leen (2) de (1) fa-ci-li-ta-tor (5) kan (1) de (1) bij-een-komst (3) in (1) de (1)
    # ag-en-da (3) pu-bli-ce-ren (4) of (1) an-nu-le-ren (4) = 27 syllables in 12 words.
    text = "Alleen de facilitator kan de bijeenkomst in de agenda publiceren of annuleren."
    result = analyse(text)
    assert (result.words, result.sentences, result.syllables) == (12, 1, 27)
    assert result.score == pytest.approx(206.835 - 0.93 * 12 - 77 * 27 / 12)  # 32.5
    assert not result.meets_b1
    assert result.long_words == [("facilitator", 5)]


def test_long_sentence_is_flagged():
    sentence = "Het " + " ".join(["woord"] * 20) + "."
    result = analyse(f"Kort. {sentence}")
    assert result.long_sentences == [(sentence, 21)]


def test_plain_text_strips_html_and_placeholders():
    text = plain_text("<p>Welkom, %(name)s.</p><ul><li>Eén</li><li>Twee &amp; drie</li></ul>{{ count }} keer")
    assert split_sentences(text) == ["Welkom,  .", "Eén", "Twee & drie", "keer"]
    assert split_words(text) == ["Welkom", "Eén", "Twee", "drie", "keer"]
