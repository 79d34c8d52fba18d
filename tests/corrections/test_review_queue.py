import pytest
from django.urls import reverse

from accounts.models import CITY_EDITORS, NETWORK_EDITORS
from commitments.models import ReviewState
from corrections.models import Correction, CorrectionState, RecordKind
from tests.builders import make_account, make_network, make_place, make_pledge

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:corrections_correction_changelist")

# Session, user, the role check, two counts (filtered and full), the user's own and
# group permissions (for the other models in the navigation), the page of rows with
# who handled them, and the date hierarchy (range, then days).
QUEUE_QUERIES = 10


def make_correction(record=None, **overrides) -> Correction:
    record = record or make_pledge()
    fields = {
        "record_kind": RecordKind.PLEDGE,
        "record_id": record.pk,
        "record_title": str(record),
        "place": getattr(record, "place", None),
        "message": "The target is 200, not 100.",
    }
    fields.update(overrides)
    return Correction.objects.create(**fields)


def test_a_network_editor_sees_the_queue_with_links_to_the_records(client):
    pledge = make_pledge(title="Take in 100 people")
    make_correction(pledge)
    client.force_login(make_account(group=NETWORK_EDITORS))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Take in 100 people" in content
    assert reverse("admin:commitments_pledge_change", args=[pledge.pk]) in content


def test_the_queue_filters_by_state_and_searches_messages(client):
    make_correction(message="The target is wrong", state=CorrectionState.NEW)
    make_correction(message="A spelling mistake", state=CorrectionState.REJECTED)
    client.force_login(make_account(group=NETWORK_EDITORS))
    new = client.get(CHANGELIST, {"state__exact": "new"}).context["cl"].result_list
    assert [c.message for c in new] == ["The target is wrong"]
    found = client.get(CHANGELIST, {"q": "spelling"}).context["cl"].result_list
    assert [c.message for c in found] == ["A spelling mistake"]


def test_a_network_editor_accepts_a_suggestion_and_is_recorded_as_handling_it(client):
    correction = make_correction()
    editor = make_account(group=NETWORK_EDITORS)
    client.force_login(editor)
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert correction.record_admin_url() in page.content.decode()
    response = client.post(
        url, {"state": CorrectionState.ACCEPTED, "editor_note": "Fixed the target."}
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.state == CorrectionState.ACCEPTED
    assert correction.handled_by == editor
    assert correction.handled_at is not None


def test_the_change_page_links_the_public_page_while_the_record_is_public(client):
    pledge = make_pledge()
    correction = make_correction(pledge)
    client.force_login(make_account(group=NETWORK_EDITORS))
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    assert pledge.get_absolute_url() in client.get(url).content.decode()
    pledge.review_state = ReviewState.RETURNED
    pledge.save()
    content = client.get(url).content.decode()
    assert pledge.get_absolute_url() not in content
    assert "no longer public" in content


def test_nobody_adds_a_suggestion_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:corrections_correction_add"))
    assert response.status_code == 403


def test_a_network_editor_cannot_delete_a_suggestion_but_an_administrator_can(
    client, admin_client
):
    correction = make_correction()
    url = reverse("admin:corrections_correction_delete", args=[correction.pk])
    client.force_login(make_account(group=NETWORK_EDITORS))
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Correction.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    make_correction()
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_a_user_who_is_not_staff_is_sent_to_the_login(client):
    make_correction()
    client.force_login(make_account(group=NETWORK_EDITORS, is_staff=False))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_staff_without_a_role_or_place_cannot_open_the_queue(client):
    correction = make_correction()
    client.force_login(make_account())
    assert client.get(CHANGELIST).status_code == 403
    change = reverse("admin:corrections_correction_change", args=[correction.pk])
    assert client.get(change).status_code == 403
    index = client.get(reverse("admin:index"))
    assert CHANGELIST not in index.content.decode()


def test_a_city_editor_reads_only_the_suggestions_about_their_places(client):
    hanover, leipzig = make_place(name="Hanover"), make_place(name="Leipzig")
    own = make_correction(make_pledge(place=hanover), message="About Hanover")
    make_correction(make_pledge(place=leipzig), message="About Leipzig")
    network = make_network()
    make_correction(
        network,
        record_kind=RecordKind.NETWORK,
        place=None,
        message="About a network",
    )
    client.force_login(make_account(group=CITY_EDITORS, places=[hanover]))
    rows = client.get(CHANGELIST).context["cl"].result_list
    assert [row.message for row in rows] == ["About Hanover"]
    change = reverse("admin:corrections_correction_change", args=[own.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_a_city_editor_cannot_open_or_mark_another_places_suggestion(client):
    hanover, leipzig = make_place(name="Hanover"), make_place(name="Leipzig")
    own = make_correction(make_pledge(place=hanover))
    other = make_correction(make_pledge(place=leipzig))
    client.force_login(make_account(group=CITY_EDITORS, places=[hanover]))
    other_url = reverse("admin:corrections_correction_change", args=[other.pk])
    assert client.get(other_url).status_code == 302  # "does not exist": to the index
    for correction in (own, other):
        url = reverse("admin:corrections_correction_change", args=[correction.pk])
        client.post(url, {"state": CorrectionState.REJECTED})
        correction.refresh_from_db()
        assert correction.state == CorrectionState.NEW
    delete = reverse("admin:corrections_correction_delete", args=[own.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Correction.objects.count() == 2


@pytest.mark.parametrize("rows", [10, 100])
def test_the_queue_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    pledge = make_pledge()
    for _ in range(rows):
        make_correction(pledge)
    client.force_login(make_account(group=NETWORK_EDITORS))
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(CHANGELIST).status_code == 200
