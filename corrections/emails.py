from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import network_editor_emails
from corrections.models import Correction


def notify_network_editors(*, correction: Correction, request: HttpRequest) -> int:
    """Tell the network editors about a new suggestion, in one message to them all."""
    recipients = network_editor_emails()
    if not recipients:
        return 0
    subject = _("Suggested correction: %(record)s") % {"record": correction}
    body = _(
        "A reader suggests a correction to %(record)s.\n\n"
        "%(message)s\n\n"
        "Source: %(source)s\n\n"
        "Review it in the admin: %(url)s\n"
    ) % {
        "record": correction,
        "message": correction.message,
        "source": correction.source_url or _("none given"),
        "url": request.build_absolute_uri(correction.get_admin_url()),
    }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
