"""Responses are gzipped for clients that accept it, and only for them."""

import gzip

import pytest
from django.urls import reverse

from tests.builders import cite, make_place, make_pledge

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def pledges():
    place = make_place(name="Exampleton", country="DE")
    for number in range(30):
        cite(make_pledge(place=place, title=f"Take in {number} people"))


@pytest.mark.parametrize(
    "address",
    [
        reverse("public:home"),
        reverse("public:pledge-list"),
        reverse("api:pledge-list"),
        reverse("opendata:feed"),
    ],
)
def test_pages_json_and_feeds_are_compressed_when_accepted(client, pledges, address):
    plain = client.get(address)
    compressed = client.get(address, headers=GZIP)

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content)


def test_a_streamed_export_is_compressed_as_it_streams(client, pledges):
    address = reverse("opendata:pledges-export", kwargs={"fmt": "csv"})
    plain = b"".join(client.get(address).streaming_content)

    response = client.get(address, headers=GZIP)

    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == plain


def test_a_compressed_page_still_answers_its_etag_with_304(client, pledges):
    address = reverse("public:pledge-list")
    etag = client.get(address, headers=GZIP)["ETag"]

    response = client.get(address, headers=GZIP | {"if-none-match": etag})

    assert response.status_code == 304
