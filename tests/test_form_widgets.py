"""The project's one-template checkboxes and selects write what Django's own widget
templates write (templates/django/forms/widgets/): same tags, attributes and text."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.test.html import parse_html

CHOICES = [("DE", "Germany"), ("PL", "Poland"), ("AT", 'Ö & "quoted"'), ("", "any")]
GROUPED = [("Europe", [("DE", "Germany"), ("PL", "Poland")]), ("XX", "Elsewhere")]


class ChecksWithRadios(forms.CheckboxSelectMultiple):
    """A widget whose options have a template of their own."""

    option_template_name = "django/forms/widgets/radio_option.html"


WIDGETS = [
    (forms.CheckboxSelectMultiple, CHOICES, ["DE", "AT"]),
    (forms.CheckboxSelectMultiple, GROUPED, ["PL"]),
    (forms.CheckboxSelectMultiple, CHOICES, []),
    (ChecksWithRadios, CHOICES, ["DE"]),
    (forms.Select, CHOICES, "PL"),
    (forms.Select, GROUPED, "XX"),
    (forms.Select, CHOICES, None),
    (forms.SelectMultiple, CHOICES, ["DE", "PL"]),
    (forms.NullBooleanSelect, (), True),
]


@pytest.mark.parametrize(("widget_class", "choices", "value"), WIDGETS)
def test_our_widget_templates_write_what_djangos_write(widget_class, choices, value):
    attrs = {"id": "id_country", "class": "x", "required": True, "disabled": False}
    widget = widget_class(attrs=attrs, **({"choices": choices} if choices else {}))

    ours = widget.render("country", value, renderer=TemplatesSetting())
    djangos = widget.render("country", value, renderer=DjangoTemplates())

    assert parse_html(ours) == parse_html(djangos)
    assert ours.count("<option") + ours.count("<input") >= 2


def test_the_site_uses_our_templates(settings):
    """Without the setting, Django would never read the project's templates."""
    widget = forms.CheckboxSelectMultiple(choices=CHOICES)

    assert settings.FORM_RENDERER.endswith("TemplatesSetting")
    assert (
        "four includes"
        in TemplatesSetting().get_template(widget.template_name).template.source
    )
