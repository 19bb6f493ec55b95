"""Pages made for a signed-in member are never kept by a shared or browser cache: they are sent
with `Cache-Control: private, no-store` and `Vary: Cookie`, and so is any response that sets a
session or CSRF cookie. Public pages for visitors stay cacheable."""

import pytest
from django.urls import reverse
from django.utils import translation


def assert_private(response, where):
    directives = [d.strip() for d in response.get("Cache-Control", "").split(",")]
    assert "private" in directives and "no-store" in directives, f"{where}: {response.get('Cache-Control')}"
    assert "public" not in directives, where
    assert not any(d.startswith(("max-age=", "s-maxage=")) and d != "max-age=0" for d in directives), where
    vary = [v.strip().lower() for v in response.get("Vary", "").split(",")]
    assert "cookie" in vary, f"{where}: Vary {response.get('Vary')}"


@pytest.mark.django_db
def test_member_pages_are_private(client, member, case, public_atelier, hidden_atelier):
    client.force_login(member)
    with translation.override("nl"):
        pages = {
            "my page": reverse("ateliers:my_page"),
            "case page": reverse("cases:detail", args=[case.pk]),
            "public atelier page": public_atelier.url,
            "hidden atelier page": hidden_atelier.url,
            "home page": "/nl/",
            "404": "/nl/bestaat-niet/",
        }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert_private(response, name)


@pytest.mark.django_db
def test_a_response_that_sets_a_session_or_csrf_cookie_is_private(client, member):
    login = client.get("/nl/accounts/login/")  # the form sets the CSRF cookie
    assert "csrftoken" in login.cookies
    assert_private(login, "login form")

    signed_in = client.post("/nl/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert_private(signed_in, "login POST")


@pytest.mark.django_db
def test_a_cache_directive_set_by_a_view_cannot_make_a_member_page_public(rf, member):
    from django.http import HttpResponse

    from leeratelier.core.middleware import PrivatePagesMiddleware

    def view(request):
        response = HttpResponse("Mijn casussen")
        response["Cache-Control"] = "public, max-age=3600, must-revalidate"
        return response

    request = rf.get("/nl/me/")
    request.user = member
    response = PrivatePagesMiddleware(view)(request)
    assert response["Cache-Control"] == "private, no-store, must-revalidate"
    assert response["Vary"] == "Cookie"


@pytest.mark.django_db
def test_public_pages_for_visitors_stay_cacheable(client, public_atelier):
    response = client.get(public_atelier.url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies
