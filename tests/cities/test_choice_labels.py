"""Choice labels shown in the reader's language, looked up one at a time."""

import pytest
from django.utils import translation

from commitments.models import PledgeStatus
from tests.builders import make_pledge

pytestmark = pytest.mark.django_db


def test_a_label_follows_the_active_language():
    pledge = make_pledge(status=PledgeStatus.BLOCKED)

    with translation.override("en"):
        english = pledge.get_status_display()
    with translation.override("de"):
        german = pledge.get_status_display()

    assert english == "blocked by a national or regional government"
    assert german == "von Bund oder Land blockiert"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    pledge = make_pledge()
    pledge.status = "something_new"

    assert pledge.get_status_display() == "something_new"


def test_every_label_is_not_translated_to_show_one(monkeypatch):
    pledge = make_pledge(status=PledgeStatus.FULFILLED)
    translated = []
    real_gettext = translation._trans.gettext
    monkeypatch.setattr(
        translation._trans,
        "gettext",
        lambda message: translated.append(message) or real_gettext(message),
    )

    with translation.override("en"):
        assert pledge.get_status_display() == "fulfilled"

    assert translated == ["fulfilled"]
