"""English and German: the language switch, numbers and dates, `lang` attributes."""

import csv
import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cities.languages import COUNTRY_LANGUAGES, country_language, local_name_language
from tests.builders import make_place, make_pledge, make_resolution, make_strategy

pytestmark = pytest.mark.django_db


def switch_links(html: str) -> dict[str, str]:
    """The language switch's links: language code -> address."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', nav)
    return {code: url for url, code in links}


# The language switch


def test_language_switch_is_a_list_of_links_that_needs_no_form_or_cookie(client):
    response = client.get("/de/")
    html = response.content.decode()

    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert "<form" not in nav
    assert 'aria-label="Sprache"' in nav
    assert '<a href="/" hreflang="en" lang="en">English</a>' in nav
    assert (
        '<a href="/de/" hreflang="de" lang="de" aria-current="page">Deutsch</a>' in nav
    )
    assert not response.cookies


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "/cities/exampleton/",
            {"en": "/cities/exampleton/", "de": "/de/cities/exampleton/"},
        ),
        (
            "/de/cities/exampleton/",
            {"en": "/cities/exampleton/", "de": "/de/cities/exampleton/"},
        ),
    ],
)
def test_switching_language_keeps_the_page(client, page, expected):
    make_place(slug="exampleton")

    links = switch_links(client.get(page).content.decode())

    assert links == expected
    for url in links.values():
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("prefix", ["", "/de"])
def test_switching_language_keeps_the_query_string(client, prefix):
    make_place(slug="exampleton")

    links = switch_links(client.get(f"{prefix}/cities/?q=ex&page=1").content.decode())

    assert links == {
        "en": "/cities/?q=ex&amp;page=1",
        "de": "/de/cities/?q=ex&amp;page=1",
    }


def test_the_language_links_escape_what_the_reader_typed(client):
    html = client.get('/cities/?q="><script>x</script>').content.decode()

    assert "<script>x</script>" not in html


def test_language_switch_works_on_the_404_page(client):
    html = client.get("/de/no-such-page/").content.decode()

    assert switch_links(html) == {"en": "/de/no-such-page/", "de": "/de/no-such-page/"}


def test_the_old_switch_address_still_switches_for_whoever_posts_to_it(client):
    # /i18n/setlang/ stays for links and bookmarks made before the switch was links.
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "/about/?x=1"}
    )

    assert response["Location"] == "/de/about/?x=1"


def test_switching_language_refuses_to_send_readers_to_another_site(client):
    response = client.post(
        reverse("set_language"),
        {"language": "de", "next": "https://evil.example.com/"},
    )

    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


# Numbers and dates in the reader's language


def test_use_thousand_separator_is_off_so_years_and_ids_stay_plain():
    assert settings.USE_THOUSAND_SEPARATOR is False


@pytest.mark.parametrize(
    ("prefix", "population"), [("", "515,140"), ("/de", "515.140")]
)
def test_population_is_grouped_in_the_readers_language(client, prefix, population):
    make_place(slug="exampleton", population=515140, population_year=2019)

    html = client.get(f"{prefix}/cities/exampleton/").content.decode()

    assert population in html
    assert "2019" in html
    assert "2,019" not in html and "2.019" not in html


@pytest.mark.parametrize(("prefix", "target"), [("", "1,500"), ("/de", "1.500")])
def test_pledge_target_is_grouped_in_the_readers_language(client, prefix, target):
    pledge = make_pledge(target_min=1500)

    with translation.override(prefix.strip("/") or "en"):
        url = pledge.get_absolute_url()
    html = client.get(url).content.decode()

    assert target in html


@pytest.mark.parametrize("language", ["en", "de"])
def test_dates_are_written_in_the_readers_language(client, language):
    resolution = make_resolution(
        adopted_on=date(2019, 2, 28), adopted_on_precision="day", votes_for=1200
    )

    with translation.override(language):
        url = resolution.get_absolute_url()
        expected_date = resolution.adopted.display()
    html = client.get(url).content.decode()

    assert expected_date in html
    assert "<dd>1200</dd>" in html


def test_dates_differ_between_the_languages():
    resolution = make_resolution(
        adopted_on=date(2019, 2, 28), adopted_on_precision="day"
    )

    with translation.override("en"):
        english = resolution.adopted.display()
    with translation.override("de"):
        german = resolution.adopted.display()

    assert english != german


# Local names and original titles, marked with their language


def test_every_country_of_the_demo_data_has_an_entry():
    with open(settings.BASE_DIR / "data" / "demo" / "cities.csv", newline="") as file:
        countries = {row["country_iso2"] for row in csv.DictReader(file)}

    assert countries <= set(COUNTRY_LANGUAGES)
    assert len(COUNTRY_LANGUAGES) == 31


@pytest.mark.parametrize("code", ["BE", "CH", "LU"])
def test_multilingual_countries_have_no_main_language(code):
    assert country_language(code) is None


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("DE", "de"),
        ("at", "de"),
        ("FR", "fr"),
        ("SE", "sv"),
        ("SI", "sl"),
        ("US", None),
    ],
)
def test_country_language(code, language):
    assert country_language(code) == language


@pytest.mark.parametrize(
    ("code", "name", "language"),
    [
        ("GR", "Thessaloníki", "el-Latn"),
        ("GR", "Θεσσαλονίκη", "el"),
        ("BG", "Sofia", "bg-Latn"),
        ("DE", "Köln", "de"),
        ("CH", "Zürich", None),
    ],
)
def test_local_name_language_tells_romanized_names_apart(code, name, language):
    assert local_name_language(code, name) == language


def test_place_page_marks_the_local_name_with_its_language(client):
    make_place(slug="hanover", name="Hanover", local_name="Hannover", country="DE")

    html = client.get("/cities/hanover/").content.decode()

    assert '<p class="local-name" lang="de">Hannover</p>' in html


def test_place_page_leaves_the_language_out_in_a_multilingual_country(client):
    make_place(slug="ghent", name="Ghent", local_name="Gent", country="BE")

    html = client.get("/cities/ghent/").content.decode()

    assert '<p class="local-name">Gent</p>' in html


def test_country_pages_mark_local_names_with_their_language(client):
    make_place(name="Hanover", local_name="Hannover", country="DE")
    make_place(name="Thessaloniki", local_name="Thessaloníki", country="GR")

    germany = client.get("/countries/DE/").content.decode()
    greece = client.get("/countries/GR/").content.decode()

    assert '<span class="local-name" lang="de">(Hannover)</span>' in germany
    assert '<span class="local-name" lang="el-Latn">(Thessaloníki)</span>' in greece


@pytest.mark.parametrize(
    "build", [make_pledge, make_resolution, make_strategy], ids=lambda b: b.__name__
)
def test_original_title_is_shown_with_its_language(client, build):
    record = build(original_title="Sicherer Hafen", original_language="de")

    html = client.get(record.get_absolute_url()).content.decode()

    assert '<p class="original-title" lang="de">Sicherer Hafen</p>' in html


def test_original_title_without_a_language_has_no_lang_attribute(client):
    record = make_resolution(original_title="Sicherer Hafen", original_language="")

    html = client.get(record.get_absolute_url()).content.decode()

    assert '<p class="original-title">Sicherer Hafen</p>' in html
