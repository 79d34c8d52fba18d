"""The places explorer and a place's profile."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.views.generic import DetailView

from cities.models import Place
from commitments.filters import PlaceFilter
from commitments.models import Membership, Pledge, Practice, Resolution, Strategy
from public.explorer import filtered_list
from public.sources import number_sources
from public.timeline import build_timeline

# A profile shows the newest resolutions, strategies and pledges of each kind, so
# that the busiest place's page stays as quick as any; the lists have them all.
PROFILE_FACTS = 30


@dataclass
class TimelineCount:
    label: str
    total: int
    shown: int
    list_url: str


def _count_for_place(facts):
    """How many of `facts` are about the place of the outer query (a subquery)."""
    counts = (
        facts.filter(place=OuterRef("pk"))
        .order_by()
        .values("place")
        # COUNT(*), which an index of the place's published rows answers alone.
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def _newest(facts, limit: int) -> list:
    """The newest `limit` of `facts`, in their chronological order."""
    rows = list(facts.reverse()[:limit])
    rows.reverse()
    return rows


class PlaceDetailView(DetailView):
    """A place's profile: its facts, each pointing to its numbered sources."""

    template_name = "public/place_detail.html"

    def get_queryset(self):
        # The totals come with the place itself: no query more for them.
        return Place.objects.public().annotate(
            resolution_total=_count_for_place(Resolution.objects.public()),
            strategy_total=_count_for_place(Strategy.objects.public()),
            pledge_total=_count_for_place(Pledge.objects.public()),
        )

    def get_context_data(self, **kwargs):
        place = self.object
        memberships = Membership.objects.public().for_place(place)
        resolutions = Resolution.objects.public().for_place(place)
        strategies = Strategy.objects.public().for_place(place)
        pledges = Pledge.objects.public().for_place(place)
        sections = {
            "memberships": list(memberships.for_profile().chronological()),
            "resolutions": _newest(
                resolutions.for_profile().chronological(), PROFILE_FACTS
            ),
            "strategies": _newest(
                strategies.for_profile().chronological(), PROFILE_FACTS
            ),
            "pledges": _newest(
                pledges.for_profile().with_delivered().chronological(), PROFILE_FACTS
            ),
            "practices": list(
                Practice.objects.public().for_place(place).with_citations()
            ),
        }
        timeline = build_timeline(
            sections["resolutions"],
            sections["strategies"],
            sections["pledges"],
            updates_limit=PROFILE_FACTS,
        )
        updates_on_shown_pledges = sum(
            len(pledge.updates.all()) for pledge in sections["pledges"]
        )
        # Numbered in page order, so the references on the page count up.
        sources = number_sources(
            [
                *sections["memberships"],
                *(item.fact for item in timeline),
                *sections["practices"],
            ]
        )
        timeline_counts = [
            TimelineCount(
                label=model._meta.verbose_name_plural,
                total=total,
                shown=len(sections[key]),
                list_url=reverse(f"public:{model._meta.model_name}-list")
                + f"?place={place.slug}",
            )
            for model, key, total in [
                (Resolution, "resolutions", place.resolution_total),
                (Strategy, "strategies", place.strategy_total),
                (Pledge, "pledges", place.pledge_total),
            ]
        ]
        return super().get_context_data(
            sources=sources,
            timeline=timeline,
            updates_total=updates_on_shown_pledges,
            updates_shown=sum(item.kind == "update" for item in timeline),
            timeline_counts=timeline_counts,
            map_places=[place],
            **sections,
            **kwargs,
        )


def place_list(request):
    return filtered_list(
        request,
        PlaceFilter,
        Place.objects.public().for_list(),
        "public/place_list.html",
    )
