from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def invitation_link(*, user, request: HttpRequest) -> str:
    """A one-time link to choose a password: it stops working once one is set."""
    path = reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(*, user, invited_by, request: HttpRequest) -> int:
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": invitation_link(user=user, request=request),
        "places": [assignment.place for assignment in user.place_assignments.all()],
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        "admin_url": request.build_absolute_uri(reverse("admin:index")),
    }
    subject = render_to_string("accounts/invitation_subject.txt", context)
    body = render_to_string("accounts/invitation_email.txt", context)
    return send_mail(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
