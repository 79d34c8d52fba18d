"""A reader's way through the site, in a real browser, on the real demo data."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_filters_pledges_opens_a_place_and_follows_a_source(page, demo_site):
    page.goto(demo_site.url + "/pledges/")
    page.get_by_role("group", name="Country").get_by_label("Germany").check()
    page.get_by_role("group", name="Status").get_by_label(
        "blocked by a national or regional government"
    ).check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"country=DE.*status=blocked"))
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    for row in rows.all():
        expect(row).to_contain_text("Germany")
        expect(row).to_contain_text("blocked by a national or regional government")
    expect(
        page.get_by_role("link", name="Landesaufnahmeprogramm for refugees from Greek")
    ).to_be_visible()
    page.get_by_role("link", name="Berlin", exact=True).first.click()

    expect(page).to_have_url(re.compile(r"/cities/berlin/$"))
    source = page.locator('a[href="https://bverwg.de/de/pm/2022/18"]').last
    source.click()
    expect(page).to_have_title("Outside page (stub)")


def test_reader_opens_a_place_and_follows_a_source_link(page, demo_site):
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Germany", exact=True).first.click()
    page.get_by_role("link", name="Hanover", exact=True).first.click()

    expect(page).to_have_url(re.compile(r"/cities/hanover/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hanover")
    expect(page.get_by_text("28 Feb 2019").first).to_be_visible()

    source = page.locator(
        'a[href="https://e-government.hannover-stadt.de/lhhsimwebre.nsf/DS/1830-2019"]'
    ).last
    source.click()
    expect(page).to_have_title("Outside page (stub)")


def test_reader_switches_to_german_and_stays_on_the_page(page, demo_site):
    page.goto(demo_site.url + "/cities/hanover/")
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Deutsch"
    ).click()

    expect(page).to_have_url(re.compile(r"/de/cities/hanover/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_text("28. Feb 2019").first).to_be_visible()


def test_a_phone_sized_viewport_shows_the_same_content(browser, demo_site):
    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = phone.new_page()
    page.goto(demo_site.url + "/cities/hanover/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hanover")
    expect(page.get_by_text("WIR 2.0").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    phone.close()
