"""The real demo dataset, loaded as `make run` loads it, shows the chain it records."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_home_lists_hanover_with_a_link_to_its_profile(client, demo):
    response = client.get(reverse("commitments:home"))

    assert response.status_code == 200
    assert 'href="/cities/hanover/"' in response.content.decode()


def test_hanovers_profile_shows_its_resolution_strategies_networks_and_sources(
    client, demo
):
    page = client.get(reverse("cities:place-detail", args=["hanover"])).content.decode()

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
    page = client.get(reverse("cities:place-detail", args=["berlin"])).content.decode()

    assert "blocked by a national or regional government" in page
    assert "BVerwG 1 A 1/21" in page
