"""The filter pieces every explorer list shares: countries, free text, yes/no, sorts.

A FilterSet parses the query string and nothing else: the list pages, the exports and
the API all build the same FilterSet on a model's public() queryset.
"""

import unicodedata

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from cities.models import Place

SEARCH_MAX_LENGTH = 200


def country_choices(codes: list[str]) -> list[tuple[str, str]]:
    """The countries' (code, name), by name in the active language."""
    choices = [(code, countries.name(code)) for code in codes]
    return sorted(choices, key=lambda choice: _sort_key(choice[1]))


def _sort_key(name: str) -> str:
    """Sort key that puts "Österreich" among the O's, not after "Zypern"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# What the API schema says the query string carries (django-filter cannot tell).
@extend_schema_field(
    {
        "type": "string",
        "description": "ISO 3166-1 alpha-2 code of the place's country; repeat the "
        "parameter for several countries.",
    }
)
class CountryFilter(django_filters.MultipleChoiceFilter):
    """Several countries at once, by ISO code; `ExplorerFilterSet` fills the choices."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.in_country(*value)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """Several values of a field of the row itself (a status, a category).

    Without django-filter's DISTINCT: a field of the row cannot repeat rows, and a
    DISTINCT over every column makes the database sort the whole result to count it.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(**kwargs)


class SearchFilter(django_filters.CharFilter):
    """Free text handed to the queryset's search(); longer input is a form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.search(value)


class YesNoFilter(django_filters.ChoiceFilter):
    """A yes/no question ("true" or "false"); left empty, it filters nothing.

    Anything else is a form error, unlike django-filter's BooleanFilter, which
    quietly ignores a value it does not understand.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [("true", _("yes")), ("false", _("no"))])
        kwargs.setdefault("empty_label", _("either"))
        super().__init__(**kwargs)


class SortFilter(django_filters.ChoiceFilter):
    """Orders the rows by one of a few named sorts.

    `sorts` maps each value to (label, order_by arguments); the first one should be
    the order the unfiltered queryset already has, as the form shows it when empty.
    """

    def __init__(self, *, sorts: dict, **kwargs):
        self.sorts = sorts
        kwargs.setdefault("label", _("Sort by"))
        choices = [(key, label) for key, (label, _order) in sorts.items()]
        kwargs.setdefault("choices", choices)
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*self.sorts[value][1])


class ExplorerFilterSet(django_filters.FilterSet):
    """A FilterSet with a `country` filter, whose choices it fills once per instance
    from the countries that have places."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = country_choices(self.country_codes())

    @staticmethod
    def country_codes() -> list[str]:
        """The countries that have places."""
        return list(Place.objects.public().country_codes())
