"""Filters of the pledge, resolution and strategy explorers.

A FilterSet parses the query string and nothing else: the list pages, the exports and
the API all build the same FilterSet on a model's public() queryset.
"""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from cities.filters import (
    CountryFilter,
    ExplorerFilterSet,
    SearchFilter,
    SortFilter,
    YesNoFilter,
)
from cities.models import Place
from commitments.models import (
    Network,
    Pledge,
    PledgeCategory,
    PledgeStatus,
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


def _place_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Place"),
        queryset=Place.objects.public(),
        to_field_name="slug",
        empty_label=_("any place"),
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


class PledgeFilter(ExplorerFilterSet):
    country = CountryFilter()
    place = _place_filter()
    network = django_filters.ModelChoiceFilter(
        label=_("Place is a member of"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        empty_label=_("any network"),
        method="filter_network",
    )
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"),
        choices=PledgeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    status = django_filters.MultipleChoiceFilter(
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


class ResolutionFilter(ExplorerFilterSet):
    country = CountryFilter()
    place = _place_filter()
    kind = django_filters.MultipleChoiceFilter(
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


class StrategyFilter(ExplorerFilterSet):
    country = CountryFilter()
    place = _place_filter()
    status = django_filters.MultipleChoiceFilter(
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
