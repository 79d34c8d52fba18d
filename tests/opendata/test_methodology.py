import pytest
from django.urls import reverse
from django.utils.html import escape

from opendata.dictionary import CHOICE_LISTS, DICTIONARY_MODELS
from opendata.releases import create_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    response = client.get(reverse("opendata:methodology"))
    assert response.status_code == 200
    return response.content.decode()


def model_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if not (field.auto_created and not field.concrete)
    ]


def test_every_model_field_with_help_text_is_in_the_data_dictionary(page):
    described = 0
    for _table, model in DICTIONARY_MODELS:
        for field in model_fields(model):
            assert f"<code>{field.name}</code>" in page, (model, field.name)
            if getattr(field, "help_text", ""):
                assert escape(str(field.help_text)) in page, (model, field.name)
                described += 1
    assert described > 30


def test_every_status_category_and_kind_is_explained(page):
    for _title, _column, choices in CHOICE_LISTS:
        for value, label in choices.choices:
            assert escape(str(label)) in page, (choices, value)
    assert "blocked by a national or regional government" in page
    assert "official statement (no decision)" in page


def test_methodology_explains_review_corrections_and_licence(page):
    assert "editor" in page and "submit it for review" in page
    assert 'id="corrections"' in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page


def test_methodology_gives_a_citation_and_bibtex_for_the_dataset(page):
    assert "[data set]" in page
    assert "@misc{solidaritycities" in page
    assert "No release has been published yet." in page


def test_methodology_cites_the_current_release(client, settings, tmp_path):
    settings.RELEASES_DIR = tmp_path
    release = create_release()

    page = client.get(reverse("opendata:methodology")).content.decode()

    assert f"release {release.version}" in page
    assert f"version = {{{release.version}}}" in page


def test_methodology_page_in_german_still_lists_every_field(client):
    response = client.get("/de/methodology/")

    assert response.status_code == 200
    assert "<code>announced_on</code>" in response.content.decode()
