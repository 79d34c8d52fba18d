"""The client's address behind the proxy: believed from trusted proxies only, and used
by both limits kept per client (the corrections form's and the login lockout)."""

from ipaddress import ip_network

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from accounts.client_ip import client_ip
from corrections.views import RATE_LIMIT
from solidarity.settings import env_networks
from tests.builders import make_account, make_pledge
from tests.test_settings import run_python

PROXY = "127.0.0.1"
READER = "203.0.113.5"
OTHER_READER = "198.51.100.7"
SPOOFED = "192.0.2.66"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [ip_network(PROXY)]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The corrections limit counts in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


def request_from(peer: str, forwarded_for: str | None = None):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


# The function


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request_from(PROXY, READER)) == PROXY


def test_a_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(behind_nginx):
    assert client_ip(request_from(READER, SPOOFED)) == READER


def test_a_trusted_proxy_names_the_client(behind_nginx):
    assert client_ip(request_from(PROXY, READER)) == READER


def test_what_a_client_wrote_into_the_header_itself_is_not_believed(behind_nginx):
    # nginx appends the address it saw after whatever the client sent.
    assert client_ip(request_from(PROXY, f"{SPOOFED}, {READER}")) == READER


def test_the_header_is_read_past_every_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = [ip_network(PROXY), ip_network("10.0.0.0/8")]

    forwarded = f"{SPOOFED}, {READER}, 10.1.2.3"
    assert client_ip(request_from(PROXY, forwarded)) == READER


def test_a_trusted_proxy_without_the_header_is_the_client(behind_nginx):
    assert client_ip(request_from(PROXY)) == PROXY


def test_an_unreadable_hop_stands_for_no_one_but_the_proxy(behind_nginx):
    assert client_ip(request_from(PROXY, f"{READER}, not-an-address")) == PROXY


def test_ipv6_clients_and_ipv4_peers_on_a_dual_stack_socket(behind_nginx):
    assert client_ip(request_from("::ffff:127.0.0.1", "2001:db8::7")) == "2001:db8::7"


# DJANGO_TRUSTED_PROXIES


def test_trusted_proxies_are_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")

    assert env_networks("DJANGO_TRUSTED_PROXIES") == [
        ip_network("127.0.0.1/32"),
        ip_network("10.0.0.0/8"),
        ip_network("::1/128"),
    ]


def test_no_proxy_is_trusted_unless_named(monkeypatch):
    monkeypatch.delenv("DJANGO_TRUSTED_PROXIES", raising=False)

    assert env_networks("DJANGO_TRUSTED_PROXIES") == []


@pytest.mark.parametrize("raw", ["localhost", "10.0.0.0/33", "127.0.0.1:8000", "*"])
def test_a_value_that_is_no_address_is_refused(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", raw)

    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES"):
        env_networks("DJANGO_TRUSTED_PROXIES")


def test_a_bad_trusted_proxies_value_stops_the_start():
    result = run_python(
        "import solidarity.settings",
        DJANGO_DEBUG="true",
        DJANGO_TRUSTED_PROXIES="127.0.0.1,nginx.internal",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_TRUSTED_PROXIES" in result.stderr
    assert "'nginx.internal' is neither" in result.stderr


# The limits kept per client


def suggest(client, url, reader: str, *, peer: str = PROXY):
    message = {"message": "The council voted in March, not in May."}
    return client.post(url, message, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=reader)


@pytest.mark.django_db
def test_two_readers_behind_the_proxy_have_a_correction_limit_each(
    client, behind_nginx
):
    url = f"{reverse('corrections:correction-create')}?record=pledge:{make_pledge().pk}"
    for _ in range(RATE_LIMIT):
        assert suggest(client, url, READER).status_code == 302
    assert suggest(client, url, READER).status_code == 429
    assert suggest(client, url, OTHER_READER).status_code == 302


@pytest.mark.django_db
def test_a_reader_cannot_escape_the_correction_limit_with_a_made_up_header(
    client, behind_nginx
):
    url = f"{reverse('corrections:correction-create')}?record=pledge:{make_pledge().pk}"
    for number in range(RATE_LIMIT):
        suggest(client, url, f"192.0.2.{number}", peer=READER)
    assert suggest(client, url, "192.0.2.99", peer=READER).status_code == 429


PASSWORD = "harbour-lantern-meadow-42"


def log_in(client, password: str, reader: str, *, peer: str = PROXY):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password},
        REMOTE_ADDR=peer,
        HTTP_X_FORWARDED_FOR=reader,
    )


@pytest.mark.django_db
def test_a_lockout_behind_the_proxy_locks_out_that_client_only(client, behind_nginx):
    make_account(username="editor", password=PASSWORD)
    for _ in range(5):
        log_in(client, "wrong", READER)
    assert log_in(client, PASSWORD, READER).status_code == 429
    assert log_in(client, PASSWORD, OTHER_READER).status_code == 302


@pytest.mark.django_db
def test_a_made_up_header_does_not_escape_the_lockout(client, behind_nginx):
    make_account(username="editor", password=PASSWORD)
    for number in range(5):
        log_in(client, "wrong", f"192.0.2.{number}", peer=READER)
    assert log_in(client, PASSWORD, "192.0.2.99", peer=READER).status_code == 429
