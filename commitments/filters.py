"""One FilterSet per public table: places, pledges, resolutions, strategies, and the
progress updates and memberships that have exports and API endpoints but no list page.

A FilterSet parses the query string and nothing else: the list pages, the exports and
the API all build the same FilterSet on a model's public() queryset.
"""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from cities.filters import (
    SEARCH_MAX_LENGTH,
    ChoicesFilter,
    CountryFilter,
    ExplorerFilterSet,
    SearchFilter,
    SortFilter,
    YesNoFilter,
)
from cities.models import Place, PlaceKind
from commitments.caching import once_per_version
from commitments.models import (
    Membership,
    MembershipRole,
    Network,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeUpdate,
    Resolution,
    ResolutionKind,
    Strategy,
    StrategyStatus,
)

FIRST_YEAR = 1900
LAST_YEAR = 2100


class IntegerFilter(django_filters.NumberFilter):
    """A whole number; django-filter's NumberFilter would accept decimals."""

    field_class = forms.IntegerField


class YearFilter(IntegerFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)


class YearRangeForm(forms.Form):
    """The filter form of a list with year_from and year_to, in that order."""

    def clean(self):
        cleaned_data = super().clean()
        year_from = cleaned_data.get("year_from")
        year_to = cleaned_data.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error(
                "year_to", _("The last year must not be before the first year.")
            )
        return cleaned_data


# What the API schema says the query string carries (django-filter cannot tell).
@extend_schema_field(
    {
        "type": "string",
        "description": "A network's slug, as in its address /networks/<slug>/.",
    }
)
class NetworkFilter(django_filters.ModelChoiceFilter):
    """A network, by the slug of its address."""


def _place_filter():
    # Typed, not chosen from a list: a <select> of every place would make every list
    # page grow with the number of places. An unknown place is still a form error.
    return django_filters.ModelChoiceFilter(
        label=_("Place"),
        queryset=Place.objects.public(),
        to_field_name="slug",
        widget=forms.TextInput(attrs={"placeholder": "hanover", "size": 16}),
        help_text=_("As in the place's address: hanover for /cities/hanover/."),
    )


def _year_bounds(name: str, value: int) -> tuple[int | None, int | None]:
    return (value, None) if name == "year_from" else (None, value)


PLEDGE_STATUS_ORDER = Case(
    *[When(status=status, then=Value(i)) for i, status in enumerate(PledgeStatus)],
    output_field=IntegerField(),
)
PLEDGE_SORTS = {
    "place": (
        _("place"),
        ("place__name", F("announced_on").asc(nulls_last=True), "pk"),
    ),
    "announced": (
        _("announced, oldest first"),
        (F("announced_on").asc(nulls_last=True), "place__name", "pk"),
    ),
    "-announced": (
        _("announced, newest first"),
        (F("announced_on").desc(nulls_last=True), "place__name", "pk"),
    ),
    "status": (
        _("status"),
        (PLEDGE_STATUS_ORDER.asc(), "place__name", "pk"),
    ),
}


class FactsFilterSet(ExplorerFilterSet):
    """An explorer list's FilterSet whose country choices are read once per change
    of the facts, by all processes, rather than once per page."""

    @staticmethod
    def country_codes() -> list[str]:
        return once_per_version("country-codes", ExplorerFilterSet.country_codes)


