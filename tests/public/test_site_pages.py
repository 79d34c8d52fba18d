"""The pages around the data: about, privacy, imprint, robots.txt, sitemap, errors."""

import re

import pytest
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from cities.models import PlaceQuerySet
from commitments.models import ReviewState
from public.views.pages import server_error
from tests.builders import (
    make_membership,
    make_place,
    make_pledge,
    make_resolution,
    make_strategy,
)

pytestmark = pytest.mark.django_db

# The pledges section of the sitemap: the public pledges, in one query for any number.
SITEMAP_PLEDGES_QUERIES = 1
# The index: for each of the five record sections its latest change and its rows
# (to count its pages); the countries' codes once; the static pages need none.
SITEMAP_INDEX_QUERIES = 11


def german(text: str) -> str:
    """`text` as the German catalogue has it (itself until it is translated)."""
    with translation.override("de"):
        return translation.gettext(text)


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def description_of(html: str) -> str:
    return re.search(r'<meta name="description" content="(.*?)">', html, re.S).group(1)


@pytest.fixture
def unconfigured(settings):
    settings.SITE_PUBLISHER_NAME = ""
    settings.SITE_PUBLISHER_ADDRESS = ""
    settings.SITE_CONTACT_EMAIL = ""


@pytest.fixture
def configured(settings):
    settings.SITE_PUBLISHER_NAME = "Example Publisher <e.V.>"
    settings.SITE_PUBLISHER_ADDRESS = "Example Street 1\n12345 Example Town"
    settings.SITE_CONTACT_EMAIL = "contact@example.org"


# About, privacy notice, imprint


@pytest.mark.parametrize("name", ["public:about", "public:privacy", "public:imprint"])
@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/de", "de")])
def test_site_page_answers_in_both_languages(
    client, unconfigured, name, prefix, language
):
    with translation.override(language):
        url = reverse(name)
    assert url.startswith(f"{prefix}/")

    response = client.get(url)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("name", ["public:about", "public:privacy", "public:imprint"])
