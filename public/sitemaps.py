"""The sitemap: every public page, in English and German, with its alternates."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from cities.models import Place
from commitments.models import Network, Pledge, Resolution, Strategy


class PublicSitemap(Sitemap):
    """Each page in every language, linked to its translations (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(PublicSitemap):
    """Published records with pages of their own, each dated by its last change.

    Only what the URL needs is loaded; drafts never appear (public()).
    """

    model = None
    url_fields = ("pk", "updated_at")

    def queryset(self):
        return self.model.objects.public()

    def items(self):
        return self.queryset().only(*self.url_fields).order_by("pk")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of loading every row.
        return self.queryset().aggregate(latest=Max("updated_at"))["latest"]


class PlaceSitemap(RecordSitemap):
    model = Place
    url_fields = ("pk", "slug", "updated_at")


class PledgeSitemap(RecordSitemap):
    model = Pledge


class ResolutionSitemap(RecordSitemap):
    model = Resolution


class StrategySitemap(RecordSitemap):
    model = Strategy


class NetworkSitemap(RecordSitemap):
    """Networks are not reviewed facts: every one is public."""

    model = Network
    url_fields = ("pk", "slug", "updated_at")

    def queryset(self):
        return Network.objects.all()


class CountrySitemap(PublicSitemap):
    """Countries that have places (a country without any has no page)."""

    def items(self):
        places = Place.objects.public().order_by("country")
        return list(places.values_list("country", flat=True).distinct())

    def location(self, code):
        return reverse("public:country-detail", kwargs={"iso2": code})


# Pages without a record behind them.
STATIC_PAGES = [
    "public:home",
    "public:place-list",
    "public:pledge-list",
    "public:resolution-list",
    "public:strategy-list",
    "opendata:methodology",
    "opendata:downloads",
    "public:about",
    "public:privacy",
    "public:imprint",
]


class StaticSitemap(PublicSitemap):
    def items(self):
        return STATIC_PAGES

    def location(self, name):
        return reverse(name)


sitemaps = {
    "pages": StaticSitemap,
    "places": PlaceSitemap,
    "countries": CountrySitemap,
    "networks": NetworkSitemap,
    "resolutions": ResolutionSitemap,
    "strategies": StrategySitemap,
    "pledges": PledgeSitemap,
}
