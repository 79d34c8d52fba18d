from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from accounts.emails import send_invitation
from accounts.forms import InvitationForm
from accounts.models import CITY_EDITORS, PlaceAssignment


@transaction.atomic
def invite_city_editor(*, email: str, first_name: str, last_name: str, places):
    """A staff account without a password, in the city editors' group, with places."""
    user = get_user_model().objects.create_user(
        username=email,
        email=email,
        password=None,
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=CITY_EDITORS))
    PlaceAssignment.objects.bulk_create(
        PlaceAssignment(user=user, place=place) for place in places
    )
    return user


def _invite(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invite_city_editor(**form.cleaned_data)
        send_invitation(user=user, invited_by=request.user, request=request)
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": user.email}
        )
        return redirect("admin:auth_user_change", user.pk)
    context = admin.site.each_context(request) | {
        "form": form,
        "title": _("Invite a city editor"),
    }
    return render(request, "accounts/invite.html", context)


# Inside the admin: its login for anonymous visitors, and its look.
invite = admin.site.admin_view(_invite)


def _invited_user(uidb64: str, token: str):
    """The user the link was made for, while it is still unused and not expired."""
    User = get_user_model()
    try:
        user = User._default_manager.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    if not user.is_active or not default_token_generator.check_token(user, token):
        return None
    return user


def accept_invitation(request, uidb64, token):
    """Choose a password from the link in an invitation; the link works once."""
    user = _invited_user(uidb64, token)
    if user is None:
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Saving the password changes what the token was made from: the link is spent.
        form.save()
        return redirect("invitation_done")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invited": user}
    )


def invitation_done(request):
    return render(request, "accounts/invitation_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view, answering a spent or broken link with 400, not 200."""

    def render_to_response(self, context, **response_kwargs):
        if not context.get("validlink"):
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username has failed too often from one address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
