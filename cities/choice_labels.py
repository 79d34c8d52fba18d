"""Labels of choice fields, looked up instead of searched for.

Django's `get_<field>_display()` builds a dict of every choice of the field each time
it is called, and hashing each lazy label translates it: a list of 50 pledges, each
showing its status and category, translated some 1,000 labels to show 100. Here each
field's value-to-label map is built once per process (its labels stay lazy, so they
follow the language of each request), and a lookup translates one label.
"""

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


class ChoiceLabels:
    """Mix into a model: `get_<field>_display()` without translating every label."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value: no label can match it
            label = value
        # As Django's own: a value outside the choices is shown as it is.
        return force_str(label, strings_only=True)
