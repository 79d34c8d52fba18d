"""The overviews: the home page, a country, a network."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_countries import countries
from django_countries.fields import Country

from cities.models import Place
from commitments.models import (
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Resolution,
    Strategy,
)
from public import charts as charts_module
from public import totals
from public.explorer import pledge_list_url

# The home page's "latest updates": the newest public progress updates.
LATEST_UPDATES = 10
# A country page lists its most populous places; the places list has them all.
COUNTRY_PAGE_PLACES = 100


def _with_country_names(groups):
    for group in groups:
        group.label = Country(group.key).name
    return sorted(groups, key=lambda group: str(group.label))


@dataclass
class CountryRow:
    """A country on the home page: its places, counted, and their middle for the map."""

    code: str
    name: str
    places: int
    latitude: float | None
    longitude: float | None


def _countries_with_places(places) -> list[CountryRow]:
    rows = [
        CountryRow(
            code=row["country"],
            name=Country(row["country"]).name,
            places=row["places"],
            latitude=row["latitude"],
            longitude=row["longitude"],
        )
        for row in places.per_country()
    ]
    # Sorted here, not in SQL, so countries follow their names in the page's language.
    return sorted(rows, key=lambda row: str(row.name))


def home(request):
    places = Place.objects.public()
    pledges = Pledge.objects.public()
    counts = places.aggregate(
        places=Count("pk"), countries=Count("country", distinct=True)
    ) | {
        "networks": Network.objects.count(),
        "memberships": Membership.objects.public().count(),
        "resolutions": Resolution.objects.public().count(),
        "strategies": Strategy.objects.public().count(),
        "promises": pledges.promises().count(),
        "outcomes": pledges.outcomes().count(),
    }
    statuses = totals.pledges_by_status()
    countries = _with_country_names(totals.totals_by_country())
    charts = [
        charts_module.status_chart(
            statuses,
            chart_id="chart-status",
            title=_("Pledges by status"),
            links=lambda status: pledge_list_url(status=status),
        ),
        charts_module.category_chart(
            totals.totals_by_category(),
            chart_id="chart-categories",
            title=_("Pledges by category"),
            links=lambda category: pledge_list_url(category=category),
        ),
        charts_module.people_chart(
            countries,
            chart_id="chart-countries",
            title=_("People pledged and received, by country"),
            label_header=_("Country"),
            links=lambda code: reverse("public:country-detail", args=[code]),
        ),
    ]
    context = {
        "counts": counts,
        # Countries, not places: the page's size must not grow with the places.
        "countries": _countries_with_places(places),
        "totals": totals.totals(),
        "statuses": statuses,
        "charts": charts,
        "latest_updates": PledgeUpdate.objects.public().latest()[:LATEST_UPDATES],
    }
    return render(request, "public/home.html", context)


def country_detail(request, iso2: str):
    """One country: its places, its pledges by status, its totals per category."""
    code = iso2.upper()
    if not (len(code) == 2 and code.isalpha() and countries.name(code)):
        raise Http404(_("No such country."))
    if iso2 != code:
        return redirect("public:country-detail", iso2=code, permanent=True)
    in_country = Place.objects.public().in_country(code)
    place_count = in_country.count()
    if not place_count:
        raise Http404(_("No places recorded in this country."))
    # The largest places, not all: the page must not grow with the places recorded.
    places = list(in_country.most_populous_first()[:COUNTRY_PAGE_PLACES])
    pledges = Pledge.objects.in_country(code)
    categories = totals.totals_by_category(pledges)
    charts = [
        charts_module.status_chart(
            totals.pledges_by_status(pledges),
            chart_id="chart-status",
            title=_("Pledges by status"),
            links=lambda status: pledge_list_url(country=code, status=status),
        ),
        charts_module.people_chart(
            categories,
            chart_id="chart-categories",
            title=_("People pledged and received, by category"),
            label_header=_("Category"),
            links=lambda category: pledge_list_url(country=code, category=category),
        ),
    ]
    context = {
        "country": Country(code),
        "places": places,
        "place_count": place_count,
        "all_places_url": reverse("public:place-list") + f"?country={code}",
        "totals": totals.totals(pledges),
        "categories": categories,
        "charts": charts,
        "pledge_list_url": pledge_list_url(country=code),
    }
    return render(request, "public/country_detail.html", context)


class NetworkDetailView(DetailView):
    template_name = "public/network_detail.html"

    def get_queryset(self):
        members = Membership.objects.public().for_network_page()
        return Network.objects.prefetch_related(
            Prefetch("memberships", queryset=members)
        )

    def get_context_data(self, **kwargs):
        places = [membership.place for membership in self.object.memberships.all()]
        return super().get_context_data(places=places, **kwargs)
