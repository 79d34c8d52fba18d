"""The overviews: the home page, a country, a network."""

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


def _with_country_names(groups):
    for group in groups:
        group.label = Country(group.key).name
    return sorted(groups, key=lambda group: str(group.label))


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
    # Sorted here, not in SQL, so countries follow their names in the page's language.
    places = sorted(places, key=lambda place: (place.country.name, place.name))
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
        "places": places,
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
    places = list(Place.objects.public().in_country(code))
    if not places:
        raise Http404(_("No places recorded in this country."))
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
