"""The Content Security Policy header: strict on every page, and where a page of
another package carries inline bits, each of them allowed by its hash and nothing
more. (tests/browser/test_content_security_policy.py checks it in a real browser.)"""

import re
from pathlib import Path

import django
import pytest
from django.urls import reverse

from solidarity.csp import ADMIN, source_hash
from tests.builders import make_pledge, make_update

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
HANDLER_ATTRIBUTE = re.compile(r'\son[a-z]+="([^"]*)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


def inline_bits(html: str) -> list[str]:
    return [
        *INLINE_STYLE.findall(html),
        *STYLE_ATTRIBUTE.findall(html),
        *HANDLER_ATTRIBUTE.findall(html),
    ]


def test_a_public_page_allows_only_the_site_and_the_map_tiles(client, settings):
    policy = directives(client.get("/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize(
    "path",
    ["/", "/cities/", "/pledges/", "/de/pledges/", "/about/", "/api/v1/pledges/"],
)
def test_no_public_page_needs_an_exception(client, path):
    make_pledge()
    response = client.get(path)
    html = response.content.decode()

    assert "unsafe" not in response["Content-Security-Policy"]
    assert inline_bits(html) == []
    assert INLINE_SCRIPT.findall(html) == []


def test_the_api_documentation_has_nothing_inline(client):
    page = client.get(reverse("api:docs"))
    script = client.get(reverse("api:docs") + "?script=")

    assert inline_bits(page.content.decode()) == []
    assert INLINE_SCRIPT.findall(page.content.decode()) == []
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_browsable_api_allows_exactly_its_own_inline_bits(client):
    make_pledge()
    response = client.get("/api/v1/pledges/", HTTP_ACCEPT="text/html")
    bits = inline_bits(response.content.decode())
    policy = directives(response)

    assert len(bits) >= 2  # the highlighting's colours and the filters button
    for bit in bits:
        assert source_hash(bit) in policy["style-src"], bit
    assert policy["script-src"] == ["'self'"]


@pytest.mark.parametrize(
    "page",
    ["changelist", "add", "change", "history", "export", "import", "updates"],
)
def test_each_admin_page_allows_exactly_its_own_inline_bits(admin_client, page):
    pledge = make_update().pledge
    path = {
        "changelist": reverse("admin:commitments_pledge_changelist"),
        "add": reverse("admin:commitments_pledge_add"),
        "change": reverse("admin:commitments_pledge_change", args=[pledge.pk]),
        "history": reverse("admin:commitments_pledge_history", args=[pledge.pk]),
        "export": reverse("admin:commitments_pledge_export"),
        "import": reverse("admin:commitments_pledge_import"),
        "updates": reverse("admin:commitments_pledgeupdate_changelist"),
    }[page]
    response = admin_client.get(path)
    html = response.content.decode()
    policy = directives(response)

    assert response.status_code == 200
    for style in [*INLINE_STYLE.findall(html), *STYLE_ATTRIBUTE.findall(html)]:
        assert source_hash(style) in policy["style-src"], style
    for handler in HANDLER_ATTRIBUTE.findall(html):
        assert source_hash(handler) in policy["script-src"], handler
    assert INLINE_SCRIPT.findall(html) == []
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_admin_change_list_style_is_the_one_django_writes():
    template = Path(django.__file__).parent / "contrib/admin/templates/admin"
    styles = INLINE_STYLE.findall((template / "change_list.html").read_text())

    assert styles == list(ADMIN.styles)


def test_the_exceptions_stay_on_their_pages(client, admin_client):
    public = directives(client.get("/"))
    admin = directives(admin_client.get(reverse("admin:index")))

    assert source_hash("onSelectToggleChange(event)") in admin["script-src"]
    assert "'unsafe-hashes'" not in public["script-src"] + public["style-src"]
