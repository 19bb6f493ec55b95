"""The finder, the lists and the language switcher as an English visitor and a phone user meet
them: reasons in whole sentences, poor fits behind "Other methods", the form jumping to its
results, "(in Dutch)" beside a Dutch-only page on an English list, and the switcher on a
Dutch-only page leading to the nearest English page above it rather than the home page."""

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale

from leeratelier.toolbox.factories import MethodPageFactory

from .test_finder_and_compare import finder_url


def english_index(method_index):
    index_en = method_index.copy_for_translation(Locale.objects.get(language_code="en"))
    index_en.save_revision().publish()
    return index_en


def test_poor_fits_wait_behind_other_methods_and_the_form_jumps_to_the_results(client, method_index, methods):
    # Only the calculator helps to learn as a team; with four hours (a session) the other two
    # take too long and serve no wanted purpose: they score below zero.
    html = client.get(finder_url(method_index, purposes=["learn"], time="session")).content.decode()
    fitting, others = html.split('class="finder-others"')
    assert "Effectencalculator" in fitting.split('class="finder-result"')[1]
    assert "Waardencirkel" in others and "Social Return on Investment" in others
    with translation.override("nl"):
        assert escape(gettext("It helps you learn and improve as a team.")) in fitting
    assert 'action="' + method_index.finder_url + '#methods-that-fit"' in html
    assert 'id="methods-that-fit"' in html


def test_an_english_list_marks_a_dutch_only_method(client, home_pages, method_index, methods):
    index_en = english_index(method_index)
    html = client.get(index_en.url).content.decode()
    assert '<span class="untranslated" lang="en">(in Dutch)</span>' in html


def test_the_switcher_on_a_dutch_only_page_goes_to_the_nearest_english_page(client, home_pages, method_index, methods):
    index_en = english_index(method_index)
    calculator = methods[0]
    html = client.get(calculator.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert f'href="{index_en.url}"' in switcher, switcher
    # Not announced as a translation of this page: hreflang only for real translations.
    assert 'rel="alternate" hreflang="en"' not in html


def test_a_translated_page_still_switches_to_its_translation(client, home_pages, method_index, methods):
    index_en = english_index(method_index)
    html = client.get(method_index.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert f'href="{index_en.url}"' in switcher
    assert 'hreflang="en"' in html.split("</head>")[0]
