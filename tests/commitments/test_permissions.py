"""Who may see and change which records in the admin, from both sides.

A city editor of place A works on A's records and cannot reach B's by any route: the
list, a guessed change, delete or history address, an autocomplete, a bulk action.
Network editors see every place; anonymous visitors and staff without a role see none.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commitments.models import (
    Citation,
    Membership,
    Pledge,
    PledgeUpdate,
    Practice,
    Resolution,
    ReviewState,
    Source,
    Strategy,
)
from tests.builders import (
    cite,
    make_account,
    make_city_editor,
    make_membership,
    make_network_editor,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

DRAFT = ReviewState.DRAFT

# Session, user, the user's and the groups' permissions, the role, the places; then
# as for an administrator: countries for the filter, two counts, the page of rows,
# the date hierarchy (range, then dates).
CITY_EDITOR_PLEDGE_CHANGELIST_QUERIES = 12


def _draft_pledge(place):
    return make_pledge(place, review_state=DRAFT)


# One draft record of each content model about the given place.
RECORDS = {
    Membership: lambda place: make_membership(place, review_state=DRAFT),
    Resolution: lambda place: make_resolution(place, review_state=DRAFT),
    Strategy: lambda place: make_strategy(place, review_state=DRAFT),
    Pledge: _draft_pledge,
    PledgeUpdate: lambda place: make_update(_draft_pledge(place), review_state=DRAFT),
    Practice: lambda place: make_practice(place, review_state=DRAFT),
    Citation: lambda place: cite(_draft_pledge(place)),
    Source: lambda place: cite(_draft_pledge(place)).source,
}
# Sources are shared by every place: city editors add and view them, nothing more.
CHANGEABLE = [model for model in RECORDS if model is not Source]

each_model = pytest.mark.parametrize(
    "model", list(RECORDS), ids=[model._meta.model_name for model in RECORDS]
)
each_changeable_model = pytest.mark.parametrize(
    "model", CHANGEABLE, ids=[model._meta.model_name for model in CHANGEABLE]
)


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def listed(response):
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def place_a():
    return make_place()


@pytest.fixture
def place_b():
    return make_place()


@pytest.fixture
def city_client(client, place_a):
    client.force_login(make_city_editor(place_a))
    return client


@pytest.fixture
def network_client(client):
    client.force_login(make_network_editor())
    return client


# --- lists and addresses -------------------------------------------------------


@each_model
def test_city_editor_lists_only_their_places_records(
    city_client, place_a, place_b, model
):
    own, other = RECORDS[model](place_a), RECORDS[model](place_b)

    response = city_client.get(url(model, "changelist"))

    assert response.status_code == 200
    assert own.pk in listed(response)
    assert other.pk not in listed(response)


@each_model
def test_city_editor_opens_their_own_record(city_client, place_a, model):
    own = RECORDS[model](place_a)

    response = city_client.get(url(model, "change", own.pk))

    assert response.status_code == 200


@each_model
def test_city_editor_gets_not_found_for_another_places_record_by_guessed_id(
    city_client, place_b, model
):
    other = RECORDS[model](place_b)

    response = city_client.get(url(model, "change", other.pk))

    assert response.status_code == 404
    assert str(other) not in response.text


@each_model
def test_city_editor_cannot_delete_another_places_record(city_client, place_b, model):
    other = RECORDS[model](place_b)

    get = city_client.get(url(model, "delete", other.pk))
    post = city_client.post(url(model, "delete", other.pk), {"post": "yes"})

    assert get.status_code in (403, 404)
    assert post.status_code in (403, 404)
    assert model.objects.filter(pk=other.pk).exists()


@each_model
def test_city_editor_cannot_read_another_places_history(city_client, place_b, model):
    other = RECORDS[model](place_b)
    version = other.history.latest()

    history = city_client.get(url(model, "history", other.pk))
    revert = city_client.get(url(model, "simple_history", other.pk, version.pk))

    assert history.status_code in (403, 404)
    assert revert.status_code in (403, 404)


@each_model
def test_city_editor_reads_their_own_history(city_client, place_a, model):
    own = RECORDS[model](place_a)

    response = city_client.get(url(model, "history", own.pk))

    assert response.status_code == 200


@each_model
def test_bulk_delete_leaves_another_places_record_alone(
    city_client, place_a, place_b, model
):
    own, other = RECORDS[model](place_a), RECORDS[model](place_b)

    city_client.post(
        url(model, "changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [own.pk, other.pk],
            "post": "yes",
        },
    )

    assert model.objects.filter(pk=other.pk).exists()


@each_changeable_model
def test_city_editor_bulk_deletes_their_own_draft(city_client, place_a, model):
    own = RECORDS[model](place_a)

    city_client.post(
        url(model, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own.pk], "post": "yes"},
    )

    assert not model.objects.filter(pk=own.pk).exists()


@each_model
def test_network_editor_sees_every_place(network_client, place_a, place_b, model):
    records = [RECORDS[model](place_a), RECORDS[model](place_b)]

    response = network_client.get(url(model, "changelist"))

    assert {record.pk for record in records} <= listed(response)


@each_model
def test_anonymous_visitor_is_sent_to_log_in(client, place_a, model):
    record = RECORDS[model](place_a)

    for address in (url(model, "changelist"), url(model, "change", record.pk)):
        response = client.get(address)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


@each_model
def test_staff_without_a_role_sees_nothing(client, place_a, model):
    record = RECORDS[model](place_a)
    client.force_login(make_account())

    assert client.get(url(model, "changelist")).status_code == 403
    assert client.get(url(model, "change", record.pk)).status_code in (403, 404)


def test_city_editor_without_places_lists_nothing(client, place_a):
    _draft_pledge(place_a)
    client.force_login(make_city_editor())

    response = client.get(url(Pledge, "changelist"))

    assert listed(response) == set()


# --- picking related records ----------------------------------------------------

# (model whose form has the field, field, builder of the picked record)
AUTOCOMPLETES = [
    (Pledge, "place", lambda place: place),
    (Pledge, "partners", lambda place: place),
    (PledgeUpdate, "pledge", _draft_pledge),
    (Pledge, "resolution", RECORDS[Resolution]),
    (Pledge, "strategy", RECORDS[Strategy]),
    (Pledge, "overlaps", _draft_pledge),
    (Citation, "source", RECORDS[Source]),
    (Citation, "membership", RECORDS[Membership]),
    (Citation, "update", RECORDS[PledgeUpdate]),
    (Citation, "practice", RECORDS[Practice]),
]


@pytest.mark.parametrize(
    ("model", "field", "build"),
    AUTOCOMPLETES,
    ids=[f"{model._meta.model_name}-{field}" for model, field, _ in AUTOCOMPLETES],
)
def test_autocomplete_offers_only_the_city_editors_places(
    city_client, place_a, place_b, model, field, build
):
    own, other = build(place_a), build(place_b)

    response = city_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field,
            "term": "",
        },
    )

    assert response.status_code == 200
    offered = {int(result["id"]) for result in response.json()["results"]}
    assert own.pk in offered
    assert other.pk not in offered


def test_autocomplete_offers_every_place_to_a_network_editor(
    network_client, place_a, place_b
):
    response = network_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "commitments",
            "model_name": "pledge",
            "field_name": "place",
            "term": "",
        },
    )

    offered = {int(result["id"]) for result in response.json()["results"]}
    assert {place_a.pk, place_b.pk} <= offered


# --- creating, changing, moving, publishing ---------------------------------------


def pledge_form(place, **overrides):
    """The pledge form as a browser posts it: target, unit, period and sources."""
    data = {
        "place": place.pk,
        "title": "Reception of 40 persons a year",
        "original_title": "",
        "original_language": "",
        "category": "additional_reception",
        "summary": "",
        "target_min": "40",
        "target_max": "",
        "qualifier": "up_to",
        "unit": "persons",
        "period": "per_year",
        "period_count": "2",
        "unit_wording": "",
        "status": "announced",
        "status_wording": "",
        "announced_on": "2021-05-01",
        "announced_on_precision": "month",
        "resolution": "",
        "strategy": "",
        "overlaps": "",
        "outcome_of": "",
    }
    for prefix in ("updates", "citations"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides


def add_source(client, address="https://example.org/council/minutes"):
    response = client.post(
        url(Source, "add"),
        {
            "url": address,
            "title": "",
            "publisher": "",
            "language": "",
            "published_on": "",
            "published_on_precision": "",
        },
    )
    assert response.status_code == 302
    return Source.objects.get(url=address)


def test_city_editor_logs_a_pledge_with_target_period_and_source_in_one_post(
    city_client, place_a
):
    source = add_source(city_client)
    data = pledge_form(
        place_a,
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": source.pk,
            "citations-0-quote": "Up to 40 people a year for two years.",
        },
    )

    response = city_client.post(url(Pledge, "add"), data)

    assert response.status_code == 302
    pledge = Pledge.objects.get(title="Reception of 40 persons a year")
    assert pledge.place == place_a
    assert (pledge.target_min, pledge.period, pledge.period_count) == (
        40,
        "per_year",
        2,
    )
    assert pledge.review_state == ReviewState.DRAFT
    assert pledge.citations.get().source == source


def test_city_editor_cannot_cite_a_source_only_another_place_uses(
    city_client, place_a, place_b
):
    foreign = RECORDS[Source](place_b)
    data = pledge_form(
        place_a,
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": foreign.pk,
            "citations-0-quote": "A quote.",
        },
    )

    response = city_client.post(url(Pledge, "add"), data)

    assert response.status_code == 200
    assert not Pledge.objects.filter(title="Reception of 40 persons a year").exists()


def test_city_editor_changes_their_own_draft_pledge(city_client, place_a):
    pledge = _draft_pledge(place_a)

    response = city_client.post(
        url(Pledge, "change", pledge.pk), pledge_form(place_a, title="Renamed")
    )

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Renamed"


def test_city_editor_cannot_add_a_pledge_for_another_place(city_client, place_b):
    response = city_client.post(url(Pledge, "add"), pledge_form(place_b))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["place"]
    assert not Pledge.objects.exists()


def test_city_editor_cannot_move_a_pledge_to_another_place(
    city_client, place_a, place_b
):
    pledge = _draft_pledge(place_a)

    response = city_client.post(url(Pledge, "change", pledge.pk), pledge_form(place_b))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["place"]
    pledge.refresh_from_db()
    assert pledge.place == place_a


def test_city_editor_cannot_hang_an_update_on_another_places_pledge(
    city_client, place_b
):
    other = _draft_pledge(place_b)

    response = city_client.post(
        url(PledgeUpdate, "add"),
        {
            "pledge": other.pk,
            "happened_on": "2022-01-01",
            "happened_on_precision": "day",
            "status": "in_progress",
            "status_wording": "",
            "delivered_quantity": "5",
            "summary": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert not PledgeUpdate.objects.exists()


def test_city_editor_cannot_publish_by_action(city_client, place_a):
    pledge = _draft_pledge(place_a)

    city_client.post(
        url(Pledge, "changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [pledge.pk]},
    )

    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.DRAFT


def test_city_editor_is_not_offered_the_editors_actions(city_client):
    response = city_client.get(url(Pledge, "changelist"))

    offered = {
        name
        for name, _label in response.context["action_form"].fields["action"].choices
    }
    assert "submit_for_review" in offered
    assert not {"publish", "return_to_city"} & offered


def test_city_editor_cannot_publish_through_the_form(city_client, place_a):
    pledge = _draft_pledge(place_a)

    city_client.post(
        url(Pledge, "change", pledge.pk),
        pledge_form(place_a, review_state="published", reviewed_at="2024-01-01"),
    )

    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.DRAFT
    assert pledge.reviewed_at is None


def test_city_editor_cannot_change_a_published_pledge(city_client, place_a):
    pledge = make_pledge(place_a, title="As published")

    response = city_client.post(
        url(Pledge, "change", pledge.pk), pledge_form(place_a, title="Rewritten")
    )

    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.title == "As published"


def test_network_editor_can_publish(network_client, place_a):
    pledge = _draft_pledge(place_a)

    network_client.post(
        url(Pledge, "changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [pledge.pk]},
    )

    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.PUBLISHED


def test_add_update_link_on_a_pledge_preselects_it(city_client, place_a):
    pledge = _draft_pledge(place_a)

    change = city_client.get(url(Pledge, "change", pledge.pk))
    add = city_client.get(url(PledgeUpdate, "add"), {"pledge": pledge.pk})

    assert f"{url(PledgeUpdate, 'add')}?pledge={pledge.pk}" in change.text
    assert add.context["adminform"].form.initial["pledge"] == str(pledge.pk)
    assert f'<option value="{pledge.pk}" selected>' in add.text


def test_add_update_form_does_not_show_another_places_pledge(city_client, place_b):
    other = _draft_pledge(place_b)

    response = city_client.get(url(PledgeUpdate, "add"), {"pledge": other.pk})

    assert response.status_code == 200
    assert other.title not in response.text


# --- rights over rights ---------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:accounts_placeassignment_changelist",
        "admin:accounts_placeassignment_add",
    ],
)
def test_city_editor_cannot_grant_themselves_rights(city_client, address):
    assert city_client.get(reverse(address)).status_code == 403


@pytest.mark.parametrize("rows", [10, 100])
def test_city_editor_changelist_query_count_is_fixed(
    city_client, place_a, place_b, rows, django_assert_num_queries
):
    for _ in range(rows):
        _draft_pledge(place_a)
        _draft_pledge(place_b)

    with django_assert_num_queries(CITY_EDITOR_PLEDGE_CHANGELIST_QUERIES):
        response = city_client.get(url(Pledge, "changelist"))

    assert len(listed(response)) == min(rows, 100)


def test_saving_a_record_pointed_at_another_place_is_refused_past_the_form(
    rf, place_a, place_b
):
    """The form offers only their places; the save refuses even without the form."""
    pledge = _draft_pledge(place_a)
    request = rf.post("/")
    request.user = make_city_editor(place_a)
    pledge.place = place_b

    with pytest.raises(PermissionDenied):
        admin.site._registry[Pledge].save_model(request, pledge, None, change=True)

    pledge.refresh_from_db()
    assert pledge.place == place_a
