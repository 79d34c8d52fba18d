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
    """A page whose requests to other hosts get a stub instead of the network."""

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
    return page


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; the violations, each with its rule id and nodes."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
