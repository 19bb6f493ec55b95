"""OpenGraph and canonical tags on public pages only, and the Atom feeds of magazine chapters
and upcoming meetings: public items only (a hidden atelier's meeting never appears, whoever
asks), linked from the magazine and agenda pages with <link rel="alternate">."""

import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href")) for entry in root.iter(f"{ATOM}entry")
    ]


def test_a_public_page_has_canonical_and_opengraph_tags(client, public_atelier):
    body = client.get(public_atelier.url).content.decode()
    full_url = public_atelier.get_full_url()
    assert f'<link rel="canonical" href="{full_url}">' in body
    assert f'<meta property="og:url" content="{full_url}">' in body
    assert '<meta property="og:title" content="Leeratelier Armoede">' in body
    assert '<meta property="og:locale" content="nl_NL">' in body


def test_a_private_page_has_none(client, hidden_atelier, hidden_meeting, member):
    client.force_login(member)
    for page in (hidden_atelier, hidden_meeting):
        response = client.get(page.url)
        assert response.status_code == 200
        body = response.content.decode()
        assert 'rel="canonical"' not in body and "og:" not in body


def test_pages_that_are_no_wagtail_page_have_none(client, home_page):
    body = client.get("/nl/search/?q=impact").content.decode()
    assert 'rel="canonical"' not in body


@pytest.mark.parametrize("reader", [None, "member", "editor"])
def test_the_meetings_feed_lists_public_meetings_only(client, request, public_meeting, hidden_meeting, reader):
    if reader:
        client.force_login(request.getfixturevalue(reader))
    found = entries(client.get("/nl/feeds/agenda/"))
    titles = [title for title, link in found]
    assert titles == ["Armoede bespreekbaar maken"]
    assert "Geheime" not in client.get("/nl/feeds/agenda/").content.decode()
    assert found[0][1].endswith(public_meeting.url)
    assert "meet.example.org" not in client.get("/nl/feeds/agenda/").content.decode()  # no online link


def test_the_agenda_links_its_feed(client, public_meeting):
    body = client.get("/nl/agenda/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in body and 'href="/nl/feeds/agenda/"' in body


def test_the_magazine_feed_lists_published_chapters_and_is_linked(client, magazine):
    magazine_page, chapters = magazine
    draft = chapters[2]
    draft.unpublish()
    found = entries(client.get("/nl/feeds/magazine/"))
    assert sorted(title for title, link in found) == ["Anders kijken naar impact", "Inleiding"]
    for page in (magazine_page, chapters[0]):
        body = client.get(page.url).content.decode()
        assert 'href="/nl/feeds/magazine/"' in body and 'type="application/atom+xml"' in body
