"""The review workflow: draft, submitted for review, published or returned with a
comment; and the editors' verification of progress updates.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from commitments import services
from commitments.models import Pledge, PledgeUpdate, ReviewState
from tests.builders import (
    make_city_editor,
    make_network_editor,
    make_place,
    make_pledge,
    make_update,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:commitments_pledge_changelist")
UPDATE_CHANGELIST = reverse("admin:commitments_pledgeupdate_changelist")


@pytest.fixture
def place():
    return make_place()


@pytest.fixture
def city_editor(place):
    return make_city_editor(place, email="city@example.org")


@pytest.fixture
def network_editor():
    return make_network_editor(email="network@example.org")


def public_status(client, pledge) -> int:
    return client.get(pledge.get_absolute_url()).status_code


def test_a_draft_is_not_public(client, place):
    pledge = make_pledge(place, review_state=ReviewState.DRAFT)

    assert public_status(client, pledge) == 404


def test_a_submitted_record_is_not_public(client, place, city_editor, network_editor):
    pledge = make_pledge(place, review_state=ReviewState.DRAFT)

    services.submit_for_review(record=pledge, by=city_editor)

    assert pledge.review_state == ReviewState.SUBMITTED
    assert public_status(client, pledge) == 404


def test_a_published_record_is_public(client, place, network_editor):
    pledge = make_pledge(place, review_state=ReviewState.SUBMITTED)

    services.publish(record=pledge, by=network_editor)

    assert public_status(client, pledge) == 200
    pledge.refresh_from_db()
    assert pledge.reviewed_by == network_editor
    assert pledge.reviewed_at is not None


def test_submitting_tells_the_network_editors(
    client, place, city_editor, network_editor, mailoutbox
):
    pledge = make_pledge(place, review_state=ReviewState.DRAFT, title="Forty beds")
    client.force_login(city_editor)

    client.post(
        CHANGELIST, {"action": "submit_for_review", ACTION_CHECKBOX_NAME: [pledge.pk]}
    )

    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.SUBMITTED
    assert [mail.to for mail in mailoutbox] == [["network@example.org"]]
    assert "Forty beds" in mailoutbox[0].subject


def test_publishing_by_action_tells_the_city(
    client, place, city_editor, network_editor, mailoutbox
):
    pledge = make_pledge(place, review_state=ReviewState.SUBMITTED)
    client.force_login(network_editor)

    client.post(CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [pledge.pk]})

    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.PUBLISHED
    assert public_status(client, pledge) == 200
    assert [mail.to for mail in mailoutbox] == [["city@example.org"]]


def test_returning_asks_for_a_comment_first(client, place, network_editor):
    pledge = make_pledge(place, review_state=ReviewState.SUBMITTED)
    client.force_login(network_editor)

    response = client.post(
        CHANGELIST, {"action": "return_to_city", ACTION_CHECKBOX_NAME: [pledge.pk]}
    )

    assert response.status_code == 200
    assert "Comment for the city" in response.text
    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.SUBMITTED


def test_an_empty_comment_is_a_form_error_not_a_return(client, place, network_editor):
    pledge = make_pledge(place, review_state=ReviewState.SUBMITTED)
    client.force_login(network_editor)

    response = client.post(
        CHANGELIST,
        {
            "action": "return_to_city",
            ACTION_CHECKBOX_NAME: [pledge.pk],
            "apply": "1",
            "comment": "  ",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.SUBMITTED


def test_returned_record_goes_back_to_the_city_with_the_comment(
    client, place, city_editor, network_editor, mailoutbox
):
    pledge = make_pledge(place, review_state=ReviewState.SUBMITTED)
    client.force_login(network_editor)

    client.post(
        CHANGELIST,
        {
            "action": "return_to_city",
            ACTION_CHECKBOX_NAME: [pledge.pk],
            "apply": "1",
            "comment": "The council minutes say 30, not 40.",
        },
    )

    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.RETURNED
    assert pledge.review_comment == "The council minutes say 30, not 40."
    assert public_status(client, pledge) == 404
    assert [mail.to for mail in mailoutbox] == [["city@example.org"]]
    assert "The council minutes say 30, not 40." in mailoutbox[0].body

    client.force_login(city_editor)
    page = client.get(reverse("admin:commitments_pledge_change", args=[pledge.pk]))
    assert "The council minutes say 30, not 40." in page.text


def test_a_city_save_turns_a_returned_record_into_a_draft(client, place, city_editor):
    pledge = make_pledge(place, review_state=ReviewState.RETURNED)
    client.force_login(city_editor)
    page = client.get(reverse("admin:commitments_pledge_change", args=[pledge.pk]))
    data = page.context["adminform"].form.initial | {
        "title": "Thirty beds",
        "place": place.pk,
        "partners": [],
    }
    data = {key: ("" if value is None else value) for key, value in data.items()}
    for prefix in ("updates", "citations"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = client.post(
        reverse("admin:commitments_pledge_change", args=[pledge.pk]), data
    )

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.title, pledge.review_state) == ("Thirty beds", ReviewState.DRAFT)


@pytest.mark.parametrize(
    "state", [ReviewState.SUBMITTED, ReviewState.PUBLISHED], ids=str
)
def test_only_drafts_and_returned_records_can_be_submitted(place, city_editor, state):
    pledge = make_pledge(place, review_state=state)

    with pytest.raises(services.WorkflowError):
        services.submit_for_review(record=pledge, by=city_editor)


def test_submitting_an_update_names_its_pledges_place(
    place, city_editor, network_editor, mailoutbox
):
    update = make_update(make_pledge(place), review_state=ReviewState.DRAFT)

    services.submit_for_review(record=update, by=city_editor)

    assert str(place) in mailoutbox[0].subject


# --- verification of progress updates -----------------------------------------


def test_verifying_an_update_asks_for_a_remark_then_records_it(
    client, place, network_editor
):
    update = make_update(make_pledge(place))
    client.force_login(network_editor)
    chosen = {"action": "verify_update", ACTION_CHECKBOX_NAME: [update.pk]}

    first = client.post(UPDATE_CHANGELIST, chosen)
    client.post(
        UPDATE_CHANGELIST,
        chosen | {"apply": "1", "remark": "Checked against the council's report."},
    )

    assert "Verification remark" in first.text
    update.refresh_from_db()
    assert update.verified_by == network_editor
    assert update.verified_at is not None
    assert update.verification_remark == "Checked against the council's report."


def test_city_editor_cannot_verify(client, place, city_editor):
    update = make_update(make_pledge(place, review_state=ReviewState.DRAFT))
    client.force_login(city_editor)

    client.post(
        UPDATE_CHANGELIST,
        {
            "action": "verify_update",
            ACTION_CHECKBOX_NAME: [update.pk],
            "apply": "1",
            "remark": "I checked it myself.",
        },
    )

    update.refresh_from_db()
    assert update.verified_at is None


def test_public_page_says_which_updates_are_verified(client, place, network_editor):
    pledge = make_pledge(place)
    reported = make_update(pledge, summary="Twelve people arrived.")
    checked = make_update(pledge, summary="Twenty people arrived.")
    services.verify_update(update=checked, by=network_editor, remark="Seen.")

    html = client.get(pledge.get_absolute_url()).text

    reported_part = html.split(f'id="update-{reported.pk}"')[1].split("</li>")[0]
    checked_part = html.split(f'id="update-{checked.pk}"')[1].split("</li>")[0]
    assert "Reported by the city" in reported_part
    assert "verified by the editors on" not in reported_part
    assert "verified by the editors on" in checked_part
    # Who verified it stays internal.
    assert network_editor.username not in html


def test_unpublished_records_stay_out_of_public_pages(client, place):
    pledge = make_pledge(place)
    hidden = make_update(pledge, review_state=ReviewState.DRAFT, summary="Not yet.")

    html = client.get(pledge.get_absolute_url()).text

    assert f'id="update-{hidden.pk}"' not in html
    assert PledgeUpdate.objects.public().count() == 0
    assert Pledge.objects.public().get() == pledge
