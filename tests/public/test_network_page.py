"""/networks/<slug>/: members with role and join dates, and a map of them."""

from datetime import date

import pytest
from django.urls import reverse

from commitments.models import MembershipRole, ReviewState
from public.views import overview
from tests.builders import make_membership, make_network, make_place

pytestmark = pytest.mark.django_db

# The network with its public memberships and their places.
NETWORK_PAGE_QUERIES = 3  # the network, its members counted, a page of them


def test_network_page_lists_members_with_role_dates_and_country_link(client):
    network = make_network(name="Alliance of Test Harbours")
    place = make_place(name="Testhafen", country="DE")
    make_membership(
        place=place,
        network=network,
        role=MembershipRole.FOUNDING_MEMBER,
        role_wording="founding signatory",
        joined_on=date(2018, 6, 1),
        joined_on_precision="month",
    )

    html = client.get(network.get_absolute_url()).content.decode()

    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in html
    assert "founding member (<q>founding signatory</q>)" in html
    assert '<time datetime="2018-06">Jun 2018</time>' in html
    country_url = reverse("public:country-detail", args=["DE"])
    assert f'<a href="{country_url}">Germany</a>' in html


def test_network_page_leaves_out_unpublished_memberships(client):
    network = make_network()
    make_membership(network=network, place=make_place(name="Shown"))
    make_membership(
        network=network,
        place=make_place(name="Hidden"),
        review_state=ReviewState.DRAFT,
    )

    html = client.get(network.get_absolute_url()).content.decode()

    assert "Shown" in html
    assert "Hidden" not in html


def test_network_page_maps_members_with_coordinates_and_points_to_the_list(client):
    network = make_network()
    make_membership(
        network=network, place=make_place(name="Mapped", latitude=50, longitude=8)
    )
    make_membership(network=network, place=make_place(name="Unmapped"))

    html = client.get(network.get_absolute_url()).content.decode()

    assert '<script id="network-map-data" type="application/json">' in html
    assert '"name": "Mapped"' in html
    assert '"name": "Unmapped"' not in html
    assert 'href="#members"' in html
    assert 'id="members"' in html


def test_network_page_without_coordinates_says_so(client):
    network = make_network()
    make_membership(network=network)

    html = client.get(network.get_absolute_url()).content.decode()

    assert "No coordinates recorded for these places yet." in html
    assert "leaflet.js" not in html


def test_unknown_network_is_404(client):
    response = client.get(reverse("public:network-detail", args=["nowhere"]))

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [10, 100])
def test_network_page_query_count_does_not_grow(
    client, django_assert_num_queries, rows
):
    network = make_network()
    for _ in range(rows):
        make_membership(network=network, place=make_place(latitude=1, longitude=2))

    with django_assert_num_queries(NETWORK_PAGE_QUERIES):
        response = client.get(network.get_absolute_url())

    assert len(response.context["places"]) == rows


def test_network_page_lists_a_page_of_members_and_links_the_rest(client, settings):
    network = make_network(slug="big-network")
    names = [f"Member {n:03}" for n in range(overview.NETWORK_PAGE_MEMBERS + 3)]
    for number, name in enumerate(names):
        make_membership(
            network=network,
            place=make_place(name=name),
            joined_on=date(2000 + number // 12, number % 12 + 1, 1),
            joined_on_precision="day",
        )

    first = client.get(network.get_absolute_url())
    second = client.get(network.get_absolute_url() + "?page=2")

    shown = [place.name for place in first.context["places"]]
    rest = [place.name for place in second.context["places"]]
    assert shown + rest == names  # in the order they joined, none twice, none missed
    assert len(shown) == overview.NETWORK_PAGE_MEMBERS
    html = first.content.decode()
    total = overview.NETWORK_PAGE_MEMBERS + 3
    assert f"Members 1 to {overview.NETWORK_PAGE_MEMBERS} of {total}" in html
    assert 'href="?page=2" rel="next"' in html
    assert 'href="/cities/?network=big-network"' in html
    assert "Member 101" not in html


@pytest.mark.parametrize("page", ["0", "x", "99"])
def test_network_page_with_an_odd_page_number_still_answers(client, page):
    network = make_network()
    make_membership(network=network, place=make_place(name="Only member"))

    response = client.get(network.get_absolute_url() + f"?page={page}")

    assert response.status_code == 200
    assert "Only member" in response.content.decode()
