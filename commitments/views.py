from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.views.generic import DetailView

from cities.models import Place
from commitments.models import (
    Membership,
    Network,
    Pledge,
    Resolution,
    Source,
    Strategy,
)


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
    return render(
        request, "commitments/home.html", {"counts": counts, "places": places}
    )


class NetworkDetailView(DetailView):
    def get_queryset(self):
        members = Membership.objects.public().for_network_page()
        return Network.objects.prefetch_related(
            Prefetch("memberships", queryset=members)
        )


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
