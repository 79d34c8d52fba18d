import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import (
    MembershipRole,
    Period,
    PledgeCategory,
    PledgeStatus,
    Qualifier,
    ResolutionKind,
    StrategyStatus,
)
from public.views.places import PROFILE_FACTS
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db


# One query for the place, then for each section its rows and their citations with
# sources; strategies add their successors, pledges their updates' rows and citations.
PLACE_PROFILE_QUERIES = 14


def profile(client, place):
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def fill_place(place, *, pledges: int) -> None:
    """One of every fact, `pledges` pledges with an update each, all of them cited."""
    cite(make_membership(place=place))
    cite(make_resolution(place=place))
    earlier = make_strategy(place=place)
    cite(earlier)
    cite(make_strategy(place=place, replaces=earlier))
    cite(make_practice(place=place))
    for _ in range(pledges):
        pledge = make_pledge(place=place)
        cite(pledge)
        cite(make_update(pledge=pledge))


def test_profile_header_shows_the_places_facts(client):
    place = make_place(
        name="Testburg",
        local_name="Testbourg",
        country="FR",
        region="Testregion",
        kind="arrondissement",
        population=123456,
        population_year=2021,
        latitude=Decimal("48.12345"),
        longitude=Decimal("-1.54321"),
        website="https://testburg.example.org/",
    )

    html = profile(client, place)

    assert "<h1>Testburg</h1>" in html
    assert "Testbourg" in html
    assert "France" in html
    assert "Testregion" in html
    assert "arrondissement" in html
    assert "123,456 (as of 2021)" in html
    assert "48.12345, -1.54321" in html
    assert 'href="https://testburg.example.org/" rel="noopener"' in html


def test_profile_leaves_out_facts_that_are_not_known(client):
    place = make_place(name="Plainville", local_name="Plainville")

    html = profile(client, place)

    assert "local-name" not in html
    assert "Population" not in html
    assert "Coordinates" not in html
    assert "Website" not in html


def test_profile_lists_memberships_with_network_link_role_and_dates(client):
    place = make_place()
    network = make_network(name="Alliance of Test Harbours")
    make_membership(
        place=place,
        network=network,
        role=MembershipRole.FOUNDING_MEMBER,
        joined_on=date(2018, 6, 1),
        joined_on_precision="month",
        left_on=date(2022, 1, 1),
        left_on_precision="year",
    )

    html = profile(client, place)

    assert f'href="{network.get_absolute_url()}">Alliance of Test Harbours</a>' in html
    assert "founding member" in html
    assert '<time datetime="2018-06">Jun 2018</time>' in html
    assert '<time datetime="2022">2022</time>' in html


def test_profile_lists_resolutions_in_chronological_order(client):
    place = make_place()
    make_resolution(place=place, title="Later act", adopted_on=date(2021, 5, 4))
    make_resolution(
        place=place,
        title="Undated act",
        adopted_on=None,
        adopted_on_precision="",
    )
    make_resolution(place=place, title="Earlier act", adopted_on=date(2018, 9, 27))

    html = profile(client, place)

    assert html.index("Earlier act") < html.index("Later act") < html.index("Undated")


def test_profile_shows_each_resolutions_details(client):
    place = make_place()
    resolution = make_resolution(
        place=place,
        title="Declaration of a test harbour",
        kind=ResolutionKind.MAYORAL_ORDER,
        adopted_on=date(2019, 2, 28),
        adopted_on_precision="day",
        reference_number="DS 0001/2019",
        adopting_body="test council",
        summary="The council offers to take in people rescued at sea.",
    )

    html = profile(client, place)

    assert f'href="{resolution.get_absolute_url()}">Declaration of a test harbour' in (
        html
    )
    assert "mayoral order" in html
    assert '<time datetime="2019-02-28">28 Feb 2019</time>' in html
    assert "DS 0001/2019" in html
    assert "test council" in html
    assert "The council offers to take in people rescued at sea." in html


