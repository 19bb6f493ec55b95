"""Run by bench/run.py in a child process with the benchmark's settings: finds the URL of each
page in the dataset, makes a session for a benchmark member, and measures each page in-process
(SQL queries of one uncached request, median service time of five). Prints one JSON line."""

import json
import statistics
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from cycles.models import LearningCycle, NarrativeReport  # noqa: E402
from leeratelier.ateliers.models import AtelierIndexPage, AtelierPage, ExpertMeetingPage, Membership  # noqa: E402
from leeratelier.cases.bench import LONG_THREAD_TITLE  # noqa: E402
from leeratelier.cases.models import Case  # noqa: E402
from leeratelier.cases.views import REFLECTIONS_PER_PAGE  # noqa: E402
from leeratelier.core.models import Theme  # noqa: E402
from leeratelier.magazine.models import ChapterPage  # noqa: E402
from leeratelier.pioneers.models import PracticeIndexPage  # noqa: E402
from leeratelier.toolbox.models import MethodIndexPage, MethodPage  # noqa: E402

translation.activate("nl")
urls = {"ceiling (minimal view)": "/healthz", "home": "/nl/", "agenda": reverse("ateliers:agenda")}
nl = {"locale__language_code": "nl"}
urls["magazine chapter"] = ChapterPage.objects.live().filter(**nl).first().url
urls["atelier index"] = AtelierIndexPage.objects.live().filter(**nl).first().url
public = AtelierPage.objects.live().filter(slug__startswith="bench-atelier-", visibility="public", **nl).first()
urls["atelier page"] = public.url
meetings = ExpertMeetingPage.objects.live().child_of(public)
urls["meeting page"] = (meetings.upcoming().first() or meetings.order_by("-start").first()).url
urls["search: many hits"] = reverse("search") + "?query=zorg"
urls["search: no hits"] = reverse("search") + "?query=xylofoonkwast"

long_case = Case.objects.get(title=LONG_THREAD_TITLE)
member = (
    Membership.objects.active().filter(atelier_key=long_case.atelier_key, role=Membership.Role.MEMBER)
    .select_related("user").order_by("user__username").first().user
)
urls["member dashboard"] = reverse("ateliers:my_page")
atelier = AtelierPage.objects.get(translation_key=long_case.atelier_key, **nl)
urls["case library"] = reverse("cases:library", args=[atelier.pk])
case_url = reverse("cases:detail", args=[long_case.pk])
urls["case with 1,000 reflections, first page"] = case_url
last_page = max(1, -(-long_case.reflections.count() // REFLECTIONS_PER_PAGE))
urls["case with 1,000 reflections, last page"] = f"{case_url}?page={last_page}"

# Pages whose data the benchmark dataset may lack (a registry, a toolbox, a published report) are
# measured when they exist; run.py lists the others as not measured.
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
        toolbox.url + toolbox.reverse_subpage("finder") + "?purposes=learn&purposes=account&evidence=stories&time=weeks"
    )
cycle = LearningCycle.objects.filter(atelier_key=long_case.atelier_key).first()
if cycle:
    urls["cycle page"] = reverse("cycles:cycle", args=[cycle.pk])
report = NarrativeReport.objects.filter(published_at__isnull=False).first()
if report:
    urls["report page"] = reverse("cycles:report", args=[report.pk])

session = SessionStore()
session[SESSION_KEY] = str(member.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = member.get_session_auth_hash()
session.create()
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

probes = {}
signed_in = {"member dashboard", "case library", "case with 1,000 reflections, first page",
             "case with 1,000 reflections, last page", "cycle page", "report page"}
for name, url in urls.items():
    client = Client()
    if name in signed_in:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    else:
        client.cookies["bench"] = "1"  # any cookie: bypass the page cache, measure the real render
    client.get(url)  # warm up
    queries = []
    # Counted with a wrapper: CaptureQueriesContext loses them when request_started resets the log.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    probes[name] = {"status": response.status_code, "queries": len(queries), "service_ms": round(statistics.median(times), 1)}

print(json.dumps({"urls": urls, "cookie": cookie, "probes": probes}))
