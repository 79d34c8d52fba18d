"""Mail goes through the queue: an editor's or a reader's action succeeds whatever the
mail server does, and the worker delivers every message once the server answers."""

import signal
import smtplib
import socket
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from commitments.models import ReviewState
from corrections.models import Correction
from solidarity import mail as queued_mail
from tests.builders import (
    make_city_editor,
    make_network_editor,
    make_place,
    make_pledge,
)
from tests.smtp_sink import start_sink

PLEDGES = reverse("admin:commitments_pledge_changelist")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RUN_AT_ONCE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}


def free_port() -> int:
    """A port of 127.0.0.1 that nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink, server = start_sink()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def queued(settings):
    """Production's mail: queued in the database, delivered by SMTP, whose server is
    away (nothing listens on its port) until a test starts one."""
    settings.EMAIL_BACKEND = "solidarity.mail.QueuedEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def run_worker():
    """Runs the worker until no task is due, as `manage.py db_worker` would."""
    stops = (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM)
    handlers = {number: signal.getsignal(number) for number in stops}

    def run():
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        for number, handler in handlers.items():
            signal.signal(number, handler)

    return run


def waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY))


def make_retries_due():
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def subjects(sink) -> list[str]:
    return sorted(
        str(make_header(decode_header(received.message["Subject"])))
        for received in sink.received
    )


def editors_act_while_smtp_is_down(client, admin_client):
    """Submit, publish, return, invite, and a reader's correction: each answered as
    if all was well."""
    place = make_place(name="Hanover")
    city = make_city_editor(place, email="city@example.org")
    network = make_network_editor(email="network@example.org")
    submitted = make_pledge(place, review_state=ReviewState.DRAFT, title="Beds")
    published = make_pledge(place, review_state=ReviewState.SUBMITTED, title="Rooms")
    returned = make_pledge(place, review_state=ReviewState.SUBMITTED, title="Flats")

    client.force_login(city)
    answers = [
        client.post(
            PLEDGES,
            {"action": "submit_for_review", ACTION_CHECKBOX_NAME: [submitted.pk]},
        )
    ]
    client.force_login(network)
    answers.append(
        client.post(
            PLEDGES, {"action": "publish", ACTION_CHECKBOX_NAME: [published.pk]}
        )
    )
    answers.append(
        client.post(
            PLEDGES,
            {
                "action": "return_to_city",
                ACTION_CHECKBOX_NAME: [returned.pk],
                "apply": "1",
                "comment": "Which council decision?",
            },
        )
    )
    answers.append(
        admin_client.post(
            reverse("invite_city_editor"),
            {
                "email": "new@example.org",
                "first_name": "Alex",
                "last_name": "Example",
                "places": [place.pk],
            },
        )
    )
    client.logout()
    answers.append(
        client.post(
            f"{reverse('corrections:correction-create')}?record=pledge:{published.pk}",
            {"message": "The council voted in March."},
        )
    )
    for record, state in [
        (submitted, ReviewState.SUBMITTED),
        (published, ReviewState.PUBLISHED),
        (returned, ReviewState.RETURNED),
    ]:
        record.refresh_from_db()
        assert record.review_state == state
    return answers


@pytest.mark.django_db(transaction=True)
def test_editors_and_readers_succeed_while_smtp_is_down_and_mail_follows_later(
    client, admin_client, queued, run_worker, smtp_sink
):
    answers = editors_act_while_smtp_is_down(client, admin_client)

    assert [answer.status_code for answer in answers] == [302] * 5
    assert answers[-1].url == reverse("corrections:thanks")
    assert Correction.objects.count() == 1
    assert len(waiting()) == 5

    run_worker()  # every delivery fails, and is put off

    retries = waiting()
    assert len(retries) == 5
    assert {task.args_kwargs["args"][1] for task in retries} == {2}
    for task in retries:
        assert task.run_after > timezone.now() + timedelta(seconds=50)
    run_worker()  # nothing is due yet: nothing is tried
    assert len(waiting()) == 5

    sink = smtp_sink
    queued.EMAIL_PORT = sink.port
    make_retries_due()
    run_worker()
    run_worker()  # a second run sends nothing twice

    assert waiting() == []
    assert len(sink.received) == 5
    assert {tuple(received.recipients) for received in sink.received} == {
        ("network@example.org",),
        ("city@example.org",),
        ("new@example.org",),
    }
    assert any("Beds" in subject for subject in subjects(sink))
    assert any("Flats" in subject for subject in subjects(sink))


@pytest.mark.django_db(transaction=True)
def test_mail_is_queued_with_the_change_and_dropped_with_its_rollback(queued):
    with transaction.atomic():
        mail.send_mail("Kept", "Body", None, ["a@example.org"])
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Rolled back", "Body", None, ["b@example.org"])
        raise RuntimeError("the change failed")

    assert [task.args_kwargs["args"][0]["subject"] for task in waiting()] == ["Kept"]


@pytest.mark.django_db(transaction=True)
def test_a_message_refused_for_good_is_not_retried_but_kept(
    queued, run_worker, monkeypatch
):
    def refuse(self, messages):
        raise smtplib.SMTPDataError(554, b"Rejected as spam")

    backend = "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.setattr(f"{backend}.open", lambda self: True)
    monkeypatch.setattr(f"{backend}.send_messages", refuse)
    mail.send_mail("Refused", "Body", None, ["a@example.org"])

    run_worker()

    assert waiting() == []
    failed = DBTaskResult.objects.get()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.args_kwargs["args"][0]["subject"] == "Refused"


@pytest.mark.django_db(transaction=True)
def test_the_last_attempt_fails_for_good(queued, run_worker):
    payload = queued_mail.message_to_payload(
        mail.EmailMessage("Last try", "Body", None, ["a@example.org"])
    )
    queued_mail.deliver_mail.enqueue(payload, queued_mail.MAX_ATTEMPTS)

    run_worker()

    assert waiting() == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


def test_the_wait_doubles_from_a_minute_up_to_six_hours():
    waits = [queued_mail.retry_delay(attempt) for attempt in range(1, 12)]

    assert waits[:3] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert waits[-1] == timedelta(hours=6)
    assert sum(waits, timedelta()) > timedelta(hours=18)


@pytest.mark.django_db
def test_in_development_mail_is_sent_once_the_change_commits(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "solidarity.mail.QueuedEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = RUN_AT_ONCE

    with django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("Hello", "Body", None, ["a@example.org"])
        assert mail.outbox == []

    assert [message.subject for message in mail.outbox] == ["Hello"]
    assert not DBTaskResult.objects.exists()


def test_a_message_comes_out_of_the_queue_as_it_went_in():
    message = mail.EmailMultiAlternatives(
        subject="Veröffentlicht: “Betten”",
        body="Text\nmit Zeilen",
        from_email="tracker@example.org",
        to=["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org"],
        reply_to=["d@example.org"],
        headers={"X-Tracker": "1"},
    )
    message.attach_alternative("<p>Text</p>", "text/html")
    message.attach("list.csv", "a,b\r\n1,2\r\n", "text/csv")
    message.attach("logo.png", b"\x89PNG\x00\xff", "image/png")

    again = queued_mail.message_from_payload(queued_mail.message_to_payload(message))

    for field in ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to"):
        assert getattr(again, field) == getattr(message, field)
    assert again.extra_headers == {"X-Tracker": "1"}
    assert list(again.alternatives) == [("<p>Text</p>", "text/html")]
    assert [tuple(item) for item in again.attachments] == [
        ("list.csv", "a,b\r\n1,2\r\n", "text/csv"),
        ("logo.png", b"\x89PNG\x00\xff", "image/png"),
    ]
