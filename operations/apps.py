from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What the operator runs the site with: backup and restore. No models."""

    name = "operations"
    verbose_name = _("Operations")
