"""The editors' journey in a real browser: a city editor logs a pledge with its source
and a progress update and submits both; a network editor verifies and publishes; the
public page then shows the update as verified. All data here is synthetic."""

import re

import pytest
from playwright.sync_api import expect

from commitments.models import Pledge, PledgeUpdate, ReviewState
from tests.browser.conftest import csp_violations
from tests.builders import (
    cite,
    make_city_editor,
    make_network_editor,
    make_place,
    make_resolution,
    make_source,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-synthetic-test-passphrase"


def log_in(page, server, username):
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(
            page.get_by_role("button", name="Log out")
        )
    ).to_be_visible()


def pick(page, field_id, text):
    """Choose in one of the admin's autocomplete (select2) boxes."""
    page.locator(f"#{field_id} + span.select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def run_action(page, server, changelist, title, action):
    page.goto(server.url + changelist)
    page.get_by_role("row", name=re.compile(re.escape(title))).get_by_role(
        "checkbox"
    ).check()
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def test_pledge_goes_from_city_editor_to_verified_publication(
    browser, live_server, mailoutbox
):
    place = make_place(name="Synthetic Harbour", slug="synthetic-harbour")
    source = make_source(url="https://example.org/synthetic-council-minutes")
    cite(make_resolution(place=place), source=source)
    make_city_editor(place, username="city", password=PASSWORD)
    network_editor = make_network_editor(username="network", password=PASSWORD)

    city = browser.new_context().new_page()
    violations = csp_violations(city)
    log_in(city, live_server, "city")
    city.goto(live_server.url + "/admin/commitments/pledge/add/")
    city.locator("#id_title").fill("Synthetic reception of 40 people")
    pick(city, "id_place", "Synthetic Harbour")
    city.locator("#id_category").select_option("additional_reception")
    city.locator("#id_target_min").fill("40")
    city.locator("#id_unit").select_option("persons")
    city.locator("#id_period").select_option("per_year")
    pick(city, "id_citations-0-source", "synthetic-council-minutes")
    city.locator("#id_citations-0-quote").fill("The council agreed to take 40.")
    city.get_by_role("button", name="Save and continue editing").click()
    expect(city.locator(".messagelist")).to_contain_text("was added successfully")

    city.get_by_role("link", name="Add progress update").click()
    city.locator("#id_status").select_option("partially_fulfilled")
    city.locator("#id_delivered_quantity").fill("25")
    city.locator("#id_happened_on").fill("2024-05-01")
    city.locator("#id_happened_on_precision").select_option("month")
    city.get_by_role("button", name="Save", exact=True).click()
    expect(city.locator(".messagelist")).to_contain_text("was added successfully")

    pledge = Pledge.objects.get(title="Synthetic reception of 40 people")
    assert pledge.review_state == ReviewState.DRAFT
    assert pledge.citations.get().source == source
    run_action(
        city,
        live_server,
        "/admin/commitments/pledge/",
        pledge.title,
        "Submit for review",
    )
    run_action(
        city,
        live_server,
        "/admin/commitments/pledgeupdate/",
        pledge.title,
        "Submit for review",
    )
    assert Pledge.objects.get(pk=pledge.pk).review_state == ReviewState.SUBMITTED
    assert any(network_editor.email in mail.to for mail in mailoutbox)

    # Not public until an editor publishes it.
    reader = browser.new_context().new_page()
    csp_violations(reader, violations)
    assert reader.goto(live_server.url + pledge.get_absolute_url()).status == 404

    editor = browser.new_context().new_page()
    csp_violations(editor, violations)
    log_in(editor, live_server, "network")
    run_action(
        editor, live_server, "/admin/commitments/pledge/", pledge.title, "Publish"
    )
    run_action(
        editor, live_server, "/admin/commitments/pledgeupdate/", pledge.title, "Publish"
    )
    run_action(
        editor,
        live_server,
        "/admin/commitments/pledgeupdate/",
        pledge.title,
        "Verify progress update",
    )
    editor.get_by_label(re.compile("remark", re.IGNORECASE)).fill(
        "Checked against the minutes."
    )
    editor.get_by_role("button", name=re.compile("Verify|Apply|Confirm")).click()

    update = PledgeUpdate.objects.get(pledge=pledge)
    assert update.review_state == ReviewState.PUBLISHED
    assert update.verified_by == network_editor

    reader.goto(live_server.url + pledge.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_contain_text(pledge.title)
    expect(reader.locator(".verification").first).to_contain_text("Verified")
    expect(reader.get_by_text("25").first).to_be_visible()
    assert violations == []
