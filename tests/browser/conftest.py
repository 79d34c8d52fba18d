"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium. Requests to
any host but the live server are answered by a stub, so no test reaches the outside.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run in such a thread unless told the test knows what it does.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the real demo dataset loaded."""
    call_command("load_demo", stdout=StringIO())
    return live_server


@pytest.fixture
def page(page, live_server):
    """A page whose requests to other hosts get a stub instead of the network, and
    which fails its test if the browser reports a Content Security Policy violation."""

    def answer(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.fulfill(
                status=200,
                content_type="text/html",
                body="<!doctype html><title>Outside page (stub)</title><p>stub",
            )

    page.route("**/*", answer)
    violations = csp_violations(page)
    yield page
    assert violations == [], "The browser reported CSP violations"


def csp_violations(page, found: list[str] | None = None) -> list[str]:
    """The Content Security Policy violations the browser reports in its console
    from now on, each with the address of the page; a list that grows (`found`, to
    watch several pages in one list)."""
    found = [] if found is None else found

    def keep(message):
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", keep)
    return found


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; the violations, each with its rule id and nodes."""
    # Evaluated by the browser's debugger, which the page's CSP does not restrain; a
    # script tag would be refused, like any inline script.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
