"""One address of each public page type, on the demo data, for the page-wide checks."""

from django.urls import NoReverseMatch, reverse

from cities.models import Place
from commitments.models import Network, Pledge, Resolution, Strategy


def public_page_paths() -> dict[str, str]:
    """Page type -> path; a page type whose URL does not exist yet is left out."""
    hanover = Place.objects.get(slug="hanover")
    berlin_offer = Pledge.objects.public().get(place__slug="berlin", target_min=300)
    named = {
        "home": ("public:home", {}),
        "place list": ("public:place-list", {}),
        "place profile": ("public:place-detail", {"slug": hanover.slug}),
        "pledge list": ("public:pledge-list", {}),
        "pledge detail": ("public:pledge-detail", {"pk": berlin_offer.pk}),
        "resolution list": ("public:resolution-list", {}),
        "resolution detail": (
            "public:resolution-detail",
            {"pk": Resolution.objects.public().filter(place=hanover).first().pk},
        ),
        "strategy list": ("public:strategy-list", {}),
        "strategy detail": (
            "public:strategy-detail",
            {"pk": Strategy.objects.public().filter(place=hanover).last().pk},
        ),
        "network": (
            "public:network-detail",
            {"slug": Network.objects.get(slug="solidarity-cities").slug},
        ),
        "country": ("public:country-detail", {"iso2": "DE"}),
        "about": ("about", {}),
        "privacy": ("privacy", {}),
        "imprint": ("imprint", {}),
        "methodology": ("opendata:methodology", {}),
        "downloads": ("opendata:downloads", {}),
    }
    paths = {}
    for page_type, (name, kwargs) in named.items():
        try:
            paths[page_type] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    paths["German place profile"] = "/de" + paths["place profile"]
    return paths
