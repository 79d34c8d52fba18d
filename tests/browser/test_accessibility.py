"""axe-core finds no accessibility violations on any public page type."""

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.public_pages import public_page_paths

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_no_public_page_type_has_accessibility_violations(page, demo_site):
    found = {}
    for page_type, path in public_page_paths().items():
        page.goto(demo_site.url + path)
        violations = axe_violations(page)
        if violations:
            found[page_type] = violations

    assert found == {}
