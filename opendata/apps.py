from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """What researchers take away: exports, API, releases, feeds. No models."""

    name = "opendata"
    verbose_name = _("Open data")
