"""The status of a pledge, shared by the pledge and by each of its progress updates
(the status an event left it in): a module of its own, below both."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeStatus(models.TextChoices):
    ANNOUNCED = "announced", _("announced or offered")
    ADOPTED = "adopted", _("adopted")
    IN_PROGRESS = "in_progress", _("in progress")
    BLOCKED = "blocked", _("blocked by a national or regional government")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("partially fulfilled")
    FULFILLED = "fulfilled", _("fulfilled")
    REPORTED = "reported", _("reported outcome")
    LAPSED = "lapsed", _("lapsed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    NOT_ASSESSED = "not_assessed", _("not yet assessed")
