from django import template
from django.utils.html import format_html

from commitments.partial_dates import PartialDate

register = template.Library()


@register.filter
def partial_date(value: PartialDate | None) -> str:
    """A partial date as a <time> element in the active language; "" when unknown."""
    if value is None:
        return ""
    # The machine-readable value drops "by ": HTML has no way to say "no later than".
    return format_html(
        '<time datetime="{}">{}</time>', str(value).removeprefix("by "), value.display()
    )
