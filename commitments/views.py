from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_countries import countries
from django_countries.fields import Country

from cities.models import Place
from commitments import charts as charts_module
from commitments import totals
from commitments.filters import PledgeFilter, ResolutionFilter, StrategyFilter
from commitments.models import (
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Resolution,
    Source,
    Strategy,
)

# The home page's "latest updates": the newest public progress updates.
LATEST_UPDATES = 10


@dataclass
class NumberedSource:
    """One entry of a page's list of sources, with every quote the page relies on."""

    number: int
    source: Source
    quotes: list[str] = field(default_factory=list)


def number_sources(facts: Iterable) -> list[NumberedSource]:
    """Number the distinct sources of `facts` in the order the page shows the facts.

    Each fact gets `source_numbers`, the reference numbers to print after it. The
    facts' citations must be prefetched (`with_citations()`), or this runs a query
    per fact.
    """
    by_source: dict[int, NumberedSource] = {}
    for fact in facts:
        fact.source_numbers = []
        for citation in fact.citations.all():
            entry = by_source.get(citation.source_id)
            if entry is None:
                entry = NumberedSource(len(by_source) + 1, citation.source)
                by_source[citation.source_id] = entry
            if citation.quote and citation.quote not in entry.quotes:
                entry.quotes.append(citation.quote)
            if entry.number not in fact.source_numbers:
                fact.source_numbers.append(entry.number)
    return list(by_source.values())


def pledges_with_updates(pledges: Iterable[Pledge]) -> list:
    """Pledges each followed by its prefetched updates, in the order pages show them."""
    facts = []
    for pledge in pledges:
        facts.append(pledge)
        facts.extend(pledge.updates.all())
    return facts


def pledge_list_url(**params) -> str:
    """The public pledge list, filtered by `params` (a colleague's list page)."""
    try:
        path = reverse("commitments:pledge-list")
    except NoReverseMatch:
        path = "/pledges/"
    return f"{path}?{urlencode(params)}" if params else path


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
            links=lambda code: reverse("commitments:country-detail", args=[code]),
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
    return render(request, "commitments/home.html", context)


def country_detail(request, iso2: str):
    """One country: its places, its pledges by status, its totals per category."""
    code = iso2.upper()
    if not (len(code) == 2 and code.isalpha() and countries.name(code)):
        raise Http404(_("No such country."))
    if iso2 != code:
        return redirect("commitments:country-detail", iso2=code, permanent=True)
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
    return render(request, "commitments/country_detail.html", context)


class NetworkDetailView(DetailView):
    def get_queryset(self):
        members = Membership.objects.public().for_network_page()
        return Network.objects.prefetch_related(
            Prefetch("memberships", queryset=members)
        )

    def get_context_data(self, **kwargs):
        places = [membership.place for membership in self.object.memberships.all()]
        return super().get_context_data(places=places, **kwargs)


class PledgeDetailView(DetailView):
    def get_queryset(self):
        return Pledge.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        facts = pledges_with_updates([self.object])
        return super().get_context_data(sources=number_sources(facts), **kwargs)


class ResolutionDetailView(DetailView):
    def get_queryset(self):
        return Resolution.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        sources = number_sources([self.object])
        return super().get_context_data(sources=sources, **kwargs)


class StrategyDetailView(DetailView):
    def get_queryset(self):
        return Strategy.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        sources = number_sources([self.object])
        return super().get_context_data(sources=sources, **kwargs)


# Rows per page of the explorer lists.
LIST_PAGE_SIZE = 50


def filtered_list(request, filterset_class, queryset, template_name: str):
    """An explorer list: the FilterSet reads the query string, one page of its rows.

    Filters it cannot read give status 400 and no rows, a page that does not exist
    404; both pages show the form again with what went wrong.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    context = {"filterset": filterset}
    if not filterset.is_valid():
        return render(request, template_name, context, status=400)
    paginator = Paginator(filterset.qs, LIST_PAGE_SIZE)
    context["paginator"] = paginator
    try:
        context["page_obj"] = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return render(request, template_name, context, status=404)
    return render(request, template_name, context)


def pledge_list(request):
    return filtered_list(
        request,
        PledgeFilter,
        Pledge.objects.public().for_list(),
        "commitments/pledge_list.html",
    )


def resolution_list(request):
    return filtered_list(
        request,
        ResolutionFilter,
        Resolution.objects.public().for_list(),
        "commitments/resolution_list.html",
    )


def strategy_list(request):
    return filtered_list(
        request,
        StrategyFilter,
        Strategy.objects.public().for_list(),
        "commitments/strategy_list.html",
    )
