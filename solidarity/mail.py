"""Mail that never blocks or loses an editor's work.

`QueuedEmailBackend` is the site's EMAIL_BACKEND: every `send_mail` (workflow notices,
invitations, password resets, correction notices) only writes the message as a task.
With the database task backend that row is written in the same transaction as the change
that caused the mail, so the mail exists exactly when the change does, and nobody waits
for the mail server. The worker (`manage.py db_worker`) hands each message to the real
backend, MAIL_DELIVERY_BACKEND, and while that fails it tries again later, waiting
longer each time, for about a day. A message the server refuses for good, or that
still fails after that, stays in the task table as a failed task, with its content.
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
# 1, 2, 4 ... 256 minutes, then 6 hours: about 20 hours in all before giving up.
MAX_ATTEMPTS = 12


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            queue_delivery(message_to_payload(message))
        return len(email_messages)


def queue_delivery(payload: dict) -> None:
    """Write the message down for the worker, or, with a backend that runs tasks at
    once (development), run it once the transaction has committed."""
    if task_backends[deliver_mail.backend].supports_defer:
        # A row in the same database: committed, or rolled back, with the change.
        deliver_mail.enqueue(payload)
    else:
        transaction.on_commit(lambda: deliver_mail.enqueue(payload))


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after the given failed attempt (1 for the first)."""
    return min(FIRST_RETRY * 2 ** (attempt - 1), LONGEST_WAIT)


@task()
def deliver_mail(payload: dict, attempt: int = 1) -> str:
    message = message_from_payload(payload)
    try:
        with get_connection(settings.MAIL_DELIVERY_BACKEND) as connection:
            connection.send_messages([message])
    except Exception as error:
        if not _worth_retrying(error) or attempt >= MAX_ATTEMPTS:
            # The task ends as failed; its arguments keep the message.
            raise
        if not task_backends[deliver_mail.backend].supports_defer:
            raise
        run_after = timezone.now() + retry_delay(attempt)
        deliver_mail.using(run_after=run_after).enqueue(payload, attempt + 1)
        logger.warning(
            "Mail %r to %s not sent (attempt %d: %s); trying again after %s.",
            message.subject,
            ", ".join(message.recipients()),
            attempt,
            error,
            run_after.isoformat(timespec="seconds"),
        )
        return f"attempt {attempt} failed: {error}; retrying after {run_after}"
    return f"sent to {len(message.recipients())} recipient(s)"


def _worth_retrying(error: Exception) -> bool:
    """A mail server that is away or busy may answer later; one that refuses the
    message for good (a 5xx reply, every recipient refused) will not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, (smtplib.SMTPException, OSError))


def message_to_payload(message: EmailMessage) -> dict:
    """The message as JSON, for the task table."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment_to_json(item) for item in message.attachments],
    }


def message_from_payload(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def _attachment_to_json(attachment) -> list:
    """(filename, base64 content, mimetype)."""
    if not isinstance(attachment, tuple):
        raise TypeError("Attach files by name and content; a MIME part is not queued.")
    filename, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode()
    return [filename, base64.b64encode(content).decode(), mimetype]
