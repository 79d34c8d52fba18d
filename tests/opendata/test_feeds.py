import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from commitments.models import ReviewState
from tests.builders import (
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT = {"review_state": ReviewState.DRAFT}


def parse_atom(response) -> ET.Element:
    """The feed's root, after checking what RFC 4287 requires of it and its entries."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link").get("href")
    return feed


def entry_links(feed: ET.Element) -> set[str]:
    return {
        entry.find(f"{ATOM}link").get("href").removeprefix("http://testserver")
        for entry in feed.findall(f"{ATOM}entry")
    }


def test_site_feed_is_atom_with_published_pledges_and_resolutions_only(client):
    pledge = make_pledge(title="Synthetic published pledge")
    resolution = make_resolution()
    draft_pledge = make_pledge(**DRAFT)
    draft_resolution = make_resolution(review_state=ReviewState.SUBMITTED)

    feed = parse_atom(client.get(reverse("opendata:feed")))

    links = entry_links(feed)
    assert links == {pledge.get_absolute_url(), resolution.get_absolute_url()}
    assert draft_pledge.get_absolute_url() not in links
    assert draft_resolution.get_absolute_url() not in links
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert any("Synthetic published pledge" in title for title in titles)


def test_feed_lists_the_most_recently_updated_first(client):
    older = make_pledge()
    newer = make_resolution()
    older.title = "Changed again"
    older.save()

    feed = parse_atom(client.get(reverse("opendata:feed")))

    first = feed.findall(f"{ATOM}entry")[0].find(f"{ATOM}link").get("href")
    assert first.endswith(older.get_absolute_url())
    assert newer.get_absolute_url() in entry_links(feed)


def test_place_feed_has_only_that_places_published_records(client):
    place = make_place()
    mine = make_pledge(place=place)
    make_pledge(place=place, **DRAFT)
    make_pledge()

    feed = parse_atom(
        client.get(reverse("opendata:place-feed", kwargs={"slug": place.slug}))
    )

    assert entry_links(feed) == {mine.get_absolute_url()}


def test_country_feed_has_only_that_countrys_published_records(client):
    german = make_resolution(place=make_place(country="DE"))
    make_resolution(place=make_place(country="IT"))
    make_resolution(place=make_place(country="DE"), **DRAFT)

    feed = parse_atom(
        client.get(reverse("opendata:country-feed", kwargs={"code": "de"}))
    )

    assert entry_links(feed) == {german.get_absolute_url()}


def test_network_feed_has_published_records_of_published_members_only(client):
    network = make_network()
    member = make_membership(network=network).place
    draft_member = make_membership(network=network, **DRAFT).place
    members_pledge = make_pledge(place=member)
    make_pledge(place=draft_member)
    make_pledge()

    feed = parse_atom(
        client.get(reverse("opendata:network-feed", kwargs={"slug": network.slug}))
    )

    assert entry_links(feed) == {members_pledge.get_absolute_url()}


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/places/no-such-place/",
        "/feeds/countries/ZZ/",
        "/feeds/countries/not-a-country/",
        "/feeds/countries/FR/",  # a real country without places
        "/feeds/networks/no-such-network/",
    ],
)
def test_feed_of_unknown_place_country_or_network_is_404(client, url):
    make_place(country="DE")

    assert client.get(url).status_code == 404


def test_pages_link_their_feeds_in_the_head(client):
    network = make_network()
    place = make_membership(network=network, place=make_place(country="DE")).place

    pages = {
        reverse("public:home"): reverse("opendata:feed"),
        place.get_absolute_url(): reverse(
            "opendata:place-feed", kwargs={"slug": place.slug}
        ),
        reverse("public:country-detail", args=["DE"]): reverse(
            "opendata:country-feed", kwargs={"code": "DE"}
        ),
        network.get_absolute_url(): reverse(
            "opendata:network-feed", kwargs={"slug": network.slug}
        ),
    }
    for page, feed_url in pages.items():
        html = client.get(page).content.decode()
        head = html[: html.index("</head>")]
        assert (
            'type="application/atom+xml" title="' in head
            and f'href="{feed_url}"' in head
        ), page
        assert client.get(feed_url).status_code == 200
