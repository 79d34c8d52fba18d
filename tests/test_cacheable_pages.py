"""Public pages any cache may keep: no cookie, validators, 304s, and a server cache
keyed by the facts' version, so a change shows on the very next request."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from commitments.models import ReviewState
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    """One record of each kind, public, so every page type has something to show."""
    place = make_place(name="Exampleton", slug="exampleton", country="DE")
    network = make_network()
    make_membership(place=place, network=network)
    pledge = make_pledge(place=place, title="Take in 50 people")
    cite(pledge)
    make_update(pledge=pledge)
    return {
        "place": place,
        "network": network,
        "pledge": pledge,
        "resolution": make_resolution(place=place),
        "strategy": make_strategy(place=place),
    }


def page_addresses(records) -> list[str]:
    place, pledge = records["place"], records["pledge"]
    return [
        reverse("public:home"),
        "/de/",
        reverse("public:country-detail", args=["DE"]),
        records["network"].get_absolute_url(),
        reverse("public:place-list"),
        place.get_absolute_url(),
        reverse("public:pledge-list") + "?country=DE&status=adopted",
        pledge.get_absolute_url(),
        reverse("public:resolution-list"),
        records["resolution"].get_absolute_url(),
        reverse("public:strategy-list"),
        records["strategy"].get_absolute_url(),
        reverse("public:about"),
        reverse("public:privacy"),
        reverse("public:imprint"),
        reverse("opendata:methodology"),
        reverse("opendata:downloads"),
        reverse("opendata:feed"),
        reverse("opendata:place-feed", args=[place.slug]),
        reverse("opendata:country-feed", args=["DE"]),
        reverse("opendata:network-feed", args=[records["network"].slug]),
        reverse("api:pledge-list"),
        reverse("api:pledge-detail", args=[pledge.pk]),
        reverse("api:place-list") + "?country=DE",
        "/sitemap.xml",
        "/sitemap-places.xml",
        "/robots.txt",
    ]


@pytest.fixture(params=[0, 300], ids=["server-cache-off", "server-cache-on"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param
    settings.SUMMARY_CACHE_SECONDS = request.param
    cache.clear()
    yield request.param
    cache.clear()


def test_every_public_page_type_sets_no_cookie_and_may_be_kept_by_any_cache(
    client, published, page_cache
):
    for address in page_addresses(published):
        response = client.get(address)

        assert response.status_code == 200, address
        assert not response.cookies, address
        assert "Cookie" not in response.get("Vary", ""), address
        cache_control = response["Cache-Control"]
        assert "public" in cache_control, address
        assert "max-age=" in cache_control, address
        assert response.has_header("ETag"), address


def test_every_public_page_type_answers_a_conditional_get_with_304(
    client, published, page_cache
):
    for address in page_addresses(published):
        etag = client.get(address)["ETag"]

        response = client.get(address, headers={"if-none-match": etag})

        assert response.status_code == 304, address
        assert response.content == b"", address


def test_a_changed_page_no_longer_matches_its_old_etag(
    client, published, page_cache, django_capture_on_commit_callbacks
):
    address = published["pledge"].get_absolute_url()
    etag = client.get(address)["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        published["pledge"].title = "Take in 80 people"
        published["pledge"].save()
    response = client.get(address, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "Take in 80 people" in response.content.decode()


def test_pages_in_the_server_cache_are_served_without_a_query(
    client, published, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    address = published["place"].get_absolute_url()
    first = client.get(address)

    with django_assert_num_queries(0):
        again = client.get(address)

    assert again.content == first.content
    assert again["Last-Modified"] == first["Last-Modified"]


def test_the_german_and_english_pages_are_kept_apart(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()

    english = client.get("/about/")
    german = client.get("/de/about/")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="de">' in german.content.decode()


def test_pages_for_another_host_are_kept_apart(client, published, settings):
    # The API and the language links carry absolute addresses built from the host.
    settings.PAGE_CACHE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    cache.clear()
    address = reverse("api:pledge-list")

    one = client.get(address, headers={"host": "one.example"}).content.decode()
    two = client.get(address, headers={"host": "two.example"}).content.decode()

    assert "http://one.example/" in one
    assert "http://two.example/" in two
    assert "one.example" not in two


def test_the_api_keeps_json_and_the_browsable_page_apart(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    address = reverse("api:pledge-list")

    as_json = client.get(address, headers={"accept": "application/json"})
    as_html = client.get(address, headers={"accept": "text/html"})

    assert as_json["Content-Type"].startswith("application/json")
    assert as_html["Content-Type"].startswith("text/html")


def test_an_invalid_filter_is_not_kept(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()

    response = client.get(reverse("public:pledge-list") + "?status=nonsense")

    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


# A change shows on the next request: edit, publish, delete, revert, import


def _page(client, address) -> str:
    response = client.get(address)
    return response.content.decode() if response.status_code == 200 else ""


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SUMMARY_CACHE_SECONDS = 300
    cache.clear()


def test_an_edit_shows_on_the_next_request(
    client, published, cached, django_capture_on_commit_callbacks
):
    address = reverse("public:pledge-list")
    assert "Take in 50 people" in _page(client, address)

    with django_capture_on_commit_callbacks(execute=True):
        published["pledge"].title = "Take in 80 people"
        published["pledge"].save()

    html = _page(client, address)
    assert "Take in 80 people" in html
    assert "Take in 50 people" not in html


def test_a_publication_shows_on_the_next_request(
    client, published, cached, django_capture_on_commit_callbacks
):
    draft = make_pledge(
        place=published["place"], title="Fund a rescue ship", review_state="draft"
    )
    address = reverse("public:pledge-list")
    assert "Fund a rescue ship" not in _page(client, address)

    with django_capture_on_commit_callbacks(execute=True):
        draft.review_state = ReviewState.PUBLISHED
        draft.save()

    assert "Fund a rescue ship" in _page(client, address)


def test_a_deletion_shows_on_the_next_request(
    client, published, cached, django_capture_on_commit_callbacks
):
    resolution = published["resolution"]
    address = resolution.get_absolute_url()
    assert client.get(address).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        resolution.delete()

    assert client.get(address).status_code == 404


def test_a_change_to_a_place_shows_on_its_pledges_pages(
    client, published, cached, django_capture_on_commit_callbacks
):
    address = published["pledge"].get_absolute_url()
    assert "Exampleton-upon-Sea" not in _page(client, address)

    with django_capture_on_commit_callbacks(execute=True):
        published["place"].name = "Exampleton-upon-Sea"
        published["place"].save()

    assert "Exampleton-upon-Sea" in _page(client, address)


def test_a_rolled_back_change_leaves_the_cache_alone(
    client, published, cached, django_capture_on_commit_callbacks
):
    from commitments.caching import facts_version

    before = facts_version()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published["pledge"].save()

    assert callbacks  # the bump waits for the commit, which never comes here
    assert facts_version() == before


# Several processes: the cache and the facts' version shared through Redis


def _redis_caches(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    }


def test_a_change_shows_on_every_process_sharing_redis(
    client,
    published,
    settings,
    redis_url,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = _redis_caches(redis_url)  # the first process's cache client
    cache.clear()
    address = published["pledge"].get_absolute_url()
    assert "Take in 50 people" in _page(client, address)

    # A second process: a new client of the same Redis finds the page kept there.
    settings.CACHES = _redis_caches(redis_url)
    with django_capture_on_commit_callbacks(execute=True):
        published["pledge"].title = "Take in 80 people"
        published["pledge"].save()

    # A third client, as a third process would have, sees the change at once.
    settings.CACHES = _redis_caches(redis_url)
    assert "Take in 80 people" in _page(client, address)
    cache.clear()


def test_a_second_client_of_the_same_redis_serves_the_kept_page_without_a_query(
    client,
    published,
    settings,
    redis_url,
    django_assert_num_queries,
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = _redis_caches(redis_url)
    cache.clear()
    address = reverse("public:home")
    first = client.get(address)

    settings.CACHES = _redis_caches(redis_url)  # another process's client
    with django_assert_num_queries(0):
        again = client.get(address)

    assert again.content == first.content
    cache.clear()


def test_readers_get_the_page_when_redis_is_down(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 300
    # Nothing listens on port 9 (discard) of this machine.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    response = client.get(published["place"].get_absolute_url())

    assert response.status_code == 200
    assert "Exampleton" in response.content.decode()
