"""One address of each public page type, on the demo data, for the page-wide checks."""

from django.urls import NoReverseMatch, reverse

from cities.models import Place
from commitments.models import Network, Pledge, Resolution, Strategy


def public_page_paths() -> dict[str, str]:
    """Page type -> path; a page type whose URL does not exist yet is left out."""
    hanover = Place.objects.get(slug="hanover")
    berlin_offer = Pledge.objects.public().get(place__slug="berlin", target_min=300)
    named = {
        "home": ("commitments:home", {}),
        "place list": ("cities:place-list", {}),
        "place profile": ("cities:place-detail", {"slug": hanover.slug}),
        "pledge list": ("commitments:pledge-list", {}),
        "pledge detail": ("commitments:pledge-detail", {"pk": berlin_offer.pk}),
        "resolution list": ("commitments:resolution-list", {}),
        "resolution detail": (
            "commitments:resolution-detail",
            {"pk": Resolution.objects.public().filter(place=hanover).first().pk},
        ),
        "strategy list": ("commitments:strategy-list", {}),
        "strategy detail": (
            "commitments:strategy-detail",
            {"pk": Strategy.objects.public().filter(place=hanover).last().pk},
        ),
        "network": (
            "commitments:network-detail",
            {"slug": Network.objects.get(slug="solidarity-cities").slug},
        ),
        "country": ("commitments:country-detail", {"iso2": "DE"}),
        "about": ("about", {}),
        "privacy": ("privacy", {}),
        "imprint": ("imprint", {}),
        "methodology": ("commitments:methodology", {}),
        "downloads": ("commitments:downloads", {}),
    }
    paths = {}
    for page_type, (name, kwargs) in named.items():
        try:
            paths[page_type] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    paths["German place profile"] = "/de" + paths["place profile"]
    return paths
