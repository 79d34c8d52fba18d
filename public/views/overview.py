"""The overviews: the home page, a country, a network."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_countries import countries
from django_countries.fields import Country

from cities.models import Place
from commitments.caching import once_per_version
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
# A network's page lists its members a page at a time.
NETWORK_PAGE_MEMBERS = 100


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


def _countries_with_places(per_country: list[dict]) -> list[CountryRow]:
    rows = [
        CountryRow(
            code=row["country"],
            name=Country(row["country"]).name,
            places=row["places"],
            latitude=row["latitude"],
            longitude=row["longitude"],
        )
        for row in per_country
    ]
    # Sorted here, not in SQL, so countries follow their names in the page's language.
    return sorted(rows, key=lambda row: str(row.name))


def _home_figures() -> dict:
    """What the home page counts and adds up over whole tables: numbers only, kept
    for every language once per change (`once_per_version`)."""
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
    return {
        "counts": counts,
        "statuses": totals.status_counts(),
        "summary": totals.summary(),
        "countries": list(places.per_country()),
    }


def home(request):
    figures = once_per_version("home-figures", _home_figures)
    summary = figures["summary"]
    statuses = totals.pledges_by_status(counts=figures["statuses"])
    countries = _with_country_names(summary.by_country)
    charts = [
        charts_module.status_chart(
            statuses,
            chart_id="chart-status",
            title=_("Pledges by status"),
            links=lambda status: pledge_list_url(status=status),
        ),
        charts_module.category_chart(
            totals.labelled_categories(summary.by_category),
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
        "counts": figures["counts"],
        # Countries, not places: the page's size must not grow with the places.
        "countries": _countries_with_places(figures["countries"]),
        "totals": summary.totals,
        "statuses": statuses,
        "charts": charts,
        "latest_updates": PledgeUpdate.objects.newest_public(LATEST_UPDATES),
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
    summary = totals.summary(pledges)
    categories = totals.labelled_categories(summary.by_category)
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
        "totals": summary.totals,
        "categories": categories,
        "charts": charts,
        "pledge_list_url": pledge_list_url(country=code),
    }
    return render(request, "public/country_detail.html", context)


class NetworkDetailView(DetailView):
    """A network and its members, a page of them at a time, with a map of that page."""

    template_name = "public/network_detail.html"
    queryset = Network.objects.all()

    def get_context_data(self, **kwargs):
        members = Membership.objects.public().filter(network=self.object)
        # A page of members, not all: the page must not grow with the network.
        paginator = Paginator(members.for_network_page(), NETWORK_PAGE_MEMBERS)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            memberships=page.object_list,
            places=[membership.place for membership in page.object_list],
            all_members_url=reverse("public:place-list")
            + f"?network={self.object.slug}",
            **kwargs,
        )
