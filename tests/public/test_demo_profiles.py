"""The real demo dataset, loaded as `make run` loads it, shows the chain it records."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_home_leads_to_hanover_through_germany(client, demo):
    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    assert 'href="/countries/DE/"' in response.content.decode()
    germany = client.get("/countries/DE/").content.decode()
    assert 'href="/cities/hanover/"' in germany


def test_hanovers_profile_shows_its_resolution_strategies_networks_and_sources(
    client, demo
):
    page = client.get(reverse("public:place-detail", args=["hanover"])).content.decode()

    assert "28 Feb 2019" in page
    assert "Drucksache 2895/2018 N15" in page
    assert "Lokaler Integrationsplan (LIP)" in page
    assert "WIR 2.0" in page
    assert "Replaced by" in page or "replaced by" in page
    assert "Solidarity Cities" in page
    assert "2021" in page
    assert (
        'href="https://e-government.hannover-stadt.de/lhhsimwebre.nsf/DS/1830-2019"'
        in (page)
    )


def test_berlins_blocked_offer_and_its_refusal_show_on_its_profile(client, demo):
    page = client.get(reverse("public:place-detail", args=["berlin"])).content.decode()

    assert "blocked by a national or regional government" in page
    assert "BVerwG 1 A 1/21" in page


def timeline_item(page: str, title: str) -> str:
    """The HTML of the one timeline entry headed `title`."""
    items = re.findall(r'<li id="[a-z]+-\d+" class="timeline-item.*?</li>', page, re.S)
    matching = [item for item in items if f">{title}</a>" in item]
    assert len(matching) == 1
    return matching[0]


def test_berlins_offer_shows_blocked_and_its_189_received_as_a_separate_outcome(
    client, demo
):
    page = client.get(reverse("public:place-detail", args=["berlin"])).content.decode()

    offer = timeline_item(page, "Landesaufnahmeprogramm for refugees from Greek camps")
    assert ">Pledge</span>" in offer
    assert "300 persons" in offer
    assert "blocked by a national or regional government" in offer
    assert "Status history:" in offer
    assert 'No update since <time datetime="2022-03-15">15 Mar 2022</time>.' in offer
    # The 189 received are not this offer's delivery: the dataset does not link them.
    assert "189" not in offer
    assert "Delivered:" not in offer

    outcome = timeline_item(page, "Refugees from Greek camps received in 2020")
    assert ">Reported outcome</span>" in outcome
    assert "189 persons" in outcome
    assert "reception reported (outcome)" in outcome


def test_demo_totals_timeline_country_and_network_pages(client, demo):
    from commitments.models import Pledge
    from public import totals

    hanover = client.get(reverse("public:place-detail", args=["hanover"]))
    page = hanover.content.decode()
    assert page.count('class="timeline-item timeline-item--strategy"') >= 2
    assert page.count('class="timeline-item timeline-item--resolution"') >= 1
    assert 'class="badge"' in page
    assert 'href="/countries/DE/"' in page

    home = client.get(reverse("public:home"))
    figures = home.context["totals"]
    assert figures.people_pledged > 0
    assert figures.people_in_national_shares > 0
    assert figures.people_received > 0
    # Bern's parliament demand for 500 restates the executive's offer of 20.
    bern = Pledge.objects.filter(place__slug="bern")
    assert totals.totals(bern).people_pledged == 20

    for code in ("DE", "IT", "CH"):
        assert client.get(f"/countries/{code}/").status_code == 200
    network = client.get(reverse("public:network-detail", args=["solidarity-cities"]))
    assert '<script id="network-map-data" type="application/json">' in (
        network.content.decode()
    )
