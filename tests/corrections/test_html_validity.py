"""The W3C Nu HTML Checker (vnu) finds no errors on the pages readers and invited
editors see: the correction form, its answers, and the account pages."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from corrections.views import RATE_LIMIT
from tests.browser.conftest import NODE_MODULES
from tests.builders import make_account, make_place, make_pledge

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
STRONG = "harbour-lantern-meadow-42"


def _pages(admin_client) -> dict[str, bytes]:
    client = Client()
    pledge = make_pledge()
    form_url = f"{reverse('corrections:correction-create')}?record=pledge:{pledge.pk}"
    pages = {
        "correction form": client.get(form_url),
        "correction form, German": client.get(f"/de{form_url}"),
        "correction form with errors": client.post(
            form_url, {"message": "", "source_url": "nonsense", "email": "x"}
        ),
        "thanks": client.get(reverse("corrections:thanks")),
    }
    for _ in range(RATE_LIMIT):
        client.post(form_url, {"message": "Wrong."})
    pages["rate limited"] = client.post(form_url, {"message": "Wrong."})
    cache.clear()

    admin_client.post(
        reverse("invite_city_editor"),
        {
            "email": "new@example.org",
            "first_name": "A",
            "last_name": "B",
            "places": [make_place().pk],
        },
    )
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    pages["invitation"] = client.get(link)
    pages["invitation with errors"] = client.post(
        link, {"new_password1": "short", "new_password2": "other"}
    )
    client.post(link, {"new_password1": STRONG, "new_password2": STRONG})
    pages["invitation done"] = client.get(reverse("invitation_done"))
    pages["invitation used"] = client.get(link)

    make_account(username="locked", email="locked@example.org", password=STRONG)
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": "locked", "password": "wrong"}
        )
    pages["lockout"] = response

    reset = reverse("admin_password_reset")
    pages["reset form"] = client.get(reset)
    client.post(reset, {"email": "locked@example.org"})
    pages["reset sent"] = client.get(reverse("password_reset_done"))
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    pages["reset confirm"] = client.get(link, follow=True)
    pages["reset broken link"] = client.get(
        reverse("password_reset_confirm", args=["MQ", "bad-token"])
    )
    pages["reset complete"] = client.get(reverse("password_reset_complete"))
    return {name: response.content for name, response in pages.items()}


def test_the_correction_and_account_pages_have_no_html_errors(
    admin_client, tmp_path: Path
):
    files = {}
    for name, content in _pages(admin_client).items():
        file = tmp_path / f"{name.replace(' ', '-').replace(',', '')}.html"
        file.write_bytes(content)
        files[str(file)] = name

    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]

    assert errors == []
