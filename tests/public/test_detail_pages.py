from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import MembershipRole, PledgeStatus
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

# The pledge with place, resolution and strategy; its citations; its updates and
# theirs.
PLEDGE_DETAIL_QUERIES = 4
# The network, its members counted, then a page of them with their places.
NETWORK_DETAIL_QUERIES = 3


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_pledge_page_shows_the_pledge_its_updates_and_sources(client):
    place = make_place(name="Testhafen")
    resolution = make_resolution(place=place, title="Harbour resolution")
    pledge = make_pledge(
        place=place,
        title="Receive rescued people",
        target_min=Decimal("50"),
        resolution=resolution,
    )
    source = make_source(url="https://example.org/pledge", title="Pledge report")
    cite(pledge, source=source, quote="We will receive fifty people.")
    update = make_update(
        pledge=pledge,
        status=PledgeStatus.FULFILLED,
        delivered_quantity=Decimal("50"),
        summary="All fifty arrived.",
    )
    cite(update, source=source, quote="Fifty arrived.")

    html = page(client, pledge.get_absolute_url())

    assert "<h1>Receive rescued people" in html
    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in html
    assert f'<a href="{resolution.get_absolute_url()}">Harbour resolution</a>' in html
    assert "50 persons" in html
    assert "All fifty arrived." in html
    assert "delivered 50 persons" in html
    assert html.count('href="https://example.org/pledge" rel="noopener"') == 1
    assert "We will receive fifty people." in html
    assert "Fifty arrived." in html


def test_resolution_page_shows_the_act_and_its_sources(client):
    place = make_place(name="Testhafen")
    resolution = make_resolution(
        place=place,
        title="Harbour resolution",
        original_title="Hafenbeschluss",
        original_language="de",
        reference_number="DS 7/2019",
        votes_for=30,
        votes_against=5,
    )
    cite(resolution, source=make_source(url="https://example.org/minutes"))
    pledge = make_pledge(
        place=place, title="Pledge on the resolution", resolution=resolution
    )

    html = page(client, resolution.get_absolute_url())

    assert "<h1>Harbour resolution" in html
    assert '<p class="original-title" lang="de">Hafenbeschluss</p>' in html
    assert "DS 7/2019" in html
    assert "<dt>Votes for</dt>\n      <dd>30</dd>" in html
    assert f'<a href="{pledge.get_absolute_url()}">Pledge on the resolution</a>' in html
    assert 'href="https://example.org/minutes" rel="noopener"' in html


def test_strategy_page_links_the_versions_before_and_after(client):
    place = make_place()
    old = make_strategy(place=place, title="Old plan", year_start=2008)
    current = make_strategy(place=place, title="Current plan", replaces=old)
    newer = make_strategy(place=place, title="Newer plan", replaces=current)

    html = page(client, current.get_absolute_url())

    assert "<h1>Current plan" in html
    assert f'<a href="{old.get_absolute_url()}">Old plan</a>' in html
    assert f'<a href="{newer.get_absolute_url()}">Newer plan</a>' in html


def test_network_page_lists_members_with_role_and_join_date(client):
    network = make_network(name="Test Harbours")
    place = make_place(name="Testhafen")
    make_membership(
        place=place,
        network=network,
        role=MembershipRole.SIGNATORY,
        joined_on=date(2019, 6, 1),
        joined_on_precision="month",
    )
    make_membership(network=make_network())

    response = page(client, network.get_absolute_url())

    assert "<h1>Test Harbours" in response
    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in response
    assert "signatory" in response
    assert '<time datetime="2019-06">Jun 2019</time>' in response
    assert response.count("<tr>") == 2


@pytest.mark.parametrize(
    "url",
    [
        reverse("public:pledge-detail", kwargs={"pk": 999999}),
        reverse("public:resolution-detail", kwargs={"pk": 999999}),
        reverse("public:strategy-detail", kwargs={"pk": 999999}),
        reverse("public:network-detail", kwargs={"slug": "no-such-network"}),
    ],
)
def test_unknown_detail_page_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [10, 100])
def test_pledge_page_query_count_does_not_grow_with_updates(
    client, django_assert_num_queries, rows
):
    pledge = make_pledge()
    cite(pledge)
    for _ in range(rows):
        cite(make_update(pledge=pledge))

    with django_assert_num_queries(PLEDGE_DETAIL_QUERIES):
        response = client.get(pledge.get_absolute_url())

    assert len(response.context["sources"]) == rows + 1


@pytest.mark.parametrize("rows", [10, 100])
def test_network_page_query_count_does_not_grow_with_members(
    client, django_assert_num_queries, rows
):
    network = make_network()
    for _ in range(rows):
        make_membership(network=network)

    with django_assert_num_queries(NETWORK_DETAIL_QUERIES):
        response = client.get(network.get_absolute_url())

    assert response.content.decode().count("<tr>") == rows + 1
