"""Run by bench/run.py in a child process with the benchmark's settings: finds the URL of each
page in the dataset, makes a session for a benchmark member, and measures each page in-process
(SQL queries of one uncached request, median service time of five; for a search also as its
first reader, with nothing kept by the search's cache). Prints one JSON line."""

import json
import statistics
import time
from importlib import import_module

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.pages import SEARCH, WITH_SESSION, count_queries, find_urls  # noqa: E402
from search import cache as results_cache  # noqa: E402

translation.activate("nl")
urls, member = find_urls()

session = import_module(settings.SESSION_ENGINE).SessionStore()  # as the site stores them
session[SESSION_KEY] = str(member.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = member.get_session_auth_hash()
session.create()
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

probes = {}
for name, url in urls.items():
    client = Client()
    if name in WITH_SESSION:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    else:
        client.cookies["bench"] = "1"  # any cookie: bypass the page cache, measure the real render
    client.get(url)  # warm up
    status, queries = count_queries(client, url)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    probes[name] = {"status": status, "queries": queries, "service_ms": round(statistics.median(times), 1)}
    if name in SEARCH:
        # The same search as its first reader: nothing kept by the search's cache (search/cache.py).
        first = []
        for _ in range(5):
            results_cache.changed()
            started = time.perf_counter()
            client.get(url)
            first.append((time.perf_counter() - started) * 1000)
        probes[name]["first_ms"] = round(statistics.median(first), 1)

print(json.dumps({"urls": urls, "cookie": cookie, "probes": probes}))