class PledgeFilter(FactsFilterSet):
    country = CountryFilter()
    place = _place_filter()
    network = NetworkFilter(
        label=_("Place is a member of"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        empty_label=_("any network"),
        method="filter_network",
    )
    category = ChoicesFilter(
        label=_("Category"),
        choices=PledgeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    status = ChoicesFilter(
        label=_("Status"),
        choices=PledgeStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    year_from = YearFilter(label=_("Announced from (year)"), method="filter_years")
    year_to = YearFilter(label=_("Announced until (year)"), method="filter_years")
    has_numeric_target = YesNoFilter(
        label=_("Has a numeric target"), method="filter_numeric_target"
    )
    stale_months = IntegerFilter(
        label=_("No update for more than (months)"),
        min_value=1,
        max_value=1200,
        method="filter_stale",
    )
    q = SearchFilter(label=_("Title or summary contains"))
    sort = SortFilter(sorts=PLEDGE_SORTS)

    class Meta:
        model = Pledge
        fields = []
        form = YearRangeForm

    def filter_network(self, queryset, name, value):
        return queryset.of_members_of(value)

    def filter_years(self, queryset, name, value):
        return queryset.announced_in_years(*_year_bounds(name, value))

    def filter_numeric_target(self, queryset, name, value):
        if value == "true":
            return queryset.with_numeric_target()
        return queryset.without_numeric_target()

    def filter_stale(self, queryset, name, value):
        return queryset.stale(value)


class ResolutionFilter(FactsFilterSet):
    country = CountryFilter()
    place = _place_filter()
    kind = ChoicesFilter(
        label=_("Kind"),
        choices=ResolutionKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    year_from = YearFilter(label=_("Dated from (year)"), method="filter_years")
    year_to = YearFilter(label=_("Dated until (year)"), method="filter_years")
    q = SearchFilter(label=_("Title or summary contains"))

    class Meta:
        model = Resolution
        fields = []
        form = YearRangeForm

    def filter_years(self, queryset, name, value):
        return queryset.adopted_in_years(*_year_bounds(name, value))


class StrategyFilter(FactsFilterSet):
    country = CountryFilter()
    place = _place_filter()
    status = ChoicesFilter(
        label=_("Status"),
        choices=StrategyStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    year_from = YearFilter(label=_("Period from (year)"), method="filter_years")
    year_to = YearFilter(label=_("Period until (year)"), method="filter_years")
    q = SearchFilter(label=_("Title or summary contains"))

    class Meta:
        model = Strategy
        fields = []
        form = YearRangeForm

    def filter_years(self, queryset, name, value):
        return queryset.overlapping_years(*_year_bounds(name, value))


PLACE_SORTS = {
    "name": (_("name, A to Z"), ("name", "pk")),
    "-name": (_("name, Z to A"), ("-name", "-pk")),
    "country": (_("country"), ("country", "name", "pk")),
    "-population": (
        _("largest population first"),
        (F("population").desc(nulls_last=True), "name", "pk"),
    ),
}


class PlaceFilter(FactsFilterSet):
    country = CountryFilter()
    network = NetworkFilter(
        label=_("Network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        empty_label=_("any network"),
        method="filter_network",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of place"), choices=PlaceKind.choices, empty_label=_("any kind")
    )
    region = django_filters.CharFilter(
        label=_("Region contains"),
        lookup_expr="icontains",
        max_length=SEARCH_MAX_LENGTH,
    )
    has_adopted_resolution = YesNoFilter(
        label=_("Has an adopted resolution"), method="filter_adopted_resolution"
    )
    has_adopted_strategy = YesNoFilter(
        label=_("Has an adopted strategy"), method="filter_adopted_strategy"
    )
    pledge_status = django_filters.ChoiceFilter(
        label=_("Has a pledge with the status"),
        choices=PledgeStatus.choices,
        empty_label=_("any status"),
        method="filter_pledge_status",
    )
    q = SearchFilter(label=_("Name contains"))
    sort = SortFilter(sorts=PLACE_SORTS)

    class Meta:
        model = Place
        fields = []

    def filter_network(self, queryset, name, value):
        return queryset.with_any(Membership.objects.public().in_network(value))

    def filter_adopted_resolution(self, queryset, name, value):
        return _with_or_without(queryset, value, Resolution.objects.public().adopted())

    def filter_adopted_strategy(self, queryset, name, value):
        return _with_or_without(queryset, value, Strategy.objects.public().adopted())

    def filter_pledge_status(self, queryset, name, value):
        return queryset.with_any(Pledge.objects.public().with_status(value))


def _with_or_without(places, answer: str, facts):
    return places.with_any(facts) if answer == "true" else places.without_any(facts)


class _PledgeCountryFilter(CountryFilter):
    """Updates have no place of their own: their pledge's place counts."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(pledge__place__country__in=value)


class MembershipFilter(FactsFilterSet):
    country = CountryFilter()
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=Network.objects.all(), to_field_name="slug"
    )
    place = django_filters.CharFilter(
        label=_("Place (slug)"), field_name="place__slug", max_length=200
    )
    role = ChoicesFilter(label=_("Role"), choices=MembershipRole.choices)

    class Meta:
        model = Membership
        fields = ["country", "network", "place", "role"]


class PledgeUpdateFilter(FactsFilterSet):
    country = _PledgeCountryFilter()
    place = django_filters.CharFilter(
        label=_("Place (slug)"), field_name="pledge__place__slug", max_length=200
    )
    pledge = IntegerFilter(
        label=_("Pledge (id)"),
        field_name="pledge_id",
        min_value=1,
        max_value=2**63 - 1,
    )
    status = ChoicesFilter(
        label=_("Status after the event"), choices=PledgeStatus.choices
    )

    class Meta:
        model = PledgeUpdate
        fields = ["country", "place", "pledge", "status"]
