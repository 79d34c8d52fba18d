"""Filters for the tables that have exports and API endpoints but no list page:
progress updates and memberships. Like every FilterSet, they parse input only."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from cities.filters import CountryFilter, ExplorerFilterSet
from commitments.models import (
    Membership,
    MembershipRole,
    Network,
    PledgeStatus,
    PledgeUpdate,
)


class _PledgeCountryFilter(CountryFilter):
    """Updates have no place of their own: their pledge's place counts."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(pledge__place__country__in=value)


class MembershipFilter(ExplorerFilterSet):
    country = CountryFilter()
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=Network.objects.all(), to_field_name="slug"
    )
    place = django_filters.CharFilter(
        label=_("Place (slug)"), field_name="place__slug", max_length=200
    )
    role = django_filters.MultipleChoiceFilter(
        label=_("Role"), choices=MembershipRole.choices
    )

    class Meta:
        model = Membership
        fields = ["country", "network", "place", "role"]


class PledgeUpdateFilter(ExplorerFilterSet):
    country = _PledgeCountryFilter()
    place = django_filters.CharFilter(
        label=_("Place (slug)"), field_name="pledge__place__slug", max_length=200
    )
    pledge = django_filters.NumberFilter(
        label=_("Pledge (id)"),
        field_name="pledge_id",
        min_value=1,
        max_value=2**63 - 1,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status after the event"), choices=PledgeStatus.choices
    )

    class Meta:
        model = PledgeUpdate
        fields = ["country", "place", "pledge", "status"]