def test_site_pages_refuse_posts(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_imprint_says_plainly_what_is_not_configured(client, unconfigured):
    html = client.get(reverse("public:imprint")).content.decode()

    assert html.count('class="not-configured"') == 4
    for setting in (
        "SITE_PUBLISHER_NAME",
        "SITE_PUBLISHER_ADDRESS",
        "SITE_CONTACT_EMAIL",
    ):
        assert f"<code>{setting}</code>" in html
    assert "<address" not in html
    assert "mailto:" not in html


def test_imprint_shows_the_configured_publisher_escaped(client, configured):
    html = client.get(reverse("public:imprint")).content.decode()

    assert 'class="not-configured"' not in html
    assert "Example Publisher &lt;e.V.&gt;" in html
    assert "<e.V.>" not in html
    assert "Example Street 1<br>12345 Example Town" in html
    assert '<a href="mailto:contact@example.org">contact@example.org</a>' in html


def test_about_page_gives_the_contact_address_only_when_configured(
    client, settings, unconfigured
):
    html = client.get(reverse("public:about")).content.decode()
    assert "<code>SITE_CONTACT_EMAIL</code>" in html
    assert "mailto:" not in html

    settings.SITE_CONTACT_EMAIL = "contact@example.org"
    html = client.get(reverse("public:about")).content.decode()
    assert 'href="mailto:contact@example.org"' in html
    assert "<code>SITE_CONTACT_EMAIL</code>" not in html


def test_privacy_notice_names_the_only_cookies_and_the_data_kept(client, unconfigured):
    html = client.get(reverse("public:privacy")).content.decode()

    assert "Reading the site sets no cookie at all." in html
    assert "<code>django_language</code>" not in html
    assert "<code>csrftoken</code>" in html
    assert "Server logs" in html
    assert "Suggested corrections" in html
    assert "Editors' accounts" in html
    assert "no analytics" in html
    assert f'href="{reverse("public:imprint")}"' in html


def test_privacy_notice_names_an_outside_map_tile_server_when_one_is_set(
    client, settings
):
    settings.MAP_TILES_URL = ""
    html = client.get(reverse("public:privacy")).content.decode()
    assert "background images of the maps" not in html

    settings.MAP_TILES_URL = "https://tiles.example.net/{z}/{x}/{y}.png"
    html = client.get(reverse("public:privacy")).content.decode()
    assert "<strong>tiles.example.net</strong>" in html


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/de", "de")])
def test_footer_links_to_about_privacy_and_imprint(client, prefix, language):
    html = client.get(f"{prefix}/").content.decode()

    for page in ("about", "privacy", "imprint"):
        assert f'href="{prefix}/{page}/"' in html


# Titles, descriptions and language alternates in <head>


def test_every_kind_of_page_has_its_own_title_and_description(client):
    place = make_place(name="Exampleton")
    network = make_network_with_member(place)
    pages = [
        reverse("public:home"),
        place.get_absolute_url(),
        network.get_absolute_url(),
        make_pledge(place=place).get_absolute_url(),
        make_resolution(place=place).get_absolute_url(),
        make_strategy(place=place).get_absolute_url(),
        reverse("public:about"),
        reverse("public:privacy"),
        reverse("public:imprint"),
        reverse("public:place-list"),
        reverse("public:pledge-list"),
        reverse("public:resolution-list"),
        reverse("public:strategy-list"),
        reverse("public:country-detail", kwargs={"iso2": place.country.code}),
        reverse("opendata:methodology"),
        reverse("opendata:downloads"),
    ]

    htmls = [client.get(url).content.decode() for url in pages]

    titles = [title_of(html) for html in htmls]
    descriptions = [description_of(html) for html in htmls]
    assert all(titles) and all(descriptions)
    assert len(set(titles)) == len(pages)
    assert len(set(descriptions)) == len(pages)


def make_network_with_member(place):
    return make_membership(place=place).network


def test_pages_link_their_translations_in_head(client):
    place = make_place(slug="exampleton")

    html = client.get("/de/cities/exampleton/?tab=1").content.decode()

    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/cities/exampleton/?tab=1">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="de" href="http://testserver/de/cities/exampleton/?tab=1">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="http://testserver/cities/exampleton/?tab=1">' in html
    )
    assert place.name in html


# Errors


def test_unknown_address_under_de_shows_the_german_404_page(client):
    response = client.get("/de/does-not-exist")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="de">' in html
    assert f"<h1>{german('Page not found')}</h1>" in html
    assert german("Skip to content") == "Zum Inhalt springen"
    assert "Zum Inhalt springen" in html
    assert 'href="/de/"' in html
    assert 'rel="alternate"' not in html


def test_unknown_address_shows_the_english_404_page(client):
    response = client.get("/does-not-exist")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert "Page not found – Solidarity Cities Tracker" in title_of(html)


def test_unknown_place_shows_the_404_page(client):
    response = client.get("/de/cities/no-such-place/")

    assert response.status_code == 404
    assert german("Page not found") in response.content.decode()


