from django.views.generic import DetailView

from cities.models import Place
from commitments.models import Membership, Pledge, Practice, Resolution, Strategy
from commitments.views import number_sources, pledges_with_updates


class PlaceDetailView(DetailView):
    """A place's profile: every fact about it, each pointing to its numbered sources."""

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
            "pledges": list(pledges.for_profile().chronological()),
            "practices": list(
                Practice.objects.public().for_place(place).with_citations()
            ),
        }
        # Numbered in page order, so the references on the page count up.
        sources = number_sources(
            [
                *sections["memberships"],
                *sections["resolutions"],
                *sections["strategies"],
                *pledges_with_updates(sections["pledges"]),
                *sections["practices"],
            ]
        )
        return super().get_context_data(sources=sources, **sections, **kwargs)
