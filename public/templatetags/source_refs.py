"""`{% source_refs numbers %}`: a fact's numbered references to the page's sources.

A tag rather than an included template: a profile shows hundreds of facts, and an
include per fact cost more than the rest of the fact's markup.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def source_refs(numbers) -> str:
    """`<sup>` links "[1]" to "#source-1", labelled "Source 1" for screen readers."""
    if not numbers:
        return ""
    return format_html_join(
        "",
        '<sup class="ref"><a href="#source-{}" aria-label="{}">[{}]</a></sup>',
        (
            (number, gettext("Source %(number)s") % {"number": number}, number)
            for number in numbers
        ),
    )
