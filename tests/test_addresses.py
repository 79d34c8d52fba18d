"""The site's addresses are a promise to readers, crawlers and citations: a change of
code layout must not move any of them. `addresses.txt` lists every URL pattern's path
in every language as it was before the apps were split by audience; this test proves
the site still has exactly that set. A deliberate new or changed address updates the
file in the same commit (`python -m tests.test_addresses > tests/addresses.txt`)."""

from pathlib import Path

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.utils import translation

ADDRESSES_FILE = Path(__file__).with_name("addresses.txt")


def _paths(patterns, prefix=""):
    for pattern in patterns:
        path = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _paths(pattern.url_patterns, path)
        else:
            yield path


def site_addresses() -> list[str]:
    """Every pattern's path in every language, sorted, without duplicates."""
    addresses = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            addresses.update(_paths(get_resolver().url_patterns))
    return sorted(addresses)


def test_every_address_is_the_same_as_before_the_move():
    expected = ADDRESSES_FILE.read_text(encoding="utf-8").splitlines()
    actual = site_addresses()
    assert sorted(set(expected) - set(actual)) == [], "addresses gone"
    assert sorted(set(actual) - set(expected)) == [], "addresses added"


def test_the_list_covers_every_audience_in_both_languages():
    # Guards against an emptied or truncated list passing the comparison above.
    expected = ADDRESSES_FILE.read_text(encoding="utf-8").splitlines()
    for address in (
        "",
        "de/",
        "cities/<slug:slug>/",
        "de/pledges/<int:pk>/",
        "pledges/export.<str:fmt>",
        "de/methodology/",
        "feeds/places/<slug:slug>/",
        "api/v1/schema/",
        "sitemap.xml",
        "robots.txt",
    ):
        assert address in expected


if __name__ == "__main__":
    import django

    django.setup()
    print("\n".join(site_addresses()))