def test_profile_hides_empty_reference_number_and_body(client):
    place = make_place()
    make_resolution(place=place)

    html = profile(client, place)

    assert "Reference number" not in html
    assert "Adopted by" not in html


def test_profile_links_strategies_to_the_versions_they_replace_and_are_replaced_by(
    client,
):
    place = make_place()
    old = make_strategy(
        place=place,
        title="First test integration plan",
        status=StrategyStatus.SUPERSEDED,
        year_start=2008,
        year_end=2015,
    )
    new = make_strategy(
        place=place, title="Second test integration plan", replaces=old, year_start=2016
    )

    html = profile(client, place)

    replaces = re.search(r"Replaces</dt>\s*<dd><a href=\"([^\"]+)\">([^<]+)</a>", html)
    replaced_by = re.search(
        r"Replaced by</dt>\s*<dd><a href=\"([^\"]+)\">([^<]+)</a>", html
    )
    assert replaces.groups() == (old.get_absolute_url(), "First test integration plan")
    assert replaced_by.groups() == (
        new.get_absolute_url(),
        "Second test integration plan",
    )
    assert "2008–2015" in html
    assert "from 2016" in html


def test_profile_shows_strategy_status_wording_only_when_it_differs(client):
    place = make_place()
    make_strategy(
        place=place,
        status=StrategyStatus.CONSULTATION,
        status_wording="draft approved for consultation",
    )
    make_strategy(place=place, status=StrategyStatus.ADOPTED, status_wording="Adopted")

    html = profile(client, place)

    assert "in consultation (<q>draft approved for consultation</q>)" in html
    assert "<q>Adopted</q>" not in html


def test_profile_shows_pledge_targets_as_number_range_or_none(client):
    place = make_place()
    make_pledge(
        place=place,
        title="Number pledge",
        target_min=Decimal("1500"),
        qualifier=Qualifier.AT_LEAST,
        unit="persons",
        period=Period.PER_YEAR,
    )
    make_pledge(
        place=place,
        title="Range pledge",
        target_min=Decimal("200"),
        target_max=Decimal("300"),
        unit="unaccompanied_minors",
    )
    make_pledge(place=place, title="Open pledge", target_min=None, unit="")

    html = profile(client, place)

    assert "at least 1,500 persons per year" in html
    assert "200–300 unaccompanied minors" in html
    assert "no number stated" in html


def test_profile_shows_pledge_category_status_and_announcement(client):
    place = make_place()
    pledge = make_pledge(
        place=place,
        title="Offer to receive rescued people",
        category=PledgeCategory.RELOCATION_OFFER,
        status=PledgeStatus.BLOCKED,
        status_wording="offered; needs federal consent",
        announced_on=date(2019, 3, 1),
        announced_on_precision="by_month",
    )

    html = profile(client, place)

    assert f'href="{pledge.get_absolute_url()}">Offer to receive rescued people' in html
    assert "relocation offer" in html
    assert "blocked by a national or regional government" in html
    assert "<q>offered; needs federal consent</q>" in html
    assert '<time datetime="2019-03">by March 2019</time>' in html


def test_profile_follows_each_pledge_with_its_updates(client):
    place = make_place()
    first = make_pledge(place=place, title="First pledge", unit="persons")
    second = make_pledge(
        place=place, title="Second pledge", announced_on=date(2021, 1, 1)
    )
    make_update(
        pledge=first,
        status=PledgeStatus.PARTIALLY_FULFILLED,
        happened_on=date(2020, 11, 12),
        happened_on_precision="day",
        delivered_quantity=Decimal("42"),
        summary="Forty-two people arrived.",
    )
    make_update(pledge=second, summary="Work began on the second.")

    html = profile(client, place)

    assert "partially fulfilled" in html
    assert '<time datetime="2020-11-12">12 Nov 2020</time>' in html
    assert "delivered 42 persons" in html
    assert (
        html.index("First pledge")
        < html.index("Forty-two people arrived.")
        < html.index("Second pledge")
        < html.index("Work began on the second.")
    )