def test_draft_pledge_shows_the_404_page(client):
    pledge = make_pledge(review_state=ReviewState.DRAFT)

    response = client.get(pledge.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_handler_renders_the_500_page_without_any_query(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html
    assert "<h1>Server error</h1>" in html


def test_server_error_handler_answers_in_the_active_language():
    request = RequestFactory().get("/de/")

    with translation.override("de"):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="de">' in html
    assert f"<h1>{german('Server error')}</h1>" in html
    assert 'href="/de/"' in html


def test_500_template_renders_without_a_request_or_context():
    html = loader.get_template("500.html").render()

    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>Server error – Solidarity Cities Tracker</title>" in html


def test_server_error_handler_still_answers_when_its_template_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template storage unavailable")

    monkeypatch.setattr(loader, "get_template", broken)

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "<h1>Server error (500)</h1>" in response.content.decode()


def test_a_crashing_page_gives_the_500_page_in_the_readers_language(monkeypatch):
    def broken(self):
        raise RuntimeError("database gone")

    monkeypatch.setattr(PlaceQuerySet, "public", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/de/")

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="de">' in html
    assert german("Server error") in html


# robots.txt and the sitemap


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert text.splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /de/admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_sitemap_index_lists_every_section(client):
    make_place()

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    for section in (
        "pages",
        "places",
        "countries",
        "networks",
        "resolutions",
        "strategies",
        "pledges",
    ):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in xml


def test_sitemap_lists_each_place_in_both_languages_with_alternates(client):
    make_place(slug="exampleton")

    xml = client.get("/sitemap-places.xml").content.decode()

    assert "<loc>http://testserver/cities/exampleton/</loc>" in xml
    assert "<loc>http://testserver/de/cities/exampleton/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="de" '
        'href="http://testserver/de/cities/exampleton/"/>' in xml
    )
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="http://testserver/cities/exampleton/"/>' in xml
    )


@pytest.mark.parametrize(
    ("section", "build"),
    [
        ("pledges", make_pledge),
        ("resolutions", make_resolution),
        ("strategies", make_strategy),
    ],
)
def test_sitemap_lists_published_records_and_never_drafts(client, section, build):
    published = build()
    draft = build(review_state=ReviewState.DRAFT)
    submitted = build(review_state=ReviewState.SUBMITTED)

    xml = client.get(f"/sitemap-{section}.xml").content.decode()

    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in xml
    for hidden in (draft, submitted):
        assert f"testserver{hidden.get_absolute_url()}<" not in xml
    assert "<lastmod>" in xml


def test_sitemap_lists_networks(client):
    network = make_membership().network

    xml = client.get("/sitemap-networks.xml").content.decode()

    assert f"<loc>http://testserver{network.get_absolute_url()}</loc>" in xml


def test_sitemap_lists_the_static_pages_in_both_languages(client):
    xml = client.get("/sitemap-pages.xml").content.decode()

    for path in ("/", "/about/", "/privacy/", "/imprint/"):
        assert f"<loc>http://testserver{path}</loc>" in xml
        assert f"<loc>http://testserver/de{path}</loc>" in xml


def test_sitemap_lists_the_list_and_open_data_pages(client):
    xml = client.get("/sitemap-pages.xml").content.decode()

    for name in (
        "public:place-list",
        "public:pledge-list",
        "public:resolution-list",
        "public:strategy-list",
        "opendata:methodology",
        "opendata:downloads",
    ):
        assert f"<loc>http://testserver{reverse(name)}</loc>" in xml
        with translation.override("de"):
            assert f"<loc>http://testserver{reverse(name)}</loc>" in xml


def test_sitemap_lists_a_country_page_for_each_country_with_places(client):
    make_place(country="DE")
    make_place(country="DE")
    make_place(country="AT")

    xml = client.get("/sitemap-countries.xml").content.decode()

    for code in ("DE", "AT"):
        url = reverse("public:country-detail", kwargs={"iso2": code})
        assert xml.count(f"<loc>http://testserver{url}</loc>") == 1
        assert client.get(url).status_code == 200
    assert xml.count("<url>") == 4


def test_unknown_sitemap_section_is_not_found(client):
    assert client.get("/sitemap-nonsense.xml").status_code == 404


@pytest.mark.parametrize("count", [10, 100])
def test_sitemap_pledges_section_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    place = make_place()
    for _ in range(count):
        make_pledge(place=place)

    with django_assert_num_queries(SITEMAP_PLEDGES_QUERIES):
        response = client.get("/sitemap-pledges.xml")

    assert response.content.decode().count("<url>") == 2 * count


@pytest.mark.parametrize("count", [10, 100])
def test_sitemap_index_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    place = make_place()
    for _ in range(count):
        make_pledge(place=place)
        make_resolution(place=place)

    with django_assert_num_queries(SITEMAP_INDEX_QUERIES):
        response = client.get("/sitemap.xml")

    assert response.status_code == 200


def test_a_form_posted_without_its_security_token_gets_a_clear_403_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en">' in html
    assert "<h1>Form expired</h1>" in html
    assert "your browser refuses cookies from this site" in html
