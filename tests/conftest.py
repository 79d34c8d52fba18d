import pytest

from tests.redis_server import redis_url  # noqa: F401 - a fixture for every test


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _static_files_without_collecting(settings):
    """Tests run with debug off, like production, but without `collectstatic`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _no_outside_map_tiles(settings):
    """Tests never reach an outside tile server: maps show markers only."""
    settings.MAP_TILES_URL = ""


@pytest.fixture(autouse=True)
def _no_releases_but_the_tests_own(settings, tmp_path):
    """Tests never see the releases `make run` wrote into the project's folder."""
    settings.RELEASES_DIR = tmp_path / "releases-of-this-test"