def test_profile_lists_practices(client):
    place = make_place()
    make_practice(
        place=place,
        title="Welcome desk",
        since=date(2017, 1, 1),
        since_precision="year",
        summary="Volunteers meet new arrivals.",
    )

    html = profile(client, place)

    assert "Welcome desk" in html
    assert 'Since <time datetime="2017">2017</time>' in html
    assert "Volunteers meet new arrivals." in html


def test_profile_says_when_a_section_is_empty(client):
    html = profile(client, make_place())

    assert "No network memberships recorded." in html
    assert "No resolutions, strategies or pledges recorded." in html


def test_profile_numbers_sources_in_page_order_and_lists_each_once(client):
    place = make_place()
    shared = make_source(url="https://example.org/shared", title="Shared report")
    other = make_source(url="https://example.org/other", title="Other report")
    cite(make_membership(place=place), source=shared, quote="Joined the network.")
    resolution = make_resolution(place=place)
    cite(resolution, source=other, quote="The council decided.")
    cite(resolution, source=shared, quote="Decided again.")
    pledge = make_pledge(place=place)
    cite(pledge, source=shared, quote="Joined the network.")
    cite(make_update(pledge=pledge), source=other, quote="People arrived.")

    response = client.get(place.get_absolute_url())
    html = response.content.decode()

    assert [entry.source for entry in response.context["sources"]] == [shared, other]
    assert html.count('href="https://example.org/shared"') == 1
    assert html.count('href="https://example.org/other"') == 1
    assert '<li id="source-1">' in html
    assert '<li id="source-2">' in html
    assert (
        html.index('id="source-1"')
        < html.index("Shared report")
        < html.index("Decided again.")
        < html.index('id="source-2"')
        < html.index("Other report")
        < html.index("People arrived.")
    )
    # A quote several facts share is shown once under its source.
    assert html.count("Joined the network.") == 1
    assert html.count('href="#source-1"') == 3
    assert html.count('href="#source-2"') == 2


def test_profile_renders_sources_as_external_links_with_their_quotes(client):
    place = make_place()
    source = make_source(
        url="https://example.org/minutes",
        title="Council minutes",
        publisher="Test council",
        language="de",
    )
    cite(make_practice(place=place), source=source, quote="Ein Testzitat.")

    html = profile(client, place)

    assert (
        '<a href="https://example.org/minutes" rel="noopener">Council minutes</a>'
        in html
    )
    assert '<blockquote lang="de"><p>Ein Testzitat.</p></blockquote>' in html
    assert '<sup class="ref"><a href="#source-1"' in html


def test_profile_without_sources_has_no_sources_section(client):
    place = make_place()
    make_pledge(place=place)

    html = profile(client, place)

    assert 'id="sources-heading"' not in html


def test_profile_in_german_shows_german_labels(client):
    place = make_place()
    make_pledge(
        place=place,
        status=PledgeStatus.BLOCKED,
        target_min=None,
        announced_on=date(2019, 3, 1),
        announced_on_precision="by_month",
    )
    make_resolution(place=place)
    make_strategy(place=place)

    with translation.override("de"):
        url = reverse("public:place-detail", kwargs={"slug": place.slug})
    response = client.get(url)
    html = response.content.decode()

    assert url == f"/de/cities/{place.slug}/"
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Zusagen" in html
    assert "Beschlüsse" in html
    assert "von Bund oder Land blockiert" in html
    assert "keine Zahl genannt" in html
    assert "bis März 2019" in html
    assert "Deutschland" in html


def test_unknown_place_is_404(client):
    response = client.get(reverse("public:place-detail", kwargs={"slug": "nowhere"}))

    assert response.status_code == 404


@pytest.mark.parametrize("pledges", [10, 100])
def test_profile_query_count_does_not_grow_with_pledges(
    client, django_assert_num_queries, pledges
):
    place = make_place()
    fill_place(place, pledges=pledges)

    with django_assert_num_queries(PLACE_PROFILE_QUERIES):
        response = client.get(place.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["sources"]) == 5 + 2 * min(pledges, PROFILE_FACTS)


