"""The editor roles: groups with their permissions, place assignments administered by
superusers only, and who counts as seeing every place.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import (
    CITY_EDITORS,
    NETWORK_EDITORS,
    PlaceAssignment,
    assigned_place_ids,
    city_editor_emails,
    is_network_editor,
    network_editor_emails,
)
from tests.builders import (
    make_account,
    make_city_editor,
    make_network_editor,
    make_place,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = (
    "membership",
    "resolution",
    "strategy",
    "pledge",
    "pledgeupdate",
    "practice",
    "citation",
)


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_network_editors_may_change_and_delete_every_content_model():
    granted = codenames(NETWORK_EDITORS)

    for model in (*CONTENT_MODELS, "place", "network", "source"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in granted


def test_city_editors_write_facts_but_only_view_places_and_networks():
    granted = codenames(CITY_EDITORS)

    for model in CONTENT_MODELS:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= granted
    assert {"view_place", "view_network", "add_source", "view_source"} <= granted
    assert not {"change_place", "add_place", "change_network", "change_source"} & (
        granted
    )


def test_neither_role_may_touch_users_groups_or_assignments():
    for group_name in (NETWORK_EDITORS, CITY_EDITORS):
        granted = codenames(group_name)
        assert not {
            code
            for code in granted
            if code.endswith(("_user", "_group", "_permission", "_placeassignment"))
        }


def test_roles_are_told_apart():
    place = make_place()
    city = make_city_editor(place)
    network = make_network_editor()
    admin = make_account(is_superuser=True)
    inactive = make_network_editor(is_active=False)

    assert not is_network_editor(city)
    assert is_network_editor(network)
    assert is_network_editor(admin)
    assert not is_network_editor(inactive)
    assert assigned_place_ids(city) == {place.pk}
    assert assigned_place_ids(network) == set()


def test_mail_goes_to_the_right_editors():
    place, other = make_place(), make_place()
    make_city_editor(place, email="here@example.org")
    make_city_editor(other, email="there@example.org")
    make_city_editor(place, email="gone@example.org", is_active=False)
    make_network_editor(email="desk@example.org")

    assert city_editor_emails(place) == ["here@example.org"]
    assert network_editor_emails() == ["desk@example.org"]


def test_one_place_is_assigned_once_per_editor():
    place = make_place()
    editor = make_city_editor(place)

    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceAssignment.objects.create(user=editor, place=place)


ASSIGNMENTS = reverse("admin:accounts_placeassignment_changelist")
ADD_ASSIGNMENT = reverse("admin:accounts_placeassignment_add")


def test_superuser_assigns_a_place_in_the_admin(client):
    place = make_place()
    editor = make_account(group=CITY_EDITORS)
    client.force_login(make_account(is_superuser=True))

    response = client.post(ADD_ASSIGNMENT, {"user": editor.pk, "place": place.pk})

    assert response.status_code == 302
    assert assigned_place_ids(editor) == {place.pk}
    assert client.get(ASSIGNMENTS).status_code == 200


@pytest.mark.parametrize("role", ["network", "city"])
def test_editors_cannot_assign_places(client, role):
    place = make_place()
    user = make_network_editor() if role == "network" else make_city_editor()
    client.force_login(user)

    listing = client.get(ASSIGNMENTS)
    response = client.post(ADD_ASSIGNMENT, {"user": user.pk, "place": place.pk})

    assert listing.status_code == 403
    assert response.status_code == 403
    assert not PlaceAssignment.objects.filter(user=user).exists()


def test_city_editor_sees_only_their_places_in_the_place_admin(client):
    own, other = make_place(), make_place()
    client.force_login(make_city_editor(own))

    listing = client.get(reverse("admin:cities_place_changelist"))
    guessed = client.get(reverse("admin:cities_place_change", args=[other.pk]))

    assert {place.pk for place in listing.context["cl"].result_list} == {own.pk}
    assert guessed.status_code == 404


def test_city_editor_cannot_change_their_place(client):
    place = make_place(name="Kept name")
    client.force_login(make_city_editor(place))

    response = client.post(
        reverse("admin:cities_place_change", args=[place.pk]),
        {"name": "New name", "slug": place.slug, "kind": place.kind, "country": "DE"},
    )

    assert response.status_code == 403
    place.refresh_from_db()
    assert place.name == "Kept name"


def test_city_editors_admin_index_offers_their_work_and_no_rights(client):
    client.force_login(make_city_editor(make_place()))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    offered = {
        model["object_name"]
        for app in response.context["app_list"]
        for model in app["models"]
    }
    assert {"Pledge", "PledgeUpdate", "Source", "Place"} <= offered
    assert not {"User", "Group", "PlaceAssignment"} & offered


@pytest.mark.django_db(transaction=True)
def test_editor_groups_come_back_after_a_database_flush():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Network editors",
        "City editors",
    }
    assert (
        Group.objects.get(name="City editors")
        .permissions.filter(codename="change_pledge")
        .exists()
    )
