import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.builders import make_account

pytestmark = pytest.mark.django_db

OLD = "old-harbour-lantern-11"
NEW = "new-meadow-river-stone-22"


def test_the_admin_login_offers_a_password_reset(client):
    response = client.get(reverse("admin:login"))
    assert reverse("admin_password_reset") in response.content.decode()
    assert reverse("admin_password_reset") == "/accounts/password-reset/"


def test_a_password_is_reset_by_email_end_to_end(client):
    make_account(username="editor", email="editor@example.org", password=OLD)
    response = client.post(
        reverse("admin_password_reset"), {"email": "editor@example.org"}
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)

    # Django moves the token into the session and redirects to a fixed address.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")

    login = reverse("admin:login")
    assert (
        client.post(login, {"username": "editor", "password": NEW}).status_code == 302
    )
    client.logout()
    refused = client.post(login, {"username": "editor", "password": OLD})
    assert refused.status_code == 200


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client):
    response = client.post(
        reverse("admin_password_reset"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_broken_reset_link_is_refused(client):
    make_account(password=OLD)
    response = client.get(
        reverse("password_reset_confirm", args=["MQ", "not-a-token"]), follow=True
    )
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_weak_new_password_is_refused(client):
    user = make_account(email="editor@example.org", password=OLD)
    client.post(reverse("admin_password_reset"), {"email": "editor@example.org"})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "abc123", "new_password2": "abc123"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(OLD)
