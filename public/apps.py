from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The reader's pages: overview, explorer lists, profiles, records. No models."""

    name = "public"
    verbose_name = _("Public site")
