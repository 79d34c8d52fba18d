from django import template

from cities.languages import local_name_language

register = template.Library()


@register.filter
def local_name_lang(place) -> str:
    """Language tag of a place's local name, or "" when pages should not state one.

    Usage: `<span{% if place|local_name_lang %} lang="{{ place|local_name_lang }}"
    {% endif %}>{{ place.local_name }}</span>`.
    """
    return local_name_language(place.country.code, place.local_name) or ""
