import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import CITY_EDITORS, NETWORK_EDITORS
from commitments.models import ReviewState
from corrections.models import Correction, CorrectionState, RecordKind
from corrections.views import RATE_LIMIT
from tests.builders import (
    make_account,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_strategy,
)

pytestmark = pytest.mark.django_db

VALID = {
    "message": "The council voted in March, not in May.",
    "source_url": "https://example.org/minutes",
    "email": "reader@example.org",
}


def suggest_url(reference: str) -> str:
    return f"{reverse('corrections:correction-create')}?record={reference}"


@pytest.mark.parametrize(
    "build",
    [
        lambda: ("place", make_place()),
        lambda: ("network", make_network()),
        lambda: ("resolution", make_resolution()),
        lambda: ("strategy", make_strategy()),
        lambda: ("pledge", make_pledge()),
    ],
    ids=["place", "network", "resolution", "strategy", "pledge"],
)
def test_every_public_record_page_links_to_its_correction_form(client, build):
    kind, record = build()
    page = client.get(record.get_absolute_url())
    link = suggest_url(f"{kind}:{record.pk}")
    assert f'href="{link}"' in page.content.decode()
    form = client.get(link)
    assert form.status_code == 200
    assert form.context["record"] == record


def test_a_valid_suggestion_is_saved_as_new_and_never_changes_the_record(client):
    pledge = make_pledge(title="Take in 100 people")
    response = client.post(suggest_url(f"pledge:{pledge.pk}"), VALID)
    assert response.status_code == 302
    assert response.url == reverse("corrections:thanks")
    correction = Correction.objects.get()
    assert correction.record_kind == RecordKind.PLEDGE
    assert correction.record_id == pledge.pk
    assert correction.record_title == "Take in 100 people"
    assert correction.message == VALID["message"]
    assert correction.source_url == VALID["source_url"]
    assert correction.email == VALID["email"]
    assert correction.state == CorrectionState.NEW
    pledge.refresh_from_db()
    assert pledge.title == "Take in 100 people"


@pytest.mark.parametrize(
    ("kind", "build", "place_of"),
    [
        ("place", make_place, lambda place: place),
        ("pledge", make_pledge, lambda pledge: pledge.place),
        ("resolution", make_resolution, lambda resolution: resolution.place),
        ("strategy", make_strategy, lambda strategy: strategy.place),
        ("network", make_network, lambda network: None),
    ],
)
def test_a_suggestion_remembers_the_place_its_record_is_about(
    client, kind, build, place_of
):
    record = build()
    client.post(suggest_url(f"{kind}:{record.pk}"), VALID)
    assert Correction.objects.get().place == place_of(record)


def test_source_and_email_are_optional(client):
    place = make_place()
    response = client.post(
        suggest_url(f"place:{place.pk}"), {"message": "The population is wrong."}
    )
    assert response.status_code == 302
    assert Correction.objects.get().source_url == ""


def test_network_editors_get_an_email_about_each_new_suggestion(client):
    editor = make_account(group=NETWORK_EDITORS, email="editor@example.org")
    make_account(group=CITY_EDITORS, email="city@example.org")
    make_account(group=NETWORK_EDITORS, email="gone@example.org", is_active=False)
    pledge = make_pledge(title="Take in 100 people")
    client.post(suggest_url(f"pledge:{pledge.pk}"), VALID)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "Take in 100 people" in message.subject
    assert VALID["message"] in message.body
    correction = Correction.objects.get()
    admin_url = reverse("admin:corrections_correction_change", args=[correction.pk])
    assert f"http://testserver{admin_url}" in message.body


def test_a_filled_honeypot_thanks_the_bot_and_saves_nothing(client):
    make_account(group=NETWORK_EDITORS)
    pledge = make_pledge()
    response = client.post(
        suggest_url(f"pledge:{pledge.pk}"),
        {**VALID, "website": "https://spam.example"},
    )
    assert response.status_code == 302
    assert response.url == reverse("corrections:thanks")
    assert not Correction.objects.exists()
    assert mail.outbox == []


def test_the_sixth_suggestion_within_an_hour_from_one_address_is_refused(client):
    pledge = make_pledge()
    url = suggest_url(f"pledge:{pledge.pk}")
    for _ in range(RATE_LIMIT):
        assert client.post(url, VALID).status_code == 302
    response = client.post(url, VALID)
    assert response.status_code == 429
    assert "Too many suggestions" in response.content.decode()
    assert Correction.objects.count() == RATE_LIMIT


def test_the_rate_limit_is_per_client_address(client):
    pledge = make_pledge()
    url = suggest_url(f"pledge:{pledge.pk}")
    for _ in range(RATE_LIMIT):
        client.post(url, VALID, REMOTE_ADDR="192.0.2.1")
    assert client.post(url, VALID, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(url, VALID, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_form_errors_do_not_count_against_the_rate_limit(client):
    pledge = make_pledge()
    url = suggest_url(f"pledge:{pledge.pk}")
    for _ in range(RATE_LIMIT + 1):
        assert client.post(url, {"message": ""}).status_code == 200
    assert client.post(url, VALID).status_code == 302


@pytest.mark.parametrize(
    "reference",
    [
        "",
        "pledge",
        "pledge:",
        "pledge:abc",
        "pledge:-1",
        "pledge:²",
        "pledge:1.0",
        "user:1",
        "pledge:999999",
        "pledge:99999999999999999999999999",
    ],
)
def test_an_unknown_record_is_not_found(client, reference):
    make_pledge()
    assert client.get(suggest_url(reference)).status_code == 404
    assert client.post(suggest_url(reference), VALID).status_code == 404
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED]
)
def test_an_unpublished_record_is_not_found(client, state):
    pledge = make_pledge(review_state=state)
    assert client.get(suggest_url(f"pledge:{pledge.pk}")).status_code == 404
    assert client.post(suggest_url(f"pledge:{pledge.pk}"), VALID).status_code == 404
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("source_url", "not a web address"),
        ("source_url", "javascript:alert(1)"),
        ("email", "not-an-email"),
        ("message", ""),
        ("message", "x" * 4001),
    ],
)
def test_bad_input_is_shown_back_as_a_form_error(client, field, value):
    pledge = make_pledge()
    response = client.post(suggest_url(f"pledge:{pledge.pk}"), {**VALID, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Correction.objects.exists()


def test_the_form_page_labels_every_field(client):
    pledge = make_pledge()
    content = client.get(suggest_url(f"pledge:{pledge.pk}")).content.decode()
    for field in ("message", "source_url", "email", "website"):
        assert f'<label for="id_{field}"' in content


def test_the_form_works_in_german(client):
    pledge = make_pledge()
    response = client.get(f"/de{suggest_url(f'pledge:{pledge.pk}')}")
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()
