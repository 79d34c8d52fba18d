"""The explorer lists of pledges, resolutions and strategies; a page per record."""

from django.views.generic import DetailView

from commitments.filters import PledgeFilter, ResolutionFilter, StrategyFilter
from commitments.models import Pledge, Resolution, Strategy
from public.explorer import filtered_list
from public.sources import number_sources, pledges_with_updates


class PledgeDetailView(DetailView):
    template_name = "public/pledge_detail.html"

    def get_queryset(self):
        return Pledge.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        facts = pledges_with_updates([self.object])
        return super().get_context_data(sources=number_sources(facts), **kwargs)


class ResolutionDetailView(DetailView):
    template_name = "public/resolution_detail.html"

    def get_queryset(self):
        return Resolution.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        sources = number_sources([self.object])
        return super().get_context_data(sources=sources, **kwargs)


class StrategyDetailView(DetailView):
    template_name = "public/strategy_detail.html"

    def get_queryset(self):
        return Strategy.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        sources = number_sources([self.object])
        return super().get_context_data(sources=sources, **kwargs)


def pledge_list(request):
    return filtered_list(
        request,
        PledgeFilter,
        Pledge.objects.public().for_list(),
        "public/pledge_list.html",
    )


def resolution_list(request):
    return filtered_list(
        request,
        ResolutionFilter,
        Resolution.objects.public().for_list(),
        "public/resolution_list.html",
    )


def strategy_list(request):
    return filtered_list(
        request,
        StrategyFilter,
        Strategy.objects.public().for_list(),
        "public/strategy_list.html",
    )
