from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from cities.models import Place


class InvitationForm(forms.Form):
    """An administrator's invitation of city staff: who they are and their places."""

    email = forms.EmailField(
        label=_("Email"),
        help_text=_("The invitation goes here; it is also the name they log in with."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    places = forms.ModelMultipleChoiceField(
        label=_("Places"),
        queryset=Place.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "The places whose records they may write. Hold Ctrl (Cmd on a Mac) to "
            "pick more than one."
        ),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if (
            users.filter(email__iexact=email).exists()
            or users.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _("There is already an account with this email."), code="taken"
            )
        return email


class LoginForm(AdminAuthenticationForm):
    """The admin's sign-in, refusing a username longer than an account's can be.

    Django's form only tells the browser the limit. A longer name reached
    django-axes, whose record of the failed login cannot hold more than 255
    characters: a server error on PostgreSQL (django-axes issue #1381).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
