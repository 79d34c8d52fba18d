import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import CITY_EDITORS, NETWORK_EDITORS, PlaceAssignment
from tests.builders import make_account, make_place

pytestmark = pytest.mark.django_db

INVITE = reverse("invite_city_editor")
STRONG = "harbour-lantern-meadow-42"


def invite(client, **overrides):
    places = overrides.pop("places", None) or [make_place(name="Hanover")]
    data = {
        "email": "Staff@Example.org",
        "first_name": "Alex",
        "last_name": "Example",
        "places": [place.pk for place in places],
    }
    data.update(overrides)
    return client.post(INVITE, data)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}
    )


def test_an_administrator_invites_a_city_editor_for_chosen_places(admin_client):
    hanover, leipzig = make_place(name="Hanover"), make_place(name="Leipzig")
    response = invite(admin_client, places=[hanover, leipzig])
    user = get_user_model().objects.get(email="staff@example.org")
    assert response.status_code == 302
    assert response.url == reverse("admin:auth_user_change", args=[user.pk])
    assert user.username == "staff@example.org"
    assert user.is_staff
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert [group.name for group in user.groups.all()] == [CITY_EDITORS]
    assigned = PlaceAssignment.objects.filter(user=user).values_list("place__name")
    assert sorted(name for (name,) in assigned) == ["Hanover", "Leipzig"]


def test_the_invitation_email_carries_a_link_that_sets_the_password(admin_client):
    invite(admin_client, places=[make_place(name="Hanover")])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert "Hanover" in message.body
    link = link_in(message)
    assert link.startswith("/accounts/invitation/")

    admin_client.logout()
    page = admin_client.get(link)
    assert page.status_code == 200
    assert "staff@example.org" in page.content.decode()
    response = admin_client.post(
        link, {"new_password1": STRONG, "new_password2": STRONG}
    )
    assert response.status_code == 302
    assert response.url == reverse("invitation_done")
    assert (
        get_user_model().objects.get(email="staff@example.org").check_password(STRONG)
    )


def test_after_choosing_a_password_the_invited_editor_can_log_in(client, admin_client):
    invite(admin_client)
    link = link_in(mail.outbox[0])
    client.post(link, {"new_password1": STRONG, "new_password2": STRONG})
    response = log_in(client, "staff@example.org", STRONG)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_used_invitation_link_is_refused(client, admin_client):
    invite(admin_client)
    link = link_in(mail.outbox[0])
    client.post(link, {"new_password1": STRONG, "new_password2": STRONG})
    again = client.get(link)
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()
    other = "another-quiet-harbour-77"
    posted = client.post(link, {"new_password1": other, "new_password2": other})
    assert posted.status_code == 400
    user = get_user_model().objects.get(email="staff@example.org")
    assert user.check_password(STRONG)


@pytest.mark.parametrize(
    "tail",
    ["MQ/not-a-token/", "!!!/abc-def/", "OTk5OTk5/abc-def/", "Zm9v/abc-def/"],
    ids=["wrong-token", "broken-uid", "unknown-user", "uid-not-a-number"],
)
def test_a_broken_invitation_link_is_refused(client, tail):
    make_account()
    response = client.get(f"/accounts/invitation/{tail}")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_weak_password_is_refused_and_the_link_still_works(client, admin_client):
    invite(admin_client)
    link = link_in(mail.outbox[0])
    for weak in ("short1", "password1234", "123456789012", "staff@example.org"):
        response = client.post(link, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]
    user = get_user_model().objects.get(email="staff@example.org")
    assert not user.has_usable_password()
    assert client.get(link).status_code == 200


def test_an_email_already_in_use_is_a_form_error(admin_client):
    make_account(email="staff@example.org")
    response = invite(admin_client, email="STAFF@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_an_invitation_needs_a_place(admin_client):
    response = admin_client.post(
        INVITE, {"email": "x@example.org", "first_name": "A", "last_name": "B"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["places"]
    assert not get_user_model().objects.filter(email="x@example.org").exists()


@pytest.mark.parametrize("group", [NETWORK_EDITORS, CITY_EDITORS])
def test_only_administrators_may_invite(client, group):
    client.force_login(make_account(group=group, places=[make_place()]))
    assert client.get(INVITE).status_code == 403
    assert invite(client).status_code == 403
    assert mail.outbox == []


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(INVITE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
