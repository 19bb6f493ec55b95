"""The anonymous page cache (leeratelier/core/pagecache.py): cookie-less GETs are served from the
cache, and every change a visitor could notice makes the next request render afresh. Signed-in
pages are never stored nor served from it."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core import pagecache
from leeratelier.core.factories import UserFactory
from leeratelier.core.pagecache import HEADER
from tests.ateliers.conftest import *  # noqa: F403  (atelier fixtures)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    pagecache._local.forget()
    yield
    cache.clear()
    pagecache._local.forget()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def changed(capture):
    """Run the change and its on-commit callbacks (the generation is bumped after commit)."""
    return capture(execute=True)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, home_page, django_assert_num_queries
):
    first = get(client, home_page.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(home_page.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content


def test_publishing_a_new_revision_shows_at_once(client, public_atelier, django_capture_on_commit_callbacks):
    assert "Oude doelstelling" not in get(client, public_atelier.url).content.decode()
    with changed(django_capture_on_commit_callbacks):
        public_atelier.purpose = "Oude doelstelling vervangen door een nieuwe"
        public_atelier.save_revision().publish()
    response = get(client, public_atelier.url)
    assert response[HEADER] == "miss"
    assert "Oude doelstelling vervangen" in response.content.decode()


def test_unpublished_page_is_gone_from_the_cache(client, public_meeting, django_capture_on_commit_callbacks):
    get(client, public_meeting.url)
    with changed(django_capture_on_commit_callbacks):
        public_meeting.unpublish()
    assert client.get(public_meeting.url).status_code == 404


def test_moved_page_is_gone_from_its_old_address(
    client, public_meeting, hidden_atelier, django_capture_on_commit_callbacks
):
    old_url = public_meeting.url
    get(client, old_url)
    with changed(django_capture_on_commit_callbacks):
        public_meeting.move(hidden_atelier, pos="last-child")
    # Wagtail leaves a redirect at the old address; the cached page is not served there.
    response = client.get(old_url)
    assert response.status_code == 301
    assert HEADER not in response


def test_publishing_a_translation_updates_the_language_links(
    client, public_atelier, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    english_url = "/en/ateliers/leeratelier-armoede/"
    assert english_url not in get(client, public_atelier.url).content.decode()
    with changed(django_capture_on_commit_callbacks):
        translation = public_atelier.copy_for_translation(english, copy_parents=True, alias=False)
        translation.save_revision().publish()
    after = get(client, public_atelier.url)
    assert after[HEADER] == "miss"
    assert english_url in after.content.decode()  # the language switcher offers the translation


def test_seats_left_follow_registrations(client, public_meeting, member, django_capture_on_commit_callbacks):
    public_meeting.capacity = 3
    public_meeting.save_revision().publish()
    cache.clear()
    assert "Nog 3 plaatsen vrij" in get(client, public_meeting.url).content.decode()
    with changed(django_capture_on_commit_callbacks):
        services.register(public_meeting, user=member)
    assert "Nog 2 plaatsen vrij" in get(client, public_meeting.url).content.decode()


def test_member_count_follows_memberships(client, public_atelier, django_capture_on_commit_callbacks):
    get(client, public_atelier.url)
    assert get(client, public_atelier.url)[HEADER] == "hit"
    with changed(django_capture_on_commit_callbacks):
        MembershipFactory(atelier=public_atelier, user=UserFactory())
    assert get(client, public_atelier.url)[HEADER] == "miss"


def test_a_signed_in_page_is_never_stored_nor_served_to_anyone_else(client, public_atelier, member):
    signed_in = pytest.importorskip("django.test").Client()
    signed_in.force_login(member)
    page = get(signed_in, public_atelier.url)
    assert HEADER not in page
    assert "Mila" in page.content.decode() or page.wsgi_request.user == member

    anonymous = get(client, public_atelier.url)
    assert anonymous[HEADER] == "miss"  # the member's page was not stored
    assert "Mila" not in anonymous.content.decode()

    again = get(signed_in, public_atelier.url)  # the anonymous copy is not served to the member
    assert HEADER not in again


def test_requests_with_a_cookie_are_not_served_from_the_cache(client, home_page):
    get(client, home_page.url)
    client.cookies["csrftoken"] = "x" * 32
    assert HEADER not in get(client, home_page.url)


def test_responses_that_set_a_cookie_or_are_private_are_not_stored(client, public_atelier):
    # The sign-in page sets a CSRF cookie and lives under /accounts/.
    login = client.get("/nl/accounts/login/")
    assert HEADER not in login
    client.cookies.clear()
    # A 404 is not stored either.
    assert client.get("/nl/bestaat-niet/").status_code == 404
    assert HEADER not in client.get("/nl/bestaat-niet/")


# --- the key: only known query parameters ---------------------------------------------------------


def cache_entries():
    from django.core.cache import caches

    return len(caches["default"]._cache)  # the local-memory cache of the test settings


def test_random_query_strings_do_not_fill_the_cache(client, home_page):
    """1,000 random query strings on a stored public address (robots.txt: cheap to render, so the
    test measures the cache, not the page), then some on the home page and free-text searches."""
    import random
    import string

    rng = random.Random(18)

    def random_query():
        name = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 12)))
        if name in pagecache.QUERY_PARAMETERS:
            name = "x" + name
        return {name: "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(0, 20)))}

    assert get(client, "/robots.txt")[HEADER] == "miss"  # the address itself is stored
    get(client, home_page.url)
    before = cache_entries()
    for _ in range(1000):
        response = client.get("/robots.txt", random_query())
        assert response.status_code == 200 and HEADER not in response  # answered fresh, not stored
    for _ in range(20):
        assert HEADER not in get(client, home_page.url + "?" + "&".join(f"{k}={v}" for k, v in random_query().items()))
        client.get(home_page.url, {"q": "".join(rng.choices(string.ascii_letters, k=12))})  # free text
    assert cache_entries() - before < 5


def test_known_parameters_form_the_key_in_a_fixed_order(client, atelier_index, public_atelier):
    first = get(client, atelier_index.url + "?theme=armoede&page=1")
    assert first[HEADER] == "miss"
    again = get(client, atelier_index.url + "?page=1&theme=armoede")  # the same page, another order
    assert again[HEADER] == "hit" and again.content == first.content
    assert get(client, atelier_index.url + "?page=2&theme=armoede")[HEADER] == "miss"  # another page


def test_an_unknown_parameter_is_never_stored_nor_served_from_the_cache(client, public_atelier):
    get(client, public_atelier.url)
    response = get(client, public_atelier.url + "?utm_source=mail")
    assert HEADER not in response


def test_random_values_of_known_parameters_do_not_fill_the_cache(client, db):
    """1,000 random values under the parameters pages read (`?page=<random>`, `?theme=<random>`,
    ...): a value no page offers is answered fresh and not stored, and even values that look valid
    fill at most MAX_VARIANTS_PER_PATH entries of one address."""
    import random
    import string

    rng = random.Random(20)
    names = sorted(pagecache.QUERY_PARAMETERS - pagecache.FREE_TEXT_PARAMETERS)
    printable = string.ascii_letters + string.digits + string.punctuation + " éü"

    def random_value():
        kind = rng.randrange(4)
        if kind == 0:  # a page number no list has, or not a number at all
            return "page", rng.choice([str(rng.randint(1001, 10**12)), str(-rng.randint(1, 99)), "0", "1e3", "2.0"])
        if kind == 1:  # anything at all
            return rng.choice(names), "".join(rng.choices(printable, k=rng.randint(1, 30)))
        if kind == 2:  # too long for a choice, a slug or an id
            return rng.choice(names), "".join(rng.choices(string.ascii_lowercase, k=rng.randint(61, 120)))
        # looks like a real value: slug-like, or a page number up to 1,000
        if rng.random() < 0.5:
            return "page", str(rng.randint(1, 1000))
        return rng.choice(names), "".join(rng.choices(string.ascii_lowercase + "-", k=rng.randint(1, 40)))

    url = "/robots.txt"  # cheap to render: the test measures the cache, not the page
    assert get(client, url)[HEADER] == "miss"
    before = cache_entries()
    stored = 0
    for _ in range(1000):
        name, value = random_value()
        response = client.get(url, {name: value})
        assert response.status_code == 200, (name, value)
        stored += response.get(HEADER) == "miss"
    assert stored <= pagecache.MAX_VARIANTS_PER_PATH
    # The entries and the one counter of the address: nowhere near 1,000.
    assert cache_entries() - before <= pagecache.MAX_VARIANTS_PER_PATH + 1


def test_values_that_no_page_offers_are_not_stored(client, atelier_index, public_atelier):
    for query in ("page=1001", "page=0", "page=-1", "page=abc", "page=2.0", "theme=%3Cscript%3E", "theme=" + "a" * 61):
        response = client.get(f"{atelier_index.url}?{query}")
        assert HEADER not in response, query  # answered fresh, not stored
        assert HEADER not in client.get(f"{atelier_index.url}?{query}"), query


def test_a_normal_page_and_filter_are_still_stored(client, atelier_index, public_atelier):
    assert get(client, atelier_index.url + "?page=2")[HEADER] == "miss"
    assert get(client, atelier_index.url + "?page=2")[HEADER] == "hit"
    assert get(client, atelier_index.url + "?theme=armoede&municipality=&page=1")[HEADER] == "miss"
    assert get(client, atelier_index.url + "?page=1&municipality=&theme=armoede")[HEADER] == "hit"


def test_an_address_stores_at_most_its_ceiling_of_query_strings(client, db):
    ceiling = pagecache.MAX_VARIANTS_PER_PATH
    for number in range(1, ceiling + 1):
        assert client.get("/robots.txt", {"page": number}).get(HEADER) == "miss"
    over = client.get("/robots.txt", {"page": ceiling + 1})
    assert over.status_code == 200 and HEADER not in over  # served, not stored
    assert client.get("/robots.txt", {"page": 1})[HEADER] == "hit"  # what was stored stays
    assert get(client, "/robots.txt")[HEADER] == "miss"  # the address itself always is


def test_a_hit_is_answered_from_the_process_memory_without_asking_the_shared_cache(
    client, home_page, settings, monkeypatch
):
    settings.PAGE_CACHE_RECHECK = 60
    first = get(client, home_page.url)
    asked = []
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: asked.append(args))
    monkeypatch.setattr(cache, "get_many", lambda *args, **kwargs: asked.append(args))
    second = get(client, home_page.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert asked == []


def test_another_process_change_is_seen_within_the_recheck_interval(client, home_page, settings, monkeypatch):
    """Another process bumps the shared generation; this one keeps answering from memory until it
    reads the generation again, PAGE_CACHE_RECHECK seconds later."""
    settings.PAGE_CACHE_RECHECK = 1.0
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    get(client, home_page.url)
    cache.incr(pagecache.GENERATION_KEY)  # what invalidate() in another process does
    clock[0] += 0.5
    assert get(client, home_page.url)[HEADER] == "hit"
    clock[0] += 0.6
    assert get(client, home_page.url)[HEADER] == "miss"


def test_a_change_in_this_process_is_seen_at_once(client, public_atelier, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_RECHECK = 60
    get(client, public_atelier.url)
    with changed(django_capture_on_commit_callbacks):
        public_atelier.purpose = "Een doel dat deze bezoeker meteen leest"
        public_atelier.save_revision().publish()
    response = get(client, public_atelier.url)
    assert response[HEADER] == "miss"
    assert "Een doel dat deze bezoeker meteen leest" in response.content.decode()


def test_an_emptied_shared_cache_never_brings_back_a_page_kept_in_memory(client, home_page, settings):
    """Redis restarted (it keeps nothing on disk): the new generation differs from every earlier
    one, so what this process kept is not served."""
    get(client, home_page.url)
    cache.clear()
    assert get(client, home_page.url)[HEADER] == "miss"


def test_the_memory_of_a_process_is_bounded(client, db, monkeypatch):
    monkeypatch.setattr(pagecache, "LOCAL_ENTRIES", 3)
    local = pagecache._Local()
    for n in range(10):
        local.put(f"key{n}", (200, [], b"x" * 10, 10**12))
    assert list(local.entries) == ["key7", "key8", "key9"]
    assert local.size == 30
    monkeypatch.setattr(pagecache, "LOCAL_BYTES", 15)
    local.put("big", (200, [], b"y" * 12, 10**12))
    assert list(local.entries) == ["big"]


def test_a_signed_in_page_reads_the_generation_once_and_the_navigation_from_memory(
    client, public_atelier, member, monkeypatch
):
    """The header, the footer and "my ateliers" are all kept under the generation: one round
    trip reads it for the whole request, and the navigation and the site's contact details,
    the same for everyone, come from the process's memory after the first request."""
    client.force_login(member)
    get(client, public_atelier.url)
    asked = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: asked.append(key) or real_get(key, *args, **kwargs))
    get(client, public_atelier.url)
    assert asked.count(pagecache.GENERATION_KEY) == 1
    assert not [key for key in asked if key.startswith(("navigation:", "site-contact:", "locale-ids:"))]


def test_a_change_within_a_request_reads_the_new_generation(rf, db):
    token = pagecache._this_request.set({})
    try:
        before = pagecache.generation()
        pagecache.invalidate()
        assert pagecache.generation() != before
    finally:
        pagecache._this_request.reset(token)


def test_a_page_made_private_is_gone_from_the_cache_at_once(client, public_atelier, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    get(client, public_atelier.url)
    assert client.get(public_atelier.url)[HEADER] == "hit"
    with changed(django_capture_on_commit_callbacks):
        PageViewRestriction.objects.create(page=public_atelier, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(public_atelier.url)
    assert response.status_code == 302 and "login" in response["Location"]
