"""The read-only JSON API (under /api/v1/): one viewset per table.

Every viewset reads a model's public() queryset through the same FilterSet as the HTML
list, so the API, the pages and the exports agree on which rows a filter gives.
"""

from rest_framework import viewsets

from cities.models import Place
from commitments.filters import (
    MembershipFilter,
    PlaceFilter,
    PledgeFilter,
    PledgeUpdateFilter,
    ResolutionFilter,
    StrategyFilter,
)
from commitments.models import (
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Resolution,
    Strategy,
)
from opendata.api import serializers
from opendata.api.pagination import ConditionalMixin
from opendata.exports.tables import public_sources


class PlaceViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Places: cities and other public authorities. Filters as on the places list."""

    queryset = Place.objects.public().order_by("name", "pk")
    serializer_class = serializers.PlaceSerializer
    filterset_class = PlaceFilter


class NetworkViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Networks, campaigns, charters and programmes that places join."""

    queryset = Network.objects.order_by("name", "pk")
    serializer_class = serializers.NetworkSerializer


class MembershipViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Published memberships of places in networks."""

    queryset = (
        Membership.objects.public()
        .select_related("place", "network")
        .with_citations()
        .order_by("pk")
    )
    serializer_class = serializers.MembershipSerializer
    filterset_class = MembershipFilter


class ResolutionViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Published resolutions. Filters as on the resolutions list."""

    queryset = (
        Resolution.objects.public()
        .select_related("place", "repeals")
        .with_citations()
        .order_by("pk")
    )
    serializer_class = serializers.ResolutionSerializer
    filterset_class = ResolutionFilter


class StrategyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Published strategies. Filters as on the strategies list."""

    queryset = (
        Strategy.objects.public()
        .select_related("place", "replaces")
        .with_citations()
        .order_by("pk")
    )
    serializer_class = serializers.StrategySerializer
    filterset_class = StrategyFilter


class PledgeViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Published pledges, by id unless `sort` says otherwise. Filters as on the
    pledges list."""

    # By id, as every table of the API: an index gives any page of it at once,
    # while the list's order by place name sorts every matching row first.
    queryset = Pledge.objects.public().for_list().with_citations().order_by("pk")
    serializer_class = serializers.PledgeSerializer
    filterset_class = PledgeFilter


class PledgeUpdateViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Published progress updates of published pledges."""

    queryset = (
        PledgeUpdate.objects.public()
        .select_related("pledge")
        .with_citations()
        .order_by("pk")
    )
    serializer_class = serializers.PledgeUpdateSerializer
    filterset_class = PledgeUpdateFilter


class SourceViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Sources cited by published records."""

    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return public_sources().order_by("pk")
