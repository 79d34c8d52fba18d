"""The places explorer and a place's profile."""

from django.views.generic import DetailView

from cities.models import Place
from commitments.filters import PlaceFilter
from commitments.models import Membership, Pledge, Practice, Resolution, Strategy
from public.explorer import filtered_list
from public.sources import number_sources
from public.timeline import build_timeline


class PlaceDetailView(DetailView):
    """A place's profile: every fact about it, each pointing to its numbered sources."""

    template_name = "public/place_detail.html"

    def get_queryset(self):
        return Place.objects.public()

    def get_context_data(self, **kwargs):
        place = self.object
        memberships = Membership.objects.public().for_place(place)
        resolutions = Resolution.objects.public().for_place(place)
        strategies = Strategy.objects.public().for_place(place)
        pledges = Pledge.objects.public().for_place(place)
        sections = {
            "memberships": list(memberships.for_profile().chronological()),
            "resolutions": list(resolutions.for_profile().chronological()),
            "strategies": list(strategies.for_profile().chronological()),
            "pledges": list(pledges.for_profile().with_delivered().chronological()),
            "practices": list(
                Practice.objects.public().for_place(place).with_citations()
            ),
        }
        timeline = build_timeline(
            sections["resolutions"], sections["strategies"], sections["pledges"]
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
            (model._meta.verbose_name_plural, len(sections[key]))
            for model, key in [
                (Resolution, "resolutions"),
                (Strategy, "strategies"),
                (Pledge, "pledges"),
            ]
        ]
        return super().get_context_data(
            sources=sources,
            timeline=timeline,
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
