import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import PledgeCategory, PledgeStatus, ReviewState
from tests.builders import (
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

# Places with their countries (one aggregate), six more counts, pledges by status,
# the totals (one query grouped by country and category), places per country, and
# the latest updates with their pledges and places.
HOME_QUERIES = 11


def test_home_shows_headline_counts(client):
    first = make_place(country="DE")
    second = make_place(country="DE")
    third = make_place(country="IT")
    network = make_network()
    make_network()
    make_membership(place=first, network=network)
    make_membership(place=second, network=network)
    make_resolution(place=first)
    make_strategy(place=third)
    make_pledge(place=first)
    make_pledge(place=second, category=PledgeCategory.FEDERAL_PROGRAMME_SHARE)
    make_pledge(place=third, category=PledgeCategory.RECEPTION_REPORTED)

    response = client.get(reverse("public:home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["counts"] == {
        "places": 3,
        "countries": 2,
        "networks": 2,
        "memberships": 2,
        "resolutions": 1,
        "strategies": 1,
        "promises": 2,
        "outcomes": 1,
    }
    assert "<dt>promises</dt><dd>2</dd>" in html
    assert "<dt>reported outcomes</dt><dd>1</dd>" in html


def test_home_lists_countries_with_their_places_counted_and_linked(client):
    make_place(name="Zeta", country="DE")
    make_place(name="Alpha", country="IT")
    make_place(name="Beta", country="DE")

    response = client.get(reverse("public:home"))
    html = response.content.decode()

    assert [(row.name, row.places) for row in response.context["countries"]] == [
        ("Germany", 2),
        ("Italy", 1),
    ]
    assert (
        f'<a href="{reverse("public:country-detail", args=["DE"])}">Germany</a>' in html
    )
    assert f'<a href="{reverse("public:place-list")}?country=IT">1 place</a>' in html
    assert f'<a href="{reverse("public:place-list")}?country=DE">2 places</a>' in html
    assert "Explore all 3 places" in html


def test_home_does_not_grow_with_the_places_of_a_country(client):
    make_place(name="First", country="DE")
    small = len(client.get(reverse("public:home")).content)
    for n in range(30):
        make_place(name=f"Place number {n}", country="DE")

    html = client.get(reverse("public:home")).content.decode()

    assert "Place number" not in html
    # Only the counts' digits may differ.
    assert abs(len(html) - small) < 20


def test_home_says_when_there_are_no_places(client):
    response = client.get(reverse("public:home"))

    assert "No places recorded yet." in response.content.decode()


def test_pages_offer_a_language_switch_that_works_without_javascript(client):
    html = client.get(reverse("public:home")).content.decode()

    assert '<html lang="en">' in html
    assert '<a href="/de/" hreflang="de" lang="de">Deutsch</a>' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "CC BY 4.0" in html


def test_switching_language_leads_to_the_same_page_in_german(client):
    place = make_place()

    response = client.post(
        reverse("set_language"),
        {"language": "de", "next": place.get_absolute_url()},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/de/cities/{place.slug}/"


def test_home_in_german_shows_german_labels(client):
    make_place(country="AT")

    html = client.get("/de/").content.decode()

    assert '<html lang="de">' in html
    assert "Zusagen" in html
    assert "Österreich" in html


@pytest.mark.parametrize("rows", [10, 100])
def test_home_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    network = make_network()
    for _ in range(rows):
        place = make_place()
        make_membership(place=place, network=network)
        make_pledge(place=place)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("public:home"))

    assert sum(row.places for row in response.context["countries"]) == rows


def test_home_shows_separate_labelled_totals_of_people_and_euros(client):
    place = make_place()
    make_pledge(place=place, target_min=200, target_max=300, unit="persons")
    make_pledge(
        place=place, category=PledgeCategory.FEDERAL_PROGRAMME_SHARE, target_min=142
    )
    make_pledge(place=place, category=PledgeCategory.RECEPTION_REPORTED, target_min=189)
    make_pledge(
        place=place,
        category=PledgeCategory.SEA_RESCUE_FUNDING,
        target_min=5000,
        unit="EUR",
    )
    make_pledge(place=place, target_min=7, unit="families")

    html = client.get(reverse("public:home")).content.decode()

    assert "<dt>people pledged by places themselves</dt><dd>200</dd>" in html
    assert "<dt>people in places' shares of national schemes</dt><dd>142</dd>" in html
    assert "<dt>people reported received</dt><dd>189</dd>" in html
    assert "<dt>euros pledged</dt><dd>5,000</dd>" in html
    assert "A range counts at its lower end (1 range here)." in html


def test_home_counts_pledges_per_status_in_a_chart_with_a_table(client):
    make_pledge(status=PledgeStatus.BLOCKED)
    make_pledge(status=PledgeStatus.BLOCKED)
    make_pledge(status=PledgeStatus.FULFILLED)

    html = client.get(reverse("public:home")).content.decode()

    assert 'aria-labelledby="chart-status-title"' in html
    assert '<title id="chart-status-title">Pledges by status</title>' in html
    row = re.search(
        r"blocked by a national or regional government</a></th>\s*"
        r'<td class="number">(\d+)</td>',
        html,
    )
    assert row.group(1) == "2"
    assert "withdrawn" in html


def test_home_links_each_country_in_its_chart_table(client):
    make_pledge(place=make_place(country="IT"), target_min=12)

    html = client.get(reverse("public:home")).content.decode()

    url = reverse("public:country-detail", args=["IT"])
    assert f'<a href="{url}">Italy</a></th>' in html
    assert 'aria-labelledby="chart-countries-title"' in html


def test_home_lists_the_ten_newest_public_updates(client):
    pledge = make_pledge(title="Welcome pledge")
    for year in range(2010, 2022):
        make_update(
            pledge=pledge,
            happened_on=date(year, 1, 1),
            summary=f"summary {year}",
        )
    make_update(
        pledge=pledge, happened_on=date(2023, 1, 1), review_state=ReviewState.DRAFT
    )
    make_update(
        pledge=make_pledge(review_state=ReviewState.SUBMITTED),
        happened_on=date(2024, 1, 1),
    )

    response = client.get(reverse("public:home"))
    html = response.content.decode()

    years = [update.happened_on.year for update in response.context["latest_updates"]]
    assert years == list(range(2021, 2011, -1))
    assert '<time datetime="2021">2021</time>' in html
    assert '<time datetime="2023">' not in html
    assert '<time datetime="2024">' not in html


def test_home_latest_updates_put_undated_ones_last_and_the_later_recorded_first(
    client,
):
    pledge = make_pledge()
    older = make_update(pledge=pledge, happened_on=date(2020, 1, 1))
    undated = make_update(pledge=pledge, happened_on=None, happened_on_precision="")
    same_day = make_update(pledge=pledge, happened_on=date(2021, 5, 1))
    same_day_recorded_later = make_update(pledge=pledge, happened_on=date(2021, 5, 1))
    undated_recorded_later = make_update(
        pledge=pledge, happened_on=None, happened_on_precision=""
    )
    # Newer than all of the above, and never shown: they must not take their places.
    for review_state in (ReviewState.DRAFT, ReviewState.SUBMITTED):
        make_update(
            pledge=pledge, happened_on=date(2025, 1, 1), review_state=review_state
        )
    for review_state in (ReviewState.DRAFT, ReviewState.RETURNED):
        make_update(
            pledge=make_pledge(review_state=review_state),
            happened_on=date(2025, 1, 1),
        )

    response = client.get(reverse("public:home"))

    assert list(response.context["latest_updates"]) == [
        same_day_recorded_later,
        same_day,
        older,
        undated_recorded_later,
        undated,
    ]
    html = response.content.decode()
    assert html.count(f'href="{pledge.get_absolute_url()}#update-') == 5


def test_home_map_has_one_marker_per_country_at_the_middle_of_its_places(client):
    make_place(name="North", country="DE", latitude=Decimal("54"), longitude=10)
    make_place(name="South", country="DE", latitude=Decimal("48"), longitude=12)
    make_place(name="Unmapped", country="DE")
    make_place(name="Nowhere", country="IT")

    html = client.get(reverse("public:home")).content.decode()

    data = re.search(
        r'<script id="home-map-data" type="application/json">(.*?)</script>', html
    )
    markers = json.loads(data.group(1))
    assert markers == [
        {
            "name": "Germany: 3 places",
            "url": reverse("public:country-detail", args=["DE"]),
            "lat": 51.0,
            "lon": 11.0,
        }
    ]
    assert 'data-place-map="home-map-data"' in html
    assert 'href="#countries"' in html
    assert "/static/leaflet/leaflet.js" in html
    assert "/static/js/map.js" in html
    # Tests never reach a tile server; the map container starts hidden for no-JS.
    assert 'data-tiles-url=""' in html
    assert "hidden></div>" in html


def test_home_scripts_carry_no_inline_code(client):
    make_place(latitude=1, longitude=1)

    html = client.get(reverse("public:home")).content.decode()

    for script in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        attributes, body = script
        assert "src=" in attributes or 'type="application/json"' in attributes
        if "src=" in attributes:
            assert body == ""


def test_home_counts_pledges_per_category_once_each(client):
    offer = make_pledge(category=PledgeCategory.RELOCATION_OFFER)
    make_pledge(category=PledgeCategory.RELOCATION_OFFER, overlaps=offer)
    make_pledge(category=PledgeCategory.RELOCATION_OFFER, review_state="draft")
    make_pledge(category=PledgeCategory.SEA_RESCUE_FUNDING, unit="EUR")

    html = client.get(reverse("public:home")).content.decode()

    assert '<title id="chart-categories-title">Pledges by category</title>' in html
    row = re.search(r'relocation offer</a></th>\s*<td class="number">(\d+)</td>', html)
    assert row.group(1) == "1"
    assert "sea-rescue funding</a></th>" in html
