import dataclasses
import re

import pytest
from django.utils import translation

from leeratelier.core.privacy_check import (
    MASK,
    Finding,
    find_identifying_details,
    passes_eleven_test,
    warning_message,
)

POSITIVES = [
    # (kind, text, the identifying value as written)
    ("email", "Mail haar op j.jansen@example.nl voor de afspraak.", "j.jansen@example.nl"),
    ("email", "contact: Piet.de-Vries+zorg@gemeente-utrecht.nl", "Piet.de-Vries+zorg@gemeente-utrecht.nl"),
    ("phone", "Bel moeder op 06-12345678 na vijven.", "06-12345678"),
    ("phone", "Haar nummer is 06 1234 5678.", "06 1234 5678"),
    ("phone", "Mobiel: +31 6 12345678", "+31 6 12345678"),
    ("phone", "Mobiel: +31 (0)6-12345678", "+31 (0)6-12345678"),
    ("phone", "of 0031 6 1234 5678 (WhatsApp)", "0031 6 1234 5678"),
    ("phone", "Vaste lijn 030-1234567 bij oma.", "030-1234567"),
    ("phone", "Kantoor: 020 123 4567", "020 123 4567"),
    ("phone", "Telefoon (030) 123 45 67.", "(030) 123 45 67"),
    ("phone", "Telefoon 06.12.34.56.78", "06.12.34.56.78"),
    ("phone", "Bel 0612345678", "0612345678"),
    ("address", "Zij woont op 3511 AB 12 met haar zoon.", "3511 AB 12"),
    ("address", "Adres: 3511AB, 12a", "3511AB, 12a"),
    ("address", "Adres: Stationsstraat 12, 3511 AB Utrecht", "Stationsstraat 12"),
    ("address", "Hij slaapt bij een vriend aan de Oudegracht 231.", "Oudegracht 231"),
    ("address", "Het gezin woont aan de Burgemeester Reigerstraat 7-bis.", "Reigerstraat 7"),
    ("address", "Post naar 12, 3511 AB Utrecht", "12, 3511 AB"),
    ("address", "Ze verhuisde naar de Kerkweg 14 A in Houten.", "Kerkweg 14 A"),
    ("bsn", "Haar BSN is 123456782.", "123456782"),
    ("bsn", "nummer 123.456.782 staat op de brief", "123.456.782"),
    ("bsn", "nummer 111 222 333 staat op de brief", "111 222 333"),
    ("bsn", "burgerservicenummer: 123456789", "123456789"),  # fails the test, but labelled
    ("iban", "Toeslag op NL91ABNA0417164300 gestort.", "NL91ABNA0417164300"),
    ("iban", "rekening NL20 INGB 0001 2345 67", "NL20 INGB 0001 2345 67"),
    ("iban", "rekening nl91abna0417164300", "nl91abna0417164300"),
    ("iban", "Belgische rekening BE68 5390 0754 7034", "BE68 5390 0754 7034"),
    ("birth_date", "Mevrouw is geboren op 12-03-1984 in Arnhem.", "12-03-1984"),
    ("birth_date", "Jan (geb. 12 maart 1984) woont alleen.", "12 maart 1984"),
    ("birth_date", "Geboortedatum: 03/11/2001", "03/11/2001"),
    ("birth_date", "She was born on 4 July 1990.", "4 July 1990"),
]

NEGATIVES = [
    "In 2023 kregen 45 bewoners ondersteuning, kosten € 12.500, 80% was tevreden; "
    "de bijeenkomst begon om 15:00 in wijk 3.",
    "Houten deed mee aan CoSIE (Horizon 2020, 10 EU-landen, 2018–2021).",
    "Zie hoofdstuk 5.2.1 en bijlage 3 voor het stappenplan.",
    "De expertmeeting was op 12-03-2024 om 15.00 uur; de volgende op 01-02-2025 15:00.",
    "De expertmeeting van 01-02-2023 15:00 ging over armoede.",
    "Het budget steeg van € 123.456.789 naar 123.456.782,00 euro.",
    "Het project loopt in postcodegebied 3511 AB en 6511 in Nijmegen.",
    "Bestelnummer 123456789 en factuur 987654321 zijn betaald.",
    "VNG ondersteunde 31 gemeenten intensief en 140 deelden kennis.",
    "Sinds 2011 gebruikt de HAN de Effectencalculator; 2,5 uur per gesprek, 0,5 fte.",
    "Op de Arbeidsmarkt 2024 zagen we 12 deelnemers; de Vismarkt 2023 trok 300 bezoekers.",
    "In de gemeente Lingewaard liepen 4 bijeenkomsten met 25 inwoners.",
    "De wethouder belde over de 0800-1234 lijn en 112.",
    "Percentage: 12,5 % van 2.400 huishoudens; stijging 3.5 procent.",
    "Ze is geboren in 1984 en woont sinds 2019 in de wijk.",
    "Tijdslot 09:30-10:45, zaal 2.14, ronde 1 van 3.",
    "Leeratelier Impact (Zuyd, sinds 2019) heeft 2 subgroepen.",
    "Het Werkveld 2 van de HAN; de Kerkweg 12 keer gelopen.",
    "Rekening NL91ABNA0417164301 is een tikfout (faalt de mod-97 check).",
    "Bel 0900-1234567 of kijk op www.example.nl/contact.",
    "Tussen 1 januari 2024 en 2 februari 2024 liepen 123 456 789 bezoekers langs.",
]


