"""Every change and delete of a content record is kept with who and when, shown with
its differences, and can be reverted or restored by an editor of the record's place.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from cities.models import Place
from commitments.models import Pledge, ReviewState
from tests.builders import (
    cite,
    make_city_editor,
    make_network_editor,
    make_place,
    make_pledge,
)

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(f"admin:commitments_pledge_{view}", args=args)


def posted(form, **overrides) -> dict:
    """What a browser posts for an unchanged form, with some fields changed."""
    data = {}
    for name in form.fields:
        value = form.initial.get(name, form.fields[name].initial)
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        data[name] = value
    return data | overrides


def change_title(client, pledge, title):
    page = client.get(url("change", pledge.pk))
    data = posted(page.context["adminform"].form, title=title)
    for prefix in ("updates", "citations"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(url("change", pledge.pk), data)
    assert response.status_code == 302


@pytest.fixture
def place():
    return make_place()


@pytest.fixture
def editor(client):
    user = make_network_editor()
    client.force_login(user)
    return user


def test_a_change_is_kept_with_who_and_when(client, place, editor):
    pledge = make_pledge(place, title="Forty beds")

    change_title(client, pledge, "Thirty beds")

    latest = pledge.history.latest()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.title == "Thirty beds"
    assert latest.prev_record.title == "Forty beds"


def test_history_page_shows_the_difference(client, place, editor):
    pledge = make_pledge(place, title="Forty beds")
    change_title(client, pledge, "Thirty beds")

    response = client.get(url("history", pledge.pk))

    assert response.status_code == 200
    assert "Forty beds" in response.text
    assert "Thirty beds" in response.text
    assert editor.username in response.text


def test_an_editor_reverts_a_change(client, place, editor):
    pledge = make_pledge(place, title="Forty beds")
    first = pledge.history.earliest()
    change_title(client, pledge, "Thirty beds")

    page = client.get(url("simple_history", pledge.pk, first.pk))
    response = client.post(
        url("simple_history", pledge.pk, first.pk),
        posted(page.context["adminform"].form),
    )

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Forty beds"
    assert pledge.history.count() == 3


def delete(client, pledge):
    # Following the redirect shows (and so clears) the success message.
    client.post(url("delete", pledge.pk), {"post": "yes"}, follow=True)
    assert not Pledge.objects.filter(pk=pledge.pk).exists()


def restore(client, pk):
    deletion = Pledge.history.filter(id=pk, history_type="-").latest()
    page = client.get(url("simple_history", pk, deletion.pk))
    if page.status_code != 200:
        return page
    return client.post(
        url("simple_history", pk, deletion.pk),
        posted(page.context["adminform"].form),
    )


def test_a_delete_is_kept_and_the_record_can_be_restored(client, place, editor):
    pledge = make_pledge(place, title="Forty beds")
    cite(pledge)
    pk = pledge.pk
    delete(client, pledge)

    listing = client.get(url("recover_deleted"))
    response = restore(client, pk)

    assert "Forty beds" in listing.text
    assert Pledge.history.filter(id=pk, history_type="-").get().history_user == editor
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pk).title == "Forty beds"
    assert client.get(url("recover_deleted")).context["records"] == []


def test_changelist_links_to_the_deleted_records(client, editor):
    response = client.get(url("changelist"))

    assert url("recover_deleted") in response.text


def test_city_editor_restores_only_their_places_records(client, place):
    other_place = make_place()
    own = make_pledge(place, title="Own draft", review_state=ReviewState.DRAFT)
    other = make_pledge(other_place, title="Other draft")
    client.force_login(make_network_editor())
    delete(client, own)
    delete(client, other)
    client.force_login(make_city_editor(place))

    listing = client.get(url("recover_deleted"))
    refused = restore(client, other.pk)
    restored = restore(client, own.pk)

    assert "Own draft" in listing.text
    assert "Other draft" not in listing.text
    assert refused.status_code == 403
    assert not Pledge.objects.filter(pk=other.pk).exists()
    assert restored.status_code == 302
    assert Pledge.objects.get(pk=own.pk).review_state == ReviewState.DRAFT


def test_city_editor_sees_no_history_of_another_places_deleted_record(client, place):
    other = make_pledge(make_place(), title="Other draft")
    client.force_login(make_network_editor())
    delete(client, other)
    client.force_login(make_city_editor(place))

    response = client.get(url("history", other.pk))

    assert response.status_code == 403
    assert "Other draft" not in response.text


def test_bulk_delete_is_kept_in_the_history(client, place, editor):
    pledge = make_pledge(place)

    client.post(
        url("changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [pledge.pk], "post": "yes"},
    )

    assert Pledge.history.filter(id=pledge.pk, history_type="-").exists()


def test_places_have_a_history_too(client, editor):
    place = make_place(name="Old name")

    place.name = "New name"
    place.save()

    assert [record.name for record in Place.history.filter(id=place.pk)] == [
        "New name",
        "Old name",
    ]


def test_city_editor_cannot_revert_a_record_published_since(client, place):
    pledge = make_pledge(place, title="Draft title", review_state=ReviewState.DRAFT)
    draft_version = pledge.history.latest()
    pledge.title = "Published title"
    pledge.review_state = ReviewState.PUBLISHED
    pledge.save()
    client.force_login(make_city_editor(place))

    page = client.get(url("simple_history", pledge.pk, draft_version.pk))
    response = client.post(
        url("simple_history", pledge.pk, draft_version.pk),
        posted(page.context["adminform"].form),
    )

    assert response.status_code == 403
    pledge.refresh_from_db()
    assert (pledge.title, pledge.review_state) == (
        "Published title",
        ReviewState.PUBLISHED,
    )


def test_city_editor_cannot_revert_a_shared_source(client, place):
    source = cite(make_pledge(place, review_state=ReviewState.DRAFT)).source
    first = source.history.latest()
    source.title = "Corrected by the editors"
    source.save()
    client.force_login(make_city_editor(place))
    address = reverse(
        "admin:commitments_source_simple_history", args=[source.pk, first.pk]
    )

    page = client.get(address)
    response = client.post(address, posted(page.context["adminform"].form))

    assert response.status_code == 403
    source.refresh_from_db()
    assert source.title == "Corrected by the editors"


def test_a_change_of_partner_places_is_kept_in_the_history():
    pledge = make_pledge()
    partner = make_place(name="Synthetic partner town")

    pledge.partners.add(partner)

    latest = pledge.history.latest()
    assert [row.place_id for row in latest.partners.all()] == [partner.pk]
