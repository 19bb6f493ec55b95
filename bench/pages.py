"""The pages the benchmark measures, found in the benchmark dataset: used by bench/probe.py (in
the benchmark run) and by tests/test_page_queries.py (the query count of every page at two data
sizes, in the normal test suite). Call with Django set up and the Dutch language active."""

from django.urls import reverse

SIGNED_IN = {
    "member dashboard",
    "case library",
    "case with 1,000 reflections, first page",
    "case with 1,000 reflections, last page",
    "cycle page",
    "report page",
}
# Searches are made signed in (a member of the long thread's atelier): never from the page cache,
# and restricted to what that member may see.
SEARCH = {"search: many hits", "search: no hits", "search: cases and reflections"}
WITH_SESSION = SIGNED_IN | SEARCH
MAX_SIGNED_IN_QUERIES = 15


def find_urls():
    """({page name: URL}, the benchmark member who signs in for the signed-in pages)."""
    from cycles.models import LearningCycle, NarrativeReport
    from leeratelier.ateliers.bench import bench_ateliers
    from leeratelier.ateliers.models import AtelierIndexPage, AtelierPage, ExpertMeetingPage, Membership
    from leeratelier.cases.bench import LONG_THREAD_TITLE
    from leeratelier.cases.models import Case
    from leeratelier.cases.views import REFLECTIONS_PER_PAGE
    from leeratelier.core.models import Theme
    from leeratelier.magazine.models import ChapterPage
    from leeratelier.pioneers.models import PracticeIndexPage
    from leeratelier.toolbox.models import MethodIndexPage, MethodPage

    nl = {"locale__language_code": "nl"}
    urls = {"ceiling (minimal view)": "/healthz", "home": "/nl/", "agenda": reverse("ateliers:agenda")}
    urls["magazine chapter"] = ChapterPage.objects.live().filter(**nl).first().url
    urls["atelier index"] = AtelierIndexPage.objects.live().filter(**nl).first().url
    public = bench_ateliers().live().filter(visibility="public").order_by("path").first()
    urls["atelier page"] = public.url
    meetings = ExpertMeetingPage.objects.live().child_of(public)
    # An upcoming meeting with limited seats (the page then shows the seats left), or any.
    meeting = meetings.upcoming().filter(capacity__isnull=False).first() or meetings.upcoming().first()
    urls["meeting page"] = (meeting or meetings.order_by("-start").first()).url
    urls["search: many hits"] = reverse("search") + "?q=zorg"
    urls["search: no hits"] = reverse("search") + "?q=xylofoonkwast"
    urls["search: cases and reflections"] = reverse("search") + "?q=zorg&tab=cases"

    long_case = Case.objects.get(title=LONG_THREAD_TITLE)
    # A member of the long thread's atelier, registered for meetings (the dashboard lists them).
    members = Membership.objects.active().filter(atelier_key=long_case.atelier_key, role=Membership.Role.MEMBER)
    member = (
        members.filter(user__registrations__isnull=False).order_by("user__username").first()
        or members.order_by("user__username").first()
    ).user
    urls["member dashboard"] = reverse("ateliers:my_page")
    atelier = AtelierPage.objects.get(translation_key=long_case.atelier_key, **nl)
    urls["case library"] = reverse("cases:library", args=[atelier.pk])
    case_url = reverse("cases:detail", args=[long_case.pk])
    urls["case with 1,000 reflections, first page"] = case_url
    last_page = max(1, -(-long_case.reflections.count() // REFLECTIONS_PER_PAGE))
    urls["case with 1,000 reflections, last page"] = f"{case_url}?page={last_page}"

    # Pages whose data a database may lack (a registry, a toolbox, a published report) are
    # measured when they exist; bench/run.py lists the others as not measured.
    registry = PracticeIndexPage.objects.live().filter(**nl).first()
    theme = Theme.objects.filter(**nl).first()
    if registry and theme:
        urls["registry with a filter"] = f"{registry.url}?theme={theme.pk}"
    method = MethodPage.objects.live().filter(**nl).first()
    if method:
        urls["method page"] = method.url
    toolbox = MethodIndexPage.objects.live().filter(**nl).first()
    if toolbox:
        urls["tool finder result"] = (
            toolbox.url
            + toolbox.reverse_subpage("finder")
            + "?purposes=learn&purposes=account&evidence=stories&time=weeks"
        )
    cycle = LearningCycle.objects.filter(atelier_key=long_case.atelier_key).first()
    if cycle:
        urls["cycle page"] = reverse("cycles:cycle", args=[cycle.pk])
    report = NarrativeReport.objects.filter(published_at__isnull=False).first()
    if report:
        urls["report page"] = reverse("cycles:report", args=[report.pk])
    return urls, member


def count_queries(client, url):
    """(status, number of SQL queries) of one GET. Counted with a wrapper: Django's
    CaptureQueriesContext loses the queries when request_started resets the log."""
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    return response.status_code, len(queries)
