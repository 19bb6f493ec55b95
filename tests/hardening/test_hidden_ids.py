"""Ids of hidden things cannot be listed: for a signed-out visitor an unknown id answers exactly
like a hidden one (the login redirect, same status, same Location shape, same headers), and for
a signed-in outsider both are a plain 404.

The URLs are every row of the permission table that sends a visitor to the login page and names
something by an id, each tried again with its ids replaced by ids that do not exist; and the
Wagtail pages of a hidden atelier (their slugs are made from ids)."""

from urllib.parse import quote

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from .test_permission_table import BUILDERS, OBJECTS, L, world

UNKNOWN = 987654321


def unknown_twin(url):
    """The same URL with every id argument replaced by one that does not exist."""
    match = resolve(url.split("?")[0])
    if match.url_name == "wagtail_serve":
        parts = url.rstrip("/").split("/")
        prefix = parts[-1].split("-")[0]
        return "/".join(parts[:-1] + [f"{prefix}-{'0' * 12}"]) + "/"
    kwargs = {
        name: (UNKNOWN if name == "pk" or name.endswith("_id") else value) for name, value in match.kwargs.items()
    }
    extra = {k: v for k, v in (match.captured_kwargs or {}).items()}
    kwargs = {k: v for k, v in kwargs.items() if k in extra} if extra else kwargs
    return reverse(match.view_name, kwargs=kwargs)


def names_an_id(name):
    if name.startswith("page:"):
        return True
    pattern = str(next(p for p in _patterns() if p[0] == name.split(" ")[0])[1])
    return "_id>" in pattern or "_id>" in pattern.replace("[0-9]+)", ">")


def _patterns():
    from django.urls import get_resolver

    from .test_permission_table import named_urls

    resolver = get_resolver()
    for name in set(n for n, *_ in OBJECTS):
        key = name.split(" ")[0]
        if ":" in key and not key.startswith(("page:", "admin:")):
            namespace, url_name = key.split(":")
            try:
                inner = resolver.namespace_dict[namespace][1]
            except KeyError:
                continue
            for pattern in inner.url_patterns:
                if getattr(pattern, "name", None) == url_name:
                    yield key, pattern.pattern


def id_rows():
    return [
        pytest.param(name, method, id=f"{name}|{method}")
        for name, _, method, expected in OBJECTS
        if expected["visitor"] == L
        and name.split(":")[0] in ("page", "ateliers", "cases", "cycles")
        and names_an_id(name)
    ]


def answer(client, method, url):
    response = client.get(url) if method == "GET" else client.post(url, {})
    return response


def login_location(url):
    return f"/nl/accounts/login/?next={quote(url)}"


@pytest.mark.django_db
@pytest.mark.parametrize("name, method", id_rows())
def test_a_visitor_cannot_tell_a_hidden_id_from_an_unknown_one(client, world, name, method):
    with translation.override("nl"):
        hidden_url = BUILDERS[name](world)
        unknown_url = unknown_twin(hidden_url)
    assert unknown_url != hidden_url

    hidden = answer(client, method, hidden_url)
    unknown = answer(client, method, unknown_url)

    assert (hidden.status_code, unknown.status_code) == (302, 302), (hidden_url, unknown_url)
    assert hidden["Location"] == login_location(hidden_url)
    assert unknown["Location"] == login_location(unknown_url)
    assert sorted(hidden.headers) == sorted(unknown.headers)
    assert len(hidden.content) == len(unknown.content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "page:atelier hidden",
        "page:meeting hidden",
        "cases:detail",
        "cycles:cycle",
        "cycles:report private",
        "cases:attachment",
        "ateliers:meeting_ics",
    ],
)
def test_a_signed_in_outsider_gets_the_same_plain_404_for_both(client, world, name):
    client.force_login(world.users["outsider"])
    with translation.override("nl"):
        hidden_url = BUILDERS[name](world)
    hidden = client.get(hidden_url)
    unknown = client.get(unknown_twin(hidden_url))

    assert hidden.status_code == unknown.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["ateliers:atelier_feed", "cases:public_summary unapproved"])
def test_public_by_design_urls_answer_404_to_everyone_for_both(client, world, name):
    """A public summary or an atelier feed is public when it exists; a missing or hidden one is
    a plain 404 for visitors too (search engines and calendar apps should see it)."""
    with translation.override("nl"):
        url = BUILDERS[name](world)
    assert client.get(url).status_code == client.get(unknown_twin(url)).status_code == 404
