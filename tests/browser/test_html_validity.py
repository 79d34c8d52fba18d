"""The W3C Nu HTML Checker (vnu) reports no errors on any public page type."""

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser.conftest import NODE_MODULES
from tests.browser.public_pages import public_page_paths

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_no_public_page_type_has_html_errors(demo, tmp_path: Path):
    client = Client()
    files = {}
    for page_type, path in public_page_paths().items():
        response = client.get(path)
        assert response.status_code == 200, page_type
        file = tmp_path / f"{page_type.replace(' ', '-')}.html"
        file.write_bytes(response.content)
        files[str(file)] = page_type

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
