"""Numbers and dates in the report, the compass and the PDF as a reader of each language expects
them: "18" and "27,5" and "4,5" for a Dutch reader (never "18.00", which reads as eighteen
thousand), dates in words, the number of people beside every average, and a tagged PDF named in
the reader's language with its document language set."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from cycles import services
from leeratelier.core.templatetags.formatting import datetime_attr, isodate, number

from .conftest import contribute, current_phase
from .test_reports import compose


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", "18.00", "18"),
        ("nl", "27.50", "27,5"),
        ("nl", 4.5, "4,5"),
        ("en", "27.50", "27.5"),
        ("nl", "3.456", "3,46"),
        ("nl", "", ""),
        ("nl", "n.v.t.", "n.v.t."),
    ],
)
def test_number(language, value, expected):
    with translation.override(language):
        assert number(value) == expected


def test_dates_for_attributes_have_no_microseconds():
    moment = timezone.now().replace(microsecond=123456)
    assert "." not in datetime_attr(moment) and re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", datetime_attr(moment)
    )
    assert isodate("2026-10-22").day == 22 and isodate("not a date") is None


@pytest.fixture
def scored(cycle, member, second_member, coordinator):
    contribute(
        cycle,
        member,
        kind="indicator",
        body="",
        indicator_name="Bereikte bewoners",
        indicator_value="18.00",
        indicator_unit="bewoners",
        indicator_date=timezone.localdate().replace(month=10, day=22),
    )
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    values = list(cycle.values.all())
    loop = current_phase(cycle).loop
    services.score_values(loop, member, {values[0]: (4, ""), values[1]: (3, "")})
    services.score_values(loop, second_member, {values[0]: (5, ""), values[1]: (3, "")})


@pytest.mark.parametrize(
    ("language", "average", "people", "month"),
    [("nl", "4,5", "2 mensen", "oktober"), ("en", "4.5", "2 people", "October")],
)
def test_the_report_page_and_pdf_write_numbers_and_dates_for_the_reader(
    client, cycle, coordinator, scored, language, average, people, month
):
    report = compose(client, cycle, coordinator)
    client.post(
        reverse("cycles:report_edit", args=[report.pk]),
        {"items": ["indicator:Bereikte bewoners", "compass"], "then": "publish"},
    )
    with translation.override(language):
        body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
        pdf = client.get(reverse("cycles:report_pdf", args=[report.pk]))
        compass = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    assert "18 bewoners" in body and "18.00" not in body and "18,00" not in body
    assert f"22 {month}" in body and "-10-22<" not in body
    assert f"{average} · {people}" in body
    assert f"{average} · {people}" in compass

    assert pdf["Content-Disposition"].endswith(f'-{report.pk}.pdf"')
    assert ("verantwoording" in pdf["Content-Disposition"]) == (language == "nl")
    reader = PdfReader(io.BytesIO(pdf.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "the PDF is not tagged"
    assert catalog.get("/Lang") == language
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "18 bewoners" in text and f"22 {month}" in text
    # The compass average in the PDF as in the page: "4,5" for a Dutch reader, "4.5" in English,
    # never the other language's way.
    other = {"nl": "4.5", "en": "4,5"}[language]
    assert re.search(rf"(?<![\d.,]){re.escape(average)}(?![\d])", text), f"no {average} in the PDF: {text[:2000]}"
    assert not re.search(rf"(?<![\d.,]){re.escape(other)}(?![\d])", text), f"{other} in the PDF"
