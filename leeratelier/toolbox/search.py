"""The "Methods" tab of the site search: the toolbox's method pages the reader may see, and the
members' experiences with them (public like the method pages, never hidden ones; the atelier an
experience names is not shown here, see ``policy.can_see_experience_atelier``)."""

from django.db import connection
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language
from search.tabs import SearchSource, SearchTab, register_source, register_tab
from search.views import SNIPPET_WORDS, highlight

from .models import MethodExperience, MethodPage


def visible_methods(request):
    return access.visible_pages(request.user, MethodPage.objects.live().public())


def search_methods(request, query):
    return pages_in_active_language(visible_methods(request)).search(query, operator="and")


def describe_method(method, query, request):
    return {
        "title": method.title,
        "url": method.get_url(request),
        "type": f"{MethodPage._meta.verbose_name} · {method.get_yields_display()}",
        "snippet": highlight(method.summary, query),
        "lang": method.locale.language_code,
    }


def search_experiences(request, query):
    """Experiences on method pages the reader may see, matching every word of the query (Dutch
    full text on PostgreSQL, words in the text on SQLite), newest first."""
    experiences = MethodExperience.objects.filter(
        hidden_at__isnull=True, method_key__in=visible_methods(request).values("translation_key")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        experiences = experiences.annotate(document=SearchVector("text", config="dutch")).filter(
            document=SearchQuery(query, search_type="plain", config="dutch")
        )
    else:
        for word in query.split()[:20]:
            experiences = experiences.filter(Q(text__icontains=word))
    return experiences.order_by("-created_at", "-pk")


def attach_methods(experiences, request):
    """Each experience's method page in the reader's language (one query for the page)."""
    keys = {experience.method_key for experience in experiences}
    methods = pages_in_active_language(visible_methods(request).filter(translation_key__in=keys)).select_related(
        "locale"
    )
    by_key = {method.translation_key: method for method in methods}
    for experience in experiences:
        experience.method = by_key.get(experience.method_key)


def describe_experience(experience, query, request):
    method = getattr(experience, "method", None)
    text = Truncator(" ".join(strip_tags(experience.text_html).split())).words(SNIPPET_WORDS)
    return {
        "title": method.title if method else str(_("Experience with a method")),
        "url": f"{method.get_url(request)}#experience-{experience.pk}" if method else "",
        "type": str(_("Experience with a method")),
        "snippet": highlight(text, query),
        "lang": method.locale.language_code if method else get_language(),
    }


register_tab(
    SearchTab(
        slug="methods", label=_("Methods"), search=search_methods, describe=describe_method, order=25, model=MethodPage
    ),
    page_types=[MethodPage],
)
register_source(
    "methods",
    SearchSource(
        "experiences",
        search_experiences,
        describe_experience,
        prepare=attach_methods,
        model=MethodExperience,
        models=(MethodExperience,),
    ),
)
