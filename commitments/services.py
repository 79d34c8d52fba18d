"""The review workflow: a city writes a draft, submits it, an editor publishes it or
returns it with a comment; an editor verifies a progress update.

Each step changes the record and tells the people who act next by email.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import city_editor_emails, network_editor_emails
from commitments.models import PledgeUpdate, ReviewState

# The states a city may still write in and submit from.
CITY_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)


class WorkflowError(Exception):
    """A step that does not apply to the record in its present state."""


def place_of(record):
    """The place a fact is about; an update belongs to its pledge's place."""
    if isinstance(record, PledgeUpdate):
        return record.pledge.place
    return record.place


def _describe(record) -> str:
    return f"{record._meta.verbose_name} “{record}” ({place_of(record)})"


def _notify(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        send_mail(subject, body, None, recipients)


@transaction.atomic
def submit_for_review(*, record, by) -> None:
    if record.review_state not in CITY_STATES:
        raise WorkflowError(
            _("Only a draft or a returned record can be submitted for review.")
        )
    record.review_state = ReviewState.SUBMITTED
    record._history_user = by
    record.save(update_fields=["review_state", "updated_at"])
    _notify(
        network_editor_emails(),
        _("Submitted for review: %(record)s") % {"record": _describe(record)},
        _("%(user)s submitted %(record)s for review.")
        % {"user": by, "record": _describe(record)},
    )


@transaction.atomic
def publish(*, record, by) -> None:
    if record.review_state == ReviewState.PUBLISHED:
        raise WorkflowError(_("This record is already published."))
    record.review_state = ReviewState.PUBLISHED
    record.review_comment = ""
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record._history_user = by
    record.save(
        update_fields=[
            "review_state",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    _notify(
        city_editor_emails(place_of(record)),
        _("Published: %(record)s") % {"record": _describe(record)},
        _("The editors published %(record)s; it is now on the public site.")
        % {"record": _describe(record)},
    )


@transaction.atomic
def return_to_city(*, record, by, comment: str) -> None:
    if not comment.strip():
        raise WorkflowError(_("Say what the city should change."))
    record.review_state = ReviewState.RETURNED
    record.review_comment = comment.strip()
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record._history_user = by
    record.save(
        update_fields=[
            "review_state",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    _notify(
        city_editor_emails(place_of(record)),
        _("Returned to the city: %(record)s") % {"record": _describe(record)},
        _("The editors returned %(record)s with this comment:\n\n%(comment)s")
        % {"record": _describe(record), "comment": record.review_comment},
    )


@transaction.atomic
def verify_update(*, update: PledgeUpdate, by, remark: str) -> None:
    update.verified_by = by
    update.verified_at = timezone.now()
    update.verification_remark = remark.strip()
    update._history_user = by
    update.save(
        update_fields=[
            "verified_by",
            "verified_at",
            "verification_remark",
            "updated_at",
        ]
    )