def timeline_kinds_and_titles(html: str) -> list[tuple[str, str]]:
    """(type label, heading text) of each timeline item, in page order."""
    items = re.findall(
        r'<span class="timeline-kind">([^<]+)</span>.*?<h3>(?:<a [^>]+>)?([^<]+)',
        html,
        re.S,
    )
    return [(kind, title.strip()) for kind, title in items]


def test_profile_shows_one_timeline_of_every_kind_by_date_undated_last(client):
    place = make_place()
    make_strategy(
        place=place, title="Plan", year_start=2016, adopted_on=None, status="adopted"
    )
    make_resolution(place=place, title="Act", adopted_on=date(2019, 2, 28))
    pledge = make_pledge(
        place=place,
        title="Offer",
        announced_on=date(2020, 6, 1),
        announced_on_precision="month",
    )
    make_update(
        pledge=pledge, happened_on=date(2022, 3, 15), happened_on_precision="day"
    )
    make_pledge(
        place=place,
        title="Received",
        category=PledgeCategory.RECEPTION_REPORTED,
        announced_on=date(2021, 1, 1),
        announced_on_precision="year",
    )
    make_resolution(
        place=place, title="Undated act", adopted_on=None, adopted_on_precision=""
    )

    html = profile(client, place)

    assert timeline_kinds_and_titles(html) == [
        ("Strategy", "Plan"),
        ("Resolution", "Act"),
        ("Pledge", "Offer"),
        ("Reported outcome", "Received"),
        ("Progress update", "Update on “Offer”"),
        ("Resolution", "Undated act"),
    ]
    assert 'Resolution</span> · <time datetime="2019-02-28">' in html
    assert 'Strategy</span> · <time datetime="2016">2016</time>' in html
    assert "Resolution</span> · date unknown" in html


def test_profile_links_the_country_to_its_page(client):
    place = make_place(country="IT")

    html = profile(client, place)

    assert f'<a href="{reverse("public:country-detail", args=["IT"])}">Italy</a>' in (
        html
    )


def test_profile_shows_network_badges_with_join_dates(client):
    place = make_place()
    make_membership(
        place=place,
        network=make_network(name="Harbour Network"),
        joined_on=date(2019, 6, 14),
        joined_on_precision="day",
    )

    html = profile(client, place)

    assert 'class="badge"' in html
    assert 'joined <time datetime="2019-06-14">14 Jun 2019</time>' in html


def test_pledge_shows_delivered_against_target_from_its_latest_update(client):
    place = make_place()
    pledge = make_pledge(place=place, target_min=300, unit="persons")
    make_update(pledge=pledge, delivered_quantity=40, happened_on=date(2020, 1, 1))
    make_update(pledge=pledge, delivered_quantity=120, happened_on=date(2021, 1, 1))
    make_update(pledge=pledge, delivered_quantity=None, happened_on=date(2022, 1, 1))

    html = profile(client, place)

    assert re.search(r'<progress max="300(\.00)?" value="120(\.00)?"', html)
    assert "Delivered: 120 of 300 persons" in html
    assert "as its latest progress update with a figure reports" in html


def test_pledge_falls_back_to_linked_reported_outcomes_for_delivered(client):
    place = make_place()
    promise = make_pledge(place=place, target_min=100, unit="persons")
    make_pledge(
        place=place,
        category=PledgeCategory.RECEPTION_REPORTED,
        target_min=150,
        outcome_of=promise,
    )

    html = profile(client, place)

    # More than promised: the bar stops at the target, the text tells the numbers.
    assert re.search(r'<progress max="100(\.00)?" value="100(\.00)?"', html)
    assert "Delivered: 150 of 100 persons" in html
    assert "as the reported outcomes linked to it report" in html


def test_pledge_without_numbers_has_no_progress_bar(client):
    place = make_place()
    pledge = make_pledge(place=place, target_min=None)
    make_update(pledge=pledge, delivered_quantity=12)
    make_pledge(place=place, target_min=50)

    html = profile(client, place)

    assert "<progress" not in html
    assert "Delivered: 12 persons" in html


