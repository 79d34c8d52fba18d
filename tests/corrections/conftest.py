import pytest
from django.core.cache import cache

# The real-browser set-up (system Chromium, no outside requests) for the slow tests.
from tests.browser.conftest import browser_type_launch_args, page  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The rate limit counts in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()
