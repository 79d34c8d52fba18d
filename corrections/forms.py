from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from corrections.models import Correction

MESSAGE_MAX_LENGTH = 4000


class CorrectionForm(forms.ModelForm):
    message = forms.CharField(
        label=_("What is wrong, and what is right?"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(_("Up to {count} characters."), count=MESSAGE_MAX_LENGTH),
    )
    source_url = forms.URLField(
        label=_("Source (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        # type="url" would make the page invalid HTML when it shows a bad address
        # back to the reader; the server checks the address either way.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        help_text=_("The address of a page that shows the right information."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_(
            "Only if we may ask you about your suggestion. We never publish it."
        ),
    )
    # A trap for bots: people do not see it, and a filled one is quietly dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Correction
        fields = ["message", "source_url", "email"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