def test_pledge_shows_its_status_history_and_how_stale_it_is(client):
    place = make_place()
    pledge = make_pledge(
        place=place,
        announced_on=date(2020, 6, 1),
        announced_on_precision="month",
    )
    make_update(
        pledge=pledge,
        status=PledgeStatus.BLOCKED,
        happened_on=date(2021, 3, 1),
        happened_on_precision="month",
    )
    make_pledge(
        place=place,
        title="Never updated",
        announced_on=date(2019, 5, 1),
        announced_on_precision="month",
    )

    html = profile(client, place)

    assert re.search(
        r'Status history:</span>\s*<time datetime="2020-06">Jun 2020</time> announced'
        r' → <time datetime="2021-03">Mar 2021</time> <a href="#update-\d+">blocked',
        html,
    )
    assert 'No update since <time datetime="2021-03">Mar 2021</time>.' in html
    assert (
        'No update since it was announced in <time datetime="2019-05">May 2019</time>.'
        in html
    )


def test_reported_outcome_has_no_staleness_line(client):
    place = make_place()
    make_pledge(place=place, category=PledgeCategory.RECEPTION_REPORTED)

    html = profile(client, place)

    assert "No update since" not in html
    assert "Reported outcome</span>" in html


def test_draft_updates_stay_off_the_profile(client):
    place = make_place()
    pledge = make_pledge(place=place)
    make_update(pledge=pledge, summary="Secret draft", review_state="draft")

    html = profile(client, place)

    assert "Secret draft" not in html
    assert "Progress update</span>" not in html


def test_profile_has_a_small_map_when_the_place_has_coordinates(client):
    mapped = make_place(name="Mapped", latitude=Decimal("52.5"), longitude=13)

    html = profile(client, mapped)

    assert 'class="map map--small"' in html
    assert '<script id="place-map-data" type="application/json">' in html
    assert "map.js" not in profile(client, make_place())


def test_the_busiest_place_shows_its_newest_pledges_and_links_to_all(client):
    place = make_place(slug="busyton")
    for n in range(PROFILE_FACTS + 5):
        make_pledge(
            place=place, title=f"Pledge {n:03}", announced_on=date(1990 + n, 1, 1)
        )
    make_pledge(place=place, title="A draft", review_state="draft")

    response = client.get(place.get_absolute_url())
    html = response.content.decode()

    titles = [pledge.title for pledge in response.context["pledges"]]
    assert titles == [f"Pledge {n:03}" for n in range(5, PROFILE_FACTS + 5)]
    assert "Pledge 004" not in html
    assert f"pledges: {PROFILE_FACTS + 5} (the newest {PROFILE_FACTS} here" in html
    assert (
        f'<a href="{reverse("public:pledge-list")}?place=busyton">all in the list</a>'
        in html
    )


def test_a_place_with_few_facts_shows_them_all_without_a_list_link(client):
    place = make_place(slug="quietville")
    make_pledge(place=place)

    html = client.get(place.get_absolute_url()).content.decode()

    assert "pledges: 1" in html
    assert "all in the list" not in html


def test_timeline_shows_the_newest_updates_and_says_how_many_there_are(client):
    place = make_place()
    pledge = make_pledge(place=place, title="Offer", announced_on=date(2015, 1, 1))
    total = PROFILE_FACTS + 5
    for number in range(total):
        make_update(
            pledge=pledge,
            summary=f"Update number {number:02}",
            happened_on=date(2016 + number // 12, number % 12 + 1, 1),
            happened_on_precision="month",
        )

    html = profile(client, place)

    shown = re.findall(r"Update number (\d\d)", html)
    assert shown == [f"{number:02}" for number in range(5, total)]  # oldest first
    assert f"Progress updates: the newest {PROFILE_FACTS} of the {total}" in html


def test_timeline_shows_every_update_when_they_are_few(client):
    place = make_place()
    pledge = make_pledge(place=place)
    make_update(pledge=pledge, summary="The only update")

    html = profile(client, place)

    assert "The only update" in html
    assert "Progress updates: the newest" not in html
