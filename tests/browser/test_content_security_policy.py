"""The Content Security Policy in a real browser: no page type breaks it, and the
maps, charts and API documentation still work under it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import csp_violations
from tests.browser.public_pages import public_page_paths
from tests.builders import make_account, make_update

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-synthetic-test-passphrase"


def test_every_public_page_type_keeps_the_policy(page, demo_site):
    # The page fixture fails the test on any violation the console reports.
    for path in [*public_page_paths().values(), "/api/v1/pledges/?country=DE"]:
        response = page.goto(demo_site.url + path)
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy

    # The maps and charts still work.
    page.goto(demo_site.url + public_page_paths()["country"])
    expect(page.locator(".leaflet-container")).to_be_visible()
    assert page.locator("path.leaflet-interactive").count() > 10
    page.goto(demo_site.url + public_page_paths()["home"])
    expect(page.locator("figure svg").first).to_be_visible()


def test_the_api_documentation_renders_under_the_policy(page, live_server):
    page.goto(live_server.url + "/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Solidarity Cities Tracker API"
    )
    expect(page.locator(".opblock").first).to_be_visible()


def test_the_admin_pages_of_other_packages_keep_the_policy(page, live_server):
    make_account(username="admin", password=PASSWORD, is_superuser=True)
    pledge = make_update().pledge.pk
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    for path in [
        "/admin/",
        "/admin/commitments/pledge/",
        "/admin/commitments/pledge/export/",
        "/admin/commitments/pledge/import/",
        f"/admin/commitments/pledge/{pledge}/change/",
        f"/admin/commitments/pledge/{pledge}/history/",
        "/admin/django_tasks_database/dbtaskresult/",
    ]:
        assert page.goto(live_server.url + path).status == 200, path
    # The export page's "Select all" box runs its inline handler, allowed by its hash.
    page.goto(live_server.url + "/admin/commitments/pledge/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:visible")
    assert fields.count() > 3
    page.locator("input.select-toggle").uncheck()
    expect(fields.and_(page.locator(":checked"))).to_have_count(0)


def test_a_violation_would_be_seen(browser, live_server):
    """The watch on the console catches what the policy refuses: an inline script on
    a page served with the site's policy."""
    page = browser.new_page()
    violations = csp_violations(page)
    policy = page.goto(live_server.url + "/").headers["content-security-policy"]
    page.route(
        live_server.url + "/inline-script",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": policy},
            body="<!doctype html><title>t</title><script>document.title='ran'</script>",
        ),
    )

    page.goto(live_server.url + "/inline-script")

    assert page.title() == "t"
    assert len(violations) == 1