@pytest.mark.parametrize("kind,text,value", POSITIVES)
def test_positive_examples_are_found_and_masked(kind, text, value):
    findings = find_identifying_details(text)
    assert [f.kind for f in findings] == [kind], findings
    excerpt = findings[0].excerpt
    assert value not in excerpt
    assert MASK in excerpt
    if kind not in ("email", "iban"):
        # The digits of the value never all show up in the excerpt.
        assert re.sub(r"\D", "", value) not in re.sub(r"\D", "", excerpt)


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_case_text_is_not_flagged(text):
    assert find_identifying_details(text) == []


def test_phone_mask_keeps_the_prefix_and_hides_the_end():
    [finding] = find_identifying_details("Bel 06-12345678.")
    assert finding.excerpt == "06-1234••••"


def test_address_masks_house_number_and_postcode_letters():
    [finding] = find_identifying_details("Adres: 3511 AB 12")
    assert finding.excerpt == "3511 •• ••"
    [finding] = find_identifying_details("aan de Oudegracht 231")
    assert finding.excerpt == "Oudegracht •••"


def test_email_and_birth_date_masks():
    [email] = find_identifying_details("mail j.jansen@example.nl")
    assert email.excerpt.startswith("j") and "jansen" not in email.excerpt and email.excerpt.endswith(".nl")
    [birth] = find_identifying_details("geboren op 12-03-1984")
    assert "1984" not in birth.excerpt and "12" not in birth.excerpt


def test_eleven_test():
    assert passes_eleven_test("123456782")
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("000000000")
    assert not passes_eleven_test("12345678")


def test_same_value_written_twice_or_differently_is_one_finding():
    findings = find_identifying_details(
        "Bel 06-12345678 of 06 1234 5678. Mail a@b.nl of A@B.nl. Bel nogmaals 06-12345678."
    )
    assert [f.kind for f in findings] == ["phone", "email"]


def test_different_values_of_one_kind_are_kept():
    findings = find_identifying_details("Bel 06-12345678 of 030-1234567.")
    assert [f.kind for f in findings] == ["phone", "phone"]


def test_street_with_postcode_is_one_address():
    findings = find_identifying_details("Adres: Stationsstraat 12, 3511 AB Utrecht")
    assert [f.kind for f in findings] == ["address"]


def test_findings_across_texts_in_order_of_appearance_and_deduplicated():
    findings = find_identifying_details(
        "Situatie: mevrouw woont op de Oudegracht 231.",
        None,
        "",
        "Vraag: mag ik haar bellen op 06-12345678? BSN 123456782.",
        "Gedaan: gebeld op 06 12 34 56 78 en gemaild naar m.smit@example.nl.",
    )
    assert [f.kind for f in findings] == ["address", "phone", "bsn", "email"]
    assert all(isinstance(f, Finding) for f in findings)


def test_finding_is_frozen():
    [finding] = find_identifying_details("06-12345678")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "email"


def test_no_findings_no_message():
    assert warning_message([]) == ""


def test_message_names_each_found_kind():
    findings = find_identifying_details(
        "mail a@b.nl, bel 06-12345678, adres 3511 AB 12, BSN 123456782, IBAN NL91ABNA0417164300, geboren op 12-03-1984"
    )
    assert {f.kind for f in findings} == {"email", "phone", "address", "bsn", "iban", "birth_date"}
    with translation.override("en"):
        message = warning_message(findings)
        for finding in findings:
            assert str(finding.label) in message
    assert message.startswith("Your text seems to contain an email address, a phone number, ")
    assert " and a date of birth. Cases must be anonymised: remove or change them," in message
    assert message.count(".") >= 2  # one sentence of details plus the instruction


def test_message_for_one_finding_is_singular():
    with translation.override("en"):
        message = warning_message(find_identifying_details("bel 06-12345678"))
    assert message == (
        "Your text seems to contain a phone number. Cases must be anonymised: remove or change it, "
        "or confirm that it is not about a real person."
    )


def test_message_counts_several_of_one_kind():
    with translation.override("en"):
        message = warning_message(find_identifying_details("bel 06-12345678 of 030-1234567, adres 3511 AB 12"))
    assert message.startswith("Your text seems to contain 2 phone numbers and a postcode with house number")
    assert "remove or change them" in message


def test_label_is_lazy_and_follows_the_active_language():
    [finding] = find_identifying_details("bel 06-12345678")
    with translation.override("en"):
        assert str(finding.label) == "a phone number"
    assert finding.label is not None and not isinstance(finding.label, str)
